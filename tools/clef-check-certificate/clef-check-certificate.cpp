//===- clef-check-certificate.cpp - The independent certificate checker ---===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
//   clefc prog.clef -o prog --emit-region-ir   # prog, prog.cert.json,
//   prog.region.mlir clef-check-certificate prog.region.mlir prog.cert.json
//   [--llvm prog.ll]
//
// Checks a certificate against the region-level IR it claims to describe:
// re-derives the region discipline from the IR (`clef-check-regions`),
// compares the IR's hash, and re-extracts every claim and compares it
// (`clef-check-certificate`, docs/Certificate.md). Trusts neither the
// compiler's inference nor the certificate. Exit status 0 when the
// certificate checks, 1 with located errors otherwise.
//
//===----------------------------------------------------------------------===//

#include "driver/Registration.h"
#include "passes/Passes.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
namespace cl = llvm::cl;

static cl::OptionCategory category("clef-check-certificate options");

static cl::opt<std::string> irFile(cl::Positional, cl::Required,
                                   cl::desc("<region-level IR (.mlir)>"),
                                   cl::cat(category));
static cl::opt<std::string> certificateFile(cl::Positional, cl::Required,
                                            cl::desc("<certificate (.json)>"),
                                            cl::cat(category));
static cl::opt<std::string>
    llvmFile("llvm",
             cl::desc("Also check the certificate's hash of this LLVM IR"),
             cl::value_desc("file.ll"), cl::cat(category));
static cl::opt<bool> quiet("q", cl::desc("Print nothing when it checks"),
                           cl::cat(category));

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "Checks a Clef region certificate against the region-level IR it "
      "describes\n\n"
      "clefc prog.clef -o prog --emit-region-ir writes the executable, its "
      "certificate prog.cert.json and the region-level IR it describes, "
      "prog.region.mlir; clefc prog.clef --emit=llvm -o prog.ll writes the "
      "LLVM IR it hashes.\n");

  DialectRegistry registry;
  clef::registerClefDialects(registry);
  MLIRContext context(registry);
  context.printOpOnDiagnostic(false);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);

  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(irFile, sourceMgr, ParserConfig(&context));
  if (!module) {
    llvm::errs() << "clef-check-certificate: cannot read region-level IR '"
                 << irFile << "'\n";
    return 1;
  }
  PassManager pm(&context);
  clef::ClefCheckCertificateOptions options;
  options.certificate = certificateFile;
  options.llvmIR = llvmFile;
  pm.addPass(clef::createClefCheckCertificate(options));
  if (failed(pm.run(*module))) {
    llvm::errs() << "clef-check-certificate: " << certificateFile
                 << " does not check against " << irFile << "\n";
    return 1;
  }
  if (!quiet)
    llvm::outs() << certificateFile << ": checks against " << irFile
                 << ": the region discipline holds on every path and every "
                    "claim matches the IR"
                 << (llvmFile.empty() ? "" : " and the LLVM IR") << "\n";
  return 0;
}

//===- clefc.cpp - The Clef compiler driver -------------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// clefc prog.clef -o prog: import, the whole pass pipeline, LLVM IR, then
// clang to optimize, assemble and link with the runtime library.
//
//===----------------------------------------------------------------------===//

#include "driver/Compiler.h"
#include "driver/Registration.h"
#include "frontend-antlr/Import.h"
#include "passes/Passes.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
namespace cl = llvm::cl;

#ifndef CLEF_CLANG_PATH
#define CLEF_CLANG_PATH "clang"
#endif

namespace {
enum class Emit { MLIR, LLVMDialect, LLVM, Asm, Obj, Exe };
} // namespace

static cl::OptionCategory clefcCategory("clefc options");

static cl::opt<std::string> inputFile(cl::Positional,
                                      cl::desc("<input .clef file>"),
                                      cl::cat(clefcCategory));
static cl::opt<std::string> outputFile("o", cl::desc("Output file"),
                                       cl::value_desc("file"),
                                       cl::cat(clefcCategory));
static cl::opt<Emit> emitKind(
    "emit", cl::desc("What to produce"), cl::init(Emit::Exe),
    cl::values(clEnumValN(Emit::MLIR, "mlir", "the clef dialect after import"),
               clEnumValN(Emit::LLVMDialect, "mlir-llvm",
                          "the LLVM dialect after the whole pipeline"),
               clEnumValN(Emit::LLVM, "llvm", "LLVM IR"),
               clEnumValN(Emit::Asm, "asm", "native assembly"),
               clEnumValN(Emit::Obj, "obj", "an object file"),
               clEnumValN(Emit::Exe, "exe", "a linked executable (default)")),
    cl::cat(clefcCategory));
static cl::opt<unsigned> optLevel("O", cl::desc("LLVM optimization level"),
                                  cl::Prefix, cl::init(2),
                                  cl::cat(clefcCategory));
static cl::opt<bool> verbose("v", cl::desc("Show each step"),
                             cl::cat(clefcCategory));
static cl::opt<bool> printPipeline("print-pipeline",
                                   cl::desc("Print the pass pipeline and exit"),
                                   cl::cat(clefcCategory));
static cl::opt<bool> checkedRuntime(
    "checked-runtime",
    cl::desc("Link the checking runtime (released regions are poisoned)"),
    cl::cat(clefcCategory));

static cl::opt<bool> explainRegions(
    "explain-regions",
    cl::desc("Say where every allocation lives, when its region is created "
             "and released, and why (remarks on stderr)"),
    cl::cat(clefcCategory));

static cl::opt<bool> noCertificate(
    "no-certificate",
    cl::desc("Do not write the certificate <output>.cert.json next to the "
             "executable"),
    cl::cat(clefcCategory));
static cl::opt<bool> verifyCertificate(
    "verify-certificate",
    cl::desc("Check the certificate, once written, against the region-level "
             "IR and the LLVM IR with the independent checker"),
    cl::cat(clefcCategory));
static cl::opt<bool> emitRegionIR(
    "emit-region-ir",
    cl::desc("Also write the region-level IR the certificate describes to "
             "<output>.region.mlir (generic form, with locations), for "
             "clef-check-certificate"),
    cl::cat(clefcCategory));
static cl::opt<bool>
    certificateSummary("certificate-summary",
                       cl::desc("Print a summary of the certificate on stdout"),
                       cl::cat(clefcCategory));

static int fail(const llvm::Twine &message) {
  llvm::errs() << "clefc: error: " << message << "\n";
  return 1;
}

static std::string defaultOutput() {
  if (!outputFile.empty())
    return outputFile;
  switch (emitKind) {
  case Emit::MLIR:
  case Emit::LLVMDialect:
  case Emit::LLVM:
    return "-";
  case Emit::Asm:
    return llvm::sys::path::stem(inputFile).str() + ".s";
  case Emit::Obj:
    return llvm::sys::path::stem(inputFile).str() + ".o";
  case Emit::Exe:
    return "a.out";
  }
  return "a.out";
}

static int runTool(llvm::ArrayRef<llvm::StringRef> args) {
  if (verbose) {
    llvm::errs() << "clefc: run:";
    for (llvm::StringRef a : args)
      llvm::errs() << " " << a;
    llvm::errs() << "\n";
  }
  std::string error;
  int rc =
      llvm::sys::ExecuteAndWait(args[0], args, std::nullopt, {}, 0, 0, &error);
  if (rc != 0)
    return fail(llvm::Twine("'") + args[0] + "' failed" +
                (error.empty() ? "" : ": " + error));
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  cl::HideUnrelatedOptions({&clefcCategory});
  cl::ParseCommandLineOptions(argc, argv, "Clef compiler\n");

  clef::registerClefAndCorePasses();
  // Every executable gets a certificate of its region-level IR.
  bool wantCertificate = emitKind == Emit::Exe && !noCertificate;
  // --verify-certificate checks whatever certificate is written, if any.
  if (!wantCertificate && certificateSummary)
    return fail("--certificate-summary needs the certificate of an "
                "executable (no --emit, no --no-certificate)");
  if (!wantCertificate && emitRegionIR)
    return fail("--emit-region-ir writes the IR of the certificate of an "
                "executable (no --emit, no --no-certificate)");
  if (printPipeline) {
    OpPassManager pm("builtin.module");
    clef::PipelineOptions pipelineOptions;
    pipelineOptions.explainRegions = explainRegions;
    if (wantCertificate)
      pipelineOptions.certificateSink =
          [](std::unique_ptr<clef::StreamedCertificate>, ModuleOp) {};
    clef::buildClefToLLVMPipeline(pm, pipelineOptions);
    pm.printAsTextualPipeline(llvm::outs());
    llvm::outs() << "\n";
    return 0;
  }
  if (inputFile.empty())
    return fail("no input file (see --help)");
  if (optLevel > 3)
    return fail("-O takes 0, 1, 2 or 3");

  // --mlir-timing reports every phase: the front end's steps, the passes,
  // translation to LLVM IR and clang (optimization, code generation, link).
  DefaultTimingManager timingManager;
  applyDefaultTimingManagerCLOptions(timingManager);
  TimingScope timing = timingManager.getRootScope();

  DialectRegistry registry;
  clef::registerClefDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // Diagnostics speak of the source; the IR is for --emit=mlir.
  context.printOpOnDiagnostic(false);

  // The certificate the pipeline hands over, and for --verify-certificate
  // the region-level IR it describes (owned here, after the context).
  std::unique_ptr<clef::StreamedCertificate> certificate;
  OwningOpRef<ModuleOp> regionIR;
  std::string regionIRError;
  auto receiveCertificate =
      [&](std::unique_ptr<clef::StreamedCertificate> received,
          ModuleOp module) {
        certificate = std::move(received);
        if (verifyCertificate)
          regionIR = module.clone();
        if (emitRegionIR)
          (void)clef::writeTextFile(
              defaultOutput() + ".region.mlir",
              [&](llvm::raw_ostream &os) {
                clef::printHashedForm(module, os);
                return success();
              },
              regionIRError);
      };

  std::string errorMessage;
  auto buffer = openInputFile(inputFile, &errorMessage);
  if (!buffer)
    return fail(errorMessage);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);

  if (verbose)
    llvm::errs() << "clefc: import " << inputFile << "\n";
  TimingScope frontEndTiming = timing.nest("Front end");
  OwningOpRef<ModuleOp> module =
      clef::importClef(sourceMgr, &context, &frontEndTiming);
  if (!module)
    return 1;
  frontEndTiming.stop();

  std::string output = defaultOutput();
  auto writeText = [&](llvm::function_ref<void(llvm::raw_ostream &)> write) {
    auto file = openOutputFile(output, &errorMessage);
    if (!file)
      return fail(errorMessage);
    write(file->os());
    file->keep();
    return 0;
  };
  if (emitKind == Emit::MLIR)
    return writeText([&](llvm::raw_ostream &os) { module->print(os); });

  if (verbose)
    llvm::errs() << "clefc: run the clef-to-llvm pipeline\n";
  TimingScope pipelineTiming = timing.nest("Pass pipeline");
  clef::PipelineOptions pipelineOptions;
  pipelineOptions.explainRegions = explainRegions;
  if (wantCertificate)
    pipelineOptions.certificateSink = receiveCertificate;
  if (failed(clef::lowerToLLVMDialect(*module, /*applyCLOptions=*/true,
                                      &pipelineTiming, pipelineOptions)))
    return 1;
  pipelineTiming.stop();
  if (!regionIRError.empty())
    return fail(regionIRError);
  if (emitKind == Emit::LLVMDialect)
    return writeText([&](llvm::raw_ostream &os) { module->print(os); });

  TimingScope translateTiming = timing.nest("Translate to LLVM IR");
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      clef::translateToLLVMIR(*module, llvmContext);
  if (!llvmModule)
    return fail("translation to LLVM IR failed");
  translateTiming.stop();
  llvmModule->setSourceFileName(inputFile);
  if (emitKind == Emit::LLVM)
    return writeText(
        [&](llvm::raw_ostream &os) { llvmModule->print(os, nullptr); });

  // Hand the IR to clang, which optimizes, generates code and links.
  TimingScope writeTiming = timing.nest("Write LLVM IR");
  llvm::SmallString<128> irPath;
  if (std::error_code ec =
          llvm::sys::fs::createTemporaryFile("clefc", "ll", irPath))
    return fail("cannot create a temporary file: " + ec.message());
  llvm::FileRemover removeIR(irPath);
  // Hashed for the certificate as it is written, never held whole.
  std::string irHash;
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(irPath, ec);
    if (ec)
      return fail("cannot write " + irPath + ": " + ec.message());
    clef::HashingStream hashed(&os);
    llvmModule->print(hashed, nullptr);
    irHash = hashed.digest();
    os.close();
    if (os.has_error()) {
      std::string message = os.error().message();
      os.clear_error();
      return fail("cannot write " + irPath + ": " + message);
    }
  }
  llvmModule.reset();
  writeTiming.stop();

  std::string clang = CLEF_CLANG_PATH;
  if (auto found = llvm::sys::findProgramByName(clang))
    clang = *found;
  std::string opt = "-O" + std::to_string(optLevel);
  llvm::SmallVector<std::string> args = {clang,
                                         opt,
                                         "-x",
                                         "ir",
                                         irPath.str().str(),
                                         "-x",
                                         "none",
                                         "-Wno-override-module"};
  if (emitKind == Emit::Asm)
    args.push_back("-S");
  else if (emitKind == Emit::Obj)
    args.push_back("-c");
  else {
    std::string runtimeDir =
        clef::getRuntimeLibraryDir(argv[0], reinterpret_cast<void *>(&fail));
    llvm::SmallString<256> runtime(runtimeDir);
    llvm::sys::path::append(runtime, checkedRuntime ? "libClefRuntimeChecked.a"
                                                    : "libClefRuntime.a");
    if (!llvm::sys::fs::exists(runtime))
      return fail("runtime library not found: " + runtime);
    args.push_back(runtime.str().str());
    args.push_back("-lm");
  }
  args.push_back("-o");
  args.push_back(output);
  llvm::SmallVector<llvm::StringRef> argRefs(args.begin(), args.end());
  TimingScope clangTiming = timing.nest("clang (optimize, codegen, link)");
  if (int rc = runTool(argRefs))
    return rc;
  clangTiming.stop();
  if (!wantCertificate)
    return 0;
  if (!certificate)
    return fail("the pipeline produced no certificate");

  TimingScope certificateTiming = timing.nest("Certificate");
  certificate->setLLVMHash(irHash);
  std::string certificatePath = output + ".cert.json";
  if (failed(certificate->write(certificatePath, errorMessage)))
    return fail(errorMessage);
  certificate.reset();
  if (verifyCertificate) {
    // Read back what was written: the checker trusts only the file and the
    // IR, which it re-checks from scratch.
    if (verbose)
      llvm::errs() << "clefc: check " << certificatePath << "\n";
    PassManager pm(&context);
    clef::ClefCheckCertificateOptions checkOptions;
    checkOptions.certificate = certificatePath;
    checkOptions.llvmIR = irPath.str().str();
    pm.addPass(clef::createClefCheckCertificate(checkOptions));
    if (failed(pm.run(*regionIR)))
      return fail("the certificate " + certificatePath +
                  " does not check against the program");
  }
  if (certificateSummary) {
    auto written = llvm::MemoryBuffer::getFile(certificatePath);
    if (!written)
      return fail("cannot read " + certificatePath);
    std::optional<llvm::json::Value> parsed =
        clef::parseCertificateJSON((*written)->getBuffer(), errorMessage);
    if (!parsed)
      return fail("cannot read " + certificatePath + ": " + errorMessage);
    llvm::outs() << clef::summarizeCertificate(*parsed, certificatePath);
    if (verifyCertificate)
      llvm::outs() << "  checked: the region discipline holds on every path "
                      "and the certificate matches the IR\n";
  }
  return 0;
}

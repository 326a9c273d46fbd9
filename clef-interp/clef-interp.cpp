//===- clef-interp.cpp - The Clef reference interpreter -------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// clef-interp prog.clef [args...]: parses and type-checks the program as
// clefc does, then evaluates it (interp/Interpreter.h). The program runs
// as the main task of the interpreter's scheduler, on a stack of
// --stack-mb, so that deep but finite recursion is limited by a clean
// error, never by a crash.
//
//===----------------------------------------------------------------------===//

#include "interp/Interpreter.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <unistd.h>

namespace cl = llvm::cl;

static cl::OptionCategory interpCategory("clef-interp options");

static cl::opt<std::string> inputFile(cl::Positional,
                                      cl::desc("<input .clef file>"),
                                      cl::cat(interpCategory));
static cl::list<std::string> programArgs(cl::ConsumeAfter,
                                         cl::desc("<program arguments>..."),
                                         cl::cat(interpCategory));
static cl::opt<unsigned> stackMB(
    "stack-mb",
    cl::desc("Native stack the evaluator may use, in MiB (default 512)"),
    cl::init(512), cl::cat(interpCategory));
static cl::opt<unsigned long long>
    maxSteps("max-steps",
             cl::desc("Stop after this many evaluation steps (0: no limit)"),
             cl::init(0), cl::cat(interpCategory));

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions({&interpCategory});
  cl::ParseCommandLineOptions(argc, argv, "Clef reference interpreter\n");
  if (inputFile.empty()) {
    llvm::errs() << "clef-interp: error: no input file (see --help)\n";
    return 1;
  }
  if (stackMB < 16 || stackMB > 4096) {
    llvm::errs() << "clef-interp: error: --stack-mb takes 16 to 4096\n";
    return 1;
  }

  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  context.printOpOnDiagnostic(false);
  std::string errorMessage;
  auto buffer = mlir::openInputFile(inputFile, &errorMessage);
  if (!buffer) {
    llvm::errs() << "clef-interp: error: " << errorMessage << "\n";
    return 1;
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);

  clef::InterpreterOptions options;
  options.fileName = inputFile;
  options.args.assign(programArgs.begin(), programArgs.end());
  options.stackSize = static_cast<size_t>(stackMB) << 20;
  options.maxSteps = maxSteps;
  int result = clef::interpretClef(sourceMgr, &context, options);
  // Values still alive are process memory: skip their destruction.
  fflush(stdout);
  fflush(stderr);
  _exit(result);
}

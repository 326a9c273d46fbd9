//===- clef-interp.cpp - The Clef reference interpreter -------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// clef-interp prog.clef [args...]: parses and type-checks the program as
// clefc does, then evaluates it (interp/Interpreter.h). The
// evaluator runs on a thread with a large stack so that deep but finite
// recursion is limited by a clean error, never by a crash.
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

#include <pthread.h>
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

namespace {
struct Job {
  llvm::SourceMgr *sourceMgr;
  mlir::MLIRContext *context;
  clef::InterpreterOptions *options;
  int result = 0;
};
} // namespace

static void *runJob(void *arg) {
  Job *job = static_cast<Job *>(arg);
  job->result =
      clef::interpretClef(*job->sourceMgr, job->context, *job->options);
  return nullptr;
}

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
  size_t stackBytes = static_cast<size_t>(stackMB) << 20;
  // Leave headroom below the limit for the frames of one evaluation step.
  options.stackLimit = stackBytes - stackBytes / 8;
  options.maxSteps = maxSteps;

  Job job{&sourceMgr, &context, &options};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, stackBytes);
  pthread_t thread;
  if (pthread_create(&thread, &attr, runJob, &job) != 0) {
    llvm::errs() << "clef-interp: error: cannot create the evaluator thread\n";
    return clef::kInterpLimit;
  }
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
  // Values still alive are process memory: skip their destruction.
  fflush(stdout);
  fflush(stderr);
  _exit(job.result);
}

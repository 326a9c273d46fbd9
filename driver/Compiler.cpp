//===- Compiler.cpp - From Clef source to a native program ----------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "driver/Compiler.h"
#include "passes/Passes.h"

#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ProgramStack.h"

using namespace mlir;

namespace clef {

LogicalResult lowerToLLVMDialect(ModuleOp module, bool applyCLOptions,
                                 TimingScope *timing,
                                 const PipelineOptions &options) {
  PassManager pm(module.getContext());
  if (applyCLOptions && failed(applyPassManagerCLOptions(pm)))
    return failure();
  if (timing)
    pm.enableTiming(*timing);
  else if (applyCLOptions)
    applyDefaultTimingPassManagerCLOptions(pm);
  buildClefToLLVMPipeline(pm, options);
  // Passes recurse through nested regions (scf.if in scf.if ...), as deep
  // as the program nests: run them on a stack of their own, as the front
  // end does, rather than the main thread's 8 MB. Pages are only touched
  // as deep as the recursion goes.
  constexpr unsigned kPipelineStackSize = 512u << 20;
  LogicalResult result = failure();
  llvm::runOnNewStack(kPipelineStackSize, [&] { result = pm.run(module); });
  return result;
}

std::unique_ptr<llvm::Module> translateToLLVMIR(ModuleOp module,
                                                llvm::LLVMContext &ctx) {
  return mlir::translateModuleToLLVMIR(module, ctx, "clef");
}

std::string getRuntimeLibraryDir(const char *argv0, void *mainAddr) {
  if (auto dir = llvm::sys::Process::GetEnv("CLEF_RUNTIME_DIR"))
    return *dir;
  std::string exe = llvm::sys::fs::getMainExecutable(argv0, mainAddr);
  llvm::SmallString<256> dir(llvm::sys::path::parent_path(exe));
  llvm::sys::path::append(dir, "..", "lib");
  llvm::sys::path::remove_dots(dir, /*remove_dot_dot=*/true);
  return std::string(dir);
}

} // namespace clef

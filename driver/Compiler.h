//===- Compiler.h - From Clef source to a native program --------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The steps clefc runs, shared with the C API: import, the pass pipeline,
// translation to LLVM IR, and the native toolchain.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DRIVER_COMPILER_H
#define CLEF_DRIVER_COMPILER_H

#include "passes/Passes.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
class raw_ostream;
} // namespace llvm

namespace clef {

/// Runs the whole Clef pipeline (`clef-to-llvm`) on `module`, configured
/// from the MLIR command-line options (timing, IR printing) when
/// `applyCLOptions` is set. With `timing`, the passes are timed in that
/// scope instead of in a report of their own.
mlir::LogicalResult lowerToLLVMDialect(mlir::ModuleOp module,
                                       bool applyCLOptions = false,
                                       mlir::TimingScope *timing = nullptr,
                                       const PipelineOptions &options = {});

/// Translates a module in the LLVM dialect to LLVM IR.
std::unique_ptr<llvm::Module> translateToLLVMIR(mlir::ModuleOp module,
                                                llvm::LLVMContext &context);

/// The directory holding the runtime archives: `<bin>/../lib` of the
/// running executable, unless CLEF_RUNTIME_DIR is set.
std::string getRuntimeLibraryDir(const char *argv0, void *mainAddr);

} // namespace clef

#endif // CLEF_DRIVER_COMPILER_H

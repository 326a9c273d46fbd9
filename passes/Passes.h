//===- Passes.h - Clef passes -----------------------------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_PASSES_PASSES_H
#define CLEF_PASSES_PASSES_H

#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

namespace mlir {
class ModuleOp;
namespace LLVM {
class LLVMDialect;
} // namespace LLVM
} // namespace mlir

namespace clef {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

/// Options of the whole-compiler pipeline.
struct PipelineOptions {
  // Room for the memory passes' options as they land.
};

/// Adds the passes that take a module in the clef dialect to the LLVM
/// dialect: the memory passes, then the lowerings.
void buildClefToLLVMPipeline(mlir::OpPassManager &pm,
                             const PipelineOptions &options = {});

/// Registers every pass and the named pipelines (`clef-to-llvm`).
void registerClefPassesAndPipelines();

} // namespace clef

#endif // CLEF_PASSES_PASSES_H

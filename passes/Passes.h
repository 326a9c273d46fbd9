//===- Passes.h - Clef passes -----------------------------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_PASSES_PASSES_H
#define CLEF_PASSES_PASSES_H

#include "passes/Certificate/Certificate.h"

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
  /// Explain where every allocation lives (`clef-explain-regions`).
  bool explainRegions = false;
  /// When set, the certificate of the region-level IR is handed here
  /// (`clef-extract-certificate` after the region check).
  CertificateSink certificateSink;
};

/// Adds the memory passes, in order: promote `let mutable` locals, flat
/// closure conversion, escape classification, region assignment, and the
/// independent region check (`clef-memory`).
void buildClefMemoryPipeline(mlir::OpPassManager &pm,
                             const PipelineOptions &options = {});

/// Adds the passes that take a module in the clef dialect to the LLVM
/// dialect: the memory passes, then the lowerings.
void buildClefToLLVMPipeline(mlir::OpPassManager &pm,
                             const PipelineOptions &options = {});

/// Registers every pass and the named pipelines (`clef-to-llvm`).
void registerClefPassesAndPipelines();

} // namespace clef

#endif // CLEF_PASSES_PASSES_H

//===- Pipelines.cpp - Named pass pipelines -------------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

#include <mutex>

using namespace mlir;

namespace clef {

void buildClefMemoryPipeline(OpPassManager &pm,
                             const PipelineOptions &options) {
  // Loop-carried `let mutable` state becomes iter_args the analyses see.
  pm.addPass(createClefPromoteLocals());
  pm.addPass(createClefClosureConvert());
  // Tail recursion passing state to itself becomes a loop that can carry
  // one region per state.
  pm.addPass(createClefTailLoops());
  // Explanations read the escape class of each allocation site.
  pm.addPass(createClefClassifyEscapes());
  // Every allocation gets a region chosen at compile time; the checker
  // re-derives the safety of the result from the IR alone.
  pm.addPass(createClefAssignRegions());
  // Regions whose every allocation is known at compile time need no pages.
  pm.addPass(createClefStackRegions());
  if (options.explainRegions)
    pm.addPass(createClefExplainRegions());
  pm.addPass(createCheckRegions());
  // The certificate describes the IR exactly as checked.
  if (options.certificateSink)
    pm.addPass(createExtractCertificatePass(options.certificateSink));
}

void buildClefToLLVMPipeline(OpPassManager &pm,
                             const PipelineOptions &options) {
  pm.addPass(createCanonicalizerPass());
  buildClefMemoryPipeline(pm, options);
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertClefToLLVM());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

void registerClefPassesAndPipelines() {
  // Tools and the C API may both ask; registering twice aborts.
  static std::once_flag once;
  std::call_once(once, [] {
    registerClefPasses();
    PassPipelineRegistration<>(
        "clef-memory",
        "Run the memory passes: promote locals, closure conversion, tail "
        "loops, escape classification, region assignment, stack regions "
        "and the region check",
        [](OpPassManager &pm) { buildClefMemoryPipeline(pm); });
    PassPipelineRegistration<>(
        "clef-to-llvm",
        "Run the whole Clef compiler: memory passes, then lowering to LLVM",
        [](OpPassManager &pm) { buildClefToLLVMPipeline(pm); });
  });
}

} // namespace clef

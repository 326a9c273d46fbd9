//===- ClassifyEscapes.cpp - Attach escape classes to allocations ---------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Writes the result of EscapeAnalysis onto the IR, so that the passes after
// it and the certificate read one recorded decision per allocation site
// instead of recomputing it from an IR they may have changed.
//
//===----------------------------------------------------------------------===//

#include "passes/Analysis/EscapeAnalysis.h"
#include "passes/Passes.h"

#include "mlir/IR/Builders.h"

namespace clef {
#define GEN_PASS_DEF_CLEFCLASSIFYESCAPES
#include "passes/Passes.h.inc"
} // namespace clef

using namespace mlir;

namespace clef {

namespace {

struct ClefClassifyEscapesPass
    : impl::ClefClassifyEscapesBase<ClefClassifyEscapesPass> {
  void runOnOperation() override {
    auto &escapes = getAnalysis<EscapeAnalysis>();
    Builder builder(&getContext());
    for (Operation *site : escapes.getSites()) {
      const EscapeInfo *info = escapes.lookup(site);
      site->setAttr(
          kEscapeAttrName,
          builder.getStringAttr(mlir::clef::stringifyEscapeClass(info->kind)));
      site->setAttr(kEscapeReasonAttrName, builder.getStringAttr(info->reason));
    }
    // Discardable attributes change no use-def chain the analysis reads.
    markAllAnalysesPreserved();
  }
};

} // namespace

} // namespace clef

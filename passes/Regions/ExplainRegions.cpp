//===- ExplainRegions.cpp - Where every allocation lives, for users -------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Reads region-level IR back into sentences: for each allocation, the region
// it names, where that region is created and released (read by the same
// code as the certificate, passes/RegionOrigin.h), and the escape reason
// recorded by `clef-classify-escapes`. Everything comes from the IR,
// so the explanation describes what the binary does, not what an analysis
// intended.
//
//===----------------------------------------------------------------------===//

#include "passes/Analysis/EscapeAnalysis.h"
#include "passes/Passes.h"
#include "passes/Regions/RegionOrigin.h"

#include "dialects/Region/RegionOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace clef {
#define GEN_PASS_DEF_CLEFEXPLAINREGIONS
#include "passes/Passes.h.inc"
} // namespace clef

using namespace mlir;

namespace clef {

namespace {

struct ClefExplainRegionsPass
    : impl::ClefExplainRegionsBase<ClefExplainRegionsPass> {
  void runOnOperation() override {
    // Each handle described once: describing walks the handle's uses.
    llvm::DenseMap<Value, std::string> descriptions;
    auto describe = [&](Value handle) -> const std::string & {
      auto [it, inserted] = descriptions.try_emplace(handle);
      if (inserted)
        it->second = describeRegion(handle);
      return it->second;
    };
    getOperation().walk([&](Operation *op) {
      // Region-polymorphic calls and applications allocate where they are
      // told: say where.
      if (isa<func::CallOp, mlir::clef::ApplyOp>(op)) {
        std::string callee =
            isa<func::CallOp>(op)
                ? "call of @" + cast<func::CallOp>(op).getCallee().str()
                : std::string("closure application");
        for (Value operand : op->getOperands())
          if (isa<region::HandleType>(operand.getType()))
            op->emitRemark() << callee << " allocates in " << describe(operand);
        return;
      }
      if (!EscapeAnalysis::isAllocation(op))
        return;
      InFlightDiagnostic remark = op->emitRemark();
      remark << EscapeAnalysis::describeSite(op) << " lives in "
             << describe(getRegionOperand(op));
      auto kind = op->getAttrOfType<StringAttr>(kEscapeAttrName);
      auto reason = op->getAttrOfType<StringAttr>(kEscapeReasonAttrName);
      if (kind)
        remark << ": " << kind.getValue();
      if (reason)
        remark << ": " << reason.getValue();
    });
    markAllAnalysesPreserved();
  }
};

} // namespace

} // namespace clef

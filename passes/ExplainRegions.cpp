//===- ExplainRegions.cpp - Where every allocation lives, for users -------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Reads region-level IR back into sentences: for each allocation, the region
// it names, where that region is created and released, and the escape
// reason recorded by `clef-classify-escapes`. Everything comes from the IR,
// so the explanation describes what the binary does, not what an analysis
// intended.
//
//===----------------------------------------------------------------------===//

#include "passes/EscapeAnalysis.h"
#include "passes/Passes.h"

#include "dialects/Region/RegionOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace clef {
#define GEN_PASS_DEF_CLEFEXPLAINREGIONS
#include "passes/Passes.h.inc"
} // namespace clef

using namespace mlir;

namespace clef {

namespace {

/// The `!region.handle` operand of an allocation, if any.
static Value getRegionOperand(Operation *op) {
  for (Value operand : op->getOperands())
    if (isa<region::HandleType>(operand.getType()))
      return operand;
  return {};
}

/// "region r3 (created at ..., released at ...)", "the process region", or
/// "region parameter #k of @f".
static std::string describeRegion(Value handle) {
  if (!handle)
    return "the process region (no region assigned)";
  if (handle.getDefiningOp<region::GlobalOp>())
    return "the process region";
  if (auto create = handle.getDefiningOp<region::CreateOp>()) {
    std::string text = "region ";
    text += create.getName() ? create.getName()->str() : "<unnamed>";
    text += " (created at " + formatLocation(create.getLoc());
    SmallVector<std::string> releases;
    for (Operation *user : handle.getUsers())
      if (isa<region::ReleaseOp>(user))
        releases.push_back(formatLocation(user->getLoc()));
    llvm::sort(releases);
    text += releases.empty() ? ", never released"
                             : ", released at " + llvm::join(releases, ", ");
    return text + ")";
  }
  if (auto arg = dyn_cast<BlockArgument>(handle)) {
    auto func = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp());
    if (func) {
      unsigned first = func.getNumArguments();
      while (first > 0 &&
             isa<region::HandleType>(func.getArgument(first - 1).getType()))
        --first;
      return "region parameter #" + std::to_string(arg.getArgNumber() - first) +
             " of @" + func.getSymName().str() + " (chosen by its caller)";
    }
  }
  return "the region computed at " + formatLocation(handle.getLoc());
}

struct ClefExplainRegionsPass
    : impl::ClefExplainRegionsBase<ClefExplainRegionsPass> {
  void runOnOperation() override {
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
            op->emitRemark()
                << callee << " allocates in " << describeRegion(operand);
        return;
      }
      if (!EscapeAnalysis::isAllocation(op))
        return;
      InFlightDiagnostic remark = op->emitRemark();
      remark << EscapeAnalysis::describeSite(op) << " lives in "
             << describeRegion(getRegionOperand(op));
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

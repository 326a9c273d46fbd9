//===- StackRegions.cpp - Put bounded regions in the frame ----------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// A function-local region whose allocations are all of a size known at
// compile time, each made at most once per creation of the region, needs no
// pages: `clef-stack-regions` gives its `region.create` a `stack_bytes`
// bound, and the lowering makes it a buffer in the function's frame. The
// rules are in docs/RegionInference.md (Stack regions).
//
//===----------------------------------------------------------------------===//

#include "passes/Regions/StackRegions.h"

#include "passes/Analysis/EscapeAnalysis.h"
#include "passes/Conversion/ClefToLLVM/ClefToLLVM.h"
#include "passes/Conversion/ClefToLLVM/Layout.h"
#include "passes/Conversion/ClefToLLVM/LoweringUtils.h"
#include "passes/Passes.h"

#include "dialects/Clef/ClefOps.h"

#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

namespace clef {
#define GEN_PASS_DEF_CLEFSTACKREGIONS
#include "passes/Passes.h.inc"
} // namespace clef

using namespace mlir;

namespace clef {

/// The op that makes the allocations of a region, if `use` is the region
/// operand of one.
static Operation *getAllocatingUser(OpOperand &use) {
  Operation *user = use.getOwner();
  if (!isa<mlir::clef::TupleOp, mlir::clef::RecordNewOp, mlir::clef::UnionNewOp,
           mlir::clef::ConsOp, mlir::clef::RefNewOp, mlir::clef::ArrayLitOp,
           mlir::clef::ClosureNewOp>(user))
    return nullptr;
  // The region operand is the last one of each of these ops.
  if (use.getOperandNumber() + 1 != user->getNumOperands())
    return nullptr;
  return user;
}

/// How `op` can repeat within one lifetime of a region created in `block`:
/// null if it runs at most once, else the op that may run it again.
static Operation *findRepeatingAncestor(Operation *op, Block *block) {
  while (op->getBlock() != block) {
    Operation *parent = op->getParentOp();
    if (!parent)
      return op; // Not under the region's block at all.
    if (!isa<scf::IfOp, scf::IndexSwitchOp, scf::ExecuteRegionOp>(parent))
      return parent;
    op = parent;
  }
  return nullptr;
}

FailureOr<uint64_t> boundRegionAllocations(region::CreateOp create,
                                           const TypeConverter &converter,
                                           std::string &why) {
  uint64_t total = 0;
  auto fail = [&](Operation *user, StringRef reason) -> FailureOr<uint64_t> {
    why = (reason + " at " + formatLocation(user->getLoc())).str();
    return failure();
  };
  for (OpOperand &use : create.getHandle().getUses()) {
    Operation *user = use.getOwner();
    if (isa<region::ReleaseOp>(user))
      continue;
    Operation *alloc = getAllocatingUser(use);
    if (!alloc)
      return fail(user, "its handle is passed to '" +
                            user->getName().getStringRef().str() + "'");
    std::optional<uint64_t> bytes = getStaticAllocationBytes(alloc, converter);
    if (!bytes)
      return fail(alloc, "the size of the '" +
                             alloc->getName().getStringRef().str() +
                             "' is not known at compile time");
    if (Operation *repeat = findRepeatingAncestor(alloc, create->getBlock()))
      return fail(alloc, "the '" + alloc->getName().getStringRef().str() +
                             "' may run more than once, in the '" +
                             repeat->getName().getStringRef().str() + "'");
    total += *bytes;
  }
  return total;
}

namespace {

struct ClefStackRegionsPass : impl::ClefStackRegionsBase<ClefStackRegionsPass> {
  using ClefStackRegionsBase::ClefStackRegionsBase;

  void runOnOperation() override {
    SymbolTableCollection symbolTables;
    LoweringSymbolScope symbolScope(symbolTables);
    LLVMTypeConverter converter(&getContext());
    addLoweringTypeConversions(converter);
    Builder builder(&getContext());
    getOperation().walk([&](region::CreateOp create) {
      if (create.getStackBytes())
        return;
      std::string why;
      FailureOr<uint64_t> bytes =
          boundRegionAllocations(create, converter, why);
      if (succeeded(bytes) && *bytes > 0 && *bytes <= maxBytes)
        create.setStackBytesAttr(builder.getI64IntegerAttr(*bytes));
    });
  }
};

} // namespace

} // namespace clef

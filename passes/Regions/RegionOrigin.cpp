//===- RegionOrigin.cpp - Where a region handle comes from ----------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "passes/Regions/RegionOrigin.h"

#include "passes/Analysis/EscapeAnalysis.h"

#include "dialects/Region/RegionOps.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;

namespace clef {

Value getRegionOperand(Operation *op) {
  for (Value operand : op->getOperands())
    if (isa<region::HandleType>(operand.getType()))
      return operand;
  return {};
}

/// The index of the first trailing handle parameter of `func`.
static unsigned firstHandleParameter(func::FuncOp func) {
  unsigned first = func.getNumArguments();
  while (first > 0 &&
         isa<region::HandleType>(func.getArgument(first - 1).getType()))
    --first;
  return first;
}

RegionOrigin getRegionOrigin(Value handle) {
  RegionOrigin origin;
  if (!handle)
    return origin;
  for (Operation *user : handle.getUsers())
    if (isa<region::ReleaseOp>(user))
      origin.releases.push_back(user);
  // Order releases by where they are, not by use-list order.
  llvm::sort(origin.releases, [](Operation *a, Operation *b) {
    return formatLocation(a->getLoc()) < formatLocation(b->getLoc());
  });
  if (handle.getDefiningOp<region::GlobalOp>()) {
    origin.kind = RegionOrigin::Kind::Global;
    return origin;
  }
  if (auto create = handle.getDefiningOp<region::CreateOp>()) {
    origin.kind = RegionOrigin::Kind::Created;
    origin.create = create;
    if (create.getName())
      origin.name = create.getName()->str();
    return origin;
  }
  if (auto arg = dyn_cast<BlockArgument>(handle)) {
    auto func = dyn_cast<func::FuncOp>(arg.getOwner()->getParentOp());
    if (func && arg.getOwner()->isEntryBlock()) {
      origin.kind = RegionOrigin::Kind::Parameter;
      origin.function = func;
      origin.parameterIndex = arg.getArgNumber() - firstHandleParameter(func);
      return origin;
    }
  }
  origin.kind = RegionOrigin::Kind::Derived;
  return origin;
}

std::string describeRegion(Value handle) {
  RegionOrigin origin = getRegionOrigin(handle);
  switch (origin.kind) {
  case RegionOrigin::Kind::None:
    return "the process region (no region assigned)";
  case RegionOrigin::Kind::Global:
    return "the process region";
  case RegionOrigin::Kind::Created: {
    std::string text = "region ";
    text += origin.name.empty() ? "<unnamed>" : origin.name;
    text += " (";
    if (auto create = dyn_cast<region::CreateOp>(origin.create))
      if (std::optional<int64_t> bytes = create.getStackBytes())
        text += "on the stack, " + std::to_string(*bytes) + " bytes; ";
    text += "created at " + formatLocation(origin.create->getLoc());
    SmallVector<std::string> releases;
    for (Operation *release : origin.releases)
      releases.push_back("at " + formatLocation(release->getLoc()));
    // A state-passing loop takes the handle of its initial state, or an
    // iteration passes it to the next one: the loop releases it.
    for (Operation *user : handle.getUsers())
      if (isa<scf::ForOp, scf::WhileOp>(user))
        releases.push_back("by the loop at " + formatLocation(user->getLoc()));
      else if (isa<scf::YieldOp>(user))
        releases.push_back("by the next iteration of the loop at " +
                           formatLocation(user->getParentOp()->getLoc()));
    text += releases.empty() ? ", never released"
                             : ", released " + llvm::join(releases, ", ");
    return text + ")";
  }
  case RegionOrigin::Kind::Parameter:
    return "region parameter #" + std::to_string(origin.parameterIndex) +
           " of @" + origin.function.getSymName().str() +
           " (chosen by its caller)";
  case RegionOrigin::Kind::Derived:
    break;
  }
  // The region of a state a loop carries: received from the previous
  // iteration, or the last one, returned by the loop.
  if (auto arg = dyn_cast<BlockArgument>(handle))
    if (Operation *loop = arg.getOwner()->getParentOp();
        isa<scf::ForOp, scf::WhileOp>(loop))
      return "the region of the current state of the loop at " +
             formatLocation(loop->getLoc()) +
             " (one per iteration, released by the iteration after)";
  if (Operation *loop = handle.getDefiningOp();
      isa_and_nonnull<scf::ForOp, scf::WhileOp>(loop)) {
    SmallVector<std::string> releases;
    for (Operation *release : origin.releases)
      releases.push_back(formatLocation(release->getLoc()));
    return "the region of the last state of the loop at " +
           formatLocation(loop->getLoc()) +
           (releases.empty() ? std::string(", never released")
                             : ", released at " + llvm::join(releases, ", "));
  }
  return "the region computed at " + formatLocation(handle.getLoc());
}

} // namespace clef

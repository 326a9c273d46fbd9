//===- PromoteLocals.cpp - Turn mutable locals into SSA values ------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// A `let mutable` is a `clef.local_new` read with `clef.local_get` and
// written with `clef.local_set`. F# keeps closures from capturing it, so the
// front end only ever uses a local in the block that defines it and in the
// single-block regions of the structured control flow below it. Such a local
// is replaced by the value it holds at each point: reads become that value,
// writes change it, and every `scf` op whose regions write it carries the
// value out as one more result (and, for loops, in as one more iter_arg).
//
// A local with any other use (an operand of another op, a use in a lambda
// or another region that is not structured control flow, in a block of a
// multi-block region) keeps its stack slot.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "dialects/Clef/ClefOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"

#include "llvm/ADT/SmallPtrSet.h"

namespace clef {
#define GEN_PASS_DEF_CLEFPROMOTELOCALS
#include "passes/Passes.h.inc"
} // namespace clef

using namespace mlir;
using namespace mlir::clef;

namespace clef {

namespace {

/// Ops whose regions run in place, at most once per entry or iteration, and
/// which can carry a value out through an extra result.
static bool isStructuredControlFlow(Operation *op) {
  return isa<scf::IfOp, scf::ForOp, scf::WhileOp, scf::IndexSwitchOp,
             scf::ExecuteRegionOp>(op);
}

/// Promotes one local.
class LocalPromoter {
public:
  explicit LocalPromoter(LocalNewOp local) : local(local) {}

  /// Records the ops on the way from each use up to the local's block;
  /// false if some use is not a read or write in structured control flow.
  bool analyze();

  /// Replaces every read and write, then the local itself.
  void promote();

private:
  /// Rewrites the reads and writes from `begin` to the end of `block`, where
  /// the local holds `current` on entry; returns what it holds at the end.
  Value rewriteBlock(Block &block, Block::iterator begin, Value current);

  /// Rebuilds `op`, whose regions write the local, with one more result
  /// carrying the local out (and one more iter_arg for a loop); returns
  /// that result.
  Value carryThrough(Operation *op, Value current);

  LocalNewOp local;
  /// Ops that contain a use of the local.
  llvm::SmallPtrSet<Operation *, 8> reads;
  /// Ops that contain a `local_set` of the local.
  llvm::SmallPtrSet<Operation *, 8> writes;
};

bool LocalPromoter::analyze() {
  Block *home = local->getBlock();
  for (OpOperand &use : local.getResult().getUses()) {
    Operation *user = use.getOwner();
    bool isWrite = isa<LocalSetOp>(user) && use.getOperandNumber() == 0;
    if (!isa<LocalGetOp>(user) && !isWrite)
      return false;
    for (Operation *op = user; op->getBlock() != home;) {
      Region *region = op->getParentRegion();
      Operation *parent = region->getParentOp();
      if (!region->hasOneBlock() || !parent || !isStructuredControlFlow(parent))
        return false;
      reads.insert(parent);
      if (isWrite)
        writes.insert(parent);
      op = parent;
    }
  }
  return true;
}

void LocalPromoter::promote() {
  Block *home = local->getBlock();
  rewriteBlock(*home, std::next(local->getIterator()), local.getInit());
  local.erase();
}

Value LocalPromoter::rewriteBlock(Block &block, Block::iterator begin,
                                  Value current) {
  Value slot = local.getResult();
  Operation *next = nullptr;
  for (Operation *op = begin == block.end() ? nullptr : &*begin; op;
       op = next) {
    next = op->getNextNode();
    if (auto get = dyn_cast<LocalGetOp>(op); get && get.getLocal() == slot) {
      get.getResult().replaceAllUsesWith(current);
      get.erase();
    } else if (auto set = dyn_cast<LocalSetOp>(op);
               set && set.getLocal() == slot) {
      current = set.getValue();
      set.erase();
    } else if (writes.contains(op)) {
      current = carryThrough(op, current);
    } else if (reads.contains(op)) {
      // Only read inside: the value on entry is the value throughout.
      for (Region &region : op->getRegions())
        if (!region.empty())
          rewriteBlock(region.front(), region.front().begin(), current);
    }
  }
  return current;
}

Value LocalPromoter::carryThrough(Operation *op, Value current) {
  Location loc = op->getLoc();
  Type type = current.getType();
  bool isLoop = isa<scf::ForOp, scf::WhileOp>(op);

  // The same op with the local appended to the iter_args of a loop and to
  // the results; the regions move over unchanged.
  SmallVector<Value> operands(op->getOperands());
  if (isLoop)
    operands.push_back(current);
  SmallVector<Type> resultTypes(op->getResultTypes());
  resultTypes.push_back(type);
  Operation *rebuilt = Operation::create(
      loc, op->getName(), resultTypes, operands,
      NamedAttrList(op->getDiscardableAttrDictionary()),
      op->getPropertiesStorage(), /*successors=*/{}, op->getNumRegions());
  OpBuilder builder(op);
  builder.insert(rebuilt);
  for (auto [from, to] : llvm::zip(op->getRegions(), rebuilt->getRegions()))
    to.takeBody(from);
  op->replaceAllUsesWith(rebuilt->getResults().drop_back());
  reads.erase(op);
  writes.erase(op);
  op->erase();

  for (Region &region : rebuilt->getRegions()) {
    if (region.empty()) {
      // An `scf.if` without else (so without results): the local goes
      // through unchanged.
      builder.createBlock(&region);
      scf::YieldOp::create(builder, loc, current);
      continue;
    }
    // Every region of a loop starts with the carried value: the iter_arg in
    // the body of `scf.for` and the before region of `scf.while`, what
    // `scf.condition` passes in its after region.
    Block &block = region.front();
    Value entry = isLoop ? block.addArgument(type, local.getLoc()) : current;
    Value exit = rewriteBlock(block, block.begin(), entry);
    Operation *terminator = block.getTerminator();
    terminator->insertOperands(terminator->getNumOperands(), exit);
  }
  return rebuilt->getResults().back();
}

struct ClefPromoteLocalsPass
    : impl::ClefPromoteLocalsBase<ClefPromoteLocalsPass> {
  void runOnOperation() override {
    // Promoting a local rebuilds the control flow around it but moves, never
    // recreates, the ops inside, so the other locals collected stay valid.
    SmallVector<LocalNewOp> locals;
    getOperation().walk([&](LocalNewOp local) { locals.push_back(local); });
    for (LocalNewOp local : locals) {
      LocalPromoter promoter(local);
      if (promoter.analyze())
        promoter.promote();
    }
  }
};

} // namespace

} // namespace clef

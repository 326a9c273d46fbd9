//===- TailLoops.cpp - Self tail recursion as loops -----------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Rewrites every function that calls itself in tail position into one
// `scf.while` loop, so that a tail-recursive function passing new state to
// itself is a state-passing loop region inference can give one region per
// state (docs/RegionInference.md, "State-passing loops"). The loop runs the
// body once per iteration; a tail call continues with its arguments, any
// other value ends the loop as the result:
//
//   %r:n+2 = scf.while (%go = true, %x... = %args..., %res = poison) {
//     scf.condition(%go) %go, %x..., %res
//   } do {
//   ^bb0(%go, %x..., %res):
//     <body>   // tail call f(%a...) -> yield true, %a..., poison
//              // result %v        -> yield false, poison..., %v
//   }
//   return %r#n+1
//
// A loop function with a single call site is then inlined into its caller,
// which creates the initial state: the state's first region becomes the
// caller's to hand over to the loop, not a region parameter the loop could
// never release.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"

namespace clef {
#define GEN_PASS_DEF_CLEFTAILLOOPS
#include "passes/Passes.h.inc"
} // namespace clef

using namespace mlir;

namespace clef {
namespace {

/// Rewrites one function. `self` is its name.
class TailLoopBuilder {
public:
  explicit TailLoopBuilder(func::FuncOp func) : func(func) {}

  /// Whether the value `block` ends with (by `func.return` or `scf.yield`)
  /// comes, directly or through single-result `scf.if`/`scf.index_switch`
  /// ops just before the terminator, from a call of the function itself.
  bool hasSelfTailCall(Block &block) {
    Operation *term = block.getTerminator();
    if (term->getNumOperands() != 1)
      return false;
    Operation *def = term->getOperand(0).getDefiningOp();
    if (!def || def->getNextNode() != term || def->getNumResults() != 1)
      return false;
    if (isSelfCall(def))
      return true;
    if (!isa<scf::IfOp, scf::IndexSwitchOp>(def))
      return false;
    for (Region &region : def->getRegions())
      if (!region.empty() && hasSelfTailCall(region.front()))
        return true;
    return false;
  }

  void rewrite();

private:
  bool isSelfCall(Operation *op) {
    auto call = dyn_cast<func::CallOp>(op);
    return call && call.getCallee() == func.getSymName() &&
           call.getNumOperands() == func.getNumArguments();
  }

  /// Makes `block` end with the loop's yield: continue or stop.
  void rewriteExit(Block &block);

  func::FuncOp func;
  Value trueValue, falseValue;
  SmallVector<Type> carriedTypes;
};

void TailLoopBuilder::rewriteExit(Block &block) {
  Operation *term = block.getTerminator();
  Value value = term->getOperand(0);
  Operation *def = value.getDefiningOp();
  OpBuilder b(term);
  SmallVector<Value> yielded;
  // A poison of its own for each unused position, so no value ties the
  // exits of the loop together.
  auto poison = [&](Type type) -> Value {
    return ub::PoisonOp::create(b, term->getLoc(), type);
  };
  if (def && def->getNextNode() == term && isSelfCall(def)) {
    yielded.push_back(trueValue);
    llvm::append_range(yielded, def->getOperands());
    yielded.push_back(poison(carriedTypes.back()));
    scf::YieldOp::create(b, term->getLoc(), yielded);
    term->erase();
    def->erase();
    return;
  }
  if (def && def->getNextNode() == term && def->getNumResults() == 1 &&
      isa<scf::IfOp, scf::IndexSwitchOp>(def) &&
      llvm::any_of(def->getRegions(), [&](Region &r) {
        return !r.empty() && hasSelfTailCall(r.front());
      })) {
    // The branch now yields the whole continue-or-stop tuple.
    OpBuilder ib(def);
    Operation *rebuilt = Operation::create(
        def->getLoc(), def->getName(), carriedTypes, def->getOperands(),
        NamedAttrList(def->getDiscardableAttrDictionary()),
        def->getPropertiesStorage(), {}, def->getNumRegions());
    ib.insert(rebuilt);
    for (auto [from, to] : llvm::zip(def->getRegions(), rebuilt->getRegions()))
      to.takeBody(from);
    for (Region &region : rebuilt->getRegions())
      if (!region.empty())
        rewriteExit(region.front());
    scf::YieldOp::create(b, term->getLoc(), rebuilt->getResults());
    term->erase();
    def->erase();
    return;
  }
  yielded.push_back(falseValue);
  for (Type type : func.getArgumentTypes())
    yielded.push_back(poison(type));
  yielded.push_back(value);
  scf::YieldOp::create(b, term->getLoc(), yielded);
  term->erase();
}

void TailLoopBuilder::rewrite() {
  Block &entry = func.getBody().front();
  Operation *firstOp = &entry.front();
  Operation *ret = entry.getTerminator();
  Location loc = ret->getLoc();
  OpBuilder b = OpBuilder::atBlockBegin(&entry);
  trueValue = arith::ConstantOp::create(b, loc, b.getBoolAttr(true));
  falseValue = arith::ConstantOp::create(b, loc, b.getBoolAttr(false));
  Type resultType = func.getResultTypes().front();
  carriedTypes.push_back(b.getI1Type());
  llvm::append_range(carriedTypes, func.getArgumentTypes());
  carriedTypes.push_back(resultType);

  SmallVector<Value> inits{trueValue};
  llvm::append_range(inits, entry.getArguments());
  inits.push_back(ub::PoisonOp::create(b, loc, resultType));
  b.setInsertionPointToEnd(&entry);
  auto loop = scf::WhileOp::create(b, loc, carriedTypes, inits);
  SmallVector<Location> locs(carriedTypes.size(), loc);
  Block *before = b.createBlock(&loop.getBefore(), {}, carriedTypes, locs);
  scf::ConditionOp::create(b, loc, before->getArgument(0),
                           before->getArguments());
  Block *after = b.createBlock(&loop.getAfter(), {}, carriedTypes, locs);
  after->getOperations().splice(after->end(), entry.getOperations(),
                                firstOp->getIterator(), loop->getIterator());
  for (auto [param, arg] :
       llvm::zip(entry.getArguments(), after->getArguments().drop_front()))
    param.replaceUsesWithIf(arg, [&](OpOperand &use) {
      return use.getOwner() != loop && loop->isAncestor(use.getOwner());
    });
  rewriteExit(*after);
  b.setInsertionPointAfter(loop);
  func::ReturnOp::create(b, loc, loop.getResults().back());
}

/// Replaces `call` by a copy of the single-block body of `callee`.
static void inlineCall(func::CallOp call, func::FuncOp callee) {
  Block &body = callee.getBody().front();
  IRMapping map;
  map.map(body.getArguments(), call.getOperands());
  OpBuilder b(call);
  for (Operation &op : body.without_terminator())
    b.clone(op, map);
  for (auto [result, value] :
       llvm::zip(call.getResults(), body.getTerminator()->getOperands()))
    result.replaceAllUsesWith(map.lookupOrDefault(value));
  call.erase();
}

struct ClefTailLoopsPass : impl::ClefTailLoopsBase<ClefTailLoopsPass> {
  using ClefTailLoopsBase::ClefTailLoopsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> loops;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal() || func.getNumResults() != 1 ||
          !func.getBody().hasOneBlock())
        continue;
      TailLoopBuilder builder(func);
      if (!builder.hasSelfTailCall(func.getBody().front()))
        continue;
      builder.rewrite();
      loops.push_back(func);
    }
    if (!inlineSingleCalls || loops.empty())
      return;

    // Every use of each loop function: inline it where it is the only one.
    // A call may sit in another loop function that is inlined in turn, so
    // each round inlines only into functions that stay, until none is left.
    llvm::DenseSet<Operation *> pending(loops.begin(), loops.end());
    for (bool changed = true; changed && !pending.empty();) {
      changed = false;
      llvm::DenseMap<Operation *, SmallVector<Operation *>> uses;
      SymbolTable symbols(module);
      module.walk([&](Operation *op) {
        for (NamedAttribute attr : op->getAttrs())
          attr.getValue().walk([&](SymbolRefAttr ref) {
            if (Operation *target = symbols.lookup(ref.getRootReference()))
              if (pending.contains(target))
                uses[target].push_back(op);
          });
      });
      struct Inlining {
        func::CallOp call;
        func::FuncOp callee;
        Operation *caller;
      };
      SmallVector<Inlining> inlined;
      llvm::DenseSet<Operation *> inlinedFuncs;
      for (Operation *op : pending) {
        auto func = cast<func::FuncOp>(op);
        auto it = uses.find(op);
        if (it == uses.end() || it->second.size() != 1)
          continue;
        auto call = dyn_cast<func::CallOp>(it->second.front());
        if (!call || call.getCallee() != func.getSymName() ||
            func->isAncestor(call))
          continue;
        inlined.push_back({call, func, call->getParentOfType<func::FuncOp>()});
        inlinedFuncs.insert(func);
      }
      for (auto [call, func, caller] : inlined) {
        // Into a function inlined this round: wait for the next one.
        if (inlinedFuncs.contains(caller))
          continue;
        inlineCall(call, func);
        pending.erase(func);
        if (func.isPrivate())
          func.erase();
        changed = true;
      }
    }
    // Loop functions with several uses (or none) stay as they are.
  }
};

} // namespace
} // namespace clef

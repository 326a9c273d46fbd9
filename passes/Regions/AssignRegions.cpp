//===- AssignRegions.cpp - Materialize region inference in the IR ---------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Turns the solution of `RegionInference` into region-dialect IR: handle
// parameters for region-polymorphic functions, handles at every call and
// application, `region.create`/`region.release` around the uses of each
// region a function owns, and `in %r` on every allocation. The placement
// rules are in docs/RegionInference.md.
//
//===----------------------------------------------------------------------===//

#include "passes/Analysis/EscapeAnalysis.h"
#include "passes/Analysis/RegionInference.h"
#include "passes/Passes.h"

#include "dialects/Clef/ClefOps.h"
#include "dialects/Region/RegionDialect.h"
#include "dialects/Region/RegionOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/TypeSwitch.h"

namespace clef {
#define GEN_PASS_DEF_CLEFASSIGNREGIONS
#include "passes/Passes.h.inc"
} // namespace clef

using namespace mlir;

namespace clef {

namespace {

/// Sets the `in %r` operand of an allocation op.
static void setAllocationRegion(Operation *op, Value handle) {
  using namespace mlir::clef;
  llvm::TypeSwitch<Operation *>(op)
      .Case<TupleOp, RecordNewOp, UnionNewOp, ConsOp, ArrayCreateOp, ArrayLitOp,
            RefNewOp, ClosureNewOp, StringConcatOp, SprintfOp, ToStringOp,
            ArgvOp>(
          [&](auto alloc) { alloc.getRegionMutable().assign(handle); });
}

/// Points every `clef.func_ref @f` at a wrapper code `@f$ref` that calls @f,
/// so that function values follow the closure convention (a handle for the
/// application's region) like any closure, and stay static cells.
static void wrapFunctionRefs(ModuleOp module) {
  SmallVector<mlir::clef::FuncRefOp> refs;
  module.walk([&](mlir::clef::FuncRefOp ref) { refs.push_back(ref); });
  if (refs.empty())
    return;
  SymbolTable symbols(module);
  llvm::DenseMap<Attribute, func::FuncOp> wrappers;
  for (mlir::clef::FuncRefOp ref : refs) {
    auto type = ref.getType();
    auto target = symbols.lookup<func::FuncOp>(ref.getCallee());
    if (!target ||
        target.getNumArguments() != type.getSignature().getNumInputs())
      continue; // Already code, or invalid (the verifier reports it).
    func::FuncOp &wrapper = wrappers[ref.getCalleeAttr()];
    if (!wrapper) {
      auto callee = symbols.lookup<func::FuncOp>(ref.getCallee());
      if (!callee)
        continue; // The verifier reports it.
      OpBuilder b(module.getContext());
      b.setInsertionPointAfter(callee);
      SmallVector<Type> inputs{type};
      llvm::append_range(inputs, type.getSignature().getInputs());
      auto wrapperType =
          b.getFunctionType(inputs, type.getSignature().getResults());
      wrapper = func::FuncOp::create(b, callee.getLoc(),
                                     (callee.getSymName() + "$ref").str(),
                                     wrapperType);
      wrapper.setPrivate();
      symbols.insert(wrapper);
      Block *body = wrapper.addEntryBlock();
      b.setInsertionPointToStart(body);
      auto call = func::CallOp::create(b, callee.getLoc(), callee,
                                       body->getArguments().drop_front());
      func::ReturnOp::create(b, callee.getLoc(), call.getResults());
    }
    ref.setCalleeAttr(FlatSymbolRefAttr::get(wrapper));
  }
}

class FunctionAssigner {
public:
  FunctionAssigner(func::FuncOp func, const RegionInference &inference,
                   unsigned &counter)
      : func(func), inference(inference), regions(*inference.getRegions(func)),
        scheme(*inference.getScheme(func)), counter(counter) {}

  /// Adds the handle parameters and places the function's own regions.
  /// Returns failure (with an error) if a region cannot be placed.
  LogicalResult placeRegions();

  /// Names a region at every allocation, call and application.
  void rewriteUses(SymbolTableCollection &symbols);

private:
  Value getGlobal() {
    if (!global) {
      OpBuilder b = OpBuilder::atBlockBegin(&func.getBody().front());
      global = region::GlobalOp::create(
          b, func.getLoc(), region::HandleType::get(func.getContext()));
    }
    return global;
  }
  /// The handle of class `cls` at `op`: inside the second region of an
  /// `scf.while`, a class the loop carries has the handle of that region's
  /// argument.
  Value handleOf(int cls, Operation *op = nullptr) {
    if (cls < 0)
      return getGlobal();
    if (regions.classes[cls].kind == RegionKind::Global)
      return getGlobal();
    if (op)
      if (auto it = afterHandles.find(cls); it != afterHandles.end())
        if (it->second.getParentRegion()->isAncestor(op->getParentRegion()))
          return it->second;
    return handles.lookup(cls);
  }
  int lookup(Value value) const {
    auto it = classOf.find(value);
    return it == classOf.end() ? -1 : static_cast<int>(it->second);
  }
  LogicalResult placeLocal(unsigned cls, ArrayRef<Operation *> users);
  void rebuildLoop(Operation *loop,
                   ArrayRef<FunctionRegions::CarriedRegion> carried);
  void connectLoop(Operation *loop,
                   ArrayRef<FunctionRegions::CarriedRegion> carried);

  func::FuncOp func;
  const RegionInference &inference;
  const FunctionRegions &regions;
  const RegionScheme &scheme;
  unsigned &counter;
  Value global;
  llvm::DenseMap<unsigned, Value> handles;
  /// The class of every value, for the loops rebuilt with handles.
  llvm::DenseMap<Value, unsigned> classOf;
  /// The handle of each class a `scf.while` carries, in its second region.
  llvm::DenseMap<unsigned, Value> afterHandles;
  /// The loops that carry regions, as rebuilt.
  SmallVector<std::pair<Operation *, ArrayRef<FunctionRegions::CarriedRegion>>>
      loops;
};

LogicalResult FunctionAssigner::placeRegions() {
  Block &entry = func.getBody().front();
  auto handleType = region::HandleType::get(func.getContext());

  // Region parameters: one trailing handle per class the scheme asks for.
  llvm::DenseMap<unsigned, unsigned> formalToClass;
  for (auto [cls, info] : llvm::enumerate(regions.classes))
    if (info.kind == RegionKind::Param)
      formalToClass[info.formal] = cls;
  for (unsigned formal : scheme.handleClasses()) {
    unsigned index = func.getNumArguments();
    if (failed(func.insertArgument(index, handleType, {}, func.getLoc())))
      return func.emitError("cannot add a region parameter");
    if (auto it = formalToClass.find(formal); it != formalToClass.end())
      handles[it->second] = entry.getArgument(index);
  }

  // State-passing loops get their handles as iteration arguments and
  // results first: they change the values the classes are made of.
  classOf = regions.classOf;
  for (auto &[loop, carried] : regions.loops)
    rebuildLoop(loop, carried);

  // Every op that touches a value of each local class.
  SmallVector<llvm::SetVector<Operation *>> users(regions.classes.size());
  for (auto [value, cls] : classOf) {
    if (regions.classes[cls].kind != RegionKind::Local)
      continue;
    if (Operation *def = value.getDefiningOp())
      users[cls].insert(def);
    else
      users[cls].insert(value.getParentBlock()->getParentOp());
    for (Operation *user : value.getUsers())
      users[cls].insert(user);
  }
  for (auto &[op, inst] : regions.instances)
    for (int cls : inst)
      if (cls >= 0 && regions.classes[cls].kind == RegionKind::Local)
        users[cls].insert(op);
  // A region lives as long as the uses of every region it must outlive.
  for (bool changed = true; changed;) {
    changed = false;
    for (auto [longer, shorter] : regions.outlives)
      for (Operation *user : SmallVector<Operation *>(users[shorter].begin(),
                                                      users[shorter].end()))
        changed |= users[longer].insert(user);
  }
  // Longer-lived regions first: releases placed after the same op then
  // come after those of the regions that must die before them.
  SmallVector<unsigned> order, indegree(regions.classes.size(), 0);
  for (auto [longer, shorter] : regions.outlives)
    ++indegree[shorter];
  for (unsigned cls = 0; cls < regions.classes.size(); ++cls)
    if (indegree[cls] == 0)
      order.push_back(cls);
  for (unsigned i = 0; i < order.size(); ++i)
    for (auto [longer, shorter] : regions.outlives)
      if (longer == order[i] && --indegree[shorter] == 0)
        order.push_back(shorter);
  for (unsigned cls : order) {
    const FunctionRegions::Class &info = regions.classes[cls];
    if (info.kind == RegionKind::Local && info.allocated && !info.carriedBy &&
        failed(placeLocal(cls, users[cls].getArrayRef())))
      return failure();
  }
  for (auto &[loop, carried] : loops)
    connectLoop(loop, carried);
  return success();
}

/// Recreates `loop` with one more iteration argument and result per carried
/// region, all region handles. The operands and the handles passed on are
/// set by `connectLoop` once every region is placed.
void FunctionAssigner::rebuildLoop(
    Operation *loop, ArrayRef<FunctionRegions::CarriedRegion> carried) {
  auto handleType = region::HandleType::get(func.getContext());
  SmallVector<Type> types(loop->getResultTypes());
  types.append(carried.size(), handleType);
  OpBuilder b(loop);
  Operation *rebuilt = Operation::create(
      loop->getLoc(), loop->getName(), types, loop->getOperands(),
      NamedAttrList(loop->getDiscardableAttrDictionary()),
      loop->getPropertiesStorage(), {}, loop->getNumRegions());
  b.insert(rebuilt);
  for (auto [from, to] : llvm::zip(loop->getRegions(), rebuilt->getRegions()))
    to.takeBody(from);
  for (auto [oldResult, newResult] :
       llvm::zip(loop->getResults(), rebuilt->getResults())) {
    oldResult.replaceAllUsesWith(newResult);
    if (auto it = classOf.find(oldResult); it != classOf.end()) {
      classOf[newResult] = it->second;
      classOf.erase(oldResult);
    }
  }
  loop->erase();

  unsigned numResults = types.size() - carried.size();
  for (auto [i, c] : llvm::enumerate(carried)) {
    Location loc = rebuilt->getLoc();
    handles[c.inner] =
        rebuilt->getRegion(0).front().addArgument(handleType, loc);
    if (auto whileOp = dyn_cast<scf::WhileOp>(rebuilt))
      afterHandles[c.inner] =
          whileOp.getAfterBody()->addArgument(handleType, loc);
    if (c.result >= 0)
      handles[c.result] = rebuilt->getResult(numResults + i);
  }
  loops.emplace_back(rebuilt, carried);
}

/// Passes the handles: the initial regions into the loop, the next states'
/// regions to the next iteration, and releases at the end of an iteration
/// the regions of the states no later iteration sees.
void FunctionAssigner::connectLoop(
    Operation *loop, ArrayRef<FunctionRegions::CarriedRegion> carried) {
  OpBuilder b(loop);
  SmallVector<Value> inits;
  for (const FunctionRegions::CarriedRegion &c : carried) {
    Value init = c.init >= 0 ? handles.lookup(c.init) : Value();
    if (!init) {
      std::string name = "r" + std::to_string(++counter);
      init = region::CreateOp::create(b, loop->getLoc(), name);
    }
    inits.push_back(init);
  }
  loop->insertOperands(loop->getNumOperands(), inits);

  Block *body = &loop->getRegions().back().front();
  Operation *yield = body->getTerminator();
  SmallVector<Value> next;
  llvm::SmallDenseSet<unsigned, 4> passedOn;
  for (const FunctionRegions::CarriedRegion &c : carried) {
    next.push_back(handleOf(c.next, yield));
    passedOn.insert(c.next);
  }
  b.setInsertionPoint(yield);
  for (const FunctionRegions::CarriedRegion &c : carried)
    if (!passedOn.contains(c.inner))
      region::ReleaseOp::create(b, yield->getLoc(), handleOf(c.inner, yield));
  yield->insertOperands(yield->getNumOperands(), next);
  if (auto whileOp = dyn_cast<scf::WhileOp>(loop)) {
    scf::ConditionOp cond = whileOp.getConditionOp();
    Block *before = whileOp.getBeforeBody();
    cond->insertOperands(cond->getNumOperands(),
                         before->getArguments().take_back(carried.size()));
  }
}

LogicalResult FunctionAssigner::placeLocal(unsigned cls,
                                           ArrayRef<Operation *> users) {
  if (users.empty())
    return success();
  // The innermost block that holds (an ancestor of) every user.
  Block *block = users.front()->getBlock();
  for (Operation *user : users)
    while (!block->findAncestorOpInBlock(*user)) {
      Operation *parent = block->getParentOp();
      if (!parent || parent == func.getOperation())
        return func.emitError("cannot find a scope for region of class ")
               << cls;
      block = parent->getBlock();
    }
  Operation *first = nullptr, *last = nullptr;
  for (Operation *user : users) {
    Operation *anc = block->findAncestorOpInBlock(*user);
    if (!first || anc->isBeforeInBlock(first))
      first = anc;
    if (!last || last->isBeforeInBlock(anc))
      last = anc;
  }
  const FunctionRegions::Class &info = regions.classes[cls];
  // The region of a state a loop passes on, or takes from before it, is
  // released by the loop.
  bool released = !info.yieldedBy && !info.consumedBy;
  if (released && last->hasTrait<OpTrait::IsTerminator>())
    return last->emitError("region inference placed a function-local region "
                           "whose values flow out of their block");
  OpBuilder b(first);
  if (!info.resultOf) {
    std::string name = "r" + std::to_string(++counter);
    handles[cls] = region::CreateOp::create(b, first->getLoc(), name);
  }
  if (released) {
    b.setInsertionPointAfter(last);
    region::ReleaseOp::create(b, last->getLoc(), handles[cls]);
  }
  return success();
}

void FunctionAssigner::rewriteUses(SymbolTableCollection &symbols) {
  func.getBody().walk([&](Operation *op) {
    if (EscapeAnalysis::isAllocation(op)) {
      setAllocationRegion(op, handleOf(lookup(op->getResult(0)), op));
      return;
    }
    auto it = regions.instances.find(op);
    if (it == regions.instances.end())
      return;
    if (auto apply = dyn_cast<mlir::clef::ApplyOp>(op)) {
      apply.getRegionMutable().assign(handleOf(it->second.front(), op));
      return;
    }
    auto call = cast<func::CallOp>(op);
    auto callee = symbols.lookupNearestSymbolFrom<func::FuncOp>(
        call, call.getCalleeAttr());
    const RegionScheme *calleeScheme = inference.getScheme(callee);
    SmallVector<Value> extra;
    for (unsigned formal : calleeScheme->handleClasses())
      extra.push_back(handleOf(it->second[formal], op));
    call.getOperandsMutable().append(extra);
  });
}

struct ClefAssignRegionsPass
    : impl::ClefAssignRegionsBase<ClefAssignRegionsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    wrapFunctionRefs(module);
    RegionInference inference(module);
    if (!inference.succeeded())
      return signalPassFailure();
    unsigned counter = 0;
    SmallVector<FunctionAssigner> assigners;
    for (func::FuncOp func : inference.getFunctions())
      if (!func.isExternal())
        assigners.emplace_back(func, inference, counter);
    for (FunctionAssigner &assigner : assigners)
      if (failed(assigner.placeRegions()))
        return signalPassFailure();
    // One cached symbol table: an uncached lookup per call scans the module.
    SymbolTableCollection symbols;
    for (FunctionAssigner &assigner : assigners)
      assigner.rewriteUses(symbols);
  }
};

} // namespace

} // namespace clef

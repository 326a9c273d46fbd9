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

#include "passes/EscapeAnalysis.h"
#include "passes/Passes.h"
#include "passes/RegionInference.h"

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
  Value handleOf(int cls) {
    if (cls < 0)
      return getGlobal();
    if (regions.classes[cls].kind == RegionKind::Global)
      return getGlobal();
    return handles.lookup(cls);
  }
  LogicalResult placeLocal(unsigned cls, ArrayRef<Operation *> users);

  func::FuncOp func;
  const RegionInference &inference;
  const FunctionRegions &regions;
  const RegionScheme &scheme;
  unsigned &counter;
  Value global;
  llvm::DenseMap<unsigned, Value> handles;
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

  // Every op that touches a value of each local class.
  SmallVector<llvm::SetVector<Operation *>> users(regions.classes.size());
  for (auto [value, cls] : regions.classOf) {
    if (regions.classes[cls].kind != RegionKind::Local ||
        !regions.classes[cls].allocated)
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
  for (auto [cls, info] : llvm::enumerate(regions.classes))
    if (info.kind == RegionKind::Local && info.allocated &&
        failed(placeLocal(cls, users[cls].getArrayRef())))
      return failure();
  return success();
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
  if (last->hasTrait<OpTrait::IsTerminator>())
    return last->emitError("region inference placed a function-local region "
                           "whose values flow out of their block");
  OpBuilder b(first);
  std::string name = "r" + std::to_string(++counter);
  auto create = region::CreateOp::create(
      b, first->getLoc(), region::HandleType::get(b.getContext()),
      b.getStringAttr(name));
  b.setInsertionPointAfter(last);
  region::ReleaseOp::create(b, last->getLoc(), create.getHandle());
  handles[cls] = create.getHandle();
  return success();
}

void FunctionAssigner::rewriteUses(SymbolTableCollection &symbols) {
  func.getBody().walk([&](Operation *op) {
    if (EscapeAnalysis::isAllocation(op)) {
      setAllocationRegion(op, handleOf(regions.lookup(op->getResult(0))));
      return;
    }
    auto it = regions.instances.find(op);
    if (it == regions.instances.end())
      return;
    if (auto apply = dyn_cast<mlir::clef::ApplyOp>(op)) {
      apply.getRegionMutable().assign(handleOf(it->second.front()));
      return;
    }
    auto call = cast<func::CallOp>(op);
    auto callee = symbols.lookupNearestSymbolFrom<func::FuncOp>(
        call, call.getCalleeAttr());
    const RegionScheme *calleeScheme = inference.getScheme(callee);
    SmallVector<Value> extra;
    for (unsigned formal : calleeScheme->handleClasses())
      extra.push_back(handleOf(it->second[formal]));
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

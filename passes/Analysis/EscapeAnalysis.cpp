//===- EscapeAnalysis.cpp - Escape classes of allocation sites ------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Per function, a flow-insensitive, field-insensitive points-to analysis
// (Andersen style) over abstract objects: the function's allocation sites,
// one object per parameter standing for everything the caller passes, one
// per call site for the cells the callee allocates, one per mutable local,
// and one for the rest of the program. Calls are summarised; summaries are
// computed bottom-up over the call graph's strongly connected components,
// iterated to a fixpoint so recursion is handled. Escape classes then flow
// from roots (returns, globals, unknown callees, loop back edges) down the
// containment graph: a container's class flows into what it contains.
//
// One algorithm, kept in one file on purpose: the points-to analysis, the
// call summaries and the class propagation share one state.
//
//===----------------------------------------------------------------------===//

#include "passes/Analysis/EscapeAnalysis.h"

#include "passes/Analysis/CallGraph.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>

using namespace mlir;
using namespace mlir::clef;

namespace clef {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

std::string formatLocation(Location loc) {
  std::string text = "<unknown>";
  loc->walk([&](Location inner) {
    if (auto file = dyn_cast<FileLineColLoc>(inner)) {
      text = (llvm::sys::path::filename(file.getFilename().getValue()) + ":" +
              Twine(file.getLine()) + ":" + Twine(file.getColumn()))
                 .str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return text;
}

bool EscapeSummary::operator==(const EscapeSummary &other) const {
  return toResult == other.toResult && toGlobal == other.toGlobal &&
         storedInto == other.storedInto &&
         freshStoredInto == other.freshStoredInto &&
         resultGlobal == other.resultGlobal && opaque == other.opaque;
}

bool EscapeAnalysis::isAllocation(Operation *op) {
  if (auto unionNew = dyn_cast<UnionNewOp>(op))
    return !unionNew.getFields().empty();
  return isa<TupleOp, RecordNewOp, ConsOp, ArrayCreateOp, ArrayLitOp, RefNewOp,
             ClosureNewOp, LambdaOp, StringConcatOp, SprintfOp, ToStringOp,
             ArgvOp>(op);
}

std::string EscapeAnalysis::describeSite(Operation *site) {
  return llvm::TypeSwitch<Operation *, std::string>(site)
      .Case([](TupleOp) { return "tuple"; })
      .Case([](RecordNewOp) { return "record"; })
      .Case([](UnionNewOp op) {
        return ("union case '" + op.getCaseName() + "'").str();
      })
      .Case([](ConsOp) { return "list cell"; })
      .Case<ArrayCreateOp, ArrayLitOp>([](Operation *) { return "array"; })
      .Case([](RefNewOp) { return "ref cell"; })
      .Case<ClosureNewOp, LambdaOp>([](Operation *) { return "closure"; })
      .Case<StringConcatOp, SprintfOp, ToStringOp>(
          [](Operation *) { return "string"; })
      .Case([](ArgvOp) { return "argv array"; })
      .Default(
          [](Operation *op) { return op->getName().getStringRef().str(); });
}

/// Whether a value of this type can point to a heap cell. Unknown types are
/// assumed to, so that foreign ops are handled conservatively.
static bool mayHoldHeap(Type type) {
  if (auto option = dyn_cast<OptionType>(type))
    return mayHoldHeap(option.getElementType());
  if (isa<IntegerType, FloatType, IndexType, NoneType, UnitType, CharType,
          MeasureType, region::HandleType>(type))
    return false;
  return true;
}

/// The op whose body is the scope of `op` for `local`: the function or
/// lambda, and the nearest loop between them, if any.
static Operation *getEnclosingLoop(Operation *op) {
  for (Operation *parent = op->getParentOp(); parent;
       parent = parent->getParentOp()) {
    if (isa<scf::ForOp, scf::WhileOp, scf::ParallelOp, scf::ForallOp>(parent))
      return parent;
    if (isa<func::FuncOp, LambdaOp>(parent))
      return nullptr;
  }
  return nullptr;
}

namespace {

//===----------------------------------------------------------------------===//
// Per-function points-to and classification
//===----------------------------------------------------------------------===//

using ObjId = unsigned;
using ObjSet = llvm::SetVector<ObjId, llvm::SmallVector<ObjId, 4>,
                               llvm::SmallDenseSet<ObjId, 4>>;

enum class ObjKind { Global, Site, Param, CallResult, Slot };

struct Object {
  ObjKind kind;
  Operation *op = nullptr; // site, call, local_new; null for params/global
  unsigned index = 0;      // parameter number
};

enum class EdgeKind { Field, Capture, Store };

/// Why `content` is in `container`: built into it, captured by it, or
/// written into it by a store (or a call that stores).
struct Edge {
  EdgeKind kind;
  Operation *op;
};

/// A root: every object `value` may point to gets at least `kind`.
struct Root {
  Value value;
  EscapeClass kind;
  Operation *target;
  std::string why;
};

/// The class of one object and the link that gave it.
struct ObjClass {
  EscapeClass kind = EscapeClass::IterationLocal;
  Operation *target = nullptr;
  int pred = -1; // the container it came from, or -1 for a root
  Operation *edgeOp = nullptr;
  EdgeKind edgeKind = EdgeKind::Field;
  // The class comes from the capture or store itself, not from the
  // container's class: the explanation stops at that edge.
  bool fromEdge = false;
  std::string rootWhy; // set when pred == -1
};

class FunctionEscapes {
public:
  FunctionEscapes(func::FuncOp func,
                  const llvm::DenseMap<Operation *, EscapeSummary> &summaries,
                  SymbolTableCollection &symbols)
      : func(func), summaries(summaries), symbols(symbols) {}

  void run();
  EscapeSummary summarize();
  void record(llvm::DenseMap<Operation *, EscapeInfo> &infos,
              SmallVectorImpl<Operation *> &sites);

private:
  // Building the object graph.
  ObjId newObject(ObjKind kind, Operation *op, unsigned index = 0);
  ObjId siteObject(Operation *op);
  ObjId callObject(Operation *op);
  ObjId slotObject(Operation *op);
  void addPts(Value value, ObjId obj);
  void addPts(Value value, const ObjSet &objs);
  void copyPts(Value from, Value to) { addPts(to, getPts(from)); }
  void addContent(ObjId container, ObjId content, Edge edge);
  void addContents(ObjId container, const ObjSet &contents, Edge edge);
  ObjSet getPts(Value value) const;
  ObjSet reach(const ObjSet &from) const;
  void addRoot(Value value, EscapeClass kind, Operation *target,
               std::string why);
  void escapeToGlobal(Value value, Operation *op, StringRef why);

  void transfer(Operation *op);
  void transferCall(Operation *call, const EscapeSummary *summary,
                    StringRef calleeName, ValueRange args, Value result);
  void transferApply(ApplyOp apply);
  void transferUnknown(Operation *op);
  void transferClosureCode(ClosureNewOp closure, ObjId site);
  void flowInto(ValueRange from, ValueRange to);

  // Classification.
  void classify();
  void raise(ObjId obj, EscapeClass kind, Operation *target, int pred,
             Operation *edgeOp, EdgeKind edgeKind, StringRef rootWhy,
             bool fromEdge = false);
  std::string describeObject(ObjId obj) const;
  std::string explain(ObjId obj) const;

  mutable func::FuncOp func;
  const llvm::DenseMap<Operation *, EscapeSummary> &summaries;
  // Cached symbol tables: an uncached lookup scans the whole module, once
  // per call visited.
  SymbolTableCollection &symbols;

  SmallVector<Object> objects;
  SmallVector<ObjSet> contents;
  llvm::DenseMap<std::pair<ObjId, ObjId>, Edge> edges;
  llvm::DenseMap<Value, ObjSet> pts;
  llvm::DenseMap<Operation *, ObjId> opObjects;
  SmallVector<ObjId> params;
  llvm::DenseMap<Operation *, llvm::SetVector<Value>> lambdaCaptures;
  SmallVector<Root> roots;
  bool changed = false;

  SmallVector<ObjClass> classes;
};

ObjId FunctionEscapes::newObject(ObjKind kind, Operation *op, unsigned index) {
  objects.push_back({kind, op, index});
  contents.emplace_back();
  changed = true;
  return objects.size() - 1;
}

ObjId FunctionEscapes::siteObject(Operation *op) {
  auto [it, inserted] = opObjects.try_emplace(op, 0);
  if (inserted)
    it->second = newObject(ObjKind::Site, op);
  return it->second;
}

ObjId FunctionEscapes::callObject(Operation *op) {
  auto it = opObjects.find(op);
  if (it != opObjects.end())
    return it->second;
  ObjId obj = newObject(ObjKind::CallResult, op);
  opObjects[op] = obj;
  // One object stands for every cell the callee allocates, so it may
  // contain itself (a list the callee builds).
  addContent(obj, obj, {EdgeKind::Field, op});
  return obj;
}

ObjId FunctionEscapes::slotObject(Operation *op) {
  auto it = opObjects.find(op);
  if (it != opObjects.end())
    return it->second;
  ObjId obj = newObject(ObjKind::Slot, op);
  opObjects[op] = obj;
  return obj;
}

void FunctionEscapes::addPts(Value value, ObjId obj) {
  if (!mayHoldHeap(value.getType()))
    return;
  if (pts[value].insert(obj))
    changed = true;
}

void FunctionEscapes::addPts(Value value, const ObjSet &objs) {
  if (!mayHoldHeap(value.getType()))
    return;
  ObjSet &set = pts[value];
  for (ObjId obj : objs)
    if (set.insert(obj))
      changed = true;
}

void FunctionEscapes::addContent(ObjId container, ObjId content, Edge edge) {
  if (contents[container].insert(content)) {
    changed = true;
    edges.try_emplace({container, content}, edge);
  }
}

void FunctionEscapes::addContents(ObjId container, const ObjSet &objs,
                                  Edge edge) {
  for (ObjId obj : objs)
    addContent(container, obj, edge);
}

ObjSet FunctionEscapes::getPts(Value value) const {
  auto it = pts.find(value);
  return it == pts.end() ? ObjSet() : it->second;
}

ObjSet FunctionEscapes::reach(const ObjSet &from) const {
  ObjSet seen = from;
  for (unsigned i = 0; i < seen.size(); ++i)
    for (ObjId next : contents[seen[i]])
      seen.insert(next);
  return seen;
}

void FunctionEscapes::addRoot(Value value, EscapeClass kind, Operation *target,
                              std::string why) {
  // Roots are collected anew on every sweep: some depend on points-to sets
  // (is a callee known?), and the last sweep sees the final ones.
  roots.push_back({value, kind, target, std::move(why)});
}

void FunctionEscapes::escapeToGlobal(Value value, Operation *op,
                                     StringRef why) {
  if (mayHoldHeap(value.getType()))
    addRoot(value, EscapeClass::Global, op,
            (why + " at " + formatLocation(op->getLoc())).str());
}

void FunctionEscapes::flowInto(ValueRange from, ValueRange to) {
  for (auto [src, dst] : llvm::zip(from, to))
    copyPts(src, dst);
}

void FunctionEscapes::run() {
  // The rest of the program: whatever it holds is its own.
  ObjId global = newObject(ObjKind::Global, nullptr);
  addContent(global, global, {EdgeKind::Field, nullptr});
  (void)global;
  // Each parameter stands for all the caller passes and all reachable from
  // it, so it contains itself.
  for (BlockArgument arg : func.getArguments()) {
    ObjId param = newObject(ObjKind::Param, nullptr, arg.getArgNumber());
    addContent(param, param, {EdgeKind::Field, nullptr});
    params.push_back(param);
    addPts(arg, param);
  }

  // Chaotic iteration: every rule only adds, so this terminates.
  do {
    changed = false;
    roots.clear();
    func.walk([&](Operation *op) { transfer(op); });
  } while (changed);
  classify();
}

//===----------------------------------------------------------------------===//
// Transfer rules
//===----------------------------------------------------------------------===//

void FunctionEscapes::transfer(Operation *op) {
  constexpr ObjId global = 0;

  // A value that is never read (the unused side of a loop exit): it points
  // nowhere.
  if (isa<ub::PoisonOp>(op))
    return;

  // Allocation: the result points to the site, which contains the operands
  // (strings copy their operands' bytes and contain nothing).
  if (EscapeAnalysis::isAllocation(op)) {
    ObjId site = siteObject(op);
    addPts(op->getResult(0), site);
    if (isa<StringConcatOp, SprintfOp, ToStringOp>(op))
      return;
    if (isa<ArgvOp>(op)) {
      // The strings of argv belong to the process.
      addContent(site, global, {EdgeKind::Field, op});
      addRoot(op->getResult(0), EscapeClass::Global, nullptr,
              "argv lives as long as the process");
      return;
    }
    if (auto lambda = dyn_cast<LambdaOp>(op)) {
      auto [it, inserted] = lambdaCaptures.try_emplace(op);
      if (inserted)
        getUsedValuesDefinedAbove(lambda.getBody(), it->second);
      for (Value capture : it->second)
        addContents(site, getPts(capture), {EdgeKind::Capture, op});
      // Whoever applies the lambda is not known before closure conversion:
      // its parameters come from, and its result goes to, anywhere.
      if (!lambda.getBody().empty())
        for (BlockArgument arg : lambda.getBody().front().getArguments())
          addPts(arg, global);
      return;
    }
    EdgeKind kind = isa<ClosureNewOp>(op) ? EdgeKind::Capture : EdgeKind::Field;
    for (Value operand : op->getOperands())
      addContents(site, getPts(operand), {kind, op});
    if (auto closure = dyn_cast<ClosureNewOp>(op))
      transferClosureCode(closure, site);
    return;
  }

  llvm::TypeSwitch<Operation *>(op)
      // Values that point nowhere, or read without retaining.
      .Case<ConstantOp, UnitOp, CharOp, StringOp, NilOp, NoneOp, FuncRefOp,
            UnionNewOp, CmpOp, HashOp, PrintfOp, StringLengthOp, StringGetOp,
            ListIsNilOp, UnionTagOp, ArrayLengthOp, OptionIsSomeOp, UnitCastOp,
            ConvertOp, FailwithOp, ExitOp, MatchFailureOp, ParseOp, PowOp,
            InvalidArgOp, scf::YieldOp, scf::ConditionOp, func::FuncOp>(
          [](Operation *) {})
      // Options are values: they carry their payload's pointers.
      .Case([&](SomeOp some) { copyPts(some.getValue(), some.getResult()); })
      .Case([&](OptionValueOp value) {
        copyPts(value.getOption(), value.getResult());
      })
      // Loads: the result may be anything the container holds.
      .Case<TupleGetOp, RecordGetOp, UnionFieldOp, ListHeadOp, ListTailOp,
            ArrayGetOp, RefGetOp, ClosureCaptureOp, LocalGetOp>(
          [&](Operation *load) {
            for (ObjId obj : getPts(load->getOperand(0)))
              addPts(load->getResult(0), contents[obj]);
          })
      // Stores into mutable cells.
      .Case([&](RecordSetOp set) {
        for (ObjId obj : getPts(set.getRecord()))
          addContents(obj, getPts(set.getValue()), {EdgeKind::Store, set});
      })
      .Case([&](ArraySetOp set) {
        for (ObjId obj : getPts(set.getArray()))
          addContents(obj, getPts(set.getValue()), {EdgeKind::Store, set});
      })
      .Case([&](RefSetOp set) {
        for (ObjId obj : getPts(set.getRef()))
          addContents(obj, getPts(set.getValue()), {EdgeKind::Store, set});
      })
      .Case([&](LocalSetOp set) {
        for (ObjId obj : getPts(set.getLocal()))
          addContents(obj, getPts(set.getValue()), {EdgeKind::Store, set});
      })
      .Case([&](LocalNewOp local) {
        ObjId slot = slotObject(local);
        addPts(local.getResult(), slot);
        addContents(slot, getPts(local.getInit()), {EdgeKind::Field, local});
      })
      // Globals belong to the whole program.
      .Case([&](GlobalLoadOp load) { addPts(load.getResult(), global); })
      .Case([&](GlobalStoreOp store) {
        escapeToGlobal(store.getValue(), store,
                       ("stored into global @" + store.getGlobal()).str());
      })
      .Case([&](func::ReturnOp ret) {
        for (Value operand : ret.getOperands())
          if (mayHoldHeap(operand.getType()))
            addRoot(operand, EscapeClass::Returned, nullptr,
                    ("returned from @" + func.getSymName() + " at " +
                     formatLocation(ret.getLoc()))
                        .str());
      })
      .Case([&](YieldOp yield) {
        escapeToGlobal(yield.getValue(), yield,
                       "returned from a lambda to an unknown caller");
      })
      .Case([&](func::CallOp call) {
        auto callee = symbols.lookupNearestSymbolFrom<func::FuncOp>(
            call, call.getCalleeAttr());
        const EscapeSummary *summary = nullptr;
        if (callee) {
          auto it = summaries.find(callee);
          if (it != summaries.end())
            summary = &it->second;
          else if (!callee.isExternal())
            // In the same strongly connected component, not summarised
            // yet: start from nothing and let the fixpoint grow it.
            summary = nullptr;
        }
        static const EscapeSummary bottom;
        if (callee && !callee.isExternal() && !summary)
          summary = &bottom;
        transferCall(call, summary, call.getCallee(), call.getOperands(),
                     call.getNumResults() == 1 ? call.getResult(0) : Value());
      })
      .Case([&](ApplyOp apply) { transferApply(apply); })
      // Structured control flow: results and block arguments receive what
      // flows into them.
      .Case([&](scf::IfOp ifOp) {
        for (Region *region : {&ifOp.getThenRegion(), &ifOp.getElseRegion()})
          if (!region->empty())
            flowInto(region->front().getTerminator()->getOperands(),
                     ifOp.getResults());
      })
      .Case([&](scf::ForOp forOp) {
        ValueRange yielded = forOp.getBody()->getTerminator()->getOperands();
        flowInto(forOp.getInitArgs(), forOp.getRegionIterArgs());
        flowInto(yielded, forOp.getRegionIterArgs());
        flowInto(forOp.getInitArgs(), forOp.getResults());
        flowInto(yielded, forOp.getResults());
      })
      .Case([&](scf::WhileOp whileOp) {
        ValueRange condArgs = whileOp.getConditionOp().getArgs();
        flowInto(whileOp.getInits(), whileOp.getBeforeArguments());
        flowInto(whileOp.getYieldOp().getOperands(),
                 whileOp.getBeforeArguments());
        flowInto(condArgs, whileOp.getAfterArguments());
        flowInto(condArgs, whileOp.getResults());
      })
      .Case([&](scf::IndexSwitchOp switchOp) {
        for (Region &region : switchOp->getRegions())
          if (!region.empty())
            flowInto(region.front().getTerminator()->getOperands(),
                     switchOp.getResults());
      })
      .Case([&](scf::ExecuteRegionOp exec) {
        for (Block &block : exec.getRegion())
          if (isa<scf::YieldOp>(block.getTerminator()))
            flowInto(block.getTerminator()->getOperands(), exec.getResults());
      })
      .Default([&](Operation *other) {
        if (auto branch = dyn_cast<BranchOpInterface>(other)) {
          for (unsigned i = 0, e = other->getNumSuccessors(); i < e; ++i)
            flowInto(
                branch.getSuccessorOperands(i).getForwardedOperands(),
                other->getSuccessor(i)->getArguments().drop_front(
                    branch.getSuccessorOperands(i).getProducedOperandCount()));
          return;
        }
        transferUnknown(other);
      });

  // scf.yield / scf.condition under an op this analysis does not know.
  if (isa<scf::YieldOp, scf::ConditionOp>(op) &&
      !isa<scf::IfOp, scf::ForOp, scf::WhileOp, scf::IndexSwitchOp,
           scf::ExecuteRegionOp>(op->getParentOp()))
    transferUnknown(op);
}

void FunctionEscapes::transferClosureCode(ClosureNewOp closure, ObjId site) {
  // A closure may be applied where this function cannot see, with unknown
  // arguments and an unknown use of its result. Its code's summary for the
  // closure parameter says what such a call does to the captures, so
  // account for it here, where the captures are known.
  auto code = symbols.lookupNearestSymbolFrom<func::FuncOp>(
      closure, closure.getCodeAttr());
  auto it = code ? summaries.find(code) : summaries.end();
  std::string why = ("its code @" + closure.getCode() +
                     " may hand its captures to whoever applies it")
                        .str();
  if (!code || code.getNumArguments() == 0 || code.isExternal()) {
    escapeToGlobal(closure.getResult(), closure, why);
    return;
  }
  if (it == summaries.end())
    return; // Same SCC, not summarised yet: the fixpoint comes back.
  const EscapeSummary &summary = it->second;
  auto bit = [](const llvm::SmallBitVector &bits, unsigned i) {
    return i < bits.size() && bits.test(i);
  };
  bool leaks = bit(summary.toGlobal, 0) || bit(summary.toResult, 0) ||
               (!summary.storedInto.empty() && summary.storedInto[0].any());
  if (leaks)
    escapeToGlobal(closure.getResult(), closure, why);
  bool receives = bit(summary.freshStoredInto, 0);
  for (unsigned j = 1; j < summary.storedInto.size(); ++j)
    receives |= bit(summary.storedInto[j], 0);
  if (receives)
    addContent(site, /*global=*/0, {EdgeKind::Store, closure});
}

void FunctionEscapes::transferUnknown(Operation *op) {
  // An op this analysis does not model may keep any pointer it is given,
  // and may return anything.
  constexpr ObjId global = 0;
  bool touchesHeap = llvm::any_of(op->getOperandTypes(), mayHoldHeap) ||
                     llvm::any_of(op->getResultTypes(), mayHoldHeap) ||
                     op->getNumRegions() != 0;
  if (!touchesHeap)
    return;
  std::string why = ("passed to '" + op->getName().getStringRef() +
                     "', which is not "
                     "understood")
                        .str();
  for (Value operand : op->getOperands())
    escapeToGlobal(operand, op, why);
  for (Value result : op->getResults())
    addPts(result, global);
  for (Region &region : op->getRegions())
    for (Block &block : region)
      for (BlockArgument arg : block.getArguments())
        addPts(arg, global);
}

void FunctionEscapes::transferCall(Operation *call,
                                   const EscapeSummary *summary,
                                   StringRef calleeName, ValueRange args,
                                   Value result) {
  constexpr ObjId global = 0;
  if (!summary || summary->opaque) {
    std::string why = summary
                          ? ("passed to external @" + calleeName).str()
                          : ("passed to unknown callee @" + calleeName).str();
    for (Value arg : args)
      escapeToGlobal(arg, call, why);
    if (result)
      addPts(result, global);
    return;
  }

  auto bit = [](const llvm::SmallBitVector &bits, unsigned i) {
    return i < bits.size() && bits.test(i);
  };
  SmallVector<ObjSet> reached;
  for (Value arg : args)
    reached.push_back(reach(getPts(arg)));

  for (auto [i, arg] : llvm::enumerate(args))
    if (bit(summary->toGlobal, i))
      escapeToGlobal(arg, call,
                     ("passed to @" + calleeName + ", which lets argument #" +
                      Twine(i) + " escape to the whole program")
                         .str());

  // Cells the callee allocates and hands back, holding whatever of the
  // arguments may be reachable from its result or stored by it.
  bool needFresh = (result && mayHoldHeap(result.getType())) ||
                   summary->freshStoredInto.any();
  if (needFresh) {
    ObjId fresh = callObject(call);
    for (unsigned i = 0; i < args.size(); ++i) {
      bool stored =
          i < summary->storedInto.size() && summary->storedInto[i].any();
      if (bit(summary->toResult, i) || stored)
        addContents(fresh, reached[i], {EdgeKind::Field, call});
    }
    if (summary->resultGlobal)
      addContent(fresh, global, {EdgeKind::Field, call});
    if (result) {
      addPts(result, fresh);
      for (unsigned i = 0; i < args.size(); ++i)
        if (bit(summary->toResult, i))
          addPts(result, reached[i]);
      if (summary->resultGlobal)
        addPts(result, global);
    }
    for (unsigned j = 0; j < args.size(); ++j)
      if (bit(summary->freshStoredInto, j))
        for (ObjId target : reached[j])
          addContent(target, fresh, {EdgeKind::Store, call});
  }
  // A store through an argument may write anywhere the argument reaches,
  // and may write any part of the stored argument.
  for (unsigned i = 0; i < args.size() && i < summary->storedInto.size(); ++i)
    for (unsigned j = 0; j < args.size(); ++j)
      if (bit(summary->storedInto[i], j))
        for (ObjId target : reached[j])
          addContents(target, reached[i], {EdgeKind::Store, call});
}

void FunctionEscapes::transferApply(ApplyOp apply) {
  constexpr ObjId global = 0;
  Value result = apply.getResult();
  auto codeSummary = [&](FlatSymbolRefAttr code) -> const EscapeSummary * {
    auto callee = symbols.lookupNearestSymbolFrom<func::FuncOp>(apply, code);
    if (!callee)
      return nullptr;
    auto it = summaries.find(callee);
    static const EscapeSummary bottom;
    return it != summaries.end() ? &it->second
           : callee.isExternal() ? nullptr
                                 : &bottom;
  };

  // Known code: a function reference, or closures built in this function.
  Operation *def = apply.getCallee().getDefiningOp();
  if (auto ref = dyn_cast_or_null<FuncRefOp>(def)) {
    transferCall(apply, codeSummary(ref.getCalleeAttr()), ref.getCallee(),
                 apply.getArgs(), result);
    return;
  }
  ObjSet callees = getPts(apply.getCallee());
  bool allKnown = !callees.empty() && llvm::all_of(callees, [&](ObjId obj) {
    return objects[obj].kind == ObjKind::Site &&
           isa<ClosureNewOp>(objects[obj].op);
  });
  if (allKnown) {
    for (ObjId obj : callees) {
      auto closure = cast<ClosureNewOp>(objects[obj].op);
      // The code takes the closure first; pass exactly this closure.
      SmallVector<Value> args{apply.getCallee()};
      llvm::append_range(args, apply.getArgs());
      transferCall(apply, codeSummary(closure.getCodeAttr()), closure.getCode(),
                   args, result);
    }
    return;
  }
  for (Value arg : apply.getArgs())
    escapeToGlobal(arg, apply, "passed to an unknown closure");
  addPts(result, global);
}

//===----------------------------------------------------------------------===//
// Classification
//===----------------------------------------------------------------------===//

void FunctionEscapes::raise(ObjId obj, EscapeClass kind, Operation *target,
                            int pred, Operation *edgeOp, EdgeKind edgeKind,
                            StringRef rootWhy, bool fromEdge) {
  ObjClass &cls = classes[obj];
  if (kind <= cls.kind)
    return;
  cls.kind = kind;
  cls.target = target;
  cls.pred = pred;
  cls.edgeOp = edgeOp;
  cls.edgeKind = edgeKind;
  cls.rootWhy = rootWhy.str();
  cls.fromEdge = fromEdge;
  changed = true;
}

void FunctionEscapes::classify() {
  classes.assign(objects.size(), ObjClass());
  for (auto [id, obj] : llvm::enumerate(objects)) {
    ObjClass &cls = classes[id];
    switch (obj.kind) {
    case ObjKind::Global:
      cls.kind = EscapeClass::Global;
      cls.rootWhy = "reaches a value of the whole program";
      break;
    case ObjKind::Site:
      if (Operation *loop = getEnclosingLoop(obj.op)) {
        cls.kind = EscapeClass::IterationLocal;
        cls.target = loop;
        cls.rootWhy = "does not outlive its iteration of the loop at " +
                      formatLocation(loop->getLoc());
      } else {
        cls.kind = EscapeClass::Local;
        cls.rootWhy = obj.op->getParentOfType<LambdaOp>()
                          ? std::string("does not outlive its lambda's body")
                          : "does not outlive @" + func.getSymName().str();
      }
      break;
    case ObjKind::Param:
      cls.kind = EscapeClass::Local;
      cls.rootWhy = "what parameter #" + std::to_string(obj.index) + " of @" +
                    func.getSymName().str() +
                    " reaches lives as long as the caller decides";
      break;
    default:
      cls.kind = EscapeClass::Local;
      cls.rootWhy = "does not outlive @" + func.getSymName().str();
      break;
    }
  }

  // Loop back edges: a site inside a loop whose value reaches the loop's
  // yield survives into the next iteration or past the loop.
  func.walk([&](Operation *loop) {
    if (!isa<scf::ForOp, scf::WhileOp>(loop))
      return;
    for (Region &region : loop->getRegions())
      for (Block &block : region)
        if (isa<scf::YieldOp, scf::ConditionOp>(block.getTerminator()))
          for (Value value : block.getTerminator()->getOperands())
            for (ObjId obj : getPts(value))
              if (objects[obj].kind == ObjKind::Site &&
                  loop->isProperAncestor(objects[obj].op))
                raise(obj, EscapeClass::LoopCarried, loop, -1, nullptr,
                      EdgeKind::Field,
                      "carried to the next iteration of the loop at " +
                          formatLocation(loop->getLoc()));
  });
  for (const Root &root : roots)
    for (ObjId obj : getPts(root.value))
      raise(obj, root.kind, root.target, -1, nullptr, EdgeKind::Field,
            root.why);

  // Containers pass their class to what they contain; closures and stores
  // at least tie their contents to themselves.
  do {
    changed = false;
    for (ObjId container = 0; container < objects.size(); ++container)
      for (ObjId content : contents[container]) {
        if (content == container)
          continue;
        const ObjClass &from = classes[container];
        Edge edge = edges.lookup({container, content});
        EscapeClass kind = from.kind;
        Operation *target = from.target;
        EscapeClass floor = edge.kind == EdgeKind::Capture
                                ? EscapeClass::Captured
                            : edge.kind == EdgeKind::Store ? EscapeClass::Stored
                                                           : EscapeClass::Local;
        bool fromEdge = edge.kind != EdgeKind::Field && floor > kind;
        if (fromEdge) {
          kind = floor;
          target = edge.op;
        }
        raise(content, kind, target, container, edge.op, edge.kind, "",
              fromEdge);
      }
  } while (changed);
}

std::string FunctionEscapes::describeObject(ObjId id) const {
  const Object &obj = objects[id];
  switch (obj.kind) {
  case ObjKind::Site:
    return EscapeAnalysis::describeSite(obj.op) + " at " +
           formatLocation(obj.op->getLoc());
  case ObjKind::Param:
    return "parameter #" + std::to_string(obj.index) + " of @" +
           func.getSymName().str();
  case ObjKind::CallResult:
    return "the result of the call at " + formatLocation(obj.op->getLoc());
  case ObjKind::Slot:
    return "the mutable local at " + formatLocation(obj.op->getLoc());
  case ObjKind::Global:
    return "a value of the whole program";
  }
  llvm_unreachable("unknown object kind");
}

std::string FunctionEscapes::explain(ObjId obj) const {
  // Walk back to the root, naming each container on the way. A capture or
  // store that set the class by itself is the root.
  SmallVector<std::string> steps;
  llvm::SmallDenseSet<ObjId> seen;
  std::string root;
  ObjId current = obj;
  while (classes[current].pred >= 0 && seen.insert(current).second) {
    const ObjClass &cls = classes[current];
    std::string step;
    switch (cls.edgeKind) {
    case EdgeKind::Field:
      step = "held by ";
      break;
    case EdgeKind::Capture:
      step = "captured by ";
      break;
    case EdgeKind::Store:
      step = cls.edgeOp
                 ? "stored by " + cls.edgeOp->getName().getStringRef().str() +
                       " at " + formatLocation(cls.edgeOp->getLoc()) + " into "
                 : "stored into ";
      break;
    }
    step += describeObject(cls.pred);
    if (cls.fromEdge) {
      root = step;
      break;
    }
    steps.push_back(step);
    current = cls.pred;
  }
  if (root.empty())
    root = classes[current].rootWhy;
  if (root.empty())
    root = "does not outlive @" + func.getSymName().str();
  std::string text = root;
  if (!steps.empty()) {
    text += " (flow: ";
    for (auto [i, step] : llvm::enumerate(steps)) {
      if (i)
        text += " -> ";
      text += step;
    }
    text += ")";
  }
  return text;
}

void FunctionEscapes::record(llvm::DenseMap<Operation *, EscapeInfo> &infos,
                             SmallVectorImpl<Operation *> &sites) {
  func.walk([&](Operation *op) {
    if (!EscapeAnalysis::isAllocation(op))
      return;
    auto it = opObjects.find(op);
    if (it == opObjects.end())
      return;
    const ObjClass &cls = classes[it->second];
    sites.push_back(op);
    infos[op] = {cls.kind, cls.target, explain(it->second)};
  });
}

EscapeSummary FunctionEscapes::summarize() {
  unsigned n = params.size();
  EscapeSummary summary;
  summary.toResult.resize(n);
  summary.toGlobal.resize(n);
  summary.storedInto.assign(n, llvm::SmallBitVector(n));
  summary.freshStoredInto.resize(n);

  ObjSet returned;
  func.walk([&](func::ReturnOp ret) {
    for (Value operand : ret.getOperands())
      returned.set_union(getPts(operand));
  });
  returned = reach(returned);
  summary.resultGlobal = returned.contains(0);

  for (unsigned i = 0; i < n; ++i) {
    ObjId param = params[i];
    summary.toResult[i] = returned.contains(param);
    summary.toGlobal[i] = classes[param].kind == EscapeClass::Global;
  }
  for (unsigned j = 0; j < n; ++j) {
    ObjSet stored;
    for (ObjId content : contents[params[j]])
      if (content != params[j])
        stored.insert(content);
    stored = reach(stored);
    for (ObjId obj : stored) {
      if (objects[obj].kind == ObjKind::Param && objects[obj].index != j)
        summary.storedInto[objects[obj].index].set(j);
      if (objects[obj].kind == ObjKind::Site ||
          objects[obj].kind == ObjKind::CallResult ||
          objects[obj].kind == ObjKind::Slot)
        summary.freshStoredInto.set(j);
    }
  }
  return summary;
}

} // namespace

//===----------------------------------------------------------------------===//
// Module driver: summaries over the call graph's SCCs
//===----------------------------------------------------------------------===//

EscapeAnalysis::EscapeAnalysis(Operation *op) {
  auto module = dyn_cast<ModuleOp>(op);
  if (!module)
    module = op->getParentOfType<ModuleOp>();
  if (!module)
    return;

  for (auto func : module.getOps<func::FuncOp>())
    if (func.isExternal()) {
      EscapeSummary opaque;
      opaque.opaque = true;
      summaries[func] = opaque;
    }

  SymbolTableCollection symbols;
  // Bottom-up over SCCs; within one, iterate until no summary changes.
  // Summaries only grow, so this reaches the least fixpoint.
  for (auto &scc : getBottomUpSCCs(module)) {
    bool again = true;
    while (again) {
      again = false;
      for (func::FuncOp func : scc) {
        if (func.isExternal())
          continue;
        FunctionEscapes escapes(func, summaries, symbols);
        escapes.run();
        EscapeSummary summary = escapes.summarize();
        auto it = summaries.find(func);
        if (it == summaries.end() || it->second != summary) {
          summaries[func] = summary;
          again = true;
        }
      }
    }
  }

  // With every summary final, classify each function's sites.
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isExternal())
      continue;
    FunctionEscapes escapes(func, summaries, symbols);
    escapes.run();
    escapes.record(infos, sites);
  }

  // Sites outside any function (a malformed module): assume the worst.
  module.walk([&](Operation *site) {
    if (isAllocation(site) && !infos.count(site)) {
      sites.push_back(site);
      infos[site] = {EscapeClass::Global, nullptr,
                     "not inside a function the analysis understands"};
    }
  });
}

const EscapeInfo *EscapeAnalysis::lookup(Operation *site) const {
  auto it = infos.find(site);
  return it == infos.end() ? nullptr : &it->second;
}

const EscapeSummary *EscapeAnalysis::getSummary(func::FuncOp func) const {
  auto it = summaries.find(func);
  return it == summaries.end() ? nullptr : &it->second;
}

} // namespace clef

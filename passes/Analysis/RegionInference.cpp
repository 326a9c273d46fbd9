//===- RegionInference.cpp - Joint region constraints of a module ---------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// One solver per function: a union-find over region variables, one per value
// that holds a region, plus variable 0 for the process region. Every op adds
// its hyperedge (unifications); calls instantiate the callee's scheme, so a
// function is region-polymorphic and each call site chooses its regions.
// Schemes are computed callees first; inside a strongly connected component
// every function is solved again with the others' current schemes until none
// changes (schemes only get coarser, so this terminates, and recursion, even
// polymorphic recursion, needs nothing special). Closure types are the one
// module-wide fact: when any code of a type lets its captures reach its
// arguments or result, every application of that type must unify them, and
// the whole module is solved again until the set of such types is stable.
//
// One algorithm, kept in one file on purpose: the constraint generation,
// the per-function solver and the module fixpoint share their state and read
// better together than split.
//
//===----------------------------------------------------------------------===//

#include "passes/Analysis/RegionInference.h"

#include "passes/Analysis/CallGraph.h"
#include "passes/Analysis/EscapeAnalysis.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/TypeSwitch.h"

#include <functional>

using namespace mlir;
using mlir::clef::ClosureType;

namespace clef {

bool RegionScheme::operator==(const RegionScheme &other) const {
  return params == other.params && results == other.results &&
         numClasses == other.numClasses && global == other.global &&
         needsHandle == other.needsHandle && closureCode == other.closureCode &&
         opaque == other.opaque;
}

SmallVector<unsigned> RegionScheme::handleClasses() const {
  SmallVector<unsigned> classes;
  for (unsigned c : needsHandle.set_bits())
    classes.push_back(c);
  return classes;
}

bool RegionInference::holdsRegion(Type type) {
  if (auto option = dyn_cast<mlir::clef::OptionType>(type))
    return holdsRegion(option.getElementType());
  if (auto local = dyn_cast<mlir::clef::LocalType>(type))
    return holdsRegion(local.getElementType());
  return mlir::clef::isHeapType(type);
}

namespace {

/// What applications of a closure type must do, from all codes of the type.
enum TypeFlags : unsigned {
  /// Some code lets its captures and its arguments or result reach each
  /// other: the closure's class is the arguments' class.
  Entangled = 1,
  /// Some code lets its arguments or result reach the process region.
  ArgsGlobal = 2,
  /// Some code lets its arguments and its result reach each other, or
  /// allocates in its arguments' class: they are one class, the one the
  /// application names. Otherwise an application's arguments keep their
  /// own regions and only its result is in the region it names.
  ArgsReachResult = 4,
};

/// The code of a `clef.func_ref` whose callee is closure code (it takes the
/// closure first), or null for a plain function.
static func::FuncOp getFuncRefCode(mlir::clef::FuncRefOp ref,
                                   SymbolTableCollection &symbols) {
  auto callee =
      symbols.lookupNearestSymbolFrom<func::FuncOp>(ref, ref.getCalleeAttr());
  if (!callee ||
      callee.getNumArguments() <= ref.getType().getSignature().getNumInputs())
    return {};
  return callee;
}

/// One iteration argument of a loop: the value that enters the first
/// iteration, the argument each iteration sees, the value passed to the next
/// iteration and the loop's result.
struct LoopPosition {
  Value init, arg, next, result;
};

/// The positions of a loop, or nothing if the loop is not a state-passing
/// loop the solver handles: an `scf.for`, or an `scf.while` whose condition
/// passes its arguments on unchanged.
static std::optional<SmallVector<LoopPosition>>
getLoopPositions(Operation *op) {
  SmallVector<LoopPosition> positions;
  if (auto forOp = dyn_cast<scf::ForOp>(op)) {
    auto yield = cast<scf::YieldOp>(forOp.getBody()->getTerminator());
    for (auto [i, arg] : llvm::enumerate(forOp.getRegionIterArgs()))
      positions.push_back({forOp.getInitArgs()[i], arg, yield.getOperand(i),
                           forOp.getResult(i)});
    return positions;
  }
  auto whileOp = dyn_cast<scf::WhileOp>(op);
  if (!whileOp)
    return std::nullopt;
  scf::ConditionOp cond = whileOp.getConditionOp();
  auto before = whileOp.getBeforeArguments();
  if (cond.getArgs().size() != before.size() ||
      !llvm::equal(cond.getArgs(), before) ||
      whileOp.getAfterArguments().size() != before.size())
    return std::nullopt;
  for (auto [i, arg] : llvm::enumerate(before))
    positions.push_back({whileOp.getInits()[i], arg,
                         whileOp.getYieldOp().getOperand(i),
                         whileOp.getResult(i)});
  return positions;
}

using SchemeMap = llvm::DenseMap<Operation *, RegionScheme>;
using TypeFlagMap = llvm::DenseMap<Type, unsigned>;

/// The closure type each code function is built for.
using CodeMap = llvm::DenseMap<Operation *, ClosureType>;

class Solver {
public:
  Solver(func::FuncOp func, const SchemeMap &schemes,
         const TypeFlagMap &typeFlags, const CodeMap &codes,
         SymbolTableCollection &symbols,
         const llvm::DenseSet<Operation *> &component)
      : func(func), schemes(schemes), typeFlags(typeFlags), codes(codes),
        symbols(symbols), component(component) {
    newVar(); // the process region
  }

  /// Adds every constraint of the function. Fails (with an error emitted)
  /// on IR the analysis does not support.
  LogicalResult solve();

  /// The function's scheme under the current solution.
  RegionScheme extractScheme();

  /// The flags this code function asks of its closure type.
  unsigned codeFlags();

  /// The full per-function solution.
  FunctionRegions extractSolution(const RegionScheme &scheme);

private:
  unsigned newVar() {
    parent.push_back(parent.size());
    allocated.push_back(false);
    why.emplace_back();
    return parent.size() - 1;
  }
  unsigned find(unsigned v) {
    while (parent[v] != v) {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  }
  /// Unifies two variables; the smaller index is the root, so the process
  /// region's variable 0 stays the root of its class.
  void unite(unsigned a, unsigned b) {
    a = find(a);
    b = find(b);
    if (a == b)
      return;
    if (b < a)
      std::swap(a, b);
    parent[b] = a;
    allocated[a] = allocated[a] || allocated[b];
    if (why[a].empty())
      why[a] = std::move(why[b]);
  }
  /// The variable of a value, or -1 if it holds no region.
  int var(Value value) {
    if (!RegionInference::holdsRegion(value.getType()))
      return -1;
    auto [it, inserted] = vars.try_emplace(value, 0);
    if (inserted) {
      it->second = newVar();
      varOrder.push_back(value);
    }
    return it->second;
  }
  void uniteValues(Value a, Value b) {
    int va = var(a), vb = var(b);
    if (va >= 0 && vb >= 0)
      unite(va, vb);
  }
  /// Unifies every region-holding value of `values` and returns the class,
  /// or -1 if none holds a region.
  int uniteAll(ValueRange values, int into = -1) {
    for (Value v : values) {
      int x = var(v);
      if (x < 0)
        continue;
      if (into < 0)
        into = x;
      else
        unite(into, x);
    }
    return into;
  }
  void pinGlobal(int v, const Twine &reason) {
    if (v < 0)
      return;
    unsigned root = find(v);
    if (root != 0 && why[0].empty())
      why[0] = reason.str();
    if (root != 0 && why[root].empty())
      why[root] = reason.str();
    unite(0, root);
  }
  void markAllocated(int v) {
    if (v >= 0)
      allocated[find(v)] = true;
  }

  LogicalResult visit(Operation *op);
  void keepTailCalls();
  void resolveLoops();
  llvm::DenseSet<unsigned> formalRoots();
  bool resolveOutlives();
  bool
  carriesRegions(Operation *loop,
                 const llvm::DenseMap<unsigned, SmallVector<Value>> &members,
                 const llvm::DenseSet<unsigned> &formals);
  void uniteLoop(Operation *loop);
  void visitCall(func::CallOp call);
  void visitApply(mlir::clef::ApplyOp apply);
  void visitAllocation(Operation *op);

  func::FuncOp func;
  const SchemeMap &schemes;
  const TypeFlagMap &typeFlags;
  const CodeMap &codes;
  SymbolTableCollection &symbols;
  /// The functions of the call-graph SCC being solved.
  const llvm::DenseSet<Operation *> &component;
  /// Calls and applications in tail position that may recurse.
  SmallVector<Operation *> tailCalls;

  SmallVector<unsigned> parent;
  SmallVector<bool> allocated;
  /// Why a root's class is what it is (the first pin to the process region).
  SmallVector<std::string> why;
  llvm::DenseMap<Value, unsigned> vars;
  /// The values of `vars` in the order they got a variable: classes are
  /// numbered in this order, so the output does not depend on pointers.
  SmallVector<Value> varOrder;
  SmallVector<int> resultVars;
  /// The variable standing for each formal class of each callee; -1 when no
  /// value of the call belongs to it.
  llvm::DenseMap<Operation *, SmallVector<int>> instances;
  /// For a code function: the variables of its environment, of its
  /// arguments, of its result, and of the class the application names (its
  /// handle's: the result's, or the arguments' and result's when they are
  /// one class); -1 if none.
  int envVar = -1, argsVar = -1, resultVar = -1, appVar = -1;
  /// Loops whose iterations may each get their own region, and those of
  /// them that turned out to carry regions from iteration to iteration.
  SmallVector<Operation *> loopCandidates;
  SmallVector<Operation *> carryingLoops;
  /// A closure and what it captures: the captures' region must outlive the
  /// closure's (`longer` outlives `shorter`).
  struct Outlives {
    unsigned longer, shorter;
    Operation *op;
  };
  SmallVector<Outlives> outlives;
};

LogicalResult Solver::solve() {
  for (Type type : func.getResultTypes())
    resultVars.push_back(RegionInference::holdsRegion(type) ? newVar() : -1);
  for (BlockArgument arg : func.getArguments())
    var(arg);

  // Closure code follows its closure type's convention: the environment is
  // one class, the arguments another and the result a third (the one the
  // application names); the arguments and the result are one class if the
  // type says so, and the environment is theirs too if it is entangled.
  if (auto it = codes.find(func); it != codes.end()) {
    unsigned flags = typeFlags.lookup(it->second);
    auto join = [&](int a, int b) {
      return a < 0 ? b : b < 0 ? a : (unite(a, b), a);
    };
    envVar = var(func.getArgument(0));
    argsVar = uniteAll(func.getArguments().drop_front());
    for (int r : resultVars)
      resultVar = join(resultVar, r);
    if (flags & (ArgsReachResult | Entangled))
      resultVar = argsVar = join(argsVar, resultVar);
    if (flags & Entangled)
      resultVar = argsVar = join(argsVar, envVar);
    appVar = resultVar;
    if (flags & ArgsGlobal) {
      const char *reason = "a code of its closure type lets its arguments "
                           "reach the process region";
      pinGlobal(argsVar, reason);
      pinGlobal(resultVar, reason);
    }
  }

  WalkResult result = func.getBody().walk([&](Operation *op) {
    return failed(visit(op)) ? WalkResult::interrupt() : WalkResult::advance();
  });
  keepTailCalls();
  resolveLoops();
  resolveOutlives();
  return failure(result.wasInterrupted());
}

/// The classic region discipline gives a loop-carried value one region for
/// the whole loop. A loop may instead carry one region per state from one
/// iteration to the next (each iteration builds the next state in a region
/// of its own and releases the previous one) when, after solving without
/// the loop's back edges:
///  - the class of each iteration argument and of each value passed to the
///    next iteration has no value outside the loop, and is not the caller's
///    or the process's;
///  - the class of each initial value has no use after the loop or inside
///    it (the loop takes its handle), and the class of each result no value
///    before the loop (the loop gives its handle);
///  - these classes correspond one to one across the positions.
/// Otherwise the back edges are unified as before and the loops are checked
/// again, until nothing changes (unification only grows).
void Solver::resolveLoops() {
  SmallVector<Operation *> pending = loopCandidates;
  // Every value at a loop position is a member of its class before the
  // classes are listed: a loop result no constraint mentions (only read by
  // ops that copy it) must still count as a use of its class.
  for (Operation *loop : pending)
    for (LoopPosition &pos :
         getLoopPositions(loop).value_or(SmallVector<LoopPosition>()))
      for (Value v : {pos.init, pos.arg, pos.next, pos.result})
        (void)var(v);
  for (bool changed = true; changed;) {
    changed = false;
    resolveOutlives();
    llvm::DenseMap<unsigned, SmallVector<Value>> members;
    for (Value value : varOrder)
      members[find(vars.lookup(value))].push_back(value);
    llvm::DenseSet<unsigned> formals = formalRoots();
    for (auto *it = pending.begin(); it != pending.end(); ++it) {
      if (carriesRegions(*it, members, formals))
        continue;
      uniteLoop(*it);
      pending.erase(it);
      changed = true;
      break;
    }
  }
  carryingLoops = std::move(pending);
  for (Operation *loop : carryingLoops)
    for (LoopPosition &pos :
         getLoopPositions(loop).value_or(SmallVector<LoopPosition>()))
      for (Value v : {pos.init, pos.arg, pos.next, pos.result})
        markAllocated(var(v));
}

llvm::DenseSet<unsigned> Solver::formalRoots() {
  llvm::DenseSet<unsigned> formals{find(0)};
  for (BlockArgument arg : func.getArguments())
    if (int v = var(arg); v >= 0)
      formals.insert(find(v));
  for (int r : resultVars)
    if (r >= 0)
      formals.insert(find(r));
  return formals;
}

/// A region the function creates can outlive another of its own regions by
/// placement alone (AssignRegions), but not the caller's or the process's:
/// captures of a closure that lives in such a region are unified with it.
/// Regions that must outlive each other are one region. Returns whether
/// anything was unified.
bool Solver::resolveOutlives() {
  bool any = false;
  for (bool changed = true; changed;) {
    changed = false;
    llvm::DenseSet<unsigned> formals = formalRoots();
    for (const Outlives &edge : outlives) {
      unsigned longer = find(edge.longer), shorter = find(edge.shorter);
      if (longer == shorter || longer == 0 || !formals.contains(shorter))
        continue;
      if (shorter == 0)
        pinGlobal(longer, "captured at " + formatLocation(edge.op->getLoc()) +
                              " by a closure in the process region");
      else
        unite(longer, shorter);
      changed = any = true;
      break;
    }
    if (changed)
      continue;
    // A cycle of outlives edges: one class.
    llvm::DenseMap<unsigned, SmallVector<unsigned>> succ;
    for (const Outlives &edge : outlives) {
      unsigned longer = find(edge.longer), shorter = find(edge.shorter);
      if (longer != shorter)
        succ[longer].push_back(shorter);
    }
    llvm::DenseMap<unsigned, int> state; // 1: on the stack, 2: done
    SmallVector<unsigned> stack;
    std::function<bool(unsigned)> dfs = [&](unsigned node) {
      state[node] = 1;
      stack.push_back(node);
      for (unsigned next : succ.lookup(node)) {
        int st = state.lookup(next);
        if (st == 1) {
          for (auto it = stack.rbegin(); *it != next; ++it)
            unite(*it, next);
          return true;
        }
        if (st == 0 && dfs(next))
          return true;
      }
      stack.pop_back();
      state[node] = 2;
      return false;
    };
    for (auto &entry : succ)
      if (!state.lookup(entry.first) && dfs(entry.first)) {
        changed = any = true;
        break;
      }
  }
  return any;
}

void Solver::uniteLoop(Operation *loop) {
  for (LoopPosition &pos :
       getLoopPositions(loop).value_or(SmallVector<LoopPosition>())) {
    uniteValues(pos.arg, pos.init);
    uniteValues(pos.arg, pos.next);
    uniteValues(pos.arg, pos.result);
  }
}

bool Solver::carriesRegions(
    Operation *loop,
    const llvm::DenseMap<unsigned, SmallVector<Value>> &members,
    const llvm::DenseSet<unsigned> &formals) {
  auto owner = [](Value v) {
    if (Operation *def = v.getDefiningOp())
      return def;
    return v.getParentBlock()->getParentOp();
  };
  // Strictly inside the loop: its block arguments included, its results not.
  auto inside = [&](Value v) {
    return v.getDefiningOp() != loop && loop->isAncestor(owner(v));
  };
  Block *block = loop->getBlock();
  auto ancestor = [&](Operation *op) {
    return block->findAncestorOpInBlock(*op);
  };
  auto after = [&](Value v) {
    if (v.getDefiningOp() == loop)
      return true;
    Operation *anc = ancestor(owner(v));
    return anc && anc != loop && loop->isBeforeInBlock(anc);
  };
  // Defined before the loop in its block, and used only before it or as
  // its operand.
  auto consumed = [&](Value v) {
    if (isa<BlockArgument>(v))
      return false;
    Operation *anc = ancestor(owner(v));
    if (!anc || anc == loop || !anc->isBeforeInBlock(loop))
      return false;
    return llvm::all_of(v.getUsers(), [&](Operation *user) {
      if (user == loop)
        return true;
      Operation *a = ancestor(user);
      return a && a != loop && a->isBeforeInBlock(loop);
    });
  };
  auto all = [&](unsigned root, auto pred) {
    auto it = members.find(root);
    return it == members.end() || llvm::all_of(it->second, pred);
  };

  struct Roles {
    unsigned init, next, result;
  };
  llvm::MapVector<unsigned, Roles> carried;
  bool allocates = false;
  for (LoopPosition &pos :
       getLoopPositions(loop).value_or(SmallVector<LoopPosition>())) {
    int a = var(pos.arg);
    if (a < 0)
      continue;
    unsigned arg = find(a), init = find(var(pos.init)),
             next = find(var(pos.next)), result = find(var(pos.result));
    if (formals.contains(arg) || formals.contains(init) ||
        formals.contains(next) || formals.contains(result))
      return false;
    if (!all(arg, inside) || !all(next, inside) || !all(init, consumed) ||
        !all(result, after))
      return false;
    allocates = allocates || allocated[arg] || allocated[next];
    auto [it, inserted] = carried.try_emplace(arg, Roles{init, next, result});
    if (!inserted && (it->second.init != init || it->second.next != next ||
                      it->second.result != result))
      return false;
  }
  if (carried.empty() || !allocates)
    return false;
  // The loop decides when the regions of states die: what must die before
  // them (closures over them) must die within the same iteration, or before
  // the loop for the initial state.
  llvm::DenseSet<unsigned> decided, initial;
  for (auto &[arg, roles] : carried) {
    decided.insert(arg);
    decided.insert(roles.next);
    decided.insert(roles.init);
    initial.insert(roles.init);
  }
  auto before = [&](Value v) {
    Operation *anc = ancestor(owner(v));
    return anc && anc != loop && anc->isBeforeInBlock(loop) &&
           llvm::all_of(v.getUsers(), [&](Operation *user) {
             Operation *a = ancestor(user);
             return a && a != loop && a->isBeforeInBlock(loop);
           });
  };
  for (const Outlives &edge : outlives) {
    unsigned longer = find(edge.longer), shorter = find(edge.shorter);
    if (longer == shorter || !decided.contains(longer))
      continue;
    if (decided.contains(shorter))
      return false;
    if (initial.contains(longer) ? !all(shorter, before)
                                 : !all(shorter, inside))
      return false;
  }
  llvm::DenseSet<unsigned> inits, nexts, results;
  for (auto &[arg, roles] : carried)
    if (!inits.insert(roles.init).second || !nexts.insert(roles.next).second ||
        !results.insert(roles.result).second)
      return false;
  // The next state of an `scf.while` is built after its condition, where
  // its region is created.
  if (auto whileOp = dyn_cast<scf::WhileOp>(loop)) {
    Region &afterRegion = whileOp.getAfter();
    auto inAfter = [&](Value v) {
      if (auto arg = dyn_cast<BlockArgument>(v))
        return afterRegion.isAncestor(arg.getParentRegion());
      return afterRegion.isAncestor(v.getDefiningOp()->getParentRegion());
    };
    for (auto &[arg, roles] : carried)
      if (!carried.count(roles.next) && !all(roles.next, inAfter))
        return false;
  }
  return true;
}

/// Whether `op`'s only result is what the function returns: followed by
/// `func.return` of it, or by `scf.yield` of it in an `scf.if` whose result
/// is in turn in tail position. The lowering makes such calls tail calls.
static bool isInTailPosition(Operation *op) {
  if (op->getNumResults() != 1)
    return false;
  Value value = op->getResult(0);
  for (Operation *current = op;;) {
    Operation *next = current->getNextNode();
    if (!next || !next->hasTrait<OpTrait::IsTerminator>())
      return false;
    if (isa<func::ReturnOp>(next))
      return next->getNumOperands() == 1 && next->getOperand(0) == value;
    auto ifOp = dyn_cast<scf::IfOp>(next->getParentOp());
    if (!isa<scf::YieldOp>(next) || !ifOp ||
        next->getNumOperands() != ifOp.getNumResults())
      return false;
    auto it = llvm::find(next->getOperands(), value);
    if (it == next->operand_end())
      return false;
    value = ifOp.getResult(it - next->operand_begin());
    current = ifOp;
  }
}

/// A call in tail position runs after the caller's frame is gone, so a
/// region the caller owns could not be released after it without giving up
/// the tail call (and constant stack in tail recursion). The arguments of
/// recursive calls and applications in tail position therefore live in a
/// region of the caller's caller: a self call's in the region of the
/// matching parameter, others' in the region of the result or of the first
/// parameter that has one (the process region if none does).
void Solver::keepTailCalls() {
  auto formalRoots = [&] {
    llvm::SmallDenseSet<unsigned, 8> roots{0};
    for (BlockArgument arg : func.getArguments())
      if (int v = var(arg); v >= 0)
        roots.insert(find(v));
    for (int r : resultVars)
      if (r >= 0)
        roots.insert(find(r));
    return roots;
  };
  int anchor = -1;
  for (int r : resultVars)
    if (r >= 0 && anchor < 0)
      anchor = r;
  for (BlockArgument arg : func.getArguments())
    if (anchor < 0)
      anchor = var(arg);
  if (anchor < 0)
    anchor = 0;
  for (Operation *op : tailCalls) {
    auto call = dyn_cast<func::CallOp>(op);
    bool self = call && call.getCallee() == func.getSymName();
    for (auto [i, arg] : llvm::enumerate(op->getOperands())) {
      int v = var(arg);
      if (v < 0 || formalRoots().contains(find(v)))
        continue;
      int target = self ? var(func.getArgument(i)) : anchor;
      unite(v, target < 0 ? anchor : target);
    }
  }
}

static std::string where(Operation *op) { return formatLocation(op->getLoc()); }

void Solver::visitAllocation(Operation *op) {
  int r = var(op->getResult(0));
  markAllocated(r);
  if (isa<mlir::clef::ArgvOp>(op)) {
    pinGlobal(r, "argv at " + where(op) + " lives as long as the process");
    return;
  }
  // Strings copy the bytes they are built from: they hold no other cell.
  if (isa<mlir::clef::StringConcatOp, mlir::clef::SprintfOp,
          mlir::clef::ToStringOp>(op))
    return;
  if (auto closure = dyn_cast<mlir::clef::ClosureNewOp>(op)) {
    auto code = symbols.lookupNearestSymbolFrom<func::FuncOp>(
        op, closure.getCodeAttr());
    if (code) {
      auto it = schemes.find(code);
      if (it != schemes.end() && !it->second.params.empty() &&
          it->second.params[0] >= 0 && it->second.global[it->second.params[0]])
        pinGlobal(r, "the code @" + code.getSymName() + " of the closure at " +
                         where(op) +
                         " lets its captures reach the process region");
    }
  }
  // A closure only needs its captures to outlive it: it may live in a
  // shorter region than they do (resolveOutlives). Not if its type is
  // entangled: code that allocates into its environment or lets it reach
  // its arguments allocates into the captures' regions through the
  // closure's.
  auto closureType =
      dyn_cast<mlir::clef::ClosureType>(op->getResult(0).getType());
  if (closureType && !(typeFlags.lookup(closureType) & Entangled)) {
    for (Value operand : op->getOperands())
      if (int v = var(operand); v >= 0 && r >= 0)
        outlives.push_back(
            {static_cast<unsigned>(v), static_cast<unsigned>(r), op});
    return;
  }
  for (Value operand : op->getOperands())
    uniteValues(op->getResult(0), operand);
}

void Solver::visitCall(func::CallOp call) {
  auto callee =
      symbols.lookupNearestSymbolFrom<func::FuncOp>(call, call.getCalleeAttr());
  auto it = callee ? schemes.find(callee) : schemes.end();
  if (!callee || it == schemes.end() || it->second.opaque) {
    std::string reason = "passed to @" + call.getCallee().str() + " at " +
                         where(call) + ", whose body is not visible";
    for (Value v : call.getOperands())
      pinGlobal(var(v), reason);
    for (Value v : call.getResults())
      pinGlobal(var(v), reason);
    return;
  }
  const RegionScheme &scheme = it->second;
  SmallVector<int> inst(scheme.numClasses, -1);
  auto bind = [&](int formal, Value actual) {
    int v = var(actual);
    if (formal < 0 || v < 0)
      return;
    if (inst[formal] < 0)
      inst[formal] = v;
    else
      unite(inst[formal], v);
  };
  for (auto [formal, actual] : llvm::zip(scheme.params, call.getOperands()))
    bind(formal, actual);
  for (auto [formal, actual] : llvm::zip(scheme.results, call.getResults()))
    bind(formal, actual);
  for (unsigned c = 0; c < scheme.numClasses; ++c) {
    if (scheme.global[c])
      pinGlobal(inst[c], "@" + callee.getSymName() + " (called at " +
                             where(call) +
                             ") lets it reach the process region");
    if (scheme.needsHandle[c])
      markAllocated(inst[c]);
  }
  instances[call] = std::move(inst);
  if (component.contains(callee) && isInTailPosition(call))
    tailCalls.push_back(call);
}

void Solver::visitApply(mlir::clef::ApplyOp apply) {
  ClosureType type = apply.getCallee().getType();
  unsigned flags = typeFlags.lookup(type);
  auto join = [&](int a, int b) {
    return a < 0 ? b : b < 0 ? a : (unite(a, b), a);
  };
  int args = uniteAll(apply.getArgs());
  int result = uniteAll(apply->getResults());
  if (flags & (ArgsReachResult | Entangled))
    result = args = join(args, result);
  if (flags & Entangled)
    result = args = join(args, var(apply.getCallee()));
  if (flags & ArgsGlobal) {
    std::string reason = "applied at " + where(apply) +
                         " to a closure whose code may let its arguments "
                         "reach the process region";
    pinGlobal(args, reason);
    pinGlobal(result, reason);
  }
  markAllocated(result);
  instances[apply] = {result};
  if (isInTailPosition(apply))
    tailCalls.push_back(apply);
}

LogicalResult Solver::visit(Operation *op) {
  using namespace mlir::clef;
  if (EscapeAnalysis::isAllocation(op)) {
    if (isa<LambdaOp>(op))
      return op->emitError("region inference runs after closure conversion");
    if (llvm::any_of(op->getOperands(), [](Value v) {
          return isa<region::HandleType>(v.getType());
        }))
      return op->emitError("allocation already names a region: region "
                           "inference runs once, before region assignment");
    visitAllocation(op);
    return success();
  }
  if (auto call = dyn_cast<func::CallOp>(op)) {
    visitCall(call);
    return success();
  }
  if (auto apply = dyn_cast<ApplyOp>(op)) {
    if (apply.getRegion())
      return op->emitError("application already names a region: region "
                           "inference runs once, before region assignment");
    visitApply(apply);
    return success();
  }
  if (auto ret = dyn_cast<func::ReturnOp>(op)) {
    for (auto [operand, r] : llvm::zip(ret.getOperands(), resultVars)) {
      int v = var(operand);
      if (v >= 0 && r >= 0)
        unite(v, r);
    }
    return success();
  }
  if (auto load = dyn_cast<GlobalLoadOp>(op)) {
    pinGlobal(var(load.getResult()),
              "read from global @" + load.getGlobal() + " at " + where(op));
    return success();
  }
  if (auto store = dyn_cast<GlobalStoreOp>(op)) {
    pinGlobal(var(store.getValue()),
              "stored into global @" + store.getGlobal() + " at " + where(op));
    return success();
  }
  if (auto ref = dyn_cast<FuncRefOp>(op)) {
    // A static cell over closure code: no region at all.
    if (getFuncRefCode(ref, symbols))
      return success();
    pinGlobal(var(ref.getResult()),
              "function value @" + ref.getCallee() + " at " + where(op) +
                  " is a static closure whose code allocates in the process "
                  "region");
    return success();
  }

  // Structured control flow: what a region yields is what the op returns or
  // carries to the next iteration.
  if (auto ifOp = dyn_cast<scf::IfOp>(op)) {
    for (auto [i, result] : llvm::enumerate(ifOp.getResults())) {
      uniteValues(result, ifOp.thenYield().getOperand(i));
      if (!ifOp.getElseRegion().empty())
        uniteValues(result, ifOp.elseYield().getOperand(i));
    }
    return success();
  }
  if (isa<scf::ForOp, scf::WhileOp>(op)) {
    if (getLoopPositions(op)) {
      // Decided once the whole function is seen (resolveLoops).
      if (auto whileOp = dyn_cast<scf::WhileOp>(op))
        for (auto [before, after] : llvm::zip(whileOp.getBeforeArguments(),
                                              whileOp.getAfterArguments()))
          uniteValues(before, after);
      loopCandidates.push_back(op);
      return success();
    }
    auto whileOp = cast<scf::WhileOp>(op);
    scf::ConditionOp cond = whileOp.getConditionOp();
    scf::YieldOp yield = whileOp.getYieldOp();
    for (auto [i, arg] : llvm::enumerate(whileOp.getBeforeArguments())) {
      uniteValues(arg, whileOp.getInits()[i]);
      uniteValues(arg, yield.getOperand(i));
    }
    for (auto [i, arg] : llvm::enumerate(whileOp.getAfterArguments())) {
      uniteValues(arg, cond.getArgs()[i]);
      uniteValues(arg, whileOp.getResult(i));
    }
    return success();
  }
  if (isa<scf::IndexSwitchOp, scf::ExecuteRegionOp>(op)) {
    for (Region &region : op->getRegions())
      for (Block &block : region)
        if (auto yield = dyn_cast<scf::YieldOp>(block.getTerminator()))
          for (auto [result, value] :
               llvm::zip(op->getResults(), yield.getOperands()))
            uniteValues(result, value);
    return success();
  }
  if (isa<scf::YieldOp, scf::ConditionOp>(op))
    return success();
  // Never read: the unused side of a loop exit.
  if (isa<ub::PoisonOp>(op))
    return success();
  if (op->getNumRegions() != 0)
    return op->emitError("region inference does not know the control flow "
                         "of this op");

  bool holdsOut = llvm::any_of(op->getResults(), [](Value v) {
    return RegionInference::holdsRegion(v.getType());
  });
  bool holdsIn = llvm::any_of(op->getOperands(), [](Value v) {
    return RegionInference::holdsRegion(v.getType());
  });
  if (!holdsOut && !holdsIn)
    return success();
  if (isa<mlir::clef::ClefDialect>(op->getDialect())) {
    // Loads (the result is read out of the operand), stores (the value goes
    // into the container), options and casts: one class. Ops that only read
    // (comparisons, printing, lengths, tags) tie nothing.
    if (holdsOut || isa<RecordSetOp, ArraySetOp, RefSetOp, LocalSetOp>(op))
      uniteAll(op->getResults(), uniteAll(op->getOperands()));
    return success();
  }
  std::string reason = "used by '" + op->getName().getStringRef().str() +
                       "' at " + where(op) +
                       ", which region inference does not know";
  for (Value v : op->getOperands())
    pinGlobal(var(v), reason);
  for (Value v : op->getResults())
    pinGlobal(var(v), reason);
  return success();
}

RegionScheme Solver::extractScheme() {
  RegionScheme scheme;
  llvm::DenseMap<unsigned, int> formalOf;
  SmallVector<bool> formalGlobal, formalAllocated;
  auto formal = [&](int v) -> int {
    if (v < 0)
      return -1;
    unsigned root = find(v);
    auto [it, inserted] = formalOf.try_emplace(root, formalGlobal.size());
    if (inserted) {
      formalGlobal.push_back(root == 0);
      formalAllocated.push_back(allocated[root]);
    }
    return it->second;
  };
  for (BlockArgument arg : func.getArguments())
    scheme.params.push_back(formal(var(arg)));
  for (int r : resultVars)
    scheme.results.push_back(formal(r));

  if (codes.count(func)) {
    // One handle, for the class the application names, which may have no
    // value here (a code over scalars): it is then a class of its own.
    scheme.closureCode = true;
    int args = appVar >= 0 ? formal(appVar) : -1;
    if (args < 0) {
      args = formalGlobal.size();
      formalGlobal.push_back(false);
      formalAllocated.push_back(false);
    }
    scheme.numClasses = formalGlobal.size();
    scheme.global.resize(scheme.numClasses);
    scheme.needsHandle.resize(scheme.numClasses);
    for (unsigned c = 0; c < scheme.numClasses; ++c)
      if (formalGlobal[c])
        scheme.global.set(c);
    scheme.needsHandle.set(args);
    return scheme;
  }

  scheme.numClasses = formalGlobal.size();
  scheme.global.resize(scheme.numClasses);
  scheme.needsHandle.resize(scheme.numClasses);
  for (unsigned c = 0; c < scheme.numClasses; ++c) {
    if (formalGlobal[c])
      scheme.global.set(c);
    else if (formalAllocated[c])
      scheme.needsHandle.set(c);
  }
  return scheme;
}

unsigned Solver::codeFlags() {
  unsigned flags = 0;
  if (envVar < 0)
    return flags;
  unsigned env = find(envVar);
  int args = argsVar >= 0 ? static_cast<int>(find(argsVar)) : -1;
  int result = resultVar >= 0 ? static_cast<int>(find(resultVar)) : -1;
  // Captures reach the arguments or result (or the other way round), or the
  // code allocates into its environment, whose region it has no handle
  // for: applications must then pass the closure's own region.
  if (args == static_cast<int>(env) || result == static_cast<int>(env) ||
      (env != 0 && allocated[env]))
    flags |= Entangled;
  if (args == 0 || result == 0)
    flags |= ArgsGlobal;
  // The arguments and the result must be one class if they are already,
  // if the code allocates in the arguments' (it has a handle for the
  // result's only), or if an outlives chain links them either way (a
  // result closure capturing an argument, say), which an application
  // would not see.
  if (args >= 0 && args != 0) {
    bool linked = args == result || allocated[args];
    if (!linked && result >= 0) {
      llvm::DenseMap<unsigned, SmallVector<unsigned>> edges;
      for (const Outlives &edge : outlives) {
        unsigned a = find(edge.longer), b = find(edge.shorter);
        edges[a].push_back(b);
        edges[b].push_back(a);
      }
      SmallVector<unsigned> work{static_cast<unsigned>(args)};
      llvm::DenseSet<unsigned> seen{static_cast<unsigned>(args)};
      while (!work.empty() && !linked) {
        unsigned c = work.pop_back_val();
        for (unsigned next : edges.lookup(c)) {
          if (next == static_cast<unsigned>(result))
            linked = true;
          if (seen.insert(next).second)
            work.push_back(next);
        }
      }
    }
    if (linked)
      flags |= ArgsReachResult;
  }
  return flags;
}

FunctionRegions Solver::extractSolution(const RegionScheme &scheme) {
  FunctionRegions out;
  llvm::DenseMap<unsigned, unsigned> classOfRoot;
  auto classOf = [&](unsigned v) -> unsigned {
    unsigned root = find(v);
    auto [it, inserted] = classOfRoot.try_emplace(root, out.classes.size());
    if (inserted) {
      FunctionRegions::Class c;
      c.allocated = allocated[root];
      if (root == 0) {
        c.kind = RegionKind::Global;
        c.reason = why[0].empty() ? "the process region" : why[root];
      }
      out.classes.push_back(std::move(c));
    }
    return it->second;
  };
  // Formal classes first, so parameter regions have the smallest numbers.
  auto markFormal = [&](int v, int formal, const Twine &what) {
    if (v < 0 || formal < 0)
      return;
    FunctionRegions::Class &c = out.classes[classOf(v)];
    if (c.kind == RegionKind::Global || c.formal >= 0)
      return;
    c.kind = RegionKind::Param;
    c.formal = formal;
    c.reason = what.str();
  };
  for (auto [i, arg] : llvm::enumerate(func.getArguments()))
    markFormal(var(arg), scheme.params[i],
               "the region of parameter #" + Twine(i) + " of @" +
                   func.getSymName());
  for (auto [i, r] : llvm::enumerate(resultVars))
    markFormal(r, scheme.results[i],
               "the region of the result of @" + func.getSymName());
  if (scheme.closureCode && appVar >= 0) {
    FunctionRegions::Class &c = out.classes[classOf(appVar)];
    if (c.kind == RegionKind::Param)
      c.reason =
          ("the region the application of @" + func.getSymName() + " names")
              .str();
  }
  for (Value value : varOrder)
    out.classOf[value] = classOf(vars.lookup(value));
  for (const Outlives &edge : outlives) {
    unsigned longer = find(edge.longer), shorter = find(edge.shorter);
    if (longer == shorter || longer == 0)
      continue;
    std::pair<unsigned, unsigned> pair{classOf(longer), classOf(shorter)};
    if (!llvm::is_contained(out.outlives, pair))
      out.outlives.push_back(pair);
  }
  for (Operation *loop : carryingLoops) {
    SmallVector<FunctionRegions::CarriedRegion> carried;
    llvm::SmallDenseSet<unsigned, 4> seen;
    for (LoopPosition &pos :
         getLoopPositions(loop).value_or(SmallVector<LoopPosition>())) {
      int a = var(pos.arg);
      if (a < 0 || !seen.insert(classOf(a)).second)
        continue;
      FunctionRegions::CarriedRegion c;
      c.inner = classOf(a);
      c.init = classOf(var(pos.init));
      c.next = classOf(var(pos.next));
      c.result = classOf(var(pos.result));
      out.classes[c.inner].carriedBy = loop;
      out.classes[c.next].yieldedBy = loop;
      out.classes[c.init].consumedBy = loop;
      out.classes[c.result].resultOf = loop;
      carried.push_back(c);
    }
    out.loops[loop] = std::move(carried);
  }
  for (auto &[op, inst] : instances) {
    SmallVector<int> mapped;
    for (int v : inst)
      mapped.push_back(v < 0 ? -1 : static_cast<int>(classOf(v)));
    out.instances[op] = std::move(mapped);
  }
  return out;
}

} // namespace

RegionInference::RegionInference(Operation *op) {
  auto module = dyn_cast<ModuleOp>(op);
  if (!module)
    module = op->getParentOfType<ModuleOp>();
  SymbolTableCollection symbols;

  // Which functions are closure code, and for which closure type.
  CodeMap codes;
  module.walk([&](Operation *op) {
    if (auto closure = dyn_cast<mlir::clef::ClosureNewOp>(op)) {
      if (auto code = symbols.lookupNearestSymbolFrom<func::FuncOp>(
              closure, closure.getCodeAttr()))
        codes.try_emplace(code, closure.getType());
    } else if (auto ref = dyn_cast<mlir::clef::FuncRefOp>(op)) {
      if (func::FuncOp code = getFuncRefCode(ref, symbols))
        codes.try_emplace(code, ref.getType());
    }
  });

  auto sccs = getBottomUpSCCs(module);
  TypeFlagMap typeFlags;
  // An application of a closure type no code in the module has (one only
  // a caller outside the module could build) takes its arguments and
  // result to be one class: nothing says which of them the code keeps.
  llvm::DenseSet<Type> codeTypes;
  for (auto &[code, type] : codes)
    codeTypes.insert(type);
  module.walk([&](mlir::clef::ApplyOp apply) {
    Type type = apply.getCallee().getType();
    if (!codeTypes.contains(type))
      typeFlags[type] |= ArgsReachResult;
  });
  // The module-wide fixpoint on closure types: flags only grow.
  for (;;) {
    schemes.clear();
    TypeFlagMap newFlags = typeFlags;
    for (auto &scc : sccs) {
      llvm::DenseSet<Operation *> component;
      for (func::FuncOp func : scc)
        component.insert(func);
      for (func::FuncOp func : scc) {
        RegionScheme start;
        if (func.isExternal()) {
          start.opaque = true;
        } else {
          // Finest scheme: every position its own class.
          auto fresh = [&](TypeRange types, SmallVector<int> &into) {
            for (Type t : types)
              into.push_back(holdsRegion(t) ? start.numClasses++ : -1);
          };
          fresh(func.getArgumentTypes(), start.params);
          fresh(func.getResultTypes(), start.results);
          if (codes.count(func)) {
            start.closureCode = true;
            ++start.numClasses;
          }
          start.global.resize(start.numClasses);
          start.needsHandle.resize(start.numClasses);
        }
        schemes[func] = std::move(start);
      }
      for (bool changed = true; changed;) {
        changed = false;
        for (func::FuncOp func : scc) {
          if (func.isExternal())
            continue;
          Solver solver(func, schemes, typeFlags, codes, symbols, component);
          if (failed(solver.solve())) {
            ok = false;
            return;
          }
          RegionScheme scheme = solver.extractScheme();
          if (scheme != schemes[func]) {
            schemes[func] = std::move(scheme);
            changed = true;
          }
          if (auto it = codes.find(func); it != codes.end())
            newFlags[it->second] |= solver.codeFlags();
        }
      }
    }
    if (newFlags == typeFlags)
      break;
    typeFlags = std::move(newFlags);
  }

  // Final solutions with the final schemes.
  for (auto &scc : sccs) {
    llvm::DenseSet<Operation *> component;
    for (func::FuncOp func : scc)
      component.insert(func);
    for (func::FuncOp func : scc) {
      order.push_back(func);
      if (func.isExternal())
        continue;
      Solver solver(func, schemes, typeFlags, codes, symbols, component);
      (void)solver.solve();
      solutions[func] = solver.extractSolution(schemes[func]);
    }
  }
  for (auto &[type, flags] : typeFlags)
    if (flags & Entangled)
      entangled.insert(type);
}

const RegionScheme *RegionInference::getScheme(func::FuncOp func) const {
  auto it = schemes.find(func);
  return it == schemes.end() ? nullptr : &it->second;
}

const FunctionRegions *RegionInference::getRegions(func::FuncOp func) const {
  auto it = solutions.find(func);
  return it == solutions.end() ? nullptr : &it->second;
}

} // namespace clef

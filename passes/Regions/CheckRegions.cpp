//===- CheckRegions.cpp - Independent check of region-level IR ------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Re-derives, from region-level IR alone, the memory-safety properties that
// region assignment claims, trusting none of the analyses that produced it:
//
//  1. every allocation targets a region that is live there on every path;
//  2. no value allocated in a region (or read out of one) is used after the
//     region is released;
//  3. every region a function creates is released exactly once on every
//     path, or returned to the caller;
//  4. a function never releases a region it received as a parameter;
//  5. a region is not released while a live region still holds values
//     allocated in it (the outlives order of stored values);
//  6. everything allocated in a stack region fits in its buffer.
//
// The check is an abstract interpretation over structured control flow
// (func + scf), one function at a time. A value received as a parameter
// stands for the caller's regions it holds. Calls use a summary of the
// callee re-derived from its own IR by this checker, callees first and to a
// fixpoint in recursive components: which parameters (values and handles)
// the result may hold values of, and which parameters may be stored into
// which. Applications of unknown closures are taken at their signature: the
// result may hold values of every region the operands hold. The checker
// runs after closure conversion (no clef.lambda).
//
// One algorithm, kept in one file on purpose: the abstract interpretation
// and the callee summaries it computes to a fixpoint share one state.
//
//===----------------------------------------------------------------------===//

#include "passes/Analysis/CallGraph.h"
#include "passes/Analysis/EscapeAnalysis.h"
#include "passes/Conversion/ClefToLLVM/ClefToLLVM.h"
#include "passes/Conversion/ClefToLLVM/LoweringUtils.h"
#include "passes/Passes.h"
#include "passes/Regions/StackRegions.h"

#include "dialects/Clef/ClefOps.h"
#include "dialects/Clef/ClefTypes.h"
#include "dialects/Region/RegionOps.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"

namespace clef {
#define GEN_PASS_DEF_CHECKREGIONS
#include "passes/Passes.h.inc"
} // namespace clef

using namespace mlir;

namespace clef {
namespace {

enum class Liveness { Live, Released, MaybeReleased };

/// What a call to a function does with the regions of its parameters, as
/// re-derived from the function's IR.
struct CallSummary {
  /// The result may hold values of parameter i's regions (or of handle i).
  llvm::SmallBitVector resultFrom;
  /// storesInto[j][i]: cells the callee allocates in parameter j's regions
  /// may hold values of parameter i's regions.
  llvm::SmallVector<llvm::SmallBitVector> storesInto;
  /// writesInto[j][i]: the callee may write values of parameter i's regions
  /// into existing cells reachable from parameter j (a mutable field, ref
  /// or array element), in whatever region those cells are.
  llvm::SmallVector<llvm::SmallBitVector> writesInto;

  bool operator==(const CallSummary &other) const {
    return resultFrom == other.resultFrom && storesInto == other.storesInto &&
           writesInto == other.writesInto;
  }
};
using SummaryMap = llvm::DenseMap<Operation *, CallSummary>;

/// The summaries a function checker relies on.
struct Summaries {
  /// Of every function defined in the module.
  SummaryMap functions;
  /// Of every closure type with known code: the union of the summaries of
  /// all codes of that type. An application's operands (closure, arguments,
  /// region) line up with its code's parameters (closure, arguments,
  /// handle).
  llvm::DenseMap<Type, CallSummary> closureTypes;
  /// Cached symbol tables for finding callees: an uncached lookup per call
  /// scans the whole module.
  mutable SymbolTableCollection symbols;
};

using RegionSet = llvm::SmallSetVector<Value, 2>;

/// The abstract state at a program point.
struct State {
  /// Every region handle in scope and whether it is still live.
  llvm::MapVector<Value, Liveness> regions;
  /// For each region, the regions whose values were stored into it.
  llvm::DenseMap<Value, RegionSet> holds;
  /// Where each region was released (for notes).
  llvm::DenseMap<Value, Operation *> releasedAt;

  void join(const State &other) {
    for (auto &[handle, liveness] : regions) {
      auto it = other.regions.find(handle);
      if (it != other.regions.end() && it->second != liveness)
        liveness = Liveness::MaybeReleased;
    }
    for (auto &[handle, liveness] : other.regions)
      if (!regions.count(handle))
        regions[handle] = liveness;
    for (auto &[handle, set] : other.holds)
      holds[handle].insert(set.begin(), set.end());
    for (auto &[handle, op] : other.releasedAt)
      releasedAt.try_emplace(handle, op);
  }
};

class FunctionChecker {
public:
  FunctionChecker(func::FuncOp func, const Summaries &summaries,
                  bool quiet = false)
      : func(func), summaries(summaries), quiet(quiet) {}

  LogicalResult check() {
    State state;
    for (BlockArgument arg : func.getArguments()) {
      if (isa<region::HandleType>(arg.getType()))
        state.regions[arg] = Liveness::Live; // borrowed from the caller
      else if (mayHoldHeap(arg.getType()))
        prov[arg].insert(arg); // the caller's regions, whichever they are
    }
    checkRegion(func.getBody(), state);
    return failure(failed);
  }

  /// The function's summary, from what its returns hold and what its
  /// parameters were made to hold.
  CallSummary summarize() {
    unsigned n = func.getNumArguments();
    CallSummary summary;
    summary.resultFrom.resize(n);
    summary.storesInto.assign(n, llvm::SmallBitVector(n));
    summary.writesInto.assign(n, llvm::SmallBitVector(n));
    auto paramIndex = [&](Value v) -> int {
      auto arg = dyn_cast<BlockArgument>(v);
      if (!arg || arg.getOwner() != &func.getBody().front())
        return -1;
      return arg.getArgNumber();
    };
    func.walk([&](func::ReturnOp ret) {
      for (Value operand : ret.getOperands()) {
        auto it = prov.find(operand);
        if (it == prov.end())
          continue;
        for (Value p : it->second)
          if (int i = paramIndex(p); i >= 0)
            summary.resultFrom.set(i);
      }
    });
    auto collect = [&](const llvm::DenseMap<Value, RegionSet> &stores,
                       SmallVector<llvm::SmallBitVector> &into) {
      for (auto &[container, stored] : stores) {
        int j = paramIndex(container);
        if (j < 0)
          continue;
        for (Value q : stored)
          if (int i = paramIndex(q); i >= 0 && i != j)
            into[j].set(i);
      }
    };
    collect(finalHolds, summary.storesInto);
    collect(finalWrites, summary.writesInto);
    return summary;
  }

private:
  /// A region the function must release or pass on: one it creates, one a
  /// loop iteration receives from the previous one, or one a loop returns.
  static bool isOwned(Value handle) {
    if (handle.getDefiningOp<region::CreateOp>())
      return true;
    Operation *owner = handle.getDefiningOp();
    if (!owner)
      owner = cast<BlockArgument>(handle).getOwner()->getParentOp();
    return isa<region::HandleType>(handle.getType()) &&
           isa_and_nonnull<scf::ForOp, scf::WhileOp>(owner);
  }

  /// Reports an error at `op`, unless this is a pass that only computes
  /// provenance through a loop.
  void report(Operation *op,
              llvm::function_ref<void(InFlightDiagnostic &)> build) {
    if (quiet)
      return;
    failed = true;
    InFlightDiagnostic diag = op->emitError();
    build(diag);
  }

  /// Whether a value of this type can point into a region: scalars cannot.
  static bool mayHoldHeap(Type type) {
    if (auto option = dyn_cast<mlir::clef::OptionType>(type))
      return mayHoldHeap(option.getElementType());
    return mlir::clef::isHeapType(type) ||
           isa<mlir::clef::LocalType, LLVM::LLVMPointerType>(type);
  }

  /// The regions whose values `value` may hold. A copy: the map grows
  /// while callers iterate.
  RegionSet provenance(Value value) const {
    auto it = prov.find(value);
    return it == prov.end() ? RegionSet() : it->second;
  }

  /// What an operand of a call stands for: a handle itself, or the regions
  /// a value holds.
  RegionSet operandRegions(Value operand) {
    if (isa<region::HandleType>(operand.getType()))
      return RegionSet(&operand, &operand + 1);
    return provenance(operand);
  }

  void addProvenance(Value to, RegionSet from) {
    if (!from.empty() && mayHoldHeap(to.getType()))
      prov[to].insert(from.begin(), from.end());
  }

  void checkRegion(Region &region, State &state) {
    for (Block &block : region)
      for (Operation &op : block)
        checkOp(&op, state);
  }

  /// Reports uses of released regions by `op`'s operands.
  void checkOperands(Operation *op, State &state) {
    for (Value operand : op->getOperands()) {
      if (isa<region::HandleType>(operand.getType())) {
        if (isa<region::ReleaseOp>(op))
          continue;
        checkLive(op, operand, state, "allocates in or passes");
        continue;
      }
      for (Value handle : provenance(operand))
        if (!checkLive(op, handle, state, "uses a value of"))
          break;
    }
  }

  bool checkLive(Operation *op, Value handle, State &state, StringRef what) {
    auto it = state.regions.find(handle);
    if (it == state.regions.end() || it->second == Liveness::Live)
      return true;
    report(op, [&](InFlightDiagnostic &diag) {
      diag << "op " << what << " region " << describe(handle) << " after it "
           << (it->second == Liveness::Released ? "was released"
                                                : "may have been released");
      if (Operation *release = state.releasedAt.lookup(handle))
        diag.attachNote(release->getLoc()) << "released here";
    });
    return false;
  }

  std::string describe(Value handle) {
    if (auto create = handle.getDefiningOp<region::CreateOp>())
      if (auto name = create.getName())
        return ("'" + *name + "'").str();
    if (auto arg = dyn_cast<BlockArgument>(handle)) {
      if (isa<scf::ForOp, scf::WhileOp>(arg.getOwner()->getParentOp()))
        return "carried by the loop at " + locString(arg.getLoc());
      return "parameter #" + std::to_string(arg.getArgNumber());
    }
    return "created at " + locString(handle.getLoc());
  }

  static std::string locString(Location loc) {
    std::string s;
    llvm::raw_string_ostream os(s);
    loc.print(os);
    return s;
  }

  /// How values come to live inside a region's cells.
  enum class StoreKind {
    /// New cells allocated in the region hold them.
    Allocate,
    /// They are written into existing cells reached through a value of the
    /// region: a value read out of a region's cell may point into any
    /// region that one holds, so every region it holds, transitively, may
    /// now hold them (code writing through its closure writes into the
    /// captures).
    Write,
  };

  /// Records that values of `stored` now live inside cells of `direct`.
  void recordStore(State &state, const RegionSet &direct,
                   const RegionSet &stored, StoreKind kind) {
    RegionSet containers = direct;
    if (kind == StoreKind::Write)
      for (unsigned i = 0; i < containers.size(); ++i)
        if (auto it = state.holds.find(containers[i]); it != state.holds.end())
          containers.insert(it->second.begin(), it->second.end());
    auto &final = kind == StoreKind::Write ? finalWrites : finalHolds;
    for (Value r : containers)
      for (Value q : stored)
        if (r != q) {
          state.holds[r].insert(q);
          final[r].insert(q);
        }
  }

  /// A call of a function in the module: its summary says what the result
  /// may hold and what it may store where. False if there is no summary.
  bool checkCall(func::CallOp call, State &state) {
    auto callee = summaries.symbols.lookupNearestSymbolFrom<func::FuncOp>(
        call, call.getCalleeAttr());
    if (!callee)
      return false;
    auto it = summaries.functions.find(callee);
    if (it == summaries.functions.end() ||
        it->second.resultFrom.size() != call.getNumOperands())
      return false;
    applySummary(call, it->second, state);
    return true;
  }

  /// An application: the union of what every code of its closure type does.
  /// False if the type has code the checker cannot see.
  bool checkApply(mlir::clef::ApplyOp apply, State &state) {
    auto it = summaries.closureTypes.find(apply.getCallee().getType());
    if (it == summaries.closureTypes.end())
      return false;
    applySummary(apply, it->second, state);
    return true;
  }

  void applySummary(Operation *op, const CallSummary &summary, State &state) {
    unsigned n = op->getNumOperands();
    RegionSet result;
    for (unsigned i : summary.resultFrom.set_bits())
      if (i < n)
        result.set_union(operandRegions(op->getOperand(i)));
    for (Value r : op->getResults())
      addProvenance(r, result);
    auto apply = [&](ArrayRef<llvm::SmallBitVector> matrix, StoreKind kind) {
      for (auto [j, into] : llvm::enumerate(matrix))
        for (unsigned i : into.set_bits())
          if (i < n && j < n)
            recordStore(state, operandRegions(op->getOperand(j)),
                        operandRegions(op->getOperand(i)), kind);
    };
    apply(summary.storesInto, StoreKind::Allocate);
    apply(summary.writesInto, StoreKind::Write);
  }

  void checkOp(Operation *op, State &state) {
    checkOperands(op, state);

    if (auto create = dyn_cast<region::CreateOp>(op)) {
      state.regions[create.getHandle()] = Liveness::Live;
      return;
    }
    if (auto release = dyn_cast<region::ReleaseOp>(op)) {
      checkRelease(release, state);
      return;
    }
    if (isa<mlir::clef::LambdaOp>(op)) {
      report(op, [](InFlightDiagnostic &diag) {
        diag << "region checking runs after closure conversion";
      });
      return;
    }
    if (auto ifOp = dyn_cast<scf::IfOp>(op)) {
      checkIf(ifOp, state);
      return;
    }
    if (isa<scf::ForOp, scf::WhileOp>(op)) {
      checkLoop(op, state);
      return;
    }
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      checkReturn(ret, state);
      return;
    }
    if (op->getNumRegions() != 0) {
      report(op, [](InFlightDiagnostic &diag) {
        diag << "region checking does not know the control flow of this op";
      });
      return;
    }

    // Terminators pass values and handles on: loops and branches follow
    // them from their own op.
    if (isa<scf::YieldOp, scf::ConditionOp>(op))
      return;

    // Data flow of provenance through ordinary ops.
    RegionSet targets, operands;
    for (Value operand : op->getOperands()) {
      if (isa<region::HandleType>(operand.getType()))
        targets.insert(operand);
      else
        operands.set_union(provenance(operand));
    }
    if (auto call = dyn_cast<func::CallOp>(op))
      if (checkCall(call, state))
        return;
    if (auto apply = dyn_cast<mlir::clef::ApplyOp>(op))
      if (checkApply(apply, state))
        return;
    if (!targets.empty() && !isa<func::CallOp>(op)) {
      // An allocation: the result lives in the target region and holds the
      // values it was built from.
      for (Value result : op->getResults())
        addProvenance(result, targets);
      // A string is a copy of the bytes it is built from.
      if (!isa<mlir::clef::StringConcatOp, mlir::clef::SprintfOp,
               mlir::clef::ToStringOp>(op))
        recordStore(state, targets, operands, StoreKind::Allocate);
      return;
    }
    if (isa<mlir::clef::RecordSetOp, mlir::clef::ArraySetOp,
            mlir::clef::RefSetOp>(op)) {
      Value target = op->getOperand(0);
      RegionSet container = provenance(target);
      RegionSet stored;
      for (Value operand : op->getOperands().drop_front())
        stored.set_union(provenance(operand));
      // Writing into a cell this function allocated writes into its region
      // alone (Array.init filling its new array); a container reached any
      // other way may be a cell of any region its regions hold.
      Operation *def = target.getDefiningOp();
      bool ownCell = def && EscapeAnalysis::isAllocation(def);
      recordStore(state, container, stored,
                  ownCell ? StoreKind::Allocate : StoreKind::Write);
      return;
    }
    // Reads, calls and pure computations: a result may hold anything its
    // operands hold (and a call may allocate in the regions it is passed).
    operands.insert(targets.begin(), targets.end());
    for (Value result : op->getResults())
      addProvenance(result, operands);
  }

  void checkRelease(region::ReleaseOp release, State &state) {
    Value handle = release.getHandle();
    auto it = state.regions.find(handle);
    if (it == state.regions.end())
      return;
    if (!isOwned(handle)) {
      report(release, [&](InFlightDiagnostic &diag) {
        diag << "releases region " << describe(handle)
             << ", which it does not own";
      });
      return;
    }
    if (it->second != Liveness::Live) {
      report(release, [&](InFlightDiagnostic &diag) {
        diag << "region " << describe(handle)
             << (it->second == Liveness::Released
                     ? " is released twice"
                     : " may already have been released");
        if (Operation *first = state.releasedAt.lookup(handle))
          diag.attachNote(first->getLoc()) << "released here";
      });
      it->second = Liveness::Released;
      return;
    }
    // Every region that is not released (the caller's, which outlive this
    // call, included) must not hold values of the one released here.
    for (auto &entry : state.holds) {
      Value other = entry.first;
      if (other == handle || !entry.second.contains(handle))
        continue;
      auto live = state.regions.find(other);
      if (live != state.regions.end() && live->second == Liveness::Released)
        continue;
      report(release, [&](InFlightDiagnostic &diag) {
        diag << "region " << describe(handle) << " is released while "
             << (live == state.regions.end() ? "the caller's " : "region ")
             << describe(other) << " still holds values allocated in it";
      });
    }
    it->second = Liveness::Released;
    state.releasedAt[handle] = release;
  }

  void checkIf(scf::IfOp ifOp, State &state) {
    State thenState = state, elseState = state;
    checkRegion(ifOp.getThenRegion(), thenState);
    if (!ifOp.getElseRegion().empty())
      checkRegion(ifOp.getElseRegion(), elseState);
    for (auto [i, result] : llvm::enumerate(ifOp.getResults())) {
      addProvenance(result, provenance(ifOp.thenYield().getOperand(i)));
      if (!ifOp.getElseRegion().empty())
        addProvenance(result, provenance(ifOp.elseYield().getOperand(i)));
    }
    checkBranchLocals(ifOp, state, thenState);
    checkBranchLocals(ifOp, state, elseState);
    thenState.join(elseState);
    // Regions created inside a branch are out of scope after it, released
    // (checkBranchLocals), and what they held no longer matters.
    for (auto &[handle, liveness] : thenState.regions)
      if (state.regions.count(handle))
        state.regions[handle] = liveness;
    state.holds.clear();
    for (auto &[container, held] : thenState.holds)
      if (!ifOp->isAncestor(ownerOf(container)))
        state.holds[container] = held;
    state.releasedAt = thenState.releasedAt;
  }

  /// A region created inside a branch must be released before the branch
  /// ends: nothing outside can name it.
  void checkBranchLocals(Operation *op, const State &outer,
                         const State &branch) {
    for (auto &entry : branch.regions)
      if (Value handle = entry.first;
          !outer.regions.count(handle) && entry.second != Liveness::Released)
        report(op, [&](InFlightDiagnostic &diag) {
          diag << "region " << describe(handle)
               << " created in a branch is not released in it";
        });
  }

  /// The region handles a loop carries from one iteration to the next, by
  /// position: what enters the first iteration, what each iteration (and,
  /// for `scf.while`, its second region) receives, what an iteration passes
  /// on, and what the loop returns.
  struct CarriedHandles {
    SmallVector<Value> init, arg, afterArg, next, result;
    /// Maps any handle of a position to the one named `to` of it.
    llvm::DenseMap<Value, Value> renaming(ArrayRef<Value> to) const {
      llvm::DenseMap<Value, Value> map;
      for (auto [i, target] : llvm::enumerate(to))
        for (const SmallVector<Value> *from :
             {&init, &arg, &afterArg, &next, &result})
          if (i < from->size() && (*from)[i] != target)
            map[(*from)[i]] = target;
      return map;
    }
  };

  /// Collects the handles `loop` carries, or reports why it cannot.
  std::optional<CarriedHandles> getCarriedHandles(Operation *loop) {
    CarriedHandles h;
    auto isHandle = [](Value v) {
      return isa<region::HandleType>(v.getType());
    };
    SmallVector<unsigned> positions;
    if (auto forOp = dyn_cast<scf::ForOp>(loop)) {
      auto yield = cast<scf::YieldOp>(forOp.getBody()->getTerminator());
      for (auto [i, arg] : llvm::enumerate(forOp.getRegionIterArgs()))
        if (isHandle(arg)) {
          h.init.push_back(forOp.getInitArgs()[i]);
          h.arg.push_back(arg);
          h.next.push_back(yield.getOperand(i));
          h.result.push_back(forOp.getResult(i));
        }
    } else {
      auto whileOp = cast<scf::WhileOp>(loop);
      scf::ConditionOp cond = whileOp.getConditionOp();
      for (BlockArgument arg : whileOp.getBeforeArguments()) {
        unsigned i = arg.getArgNumber();
        if (!isHandle(arg))
          continue;
        if (i >= cond.getArgs().size() || cond.getArgs()[i] != arg) {
          report(cond, [&](InFlightDiagnostic &diag) {
            diag << "the condition must pass the region handle #" << i
                 << " it receives on unchanged";
          });
          return std::nullopt;
        }
        h.init.push_back(whileOp.getInits()[i]);
        h.arg.push_back(arg);
        h.afterArg.push_back(whileOp.getAfterArguments()[i]);
        h.next.push_back(whileOp.getYieldOp().getOperand(i));
        h.result.push_back(whileOp.getResult(i));
      }
    }
    return h;
  }

  static RegionSet rename(const RegionSet &set,
                          const llvm::DenseMap<Value, Value> &map) {
    RegionSet out;
    for (Value v : set)
      out.insert(map.lookup(v) ? map.lookup(v) : v);
    return out;
  }

  /// Loop bodies run any number of times: the state of every outer region
  /// must be the same after an iteration as before it, and the regions an
  /// iteration owns (those it creates and those it receives from the
  /// previous iteration) must be released in it or passed to the next one.
  /// Handles a loop takes as operands are moved into it: the loop releases
  /// them, so the function must own them and not use them afterwards.
  void checkLoop(Operation *loop, State &state) {
    std::optional<CarriedHandles> carried = getCarriedHandles(loop);
    if (!carried)
      return;
    llvm::SmallPtrSet<Value, 4> moved;
    for (Value init : carried->init) {
      if (!isOwned(init))
        report(loop, [&](InFlightDiagnostic &diag) {
          diag << "passes region " << describe(init)
               << ", which it does not own, to a loop that releases it";
        });
      else if (!moved.insert(init).second)
        report(loop, [&](InFlightDiagnostic &diag) {
          diag << "passes region " << describe(init) << " to a loop twice";
        });
      state.regions[init] = Liveness::Released;
      state.releasedAt[init] = loop;
    }
    auto toArg = carried->renaming(carried->arg);
    auto toAfter = carried->renaming(carried->afterArg);
    auto toResult = carried->renaming(carried->result);

    // Provenance through iteration arguments grows to a fixpoint; the
    // liveness check runs on the last pass only.
    State entry = state;
    bool outerQuiet = quiet;
    for (int pass = 0; pass < 3; ++pass) {
      bool lastPass = pass == 2;
      quiet = outerQuiet || !lastPass;
      State iter = entry;
      for (Value v : carried->arg)
        iter.regions[v] = Liveness::Live;
      for (Value v : carried->afterArg)
        iter.regions[v] = Liveness::Live;
      propagateLoopArgs(loop, toArg, toAfter, toResult);
      for (Region &region : loop->getRegions())
        checkRegion(region, iter);
      quiet = outerQuiet;
      // What the regions passed on hold, the next iteration's hold.
      for (auto &[container, held] : iter.holds)
        if (Value to = toArg.lookup(container))
          entry.holds[to].set_union(rename(held, toArg));
      if (!lastPass)
        continue;
      for (auto &kv : entry.regions) {
        Value handle = kv.first;
        Liveness after = iter.regions.lookup(handle);
        if (after != kv.second)
          report(loop, [&](InFlightDiagnostic &diag) {
            diag << "loop releases region " << describe(handle)
                 << ", which was created outside it, so a later iteration "
                    "would use it after its release";
          });
      }
      llvm::SmallPtrSet<Value, 4> passedOn;
      for (Value next : carried->next) {
        bool ownedByIteration =
            !entry.regions.count(next) && iter.regions.count(next);
        if (!ownedByIteration)
          report(loop, [&](InFlightDiagnostic &diag) {
            diag << "passes region " << describe(next)
                 << ", which the iteration does not own, to the next "
                    "iteration";
          });
        else if (!passedOn.insert(next).second)
          report(loop, [&](InFlightDiagnostic &diag) {
            diag << "passes region " << describe(next)
                 << " to the next iteration twice";
          });
      }
      // The first region's handles of an `scf.while` go on to its second.
      llvm::SmallPtrSet<Value, 4> forwarded;
      if (!carried->afterArg.empty())
        forwarded.insert(carried->arg.begin(), carried->arg.end());
      for (auto &kv : iter.regions)
        if (Value handle = kv.first;
            !entry.regions.count(handle) && kv.second != Liveness::Released &&
            !passedOn.contains(handle) && !forwarded.contains(handle))
          report(loop, [&](InFlightDiagnostic &diag) {
            diag << "region " << describe(handle)
                 << (llvm::is_contained(carried->arg, handle) ||
                             llvm::is_contained(carried->afterArg, handle)
                         ? " received from the previous iteration is "
                           "neither released nor passed on"
                         : " created in a loop iteration is not released in "
                           "it");
          });
      // Continue from the state after one iteration so an error is not
      // reported again at every later use; what the loop returns is
      // described by its results' handles.
      for (auto &kv : state.regions)
        kv.second = iter.regions.lookup(kv.first);
      for (Value result : carried->result)
        state.regions[result] = Liveness::Live;
      state.holds.clear();
      for (auto &[container, held] : iter.holds) {
        Value to = toResult.lookup(container);
        if (!to && loop->isAncestor(ownerOf(container)))
          continue;
        state.holds[to ? to : container].set_union(rename(held, toResult));
      }
      state.releasedAt = iter.releasedAt;
    }
  }

  static Operation *ownerOf(Value v) {
    if (Operation *def = v.getDefiningOp())
      return def;
    return cast<BlockArgument>(v).getOwner()->getParentOp();
  }

  void propagateLoopArgs(Operation *loop,
                         const llvm::DenseMap<Value, Value> &toArg,
                         const llvm::DenseMap<Value, Value> &toAfter,
                         const llvm::DenseMap<Value, Value> &toResult) {
    auto flow = [&](Value to, Value from,
                    const llvm::DenseMap<Value, Value> &map) {
      addProvenance(to, rename(provenance(from), map));
    };
    if (auto forOp = dyn_cast<scf::ForOp>(loop)) {
      auto yield = cast<scf::YieldOp>(forOp.getBody()->getTerminator());
      for (auto [i, arg] : llvm::enumerate(forOp.getRegionIterArgs())) {
        flow(arg, forOp.getInitArgs()[i], toArg);
        flow(arg, yield.getOperand(i), toArg);
        flow(forOp.getResult(i), arg, toResult);
        flow(forOp.getResult(i), yield.getOperand(i), toResult);
      }
      return;
    }
    auto whileOp = cast<scf::WhileOp>(loop);
    scf::ConditionOp cond = whileOp.getConditionOp();
    scf::YieldOp yield = whileOp.getYieldOp();
    for (auto [i, arg] : llvm::enumerate(whileOp.getBeforeArguments())) {
      flow(arg, whileOp.getInits()[i], toArg);
      flow(arg, yield.getOperand(i), toArg);
    }
    for (auto [i, arg] : llvm::enumerate(whileOp.getAfterArguments())) {
      flow(arg, cond.getArgs()[i], toAfter);
      flow(whileOp.getResult(i), cond.getArgs()[i], toResult);
    }
  }

  void checkReturn(func::ReturnOp ret, State &state) {
    llvm::SmallPtrSet<Value, 4> returned(ret.getOperands().begin(),
                                         ret.getOperands().end());
    for (auto &entry : state.regions) {
      Value handle = entry.first;
      Liveness liveness = entry.second;
      if (!isOwned(handle) || returned.contains(handle))
        continue;
      if (liveness == Liveness::Live)
        report(ret, [&](InFlightDiagnostic &diag) {
          diag << "region " << describe(handle)
               << " is not released on this path";
        });
      else if (liveness == Liveness::MaybeReleased)
        report(ret, [&](InFlightDiagnostic &diag) {
          diag << "region " << describe(handle)
               << " is released on some paths to this return only";
        });
    }
  }

  func::FuncOp func;
  const Summaries &summaries;
  llvm::DenseMap<Value, RegionSet> prov;
  /// Every store seen on any path, for the summary: into new cells, and
  /// into existing ones.
  llvm::DenseMap<Value, RegionSet> finalHolds;
  llvm::DenseMap<Value, RegionSet> finalWrites;
  bool failed = false;
  bool quiet = false;
};

/// The union of two summaries of the same arity (or of `into` and nothing).
static void unite(CallSummary &into, const CallSummary &other) {
  if (into.resultFrom.size() < other.resultFrom.size()) {
    into.resultFrom.resize(other.resultFrom.size());
    for (auto *matrix : {&into.storesInto, &into.writesInto}) {
      matrix->resize(other.resultFrom.size());
      for (auto &row : *matrix)
        row.resize(other.resultFrom.size());
    }
  }
  for (unsigned i : other.resultFrom.set_bits())
    into.resultFrom.set(i);
  for (auto [j, row] : llvm::enumerate(other.storesInto))
    for (unsigned i : row.set_bits())
      into.storesInto[j].set(i);
  for (auto [j, row] : llvm::enumerate(other.writesInto))
    for (unsigned i : row.set_bits())
      into.writesInto[j].set(i);
}

/// Re-derives the bound of every stack region: a region whose buffer is
/// too small for what is allocated in it, or whose allocations are not
/// bounded at all, is an error.
static LogicalResult checkStackRegions(ModuleOp module) {
  SymbolTableCollection symbolTables;
  LoweringSymbolScope symbolScope(symbolTables);
  LLVMTypeConverter converter(module.getContext());
  addLoweringTypeConversions(converter);
  bool ok = true;
  module.walk([&](region::CreateOp create) {
    std::optional<int64_t> claimed = create.getStackBytes();
    if (!claimed)
      return;
    std::string name = create.getName() ? ("'" + *create.getName() + "'").str()
                                        : std::string("<unnamed>");
    std::string why;
    FailureOr<uint64_t> bytes = boundRegionAllocations(create, converter, why);
    if (failed(bytes)) {
      create.emitError("stack region ") << name << " is not bounded: " << why;
      ok = false;
    } else if (*bytes > static_cast<uint64_t>(*claimed)) {
      create.emitError("stack region ")
          << name << " has " << *claimed << " bytes but " << *bytes
          << " are allocated in it";
      ok = false;
    }
  });
  return success(ok);
}

/// Whether a value of `type` contains a closure.
static bool holdsClosure(Type type) {
  bool found = false;
  type.walk([&](mlir::clef::ClosureType) { found = true; });
  return found;
}

/// Whether `module` is a whole program whose closures all come from its own
/// code: it has an entry function and no external function takes or
/// returns a value containing a closure (casts are checked by the caller's
/// walk of the module).
static bool isClosedProgram(ModuleOp module) {
  bool hasEntry = false;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func->hasAttr(mlir::clef::ClefDialect::kEntryAttrName))
      hasEntry = true;
    if (func.isDeclaration() && holdsClosure(func.getFunctionType()))
      return false;
  }
  return hasEntry;
}

struct CheckRegionsPass : impl::CheckRegionsBase<CheckRegionsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // The code of each closure type; a type also used by `clef.func_ref`
    // has code the summaries do not describe, and stays conservative.
    llvm::DenseMap<Type, SmallVector<func::FuncOp>> codes;
    llvm::DenseSet<Type> opaqueTypes;
    // The closure types applied, and whether a cast makes a closure (one
    // that no code of the module built).
    llvm::SetVector<Type> appliedTypes;
    bool castMakesClosure = false;
    SymbolTableCollection symbols;
    module.walk([&](Operation *op) {
      if (auto apply = dyn_cast<mlir::clef::ApplyOp>(op))
        appliedTypes.insert(apply.getCallee().getType());
      else if (isa<UnrealizedConversionCastOp>(op))
        castMakesClosure |= llvm::any_of(op->getResultTypes(), holdsClosure);
      if (auto closure = dyn_cast<mlir::clef::ClosureNewOp>(op)) {
        auto code = symbols.lookupNearestSymbolFrom<func::FuncOp>(
            op, closure.getCodeAttr());
        if (code && !code.isDeclaration())
          codes[closure.getType()].push_back(code);
        else
          opaqueTypes.insert(closure.getType());
      } else if (auto ref = dyn_cast<mlir::clef::FuncRefOp>(op)) {
        // Closure code taking the closure first is described by its own
        // summary; a plain function behind a wrapper is not.
        auto code = symbols.lookupNearestSymbolFrom<func::FuncOp>(
            op, ref.getCalleeAttr());
        if (code && !code.isDeclaration() &&
            code.getNumArguments() >
                ref.getType().getSignature().getNumInputs())
          codes[ref.getType()].push_back(code);
        else
          opaqueTypes.insert(ref.getType());
      }
    });

    // Summaries callees first; inside a recursive component, from "the
    // result holds nothing" up to a fixpoint (summaries only grow).
    // Applications reach code outside the call graph's order, so the whole
    // module is summarised again until no closure type's summary changes.
    Summaries summaries;
    auto sccs = getBottomUpSCCs(module);
    for (auto &scc : sccs)
      for (func::FuncOp func : scc)
        if (!func.isDeclaration()) {
          unsigned n = func.getNumArguments();
          SmallVector<llvm::SmallBitVector> none(n, llvm::SmallBitVector(n));
          summaries.functions[func] = {llvm::SmallBitVector(n), none, none};
        }
    // Code of known closure types starts from "does nothing" too.
    for (auto &[type, funcs] : codes)
      if (!opaqueTypes.contains(type))
        summaries.closureTypes[type] = CallSummary();
    // In a whole program every closure is made by a `clef.closure_new` or
    // `clef.func_ref` of the module, so a closure type none of them makes
    // has no values: its applications never run and do nothing.
    if (!castMakesClosure && isClosedProgram(module))
      for (Type type : appliedTypes)
        if (!codes.count(type) && !opaqueTypes.contains(type))
          summaries.closureTypes.try_emplace(type);
    for (bool typesChanged = true; typesChanged;) {
      for (auto &scc : sccs) {
        for (bool changed = true; changed;) {
          changed = false;
          for (func::FuncOp func : scc) {
            if (func.isDeclaration())
              continue;
            FunctionChecker checker(func, summaries, /*quiet=*/true);
            (void)checker.check();
            CallSummary summary = checker.summarize();
            if (!(summaries.functions[func] == summary)) {
              summaries.functions[func] = std::move(summary);
              changed = true;
            }
          }
        }
      }
      typesChanged = false;
      for (auto &[type, funcs] : codes) {
        if (opaqueTypes.contains(type))
          continue;
        CallSummary merged;
        for (func::FuncOp code : funcs)
          unite(merged, summaries.functions[code]);
        auto it = summaries.closureTypes.find(type);
        if (it == summaries.closureTypes.end() || !(it->second == merged)) {
          summaries.closureTypes[type] = std::move(merged);
          typesChanged = true;
        }
      }
    }

    bool ok = succeeded(checkStackRegions(module));
    for (auto &scc : sccs)
      for (func::FuncOp func : scc)
        if (!func.isDeclaration() &&
            failed(FunctionChecker(func, summaries).check()))
          ok = false;
    if (!ok)
      signalPassFailure();
  }
};

} // namespace
} // namespace clef

//===- RegionInference.h - Joint region constraints of a module -*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Solves the region constraints of a whole module at once. Every value that
// can point into a region gets a region variable; the ops of the program
// are hyperedges that tie variables together (an allocation with its
// fields, a load with its container, a store with its target, a call with
// the callee's region parameters, an application with its closure type's
// convention, a loop-carried value with its next state). Solving unifies
// variables into classes per call-graph SCC, polymorphic recursion
// included, and records per function which classes are the caller's
// (region parameters), the process's, or its own. The rules are in
// docs/RegionInference.md.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_PASSES_REGIONINFERENCE_H
#define CLEF_PASSES_REGIONINFERENCE_H

#include "dialects/Clef/ClefOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace clef {

/// A function's region type as its callers see it: which of its parameters
/// and results share a region, which regions are the process's, and which
/// it needs a handle for.
struct RegionScheme {
  /// The formal region class of each parameter and result, or -1 for
  /// values that hold no region (scalars).
  llvm::SmallVector<int> params, results;
  unsigned numClasses = 0;
  /// Classes that must be the process region.
  llvm::SmallBitVector global;
  /// Classes the function (or a callee) allocates in: the caller passes
  /// their handles, in class order, after the ordinary arguments.
  llvm::SmallBitVector needsHandle;
  /// Closure code: takes exactly one handle, for its arguments' and
  /// result's class, whatever it allocates.
  bool closureCode = false;
  /// A declaration: nothing is known, everything is the process's.
  bool opaque = false;

  bool operator==(const RegionScheme &other) const;
  bool operator!=(const RegionScheme &other) const { return !(*this == other); }
  /// The classes that take a handle parameter, in parameter order.
  llvm::SmallVector<unsigned> handleClasses() const;
};

/// Where the region of a class comes from, inside one function.
enum class RegionKind {
  /// The process region (`region.global`).
  Global,
  /// A region parameter of the function (the caller's region).
  Param,
  /// A region the function creates and releases itself.
  Local,
};

/// The solution for one function.
struct FunctionRegions {
  struct Class {
    RegionKind kind = RegionKind::Local;
    /// For `Param`, the formal class of the scheme.
    int formal = -1;
    /// Why the class is not local: the first constraint that made it
    /// global or tied it to a parameter or the result.
    std::string reason;
    /// Something in the function allocates in it (or passes it to a callee
    /// that does).
    bool allocated = false;
    /// State-passing loops (see `CarriedRegion`). Where the handle comes
    /// from when the function does not create it: an iteration argument of
    /// `carriedBy`, or a result of `resultOf`.
    mlir::Operation *carriedBy = nullptr;
    mlir::Operation *resultOf = nullptr;
    /// Where the handle goes when the function does not release it: to the
    /// next iteration of `yieldedBy`, or into the loop `consumedBy`.
    mlir::Operation *yieldedBy = nullptr;
    mlir::Operation *consumedBy = nullptr;
  };
  /// A region a state-passing loop carries from one iteration to the next.
  /// The loop takes the handle of `init` (moved in; -1: a fresh region made
  /// just before the loop), each iteration names the region of its state
  /// `inner`, passes the handle of `next` to the following iteration and
  /// releases `inner` if it is not `next` of any carried region. The loop
  /// returns the last handle as the region of `result` (-1: released right
  /// after the loop).
  struct CarriedRegion {
    int init = -1;
    unsigned inner = 0;
    unsigned next = 0;
    int result = -1;
  };
  /// The class of every value that holds a region.
  llvm::DenseMap<mlir::Value, unsigned> classOf;
  llvm::SmallVector<Class> classes;
  /// For each call and application, the caller's class standing for each
  /// formal class of the callee (-1 when the callee's class has no value
  /// here, or the callee is not known). Applications have one entry: the
  /// class of the handle they pass.
  llvm::DenseMap<mlir::Operation *, llvm::SmallVector<int>> instances;
  /// The regions each state-passing loop (`scf.for`, `scf.while`) carries,
  /// in the order of their first iteration argument. Loops not in the map
  /// keep one region for their whole run.
  llvm::MapVector<mlir::Operation *, llvm::SmallVector<CarriedRegion>> loops;
  /// Pairs (longer, shorter) of local classes where the first must outlive
  /// the second: what a closure captures and the closure.
  llvm::SmallVector<std::pair<unsigned, unsigned>> outlives;
  /// The class of `value`, or -1 if it holds no region.
  int lookup(mlir::Value value) const {
    auto it = classOf.find(value);
    return it == classOf.end() ? -1 : static_cast<int>(it->second);
  }
};

/// The joint solution for a module, computed on construction. Fetch it with
/// `getAnalysis<RegionInference>()` on a module after closure conversion.
class RegionInference {
public:
  explicit RegionInference(mlir::Operation *module);

  /// Whether values of `type` may point into a region.
  static bool holdsRegion(mlir::Type type);

  /// Whether the module could be analysed; if not, errors were emitted.
  bool succeeded() const { return ok; }

  const RegionScheme *getScheme(mlir::func::FuncOp func) const;
  const FunctionRegions *getRegions(mlir::func::FuncOp func) const;

  /// Whether applications of closures of this type unify the closure's
  /// region with the arguments' and result's (some code of the type lets
  /// its captures and its arguments or result reach each other).
  bool isEntangled(mlir::clef::ClosureType type) const {
    return entangled.contains(type);
  }

  /// Functions in the order they were solved (callees first).
  llvm::ArrayRef<mlir::func::FuncOp> getFunctions() const { return order; }

private:
  bool ok = true;
  llvm::SmallVector<mlir::func::FuncOp> order;
  llvm::DenseMap<mlir::Operation *, RegionScheme> schemes;
  llvm::DenseMap<mlir::Operation *, FunctionRegions> solutions;
  llvm::DenseSet<mlir::Type> entangled;
};

} // namespace clef

#endif // CLEF_PASSES_REGIONINFERENCE_H

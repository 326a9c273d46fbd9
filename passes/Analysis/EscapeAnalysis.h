//===- EscapeAnalysis.h - Escape classes of allocation sites ----*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Classifies every allocation site of a module by how far the values it
// allocates may escape: out of a loop iteration, into a closure or a mutable
// cell, out of the function, or to the whole program. The memory passes
// choose regions from these classes, so the analysis is sound: a class is
// never shorter than any lifetime the program can observe. The lattice, the
// transfer rules and the interprocedural summaries are described in
// docs/EscapeAnalysis.md.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_PASSES_ESCAPEANALYSIS_H
#define CLEF_PASSES_ESCAPEANALYSIS_H

#include "dialects/Clef/ClefOps.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace clef {

/// The attribute names clef-classify-escapes attaches to allocation ops.
inline constexpr llvm::StringLiteral kEscapeAttrName = "clef.escape";
inline constexpr llvm::StringLiteral kEscapeReasonAttrName =
    "clef.escape_reason";

/// What the analysis concludes about one allocation site.
struct EscapeInfo {
  mlir::clef::EscapeClass kind = mlir::clef::EscapeClass::Local;
  /// For `captured`, the closure that captures the value; for `stored`, the
  /// op that stores it (a store or a call that stores through an argument);
  /// for `loop-carried`, the loop. Null otherwise.
  mlir::Operation *target = nullptr;
  /// A `-m -m`-style explanation: the root and the flow that reaches it.
  std::string reason;
};

/// What a call to a function does with its arguments, as seen by callers.
/// Everything is about the objects reachable from an argument.
struct EscapeSummary {
  /// Argument i may be reachable from the result.
  llvm::SmallBitVector toResult;
  /// Argument i may reach the whole program (a global, an unknown callee).
  llvm::SmallBitVector toGlobal;
  /// storedInto[i][j]: argument i may be stored into a cell reachable from
  /// argument j.
  llvm::SmallVector<llvm::SmallBitVector> storedInto;
  /// A cell the callee allocates may be stored into argument j.
  llvm::SmallBitVector freshStoredInto;
  /// The result may reach a value of the whole program (a global's).
  bool resultGlobal = false;
  /// The callee is not visible (a declaration): everything escapes.
  bool opaque = false;

  bool operator==(const EscapeSummary &other) const;
  bool operator!=(const EscapeSummary &other) const {
    return !(*this == other);
  }
};

/// The escape class of every allocation site in a module, computed once on
/// construction. Fetch it with `getAnalysis<EscapeAnalysis>()` on a module.
class EscapeAnalysis {
public:
  explicit EscapeAnalysis(mlir::Operation *op);

  /// Whether `op` allocates a heap cell (the ops that take `in %r`; a
  /// nullary union case does not allocate).
  static bool isAllocation(mlir::Operation *op);

  /// The class of an allocation site, or null for ops that do not allocate
  /// or are outside the analysed module.
  const EscapeInfo *lookup(mlir::Operation *site) const;

  /// The summary of a function defined or declared in the module.
  const EscapeSummary *getSummary(mlir::func::FuncOp func) const;

  /// Every allocation site, in walk order.
  llvm::ArrayRef<mlir::Operation *> getSites() const { return sites; }

  /// A short name for what a site allocates ("tuple", "list cell", ...).
  static std::string describeSite(mlir::Operation *site);

private:
  llvm::SmallVector<mlir::Operation *> sites;
  llvm::DenseMap<mlir::Operation *, EscapeInfo> infos;
  llvm::DenseMap<mlir::Operation *, EscapeSummary> summaries;
};

/// `file:line:col` of the first file location in `loc` (basename only, so
/// reasons read the same wherever the source lives), or `<unknown>`.
std::string formatLocation(mlir::Location loc);

} // namespace clef

#endif // CLEF_PASSES_ESCAPEANALYSIS_H

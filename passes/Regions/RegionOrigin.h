//===- RegionOrigin.h - Where a region handle comes from --------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Reads, from region-level IR alone, which region a handle names: the
// process region, a `region.create` of the function with its releases, a
// region parameter chosen by the caller, or a handle computed otherwise.
// The certificate (passes/Certificate.h) and `clef-explain-regions` both
// read regions through this, so what users are told and what the
// certificate claims cannot drift apart.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_PASSES_REGIONORIGIN_H
#define CLEF_PASSES_REGIONORIGIN_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/SmallVector.h"

#include <string>

namespace clef {

/// The origin of a `!region.handle` value, read from the IR.
struct RegionOrigin {
  enum class Kind {
    /// No handle: the op allocates in the process region by default.
    None,
    /// `region.global`: the process region.
    Global,
    /// `region.create` in this function.
    Created,
    /// A trailing handle parameter: a region of the caller.
    Parameter,
    /// Any other value (a loop-carried handle, a call's result).
    Derived,
  };
  Kind kind = Kind::None;
  /// The region variable of a `region.create` (`r3`), if named.
  std::string name;
  /// The `region.create`, for `Created`.
  mlir::Operation *create = nullptr;
  /// Every `region.release` of the handle, ordered by location.
  llvm::SmallVector<mlir::Operation *> releases;
  /// For `Parameter`, the index among the function's handle parameters.
  unsigned parameterIndex = 0;
  /// For `Parameter`, the function.
  mlir::func::FuncOp function;
};

/// The `!region.handle` operand of `op` (the region an allocation names),
/// or null.
mlir::Value getRegionOperand(mlir::Operation *op);

/// Reads where `handle` comes from; a null handle is `None`.
RegionOrigin getRegionOrigin(mlir::Value handle);

/// "region r3 (created at f.clef:4:13, released at f.clef:6:5)", "the
/// process region" or "region parameter #k of @f (chosen by its caller)".
std::string describeRegion(mlir::Value handle);

} // namespace clef

#endif // CLEF_PASSES_REGIONORIGIN_H

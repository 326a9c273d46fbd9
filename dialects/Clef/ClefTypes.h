//===- ClefTypes.h - Clef dialect types -------------------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DIALECTS_CLEF_CLEFTYPES_H
#define CLEF_DIALECTS_CLEF_CLEFTYPES_H

#include "dialects/Clef/Units.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

#define GET_TYPEDEF_CLASSES
#include "dialects/Clef/ClefTypes.h.inc"

namespace mlir::clef {
/// Whether values of this type live on the heap (and so in a region).
bool isHeapType(Type type);

/// The units of a float-like type (`f64` is dimensionless); none for any
/// other type.
std::optional<Units> getUnits(Type type);
/// `f64` for dimensionless units, `!clef.float<units>` otherwise.
Type getFloatType(MLIRContext *context, const Units &units);
} // namespace mlir::clef

#endif // CLEF_DIALECTS_CLEF_CLEFTYPES_H

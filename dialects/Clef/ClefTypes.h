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
} // namespace mlir::clef

#endif // CLEF_DIALECTS_CLEF_CLEFTYPES_H

//===- RegionTypes.h - Region dialect types ---------------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DIALECTS_REGION_REGIONTYPES_H
#define CLEF_DIALECTS_REGION_REGIONTYPES_H

#include "mlir/IR/BuiltinTypes.h"

#define GET_TYPEDEF_CLASSES
#include "dialects/Region/RegionTypes.h.inc"

#endif // CLEF_DIALECTS_REGION_REGIONTYPES_H

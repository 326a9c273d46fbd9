//===- RegionOps.h - Region dialect operations ------------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DIALECTS_REGION_REGIONOPS_H
#define CLEF_DIALECTS_REGION_REGIONOPS_H

#include "dialects/Region/RegionDialect.h"
#include "dialects/Region/RegionTypes.h"
#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dialects/Region/RegionOps.h.inc"

#endif // CLEF_DIALECTS_REGION_REGIONOPS_H

//===- ClefDialect.h - Clef dialect -----------------------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DIALECTS_CLEF_CLEFDIALECT_H
#define CLEF_DIALECTS_CLEF_CLEFDIALECT_H

#include "dialects/Region/RegionDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Dialect.h"

#include "dialects/Clef/ClefDialect.h.inc"

#endif // CLEF_DIALECTS_CLEF_CLEFDIALECT_H

//===- RegionDialect.h - Region dialect -------------------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DIALECTS_REGION_REGIONDIALECT_H
#define CLEF_DIALECTS_REGION_REGIONDIALECT_H

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Dialect.h"

#include "dialects/Region/RegionDialect.h.inc"

#endif // CLEF_DIALECTS_REGION_REGIONDIALECT_H

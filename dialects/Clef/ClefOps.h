//===- ClefOps.h - Clef dialect operations ----------------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DIALECTS_CLEF_CLEFOPS_H
#define CLEF_DIALECTS_CLEF_CLEFOPS_H

#include "dialects/Clef/ClefDialect.h"
#include "dialects/Clef/ClefTypes.h"
#include "dialects/Region/RegionTypes.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/Clef/ClefEnums.h.inc"

#define GET_OP_CLASSES
#include "dialects/Clef/ClefOps.h.inc"

#endif // CLEF_DIALECTS_CLEF_CLEFOPS_H

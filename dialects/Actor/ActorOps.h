//===- ActorOps.h - Actor dialect operations --------------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DIALECTS_ACTOR_ACTOROPS_H
#define CLEF_DIALECTS_ACTOR_ACTOROPS_H

#include "dialects/Actor/ActorDialect.h"
#include "dialects/Actor/ActorTypes.h"
#include "dialects/Region/RegionTypes.h"
#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dialects/Actor/ActorOps.h.inc"

#endif // CLEF_DIALECTS_ACTOR_ACTOROPS_H

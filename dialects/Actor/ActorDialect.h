//===- ActorDialect.h - Actor dialect ---------------------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DIALECTS_ACTOR_ACTORDIALECT_H
#define CLEF_DIALECTS_ACTOR_ACTORDIALECT_H

#include "dialects/Region/RegionDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Dialect.h"

#include "dialects/Actor/ActorDialect.h.inc"

#endif // CLEF_DIALECTS_ACTOR_ACTORDIALECT_H

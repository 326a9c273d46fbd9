//===- ActorTypes.h - Actor dialect types -----------------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DIALECTS_ACTOR_ACTORTYPES_H
#define CLEF_DIALECTS_ACTOR_ACTORTYPES_H

#include "mlir/IR/BuiltinTypes.h"

#define GET_TYPEDEF_CLASSES
#include "dialects/Actor/ActorTypes.h.inc"

#endif // CLEF_DIALECTS_ACTOR_ACTORTYPES_H

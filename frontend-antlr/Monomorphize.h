//===- Monomorphize.h - Concrete types of generic code ----------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Whole-program monomorphisation: every generic function and type is emitted
// once per distinct instantiation reached from the entry, so that ints and
// floats are never boxed. An Instance maps the generic variables of one
// function to concrete types; `concrete` applies it (and the instantiations
// recorded at each use) to any type of that function's body.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_FRONTEND_ANTLR_MONOMORPHIZE_H
#define CLEF_FRONTEND_ANTLR_MONOMORPHIZE_H

#include "frontend-antlr/Types.h"

#include "llvm/ADT/DenseMap.h"

#include <string>
#include <vector>

namespace clef {

/// The concrete types chosen for the generic variables of one instance.
struct Instance {
  llvm::DenseMap<Type *, Type *> types;
  llvm::DenseMap<UnitVar *, Measure> units;
};

/// Resolves `type` under `instance` to a type without variables. Variables
/// nothing constrains are defaulted as F# does: arithmetic to int, the rest
/// to unit (they are never inspected at run time).
Type *concreteType(TypeContext &types, Type *type, const Instance &instance);

/// Builds the instance of a generic binding from the (already concrete)
/// types of one use.
Instance makeInstance(const std::vector<Type *> &generics,
                      const std::vector<UnitVar *> &genericUnits,
                      const std::vector<Type *> &typeArgs,
                      const std::vector<UnitVar *> &unitArgs,
                      TypeContext &types, const Instance &useSite);

/// The key of an instance: its concrete type arguments spelled out, "" for
/// a non-generic binding.
std::string instanceKey(TypeContext &types, const std::vector<Type *> &generics,
                        const std::vector<UnitVar *> &genericUnits,
                        const Instance &instance);

} // namespace clef

#endif // CLEF_FRONTEND_ANTLR_MONOMORPHIZE_H

//===- Monomorphize.cpp - Concrete types of generic code ------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/Monomorphize.h"

using namespace clef;

static Measure concreteMeasure(const Measure &measure,
                               const Instance &instance) {
  Measure m = TypeContext::normalize(measure);
  Measure result;
  result.bases = m.bases;
  for (auto &[var, exp] : m.vars) {
    auto it = instance.units.find(var);
    // A unit variable nothing fixed is erased: units do not exist at run
    // time, and a dimensionless float is the most general representation.
    if (it != instance.units.end())
      result = result * TypeContext::normalize(it->second).pow(exp);
  }
  // Substituted measures may themselves mention variables of the outer
  // instance only through bases by now; drop anything left.
  result.vars.clear();
  return result;
}

Type *clef::concreteType(TypeContext &types, Type *type,
                         const Instance &instance) {
  type = TypeContext::prune(type);
  switch (type->kind) {
  case TypeKind::Var: {
    auto it = instance.types.find(type);
    if (it != instance.types.end())
      return concreteType(types, it->second, Instance());
    return type->constraint == VarConstraint::None ? types.getUnit()
                                                   : types.getInt();
  }
  case TypeKind::Float:
    return types.getFloat(concreteMeasure(type->measure, instance));
  case TypeKind::Tuple: {
    std::vector<Type *> elements;
    for (Type *arg : type->args)
      elements.push_back(concreteType(types, arg, instance));
    return types.getTuple(std::move(elements));
  }
  case TypeKind::Fun:
    return types.getFun(concreteType(types, type->args[0], instance),
                        concreteType(types, type->args[1], instance));
  case TypeKind::List:
    return types.getList(concreteType(types, type->args[0], instance));
  case TypeKind::Array:
    return types.getArray(concreteType(types, type->args[0], instance));
  case TypeKind::Option:
    return types.getOption(concreteType(types, type->args[0], instance));
  case TypeKind::Ref:
    return types.getRef(concreteType(types, type->args[0], instance));
  case TypeKind::Named: {
    std::vector<Type *> args;
    for (Type *arg : type->args)
      args.push_back(concreteType(types, arg, instance));
    return types.getNamed(type->decl, std::move(args));
  }
  default:
    return type;
  }
}

Instance clef::makeInstance(const std::vector<Type *> &generics,
                            const std::vector<UnitVar *> &genericUnits,
                            const std::vector<Type *> &typeArgs,
                            const std::vector<UnitVar *> &unitArgs,
                            TypeContext &types, const Instance &useSite) {
  Instance instance;
  for (size_t i = 0; i < generics.size() && i < typeArgs.size(); ++i)
    instance.types[generics[i]] = concreteType(types, typeArgs[i], useSite);
  for (size_t i = 0; i < genericUnits.size() && i < unitArgs.size(); ++i)
    instance.units[genericUnits[i]] =
        concreteMeasure(Measure::var(unitArgs[i]), useSite);
  return instance;
}

std::string clef::instanceKey(TypeContext &types,
                              const std::vector<Type *> &generics,
                              const std::vector<UnitVar *> &genericUnits,
                              const Instance &instance) {
  std::string key;
  for (Type *var : generics) {
    if (!key.empty())
      key += ",";
    key += types.str(concreteType(types, var, instance));
  }
  for (UnitVar *var : genericUnits) {
    if (!key.empty())
      key += ",";
    key += types.str(concreteMeasure(Measure::var(var), instance));
  }
  return key;
}

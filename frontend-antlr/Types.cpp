//===- Types.cpp - Clef types and units during inference ------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/Types.h"

#include <climits>

#include "frontend-antlr/AST.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"

#include <cstdlib>
#include <functional>

using namespace clef;

//===----------------------------------------------------------------------===//
// Measure
//===----------------------------------------------------------------------===//

/// Exponents saturate instead of wrapping: the checker rejects any beyond
/// kMaxUnitExponent, and a saturated one always is.
static int saturate(long long exp) {
  if (exp > INT_MAX)
    return INT_MAX;
  if (exp < -INT_MAX)
    return -INT_MAX;
  return static_cast<int>(exp);
}

Measure Measure::operator*(const Measure &other) const {
  Measure result = *this;
  for (auto &[name, exp] : other.bases) {
    int &into = result.bases[name];
    if ((into = saturate(static_cast<long long>(into) + exp)) == 0)
      result.bases.erase(name);
  }
  for (auto &[var, exp] : other.vars) {
    int &into = result.vars[var];
    if ((into = saturate(static_cast<long long>(into) + exp)) == 0)
      result.vars.erase(var);
  }
  return result;
}

Measure Measure::pow(int n) const {
  Measure result;
  if (n == 0)
    return result;
  for (auto &[name, exp] : bases)
    result.bases[name] = saturate(static_cast<long long>(exp) * n);
  for (auto &[var, exp] : vars)
    result.vars[var] = saturate(static_cast<long long>(exp) * n);
  return result;
}

bool Measure::exponentsInRange() const {
  for (auto &[name, exp] : bases)
    if (exp > kMaxUnitExponent || exp < -kMaxUnitExponent)
      return false;
  for (auto &[var, exp] : vars)
    if (exp > kMaxUnitExponent || exp < -kMaxUnitExponent)
      return false;
  return true;
}

//===----------------------------------------------------------------------===//
// TypeContext
//===----------------------------------------------------------------------===//

TypeContext::TypeContext() {
  intType = make(TypeKind::Int);
  int64Type = make(TypeKind::Int64);
  boolType = make(TypeKind::Bool);
  unitType = make(TypeKind::Unit);
  charType = make(TypeKind::Char);
  stringType = make(TypeKind::String);
  floatType = make(TypeKind::Float);
}

Type *TypeContext::make(TypeKind kind, std::vector<Type *> args) {
  types.emplace_back();
  Type *type = &types.back();
  type->kind = kind;
  type->args = std::move(args);
  type->id = nextId++;
  return type;
}

Type *TypeContext::getFloat(const Measure &measure) {
  if (measure.isOne())
    return floatType;
  Type *type = make(TypeKind::Float);
  type->measure = measure;
  return type;
}

Type *TypeContext::getTuple(std::vector<Type *> elements) {
  return make(TypeKind::Tuple, std::move(elements));
}

Type *TypeContext::getFun(Type *param, Type *result) {
  return make(TypeKind::Fun, {param, result});
}

Type *TypeContext::getNamed(ast::TypeDecl *decl, std::vector<Type *> args) {
  Type *type = make(TypeKind::Named, std::move(args));
  type->decl = decl;
  return type;
}

Type *TypeContext::freshVar(int level, VarConstraint constraint) {
  Type *type = make(TypeKind::Var);
  type->level = level;
  type->constraint = constraint;
  return type;
}

UnitVar *TypeContext::freshUnitVar(int level) {
  unitVars.emplace_back();
  UnitVar *var = &unitVars.back();
  var->id = nextId++;
  var->level = level;
  return var;
}

Type *TypeContext::prune(Type *type) {
  while (type->kind == TypeKind::Var && type->link)
    type = type->link;
  return type;
}

Measure TypeContext::normalize(const Measure &measure) {
  Measure result;
  result.bases = measure.bases;
  for (auto &[var, exp] : measure.vars) {
    if (var->bound)
      result = result * normalize(*var->binding).pow(exp);
    else
      result = result * Measure::var(var).pow(exp);
  }
  return result;
}

bool TypeContext::occurs(Type *var, Type *type) {
  type = prune(type);
  if (type == var)
    return true;
  return llvm::any_of(type->args, [&](Type *arg) { return occurs(var, arg); });
}

void TypeContext::adjustLevels(Type *type, int level) {
  type = prune(type);
  if (type->kind == TypeKind::Var) {
    if (type->level > level && type->level != kGenericLevel)
      type->level = level;
    return;
  }
  if (type->kind == TypeKind::Float) {
    for (auto &[var, exp] : normalize(type->measure).vars)
      if (var->level > level && var->level != kGenericLevel)
        var->level = level;
    return;
  }
  for (Type *arg : type->args)
    adjustLevels(arg, level);
}

bool TypeContext::checkConstraint(VarConstraint constraint, Type *type) {
  switch (constraint) {
  case VarConstraint::None:
    return true;
  case VarConstraint::Integral:
    return type->kind == TypeKind::Int || type->kind == TypeKind::Int64;
  case VarConstraint::Numeric:
    return type->kind == TypeKind::Int || type->kind == TypeKind::Int64 ||
           type->kind == TypeKind::Float;
  case VarConstraint::Addable:
    return type->kind == TypeKind::Int || type->kind == TypeKind::Int64 ||
           type->kind == TypeKind::Float || type->kind == TypeKind::String ||
           type->kind == TypeKind::Char;
  }
  return false;
}

bool TypeContext::unify(Type *a, Type *b) {
  a = prune(a);
  b = prune(b);
  if (a == b)
    return true;
  if (a->kind == TypeKind::Var && b->kind == TypeKind::Var) {
    // Keep the stronger constraint and the outer level on the survivor;
    // the constraints are nested (Integral within Numeric within Addable).
    if (a->constraint != VarConstraint::None &&
        (b->constraint == VarConstraint::None ||
         static_cast<int>(a->constraint) < static_cast<int>(b->constraint)))
      b->constraint = a->constraint;
    b->level = std::min(a->level, b->level);
    a->link = b;
    return true;
  }
  if (b->kind == TypeKind::Var)
    std::swap(a, b);
  if (a->kind == TypeKind::Var) {
    if (occurs(a, b) || !checkConstraint(a->constraint, b))
      return false;
    adjustLevels(b, a->level);
    a->link = b;
    return true;
  }
  if (a->kind != b->kind)
    return false;
  if (a->kind == TypeKind::Float)
    return unifyMeasures(a->measure, b->measure);
  if (a->kind == TypeKind::Named && a->decl != b->decl)
    return false;
  if (a->args.size() != b->args.size())
    return false;
  bool ok = true;
  for (size_t i = 0; i < a->args.size(); ++i)
    ok &= unify(a->args[i], b->args[i]);
  return ok;
}

/// Floor division, so that the remainder of a negative exponent is
/// non-negative.
static int floorDiv(int a, int b) {
  int q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0)))
    --q;
  return q;
}

bool TypeContext::unifyMeasures(const Measure &a, const Measure &b) {
  // Solve a / b = 1 (Kennedy): eliminate the variable with the smallest
  // exponent; if it divides every exponent the equation is solved at once,
  // otherwise substitute a fresh variable that shrinks the exponents.
  Measure d = normalize(a / b);
  while (!d.isOne()) {
    if (d.vars.empty())
      return false;
    UnitVar *pick = nullptr;
    int pickExp = 0;
    for (auto &[var, exp] : d.vars)
      if (!pick || std::abs(exp) < std::abs(pickExp)) {
        pick = var;
        pickExp = exp;
      }
    bool varsDivisible = llvm::all_of(
        d.vars, [&](auto &entry) { return entry.second % pickExp == 0; });
    bool basesDivisible = llvm::all_of(
        d.bases, [&](auto &entry) { return entry.second % pickExp == 0; });
    measures.emplace_back();
    Measure &binding = measures.back();
    if (varsDivisible && basesDivisible) {
      for (auto &[name, exp] : d.bases)
        binding.bases[name] = -exp / pickExp;
      for (auto &[var, exp] : d.vars)
        if (var != pick)
          binding.vars[var] = -exp / pickExp;
      for (auto &[var, exp] : binding.vars)
        var->level = std::min(var->level, pick->level);
      pick->binding = &binding;
      pick->bound = true;
      return true;
    }
    if (varsDivisible)
      return false;
    UnitVar *fresh = freshUnitVar(pick->level);
    binding.vars[fresh] = 1;
    for (auto &[var, exp] : d.vars)
      if (var != pick && floorDiv(exp, pickExp) != 0)
        binding.vars[var] = -floorDiv(exp, pickExp);
    for (auto &[var, exp] : binding.vars)
      var->level = std::min(var->level, pick->level);
    pick->binding = &binding;
    pick->bound = true;
    d = normalize(d);
  }
  return true;
}

void TypeContext::generalizeMeasure(Measure &measure, int level) {
  measure = normalize(measure);
  for (auto &[var, exp] : measure.vars)
    if (var->level > level)
      var->level = kGenericLevel;
}

void TypeContext::generalize(Type *type, int level, bool keepConstraints) {
  type = prune(type);
  switch (type->kind) {
  case TypeKind::Var:
    if (type->level > level && type->level != kGenericLevel) {
      if (type->constraint != VarConstraint::None && !keepConstraints)
        type->link = intType;
      else
        type->level = kGenericLevel;
    }
    return;
  case TypeKind::Float:
    generalizeMeasure(type->measure, level);
    return;
  default:
    for (Type *arg : type->args)
      generalize(arg, level, keepConstraints);
  }
}

void TypeContext::collectGenerics(Type *type, std::vector<Type *> &vars,
                                  std::vector<UnitVar *> &units) {
  type = prune(type);
  if (type->kind == TypeKind::Var) {
    if (type->level == kGenericLevel && !llvm::is_contained(vars, type))
      vars.push_back(type);
    return;
  }
  if (type->kind == TypeKind::Float) {
    for (auto &[var, exp] : normalize(type->measure).vars)
      if (var->level == kGenericLevel && !llvm::is_contained(units, var))
        units.push_back(var);
    return;
  }
  for (Type *arg : type->args)
    collectGenerics(arg, vars, units);
}

Type *TypeContext::instantiate(Type *type, int level,
                               const std::vector<Type *> &generics,
                               const std::vector<UnitVar *> &genericUnits,
                               std::vector<Type *> &typeArgs,
                               std::vector<UnitVar *> &unitArgs) {
  llvm::DenseMap<Type *, Type *> typeMap;
  llvm::DenseMap<UnitVar *, UnitVar *> unitMap;
  for (Type *var : generics) {
    Type *fresh = freshVar(level, var->constraint);
    typeMap[var] = fresh;
    typeArgs.push_back(fresh);
  }
  for (UnitVar *var : genericUnits) {
    UnitVar *fresh = freshUnitVar(level);
    unitMap[var] = fresh;
    unitArgs.push_back(fresh);
  }
  std::function<Type *(Type *)> copy = [&](Type *t) -> Type * {
    t = prune(t);
    switch (t->kind) {
    case TypeKind::Var: {
      if (t->level != kGenericLevel)
        return t;
      auto it = typeMap.find(t);
      if (it != typeMap.end())
        return it->second;
      Type *fresh = freshVar(level, t->constraint);
      typeMap[t] = fresh;
      return fresh;
    }
    case TypeKind::Float: {
      Measure m = normalize(t->measure);
      if (m.vars.empty())
        return t;
      Measure result;
      result.bases = m.bases;
      for (auto &[var, exp] : m.vars) {
        UnitVar *target = var;
        if (var->level == kGenericLevel) {
          auto it = unitMap.find(var);
          if (it == unitMap.end())
            it = unitMap.insert({var, freshUnitVar(level)}).first;
          target = it->second;
        }
        result = result * Measure::var(target).pow(exp);
      }
      return getFloat(result);
    }
    default: {
      if (t->args.empty())
        return t;
      std::vector<Type *> args;
      for (Type *arg : t->args)
        args.push_back(copy(arg));
      Type *result = make(t->kind, std::move(args));
      result->decl = t->decl;
      return result;
    }
    }
  };
  return copy(type);
}

Type *TypeContext::substitute(Type *type, const std::vector<Type *> &from,
                              const std::vector<Type *> &to) {
  type = prune(type);
  for (size_t i = 0; i < from.size(); ++i)
    if (type == from[i])
      return to[i];
  if (type->args.empty())
    return type;
  std::vector<Type *> args;
  for (Type *arg : type->args)
    args.push_back(substitute(arg, from, to));
  Type *result = make(type->kind, std::move(args));
  result->decl = type->decl;
  return result;
}

//===----------------------------------------------------------------------===//
// Printing
//===----------------------------------------------------------------------===//

std::string TypeContext::varName(Type *var) {
  auto it = printNames.find(var);
  if (it != printNames.end())
    return it->second;
  if (!var->name.empty())
    return printNames[var] = var->name;
  unsigned index = printNames.size();
  std::string name = "'";
  name += static_cast<char>('a' + index % 26);
  if (index >= 26)
    name += std::to_string(index / 26);
  return printNames[var] = name;
}

std::string TypeContext::str(const Measure &measure) {
  Measure m = normalize(measure);
  std::vector<std::pair<std::string, int>> atoms;
  for (auto &[name, exp] : m.bases)
    atoms.push_back({name, exp});
  for (auto &[var, exp] : m.vars) {
    auto it = printNames.find(var);
    std::string name;
    if (it != printNames.end())
      name = it->second;
    else if (!var->name.empty())
      name = printNames[var] = var->name;
    else
      name = printNames[var] = "'u" + std::to_string(printNames.size());
    atoms.push_back({name, exp});
  }
  std::string num, den;
  for (auto &[name, exp] : atoms) {
    std::string &out = exp > 0 ? num : den;
    if (!out.empty())
      out += " ";
    out += name;
    if (std::abs(exp) != 1)
      out += "^" + std::to_string(std::abs(exp));
  }
  if (num.empty() && den.empty())
    return "1";
  if (den.empty())
    return num;
  return (num.empty() ? "1" : num) + "/" + den;
}

std::string TypeContext::str(Type *type) {
  type = prune(type);
  auto atomic = [&](Type *t) {
    t = prune(t);
    std::string s = str(t);
    if (t->kind == TypeKind::Fun || t->kind == TypeKind::Tuple)
      return "(" + s + ")";
    return s;
  };
  switch (type->kind) {
  case TypeKind::Var:
    return varName(type);
  case TypeKind::Int:
    return "int";
  case TypeKind::Int64:
    return "int64";
  case TypeKind::Float:
    if (normalize(type->measure).isOne())
      return "float";
    return "float<" + str(type->measure) + ">";
  case TypeKind::Bool:
    return "bool";
  case TypeKind::Unit:
    return "unit";
  case TypeKind::Char:
    return "char";
  case TypeKind::String:
    return "string";
  case TypeKind::Tuple: {
    std::string s;
    for (Type *element : type->args) {
      if (!s.empty())
        s += " * ";
      s += atomic(element);
    }
    return s;
  }
  case TypeKind::Fun: {
    Type *param = prune(type->args[0]);
    std::string lhs = str(param);
    if (param->kind == TypeKind::Fun)
      lhs = "(" + lhs + ")";
    return lhs + " -> " + str(type->args[1]);
  }
  case TypeKind::List:
    return atomic(type->args[0]) + " list";
  case TypeKind::Array:
    return atomic(type->args[0]) + "[]";
  case TypeKind::Option:
    return atomic(type->args[0]) + " option";
  case TypeKind::Ref:
    return atomic(type->args[0]) + " ref";
  case TypeKind::Named: {
    std::string s = type->decl->name;
    if (!type->args.empty()) {
      s += "<";
      for (size_t i = 0; i < type->args.size(); ++i) {
        if (i)
          s += ", ";
        s += str(type->args[i]);
      }
      s += ">";
    }
    return s;
  }
  }
  return "?";
}

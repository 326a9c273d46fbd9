//===- Types.h - Clef types and units during inference ----------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Types as Hindley–Milner inference sees them: mutable graphs of nodes in
// which a type variable is bound by linking it to another node (union-find),
// and units of measure as elements of the free abelian group over base units
// and unit variables, unified as in Kennedy's "Types for units-of-measure".
// All nodes live as long as the TypeContext that made them.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_FRONTEND_ANTLR_TYPES_H
#define CLEF_FRONTEND_ANTLR_TYPES_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"

#include <deque>
#include <map>
#include <string>
#include <vector>

namespace clef {

namespace ast {
struct TypeDecl;
} // namespace ast

//===----------------------------------------------------------------------===//
// Units of measure
//===----------------------------------------------------------------------===//

/// A unit variable ('u, or a fresh one). Bound variables point at the
/// measure they stand for.
struct UnitVar {
  unsigned id;
  int level;
  bool bound = false;
  /// Meaningful when bound.
  struct Measure *binding = nullptr;
  /// The source name ('u) if written by the user, for messages.
  std::string name;
};

/// A product of base units and unit variables with integer exponents.
/// The largest exponent of a unit (`m^65536`); larger ones are errors
/// rather than a risk of wrapping.
constexpr int kMaxUnitExponent = 1 << 16;

struct Measure {
  std::map<std::string, int> bases;
  std::map<UnitVar *, int> vars;

  bool isOne() const { return bases.empty() && vars.empty(); }
  static Measure base(llvm::StringRef name) {
    Measure m;
    m.bases[name.str()] = 1;
    return m;
  }
  static Measure var(UnitVar *v) {
    Measure m;
    m.vars[v] = 1;
    return m;
  }
  Measure operator*(const Measure &other) const;
  Measure pow(int n) const;
  Measure inverse() const { return pow(-1); }
  Measure operator/(const Measure &other) const {
    return *this * other.inverse();
  }
  /// Whether every exponent is within kMaxUnitExponent.
  bool exponentsInRange() const;
  bool operator==(const Measure &other) const {
    return bases == other.bases && vars == other.vars;
  }
};

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

enum class TypeKind {
  Var,
  Int,
  Int64,
  Float,
  Bool,
  Unit,
  Char,
  String,
  Tuple,
  Fun,
  List,
  Array,
  Option,
  Ref,
  /// A record or union, `decl` says which.
  Named,
};

/// What a type variable may still become: the operand of `+` may be a
/// number or a string, of `-` only a number. F# defaults both to int.
enum class VarConstraint { None, Integral, Numeric, Addable };

struct Type {
  TypeKind kind;
  // Var.
  Type *link = nullptr;
  unsigned id = 0;
  int level = 0;
  VarConstraint constraint = VarConstraint::None;
  std::string name;
  // Float: its unit (dimensionless if one).
  Measure measure;
  // Tuple elements, Fun {param, result}, element of List/Array/Option/Ref,
  // type arguments of Named.
  std::vector<Type *> args;
  ast::TypeDecl *decl = nullptr;
};

/// Level of generalised variables: instantiation copies them.
constexpr int kGenericLevel = 1 << 30;

/// Owns every type and unit variable, and knows how to unify them.
class TypeContext {
public:
  TypeContext();

  Type *getInt() { return intType; }
  Type *getInt64() { return int64Type; }
  Type *getBool() { return boolType; }
  Type *getUnit() { return unitType; }
  Type *getChar() { return charType; }
  Type *getString() { return stringType; }
  Type *getFloat() { return floatType; }
  Type *getFloat(const Measure &measure);
  Type *getTuple(std::vector<Type *> elements);
  Type *getFun(Type *param, Type *result);
  Type *getList(Type *element) { return make(TypeKind::List, {element}); }
  Type *getArray(Type *element) { return make(TypeKind::Array, {element}); }
  Type *getOption(Type *element) { return make(TypeKind::Option, {element}); }
  Type *getRef(Type *element) { return make(TypeKind::Ref, {element}); }
  Type *getNamed(ast::TypeDecl *decl, std::vector<Type *> args);

  Type *freshVar(int level, VarConstraint constraint = VarConstraint::None);
  UnitVar *freshUnitVar(int level);

  /// Follows variable links.
  static Type *prune(Type *type);
  /// Substitutes bound unit variables.
  static Measure normalize(const Measure &measure);

  /// Unifies two types. On failure returns false and leaves both types as
  /// far unified as they got; the caller reports the mismatch with str().
  bool unify(Type *a, Type *b);
  bool unifyMeasures(const Measure &a, const Measure &b);

  /// Marks variables above `level` generic, first defaulting constrained
  /// variables to int as F# does for non-inline functions. With
  /// `keepConstraints` (the prelude, whose arithmetic is generic like F#'s
  /// inline library functions) constrained variables stay generic.
  void generalize(Type *type, int level, bool keepConstraints = false);
  /// Copies `type` with fresh variables for the generic ones. The fresh
  /// types for `generics` (and units for `genericUnits`) are appended to
  /// the two output vectors in order, for monomorphisation.
  Type *instantiate(Type *type, int level, const std::vector<Type *> &generics,
                    const std::vector<UnitVar *> &genericUnits,
                    std::vector<Type *> &typeArgs,
                    std::vector<UnitVar *> &unitArgs);
  /// Copies `type` replacing each variable of `from` by the type at the same
  /// index of `to` (type parameters of records and unions).
  Type *substitute(Type *type, const std::vector<Type *> &from,
                   const std::vector<Type *> &to);
  /// The generic variables of a generalised type, in first-occurrence order.
  static void collectGenerics(Type *type, std::vector<Type *> &vars,
                              std::vector<UnitVar *> &units);

  /// F# spelling: "int", "float<m/s>", "int list", "'a -> 'b", ...
  std::string str(Type *type);
  std::string str(const Measure &measure);
  /// Starts naming variables from 'a again (once per message).
  void resetPrintNames() { printNames.clear(); }

private:
  Type *make(TypeKind kind, std::vector<Type *> args = {});
  bool occurs(Type *var, Type *type);
  bool checkConstraint(VarConstraint constraint, Type *type);
  void adjustLevels(Type *type, int level);
  void generalizeMeasure(Measure &measure, int level);
  std::string varName(Type *var);

  std::deque<Type> types;
  std::deque<UnitVar> unitVars;
  std::deque<Measure> measures;
  unsigned nextId = 0;
  Type *intType, *int64Type, *boolType, *unitType, *charType, *stringType,
      *floatType;
  /// Names given to variables when printing ('a, 'b, ...).
  llvm::DenseMap<const void *, std::string> printNames;
};

} // namespace clef

#endif // CLEF_FRONTEND_ANTLR_TYPES_H

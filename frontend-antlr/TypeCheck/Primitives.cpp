//===- Primitives.cpp - Types of the built-in functions -------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The primitives the emitter implements directly, their types, and the
// types a literal format string gives the printf family.
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/TypeCheck/TypeCheckInternals.h"

using namespace clef;
using namespace clef::ast;
using namespace clef::detail;

bool clef::isPrimitive(const std::string &name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("printf", "printfn", "eprintf", "eprintfn", "sprintf", true)
      .Cases("failwithf", "failwith", "exit", "ignore", "not", true)
      .Cases("int", "int64", "float", "char", "string", "hash", true)
      .Cases("fst", "snd", "id", "abs", "min", "max", "sign", true)
      .Cases("sqrt", "sin", "cos", "tan", "asin", "acos", "atan", true)
      .Cases("exp", "log", "log10", "floor", "ceil", "round", "atan2", true)
      .Cases("invalidArg", "ref", "incr", "decr", "compare", "truncate", true)
      .Cases("Array.zeroCreate", "Array.create", "Array.length", true)
      .Cases("List.isEmpty", "Option.isSome", true)
      .Cases("Option.isNone", "Array.copy", true)
      .Cases("LanguagePrimitives.GenericZero", "LanguagePrimitives.GenericOne",
             true)
      .Cases("nan", "infinity", true)
      .Default(false);
}

Type *Checker::primitiveType(const std::string &name, Loc loc) {
  auto var = [&](VarConstraint c = VarConstraint::None) {
    return types.freshVar(level, c);
  };
  auto fun = [&](Type *a, Type *b) { return types.getFun(a, b); };
  Type *i32 = types.getInt();
  Type *f64 = types.getFloat();
  if (isFormatFunction(name)) {
    error(loc, "'" + name + "' must be applied to a literal format string");
    return var();
  }
  if (name == "LanguagePrimitives.GenericZero" ||
      name == "LanguagePrimitives.GenericOne")
    return var(VarConstraint::Numeric);
  if (name == "nan" || name == "infinity")
    return f64;
  if (name == "failwith")
    return fun(types.getString(), var());
  if (name == "invalidArg")
    return fun(types.getString(), fun(types.getString(), var()));
  if (name == "exit")
    return fun(i32, var());
  if (name == "ignore")
    return fun(var(), types.getUnit());
  if (name == "not")
    return fun(types.getBool(), types.getBool());
  if (name == "int" || name == "int64" || name == "float" || name == "char" ||
      name == "truncate") {
    Type *result = name == "int"     ? i32
                   : name == "int64" ? types.getInt64()
                   : name == "char"  ? types.getChar()
                                     : f64;
    if (name == "truncate")
      return fun(f64, f64);
    return fun(var(), result);
  }
  if (name == "string")
    return fun(var(), types.getString());
  if (name == "hash")
    return fun(var(), i32);
  if (name == "fst" || name == "snd") {
    Type *a = var(), *b = var();
    return fun(types.getTuple({a, b}), name == "fst" ? a : b);
  }
  if (name == "id") {
    Type *a = var();
    return fun(a, a);
  }
  if (name == "abs") {
    Type *a = var(VarConstraint::Numeric);
    return fun(a, a);
  }
  if (name == "sign")
    return fun(var(VarConstraint::Numeric), i32);
  if (name == "min" || name == "max") {
    Type *a = var();
    return fun(a, fun(a, a));
  }
  if (name == "compare") {
    Type *a = var();
    return fun(a, fun(a, i32));
  }
  if (name == "sqrt") {
    UnitVar *u = types.freshUnitVar(level);
    return fun(types.getFloat(Measure::var(u).pow(2)),
               types.getFloat(Measure::var(u)));
  }
  if (name == "floor" || name == "ceil" || name == "round") {
    Type *u = types.getFloat(Measure::var(types.freshUnitVar(level)));
    return fun(u, u);
  }
  if (name == "atan2") {
    Type *u = types.getFloat(Measure::var(types.freshUnitVar(level)));
    return fun(u, fun(u, f64));
  }
  if (name == "ref") {
    Type *a = var();
    return fun(a, types.getRef(a));
  }
  if (name == "incr" || name == "decr")
    return fun(types.getRef(i32), types.getUnit());
  if (name == "Array.zeroCreate")
    return fun(i32, types.getArray(var()));
  if (name == "Array.create") {
    Type *a = var();
    return fun(i32, fun(a, types.getArray(a)));
  }
  if (name == "Array.length")
    return fun(types.getArray(var()), i32);
  if (name == "Array.copy") {
    Type *a = types.getArray(var());
    return fun(a, a);
  }
  if (name == "String.length")
    return fun(types.getString(), i32);
  if (name == "List.isEmpty")
    return fun(types.getList(var()), types.getBool());
  if (name == "Option.isSome" || name == "Option.isNone")
    return fun(types.getOption(var()), types.getBool());
  // sin cos tan asin acos atan exp log log10.
  return fun(f64, f64);
}

Type *Checker::inferFormat(Expr &fn, Expr &format) {
  std::string message;
  auto pieces = mlir::clef::parseFormatString(format.text, message);
  if (!pieces) {
    error(format.loc, "invalid format string: " + message);
    return types.freshVar(level);
  }
  Type *result = fn.primitive == "sprintf"     ? types.getString()
                 : fn.primitive == "failwithf" ? types.freshVar(level)
                                               : types.getUnit();
  std::vector<Type *> argTypes;
  for (const mlir::clef::FormatPiece &piece : *pieces) {
    if (piece.isLiteral)
      continue;
    switch (mlir::clef::getFormatArgKind(piece.conversion)) {
    case mlir::clef::FormatArgKind::Integer:
      argTypes.push_back(types.freshVar(level, VarConstraint::Integral));
      break;
    case mlir::clef::FormatArgKind::Float:
      argTypes.push_back(
          types.getFloat(Measure::var(types.freshUnitVar(level))));
      break;
    case mlir::clef::FormatArgKind::String:
      argTypes.push_back(types.getString());
      break;
    case mlir::clef::FormatArgKind::Char:
      argTypes.push_back(types.getChar());
      break;
    case mlir::clef::FormatArgKind::Bool:
      argTypes.push_back(types.getBool());
      break;
    case mlir::clef::FormatArgKind::Any:
      argTypes.push_back(types.freshVar(level));
      break;
    }
  }
  for (size_t i = argTypes.size(); i-- > 0;)
    result = types.getFun(argTypes[i], result);
  return types.getFun(types.getString(), result);
}

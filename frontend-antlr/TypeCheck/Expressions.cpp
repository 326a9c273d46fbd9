//===- Expressions.cpp - Inference of expressions -------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The type of every expression: variables and their instantiation,
// applications, operators typed like F#'s inline operators, records and
// field access.
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/TypeCheck/TypeCheckInternals.h"

using namespace clef;
using namespace clef::ast;
using namespace clef::detail;

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

Type *Checker::infer(Expr &expr) {
  Type *t = nullptr;
  switch (expr.kind) {
  case ExprKind::Int:
    t = types.getInt();
    break;
  case ExprKind::Int64:
    t = types.getInt64();
    break;
  case ExprKind::Float: {
    Measure m;
    if (!expr.measure.empty())
      resolveMeasure(expr.measure, expr.loc, m);
    t = types.getFloat(m);
    break;
  }
  case ExprKind::Bool:
    t = types.getBool();
    break;
  case ExprKind::String:
    t = types.getString();
    break;
  case ExprKind::Char:
    t = types.getChar();
    break;
  case ExprKind::Unit:
    t = types.getUnit();
    break;
  case ExprKind::Var:
    t = inferVar(expr);
    break;
  case ExprKind::App:
    t = inferApp(expr);
    break;
  case ExprKind::BinOp:
    t = inferBinOp(expr);
    break;
  case ExprKind::Neg: {
    t = infer(*expr.args[0]);
    Type *p = TypeContext::prune(t);
    if (p->kind == TypeKind::Var) {
      Type *num = types.freshVar(level, VarConstraint::Numeric);
      types.unify(num, p);
    } else if (p->kind != TypeKind::Int && p->kind != TypeKind::Int64 &&
               p->kind != TypeKind::Float) {
      error(expr.loc,
            "The type " + quote(t) + " does not support the operator '~-'");
    }
    break;
  }
  case ExprKind::Lambda:
    t = inferLambda(expr);
    break;
  case ExprKind::Let: {
    size_t mark = scope.size();
    checkLet(expr.bindings, expr.isRec, /*topLevel=*/false);
    t = infer(*expr.args[0]);
    scope.resize(mark);
    break;
  }
  case ExprKind::If: {
    expect(infer(*expr.args[0]), types.getBool(), expr.args[0]->loc);
    Type *thenType = infer(*expr.args[1]);
    if (expr.args.size() == 2) {
      expect(thenType, types.getUnit(), expr.args[1]->loc);
      t = types.getUnit();
      break;
    }
    Type *elseType = infer(*expr.args[2]);
    types.resetPrintNames();
    std::string thenText = types.str(thenType);
    std::string elseText = types.str(elseType);
    if (!types.unify(thenType, elseType))
      error(expr.args[2]->loc,
            "All branches of an 'if' expression must return values of the "
            "same type as the first branch, which here is '" +
                thenText + "'. This branch returns a value of type '" +
                elseText + "'.");
    t = thenType;
    break;
  }
  case ExprKind::Match: {
    Type *scrutinee = infer(*expr.args[0]);
    t = types.freshVar(level);
    for (MatchCase &mc : expr.cases) {
      size_t mark = scope.size();
      inferPattern(*mc.pattern, scrutinee);
      checkDuplicates(mark);
      if (mc.guard)
        expect(infer(*mc.guard), types.getBool(), mc.guard->loc);
      Type *body = infer(*mc.body);
      types.resetPrintNames();
      std::string expectedText = types.str(t);
      std::string bodyText = types.str(body);
      if (!types.unify(t, body))
        error(mc.body->loc,
              "All branches of a pattern match expression must return "
              "values of the same type as the first branch, which here is '" +
                  expectedText + "'. This branch returns a value of type '" +
                  bodyText + "'.");
      scope.resize(mark);
    }
    checkExhaustive(expr);
    break;
  }
  case ExprKind::Tuple: {
    std::vector<Type *> elements;
    for (auto &arg : expr.args)
      elements.push_back(infer(*arg));
    t = types.getTuple(std::move(elements));
    break;
  }
  case ExprKind::List:
  case ExprKind::Array: {
    Type *element = types.freshVar(level);
    for (auto &arg : expr.args)
      expect(infer(*arg), element, arg->loc);
    t = expr.kind == ExprKind::List ? types.getList(element)
                                    : types.getArray(element);
    break;
  }
  case ExprKind::Range: {
    // Ranges are over ints (the prelude builds them).
    Type *element = types.getInt();
    for (auto &bound : expr.args)
      expect(infer(*bound), element, bound->loc);
    t = expr.flag ? types.getArray(element) : types.getList(element);
    break;
  }
  case ExprKind::Record:
  case ExprKind::RecordUpdate:
    t = inferRecord(expr);
    break;
  case ExprKind::Field:
    t = inferField(expr);
    break;
  case ExprKind::Index: {
    Type *base = infer(*expr.args[0]);
    expect(infer(*expr.args[1]), types.getInt(), expr.args[1]->loc);
    Type *p = TypeContext::prune(base);
    if (p->kind == TypeKind::String) {
      t = types.getChar();
    } else {
      t = types.freshVar(level);
      expect(base, types.getArray(t), expr.args[0]->loc);
    }
    break;
  }
  case ExprKind::Seq:
    for (size_t i = 0; i < expr.args.size(); ++i) {
      t = infer(*expr.args[i]);
      if (i + 1 < expr.args.size()) {
        Type *p = TypeContext::prune(t);
        if (p->kind == TypeKind::Var)
          types.unify(p, types.getUnit());
        else if (p->kind != TypeKind::Unit)
          warning(expr.args[i]->loc,
                  "The result of this expression has type " + quote(t) +
                      " and is implicitly ignored. Consider using 'ignore' "
                      "to discard this value explicitly");
      }
    }
    break;
  case ExprKind::Assign: {
    Expr &lhs = *expr.args[0];
    Type *target = infer(lhs);
    if (lhs.kind == ExprKind::Var) {
      if (!lhs.var || !lhs.var->isMutable)
        error(lhs.loc, "This value is not mutable. Consider using the "
                       "mutable keyword, e.g. 'let mutable " +
                           lhs.name + " = expression'.");
    } else if (lhs.kind == ExprKind::Field) {
      Type *base = TypeContext::prune(lhs.args[0]->type);
      if (base->kind == TypeKind::Named && !lhs.fieldIndices.empty() &&
          !base->decl->fields[lhs.fieldIndices[0]].isMutable)
        error(lhs.loc, "This field is not mutable");
    } else if (lhs.kind != ExprKind::Index) {
      error(lhs.loc, "Invalid assignment: only mutable variables, mutable "
                     "fields, array elements and '.Value' can be assigned");
    }
    expect(infer(*expr.args[1]), target, expr.args[1]->loc);
    t = types.getUnit();
    break;
  }
  case ExprKind::While:
    expect(infer(*expr.args[0]), types.getBool(), expr.args[0]->loc);
    expect(infer(*expr.args[1]), types.getUnit(), expr.args[1]->loc);
    t = types.getUnit();
    break;
  case ExprKind::ForTo: {
    expect(infer(*expr.args[0]), types.getInt(), expr.args[0]->loc);
    expect(infer(*expr.args[1]), types.getInt(), expr.args[1]->loc);
    size_t mark = scope.size();
    inferPattern(*expr.params[0], types.getInt());
    expr.loopVar = expr.params[0]->var;
    expect(infer(*expr.args[2]), types.getUnit(), expr.args[2]->loc);
    scope.resize(mark);
    t = types.getUnit();
    break;
  }
  case ExprKind::ForIn: {
    Type *seq = infer(*expr.args[0]);
    Type *element = types.freshVar(level);
    Type *p = TypeContext::prune(seq);
    if (p->kind == TypeKind::Array)
      expect(seq, types.getArray(element), expr.args[0]->loc);
    else if (p->kind == TypeKind::String)
      expect(types.getChar(), element, expr.args[0]->loc);
    else
      expect(seq, types.getList(element), expr.args[0]->loc);
    size_t mark = scope.size();
    inferPattern(*expr.params[0], element);
    expect(infer(*expr.args[1]), types.getUnit(), expr.args[1]->loc);
    scope.resize(mark);
    t = types.getUnit();
    break;
  }
  case ExprKind::Yield: {
    Type *value = infer(*expr.args[0]);
    t = types.getUnit();
    VarDecl *acc = expr.name.empty() ? nullptr : lookup(expr.name);
    if (!acc) {
      error(expr.loc, "'yield' may only be used within list and array "
                      "expressions");
      break;
    }
    // An implicit yield of a unit statement is just that statement.
    if (expr.flag && TypeContext::prune(value)->kind == TypeKind::Unit) {
      expr.discard = true;
      break;
    }
    expr.var = acc;
    Type *element = types.freshVar(level);
    types.unify(acc->type, types.getList(element));
    expect(value, element, expr.args[0]->loc);
    break;
  }
  case ExprKind::Typed:
    t = infer(*expr.args[0]);
    expect(t, resolveType(*expr.annotation), expr.args[0]->loc);
    break;
  }
  expr.type = t;
  return t;
}

Type *Checker::inferLambda(Expr &expr) {
  size_t mark = scope.size();
  ++functionDepth;
  ++lambdaDepth;
  std::vector<Type *> params;
  for (auto &param : expr.params) {
    Type *t = types.freshVar(level);
    inferPattern(*param, t);
    params.push_back(t);
  }
  checkDuplicates(mark);
  Type *result = infer(*expr.args[0]);
  --lambdaDepth;
  --functionDepth;
  scope.resize(mark);
  for (size_t i = params.size(); i-- > 0;)
    result = types.getFun(params[i], result);
  return result;
}

Type *Checker::inferVar(Expr &expr) {
  const std::string &name = expr.name;
  VarDecl *var = lookup(name);
  // The prelude's `List.map` is written `List_map` in Clef.
  if (!var && name.find('.') != std::string::npos) {
    std::string mangled = name;
    for (char &c : mangled)
      if (c == '.')
        c = '_';
    var = lookup(mangled);
  }
  if (var) {
    expr.var = var;
    if (var->isTopLevel && functionDepth > 0 &&
        !(var->binding && var->binding->isFunction()))
      var->needsGlobal = true;
    if (var->isMutable && !var->isTopLevel && varLambdaDepth[var] < lambdaDepth)
      error(expr.loc, "The mutable variable '" + name +
                          "' is used in an invalid way. Mutable variables "
                          "cannot be captured by closures. Consider "
                          "eliminating this use of mutation or using a "
                          "heap-allocated mutable reference cell via 'ref' "
                          "and '!'.");
    if (var->generics.empty() && var->genericUnits.empty())
      return var->type;
    return types.instantiate(var->type, level, var->generics, var->genericUnits,
                             expr.typeArgs, expr.unitArgs);
  }
  if (name == "None" || name == "Some") {
    Type *element = types.freshVar(level);
    expr.primitive = name;
    Type *option = types.getOption(element);
    return name == "None" ? option : types.getFun(element, option);
  }
  if (auto found = lookupCase(name)) {
    auto [decl, index] = *found;
    expr.decl = decl;
    expr.caseIndex = index;
    Type *named = freshNamed(decl);
    std::vector<Type *> fields = caseFieldTypes(named, index);
    if (fields.empty())
      return named;
    // Constructors take their fields as one tuple, as in F#.
    Type *arg = fields.size() == 1 ? fields[0] : types.getTuple(fields);
    return types.getFun(arg, named);
  }
  if (isPrimitive(name)) {
    expr.primitive = name;
    return primitiveType(name, expr.loc);
  }
  error(expr.loc, "The value or constructor '" + name + "' is not defined.");
  return types.freshVar(level);
}

Type *Checker::inferApp(Expr &expr) {
  Expr &head = *expr.args[0];
  Type *fnType;
  if (head.kind == ExprKind::Var && isFormatFunction(head.name) &&
      !lookup(head.name)) {
    head.primitive = head.name;
    if (expr.args.size() < 2 || expr.args[1]->kind != ExprKind::String) {
      error(head.loc,
            "'" + head.name + "' must be applied to a literal format string");
      for (size_t i = 1; i < expr.args.size(); ++i)
        infer(*expr.args[i]);
      return types.freshVar(level);
    }
    fnType = inferFormat(head, *expr.args[1]);
    head.type = fnType;
  } else {
    fnType = infer(head);
  }
  Type *current = fnType;
  for (size_t i = 1; i < expr.args.size(); ++i) {
    Expr &arg = *expr.args[i];
    Type *argType = infer(arg);
    Type *fn = TypeContext::prune(current);
    if (fn->kind == TypeKind::Var) {
      Type *result = types.freshVar(level);
      if (!types.unify(fn, types.getFun(argType, result))) {
        error(arg.loc, "Type mismatch: applying a value of type " +
                           quoteFresh(fn) + " to an argument of type " +
                           quote(argType) + " would make an infinite type");
        return types.freshVar(level);
      }
      current = result;
      continue;
    }
    if (fn->kind != TypeKind::Fun) {
      error(i == 1 ? head.loc : arg.loc,
            i == 1 ? "This value is not a function and cannot be applied."
                   : "This function takes too many arguments, or is used in "
                     "a context where a function is not expected");
      return types.freshVar(level);
    }
    Type *param = TypeContext::prune(fn->args[0]);
    if (head.kind == ExprKind::Var && isFormatFunction(head.primitive) &&
        param->kind == TypeKind::Var &&
        param->constraint == VarConstraint::Integral &&
        !types.unify(param, argType)) {
      error(arg.loc, "The type " + quoteFresh(argType) +
                         " is not compatible with any of the types "
                         "byte,int16,int32,int64,sbyte,uint16,uint32,uint64,"
                         "nativeint,unativeint, arising from the use of a "
                         "printf-style format string");
    } else {
      expect(argType, fn->args[0], arg.loc);
    }
    current = fn->args[1];
  }
  return current;
}

Type *Checker::inferBinOp(Expr &expr) {
  const std::string &op = expr.name;
  Expr &lhs = *expr.args[0];
  Expr &rhs = *expr.args[1];
  Type *a = infer(lhs);
  Type *b = infer(rhs);
  auto same = [&]() {
    types.resetPrintNames();
    std::string aText = types.str(a);
    std::string bText = types.str(b);
    Type *pa = TypeContext::prune(a);
    Type *pb = TypeContext::prune(b);
    if (types.unify(a, b))
      return true;
    if (pa->kind == TypeKind::Float && pb->kind == TypeKind::Float)
      error(rhs.loc, "The unit of measure '" + types.str(pb->measure) +
                         "' does not match the unit of measure '" +
                         types.str(pa->measure) + "'");
    else
      error(rhs.loc, "This expression was expected to have type '" + aText +
                         "' but here has type '" + bText + "'");
    return false;
  };
  auto constrain = [&](VarConstraint c) {
    Type *p = TypeContext::prune(a);
    if (p->kind == TypeKind::Var) {
      types.unify(types.freshVar(level, c), p);
      return;
    }
    Type *probe = types.freshVar(level, c);
    if (!types.unify(probe, p))
      error(expr.loc, "The type " + quote(a) +
                          " does not support the operator '" + op + "'");
  };
  if (op == "+" || op == "-" || op == "%") {
    if (same())
      constrain(op == "+" ? VarConstraint::Addable : VarConstraint::Numeric);
    return a;
  }
  if (op == "*" || op == "/") {
    Type *pa = TypeContext::prune(a);
    Type *pb = TypeContext::prune(b);
    // As in F#, an operand whose type is still open meets a float as a
    // dimensionless float: units only flow from annotations and literals.
    if (pa->kind == TypeKind::Float && pb->kind == TypeKind::Var)
      types.unify(pb, types.getFloat());
    if (pb->kind == TypeKind::Float && pa->kind == TypeKind::Var)
      types.unify(pa, types.getFloat());
    if (pa->kind == TypeKind::Float || pb->kind == TypeKind::Float) {
      Type *ua = types.getFloat(Measure::var(types.freshUnitVar(level)));
      Type *ub = types.getFloat(Measure::var(types.freshUnitVar(level)));
      if (!expect(a, ua, lhs.loc) || !expect(b, ub, rhs.loc))
        return types.getFloat();
      Measure ma = TypeContext::normalize(TypeContext::prune(ua)->measure);
      Measure mb = TypeContext::normalize(TypeContext::prune(ub)->measure);
      Measure m = op == "*" ? ma * mb : ma / mb;
      if (!m.exponentsInRange()) {
        error(expr.loc, "The unit of measure of this product or quotient has "
                        "an exponent beyond " +
                            std::to_string(kMaxUnitExponent));
        return types.getFloat();
      }
      return types.getFloat(m);
    }
    if (same())
      constrain(VarConstraint::Numeric);
    return a;
  }
  if (op == "**") {
    expect(a, types.getFloat(), lhs.loc);
    expect(b, types.getFloat(), rhs.loc);
    return types.getFloat();
  }
  if (op == "=" || op == "<>" || op == "<" || op == ">" || op == "<=" ||
      op == ">=") {
    same();
    return types.getBool();
  }
  if (op == "&&" || op == "||") {
    expect(a, types.getBool(), lhs.loc);
    expect(b, types.getBool(), rhs.loc);
    return types.getBool();
  }
  if (op == "::") {
    Type *list = types.getList(a);
    expect(b, list, rhs.loc);
    return list;
  }
  if (op == "@") {
    Type *list = types.getList(types.freshVar(level));
    expect(a, list, lhs.loc);
    expect(b, list, rhs.loc);
    return list;
  }
  if (op == "^") {
    expect(a, types.getString(), lhs.loc);
    expect(b, types.getString(), rhs.loc);
    return types.getString();
  }
  error(expr.loc, "the operator '" + op + "' is not supported");
  return types.freshVar(level);
}

Type *Checker::inferRecord(Expr &expr) {
  size_t firstField = expr.kind == ExprKind::RecordUpdate ? 1 : 0;
  Type *record = nullptr;
  TypeDecl *decl = nullptr;
  if (expr.kind == ExprKind::RecordUpdate) {
    record = infer(*expr.args[0]);
    Type *p = TypeContext::prune(record);
    if (p->kind == TypeKind::Named && p->decl->kind == TypeDecl::Record)
      decl = p->decl;
  }
  if (!decl) {
    decl = recordOfField(expr.fields[0]);
    if (!decl) {
      error(expr.loc,
            "The record label '" + expr.fields[0] + "' is not defined.");
      for (size_t i = firstField; i < expr.args.size(); ++i)
        infer(*expr.args[i]);
      return types.freshVar(level);
    }
    Type *fresh = freshNamed(decl);
    if (record)
      expect(record, fresh, expr.args[0]->loc);
    record = fresh;
  }
  std::vector<bool> seen(decl->fields.size());
  for (size_t i = 0; i < expr.fields.size(); ++i) {
    Expr &value = *expr.args[firstField + i];
    auto index = fieldIndex(decl, expr.fields[i]);
    if (!index) {
      error(value.loc, "The record type '" + decl->name +
                           "' does not contain a label '" + expr.fields[i] +
                           "'");
      infer(value);
      continue;
    }
    if (seen[*index])
      error(value.loc, "The field '" + expr.fields[i] +
                           "' appears twice in this record expression");
    seen[*index] = true;
    expr.fieldIndices.push_back(*index);
    expect(infer(value), fieldType(record, *index), value.loc);
  }
  if (expr.kind == ExprKind::Record)
    for (size_t i = 0; i < seen.size(); ++i)
      if (!seen[i])
        error(expr.loc, "No assignment given for field '" +
                            decl->fields[i].name + "' of type '" + decl->name +
                            "'");
  return record;
}

Type *Checker::inferField(Expr &expr) {
  Expr &base = *expr.args[0];
  // `Shape.Circle`: a qualified union case, not a field access.
  if (base.kind == ExprKind::Var && !lookup(base.name) &&
      typeDecls.count(base.name)) {
    expr.kind = ExprKind::Var;
    expr.name = base.name + "." + expr.name;
    expr.args.clear();
    return inferVar(expr);
  }
  Type *t = infer(base);
  Type *p = TypeContext::prune(t);
  const std::string &name = expr.name;
  if (name == "Length" &&
      (p->kind == TypeKind::String || p->kind == TypeKind::Array))
    return types.getInt();
  if (name == "Value" &&
      (p->kind == TypeKind::Ref || p->kind == TypeKind::Option))
    return p->args[0];
  if (name == "Head" && p->kind == TypeKind::List)
    return p->args[0];
  if (name == "Tail" && p->kind == TypeKind::List)
    return t;
  if (name == "IsEmpty" && p->kind == TypeKind::List)
    return types.getBool();
  if (name == "Length" && p->kind == TypeKind::List)
    return types.getInt();
  if ((name == "IsSome" || name == "IsNone") && p->kind == TypeKind::Option)
    return types.getBool();
  if (p->kind == TypeKind::Var) {
    if (name == "Value") {
      Type *element = types.freshVar(level);
      types.unify(p, types.getRef(element));
      return element;
    }
    TypeDecl *decl = recordOfField(name);
    if (!decl) {
      error(expr.loc,
            "The field, constructor or member '" + name + "' is not defined.");
      return types.freshVar(level);
    }
    types.unify(p, freshNamed(decl));
    p = TypeContext::prune(p);
  }
  if (p->kind != TypeKind::Named || p->decl->kind != TypeDecl::Record) {
    error(expr.loc, "The type " + quote(t) +
                        " does not define the field, constructor or member '" +
                        name + "'");
    return types.freshVar(level);
  }
  auto index = fieldIndex(p->decl, name);
  if (!index) {
    error(expr.loc, "The record type '" + p->decl->name +
                        "' does not contain a label '" + name + "'");
    return types.freshVar(level);
  }
  expr.fieldIndices = {*index};
  return fieldType(p, *index);
}

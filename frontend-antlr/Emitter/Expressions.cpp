//===- Expressions.cpp - Emission of expressions --------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// One value per expression: control flow, variables and applications,
// constructors, operators, lambdas, records, assignment and loops.
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/Emitter/EmitterInternals.h"

using namespace clef;
using namespace clef::ast;
using namespace clef::detail;

/// List literals with at least this many elements are emitted as an array
/// literal and `List.ofArray`.
static constexpr size_t kListLiteralViaArray = 16;

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

Value Emitter::emitIf(Loc l, Value cond, mlir::Type type,
                      llvm::function_ref<Value()> thenFn,
                      llvm::function_ref<Value()> elseFn) {
  auto ifOp = mlir::scf::IfOp::create(builder, loc(l), mlir::TypeRange{type},
                                      cond, /*withElseRegion=*/true);
  mlir::OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(&ifOp.getThenRegion().front());
  Value a = castUnits(l, thenFn(), type);
  if (!a)
    return Value();
  mlir::scf::YieldOp::create(builder, loc(l), a);
  builder.setInsertionPointToStart(&ifOp.getElseRegion().front());
  Value b = castUnits(l, elseFn(), type);
  if (!b)
    return Value();
  mlir::scf::YieldOp::create(builder, loc(l), b);
  return ifOp.getResult(0);
}

Value Emitter::emit(Expr &expr) {
  if (failed)
    return Value();
  Loc l = expr.loc;
  switch (expr.kind) {
  case ExprKind::Int:
    return constInt(l, expr.intValue);
  case ExprKind::Int64:
    return constInt(l, expr.intValue, 64);
  case ExprKind::Float: {
    Value v = cl::ConstantOp::create(builder, loc(l), builder.getF64Type(),
                                     builder.getF64FloatAttr(expr.floatValue));
    return castUnits(l, v, lowerOf(expr.type));
  }
  case ExprKind::Bool:
    return constBool(l, expr.boolValue);
  case ExprKind::String:
    return cl::StringOp::create(builder, loc(l), cl::StringType::get(context),
                                expr.text);
  case ExprKind::Char: {
    // Decode one UTF-8 code point.
    const std::string &s = expr.text;
    uint32_t cp = static_cast<unsigned char>(s[0]);
    if (cp >= 0xF0 && s.size() >= 4)
      cp = ((cp & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) |
           (s[3] & 0x3F);
    else if (cp >= 0xE0 && s.size() >= 3)
      cp = ((cp & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    else if (cp >= 0xC0 && s.size() >= 2)
      cp = ((cp & 0x1F) << 6) | (s[1] & 0x3F);
    return cl::CharOp::create(builder, loc(l), cl::CharType::get(context), cp);
  }
  case ExprKind::Unit:
    return unitValue(l);
  case ExprKind::Var:
    return emitVar(expr);
  case ExprKind::App:
    return emitApp(expr);
  case ExprKind::BinOp:
    return emitBinOp(expr);
  case ExprKind::Neg: {
    Value v = emit(*expr.args[0]);
    if (!v)
      return v;
    return cl::NegOp::create(builder, loc(l), v.getType(), v);
  }
  case ExprKind::Lambda:
    return emitLambda(expr);
  case ExprKind::Let:
    return emitLet(expr);
  case ExprKind::If: {
    Value cond = emit(*expr.args[0]);
    if (!cond)
      return cond;
    mlir::Type type = lowerOf(expr.type);
    return emitIf(
        l, cond, type, [&] { return emit(*expr.args[1]); },
        [&] {
          return expr.args.size() > 2 ? emit(*expr.args[2]) : unitValue(l);
        });
  }
  case ExprKind::Match:
    return emitMatch(expr);
  case ExprKind::Tuple: {
    llvm::SmallVector<Value> elements;
    for (auto &arg : expr.args) {
      Value v = emit(*arg);
      if (!v)
        return v;
      elements.push_back(castUnits(arg->loc, v, lowerOf(arg->type)));
    }
    return cl::TupleOp::create(builder, loc(l), lowerOf(expr.type), elements,
                               Value());
  }
  case ExprKind::List: {
    std::vector<Value> elements;
    auto listType = mlir::cast<cl::ListType>(lowerOf(expr.type));
    for (auto &arg : expr.args) {
      Value v = emit(*arg);
      if (!v)
        return v;
      elements.push_back(castUnits(arg->loc, v, listType.getElementType()));
    }
    // A long literal is built as an array literal turned into a list by the
    // prelude's loop: the IR stays one op however many elements there are,
    // where a cons per element made every later pass and LLVM pay for it.
    if (elements.size() >= kListLiteralViaArray) {
      Value array = cl::ArrayLitOp::create(
          builder, loc(l),
          cl::ArrayType::get(context, listType.getElementType()), elements,
          Value());
      Type *element = TypeContext::prune(expr.type)->args[0];
      return callPrelude(
          l, "List_ofArray", {array},
          types.getFun(types.getArray(element), types.getList(element)));
    }
    return emitListFromElements(l, elements, listType);
  }
  case ExprKind::Array: {
    llvm::SmallVector<Value> elements;
    auto arrayType = mlir::cast<cl::ArrayType>(lowerOf(expr.type));
    for (auto &arg : expr.args) {
      Value v = emit(*arg);
      if (!v)
        return v;
      elements.push_back(castUnits(arg->loc, v, arrayType.getElementType()));
    }
    return cl::ArrayLitOp::create(builder, loc(l), arrayType, elements,
                                  Value());
  }
  case ExprKind::Range: {
    std::vector<Value> bounds;
    for (auto &bound : expr.args) {
      bounds.push_back(emit(*bound));
      if (!bounds.back())
        return Value();
    }
    Type *intType = types.getInt();
    Type *fnType = types.getList(intType);
    for (size_t i = 0; i < bounds.size(); ++i)
      fnType = types.getFun(intType, fnType);
    Value list =
        callPrelude(l, bounds.size() == 2 ? "List_range" : "List_rangeStep",
                    bounds, fnType);
    if (!expr.flag || !list)
      return list;
    return callPrelude(l, "List_toArray", {list},
                       types.getFun(types.getList(types.getInt()),
                                    types.getArray(types.getInt())));
  }
  case ExprKind::Record:
  case ExprKind::RecordUpdate:
    return emitRecord(expr);
  case ExprKind::Field: {
    Value base = emit(*expr.args[0]);
    if (!base)
      return base;
    mlir::Type baseType = base.getType();
    mlir::Type resultType = lowerOf(expr.type);
    if (expr.name == "Length" && mlir::isa<cl::StringType>(baseType))
      return cl::StringLengthOp::create(builder, loc(l), builder.getI32Type(),
                                        base);
    if (expr.name == "Length" && mlir::isa<cl::ArrayType>(baseType))
      return cl::ArrayLengthOp::create(builder, loc(l), builder.getI32Type(),
                                       base);
    if (expr.name == "Value" && mlir::isa<cl::RefType>(baseType))
      return cl::RefGetOp::create(builder, loc(l), resultType, base);
    if (expr.name == "Value" && mlir::isa<cl::OptionType>(baseType))
      return cl::OptionValueOp::create(builder, loc(l), resultType, base);
    if (mlir::isa<cl::OptionType>(baseType) &&
        (expr.name == "IsSome" || expr.name == "IsNone")) {
      Value isSome = cl::OptionIsSomeOp::create(builder, loc(l),
                                                builder.getI1Type(), base);
      if (expr.name == "IsSome")
        return isSome;
      return cl::NotOp::create(builder, loc(l), builder.getI1Type(), isSome);
    }
    if (mlir::isa<cl::ListType>(baseType) && expr.name == "Length") {
      Type *listType = concrete(expr.args[0]->type);
      return callPrelude(l, "List_length", {base},
                         types.getFun(listType, types.getInt()));
    }
    if (auto listType = mlir::dyn_cast<cl::ListType>(baseType)) {
      if (expr.name == "Head")
        return cl::ListHeadOp::create(builder, loc(l), resultType, base);
      if (expr.name == "Tail")
        return cl::ListTailOp::create(builder, loc(l), listType, base);
      if (expr.name == "IsEmpty")
        return cl::ListIsNilOp::create(builder, loc(l), builder.getI1Type(),
                                       base);
    }
    if (expr.fieldIndices.empty()) {
      error(l, "internal error: unresolved field '" + expr.name + "'");
      return Value();
    }
    return cl::RecordGetOp::create(builder, loc(l), resultType, base,
                                   expr.name);
  }
  case ExprKind::Index: {
    Value base = emit(*expr.args[0]);
    Value index = emit(*expr.args[1]);
    if (!base || !index)
      return Value();
    if (mlir::isa<cl::StringType>(base.getType()))
      return cl::StringGetOp::create(builder, loc(l),
                                     cl::CharType::get(context), base, index);
    return cl::ArrayGetOp::create(builder, loc(l), lowerOf(expr.type), base,
                                  index);
  }
  case ExprKind::Seq: {
    Value last;
    for (auto &arg : expr.args) {
      last = emit(*arg);
      if (!last)
        return last;
    }
    return last;
  }
  case ExprKind::Assign:
    return emitAssign(expr);
  case ExprKind::While:
  case ExprKind::ForTo:
  case ExprKind::ForIn:
    return emitLoop(expr);
  case ExprKind::Typed:
    return castUnits(l, emit(*expr.args[0]), lowerOf(expr.type));
  case ExprKind::Yield: {
    Value value = emit(*expr.args[0]);
    if (!value || expr.discard)
      return value ? unitValue(l) : value;
    Value local = values.lookup(expr.var);
    auto localType = mlir::dyn_cast_or_null<cl::LocalType>(
        local ? local.getType() : mlir::Type());
    if (!localType) {
      error(l, "internal error: 'yield' outside its list expression");
      return Value();
    }
    auto listType = mlir::cast<cl::ListType>(localType.getElementType());
    Value elements = cl::LocalGetOp::create(builder, loc(l), listType, local);
    Value cons = cl::ConsOp::create(
        builder, loc(l), listType,
        castUnits(l, value, listType.getElementType()), elements, Value());
    cl::LocalSetOp::create(builder, loc(l), local, cons);
    return unitValue(l);
  }
  }
  return Value();
}

Value Emitter::emitListFromElements(Loc l, std::vector<Value> elements,
                                    mlir::Type listType) {
  Value list = cl::NilOp::create(builder, loc(l), listType);
  for (size_t i = elements.size(); i-- > 0;)
    list = cl::ConsOp::create(builder, loc(l), listType, elements[i], list,
                              Value());
  return list;
}

Value Emitter::emitVar(Expr &expr) {
  Loc l = expr.loc;
  if (expr.var) {
    VarDecl *var = expr.var;
    if (var->binding && var->binding->isFunction()) {
      std::vector<Expr *> none;
      return emitCallee(expr, none, l);
    }
    return readVar(var, l);
  }
  if (expr.decl || expr.primitive == "None" || expr.primitive == "Some" ||
      !expr.primitive.empty()) {
    std::vector<Expr *> none;
    return emitCallee(expr, none, l);
  }
  error(l, "internal error: unresolved name '" + expr.name + "'");
  return Value();
}

Value Emitter::emitApp(Expr &expr) {
  Expr &head = *expr.args[0];
  std::vector<Expr *> args;
  for (size_t i = 1; i < expr.args.size(); ++i)
    args.push_back(expr.args[i].get());
  return emitCallee(head, args, expr.loc);
}

/// Applies `head` to `args`: a direct call when `head` is a known function
/// with enough arguments, a curried closure when there are too few, and
/// closure application otherwise.
Value Emitter::emitCallee(Expr &head, std::vector<Expr *> args, Loc l) {
  // Known functions, primitives and constructors take their arguments
  // uncurried; count how many they need.
  size_t arity = 0;
  enum { Closure, Function, Primitive, Constructor } kind = Closure;
  Binding *binding = nullptr;
  if (head.kind == ExprKind::Var && head.var && head.var->binding &&
      head.var->binding->isFunction()) {
    kind = Function;
    binding = head.var->binding;
    arity = binding->params.size();
  } else if (head.kind == ExprKind::Var && !head.var && head.decl) {
    kind = Constructor;
    arity = head.decl->cases[head.caseIndex].fieldTypes.empty() ? 0 : 1;
  } else if (head.kind == ExprKind::Var && !head.var &&
             (head.primitive == "Some" || head.primitive == "None")) {
    kind = Constructor;
    arity = head.primitive == "Some" ? 1 : 0;
  } else if (head.kind == ExprKind::Var && !head.var &&
             !head.primitive.empty()) {
    kind = Primitive;
    arity = primitiveArity(head.primitive, head);
  }

  if (kind == Primitive && arity == 0) {
    // Generic constants: zero or one of the instance's numeric type.
    mlir::Type type = lowerOf(head.type);
    double value = head.primitive == "nan"        ? std::nan("")
                   : head.primitive == "infinity" ? HUGE_VAL
                   : head.primitive == "LanguagePrimitives.GenericOne" ? 1
                                                                       : 0;
    Value constant;
    if (mlir::isa<mlir::IntegerType>(type))
      constant = constInt(l, static_cast<int64_t>(value),
                          type.getIntOrFloatBitWidth());
    else
      constant = castUnits(
          l,
          cl::ConstantOp::create(builder, loc(l), builder.getF64Type(),
                                 builder.getF64FloatAttr(value)),
          type);
    for (Expr *arg : args) {
      Value v = emit(*arg);
      if (!v || !constant)
        return Value();
      constant = applyClosure(arg->loc, constant, v);
    }
    return constant;
  }

  if (kind == Closure) {
    Value fn = emit(head);
    for (Expr *arg : args) {
      if (!fn)
        return fn;
      Value v = emit(*arg);
      if (!v)
        return v;
      fn = applyClosure(arg->loc, fn, v);
    }
    return fn;
  }

  // The head's type, concrete, gives the parameter types.
  Type *headType = concrete(head.type);
  std::vector<Type *> params;
  Type *result;
  splitFunction(headType, arity, params, result);

  std::vector<Value> provided;
  size_t direct = std::min(arity, args.size());
  for (size_t i = 0; i < direct; ++i) {
    Value v = emit(*args[i]);
    if (!v)
      return v;
    provided.push_back(castUnits(args[i]->loc, v, lower(params[i])));
  }

  std::function<Value(std::vector<Value> &)> finish;
  if (kind == Function) {
    mlir::func::FuncOp fn = functionFor(binding, &head);
    if (!fn)
      return Value();
    std::vector<Value> caps;
    if (!head.var->isTopLevel)
      for (VarDecl *cap : capturesOf(binding))
        caps.push_back(readVar(cap, l));
    finish = [this, fn, caps, l](std::vector<Value> &all) mutable -> Value {
      llvm::SmallVector<Value> operands;
      auto inputs = fn.getFunctionType().getInputs();
      for (size_t i = 0; i < all.size(); ++i)
        operands.push_back(castUnits(l, all[i], inputs[i]));
      // Captures are read at the call site, which dominates lambdas built
      // for partial applications.
      operands.append(caps.begin(), caps.end());
      return mlir::func::CallOp::create(builder, loc(l), fn, operands)
          .getResult(0);
    };
    // A saturated-by-zero reference to a one-parameter top-level function
    // is a plain function value.
    if (arity == 1 && args.empty() && caps.empty() && head.var->isTopLevel) {
      auto closureType = lower(headType);
      return cl::FuncRefOp::create(builder, loc(l), closureType,
                                   fn.getSymName());
    }
  } else if (kind == Constructor) {
    finish = [this, &head, l](std::vector<Value> &all) -> Value {
      return emitConstructor(head, all, l);
    };
  } else {
    std::string name = head.primitive;
    finish = [this, name, &head, l, result](std::vector<Value> &all) -> Value {
      return emitPrimitive(name, head, all, l, result);
    };
  }

  Value value;
  if (provided.size() == arity)
    value = finish(provided);
  else
    value = curry(l, params, result, provided, finish);
  for (size_t i = direct; i < args.size(); ++i) {
    if (!value)
      return value;
    Value v = emit(*args[i]);
    if (!v)
      return v;
    value = applyClosure(args[i]->loc, value, v);
  }
  return value;
}

Value Emitter::emitConstructor(Expr &head, std::vector<Value> fields, Loc l) {
  if (!head.decl) {
    Type *option = concrete(head.type);
    if (head.primitive == "Some")
      option = TypeContext::prune(option)->args[1];
    auto optionType = mlir::cast<cl::OptionType>(lower(option));
    if (head.primitive == "None")
      return cl::NoneOp::create(builder, loc(l), optionType);
    Value v = castUnits(l, fields[0], optionType.getElementType());
    return cl::SomeOp::create(builder, loc(l), optionType, v);
  }
  Type *unionType = concrete(head.type);
  CaseDecl &c = head.decl->cases[head.caseIndex];
  if (!c.fieldTypes.empty())
    unionType = TypeContext::prune(unionType)->args[1];
  mlir::Type lowered = lower(unionType);
  llvm::SmallVector<Value> operands;
  if (c.fieldTypes.size() == 1) {
    operands.push_back(fields[0]);
  } else if (c.fieldTypes.size() > 1) {
    // The argument is one tuple; spread it.
    auto tupleType = mlir::cast<cl::TupleType>(fields[0].getType());
    for (size_t i = 0; i < c.fieldTypes.size(); ++i) {
      Value element = fields[0];
      if (auto tuple = element.getDefiningOp<cl::TupleOp>())
        operands.push_back(tuple.getElements()[i]);
      else
        operands.push_back(cl::TupleGetOp::create(
            builder, loc(l), tupleType.getElementTypes()[i], element, i));
    }
    if (auto tuple = fields[0].getDefiningOp<cl::TupleOp>())
      if (tuple->use_empty())
        tuple->erase();
  }
  Type *named = TypeContext::prune(unionType);
  for (size_t i = 0; i < operands.size(); ++i) {
    Type *ft =
        types.substitute(c.fieldTypes[i], head.decl->paramVars, named->args);
    operands[i] = castUnits(l, operands[i], lower(ft));
  }
  return cl::UnionNewOp::create(builder, loc(l), lowered, c.name, operands,
                                Value());
}

Value Emitter::emitBinOp(Expr &expr) {
  const std::string &op = expr.name;
  Loc l = expr.loc;
  mlir::Location ml = loc(l);
  if (op == "&&" || op == "||") {
    Value lhs = emit(*expr.args[0]);
    if (!lhs)
      return lhs;
    if (op == "&&")
      return emitIf(
          l, lhs, builder.getI1Type(), [&] { return emit(*expr.args[1]); },
          [&] { return constBool(l, false); });
    return emitIf(
        l, lhs, builder.getI1Type(), [&] { return constBool(l, true); },
        [&] { return emit(*expr.args[1]); });
  }
  Value lhs = emit(*expr.args[0]);
  Value rhs = emit(*expr.args[1]);
  if (!lhs || !rhs)
    return Value();
  mlir::Type result = lowerOf(expr.type);
  if (op == "+" && mlir::isa<cl::StringType>(lhs.getType()))
    return cl::StringConcatOp::create(builder, ml, result, lhs, rhs, Value());
  if (op == "^")
    return cl::StringConcatOp::create(builder, ml, result, lhs, rhs, Value());
  if (op == "+" || op == "-" || op == "%") {
    rhs = castUnits(l, rhs, lhs.getType());
    if (op == "+")
      return cl::AddOp::create(builder, ml, lhs.getType(), lhs, rhs);
    if (op == "-")
      return cl::SubOp::create(builder, ml, lhs.getType(), lhs, rhs);
    return cl::RemOp::create(builder, ml, lhs.getType(), lhs, rhs);
  }
  if (op == "*")
    return cl::MulOp::create(builder, ml, result, lhs, rhs);
  if (op == "/")
    return cl::DivOp::create(builder, ml, result, lhs, rhs);
  if (op == "**") {
    return cl::PowOp::create(builder, ml, builder.getF64Type(), lhs, rhs);
  }
  if (op == "::") {
    auto listType = mlir::cast<cl::ListType>(result);
    return cl::ConsOp::create(builder, ml, listType,
                              castUnits(l, lhs, listType.getElementType()), rhs,
                              Value());
  }
  if (op == "@")
    return callPrelude(
        l, "List_append", {lhs, rhs},
        types.getFun(concrete(expr.type),
                     types.getFun(concrete(expr.type), concrete(expr.type))));
  auto pred = llvm::StringSwitch<std::optional<cl::CmpPredicate>>(op)
                  .Case("=", cl::CmpPredicate::eq)
                  .Case("<>", cl::CmpPredicate::ne)
                  .Case("<", cl::CmpPredicate::lt)
                  .Case("<=", cl::CmpPredicate::le)
                  .Case(">", cl::CmpPredicate::gt)
                  .Case(">=", cl::CmpPredicate::ge)
                  .Default(std::nullopt);
  if (!pred) {
    error(l, "internal error: operator '" + op + "'");
    return Value();
  }
  rhs = castUnits(l, rhs, lhs.getType());
  return cl::CmpOp::create(builder, ml, builder.getI1Type(), *pred, lhs, rhs);
}

Value Emitter::emitLambda(Expr &expr) {
  Loc l = expr.loc;
  Type *fnType = concrete(expr.type);
  std::vector<Type *> params;
  Type *result;
  splitFunction(fnType, expr.params.size(), params, result);
  std::function<Value(std::vector<Value> &)> finish =
      [&](std::vector<Value> &all) -> Value {
    for (size_t i = 0; i < all.size(); ++i)
      bindPattern(*expr.params[i], all[i]);
    return emit(*expr.args[0]);
  };
  return curry(l, params, result, {}, finish);
}

Value Emitter::emitLet(Expr &expr) {
  emitBindings(expr.bindings, /*topLevel=*/false);
  if (failed)
    return Value();
  return emit(*expr.args[0]);
}

Value Emitter::emitRecord(Expr &expr) {
  Loc l = expr.loc;
  Type *record = concrete(expr.type);
  TypeDecl *decl = TypeContext::prune(record)->decl;
  mlir::Type lowered = lower(record);
  std::vector<Value> fields(decl->fields.size());
  size_t first = expr.kind == ExprKind::RecordUpdate ? 1 : 0;
  Value base;
  if (first) {
    base = emit(*expr.args[0]);
    if (!base)
      return base;
  }
  // Fields are evaluated in the order written.
  for (size_t i = 0; i < expr.fieldIndices.size(); ++i) {
    Value v = emit(*expr.args[first + i]);
    if (!v)
      return v;
    fields[expr.fieldIndices[i]] = v;
  }
  llvm::SmallVector<Value> operands;
  for (size_t i = 0; i < fields.size(); ++i) {
    mlir::Type ft =
        lower(types.substitute(decl->fields[i].type, decl->paramVars,
                               TypeContext::prune(record)->args));
    Value v = fields[i];
    if (!v)
      v = cl::RecordGetOp::create(builder, loc(l), ft, base,
                                  decl->fields[i].name);
    operands.push_back(castUnits(l, v, ft));
  }
  return cl::RecordNewOp::create(builder, loc(l), lowered, operands, Value());
}

Value Emitter::emitAssign(Expr &expr) {
  Loc l = expr.loc;
  Expr &lhs = *expr.args[0];
  Value value = emit(*expr.args[1]);
  if (!value)
    return value;
  if (lhs.kind == ExprKind::Var && lhs.var) {
    auto g = globals.find(lhs.var);
    if (g != globals.end()) {
      value = castUnits(l, value, lowerOf(lhs.var->type));
      cl::GlobalStoreOp::create(builder, loc(l), g->second, value);
      return unitValue(l);
    }
    Value local = values.lookup(lhs.var);
    auto localType = mlir::dyn_cast_or_null<cl::LocalType>(
        local ? local.getType() : mlir::Type());
    if (!localType) {
      error(l, "internal error: assignment to a non-mutable variable");
      return Value();
    }
    value = castUnits(l, value, localType.getElementType());
    cl::LocalSetOp::create(builder, loc(l), local, value);
    return unitValue(l);
  }
  if (lhs.kind == ExprKind::Field) {
    Value base = emit(*lhs.args[0]);
    if (!base)
      return base;
    if (auto refType = mlir::dyn_cast<cl::RefType>(base.getType())) {
      cl::RefSetOp::create(builder, loc(l), base,
                           castUnits(l, value, refType.getElementType()));
      return unitValue(l);
    }
    value = castUnits(l, value, lowerOf(lhs.type));
    cl::RecordSetOp::create(builder, loc(l), base, lhs.name, value);
    return unitValue(l);
  }
  if (lhs.kind == ExprKind::Index) {
    Value base = emit(*lhs.args[0]);
    Value index = emit(*lhs.args[1]);
    if (!base || !index)
      return Value();
    auto arrayType = mlir::cast<cl::ArrayType>(base.getType());
    cl::ArraySetOp::create(builder, loc(l), base, index,
                           castUnits(l, value, arrayType.getElementType()));
    return unitValue(l);
  }
  error(l, "internal error: unsupported assignment");
  return Value();
}

Value Emitter::emitLoop(Expr &expr) {
  Loc l = expr.loc;
  mlir::Location ml = loc(l);
  if (expr.kind == ExprKind::While) {
    bool ok = true;
    mlir::scf::WhileOp::create(
        builder, ml, mlir::TypeRange{}, mlir::ValueRange{},
        [&](mlir::OpBuilder &nested, mlir::Location, mlir::ValueRange) {
          mlir::OpBuilder::InsertionGuard guard(builder);
          builder.setInsertionPoint(nested.getInsertionBlock(),
                                    nested.getInsertionPoint());
          Value cond = emit(*expr.args[0]);
          if (!cond) {
            ok = false;
            cond = constBool(l, false);
          }
          mlir::scf::ConditionOp::create(builder, ml, cond, mlir::ValueRange{});
        },
        [&](mlir::OpBuilder &nested, mlir::Location, mlir::ValueRange) {
          mlir::OpBuilder::InsertionGuard guard(builder);
          builder.setInsertionPoint(nested.getInsertionBlock(),
                                    nested.getInsertionPoint());
          if (!emit(*expr.args[1]))
            ok = false;
          mlir::scf::YieldOp::create(builder, ml);
        });
    return ok ? unitValue(l) : Value();
  }
  if (expr.kind == ExprKind::ForTo) {
    Value from = emit(*expr.args[0]);
    Value to = emit(*expr.args[1]);
    if (!from || !to)
      return Value();
    // `for i = a to b` runs b - a + 1 times; `downto` counts down from a.
    // The trip count is computed in 64 bits so that bounds at the ends of
    // the int range (`for i in 0 .. Int32.MaxValue`) neither wrap nor make
    // the loop empty.
    mlir::Type i64 = builder.getI64Type();
    Value from64 = mlir::arith::ExtSIOp::create(builder, ml, i64, from);
    Value to64 = mlir::arith::ExtSIOp::create(builder, ml, i64, to);
    Value one = constInt(l, 1, 64);
    Value lower = from64, upper;
    if (!expr.flag) {
      upper = mlir::arith::AddIOp::create(builder, ml, to64, one);
    } else {
      Value count = mlir::arith::SubIOp::create(builder, ml, from64, to64);
      upper = mlir::arith::AddIOp::create(builder, ml, count, one);
      lower = constInt(l, 0, 64);
    }
    auto forOp = mlir::scf::ForOp::create(builder, ml, lower, upper, one);
    mlir::OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPoint(forOp.getBody()->getTerminator());
    Value i = forOp.getInductionVar();
    if (expr.flag)
      i = mlir::arith::SubIOp::create(builder, ml, from64, i);
    i = mlir::arith::TruncIOp::create(builder, ml, builder.getI32Type(), i);
    bindPattern(*expr.params[0], i);
    if (!emit(*expr.args[2]))
      return Value();
    builder.setInsertionPointAfter(forOp);
    return unitValue(l);
  }
  // for pattern in list/array.
  Value seq = emit(*expr.args[0]);
  if (!seq)
    return seq;
  auto arrayType = mlir::dyn_cast<cl::ArrayType>(seq.getType());
  bool isString = mlir::isa<cl::StringType>(seq.getType());
  if (arrayType || isString) {
    Value zero = constInt(l, 0);
    Value one = constInt(l, 1);
    Value n = isString
                  ? Value(cl::StringLengthOp::create(builder, ml,
                                                     builder.getI32Type(), seq))
                  : Value(cl::ArrayLengthOp::create(builder, ml,
                                                    builder.getI32Type(), seq));
    auto forOp = mlir::scf::ForOp::create(builder, ml, zero, n, one);
    mlir::OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPoint(forOp.getBody()->getTerminator());
    Value element =
        isString ? Value(cl::StringGetOp::create(builder, ml,
                                                 cl::CharType::get(context),
                                                 seq, forOp.getInductionVar()))
                 : Value(cl::ArrayGetOp::create(builder, ml,
                                                arrayType.getElementType(), seq,
                                                forOp.getInductionVar()));
    bindPattern(*expr.params[0], element);
    if (!emit(*expr.args[1]))
      return Value();
    builder.setInsertionPointAfter(forOp);
    return unitValue(l);
  }
  auto listType = mlir::cast<cl::ListType>(seq.getType());
  bool ok = true;
  mlir::scf::WhileOp::create(
      builder, ml, mlir::TypeRange{listType}, mlir::ValueRange{seq},
      [&](mlir::OpBuilder &nested, mlir::Location, mlir::ValueRange args) {
        mlir::OpBuilder::InsertionGuard guard(builder);
        builder.setInsertionPoint(nested.getInsertionBlock(),
                                  nested.getInsertionPoint());
        Value isNil =
            cl::ListIsNilOp::create(builder, ml, builder.getI1Type(), args[0]);
        Value more = cl::NotOp::create(builder, ml, builder.getI1Type(), isNil);
        mlir::scf::ConditionOp::create(builder, ml, more, args);
      },
      [&](mlir::OpBuilder &nested, mlir::Location, mlir::ValueRange args) {
        mlir::OpBuilder::InsertionGuard guard(builder);
        builder.setInsertionPoint(nested.getInsertionBlock(),
                                  nested.getInsertionPoint());
        Value head = cl::ListHeadOp::create(builder, ml,
                                            listType.getElementType(), args[0]);
        bindPattern(*expr.params[0], head);
        if (!emit(*expr.args[1]))
          ok = false;
        Value tail = cl::ListTailOp::create(builder, ml, listType, args[0]);
        mlir::scf::YieldOp::create(builder, ml, mlir::ValueRange{tail});
      });
  return ok ? unitValue(l) : Value();
}

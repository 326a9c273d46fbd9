//===- Expressions.cpp - Evaluation of expressions ------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Evaluates the type-checked AST directly. Only
// LanguagePrimitives.GenericZero/GenericOne and Array.zeroCreate need the
// concrete types of generic code: the evaluator carries an Instance of the
// generic variables of the function it runs, as the emitter does when it
// monomorphises.
//
// Tail positions (if, match and let bodies, the last statement of a
// sequence, a saturating application) loop instead of recursing, so the
// prelude's tail-recursive list functions run in constant native stack.
// Every other nesting is guarded by a stack limit that ends the run with
// kInterpLimit rather than a crash.
//
//===----------------------------------------------------------------------===//

#include "interp/InterpreterImpl.h"

#include <cstdint>

using namespace clef;
using namespace clef::ast;
using namespace clef::interp;

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

Value Interpreter::lookup(VarDecl *var, const EnvPtr &env, Loc loc) {
  for (Env *e = env.get(); e; e = e->next.get())
    if (e->var == var)
      return e->value;
  auto it = globals.find(var);
  if (it != globals.end())
    return it->second;
  unsupported(loc, "'" + var->name + "' has no value here");
}

InstPtr Interpreter::instanceFor(Expr &use, const InstPtr &current,
                                 const InstPtr &enclosing) {
  VarDecl *var = use.var;
  if (var->generics.empty() && var->genericUnits.empty())
    return enclosing;
  // A recursive use inside its own group is monomorphic: the caller's
  // instance already gives the group's variables.
  if (use.typeArgs.empty() && use.unitArgs.empty())
    return current;
  auto key = std::make_tuple(&use, current.get(), enclosing.get());
  auto it = instances.find(key);
  if (it != instances.end())
    return it->second;
  auto inst = std::make_shared<Instance>(
      makeInstance(var->generics, var->genericUnits, use.typeArgs, use.unitArgs,
                   types, *current));
  for (auto &[k, v] : enclosing->types)
    inst->types.try_emplace(k, v);
  for (auto &[k, v] : enclosing->units)
    inst->units.try_emplace(k, v);
  instances[key] = inst;
  return inst;
}

Value Interpreter::evalVar(Expr &expr, const EnvPtr &env, const InstPtr &inst) {
  if (VarDecl *var = expr.var) {
    if (var->binding && var->binding->isFunction()) {
      if (var->isTopLevel)
        return makeFunction(var->binding, nullptr,
                            instanceFor(expr, inst, emptyInst));
      Value local = lookup(var, env, expr.loc);
      if (local.kind != VK::Closure)
        return local;
      InstPtr chosen = instanceFor(expr, inst, local.obj->inst);
      if (chosen == local.obj->inst)
        return local;
      return makeFunction(var->binding, local.obj->env, chosen);
    }
    return lookup(var, env, expr.loc);
  }
  if (expr.decl) {
    CaseDecl &c = expr.decl->cases[expr.caseIndex];
    Value v = mkObj(c.fieldTypes.empty() ? VK::Union : VK::Closure);
    v.obj->decl = expr.decl;
    v.obj->tag = expr.caseIndex;
    if (!c.fieldTypes.empty()) {
      v.obj->call = CallKind::Ctor;
      v.obj->arity = 1;
    }
    return v;
  }
  if (expr.primitive == "None")
    return mkNone();
  if (expr.primitive == "Some") {
    Value v = mkObj(VK::Closure);
    v.obj->call = CallKind::Ctor;
    v.obj->arity = 1;
    return v;
  }
  if (!expr.primitive.empty())
    return makePrimitive(expr, inst);
  unsupported(expr.loc, "unresolved name '" + expr.name + "'");
}

void Interpreter::bindLet(std::vector<std::unique_ptr<Binding>> &bindings,
                          bool isRec, EnvPtr &env, const InstPtr &inst) {
  if (isRec) {
    // Every function of the group sees every other: their closures share
    // the environment that binds them all.
    std::vector<Env *> nodes;
    for (auto &binding : bindings) {
      if (!binding->var)
        continue;
      if (!binding->isFunction())
        unsupported(binding->loc, "'let rec' of a value");
      if (binding->var->isTopLevel)
        continue;
      env = std::make_shared<Env>(Env{binding->var, Value(), env});
      nodes.push_back(env.get());
    }
    size_t n = 0;
    for (auto &binding : bindings)
      if (binding->var && !binding->var->isTopLevel)
        nodes[n++]->value = makeFunction(binding.get(), env, inst);
    return;
  }
  for (auto &binding : bindings) {
    if (binding->isFunction()) {
      if (binding->var && !binding->var->isTopLevel)
        bindVar(binding->var, makeFunction(binding.get(), env, inst), env);
      continue;
    }
    Value value = eval(binding->body.get(), env, inst);
    if (!match(*binding->pattern, value, env))
      matchFailure(binding->pattern->loc);
  }
}

Value Interpreter::eval(Expr *expr, EnvPtr env, InstPtr inst) {
  checkStack();
  for (;;) {
    Expr &e = *expr;
    switch (e.kind) {
    case ExprKind::Int:
      return mkInt(static_cast<int32_t>(e.intValue));
    case ExprKind::Int64:
      return mkInt64(e.intValue);
    case ExprKind::Float:
      return mkFloat(e.floatValue);
    case ExprKind::Bool:
      return mkBool(e.boolValue);
    case ExprKind::String:
      return mkStr(e.text);
    case ExprKind::Char: {
      const std::string &s = e.text;
      uint32_t cp = static_cast<unsigned char>(s[0]);
      if (cp >= 0xF0 && s.size() >= 4)
        cp = ((cp & 0x07) << 18) | ((s[1] & 0x3F) << 12) |
             ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
      else if (cp >= 0xE0 && s.size() >= 3)
        cp = ((cp & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
      else if (cp >= 0xC0 && s.size() >= 2)
        cp = ((cp & 0x1F) << 6) | (s[1] & 0x3F);
      return mkChar(cp);
    }
    case ExprKind::Unit:
      return mkUnit();
    case ExprKind::Var:
      return evalVar(e, env, inst);
    case ExprKind::App: {
      Expr &head = *e.args[0];
      if (head.kind == ExprKind::Var && head.var && head.var->isTopLevel &&
          head.var->binding && head.var->binding->isFunction() &&
          head.var->binding->params.size() == e.args.size() - 1) {
        // A saturated call of a top-level function: no closure needed.
        Binding &binding = *head.var->binding;
        std::vector<Value> args;
        for (size_t i = 1; i < e.args.size(); ++i)
          args.push_back(eval(e.args[i].get(), env, inst));
        InstPtr callee = instanceFor(head, inst, emptyInst);
        EnvPtr calleeEnv;
        for (size_t i = 0; i < args.size(); ++i)
          if (!match(*binding.params[i], args[i], calleeEnv))
            matchFailure(binding.params[i]->loc);
        expr = binding.body.get();
        env = std::move(calleeEnv);
        inst = std::move(callee);
        checkStack();
        continue;
      }
      Value fn = eval(e.args[0].get(), env, inst);
      std::vector<Value> args;
      for (size_t i = 1; i < e.args.size(); ++i)
        args.push_back(eval(e.args[i].get(), env, inst));
      Value result;
      Frame frame;
      if (!apply(fn, args, result, &frame, e.loc))
        return result;
      expr = frame.expr;
      env = std::move(frame.env);
      inst = std::move(frame.inst);
      checkStack();
      continue;
    }
    case ExprKind::BinOp:
      if (e.name == "&&" || e.name == "||") {
        Value lhs = eval(e.args[0].get(), env, inst);
        if ((e.name == "&&") != (lhs.i != 0))
          return lhs;
        expr = e.args[1].get();
        continue;
      }
      return evalBinOp(e, env, inst);
    case ExprKind::Neg: {
      Value v = eval(e.args[0].get(), env, inst);
      if (v.kind == VK::Int)
        return mkInt(static_cast<int32_t>(0u - static_cast<uint32_t>(v.i)));
      if (v.kind == VK::Int64)
        return mkInt64(static_cast<int64_t>(0ull - static_cast<uint64_t>(v.i)));
      return mkFloat(-v.f);
    }
    case ExprKind::Lambda: {
      Value v = mkObj(VK::Closure);
      v.obj->call = CallKind::Lambda;
      v.obj->expr = &e;
      v.obj->arity = static_cast<unsigned>(e.params.size());
      v.obj->env = env;
      v.obj->inst = inst;
      return v;
    }
    case ExprKind::Let:
      bindLet(e.bindings, e.isRec, env, inst);
      expr = e.args[0].get();
      continue;
    case ExprKind::If: {
      Value cond = eval(e.args[0].get(), env, inst);
      if (cond.i) {
        expr = e.args[1].get();
        continue;
      }
      if (e.args.size() > 2) {
        expr = e.args[2].get();
        continue;
      }
      return mkUnit();
    }
    case ExprKind::Match: {
      Value scrutinee = eval(e.args[0].get(), env, inst);
      Expr *body = nullptr;
      for (MatchCase &mc : e.cases) {
        EnvPtr caseEnv = env;
        if (!match(*mc.pattern, scrutinee, caseEnv))
          continue;
        if (mc.guard && !eval(mc.guard.get(), caseEnv, inst).i)
          continue;
        body = mc.body.get();
        env = std::move(caseEnv);
        break;
      }
      if (!body)
        matchFailure(e.loc);
      expr = body;
      continue;
    }
    case ExprKind::Tuple: {
      std::vector<Value> elems;
      for (auto &arg : e.args)
        elems.push_back(eval(arg.get(), env, inst));
      return mkObj(VK::Tuple, std::move(elems));
    }
    case ExprKind::List: {
      std::vector<Value> elems;
      for (auto &arg : e.args)
        elems.push_back(eval(arg.get(), env, inst));
      Value list = mkNil();
      for (size_t i = elems.size(); i-- > 0;)
        list = mkCons(std::move(elems[i]), std::move(list));
      return list;
    }
    case ExprKind::Array: {
      std::vector<Value> elems;
      for (auto &arg : e.args)
        elems.push_back(eval(arg.get(), env, inst));
      return mkObj(VK::Array, std::move(elems));
    }
    case ExprKind::Range: {
      std::vector<Value> bounds;
      for (auto &arg : e.args)
        bounds.push_back(eval(arg.get(), env, inst));
      int64_t a = bounds[0].i, b = bounds.back().i, step = 1;
      if (bounds.size() == 3) {
        step = bounds[1].i;
        if (step == 0)
          raise("System.ArgumentException", "The step of a range cannot be "
                                            "zero. (Parameter 'step')");
      }
      std::vector<Value> elems;
      for (int64_t i = a; step > 0 ? i <= b : i >= b; i += step) {
        elems.push_back(mkInt(static_cast<int32_t>(i)));
        if (elems.size() > (1u << 26))
          limit("range too long");
      }
      if (e.flag)
        return mkObj(VK::Array, std::move(elems));
      Value list = mkNil();
      for (size_t i = elems.size(); i-- > 0;)
        list = mkCons(std::move(elems[i]), std::move(list));
      return list;
    }
    case ExprKind::Record:
    case ExprKind::RecordUpdate:
      return evalRecord(e, env, inst);
    case ExprKind::Field:
      return evalField(e, eval(e.args[0].get(), env, inst));
    case ExprKind::Index: {
      Value base = eval(e.args[0].get(), env, inst);
      Value index = eval(e.args[1].get(), env, inst);
      if (base.kind == VK::Str) {
        if (index.i < 0 ||
            index.i >= static_cast<int64_t>(base.obj->str.size()))
          raise("System.IndexOutOfRangeException",
                "Index was outside the bounds of the array.");
        return mkChar(static_cast<unsigned char>(base.obj->str[index.i]));
      }
      if (index.i < 0 ||
          index.i >= static_cast<int64_t>(base.obj->elems.size()))
        raise("System.IndexOutOfRangeException",
              "Index was outside the bounds of the array.");
      return base.obj->elems[index.i];
    }
    case ExprKind::Seq:
      for (size_t i = 0; i + 1 < e.args.size(); ++i)
        eval(e.args[i].get(), env, inst);
      expr = e.args.back().get();
      continue;
    case ExprKind::Assign:
      assign(e, env, inst);
      return mkUnit();
    case ExprKind::While:
    case ExprKind::ForTo:
    case ExprKind::ForIn:
      evalLoop(e, env, inst);
      return mkUnit();
    case ExprKind::Typed:
      expr = e.args[0].get();
      continue;
    case ExprKind::Yield: {
      Value v = eval(e.args[0].get(), env, inst);
      if (e.discard)
        return mkUnit();
      if (!e.var)
        unsupported(e.loc, "'yield' outside a list expression");
      for (Env *n = env.get(); n; n = n->next.get())
        if (n->var == e.var) {
          n->value = mkCons(std::move(v), n->value);
          return mkUnit();
        }
      unsupported(e.loc, "'yield' outside its list expression");
    }
    }
    unsupported(e.loc, "expression kind");
  }
}

void Interpreter::assign(Expr &expr, const EnvPtr &env, const InstPtr &inst) {
  Expr &lhs = *expr.args[0];
  if (lhs.kind == ExprKind::Var && lhs.var) {
    Value value = eval(expr.args[1].get(), env, inst);
    for (Env *n = env.get(); n; n = n->next.get())
      if (n->var == lhs.var) {
        n->value = std::move(value);
        return;
      }
    if (lhs.var->isTopLevel) {
      globals[lhs.var] = std::move(value);
      return;
    }
    unsupported(lhs.loc, "assignment to '" + lhs.var->name + "'");
  }
  if (lhs.kind == ExprKind::Field) {
    // The emitter evaluates the value first, then the record.
    Value value = eval(expr.args[1].get(), env, inst);
    Value base = eval(lhs.args[0].get(), env, inst);
    if (base.kind == VK::Ref) {
      base.obj->elems[0] = std::move(value);
      return;
    }
    if (base.kind == VK::Record && !lhs.fieldIndices.empty()) {
      base.obj->elems[lhs.fieldIndices[0]] = std::move(value);
      return;
    }
    unsupported(lhs.loc, "assignment to field '" + lhs.name + "'");
  }
  if (lhs.kind == ExprKind::Index) {
    Value value = eval(expr.args[1].get(), env, inst);
    Value base = eval(lhs.args[0].get(), env, inst);
    Value index = eval(lhs.args[1].get(), env, inst);
    if (base.kind != VK::Array)
      unsupported(lhs.loc, "indexed assignment to a non-array");
    if (index.i < 0 || index.i >= static_cast<int64_t>(base.obj->elems.size()))
      raise("System.IndexOutOfRangeException",
            "Index was outside the bounds of the array.");
    base.obj->elems[index.i] = std::move(value);
    return;
  }
  unsupported(lhs.loc, "assignment");
}

Value Interpreter::evalField(Expr &expr, const Value &base) {
  const std::string &name = expr.name;
  switch (base.kind) {
  case VK::Str:
    if (name == "Length")
      return mkInt(static_cast<int32_t>(base.obj->str.size()));
    break;
  case VK::Array:
    if (name == "Length")
      return mkInt(static_cast<int32_t>(base.obj->elems.size()));
    break;
  case VK::Ref:
    if (name == "Value")
      return base.obj->elems[0];
    break;
  case VK::Some:
  case VK::None:
    if (name == "IsSome" || name == "IsNone")
      return mkBool((base.kind == VK::Some) == (name == "IsSome"));
    if (name == "Value") {
      if (base.kind == VK::None)
        raise("System.NullReferenceException",
              "Object reference not set to an instance of an object.");
      return base.obj->elems[0];
    }
    break;
  case VK::Nil:
  case VK::Cons:
    if (name == "Length") {
      int32_t n = 0;
      for (const Value *v = &base; v->kind == VK::Cons; v = &v->obj->elems[1])
        ++n;
      return mkInt(n);
    }
    if (name == "IsEmpty")
      return mkBool(base.kind == VK::Nil);
    if (base.kind == VK::Nil && (name == "Head" || name == "Tail"))
      raise("System.InvalidOperationException", "The input list was empty.");
    if (name == "Head")
      return base.obj->elems[0];
    if (name == "Tail")
      return base.obj->elems[1];
    break;
  case VK::Record:
    if (!expr.fieldIndices.empty())
      return base.obj->elems[expr.fieldIndices[0]];
    break;
  default:
    break;
  }
  unsupported(expr.loc, "field '" + name + "'");
}

Value Interpreter::evalRecord(Expr &expr, const EnvPtr &env,
                              const InstPtr &inst) {
  TypeDecl *decl = TypeContext::prune(expr.type)->decl;
  if (!decl)
    unsupported(expr.loc, "record of an unresolved type");
  Value v = mkObj(VK::Record);
  v.obj->decl = decl;
  size_t first = expr.kind == ExprKind::RecordUpdate ? 1 : 0;
  if (first) {
    Value base = eval(expr.args[0].get(), env, inst);
    v.obj->elems = base.obj->elems;
  } else {
    v.obj->elems.resize(decl->fields.size());
  }
  // Fields are evaluated in the order written.
  for (size_t i = 0; i < expr.fieldIndices.size(); ++i)
    v.obj->elems[expr.fieldIndices[i]] =
        eval(expr.args[first + i].get(), env, inst);
  return v;
}

void Interpreter::evalLoop(Expr &expr, const EnvPtr &env, const InstPtr &inst) {
  if (expr.kind == ExprKind::While) {
    while (eval(expr.args[0].get(), env, inst).i)
      eval(expr.args[1].get(), env, inst);
    return;
  }
  if (expr.kind == ExprKind::ForTo) {
    int64_t from = eval(expr.args[0].get(), env, inst).i;
    int64_t to = eval(expr.args[1].get(), env, inst).i;
    int64_t step = expr.flag ? -1 : 1;
    for (int64_t i = from; expr.flag ? i >= to : i <= to; i += step) {
      EnvPtr body = env;
      if (!match(*expr.params[0], mkInt(static_cast<int32_t>(i)), body))
        matchFailure(expr.params[0]->loc);
      eval(expr.args[2].get(), body, inst);
    }
    return;
  }
  Value seq = eval(expr.args[0].get(), env, inst);
  auto visit = [&](const Value &element) {
    EnvPtr body = env;
    if (!match(*expr.params[0], element, body))
      matchFailure(expr.params[0]->loc);
    eval(expr.args[1].get(), body, inst);
  };
  if (seq.kind == VK::Str) {
    // Bytes, as the runtime indexes strings.
    std::string s = seq.obj->str;
    for (char c : s)
      visit(mkChar(static_cast<unsigned char>(c)));
    return;
  }
  if (seq.kind == VK::Array) {
    // The length is read once; elements are read as the loop reaches them.
    ObjPtr array = seq.obj;
    size_t n = array->elems.size();
    for (size_t i = 0; i < n; ++i) {
      if (i >= array->elems.size())
        unsupported(expr.loc, "array resized during iteration");
      Value element = array->elems[i];
      visit(element);
    }
    return;
  }
  for (Value cur = seq; cur.kind == VK::Cons;) {
    Value element = cur.obj->elems[0];
    Value next = cur.obj->elems[1];
    visit(element);
    cur = std::move(next);
  }
}

Value Interpreter::evalBinOp(Expr &expr, const EnvPtr &env,
                             const InstPtr &inst) {
  const std::string &op = expr.name;
  Value lhs = eval(expr.args[0].get(), env, inst);
  Value rhs = eval(expr.args[1].get(), env, inst);
  Loc loc = expr.loc;
  if ((op == "+" && lhs.kind == VK::Str) || op == "^")
    return mkStr(lhs.obj->str + rhs.obj->str);
  if (op == "::")
    return mkCons(std::move(lhs), std::move(rhs));
  if (op == "@") {
    std::vector<Value> elems;
    for (Value cur = lhs; cur.kind == VK::Cons;) {
      elems.push_back(cur.obj->elems[0]);
      Value next = cur.obj->elems[1];
      cur = std::move(next);
    }
    Value list = rhs;
    for (size_t i = elems.size(); i-- > 0;)
      list = mkCons(std::move(elems[i]), std::move(list));
    return list;
  }
  if (op == "=")
    return mkBool(equal(lhs, rhs, loc));
  if (op == "<>")
    return mkBool(!equal(lhs, rhs, loc));
  if (op == "<" || op == "<=" || op == ">" || op == ">=") {
    // IEEE comparisons on floats: every comparison with NaN is false.
    if (lhs.kind == VK::Float) {
      double x = lhs.f, y = rhs.f;
      return mkBool(op == "<"    ? x < y
                    : op == "<=" ? x <= y
                    : op == ">"  ? x > y
                                 : x >= y);
    }
    int c = compare(lhs, rhs, loc);
    return mkBool(op == "<"    ? c < 0
                  : op == "<=" ? c <= 0
                  : op == ">"  ? c > 0
                               : c >= 0);
  }
  return arith(op, lhs, rhs, loc);
}

//===- Application.cpp - Closures and their application -------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Functions, lambdas, primitives and union-case constructors are all
// closures that collect arguments up to their arity; a saturated call of a
// function or lambda hands its body back to the evaluator's loop when it is
// in tail position.
//
//===----------------------------------------------------------------------===//

#include "interp/InterpreterImpl.h"

using namespace clef;
using namespace clef::ast;
using namespace clef::interp;

Value Interpreter::makeFunction(Binding *binding, EnvPtr env, InstPtr inst) {
  Value v = mkObj(VK::Closure);
  v.obj->call = CallKind::Function;
  v.obj->binding = binding;
  v.obj->arity = static_cast<unsigned>(binding->params.size());
  v.obj->env = std::move(env);
  v.obj->inst = std::move(inst);
  return v;
}

//===----------------------------------------------------------------------===//
// Application
//===----------------------------------------------------------------------===//

void Interpreter::enter(Obj &closure, std::vector<Value> &args, Frame &frame,
                        Loc loc) {
  std::vector<PatternPtr> &params = closure.call == CallKind::Lambda
                                        ? closure.expr->params
                                        : closure.binding->params;
  EnvPtr env = closure.env;
  for (size_t i = 0; i < params.size(); ++i)
    if (!match(*params[i], args[i], env))
      matchFailure(params[i]->loc);
  frame.expr = closure.call == CallKind::Lambda ? closure.expr->args[0].get()
                                                : closure.binding->body.get();
  frame.env = std::move(env);
  frame.inst = closure.inst;
}

bool Interpreter::apply(Value fn, std::vector<Value> &args, Value &result,
                        Frame *tail, Loc loc) {
  for (size_t k = 0; k < args.size(); ++k) {
    if (fn.kind != VK::Closure)
      unsupported(loc, "application of a value that is not a function");
    Obj &closure = *fn.obj;
    std::vector<Value> collected = closure.elems;
    collected.push_back(std::move(args[k]));
    if (collected.size() < closure.arity) {
      Value partial = mkObj(VK::Closure, std::move(collected));
      Obj &p = *partial.obj;
      p.call = closure.call;
      p.arity = closure.arity;
      p.expr = closure.expr;
      p.binding = closure.binding;
      p.env = closure.env;
      p.inst = closure.inst;
      p.prim = closure.prim;
      p.decl = closure.decl;
      p.tag = closure.tag;
      fn = std::move(partial);
      continue;
    }
    if (closure.call == CallKind::Primitive) {
      fn = callPrimitive(closure, collected, loc);
      continue;
    }
    if (closure.call == CallKind::Ctor) {
      fn = construct(closure, collected);
      continue;
    }
    Frame frame;
    enter(closure, collected, frame, loc);
    if (tail && k + 1 == args.size()) {
      *tail = std::move(frame);
      return true;
    }
    fn = eval(frame.expr, std::move(frame.env), std::move(frame.inst));
  }
  result = std::move(fn);
  return false;
}

Value Interpreter::construct(Obj &closure, std::vector<Value> &args) {
  if (!closure.decl)
    return mkSome(args[0]);
  Value v = mkObj(VK::Union);
  v.obj->decl = closure.decl;
  v.obj->tag = closure.tag;
  size_t n = closure.decl->cases[closure.tag].fieldTypes.size();
  if (n == 1)
    v.obj->elems.push_back(args[0]);
  else
    v.obj->elems = args[0].obj->elems;
  return v;
}

//===- Patterns.cpp - Pattern matching ------------------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "interp/InterpreterImpl.h"

using namespace clef;
using namespace clef::ast;
using namespace clef::interp;

void Interpreter::bindVar(VarDecl *var, const Value &value, EnvPtr &env) {
  if (!var)
    return;
  if (var->isTopLevel) {
    globals[var] = value;
    return;
  }
  env = std::make_shared<Env>(Env{var, value, env});
}

//===----------------------------------------------------------------------===//
// Patterns: matched directly against values, in the order written
//===----------------------------------------------------------------------===//

bool Interpreter::match(Pattern &pat, const Value &value, EnvPtr &env) {
  switch (pat.kind) {
  case Pattern::Wild:
  case Pattern::Unit:
    return true;
  case Pattern::Var:
    bindVar(pat.var, value, env);
    return true;
  case Pattern::As:
    if (!match(*pat.args[0], value, env))
      return false;
    bindVar(pat.var, value, env);
    return true;
  case Pattern::Typed:
    return match(*pat.args[0], value, env);
  case Pattern::Lit: {
    EnvPtr none;
    Value lit = eval(pat.literal.get(), none, emptyInst);
    return equal(value, lit, pat.loc);
  }
  case Pattern::Tuple:
    for (size_t i = 0; i < pat.args.size(); ++i)
      if (!match(*pat.args[i], value.obj->elems[i], env))
        return false;
    return true;
  case Pattern::Ctor: {
    if (!pat.decl) {
      bool isSome = value.kind == VK::Some;
      if (isSome != (pat.caseIndex == 1))
        return false;
      return pat.args.empty() || match(*pat.args[0], value.obj->elems[0], env);
    }
    if (value.obj->tag != pat.caseIndex)
      return false;
    if (pat.args.empty())
      return true;
    Pattern &arg = *pat.args[0];
    size_t n = pat.decl->cases[pat.caseIndex].fieldTypes.size();
    if (n == 1)
      return match(arg, value.obj->elems[0], env);
    if (arg.kind == Pattern::Wild)
      return true;
    if (arg.kind != Pattern::Tuple || arg.args.size() != n)
      unsupported(arg.loc, "union case pattern shape");
    for (size_t i = 0; i < n; ++i)
      if (!match(*arg.args[i], value.obj->elems[i], env))
        return false;
    return true;
  }
  case Pattern::Nil:
    return value.kind == VK::Nil;
  case Pattern::Cons:
    if (value.kind != VK::Cons)
      return false;
    return match(*pat.args[0], value.obj->elems[0], env) &&
           match(*pat.args[1], value.obj->elems[1], env);
  case Pattern::List: {
    Value cur = value;
    for (auto &arg : pat.args) {
      if (cur.kind != VK::Cons)
        return false;
      if (!match(*arg, cur.obj->elems[0], env))
        return false;
      Value next = cur.obj->elems[1];
      cur = std::move(next);
    }
    return cur.kind == VK::Nil;
  }
  case Pattern::Record:
    for (size_t i = 0; i < pat.args.size() && i < pat.fieldIndices.size(); ++i)
      if (!match(*pat.args[i], value.obj->elems[pat.fieldIndices[i]], env))
        return false;
    return true;
  case Pattern::Or: {
    EnvPtr left = env;
    if (match(*pat.args[0], value, left)) {
      env = std::move(left);
      return true;
    }
    return match(*pat.args[1], value, env);
  }
  }
  return false;
}

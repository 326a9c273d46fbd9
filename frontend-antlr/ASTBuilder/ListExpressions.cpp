//===- ListExpressions.cpp - List and array expressions -------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// `[ ... ]` and `[| ... |]`: plain elements, or list expressions run for
// what they yield, desugared into loops over a mutable accumulator.
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/ASTBuilder/ASTBuilderInternals.h"

#include <functional>

using namespace clef;
using namespace clef::ast;
using namespace clef::detail;

//===----------------------------------------------------------------------===//
// List and array expressions
//===----------------------------------------------------------------------===//

ExprPtr Builder::yieldOf(Loc at, ExprPtr value, bool bang) {
  if (!bang) {
    auto result = make(ExprKind::Yield, at);
    result->args.push_back(std::move(value));
    return result;
  }
  std::string name = "yield@" + std::to_string(freshCounter++);
  auto pat = makePat(Pattern::Var, at);
  pat->name = name;
  auto element = make(ExprKind::Var, at);
  element->name = name;
  auto loop = make(ExprKind::ForIn, at);
  loop->params.push_back(std::move(pat));
  loop->args.push_back(std::move(value));
  loop->args.push_back(yieldOf(at, std::move(element), /*bang=*/false));
  return loop;
}

/// Whether `e`, a statement of a list expression, makes it a computation
/// rather than a list of elements.
static bool isComputation(const Expr &e) {
  // An element: a nested list expression or a parenthesized expression.
  if (e.flag && (e.kind == ExprKind::Let || e.kind == ExprKind::Seq ||
                 e.kind == ExprKind::If || e.kind == ExprKind::Match))
    return false;
  switch (e.kind) {
  case ExprKind::ForIn:
  case ExprKind::ForTo:
  case ExprKind::While:
  case ExprKind::Yield:
  case ExprKind::Let:
    return true;
  case ExprKind::If:
    return e.args.size() == 2 || isComputation(*e.args[1]) ||
           isComputation(*e.args[2]);
  case ExprKind::Seq:
    for (auto &arg : e.args)
      if (isComputation(*arg))
        return true;
    return false;
  case ExprKind::Match:
    for (const MatchCase &mc : e.cases)
      if (isComputation(*mc.body))
        return true;
    return false;
  default:
    return false;
  }
}

/// Calls `fn` on the expressions of `e` in statement position: what a list
/// expression may yield.
static void forEachStatement(ExprPtr &e,
                             const std::function<void(ExprPtr &)> &fn) {
  if (e->flag && (e->kind == ExprKind::Let || e->kind == ExprKind::Seq ||
                  e->kind == ExprKind::If || e->kind == ExprKind::Match)) {
    fn(e);
    return;
  }
  switch (e->kind) {
  case ExprKind::Seq:
    for (auto &arg : e->args)
      forEachStatement(arg, fn);
    return;
  case ExprKind::Let:
    forEachStatement(e->args[0], fn);
    return;
  case ExprKind::If:
    for (size_t i = 1; i < e->args.size(); ++i)
      forEachStatement(e->args[i], fn);
    return;
  case ExprKind::Match:
    for (MatchCase &mc : e->cases)
      forEachStatement(mc.body, fn);
    return;
  case ExprKind::ForIn:
  case ExprKind::While:
    forEachStatement(e->args[1], fn);
    return;
  case ExprKind::ForTo:
    forEachStatement(e->args[2], fn);
    return;
  default:
    fn(e);
  }
}

ExprPtr Builder::listContents(Loc at, ExprPtr items, bool isArray) {
  if (!isComputation(*items)) {
    // Inside brackets, `;` and new lines separate elements.
    auto result = make(isArray ? ExprKind::Array : ExprKind::List, at);
    if (items->kind == ExprKind::Seq)
      result->args = std::move(items->args);
    else
      result->args.push_back(std::move(items));
    return result;
  }
  // The elements are accumulated, reversed, in a mutable local:
  //   let mutable acc = [] in (items; List.rev acc)
  // As in F#, without an explicit `yield` every statement yields its value
  // (unless it is unit).
  bool explicitYield = false;
  forEachStatement(items, [&](ExprPtr &e) {
    explicitYield |= e->kind == ExprKind::Yield && !e->flag;
  });
  std::string acc = "list@" + std::to_string(freshCounter++);
  forEachStatement(items, [&](ExprPtr &e) {
    if (e->kind == ExprKind::Yield) {
      e->name = acc;
      return;
    }
    if (explicitYield)
      return;
    auto implicit = make(ExprKind::Yield, e->loc);
    implicit->name = acc;
    implicit->flag = true;
    implicit->args.push_back(std::move(e));
    e = std::move(implicit);
  });
  auto binding = std::make_unique<Binding>();
  binding->loc = at;
  binding->nameLoc = at;
  binding->isMutable = true;
  binding->name = acc;
  binding->pattern = makePat(Pattern::Var, at);
  binding->pattern->name = acc;
  binding->body = make(ExprKind::List, at);
  auto var = [&](const std::string &name) {
    auto v = make(ExprKind::Var, at);
    v->name = name;
    return v;
  };
  auto call = [&](const std::string &fn, ExprPtr arg) {
    auto app = make(ExprKind::App, at);
    app->args.push_back(var(fn));
    app->args.push_back(std::move(arg));
    return app;
  };
  ExprPtr result = call("List.rev", var(acc));
  if (isArray)
    result = call("List.toArray", std::move(result));
  auto seq = make(ExprKind::Seq, at);
  seq->args.push_back(std::move(items));
  seq->args.push_back(std::move(result));
  auto let = make(ExprKind::Let, at);
  let->flag = true; // An element of an enclosing list expression.
  let->bindings.push_back(std::move(binding));
  let->args.push_back(std::move(seq));
  return let;
}

//===- Patterns.cpp - Patterns of the parse tree --------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Patterns: aliases, or-patterns, tuples, cons, constructor applications,
// literals, typed patterns, lists and records.
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/ASTBuilder/ASTBuilderInternals.h"

using namespace clef;
using namespace clef::ast;
using namespace clef::detail;

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

PatternPtr Builder::pattern(P::PatternContext *ctx) {
  PatternPtr result = orPat(ctx->orPat());
  for (auto *alias : ctx->IDENT()) {
    auto as = makePat(Pattern::As, loc(alias));
    as->name = alias->getText();
    as->args.push_back(std::move(result));
    result = std::move(as);
  }
  return result;
}

PatternPtr Builder::orPat(P::OrPatContext *ctx) {
  auto items = ctx->tuplePat();
  PatternPtr result = tuplePat(items[0]);
  for (size_t i = 1; i < items.size(); ++i) {
    auto alt = makePat(Pattern::Or, loc(ctx->BAR(i - 1)));
    alt->args.push_back(std::move(result));
    alt->args.push_back(tuplePat(items[i]));
    result = std::move(alt);
  }
  return result;
}

PatternPtr Builder::tuplePat(P::TuplePatContext *ctx) {
  auto items = ctx->consPat();
  if (items.size() == 1)
    return consPat(items[0]);
  auto result = makePat(Pattern::Tuple, loc(ctx));
  for (auto *item : items)
    result->args.push_back(consPat(item));
  return result;
}

PatternPtr Builder::consPat(P::ConsPatContext *ctx) {
  PatternPtr head = appPat(ctx->appPat());
  if (!ctx->consPat())
    return head;
  auto result = makePat(Pattern::Cons, loc(ctx->COLONCOLON()));
  result->args.push_back(std::move(head));
  result->args.push_back(consPat(ctx->consPat()));
  return result;
}

PatternPtr Builder::appPat(P::AppPatContext *ctx) {
  if (auto *atom = dynamic_cast<P::AtomPatContext *>(ctx))
    return argPat(atom->argPat());
  auto *ctor = static_cast<P::CtorPatContext *>(ctx);
  auto result = makePat(Pattern::Ctor, loc(ctor));
  result->name = joinDotted(ctor->IDENT());
  result->args.push_back(argPat(ctor->argPat()));
  return result;
}

PatternPtr Builder::argPat(P::ArgPatContext *ctx) {
  Loc at = loc(ctx);
  if (dynamic_cast<P::WildPatContext *>(ctx))
    return makePat(Pattern::Wild, at);
  if (auto *id = dynamic_cast<P::IdentPatContext *>(ctx)) {
    // A name is a variable unless inference finds a union case of that name.
    auto result = makePat(Pattern::Var, at);
    result->name = joinDotted(id->IDENT());
    if (id->IDENT().size() > 1)
      result->kind = Pattern::Ctor;
    return result;
  }
  if (auto *lit = dynamic_cast<P::LitPatContext *>(ctx)) {
    auto result = makePat(Pattern::Lit, at);
    bool negative = lit->MINUS() || lit->ADJMINUS();
    result->literal = literal(lit->literal(), negative);
    if (negative && (result->literal->kind == ExprKind::String ||
                     result->literal->kind == ExprKind::Char ||
                     result->literal->kind == ExprKind::Bool))
      fail(at, "only numbers can be negated in a pattern");
    return result;
  }
  if (dynamic_cast<P::UnitPatContext *>(ctx))
    return makePat(Pattern::Unit, at);
  if (auto *typed = dynamic_cast<P::TypedPatContext *>(ctx)) {
    auto result = makePat(Pattern::Typed, at);
    result->args.push_back(pattern(typed->pattern()));
    result->annotation = type(typed->type());
    return result;
  }
  if (auto *paren = dynamic_cast<P::ParenPatContext *>(ctx))
    return pattern(paren->pattern());
  if (dynamic_cast<P::NilPatContext *>(ctx))
    return makePat(Pattern::Nil, at);
  if (auto *list = dynamic_cast<P::ListPatContext *>(ctx)) {
    auto result = makePat(Pattern::List, at);
    for (auto *item : list->pattern())
      result->args.push_back(pattern(item));
    return result;
  }
  auto *rec = static_cast<P::RecordPatContext *>(ctx);
  auto result = makePat(Pattern::Record, at);
  for (P::FieldPatContext *field : rec->fieldPat()) {
    result->fields.push_back(field->IDENT().back()->getText());
    result->args.push_back(pattern(field->pattern()));
  }
  return result;
}

//===- Patterns.cpp - Inference of patterns -------------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The types of patterns and the variables they bind, and F#'s warning for
// a match whose unguarded cases may miss a value.
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/TypeCheck/TypeCheckInternals.h"

using namespace clef;
using namespace clef::ast;
using namespace clef::detail;

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

void Checker::bindPatternVar(Pattern &pat, Type *type) {
  VarDecl *var = program.newVar(pat.name, pat.loc);
  var->type = type;
  varLambdaDepth[var] = lambdaDepth;
  pat.var = var;
  bind(var);
}

void Checker::inferPattern(Pattern &pat, Type *expected) {
  pat.type = expected;
  switch (pat.kind) {
  case Pattern::Wild:
    return;
  case Pattern::Var: {
    // A name that is a union case (or None) matches that case.
    if (pat.name == "None" || lookupCase(pat.name)) {
      pat.kind = Pattern::Ctor;
      inferPattern(pat, expected);
      return;
    }
    if (orBindings) {
      auto it = orBindings->find(pat.name);
      if (it != orBindings->end()) {
        pat.var = it->second;
        expect(expected, it->second->type, pat.loc);
        return;
      }
    }
    bindPatternVar(pat, expected);
    return;
  }
  case Pattern::Lit: {
    Type *t = infer(*pat.literal);
    expect(t, expected, pat.loc);
    return;
  }
  case Pattern::Unit:
    expect(types.getUnit(), expected, pat.loc);
    return;
  case Pattern::Tuple: {
    std::vector<Type *> elements;
    for (size_t i = 0; i < pat.args.size(); ++i)
      elements.push_back(types.freshVar(level));
    expect(types.getTuple(elements), expected, pat.loc);
    for (size_t i = 0; i < pat.args.size(); ++i)
      inferPattern(*pat.args[i], elements[i]);
    return;
  }
  case Pattern::Ctor: {
    if (pat.name == "Some" || pat.name == "None") {
      Type *element = types.freshVar(level);
      expect(types.getOption(element), expected, pat.loc);
      pat.caseIndex = pat.name == "Some" ? 1 : 0;
      if (pat.name == "Some" && pat.args.empty())
        error(pat.loc, "This union case expects 1 argument in tupled form");
      if (pat.name == "None" && !pat.args.empty())
        error(pat.loc, "This union case does not take arguments");
      if (!pat.args.empty())
        inferPattern(*pat.args[0], element);
      return;
    }
    auto found = lookupCase(pat.name);
    if (!found) {
      error(pat.loc,
            "The pattern discriminator '" + pat.name + "' is not defined.");
      for (auto &arg : pat.args)
        inferPattern(*arg, types.freshVar(level));
      return;
    }
    auto [decl, index] = *found;
    pat.decl = decl;
    pat.caseIndex = index;
    Type *named = freshNamed(decl);
    expect(named, expected, pat.loc);
    std::vector<Type *> fields = caseFieldTypes(named, index);
    if (pat.args.empty()) {
      if (!fields.empty())
        error(pat.loc, "This union case expects " +
                           std::to_string(fields.size()) +
                           " argument(s) in tupled form");
      return;
    }
    Pattern &arg = *pat.args[0];
    if (fields.empty()) {
      error(arg.loc, "This union case does not take arguments");
      return;
    }
    if (fields.size() == 1) {
      inferPattern(arg, fields[0]);
      return;
    }
    if (arg.kind == Pattern::Wild) {
      // `Rect _` matches every field.
      return;
    }
    if (arg.kind != Pattern::Tuple || arg.args.size() != fields.size()) {
      error(arg.loc, "This union case expects " +
                         std::to_string(fields.size()) +
                         " arguments in tupled form");
      // Still bind the names, so that the body reports nothing more.
      inferPattern(arg, types.freshVar(level));
      return;
    }
    arg.type = types.getTuple(fields);
    for (size_t i = 0; i < fields.size(); ++i)
      inferPattern(*arg.args[i], fields[i]);
    return;
  }
  case Pattern::Nil:
    expect(types.getList(types.freshVar(level)), expected, pat.loc);
    return;
  case Pattern::Cons: {
    Type *element = types.freshVar(level);
    expect(types.getList(element), expected, pat.loc);
    inferPattern(*pat.args[0], element);
    inferPattern(*pat.args[1], types.getList(element));
    return;
  }
  case Pattern::List: {
    Type *element = types.freshVar(level);
    expect(types.getList(element), expected, pat.loc);
    for (auto &arg : pat.args)
      inferPattern(*arg, element);
    return;
  }
  case Pattern::Record: {
    TypeDecl *decl = nullptr;
    Type *p = TypeContext::prune(expected);
    if (p->kind == TypeKind::Named && p->decl->kind == TypeDecl::Record)
      decl = p->decl;
    else
      decl = recordOfField(pat.fields[0]);
    if (!decl) {
      error(pat.loc,
            "The record label '" + pat.fields[0] + "' is not defined.");
      return;
    }
    Type *record = freshNamed(decl);
    expect(record, expected, pat.loc);
    for (size_t i = 0; i < pat.fields.size(); ++i) {
      auto index = fieldIndex(decl, pat.fields[i]);
      if (!index) {
        error(pat.args[i]->loc, "The record type '" + decl->name +
                                    "' does not contain a label '" +
                                    pat.fields[i] + "'");
        continue;
      }
      pat.fieldIndices.push_back(*index);
      inferPattern(*pat.args[i], fieldType(record, *index));
    }
    return;
  }
  case Pattern::Or: {
    size_t mark = scope.size();
    inferPattern(*pat.args[0], expected);
    std::map<std::string, VarDecl *> left;
    for (size_t i = mark; i < scope.size(); ++i)
      left[scope[i].first] = scope[i].second;
    auto *saved = orBindings;
    orBindings = &left;
    size_t before = scope.size();
    inferPattern(*pat.args[1], expected);
    orBindings = saved;
    if (scope.size() != before) {
      error(pat.args[1]->loc, "The two sides of this 'or' pattern bind "
                              "different sets of variables");
      scope.resize(before);
    }
    return;
  }
  case Pattern::As: {
    inferPattern(*pat.args[0], expected);
    bindPatternVar(pat, expected);
    return;
  }
  case Pattern::Typed:
    expect(resolveType(*pat.annotation), expected, pat.loc);
    inferPattern(*pat.args[0], expected);
    return;
  }
}

void Checker::checkExhaustive(Expr &match) {
  std::vector<const Pattern *> cases;
  for (MatchCase &mc : match.cases)
    if (!mc.guard)
      cases.push_back(mc.pattern.get());
  if (!isExhaustive(cases))
    warning(match.args[0]->loc,
            "Incomplete pattern matches on this expression.");
}

//===- Structure.cpp - Declarations, blocks and statements ----------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Top-level declarations (bindings, types, units of measure), the nesting
// limit, and sequences of statements as nested lets and sequences.
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/ASTBuilder/ASTBuilderInternals.h"

using namespace clef;
using namespace clef::ast;
using namespace clef::detail;

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

/// The deepest nesting of expressions under `root`, computed without
/// recursion so that the check itself cannot exhaust the stack.
static unsigned nestingDepth(Expr &root) {
  unsigned deepest = 0;
  std::vector<std::pair<Expr *, unsigned>> work{{&root, 1}};
  while (!work.empty()) {
    auto [expr, depth] = work.back();
    work.pop_back();
    deepest = std::max(deepest, depth);
    for (auto &arg : expr->args)
      work.push_back({arg.get(), depth + 1});
    for (auto &binding : expr->bindings)
      work.push_back({binding->body.get(), depth + 1});
    for (MatchCase &mc : expr->cases) {
      work.push_back({mc.body.get(), depth + 1});
      if (mc.guard)
        work.push_back({mc.guard.get(), depth + 1});
    }
  }
  return deepest;
}

/// Inference and emission recurse over the tree; beyond this depth they
/// could exhaust the stack, so such programs are rejected up front.
static constexpr unsigned kMaxNesting = 3000;

void Builder::buildProgram(P::ProgramContext *ctx) {
  for (P::TopDeclContext *top : ctx->topDecl())
    buildTopDecl(top);
}

void Builder::buildTopDecl(P::TopDeclContext *top) {
  {
    Decl decl;
    decl.loc = loc(top);
    if (auto *let = dynamic_cast<P::TopLetContext *>(top)) {
      decl.kind = Decl::Let;
      decl.isRec = let->REC() != nullptr;
      std::vector<std::string> attrs;
      if (let->attributes())
        attrs = attributes(let->attributes());
      for (P::BindingContext *b : let->binding())
        decl.bindings.push_back(binding(b, attrs));
    } else if (auto *types = dynamic_cast<P::TopTypeContext *>(top)) {
      decl.kind = Decl::Types;
      bool isMeasure = false;
      if (types->attributes())
        for (const std::string &attr : attributes(types->attributes()))
          isMeasure |= attr == "Measure";
      for (P::TypeDefnContext *defn : types->typeDefn())
        typeDefn(defn, isMeasure, decl);
    } else if (auto *d = dynamic_cast<P::TopDoContext *>(top)) {
      decl.kind = Decl::Do;
      decl.expr = block(d->block());
    } else if (auto *e = dynamic_cast<P::TopExprContext *>(top)) {
      decl.kind = Decl::Expr;
      // `a; b` at top level is one sequential expression.
      auto items = e->expr();
      decl.expr = expr(items[0]);
      if (items.size() > 1) {
        auto seq = make(ExprKind::Seq, decl.expr->loc);
        for (P::ExprContext *item : items)
          seq->args.push_back(item == items[0] ? std::move(decl.expr)
                                               : expr(item));
        decl.expr = std::move(seq);
      }
    } else {
      decl.kind = Decl::Open;
    }
    std::vector<Expr *> roots;
    if (decl.expr)
      roots.push_back(decl.expr.get());
    for (auto &binding : decl.bindings)
      roots.push_back(binding->body.get());
    for (Expr *root : roots)
      if (nestingDepth(*root) > kMaxNesting)
        fail(root->loc, "this expression is nested too deeply (more than " +
                            std::to_string(kMaxNesting) + " levels)");
    program.decls.push_back(std::move(decl));
  }
}

std::vector<std::string> Builder::attributes(P::AttributesContext *ctx) {
  std::vector<std::string> result;
  for (auto *ident : ctx->IDENT())
    result.push_back(ident->getText());
  return result;
}

std::unique_ptr<Binding> Builder::binding(P::BindingContext *ctx,
                                          std::vector<std::string> attrs) {
  auto result = std::make_unique<Binding>();
  result->loc = loc(ctx);
  result->attributes = std::move(attrs);
  if (auto *fun = dynamic_cast<P::FunBindingContext *>(ctx)) {
    result->isMutable = fun->MUTABLE() != nullptr;
    result->name = fun->IDENT()->getText();
    result->nameLoc = loc(fun->IDENT());
    for (P::ArgPatContext *arg : fun->argPat())
      result->params.push_back(argPat(arg));
    if (fun->type())
      result->returnType = type(fun->type());
    result->body = block(fun->block());
    if (result->isMutable)
      fail(result->loc, "a function cannot be 'mutable'");
    return result;
  }
  auto *val = static_cast<P::ValBindingContext *>(ctx);
  result->isMutable = val->MUTABLE() != nullptr;
  result->pattern = pattern(val->pattern());
  result->nameLoc = result->pattern->loc;
  if (result->pattern->kind == Pattern::Var)
    result->name = result->pattern->name;
  result->body = block(val->block());
  // `let f = fun x -> e` is `let f x = e`: a function, generalised and
  // monomorphised like one, rather than a single closure value.
  if (result->pattern->kind == Pattern::Var && !result->isMutable &&
      result->body->kind == ExprKind::Lambda && !val->type()) {
    result->params = std::move(result->body->params);
    ExprPtr body = std::move(result->body->args[0]);
    result->body = std::move(body);
    result->pattern.reset();
    return result;
  }
  if (val->type())
    result->returnType = type(val->type());
  return result;
}

void Builder::typeDefn(P::TypeDefnContext *ctx, bool isMeasure, Decl &decl) {
  auto td = std::make_unique<TypeDecl>();
  td->name = ctx->IDENT()->getText();
  td->loc = loc(ctx);
  if (ctx->typeParams())
    for (auto *var : ctx->typeParams()->TYVAR())
      td->params.push_back(var->getText());
  P::TypeBodyContext *body = ctx->typeBody();
  if (isMeasure) {
    td->kind = TypeDecl::Measure;
    if (body) {
      // The body is unit text whichever way the grammar read it.
      td->measureLoc = loc(body);
      auto *first =
          body->children.size() > 2
              ? dynamic_cast<antlr4::ParserRuleContext *>(body->children[1])
              : nullptr;
      if (!first)
        fail(loc(body), "expected a unit of measure");
      td->measure = sourceText(first);
    }
  } else if (!body) {
    fail(td->loc, "type '" + td->name + "' needs a definition ('= ...')");
  } else if (auto *rec = dynamic_cast<P::RecordBodyContext *>(body)) {
    td->kind = TypeDecl::Record;
    for (P::FieldDeclContext *field : rec->fieldDecl()) {
      FieldDecl fd;
      fd.name = field->IDENT()->getText();
      fd.loc = loc(field);
      fd.isMutable = field->MUTABLE() != nullptr;
      fd.typeExpr = type(field->type());
      td->fields.push_back(std::move(fd));
    }
  } else if (auto *uni = dynamic_cast<P::UnionBodyContext *>(body)) {
    td->kind = TypeDecl::Union;
    for (P::UnionCaseContext *c : uni->unionCase()) {
      CaseDecl cd;
      cd.name = c->IDENT()->getText();
      cd.loc = loc(c);
      for (P::CaseFieldContext *field : c->caseField())
        cd.fieldExprs.push_back(appType(field->appType()));
      td->cases.push_back(std::move(cd));
    }
  } else if (auto *abbrev = dynamic_cast<P::AbbrevBodyContext *>(body)) {
    // `type T = A` is an abbreviation in F#, unless A is a fresh name: a
    // single nullary case. Inference decides; keep both readings.
    td->kind = TypeDecl::Abbrev;
    td->abbrev = type(abbrev->type());
  } else {
    fail(loc(body), "'" + td->name +
                        "' looks like a unit of measure; mark it [<Measure>]");
  }
  decl.types.push_back(td.get());
  program.typeDecls.push_back(std::move(td));
}

//===----------------------------------------------------------------------===//
// Blocks and statements
//===----------------------------------------------------------------------===//

ExprPtr Builder::seq(P::SeqExprContext *ctx) { return stmts(ctx->stmt(), 0); }

ExprPtr Builder::stmts(const std::vector<P::StmtContext *> &list, size_t i) {
  // The statements up to the next `let` form one flat sequence, built in a
  // single pass: a block of n statements costs O(n), not O(n^2) copies of
  // the rest. Only a `let`, whose body is the rest of the block, recurses.
  std::vector<ExprPtr> items;
  for (; i < list.size(); ++i) {
    P::StmtContext *stmt = list[i];
    if (auto *let = dynamic_cast<P::LetStmtContext *>(stmt)) {
      auto result = make(ExprKind::Let, loc(let));
      result->isRec = let->REC() != nullptr;
      for (P::BindingContext *b : let->binding())
        result->bindings.push_back(binding(b, {}));
      ExprPtr body;
      if (let->seqExpr()) {
        body = seq(let->seqExpr());
        if (i + 1 < list.size()) {
          auto s = make(ExprKind::Seq, body->loc);
          s->args.push_back(std::move(body));
          s->args.push_back(stmts(list, i + 1));
          body = std::move(s);
        }
      } else if (i + 1 < list.size()) {
        body = stmts(list, i + 1);
      } else {
        fail(loc(let), "the block following this 'let' is unfinished: a "
                       "block must end with an expression");
      }
      result->args.push_back(std::move(body));
      items.push_back(std::move(result));
      break;
    }
    if (auto *y = dynamic_cast<P::YieldStmtContext *>(stmt))
      items.push_back(
          yieldOf(loc(y), expr(y->expr()), y->YIELDBANG() != nullptr));
    else
      items.push_back(expr(static_cast<P::ExprStmtContext *>(stmt)->expr()));
  }
  if (items.size() == 1)
    return std::move(items.front());
  auto result = make(ExprKind::Seq, items.front()->loc);
  result->args = std::move(items);
  return result;
}

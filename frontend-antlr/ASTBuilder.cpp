//===- ASTBuilder.cpp - From Clef source text to the AST ------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The parse tree mirrors the grammar's precedence levels; the builder folds
// them into AST nodes, desugars what the rest of the front end should not
// see (pipelines become applications, `function` a lambda over a match,
// sequences of `let` lines nested lets), and reports what the grammar
// accepts but Clef does not (out-of-range literals, a block ending in
// `let`).
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/ASTBuilder.h"

#include "frontend-antlr/Layout.h"

#include "ClefLexer.h"
#include "ClefParser.h"

#include "llvm/ADT/StringSwitch.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <functional>
#include <limits>

using namespace clef;
using namespace clef::ast;
using antlrgen::ClefLexer;
using antlrgen::ClefParser;
using P = antlrgen::ClefParser;

namespace {

/// Thrown inside the builder only, to abandon a tree after an error that
/// makes the rest meaningless; caught in parseProgram.
struct BuildError {};

/// Reports ANTLR syntax errors through the front end's callback. Only the
/// first error of a parse is reported: ANTLR's recovery produces cascades
/// that would only confuse.
class ErrorListener : public antlr4::BaseErrorListener {
public:
  ErrorListener(const SyntaxErrorFn &onError) : onError(onError) {}

  void syntaxError(antlr4::Recognizer *, antlr4::Token *offending, size_t line,
                   size_t col, const std::string &msg,
                   std::exception_ptr) override {
    if (reported)
      return;
    reported = true;
    std::string what;
    if (!offending) {
      what = msg;
    } else if (offending->getType() == antlr4::Token::EOF) {
      what = "unexpected end of file";
    } else if (offending->getType() == ClefLexer::END) {
      what = "unexpected end of block; an expression or a closing token is "
             "missing, or the indentation is wrong";
    } else if (offending->getType() == ClefLexer::BEGIN) {
      what = "unexpected start of a block at '" +
             std::string(offending->getText()) + "'";
    } else if (offending->getType() == ClefLexer::SEP) {
      what = "unexpected new line; the previous line is incomplete";
    } else {
      what = "unexpected '" + offending->getText() + "'";
    }
    onError(Loc{static_cast<unsigned>(line), static_cast<unsigned>(col + 1)},
            "syntax error: " + what);
  }

  bool reported = false;

private:
  const SyntaxErrorFn &onError;
};

/// Stops at the first syntax error instead of recovering: only the first
/// error is reported anyway, and ANTLR's token insertion would fabricate
/// tokens from the virtual layout tokens, which have no source.
class FirstErrorStrategy : public antlr4::DefaultErrorStrategy {
public:
  void recover(antlr4::Parser *, std::exception_ptr) override {
    throw antlr4::ParseCancellationException();
  }
  antlr4::Token *recoverInline(antlr4::Parser *recognizer) override {
    antlr4::InputMismatchException e(recognizer);
    reportError(recognizer, e);
    throw antlr4::ParseCancellationException();
  }
  void sync(antlr4::Parser *) override {}
};

/// Bounds the parser's recursion. ANTLR's generated parser recurses once per
/// rule it enters, and chains without brackets (`- - - 1`, `1 :: 1 :: []`,
/// `fun a -> fun b -> ...`, `let a = 1 in let b = ...`) nest rules as deeply
/// as the input is long, before the AST exists for its nesting check to
/// look at. Past the limit the parse stops with a diagnostic.
class RuleDepthGuard : public antlr4::tree::ParseTreeListener {
public:
  /// Rules entered per level of expression nesting vary from one (`-`) to
  /// about fifteen (parentheses); this admits the AST's limit of nesting
  /// for the cheap ones, and the recursion it allows fits the stack the
  /// front end runs on (Import.cpp).
  static constexpr unsigned kMaxRuleDepth = 20000;
  struct TooDeep {
    size_t line, col;
  };

  void enterEveryRule(antlr4::ParserRuleContext *ctx) override {
    if (++depth > kMaxRuleDepth) {
      --depth;
      throw TooDeep{ctx->getStart()->getLine(),
                    ctx->getStart()->getCharPositionInLine() + 1};
    }
  }
  void exitEveryRule(antlr4::ParserRuleContext *) override {
    if (depth)
      --depth;
  }
  void visitTerminal(antlr4::tree::TerminalNode *) override {}
  void visitErrorNode(antlr4::tree::ErrorNode *) override {}
  /// For a new parse after one that was abandoned mid-rule.
  void reset() { depth = 0; }

private:
  unsigned depth = 0;
};

class Builder {
public:
  Builder(Program &program, antlr4::CharStream &input,
          const SyntaxErrorFn &onError, bool isPrelude)
      : program(program), input(input), onError(onError), isPrelude(isPrelude) {
  }

  void buildProgram(P::ProgramContext *ctx);

private:
  [[noreturn]] void fail(Loc loc, const std::string &message) {
    onError(loc, message);
    throw BuildError();
  }
  Loc loc(antlr4::Token *token) {
    return Loc{static_cast<unsigned>(token->getLine()),
               static_cast<unsigned>(token->getCharPositionInLine() + 1),
               isPrelude};
  }
  Loc loc(antlr4::ParserRuleContext *ctx) { return loc(ctx->getStart()); }
  Loc loc(antlr4::tree::TerminalNode *node) { return loc(node->getSymbol()); }
  /// The source text of a rule, spaces included.
  std::string sourceText(antlr4::ParserRuleContext *ctx) {
    size_t start = ctx->getStart()->getStartIndex();
    size_t stop = ctx->getStop()->getStopIndex();
    if (stop + 1 <= start || stop == std::numeric_limits<size_t>::max())
      return "";
    return input.getText(antlr4::misc::Interval(start, stop));
  }
  ExprPtr make(ExprKind kind, Loc at) {
    auto expr = std::make_unique<Expr>();
    expr->kind = kind;
    expr->loc = at;
    return expr;
  }
  PatternPtr makePat(Pattern::Kind kind, Loc at) {
    auto pat = std::make_unique<Pattern>();
    pat->kind = kind;
    pat->loc = at;
    return pat;
  }

  std::vector<std::string> attributes(P::AttributesContext *ctx);
  std::unique_ptr<Binding> binding(P::BindingContext *ctx,
                                   std::vector<std::string> attrs);
  void typeDefn(P::TypeDefnContext *ctx, bool isMeasure, Decl &decl);

  ExprPtr block(P::BlockContext *ctx) { return seq(ctx->seqExpr()); }
  ExprPtr seq(P::SeqExprContext *ctx);
  ExprPtr stmts(const std::vector<P::StmtContext *> &list, size_t i);
  ExprPtr expr(P::ExprContext *ctx);
  ExprPtr tupleExpr(P::TupleExprContext *ctx);
  ExprPtr orExpr(P::OrExprContext *ctx);
  ExprPtr andExpr(P::AndExprContext *ctx);
  ExprPtr cmpExpr(P::CmpExprContext *ctx);
  ExprPtr concatExpr(P::ConcatExprContext *ctx);
  ExprPtr consExpr(P::ConsExprContext *ctx);
  ExprPtr addExpr(P::AddExprContext *ctx);
  ExprPtr mulExpr(P::MulExprContext *ctx);
  ExprPtr powExpr(P::PowExprContext *ctx);
  ExprPtr unaryExpr(P::UnaryExprContext *ctx);
  ExprPtr appExpr(P::AppExprContext *ctx);
  ExprPtr postfixExpr(P::PostfixExprContext *ctx);
  ExprPtr primary(P::PrimaryContext *ctx);
  ExprPtr literal(P::LiteralContext *ctx, bool negate = false);
  /// `[a .. b]` / `[a .. step .. b]` (Range args {a, b} or {a, step, b}).
  ExprPtr rangeOf(Loc at, const std::vector<P::ExprContext *> &bounds,
                  bool isArray) {
    auto result = make(ExprKind::Range, at);
    for (P::ExprContext *bound : bounds)
      result->args.push_back(expr(bound));
    result->flag = isArray;
    return result;
  }
  /// `[ ... ]` / `[| ... |]` of the statements `items`: a list of elements,
  /// or, when they contain `for`, `while`, `yield` or an `if` without
  /// `else`, a list expression run for the elements it yields.
  ExprPtr listContents(Loc at, ExprPtr items, bool isArray);
  /// `yield e`, or `yield! e` as `for x in e do yield x`.
  ExprPtr yieldOf(Loc at, ExprPtr value, bool bang);
  /// `for p in e -> body` and `for p in e do body` (ranges included).
  ExprPtr forIn(Loc at, P::PatternContext *pat,
                std::vector<P::ExprContext *> bounds, ExprPtr body);
  ExprPtr matchCases(Loc at, ExprPtr scrutinee,
                     const std::vector<P::MatchRuleContext *> &rules);
  ExprPtr binary(Loc at, const std::string &op, ExprPtr lhs, ExprPtr rhs);
  void fieldInits(P::FieldInitsContext *ctx, Expr &record);

  PatternPtr pattern(P::PatternContext *ctx);
  PatternPtr orPat(P::OrPatContext *ctx);
  PatternPtr tuplePat(P::TuplePatContext *ctx);
  PatternPtr consPat(P::ConsPatContext *ctx);
  PatternPtr appPat(P::AppPatContext *ctx);
  PatternPtr argPat(P::ArgPatContext *ctx);

  TypeExprPtr type(P::TypeContext *ctx);
  TypeExprPtr tupleType(P::TupleTypeContext *ctx);
  TypeExprPtr appType(P::AppTypeContext *ctx);
  TypeExprPtr atomType(P::AtomTypeContext *ctx);

  static std::string
  joinDotted(const std::vector<antlr4::tree::TerminalNode *> &idents) {
    std::string name;
    for (auto *ident : idents) {
      if (!name.empty())
        name += ".";
      name += ident->getText();
    }
    return name;
  }

  Program &program;
  antlr4::CharStream &input;
  const SyntaxErrorFn &onError;
  bool isPrelude;
  unsigned freshCounter = 0;
};

} // namespace

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
  for (P::TopDeclContext *top : ctx->topDecl()) {
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
    return result;
  }
  ExprPtr first;
  if (auto *y = dynamic_cast<P::YieldStmtContext *>(stmt))
    first = yieldOf(loc(y), expr(y->expr()), y->YIELDBANG() != nullptr);
  else
    first = expr(static_cast<P::ExprStmtContext *>(stmt)->expr());
  if (i + 1 == list.size())
    return first;
  auto result = make(ExprKind::Seq, first->loc);
  result->args.push_back(std::move(first));
  ExprPtr rest = stmts(list, i + 1);
  // Keep sequences flat.
  if (rest->kind == ExprKind::Seq)
    for (auto &arg : rest->args)
      result->args.push_back(std::move(arg));
  else
    result->args.push_back(std::move(rest));
  return result;
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

ExprPtr Builder::expr(P::ExprContext *ctx) {
  ExprPtr lhs = tupleExpr(ctx->tupleExpr());
  if (!ctx->LARROW())
    return lhs;
  auto result = make(ExprKind::Assign, loc(ctx->LARROW()));
  result->args.push_back(std::move(lhs));
  result->args.push_back(expr(ctx->expr()));
  return result;
}

ExprPtr Builder::tupleExpr(P::TupleExprContext *ctx) {
  auto items = ctx->orExpr();
  if (items.size() == 1)
    return orExpr(items[0]);
  auto result = make(ExprKind::Tuple, loc(ctx));
  for (auto *item : items)
    result->args.push_back(orExpr(item));
  return result;
}

ExprPtr Builder::binary(Loc at, const std::string &op, ExprPtr lhs,
                        ExprPtr rhs) {
  // Pipelines are applications: `x |> f a` is `f a x`. Flattening keeps
  // saturated calls of top-level functions direct.
  if (op == "|>" || op == "<|") {
    ExprPtr fn = op == "|>" ? std::move(rhs) : std::move(lhs);
    ExprPtr arg = op == "|>" ? std::move(lhs) : std::move(rhs);
    if (fn->kind == ExprKind::App) {
      fn->args.push_back(std::move(arg));
      return fn;
    }
    auto app = make(ExprKind::App, at);
    app->args.push_back(std::move(fn));
    app->args.push_back(std::move(arg));
    return app;
  }
  // Composition: `f >> g` is `fun x -> g (f x)`.
  if (op == ">>" || op == "<<") {
    ExprPtr first = op == ">>" ? std::move(lhs) : std::move(rhs);
    ExprPtr second = op == ">>" ? std::move(rhs) : std::move(lhs);
    std::string name = "compose@" + std::to_string(freshCounter++);
    auto param = makePat(Pattern::Var, at);
    param->name = name;
    auto x = make(ExprKind::Var, at);
    x->name = name;
    auto inner = make(ExprKind::App, at);
    inner->args.push_back(std::move(first));
    inner->args.push_back(std::move(x));
    auto outer = make(ExprKind::App, at);
    outer->args.push_back(std::move(second));
    outer->args.push_back(std::move(inner));
    auto lambda = make(ExprKind::Lambda, at);
    lambda->params.push_back(std::move(param));
    lambda->args.push_back(std::move(outer));
    return lambda;
  }
  auto result = make(ExprKind::BinOp, at);
  result->name = op;
  result->args.push_back(std::move(lhs));
  result->args.push_back(std::move(rhs));
  return result;
}

ExprPtr Builder::orExpr(P::OrExprContext *ctx) {
  auto items = ctx->andExpr();
  ExprPtr result = andExpr(items[0]);
  for (size_t i = 1; i < items.size(); ++i)
    result = binary(loc(ctx->OROR(i - 1)), "||", std::move(result),
                    andExpr(items[i]));
  return result;
}

ExprPtr Builder::andExpr(P::AndExprContext *ctx) {
  auto items = ctx->cmpExpr();
  ExprPtr result = cmpExpr(items[0]);
  for (size_t i = 1; i < items.size(); ++i)
    result = binary(loc(ctx->ANDAND(i - 1)), "&&", std::move(result),
                    cmpExpr(items[i]));
  return result;
}

ExprPtr Builder::cmpExpr(P::CmpExprContext *ctx) {
  auto items = ctx->concatExpr();
  ExprPtr result = concatExpr(items[0]);
  for (size_t i = 1; i < items.size(); ++i) {
    P::CmpOpContext *op = ctx->cmpOp(i - 1);
    std::string text = op->getText();
    if (op->GT().size() == 2 && op->GT(0)->getSymbol()->getStopIndex() + 1 !=
                                    op->GT(1)->getSymbol()->getStartIndex())
      fail(loc(op), "syntax error: unexpected '>'");
    result = binary(loc(op), text, std::move(result), concatExpr(items[i]));
  }
  return result;
}

ExprPtr Builder::concatExpr(P::ConcatExprContext *ctx) {
  ExprPtr lhs = consExpr(ctx->consExpr());
  if (!ctx->concatExpr())
    return lhs;
  antlr4::tree::TerminalNode *op = ctx->CARET() ? ctx->CARET() : ctx->AT();
  return binary(loc(op), op->getText(), std::move(lhs),
                concatExpr(ctx->concatExpr()));
}

ExprPtr Builder::consExpr(P::ConsExprContext *ctx) {
  ExprPtr lhs = addExpr(ctx->addExpr());
  if (!ctx->consExpr())
    return lhs;
  return binary(loc(ctx->COLONCOLON()), "::", std::move(lhs),
                consExpr(ctx->consExpr()));
}

ExprPtr Builder::addExpr(P::AddExprContext *ctx) {
  ExprPtr result;
  std::string op;
  Loc opLoc;
  for (auto *child : ctx->children) {
    if (auto *term = dynamic_cast<antlr4::tree::TerminalNode *>(child)) {
      op = term->getText();
      opLoc = loc(term);
      continue;
    }
    ExprPtr operand = mulExpr(static_cast<P::MulExprContext *>(child));
    result = result ? binary(opLoc, op, std::move(result), std::move(operand))
                    : std::move(operand);
  }
  return result;
}

ExprPtr Builder::mulExpr(P::MulExprContext *ctx) {
  ExprPtr result;
  std::string op;
  Loc opLoc;
  for (auto *child : ctx->children) {
    if (auto *term = dynamic_cast<antlr4::tree::TerminalNode *>(child)) {
      op = term->getText();
      opLoc = loc(term);
      continue;
    }
    ExprPtr operand = powExpr(static_cast<P::PowExprContext *>(child));
    result = result ? binary(opLoc, op, std::move(result), std::move(operand))
                    : std::move(operand);
  }
  return result;
}

ExprPtr Builder::powExpr(P::PowExprContext *ctx) {
  ExprPtr lhs = unaryExpr(ctx->unaryExpr());
  if (!ctx->powExpr())
    return lhs;
  return binary(loc(ctx->STARSTAR()), "**", std::move(lhs),
                powExpr(ctx->powExpr()));
}

ExprPtr Builder::unaryExpr(P::UnaryExprContext *ctx) {
  if (auto *plain = dynamic_cast<P::PlainExprContext *>(ctx))
    return appExpr(plain->appExpr());
  auto *neg = static_cast<P::NegExprContext *>(ctx);
  // Fold `-literal` so that -2147483648 is in range.
  if (auto *plain = dynamic_cast<P::PlainExprContext *>(neg->unaryExpr())) {
    P::AppExprContext *app = plain->appExpr();
    auto *only =
        app->postfixExpr().size() == 1
            ? dynamic_cast<P::PrimaryExprContext *>(app->postfixExpr(0))
            : nullptr;
    if (only && only->postfix().empty())
      if (auto *lit = dynamic_cast<P::LitExprContext *>(only->primary()))
        if (!lit->literal()->STRING() && !lit->literal()->CHAR() &&
            !lit->literal()->TRUE() && !lit->literal()->FALSE()) {
          ExprPtr result = literal(lit->literal(), /*negate=*/true);
          result->loc = loc(neg);
          return result;
        }
  }
  auto result = make(ExprKind::Neg, loc(neg));
  result->args.push_back(unaryExpr(neg->unaryExpr()));
  return result;
}

ExprPtr Builder::appExpr(P::AppExprContext *ctx) {
  auto items = ctx->postfixExpr();
  ExprPtr fn = postfixExpr(items[0]);
  if (items.size() == 1)
    return fn;
  auto result = make(ExprKind::App, fn->loc);
  result->args.push_back(std::move(fn));
  for (size_t i = 1; i < items.size(); ++i)
    result->args.push_back(postfixExpr(items[i]));
  return result;
}

/// Modules of the prelude: `List.map` is one name, not a field access.
static bool isModuleName(llvm::StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("List", "Array", "Option", "String", "Seq", "Math", true)
      .Cases("Char", "Int32", "Double", "Map", "Set", true)
      .Case("LanguagePrimitives", true)
      .Default(false);
}

ExprPtr Builder::postfixExpr(P::PostfixExprContext *ctx) {
  if (auto *neg = dynamic_cast<P::PrefixNegExprContext *>(ctx)) {
    // Fold `-literal` so that -2147483648 is in range.
    if (auto *only = dynamic_cast<P::PrimaryExprContext *>(neg->postfixExpr()))
      if (only->postfix().empty())
        if (auto *lit = dynamic_cast<P::LitExprContext *>(only->primary()))
          if (lit->literal()->INT() || lit->literal()->INT64() ||
              lit->literal()->FLOAT() || lit->literal()->MFLOAT()) {
            ExprPtr result = literal(lit->literal(), /*negate=*/true);
            result->loc = loc(neg);
            return result;
          }
    auto result = make(ExprKind::Neg, loc(neg));
    result->args.push_back(postfixExpr(neg->postfixExpr()));
    return result;
  }
  auto *plain = static_cast<P::PrimaryExprContext *>(ctx);
  ExprPtr result = primary(plain->primary());
  for (P::PostfixContext *post : plain->postfix()) {
    if (auto *field = dynamic_cast<P::FieldPostfixContext *>(post)) {
      std::string name = field->IDENT()->getText();
      if (result->kind == ExprKind::Var && isModuleName(result->name)) {
        result->name += "." + name;
        continue;
      }
      auto access = make(ExprKind::Field, loc(field->IDENT()));
      access->name = name;
      access->args.push_back(std::move(result));
      result = std::move(access);
      continue;
    }
    P::BlockContext *index;
    if (auto *dot = dynamic_cast<P::DotIndexPostfixContext *>(post))
      index = dot->block();
    else
      index = static_cast<P::IndexPostfixContext *>(post)->block();
    auto access = make(ExprKind::Index, loc(post));
    access->args.push_back(std::move(result));
    access->args.push_back(block(index));
    result = std::move(access);
  }
  return result;
}

static std::string unescape(llvm::StringRef quoted) {
  std::string out;
  llvm::StringRef body = quoted.drop_front().drop_back();
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\' || i + 1 == body.size()) {
      out += c;
      continue;
    }
    char e = body[++i];
    switch (e) {
    case 'n':
      out += '\n';
      break;
    case 't':
      out += '\t';
      break;
    case 'r':
      out += '\r';
      break;
    case '0':
      out += '\0';
      break;
    default:
      out += e;
    }
  }
  return out;
}

ExprPtr Builder::literal(P::LiteralContext *ctx, bool negate) {
  Loc at = loc(ctx);
  antlr4::Token *token = ctx->getStart();
  std::string text = token->getText();
  switch (token->getType()) {
  case ClefLexer::INT:
  case ClefLexer::INT64: {
    bool is64 = token->getType() == ClefLexer::INT64;
    if (is64)
      text.pop_back();
    errno = 0;
    unsigned long long value = std::strtoull(text.c_str(), nullptr, 10);
    unsigned long long limit = is64 ? 9223372036854775807ull : 2147483647ull;
    if (negate)
      ++limit;
    if (errno == ERANGE || value > limit)
      fail(at, std::string("this number is outside the allowable range for ") +
                   (is64 ? "64" : "32") + "-bit signed integers");
    auto result = make(is64 ? ExprKind::Int64 : ExprKind::Int, at);
    result->intValue = negate ? static_cast<int64_t>(0ull - value)
                              : static_cast<int64_t>(value);
    return result;
  }
  case ClefLexer::FLOAT:
  case ClefLexer::MFLOAT: {
    auto result = make(ExprKind::Float, at);
    size_t lt = text.find('<');
    if (lt != std::string::npos) {
      result->measure = text.substr(lt + 1, text.size() - lt - 2);
      text = text.substr(0, lt);
    }
    result->floatValue = std::strtod(text.c_str(), nullptr);
    if (negate)
      result->floatValue = -result->floatValue;
    return result;
  }
  case ClefLexer::STRING: {
    auto result = make(ExprKind::String, at);
    result->text = unescape(text);
    return result;
  }
  case ClefLexer::CHAR: {
    auto result = make(ExprKind::Char, at);
    result->text = unescape(text);
    return result;
  }
  default: {
    auto result = make(ExprKind::Bool, at);
    result->boolValue = token->getType() == ClefLexer::TRUE;
    return result;
  }
  }
}

ExprPtr Builder::matchCases(Loc at, ExprPtr scrutinee,
                            const std::vector<P::MatchRuleContext *> &rules) {
  auto result = make(ExprKind::Match, at);
  result->args.push_back(std::move(scrutinee));
  for (P::MatchRuleContext *rule : rules) {
    MatchCase mc;
    mc.loc = loc(rule);
    mc.pattern = pattern(rule->pattern());
    if (rule->expr())
      mc.guard = expr(rule->expr());
    mc.body = block(rule->block());
    result->cases.push_back(std::move(mc));
  }
  return result;
}

void Builder::fieldInits(P::FieldInitsContext *ctx, Expr &record) {
  for (P::FieldInitContext *init : ctx->fieldInit()) {
    // `{ R.X = 1 }` qualifies the field by its record; the last name is the
    // field.
    record.fields.push_back(init->IDENT().back()->getText());
    record.args.push_back(block(init->block()));
  }
}

ExprPtr Builder::primary(P::PrimaryContext *ctx) {
  Loc at = loc(ctx);
  if (auto *lit = dynamic_cast<P::LitExprContext *>(ctx))
    return literal(lit->literal());
  if (auto *id = dynamic_cast<P::IdentExprContext *>(ctx)) {
    auto result = make(ExprKind::Var, at);
    result->name = id->IDENT()->getText();
    return result;
  }
  if (dynamic_cast<P::UnitExprContext *>(ctx))
    return make(ExprKind::Unit, at);
  if (auto *typed = dynamic_cast<P::TypedExprContext *>(ctx)) {
    auto result = make(ExprKind::Typed, loc(typed->expr()));
    result->args.push_back(expr(typed->expr()));
    result->annotation = type(typed->type());
    return result;
  }
  if (auto *op = dynamic_cast<P::OpExprContext *>(ctx)) {
    // `(+)` is `fun a b -> a + b`.
    std::string name = op->binOp()->getText();
    std::string a = "op@" + std::to_string(freshCounter++);
    std::string b = "op@" + std::to_string(freshCounter++);
    auto lambda = make(ExprKind::Lambda, at);
    for (auto &param : {a, b}) {
      auto pat = makePat(Pattern::Var, at);
      pat->name = param;
      lambda->params.push_back(std::move(pat));
    }
    auto va = make(ExprKind::Var, at);
    va->name = a;
    auto vb = make(ExprKind::Var, at);
    vb->name = b;
    lambda->args.push_back(binary(at, name, std::move(va), std::move(vb)));
    return lambda;
  }
  if (auto *paren = dynamic_cast<P::ParenExprContext *>(ctx)) {
    // A parenthesized expression is one element of a list expression, never
    // its statements.
    ExprPtr inner = block(paren->block());
    if (inner->kind == ExprKind::Let || inner->kind == ExprKind::Seq ||
        inner->kind == ExprKind::If || inner->kind == ExprKind::Match)
      inner->flag = true;
    return inner;
  }
  if (dynamic_cast<P::NilExprContext *>(ctx))
    return make(ExprKind::List, at);
  if (auto *range = dynamic_cast<P::RangeExprContext *>(ctx))
    return rangeOf(at, range->expr(), /*isArray=*/false);
  if (auto *range = dynamic_cast<P::ArrayRangeExprContext *>(ctx))
    return rangeOf(at, range->expr(), /*isArray=*/true);
  if (auto *list = dynamic_cast<P::ListExprContext *>(ctx))
    return listContents(at, block(list->block()), /*isArray=*/false);
  if (dynamic_cast<P::EmptyArrayExprContext *>(ctx))
    return make(ExprKind::Array, at);
  if (auto *array = dynamic_cast<P::ArrayExprContext *>(ctx))
    return listContents(at, block(array->block()), /*isArray=*/true);
  if (auto *rec = dynamic_cast<P::RecordExprContext *>(ctx)) {
    auto result = make(ExprKind::Record, at);
    fieldInits(rec->fieldInits(), *result);
    return result;
  }
  if (auto *upd = dynamic_cast<P::RecordUpdateExprContext *>(ctx)) {
    auto result = make(ExprKind::RecordUpdate, at);
    result->args.push_back(expr(upd->expr()));
    fieldInits(upd->fieldInits(), *result);
    return result;
  }
  if (auto *ifx = dynamic_cast<P::IfExprContext *>(ctx)) {
    // `elif` chains nest in the else branch.
    std::vector<std::pair<P::ExprContext *, P::BlockContext *>> branches;
    branches.push_back({ifx->expr(), ifx->block(0)});
    for (P::ElifBranchContext *elif : ifx->elifBranch())
      branches.push_back({elif->expr(), elif->block()});
    ExprPtr otherwise;
    if (ifx->ELSE())
      otherwise = block(ifx->block(1));
    for (size_t i = branches.size(); i-- > 0;) {
      Loc branchLoc = i == 0 ? at : loc(ifx->elifBranch(i - 1));
      auto node = make(ExprKind::If, branchLoc);
      node->args.push_back(expr(branches[i].first));
      node->args.push_back(block(branches[i].second));
      if (otherwise)
        node->args.push_back(std::move(otherwise));
      otherwise = std::move(node);
    }
    return otherwise;
  }
  if (auto *m = dynamic_cast<P::MatchExprContext *>(ctx))
    return matchCases(at, expr(m->expr()), m->matchRule());
  if (auto *f = dynamic_cast<P::FunctionExprContext *>(ctx)) {
    std::string name = "function@" + std::to_string(freshCounter++);
    auto param = makePat(Pattern::Var, at);
    param->name = name;
    auto scrutinee = make(ExprKind::Var, at);
    scrutinee->name = name;
    auto lambda = make(ExprKind::Lambda, at);
    lambda->params.push_back(std::move(param));
    lambda->args.push_back(
        matchCases(at, std::move(scrutinee), f->matchRule()));
    return lambda;
  }
  if (auto *fn = dynamic_cast<P::LambdaExprContext *>(ctx)) {
    auto result = make(ExprKind::Lambda, at);
    for (P::ArgPatContext *arg : fn->argPat())
      result->params.push_back(argPat(arg));
    result->args.push_back(block(fn->block()));
    return result;
  }
  if (auto *w = dynamic_cast<P::WhileExprContext *>(ctx)) {
    auto result = make(ExprKind::While, at);
    result->args.push_back(expr(w->expr()));
    result->args.push_back(block(w->block()));
    return result;
  }
  if (auto *f = dynamic_cast<P::ForToExprContext *>(ctx)) {
    auto result = make(ExprKind::ForTo, at);
    auto var = makePat(Pattern::Var, loc(f->IDENT()));
    var->name = f->IDENT()->getText();
    result->params.push_back(std::move(var));
    result->args.push_back(expr(f->expr(0)));
    result->args.push_back(expr(f->expr(1)));
    result->args.push_back(block(f->block()));
    result->flag = f->DOWNTO() != nullptr;
    return result;
  }
  if (auto *f = dynamic_cast<P::ForArrowExprContext *>(ctx)) {
    Loc arrow = loc(f->ARROW());
    auto bounds = f->expr();
    ExprPtr body = yieldOf(arrow, expr(bounds.back()), /*bang=*/false);
    bounds.pop_back();
    return forIn(at, f->pattern(), bounds, std::move(body));
  }
  auto *f = static_cast<P::ForInExprContext *>(ctx);
  return forIn(at, f->pattern(), f->expr(), block(f->block()));
}

ExprPtr Builder::forIn(Loc at, P::PatternContext *patCtx,
                       std::vector<P::ExprContext *> bounds, ExprPtr body) {
  if (bounds.size() == 3) {
    // `for i in a .. step .. b do` iterates the range's list.
    auto result = make(ExprKind::ForIn, at);
    result->params.push_back(pattern(patCtx));
    result->args.push_back(rangeOf(at, bounds, /*isArray=*/false));
    result->args.push_back(std::move(body));
    return result;
  }
  if (bounds.size() == 2) {
    // `for i in a .. b do` is `for i = a to b do`.
    PatternPtr pat = pattern(patCtx);
    if (pat->kind != Pattern::Var && pat->kind != Pattern::Wild)
      fail(pat->loc, "the loop variable of a range must be a name");
    if (pat->kind == Pattern::Wild) {
      pat->kind = Pattern::Var;
      pat->name = "_";
    }
    auto result = make(ExprKind::ForTo, at);
    result->params.push_back(std::move(pat));
    result->args.push_back(expr(bounds[0]));
    result->args.push_back(expr(bounds[1]));
    result->args.push_back(std::move(body));
    return result;
  }
  auto result = make(ExprKind::ForIn, at);
  result->params.push_back(pattern(patCtx));
  result->args.push_back(expr(bounds[0]));
  result->args.push_back(std::move(body));
  return result;
}

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

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

TypeExprPtr Builder::type(P::TypeContext *ctx) {
  TypeExprPtr lhs = tupleType(ctx->tupleType());
  if (!ctx->type())
    return lhs;
  auto result = std::make_unique<TypeExpr>();
  result->kind = TypeExpr::Fun;
  result->loc = loc(ctx);
  result->args.push_back(std::move(lhs));
  result->args.push_back(type(ctx->type()));
  return result;
}

TypeExprPtr Builder::tupleType(P::TupleTypeContext *ctx) {
  auto items = ctx->appType();
  if (items.size() == 1)
    return appType(items[0]);
  auto result = std::make_unique<TypeExpr>();
  result->kind = TypeExpr::Tuple;
  result->loc = loc(ctx);
  for (auto *item : items)
    result->args.push_back(appType(item));
  return result;
}

TypeExprPtr Builder::appType(P::AppTypeContext *ctx) {
  TypeExprPtr result = atomType(ctx->atomType());
  for (P::TypeSuffixContext *suffix : ctx->typeSuffix()) {
    auto applied = std::make_unique<TypeExpr>();
    applied->loc = loc(suffix);
    if (auto *named = dynamic_cast<P::NamedSuffixContext *>(suffix)) {
      applied->kind = TypeExpr::Named;
      applied->name = named->IDENT()->getText();
    } else {
      applied->kind = TypeExpr::Array;
    }
    applied->args.push_back(std::move(result));
    result = std::move(applied);
  }
  return result;
}

TypeExprPtr Builder::atomType(P::AtomTypeContext *ctx) {
  if (auto *paren = dynamic_cast<P::ParenTypeContext *>(ctx))
    return type(paren->type());
  auto result = std::make_unique<TypeExpr>();
  result->loc = loc(ctx);
  if (auto *var = dynamic_cast<P::VarTypeContext *>(ctx)) {
    result->kind = TypeExpr::Var;
    result->name = var->TYVAR()->getText();
  } else if (dynamic_cast<P::WildTypeContext *>(ctx)) {
    result->kind = TypeExpr::Wild;
  } else if (auto *measured = dynamic_cast<P::MeasuredTypeContext *>(ctx)) {
    result->kind = TypeExpr::Measured;
    result->name = "float";
    result->measure = sourceText(measured->measure());
  } else {
    auto *named = static_cast<P::NamedTypeContext *>(ctx);
    result->kind = TypeExpr::Named;
    result->name = joinDotted(named->IDENT());
    for (P::TypeContext *arg : named->type())
      result->args.push_back(type(arg));
  }
  return result;
}

//===----------------------------------------------------------------------===//
// Units of measure text
//===----------------------------------------------------------------------===//

namespace {
/// Recursive descent over "kg m/s^2", "(m/s)^2", "'u", "1/s", "_".
class MeasureParser {
public:
  MeasureParser(llvm::StringRef text) : text(text) {}

  bool parse(std::map<std::string, int> &out, std::string &error) {
    if (!quotient(out, error))
      return false;
    skip();
    if (pos != text.size()) {
      error = "unexpected '" + text.substr(pos, 1).str() + "' in unit";
      return false;
    }
    return true;
  }

private:
  void skip() {
    while (pos < text.size() && text[pos] == ' ')
      ++pos;
  }
  static void add(std::map<std::string, int> &into,
                  const std::map<std::string, int> &from, int factor) {
    for (auto &[name, exp] : from)
      if ((into[name] += exp * factor) == 0)
        into.erase(name);
  }
  bool quotient(std::map<std::string, int> &out, std::string &error) {
    if (!product(out, error))
      return false;
    while (true) {
      skip();
      if (pos >= text.size() || text[pos] != '/')
        return true;
      ++pos;
      std::map<std::string, int> divisor;
      if (!product(divisor, error))
        return false;
      add(out, divisor, -1);
    }
  }
  bool product(std::map<std::string, int> &out, std::string &error) {
    bool any = false;
    while (true) {
      skip();
      if (pos < text.size() && text[pos] == '*' && any) {
        ++pos;
        skip();
      }
      if (pos >= text.size() || text[pos] == '/' || text[pos] == ')')
        break;
      std::map<std::string, int> f;
      if (!factor(f, error))
        return false;
      add(out, f, 1);
      any = true;
    }
    if (!any) {
      error = "expected a unit";
      return false;
    }
    return true;
  }
  bool factor(std::map<std::string, int> &out, std::string &error) {
    std::map<std::string, int> atom;
    char c = text[pos];
    if (c == '(') {
      ++pos;
      if (!quotient(atom, error))
        return false;
      skip();
      if (pos >= text.size() || text[pos] != ')') {
        error = "missing ')' in unit";
        return false;
      }
      ++pos;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      size_t start = pos;
      while (pos < text.size() &&
             std::isdigit(static_cast<unsigned char>(text[pos])))
        ++pos;
      if (text.substr(start, pos - start) != "1") {
        error = "the only number allowed as a unit is 1";
        return false;
      }
    } else if (c == '\'' || c == '_' ||
               std::isalpha(static_cast<unsigned char>(c))) {
      size_t start = pos++;
      while (pos < text.size() &&
             (std::isalnum(static_cast<unsigned char>(text[pos])) ||
              text[pos] == '_'))
        ++pos;
      atom[text.substr(start, pos - start).str()] = 1;
    } else {
      error = "unexpected '" + std::string(1, c) + "' in unit";
      return false;
    }
    skip();
    int exponent = 1;
    if (pos < text.size() && text[pos] == '^') {
      ++pos;
      skip();
      bool negative = false;
      if (pos < text.size() && text[pos] == '-') {
        negative = true;
        ++pos;
      }
      size_t start = pos;
      while (pos < text.size() &&
             std::isdigit(static_cast<unsigned char>(text[pos])))
        ++pos;
      if (start == pos) {
        error = "expected an integer exponent after '^'";
        return false;
      }
      exponent = std::atoi(text.substr(start, pos - start).str().c_str());
      if (negative)
        exponent = -exponent;
    }
    add(out, atom, exponent);
    return true;
  }

  llvm::StringRef text;
  size_t pos = 0;
};
} // namespace

bool clef::parseMeasureText(llvm::StringRef text,
                            std::vector<std::pair<std::string, int>> &atoms,
                            std::string &error) {
  std::map<std::string, int> exponents;
  MeasureParser parser(text);
  if (!parser.parse(exponents, error))
    return false;
  atoms.assign(exponents.begin(), exponents.end());
  return true;
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

bool clef::printLayout(llvm::StringRef source, llvm::raw_ostream &os,
                       const SyntaxErrorFn &onError) {
  bool failed = false;
  if (!checkUtf8(source, [&](size_t line, size_t col, const std::string &m) {
        onError(Loc{static_cast<unsigned>(line), static_cast<unsigned>(col)},
                m);
      }))
    return false;
  try {
    antlr4::ANTLRInputStream input(source.data(), source.size());
    ClefLexer lexer(&input);
    lexer.removeErrorListeners();
    auto tokens = applyLayout(
        lexer, [&](size_t line, size_t col, const std::string &message) {
          failed = true;
          onError(Loc{static_cast<unsigned>(line), static_cast<unsigned>(col)},
                  message);
        });
    size_t line = 0;
    for (auto &token : tokens) {
      if (token->getType() == antlr4::Token::EOF)
        break;
      if (token->getLine() != line) {
        if (line)
          os << "\n";
        line = token->getLine();
        os << line << ":";
      }
      switch (token->getType()) {
      case ClefLexer::BEGIN:
        os << " {";
        break;
      case ClefLexer::END:
        os << " }";
        break;
      case ClefLexer::SEP:
        os << " ;;";
        break;
      case ClefLexer::ADJMINUS:
        os << " -'";
        break;
      default:
        os << " " << token->getText();
      }
    }
    os << "\n";
  } catch (...) {
    onError(Loc{1, 1}, "internal lexer error");
    return false;
  }
  return !failed;
}

bool clef::parseProgram(llvm::StringRef source, Program &program,
                        const SyntaxErrorFn &onError, bool isPrelude) {
  bool failed = false;
  SyntaxErrorFn report = [&](Loc at, const std::string &message) {
    failed = true;
    onError(at, message);
  };
  if (!checkUtf8(source, [&](size_t line, size_t col, const std::string &m) {
        report(Loc{static_cast<unsigned>(line), static_cast<unsigned>(col),
                   isPrelude},
               m);
      }))
    return false;
  try {
    antlr4::ANTLRInputStream input(source.data(), source.size());
    ClefLexer lexer(&input);
    ErrorListener listener(report);
    lexer.removeErrorListeners();
    lexer.addErrorListener(&listener);
    auto tokens = applyLayout(
        lexer, [&](size_t line, size_t col, const std::string &message) {
          report(Loc{static_cast<unsigned>(line), static_cast<unsigned>(col)},
                 message);
        });
    if (failed)
      return false;
    antlr4::ListTokenSource tokenSource(std::move(tokens));
    antlr4::CommonTokenStream stream(&tokenSource);
    ClefParser parser(&stream);
    RuleDepthGuard depthGuard;
    parser.addParseListener(&depthGuard);
    // Two stages, as ANTLR recommends: SLL prediction, which never looks
    // at the full context and is several times faster, parses every valid
    // program of this grammar but may reject some; only then is the input
    // parsed again with full LL prediction, which also reports the error.
    auto *simulator = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
    simulator->setPredictionMode(antlr4::atn::PredictionMode::SLL);
    parser.removeErrorListeners();
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    P::ProgramContext *tree = nullptr;
    try {
      tree = parser.program();
    } catch (const antlr4::ParseCancellationException &) {
      stream.seek(0);
      parser.reset();
      depthGuard.reset();
      simulator->setPredictionMode(antlr4::atn::PredictionMode::LL);
      parser.addErrorListener(&listener);
      parser.setErrorHandler(std::make_shared<FirstErrorStrategy>());
      tree = parser.program();
    }
    parser.removeParseListener(&depthGuard);
    if (failed || listener.reported)
      return false;
    Builder builder(program, input, report, isPrelude);
    builder.buildProgram(tree);
  } catch (const BuildError &) {
    return false;
  } catch (const RuleDepthGuard::TooDeep &at) {
    report(Loc{static_cast<unsigned>(at.line), static_cast<unsigned>(at.col),
               isPrelude},
           "this expression is nested too deeply");
    return false;
  } catch (const antlr4::ParseCancellationException &) {
    // Reported by the listener.
    if (!failed)
      report(Loc{1, 1, isPrelude}, "syntax error");
    return false;
  } catch (const std::exception &e) {
    report(Loc{1, 1}, std::string("internal parser error: ") + e.what());
    return false;
  } catch (...) {
    report(Loc{1, 1}, "internal parser error");
    return false;
  }
  return !failed;
}

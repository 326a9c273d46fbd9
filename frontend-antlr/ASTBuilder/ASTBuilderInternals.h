//===- ASTBuilderInternals.h - State shared by the AST builder --*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The builder is one class whose members are defined by concept:
// Structure.cpp (declarations, blocks and statements), Expressions.cpp,
// ListExpressions.cpp (list and array expressions), Patterns.cpp and
// Types.cpp (type annotations and unit-of-measure text). Parser.cpp runs
// ANTLR and the offside rule and hands the parse tree to the builder.
//
// The parse tree mirrors the grammar's precedence levels; the builder folds
// them into AST nodes, desugars what the rest of the front end should not
// see (pipelines become applications, `function` a lambda over a match,
// sequences of `let` lines nested lets), and reports what the grammar
// accepts but Clef does not (out-of-range literals, a block ending in
// `let`).
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_FRONTEND_ANTLR_ASTBUILDER_ASTBUILDERINTERNALS_H
#define CLEF_FRONTEND_ANTLR_ASTBUILDER_ASTBUILDERINTERNALS_H

#include "frontend-antlr/ASTBuilder.h"

#include "ClefLexer.h"
#include "ClefParser.h"

#include <limits>
#include <string>
#include <vector>

namespace clef {
namespace detail {

using namespace clef::ast;
using antlrgen::ClefLexer;
using antlrgen::ClefParser;
using P = antlrgen::ClefParser;

/// Thrown inside the builder only, to abandon a tree after an error that
/// makes the rest meaningless; caught in parseProgram.
struct BuildError {};

class Builder {
public:
  Builder(Program &program, antlr4::CharStream &input,
          const SyntaxErrorFn &onError, bool isPrelude)
      : program(program), input(input), onError(onError), isPrelude(isPrelude) {
  }

  void buildProgram(P::ProgramContext *ctx);
  /// Appends one top-level declaration to the program.
  void buildTopDecl(P::TopDeclContext *ctx);

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
  /// `a op b op c` as `(a op b) op c`, over the children of `ctx`: operands
  /// of rule `OperandContext`, built by `buildOperand`, between operator
  /// tokens.
  template <typename OperandContext, typename BuildOperand>
  ExprPtr leftAssociative(antlr4::ParserRuleContext *ctx,
                          BuildOperand buildOperand);
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

} // namespace detail
} // namespace clef

#endif // CLEF_FRONTEND_ANTLR_ASTBUILDER_ASTBUILDERINTERNALS_H

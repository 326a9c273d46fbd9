//===- Expressions.cpp - Expressions of the parse tree --------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The grammar's precedence levels folded into AST nodes; pipelines and
// composition desugared, literals checked and unescaped.
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/ASTBuilder/ASTBuilderInternals.h"

#include "llvm/ADT/StringSwitch.h"

#include <cerrno>
#include <cstdlib>

using namespace clef;
using namespace clef::ast;
using namespace clef::detail;

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

template <typename OperandContext, typename BuildOperand>
ExprPtr Builder::leftAssociative(antlr4::ParserRuleContext *ctx,
                                 BuildOperand buildOperand) {
  ExprPtr result;
  std::string op;
  Loc opLoc;
  for (auto *child : ctx->children) {
    if (auto *term = dynamic_cast<antlr4::tree::TerminalNode *>(child)) {
      op = term->getText();
      opLoc = loc(term);
      continue;
    }
    ExprPtr operand = buildOperand(static_cast<OperandContext *>(child));
    result = result ? binary(opLoc, op, std::move(result), std::move(operand))
                    : std::move(operand);
  }
  return result;
}

ExprPtr Builder::orExpr(P::OrExprContext *ctx) {
  return leftAssociative<P::AndExprContext>(
      ctx, [&](P::AndExprContext *operand) { return andExpr(operand); });
}

ExprPtr Builder::andExpr(P::AndExprContext *ctx) {
  return leftAssociative<P::CmpExprContext>(
      ctx, [&](P::CmpExprContext *operand) { return cmpExpr(operand); });
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
  return leftAssociative<P::MulExprContext>(
      ctx, [&](P::MulExprContext *operand) { return mulExpr(operand); });
}

ExprPtr Builder::mulExpr(P::MulExprContext *ctx) {
  return leftAssociative<P::PowExprContext>(
      ctx, [&](P::PowExprContext *operand) { return powExpr(operand); });
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

//===- Types.cpp - Type annotations and units of measure ------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Type expressions written in the source, and the parser of the text of
// units of measure ("kg m/s^2").
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/ASTBuilder/ASTBuilderInternals.h"

#include <cctype>
#include <map>

using namespace clef;
using namespace clef::ast;
using namespace clef::detail;

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

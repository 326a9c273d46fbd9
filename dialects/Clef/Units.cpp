//===- Units.cpp - Units of measure algebra -------------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "dialects/Clef/Units.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::clef;

Units Units::base(llvm::StringRef name) {
  Units u;
  u.exponents[name.str()] = 1;
  return u;
}

void Units::setExponent(llvm::StringRef name, int64_t exp) {
  if (exp == 0)
    exponents.erase(name.str());
  else
    exponents[name.str()] = exp;
}

Units Units::operator*(const Units &other) const {
  Units result = *this;
  for (const auto &[name, exp] : other.exponents) {
    auto it = result.exponents.find(name);
    int64_t sum = (it == result.exponents.end() ? 0 : it->second) + exp;
    result.setExponent(name, sum);
  }
  return result;
}

Units Units::operator/(const Units &other) const {
  return *this * other.pow(-1);
}

Units Units::pow(int64_t n) const {
  Units result;
  for (const auto &[name, exp] : exponents)
    result.setExponent(name, exp * n);
  return result;
}

std::optional<Units> Units::sqrt() const {
  Units result;
  for (const auto &[name, exp] : exponents) {
    if (exp % 2 != 0)
      return std::nullopt;
    result.setExponent(name, exp / 2);
  }
  return result;
}

std::string Units::str() const {
  if (exponents.empty())
    return "1";
  std::string num, den;
  auto append = [](std::string &out, const std::string &name, int64_t exp) {
    if (!out.empty())
      out += ' ';
    out += name;
    if (exp != 1)
      out += "^" + std::to_string(exp);
  };
  for (const auto &[name, exp] : exponents)
    if (exp > 0)
      append(num, name, exp);
  for (const auto &[name, exp] : exponents)
    if (exp < 0)
      append(den, name, -exp);
  if (den.empty())
    return num;
  return (num.empty() ? std::string("1") : num) + "/" + den;
}

DictionaryAttr Units::toAttr(MLIRContext *context) const {
  Builder b(context);
  SmallVector<NamedAttribute> entries;
  for (const auto &[name, exp] : exponents)
    entries.push_back(b.getNamedAttr(name, b.getI64IntegerAttr(exp)));
  return b.getDictionaryAttr(entries);
}

Units Units::fromAttr(DictionaryAttr attr) {
  Units u;
  for (NamedAttribute entry : attr)
    if (auto exp = dyn_cast<IntegerAttr>(entry.getValue()))
      u.setExponent(entry.getName().getValue(), exp.getInt());
  return u;
}

//===----------------------------------------------------------------------===//
// Parsing
//===----------------------------------------------------------------------===//

namespace {
/// Recursive descent over: measure := product ('/' product)*
///   product := power (('*')? power)*   power := atom ('^' int)?
///   atom := name | '1' | '(' measure ')'
class UnitParser {
public:
  UnitParser(llvm::StringRef text, std::string &error)
      : text(text), error(error) {}

  std::optional<Units> parseAll() {
    std::optional<Units> u = parseMeasure();
    skipSpace();
    if (u && pos != text.size())
      return fail("unexpected '" + text.substr(pos, 1).str() + "'");
    return u;
  }

private:
  std::optional<Units> fail(const std::string &msg) {
    if (error.empty())
      error = msg;
    return std::nullopt;
  }
  void skipSpace() {
    while (pos < text.size() && text[pos] == ' ')
      ++pos;
  }
  bool startsAtom() {
    skipSpace();
    if (pos >= text.size())
      return false;
    char c = text[pos];
    return c == '(' || c == '\'' || c == '_' || c == '1' || llvm::isAlpha(c);
  }

  std::optional<Units> parseMeasure() {
    std::optional<Units> result = parseProduct();
    while (result) {
      skipSpace();
      if (pos >= text.size() || text[pos] != '/')
        break;
      ++pos;
      std::optional<Units> rhs = parseProduct();
      if (!rhs)
        return std::nullopt;
      result = *result / *rhs;
    }
    return result;
  }

  std::optional<Units> parseProduct() {
    std::optional<Units> result = parsePower();
    while (result) {
      skipSpace();
      if (pos < text.size() && text[pos] == '*')
        ++pos;
      else if (!startsAtom())
        break;
      std::optional<Units> rhs = parsePower();
      if (!rhs)
        return std::nullopt;
      result = *result * *rhs;
    }
    return result;
  }

  std::optional<Units> parsePower() {
    std::optional<Units> atom = parseAtom();
    if (!atom)
      return std::nullopt;
    skipSpace();
    if (pos >= text.size() || text[pos] != '^')
      return atom;
    ++pos;
    skipSpace();
    bool negative = false;
    if (pos < text.size() && text[pos] == '-') {
      negative = true;
      ++pos;
    }
    size_t start = pos;
    while (pos < text.size() && llvm::isDigit(text[pos]))
      ++pos;
    int64_t exp;
    if (start == pos || pos - start > 6 ||
        text.substr(start, pos - start).getAsInteger(10, exp))
      return fail("expected an integer exponent after '^'");
    return atom->pow(negative ? -exp : exp);
  }

  std::optional<Units> parseAtom() {
    skipSpace();
    if (pos >= text.size())
      return fail("expected a unit");
    char c = text[pos];
    if (c == '(') {
      ++pos;
      std::optional<Units> inner = parseMeasure();
      skipSpace();
      if (!inner)
        return std::nullopt;
      if (pos >= text.size() || text[pos] != ')')
        return fail("expected ')'");
      ++pos;
      return inner;
    }
    if (c == '1') {
      ++pos;
      return Units();
    }
    size_t start = pos;
    if (c == '\'')
      ++pos;
    while (pos < text.size() && (llvm::isAlnum(text[pos]) || text[pos] == '_'))
      ++pos;
    if (pos == start || (c == '\'' && pos == start + 1))
      return fail("expected a unit name");
    return Units::base(text.substr(start, pos - start));
  }

  llvm::StringRef text;
  std::string &error;
  size_t pos = 0;
};
} // namespace

std::optional<Units> Units::parse(llvm::StringRef text, std::string &error) {
  return UnitParser(text, error).parseAll();
}

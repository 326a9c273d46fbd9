//===- FormatString.cpp - F# printf format strings ------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "dialects/Clef/FormatString.h"
#include "dialects/Clef/ClefTypes.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::clef;

std::optional<llvm::SmallVector<FormatPiece>>
mlir::clef::parseFormatString(llvm::StringRef format, std::string &error) {
  llvm::SmallVector<FormatPiece> pieces;
  std::string literal;
  auto flushLiteral = [&] {
    if (literal.empty())
      return;
    FormatPiece piece;
    piece.text = std::move(literal);
    pieces.push_back(std::move(piece));
    literal.clear();
  };

  size_t i = 0, n = format.size();
  while (i < n) {
    char c = format[i];
    if (c != '%') {
      literal += c;
      ++i;
      continue;
    }
    size_t start = i++;
    if (i < n && format[i] == '%') {
      literal += '%';
      ++i;
      continue;
    }
    FormatPiece piece;
    piece.isLiteral = false;
    for (; i < n; ++i) {
      if (format[i] == '-')
        piece.flags |= FormatPiece::LeftAlign;
      else if (format[i] == '0')
        piece.flags |= FormatPiece::ZeroPad;
      else if (format[i] == '+')
        piece.flags |= FormatPiece::PlusSign;
      else if (format[i] == ' ')
        piece.flags |= FormatPiece::SpaceSign;
      else
        break;
    }
    auto parseNumber = [&](int32_t &out) {
      size_t digitsStart = i;
      while (i < n && llvm::isDigit(format[i]))
        ++i;
      if (i == digitsStart)
        return false;
      unsigned value;
      if (format.substr(digitsStart, i - digitsStart).getAsInteger(10, value) ||
          value > 1000)
        return false;
      out = static_cast<int32_t>(value);
      return true;
    };
    if (i < n && format[i] == '*') {
      error = "'*' widths are not supported in format strings";
      return std::nullopt;
    }
    if (i < n && llvm::isDigit(format[i]) && !parseNumber(piece.width)) {
      error = "format width is too large";
      return std::nullopt;
    }
    if (i < n && format[i] == '.') {
      ++i;
      if (!parseNumber(piece.precision)) {
        error = "expected a precision after '.' in format specifier '" +
                format.substr(start, i - start).str() + "'";
        return std::nullopt;
      }
    }
    if (i >= n) {
      error =
          "incomplete format specifier '" + format.substr(start).str() + "'";
      return std::nullopt;
    }
    char conv = format[i++];
    if (!llvm::StringRef("dixXouseEfFgGcbAO").contains(conv)) {
      error = std::string("unsupported format specifier '%") + conv + "'";
      return std::nullopt;
    }
    piece.conversion = conv;
    flushLiteral();
    pieces.push_back(std::move(piece));
  }
  flushLiteral();
  return pieces;
}

FormatArgKind mlir::clef::getFormatArgKind(char conversion) {
  switch (conversion) {
  case 'd':
  case 'i':
  case 'x':
  case 'X':
  case 'o':
  case 'u':
    return FormatArgKind::Integer;
  case 'e':
  case 'E':
  case 'f':
  case 'F':
  case 'g':
  case 'G':
    return FormatArgKind::Float;
  case 's':
    return FormatArgKind::String;
  case 'c':
    return FormatArgKind::Char;
  case 'b':
    return FormatArgKind::Bool;
  default:
    return FormatArgKind::Any;
  }
}

bool mlir::clef::formatAcceptsType(char conversion, Type type) {
  switch (getFormatArgKind(conversion)) {
  case FormatArgKind::Integer:
    return type.isInteger(32) || type.isInteger(64);
  case FormatArgKind::Float:
    return type.isF64() || isa<MeasureType>(type);
  case FormatArgKind::String:
    return isa<StringType>(type);
  case FormatArgKind::Char:
    return isa<CharType>(type);
  case FormatArgKind::Bool:
    return type.isInteger(1);
  case FormatArgKind::Any:
    return true;
  }
  return false;
}

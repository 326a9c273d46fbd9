//===- Format.cpp - printf formatting and ToString ------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// printf's conversions, `string x` and `%O` (.NET's ToString) and `%A`
// for values that print on one line, as FSharp.Core prints them.
//
//===----------------------------------------------------------------------===//

#include "interp/InterpreterImpl.h"

#include "dialects/Clef/FormatString.h"

#include <cmath>
#include <cstdio>
#include <cstring>

using namespace clef;
using namespace clef::ast;
using namespace clef::interp;

namespace {

void appendUtf8(std::string &out, int64_t c) {
  uint32_t cp = static_cast<uint32_t>(c);
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

/// .NET string widths count UTF-16 code units.
int64_t utf16Length(const std::string &s) {
  int64_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80)
      continue;
    n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

void pad(std::string &out, const std::string &s, int64_t width, bool left,
         char fill) {
  int64_t n = width - utf16Length(s);
  if (n <= 0) {
    out += s;
    return;
  }
  if (left) {
    out += s;
    out.append(static_cast<size_t>(n), fill);
  } else {
    out.append(static_cast<size_t>(n), fill);
    out += s;
  }
}

/// double.ToString(): the shortest digits that read back as the same double.
std::string doubleToString(double v) {
  if (std::isnan(v))
    return "NaN";
  if (std::isinf(v))
    return v > 0 ? "Infinity" : "-Infinity";
  if (v == 0)
    return std::signbit(v) ? "-0" : "0";
  char buf[64];
  int prec = 1;
  for (; prec <= 17; ++prec) {
    snprintf(buf, sizeof buf, "%.*e", prec - 1, v);
    if (strtod(buf, nullptr) == v)
      break;
  }
  // buf is [-]d.ddde[+-]xx.
  std::string s = buf;
  bool negative = s[0] == '-';
  if (negative)
    s = s.substr(1);
  size_t e = s.find('e');
  int exp = std::atoi(s.c_str() + e + 1);
  std::string digits;
  for (size_t i = 0; i < e; ++i)
    if (s[i] != '.')
      digits += s[i];
  while (digits.size() > 1 && digits.back() == '0')
    digits.pop_back();
  std::string out = negative ? "-" : "";
  // .NET 5+ switches to scientific notation past 17 integer digits or
  // below 1e-4 (number.Scale < -3).
  int scale = exp + 1;
  if (scale > std::max<int>(static_cast<int>(digits.size()), 17) ||
      scale < -3) {
    out += digits[0];
    if (digits.size() > 1)
      out += "." + digits.substr(1);
    char eb[16];
    snprintf(eb, sizeof eb, "E%c%02d", exp < 0 ? '-' : '+', std::abs(exp));
    return out + eb;
  }
  if (exp < 0) {
    out += "0.";
    out.append(static_cast<size_t>(-exp - 1), '0');
    return out + digits;
  }
  if (digits.size() <= static_cast<size_t>(exp) + 1) {
    out += digits;
    out.append(static_cast<size_t>(exp) + 1 - digits.size(), '0');
    return out;
  }
  return out + digits.substr(0, exp + 1) + "." + digits.substr(exp + 1);
}

} // namespace

//===----------------------------------------------------------------------===//
// Formatting
//===----------------------------------------------------------------------===//

/// F#'s GenericNumber justification (FSharp.Core printf.fs).
static void appendNumber(std::string &out, const std::string &str,
                         bool isNumber, bool isPositive, bool isFloat,
                         bool gIntegral, int32_t flags, int32_t width) {
  using mlir::clef::FormatPiece;
  std::string prefix = (flags & FormatPiece::PlusSign)    ? "+"
                       : (flags & FormatPiece::SpaceSign) ? " "
                                                          : "";
  bool withPrefix = isNumber && isPositive;
  if (width < 0) {
    if (withPrefix)
      out += prefix;
    out += str;
    return;
  }
  if (flags & FormatPiece::LeftAlign) {
    if (!isNumber) {
      pad(out, str, width, true, ' ');
      return;
    }
    char fill =
        isFloat && (flags & FormatPiece::ZeroPad) && !gIntegral ? '0' : ' ';
    pad(out, (withPrefix ? prefix : "") + str, width, true, fill);
    return;
  }
  if (flags & FormatPiece::ZeroPad) {
    if (!isNumber) {
      pad(out, str, width, false, ' ');
    } else if (isPositive) {
      out += prefix;
      pad(out, str, width - static_cast<int32_t>(prefix.size()), false, '0');
    } else if (!str.empty() && str[0] == '-') {
      out += "-";
      pad(out, str.substr(1), width - 1, false, '0');
    } else {
      pad(out, str, width, false, '0');
    }
    return;
  }
  pad(out, (withPrefix ? prefix : "") + str, width, false, ' ');
}

std::string Interpreter::format(const std::string &fmt,
                                std::vector<Value> &args, size_t first,
                                Loc loc) {
  std::string error;
  auto pieces = mlir::clef::parseFormatString(fmt, error);
  if (!pieces)
    unsupported(loc, "format string: " + error);
  std::string result;
  size_t next = first;
  for (const mlir::clef::FormatPiece &piece : *pieces) {
    if (piece.isLiteral) {
      result += piece.text;
      continue;
    }
    const Value &v = args[next++];
    int32_t flags = piece.flags, width = piece.width;
    bool left = flags & mlir::clef::FormatPiece::LeftAlign;
    switch (piece.conversion) {
    case 'd':
    case 'i':
      if (v.kind == VK::Float || v.kind == VK::Char || v.kind == VK::Bool)
        unsupported(loc, "%d of a non-integer");
      appendNumber(result, std::to_string(v.i), true, v.i >= 0, false, false,
                   flags, width);
      break;
    case 's':
      if (width < 0)
        result += v.obj->str;
      else
        pad(result, v.obj->str, width, left, ' ');
      break;
    case 'b':
      pad(result, v.i ? "true" : "false", width, left, ' ');
      break;
    case 'c': {
      std::string s;
      appendUtf8(s, v.i);
      pad(result, s, width, left, ' ');
      break;
    }
    case 'g':
    case 'G': {
      int prec = piece.precision < 0 ? 6 : std::min(piece.precision, 99);
      double d = v.f;
      std::string s;
      if (!std::isfinite(d)) {
        s = std::isnan(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
      } else if (prec == 0) {
        // "G0" is the shortest round-trip form.
        s = doubleToString(d);
        if (piece.conversion == 'g')
          for (char &c : s)
            if (c == 'E')
              c = 'e';
      } else {
        char buf[512];
        snprintf(buf, sizeof buf, piece.conversion == 'g' ? "%.*g" : "%.*G",
                 prec, d);
        s = buf;
      }
      bool integral = std::isfinite(d) && d == std::trunc(d);
      appendNumber(result, s, std::isfinite(d), d >= 0, true, integral, flags,
                   width);
      break;
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E': {
      int prec = piece.precision < 0 ? 6 : std::min(piece.precision, 99);
      double d = v.f;
      std::string s;
      if (std::isnan(d)) {
        s = "NaN";
      } else if (std::isinf(d)) {
        s = d > 0 ? "Infinity" : "-Infinity";
      } else {
        char buf[512];
        bool isE = piece.conversion == 'e' || piece.conversion == 'E';
        snprintf(buf, sizeof buf,
                 piece.conversion == 'e'   ? "%.*e"
                 : piece.conversion == 'E' ? "%.*E"
                                           : "%.*f",
                 prec, d);
        s = buf;
        if (isE) {
          // .NET's exponent has at least three digits.
          size_t e = s.find_first_of("eE");
          size_t digits = s.size() - (e + 2);
          if (digits < 3)
            s.insert(e + 2, 3 - digits, '0');
        }
      }
      appendNumber(result, s, std::isfinite(d), d >= 0, true, false, flags,
                   width);
      break;
    }
    case 'A':
      if (flags || width >= 0 || piece.precision >= 0)
        unsupported(loc, "%A with flags, width or precision");
      result += layoutA(v, false, 0, loc);
      break;
    case 'O': {
      std::string s = toStringO(v, "<null>", loc);
      pad(result, s, width, left, ' ');
      break;
    }
    default:
      unsupported(loc, std::string("format conversion %") + piece.conversion);
    }
  }
  return result;
}

/// `string x`: .NET's ToString of scalars, `%O` of the rest.
std::string Interpreter::stringOf(const Value &v, Loc loc) {
  switch (v.kind) {
  case VK::Str:
    return v.obj->str;
  case VK::Int:
  case VK::Int64:
    return std::to_string(v.i);
  case VK::Float:
    return doubleToString(v.f);
  case VK::Bool:
    return v.i ? "True" : "False";
  case VK::Char: {
    std::string s;
    appendUtf8(s, v.i);
    return s;
  }
  default:
    return toStringO(v, "", loc);
  }
}

std::string Interpreter::toStringO(const Value &v, const char *nullText,
                                   Loc loc) {
  switch (v.kind) {
  case VK::Unit:
    return nullText;
  case VK::Int:
  case VK::Int64:
  case VK::Float:
  case VK::Bool:
  case VK::Char:
  case VK::Str:
    return stringOf(v, loc);
  case VK::None:
    return nullText;
  case VK::Some:
    return "Some(" + toStringO(v.obj->elems[0], "null", loc) + ")";
  case VK::Tuple: {
    std::string s = "(";
    for (size_t i = 0; i < v.obj->elems.size(); ++i)
      s += (i ? ", " : "") + toStringO(v.obj->elems[i], "", loc);
    return s + ")";
  }
  case VK::Nil:
    return "[]";
  case VK::Cons: {
    // FSharpList.ToString: up to three elements, then "; ... ]".
    std::string s = "[";
    Value cur = v;
    for (int i = 0; cur.kind == VK::Cons; ++i) {
      if (i == 3) {
        s += "; ... ]";
        return s;
      }
      s += (i ? "; " : "") + toStringO(cur.obj->elems[0], "null", loc);
      Value next = cur.obj->elems[1];
      cur = std::move(next);
    }
    return s + "]";
  }
  case VK::Array:
  case VK::Closure:
    unsupported(loc, "%O of an array or a function");
  default:
    return layoutA(v, false, 0, loc);
  }
}

/// `%A` of a value that fits on one line of 80 columns; anything the
/// layout engine would break over several lines (records with several
/// fields, long values) is reported as unsupported.
std::string Interpreter::layoutA(const Value &v, bool nested, int depth,
                                 Loc loc) {
  if (depth > 50)
    unsupported(loc, "%A of a deeply nested value");
  std::string s;
  switch (v.kind) {
  case VK::Unit:
    return "()";
  case VK::Int:
    return std::to_string(v.i);
  case VK::Int64:
    return std::to_string(v.i) + "L";
  case VK::Bool:
    return v.i ? "true" : "false";
  case VK::Float: {
    double d = v.f;
    if (std::isnan(d))
      return "nan";
    if (std::isinf(d))
      return d > 0 ? "infinity" : "-infinity";
    char buf[64];
    snprintf(buf, sizeof buf, "%.10g", d);
    s = buf;
    if (s.find_first_not_of("-0123456789") == std::string::npos)
      s += ".0";
    return s;
  }
  case VK::Char: {
    int64_t c = v.i;
    if (c == '\'')
      return "'\\''";
    if (c == '\\')
      return "'\\\\'";
    if (c == '\b')
      return "'\\b'";
    if ((c >= 0 && c < 0x20) || (c >= 0x7F && c < 0xA0)) {
      char buf[16];
      snprintf(buf, sizeof buf, "'\\%03d'", static_cast<int>(c));
      return buf;
    }
    s = "'";
    appendUtf8(s, c);
    return s + "'";
  }
  case VK::Str:
    return "\"" + v.obj->str + "\"";
  case VK::Tuple: {
    s = "(";
    for (size_t i = 0; i < v.obj->elems.size(); ++i)
      s += (i ? ", " : "") + layoutA(v.obj->elems[i], false, depth + 1, loc);
    s += ")";
    break;
  }
  case VK::Nil:
    return "[]";
  case VK::Cons: {
    s = "[";
    int n = 0;
    for (Value cur = v; cur.kind == VK::Cons; ++n) {
      if (n == 100)
        unsupported(loc, "%A of a list of more than 100 elements");
      s += (n ? "; " : "") + layoutA(cur.obj->elems[0], false, depth + 1, loc);
      Value next = cur.obj->elems[1];
      cur = std::move(next);
    }
    s += "]";
    break;
  }
  case VK::Array: {
    if (v.obj->elems.size() > 100)
      unsupported(loc, "%A of an array of more than 100 elements");
    s = "[|";
    for (size_t i = 0; i < v.obj->elems.size(); ++i)
      s += (i ? "; " : "") + layoutA(v.obj->elems[i], false, depth + 1, loc);
    s += "|]";
    break;
  }
  case VK::None:
    return "None";
  case VK::Some:
  case VK::Union: {
    bool isOption = v.kind == VK::Some;
    s = isOption ? "Some" : v.obj->decl->cases[v.obj->tag].name;
    const auto &fields = v.obj->elems;
    if (fields.empty())
      return s;
    if (fields.size() == 1) {
      s += " " + layoutA(fields[0], true, depth + 1, loc);
    } else {
      s += " (";
      for (size_t i = 0; i < fields.size(); ++i)
        s += (i ? ", " : "") + layoutA(fields[i], false, depth + 1, loc);
      s += ")";
    }
    if (nested)
      s = "(" + s + ")";
    break;
  }
  case VK::Ref:
  case VK::Record: {
    if (v.kind == VK::Record && v.obj->decl->fields.size() != 1)
      unsupported(loc, "%A of a record with several fields (printed over "
                       "several lines)");
    std::string name =
        v.kind == VK::Ref ? "contents" : v.obj->decl->fields[0].name;
    s = "{ " + name + " = " + layoutA(v.obj->elems[0], false, depth + 1, loc) +
        " }";
    break;
  }
  case VK::Closure:
    unsupported(loc, "%A of a function");
  }
  if (utf16Length(s) > 75)
    unsupported(loc, "%A of a value wider than one line");
  return s;
}

//===- Builtins.cpp - The primitives of the prelude -----------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Every built-in the prelude does not define in Clef (conversions, arrays,
// refs, failwith, int32 and int64 wrap-around arithmetic), implemented
// from the language's and .NET's specification (docs/Runtime.md).
//
//===----------------------------------------------------------------------===//

#include "interp/InterpreterImpl.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace clef;
using namespace clef::ast;
using namespace clef::interp;

Value Interpreter::arith(const std::string &op, const Value &a, const Value &b,
                         Loc loc) {
  if (a.kind == VK::Float) {
    double x = a.f, y = b.f;
    if (op == "+")
      return mkFloat(x + y);
    if (op == "-")
      return mkFloat(x - y);
    if (op == "*")
      return mkFloat(x * y);
    if (op == "/")
      return mkFloat(x / y);
    if (op == "%")
      return mkFloat(std::fmod(x, y));
    if (op == "**")
      return mkFloat(std::pow(x, y));
    unsupported(loc, "float operator '" + op + "'");
  }
  bool is64 = a.kind == VK::Int64;
  uint64_t x = static_cast<uint64_t>(a.i), y = static_cast<uint64_t>(b.i);
  auto wrap = [&](uint64_t r) {
    return is64 ? mkInt64(static_cast<int64_t>(r))
                : mkInt(static_cast<int32_t>(static_cast<uint32_t>(r)));
  };
  if (op == "+")
    return wrap(x + y);
  if (op == "-")
    return wrap(x - y);
  if (op == "*")
    return wrap(x * y);
  if (op == "/" || op == "%") {
    if (b.i == 0)
      raise("System.DivideByZeroException", "Attempted to divide by zero.");
    // MinValue / -1 wraps and its remainder is 0, as the compiler defines.
    if (b.i == -1)
      return op == "/" ? wrap(0 - x) : wrap(0);
    return op == "/" ? wrap(static_cast<uint64_t>(a.i / b.i))
                     : wrap(static_cast<uint64_t>(a.i % b.i));
  }
  unsupported(loc, "integer operator '" + op + "'");
}

Value Interpreter::makePrimitive(Expr &head, const InstPtr &inst) {
  const std::string &name = head.primitive;
  if (name == "nan")
    return mkFloat(std::nan(""));
  if (name == "infinity")
    return mkFloat(HUGE_VAL);
  if (name == "LanguagePrimitives.GenericZero" ||
      name == "LanguagePrimitives.GenericOne") {
    int one = name == "LanguagePrimitives.GenericOne";
    Type *t = concrete(head.type, inst);
    switch (t->kind) {
    case TypeKind::Int:
      return mkInt(one);
    case TypeKind::Int64:
      return mkInt64(one);
    case TypeKind::Float:
      return mkFloat(one);
    default:
      unsupported(head.loc, "generic zero or one of type " + types.str(t));
    }
  }
  unsigned arity = 1;
  if (name == "printf" || name == "printfn" || name == "eprintf" ||
      name == "eprintfn" || name == "sprintf" || name == "failwithf") {
    arity = 0;
    for (Type *t = TypeContext::prune(head.type); t->kind == TypeKind::Fun;
         t = TypeContext::prune(t->args[1]))
      ++arity;
  } else if (name == "min" || name == "max" || name == "atan2" ||
             name == "invalidArg" || name == "compare" ||
             name == "Array.create") {
    arity = 2;
  }
  Value v = mkObj(VK::Closure);
  v.obj->call = CallKind::Primitive;
  v.obj->arity = arity;
  v.obj->prim = name;
  v.obj->expr = &head;
  v.obj->inst = inst;
  return v;
}

//===----------------------------------------------------------------------===//
// Primitives
//===----------------------------------------------------------------------===//

static bool parseInt64(std::string s, int64_t &value, bool is32) {
  size_t b = s.find_first_not_of(" \t\n\r");
  size_t e = s.find_last_not_of(" \t\n\r");
  if (b == std::string::npos)
    return false;
  s = s.substr(b, e - b + 1);
  bool negative = false;
  size_t i = 0;
  if (s[i] == '+' || s[i] == '-')
    negative = s[i++] == '-';
  if (i >= s.size())
    return false;
  __int128 v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    v = v * 10 + (s[i] - '0');
    if (v > (static_cast<__int128>(1) << 64))
      return false;
  }
  if (negative)
    v = -v;
  __int128 lo = is32 ? INT32_MIN : INT64_MIN, hi = is32 ? INT32_MAX : INT64_MAX;
  if (v < lo || v > hi)
    return false;
  value = static_cast<int64_t>(v);
  return true;
}

Value Interpreter::callPrimitive(Obj &closure, std::vector<Value> &args,
                                 Loc loc) {
  const std::string &name = closure.prim;
  if (name == "printf" || name == "printfn" || name == "eprintf" ||
      name == "eprintfn" || name == "sprintf" || name == "failwithf") {
    std::string text = format(args[0].obj->str, args, 1, loc);
    if (name == "sprintf")
      return mkStr(std::move(text));
    if (name == "failwithf")
      raise("System.Exception", text);
    if (name == "printfn" || name == "eprintfn")
      text += "\n";
    if (name[0] == 'e') {
      flushOut();
      fwrite(text.data(), 1, text.size(), stderr);
    } else {
      out += text;
      if (out.size() > (64u << 10))
        flushOut();
    }
    return mkUnit();
  }
  Value &a = args[0];
  if (name == "failwith")
    raise("System.Exception", a.obj->str);
  if (name == "invalidArg")
    raise("System.ArgumentException",
          args[1].obj->str + " (Parameter '" + a.obj->str + "')");
  if (name == "exit") {
    flushOut();
    throw ProgramExit{static_cast<int>(a.i)};
  }
  if (name == "ignore")
    return mkUnit();
  if (name == "id")
    return a;
  if (name == "not")
    return mkBool(!a.i);
  if (name == "int" || name == "int64" || name == "float" || name == "char") {
    bool toInt = name == "int", toInt64 = name == "int64";
    if (name == "char") {
      if (a.kind == VK::Str)
        unsupported(loc, "char of a string");
      int64_t v = a.kind == VK::Float ? static_cast<int64_t>(a.f) : a.i;
      return mkChar(static_cast<uint16_t>(v));
    }
    if (a.kind == VK::Str) {
      if (name == "float") {
        char *end = nullptr;
        std::string s = a.obj->str;
        double d = strtod(s.c_str(), &end);
        if (s.empty() || *end)
          raise("System.FormatException",
                "The input string '" + s + "' was not in a correct format.");
        return mkFloat(d);
      }
      int64_t v;
      if (!parseInt64(a.obj->str, v, toInt))
        unsupported(loc, "int of a string that is not plain decimal");
      return toInt ? mkInt(static_cast<int32_t>(v)) : mkInt64(v);
    }
    if (a.kind == VK::Float) {
      if (name == "float")
        return a;
      double d = a.f;
      if (toInt) {
        // NaN and out-of-range values give int.MinValue, as on x64.
        if (!(d > -2147483649.0 && d < 2147483648.0))
          return mkInt(INT32_MIN);
        return mkInt(static_cast<int32_t>(d));
      }
      if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
        return mkInt64(INT64_MIN);
      return mkInt64(static_cast<int64_t>(d));
    }
    if (toInt)
      return mkInt(static_cast<int32_t>(static_cast<uint32_t>(a.i)));
    if (toInt64)
      return mkInt64(a.i);
    return mkFloat(static_cast<double>(a.i));
  }
  if (name == "string")
    return mkStr(stringOf(a, loc));
  if (name == "fst" || name == "snd")
    return a.obj->elems[name == "fst" ? 0 : 1];
  if (name == "ref")
    return mkObj(VK::Ref, {a});
  if (name == "incr" || name == "decr") {
    int32_t v = static_cast<int32_t>(a.obj->elems[0].i);
    a.obj->elems[0] = mkInt(static_cast<int32_t>(static_cast<uint32_t>(v) +
                                                 (name == "incr" ? 1u : ~0u)));
    return mkUnit();
  }
  if (name == "abs") {
    if (a.kind == VK::Float)
      return mkFloat(std::fabs(a.f));
    if (a.i >= 0)
      return a;
    Value zero = a.kind == VK::Int ? mkInt(0) : mkInt64(0);
    return arith("-", zero, a, loc);
  }
  if (name == "sign") {
    if (a.kind == VK::Float) {
      if (std::isnan(a.f))
        raise("System.ArithmeticException",
              "Function does not accept floating point Not-a-Number values.");
      return mkInt(a.f < 0 ? -1 : a.f > 0 ? 1 : 0);
    }
    return mkInt(a.i < 0 ? -1 : a.i > 0 ? 1 : 0);
  }
  if (name == "min" || name == "max") {
    Value &b = args[1];
    if (a.kind == VK::Float) {
      if (std::isnan(a.f))
        return a;
      if (std::isnan(b.f))
        return b;
    }
    bool lt = a.kind == VK::Float ? a.f < b.f : compare(a, b, loc) < 0;
    if (name == "min")
      return lt ? a : b;
    return lt ? b : a;
  }
  if (name == "compare") {
    if (a.kind == VK::Float) {
      if (std::isnan(a.f) || std::isnan(args[1].f))
        unsupported(loc, "compare of NaN");
    }
    return mkInt(compare(a, args[1], loc));
  }
  if (name == "atan2")
    return mkFloat(std::atan2(a.f, args[1].f));
  if (name == "truncate")
    return mkFloat(std::trunc(a.f));
  if (name == "Array.create" || name == "Array.zeroCreate") {
    if (a.i < 0)
      unsupported(loc, "array of negative size");
    if (a.i > (1 << 26))
      limit("array too large");
    Value init;
    if (name == "Array.create") {
      init = args[1];
    } else {
      Type *t = concrete(closure.expr->type, closure.inst);
      Type *element = TypeContext::prune(
          TypeContext::prune(TypeContext::prune(t)->args[1])->args[0]);
      switch (element->kind) {
      case TypeKind::Int:
        init = mkInt(0);
        break;
      case TypeKind::Int64:
        init = mkInt64(0);
        break;
      case TypeKind::Float:
        init = mkFloat(0);
        break;
      case TypeKind::Bool:
        init = mkBool(false);
        break;
      case TypeKind::Char:
        init = mkChar(0);
        break;
      case TypeKind::String:
        init = mkStr("");
        break;
      case TypeKind::Unit:
        break;
      default:
        unsupported(loc, "Array.zeroCreate of " + types.str(element));
      }
    }
    return mkObj(VK::Array, std::vector<Value>(static_cast<size_t>(a.i), init));
  }
  if (name == "Array.length")
    return mkInt(static_cast<int32_t>(a.obj->elems.size()));
  if (name == "List.isEmpty")
    return mkBool(a.kind == VK::Nil);
  if (name == "Option.isSome")
    return mkBool(a.kind == VK::Some);
  if (name == "Option.isNone")
    return mkBool(a.kind == VK::None);
  if (name == "Array.copy")
    return mkObj(VK::Array, a.obj->elems);
  if (name == "hash")
    unsupported(loc, "hash");
  double x = a.f;
  double r;
  if (name == "sqrt")
    r = std::sqrt(x);
  else if (name == "sin")
    r = std::sin(x);
  else if (name == "cos")
    r = std::cos(x);
  else if (name == "tan")
    r = std::tan(x);
  else if (name == "asin")
    r = std::asin(x);
  else if (name == "acos")
    r = std::acos(x);
  else if (name == "atan")
    r = std::atan(x);
  else if (name == "exp")
    r = std::exp(x);
  else if (name == "log")
    r = std::log(x);
  else if (name == "log10")
    r = std::log10(x);
  else if (name == "floor")
    r = std::floor(x);
  else if (name == "ceil")
    r = std::ceil(x);
  else if (name == "round")
    r = std::nearbyint(x); // Math.Round: ties to even.
  else
    unsupported(loc, "primitive '" + name + "'");
  return mkFloat(r);
}

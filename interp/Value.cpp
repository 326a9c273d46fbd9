//===- Value.cpp - Structural equality and comparison ---------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// F#'s generic equality and comparison over self-describing values; lists
// are walked iteratively so that long ones need no native stack.
//
//===----------------------------------------------------------------------===//

#include "interp/InterpreterImpl.h"

#include <cmath>

using namespace clef;
using namespace clef::ast;
using namespace clef::interp;

//===----------------------------------------------------------------------===//
// Structural equality and comparison (F#'s generic ones)
//===----------------------------------------------------------------------===//

int Interpreter::compare(const Value &a, const Value &b, Loc loc) {
  auto sign = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  switch (a.kind) {
  case VK::Unit:
    return 0;
  case VK::Bool:
  case VK::Int:
  case VK::Int64:
  case VK::Char:
    return sign(a.i, b.i);
  case VK::Float:
    if (std::isnan(a.f) || std::isnan(b.f))
      unsupported(loc, "comparison of NaN");
    return sign(a.f, b.f);
  case VK::Str: {
    // Ordinal: bytes, then lengths.
    int c = a.obj->str.compare(b.obj->str);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  case VK::Tuple:
  case VK::Record:
  case VK::Array: {
    const auto &x = a.obj->elems, &y = b.obj->elems;
    if (a.kind == VK::Array && x.size() != y.size())
      return sign(x.size(), y.size());
    for (size_t i = 0; i < x.size(); ++i)
      if (int c = compare(x[i], y[i], loc))
        return c;
    return 0;
  }
  case VK::Nil:
  case VK::Cons: {
    Value p = a, q = b;
    for (;;) {
      if (p.kind == VK::Nil || q.kind == VK::Nil)
        return sign(p.kind == VK::Cons, q.kind == VK::Cons);
      if (int c = compare(p.obj->elems[0], q.obj->elems[0], loc))
        return c;
      Value pn = p.obj->elems[1], qn = q.obj->elems[1];
      p = std::move(pn);
      q = std::move(qn);
    }
  }
  case VK::None:
  case VK::Some:
    if (a.kind != b.kind)
      return a.kind == VK::None ? -1 : 1;
    return a.kind == VK::None ? 0
                              : compare(a.obj->elems[0], b.obj->elems[0], loc);
  case VK::Union: {
    if (a.obj->tag != b.obj->tag)
      return sign(a.obj->tag, b.obj->tag);
    const auto &x = a.obj->elems, &y = b.obj->elems;
    for (size_t i = 0; i < x.size(); ++i)
      if (int c = compare(x[i], y[i], loc))
        return c;
    return 0;
  }
  case VK::Ref:
    unsupported(loc, "comparison of ref cells");
  case VK::Closure:
    unsupported(loc, "comparison of functions");
  }
  return 0;
}

bool Interpreter::equal(const Value &a, const Value &b, Loc loc) {
  switch (a.kind) {
  case VK::Float:
    return a.f == b.f;
  case VK::Tuple:
  case VK::Record:
  case VK::Array:
  case VK::Union: {
    if (a.kind == VK::Union && a.obj->tag != b.obj->tag)
      return false;
    const auto &x = a.obj->elems, &y = b.obj->elems;
    if (x.size() != y.size())
      return false;
    for (size_t i = 0; i < x.size(); ++i)
      if (!equal(x[i], y[i], loc))
        return false;
    return true;
  }
  case VK::Nil:
  case VK::Cons: {
    Value p = a, q = b;
    for (;;) {
      if (p.kind == VK::Nil || q.kind == VK::Nil)
        return p.kind == q.kind;
      if (!equal(p.obj->elems[0], q.obj->elems[0], loc))
        return false;
      Value pn = p.obj->elems[1], qn = q.obj->elems[1];
      p = std::move(pn);
      q = std::move(qn);
    }
  }
  case VK::Some:
  case VK::None:
    if (a.kind != b.kind)
      return false;
    return a.kind == VK::None || equal(a.obj->elems[0], b.obj->elems[0], loc);
  case VK::Ref:
    // F#'s ref cells are records: structural.
    return equal(a.obj->elems[0], b.obj->elems[0], loc);
  default:
    return compare(a, b, loc) == 0;
  }
}

//===- Value.h - Values of the reference interpreter ------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Values describe themselves: an int knows it is an int32, a union value
// its declaration and case, a closure its code, environment and the
// arguments collected so far. Heap values are reference counted and shared;
// mutable ones (arrays, refs, mutable record fields) are updated in place.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_INTERP_VALUE_H
#define CLEF_INTERP_VALUE_H

#include "frontend-antlr/AST.h"
#include "frontend-antlr/Monomorphize.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace clef {
namespace interp {

using ast::Binding;
using ast::Expr;
using ast::TypeDecl;
using ast::VarDecl;

struct Obj;
struct Env;
using ObjPtr = std::shared_ptr<Obj>;
using EnvPtr = std::shared_ptr<Env>;
using InstPtr = std::shared_ptr<const Instance>;

enum class VK : uint8_t {
  Unit,
  Bool,
  Int,
  Int64,
  Float,
  Char,
  Str,
  Tuple,
  Nil,
  Cons,
  Array,
  None,
  Some,
  Ref,
  Record,
  Union,
  Closure,
};

struct Value {
  VK kind = VK::Unit;
  /// Bool, Int, Int64, Char (a code point).
  int64_t i = 0;
  double f = 0;
  ObjPtr obj;
};

enum class CallKind { Lambda, Function, Primitive, Ctor };

/// Every heap value: strings, cells of lists, tuples, arrays, options, refs,
/// records, union cases and closures.
struct Obj {
  std::string str;
  /// Tuple, Array, Record and Union fields; Cons {head, tail}; Some {v};
  /// Ref {v}; Closure: the arguments collected so far.
  std::vector<Value> elems;
  /// Record and Union (null for options): the declaration.
  TypeDecl *decl = nullptr;
  unsigned tag = 0;
  // Closures.
  CallKind call = CallKind::Lambda;
  unsigned arity = 0;
  /// Lambda: the lambda; Primitive: the head expression (for its type).
  Expr *expr = nullptr;
  /// Function: the binding.
  Binding *binding = nullptr;
  EnvPtr env;
  InstPtr inst;
  std::string prim;

  ~Obj() {
    // A long list would otherwise be freed recursively, one native frame
    // per cell: take over each uniquely owned tail cell's fields instead.
    while (elems.size() == 2 && elems[1].kind == VK::Cons &&
           elems[1].obj.use_count() == 1) {
      ObjPtr next = std::move(elems[1].obj);
      elems = std::move(next->elems);
    }
  }
};

/// Local variables: a persistent chain that closures share. Mutable locals
/// are updated in place; the type checker guarantees no closure reads one.
struct Env {
  VarDecl *var;
  Value value;
  EnvPtr next;
};

inline Value mkUnit() { return Value(); }
inline Value mkBool(bool b) {
  Value v;
  v.kind = VK::Bool;
  v.i = b;
  return v;
}
inline Value mkInt(int32_t n) {
  Value v;
  v.kind = VK::Int;
  v.i = n;
  return v;
}
inline Value mkInt64(int64_t n) {
  Value v;
  v.kind = VK::Int64;
  v.i = n;
  return v;
}
inline Value mkFloat(double d) {
  Value v;
  v.kind = VK::Float;
  v.f = d;
  return v;
}
inline Value mkChar(int64_t c) {
  Value v;
  v.kind = VK::Char;
  v.i = c;
  return v;
}
inline Value mkObj(VK kind, std::vector<Value> elems = {}) {
  Value v;
  v.kind = kind;
  v.obj = std::make_shared<Obj>();
  v.obj->elems = std::move(elems);
  return v;
}
inline Value mkStr(std::string s) {
  Value v = mkObj(VK::Str);
  v.obj->str = std::move(s);
  return v;
}
inline Value mkNil() {
  Value v;
  v.kind = VK::Nil;
  return v;
}
inline Value mkCons(Value h, Value t) {
  return mkObj(VK::Cons, {std::move(h), std::move(t)});
}
inline Value mkNone() {
  Value v;
  v.kind = VK::None;
  return v;
}
inline Value mkSome(Value x) { return mkObj(VK::Some, {std::move(x)}); }

} // namespace interp
} // namespace clef

#endif // CLEF_INTERP_VALUE_H

//===- Interpreter.cpp - Reference semantics of Clef programs -------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Evaluates the type-checked AST directly. Values describe themselves (an
// int knows it is an int32, a union value its declaration and case), so
// only LanguagePrimitives.GenericZero/GenericOne and Array.zeroCreate need
// the concrete types of generic code: the evaluator carries an Instance of
// the generic variables of the function it runs, as the emitter does when
// it monomorphises.
//
// Tail positions (if, match and let bodies, the last statement of a
// sequence, a saturating application) loop instead of recursing, so the
// prelude's tail-recursive list functions run in constant native stack.
// Every other nesting is guarded by a stack limit that ends the run with
// kInterpLimit rather than a crash.
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/Interpreter.h"

#include "frontend-antlr/ASTBuilder.h"
#include "frontend-antlr/Monomorphize.h"
#include "frontend-antlr/TypeCheck.h"

#include "dialects/Clef/FormatString.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/SourceMgr.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <tuple>

using namespace clef;
using namespace clef::ast;

static const char kPrelude[] =
#include "Prelude.inc"
    ;

namespace {

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

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

Value mkUnit() { return Value(); }
Value mkBool(bool b) {
  Value v;
  v.kind = VK::Bool;
  v.i = b;
  return v;
}
Value mkInt(int32_t n) {
  Value v;
  v.kind = VK::Int;
  v.i = n;
  return v;
}
Value mkInt64(int64_t n) {
  Value v;
  v.kind = VK::Int64;
  v.i = n;
  return v;
}
Value mkFloat(double d) {
  Value v;
  v.kind = VK::Float;
  v.f = d;
  return v;
}
Value mkChar(int64_t c) {
  Value v;
  v.kind = VK::Char;
  v.i = c;
  return v;
}
Value mkObj(VK kind, std::vector<Value> elems = {}) {
  Value v;
  v.kind = kind;
  v.obj = std::make_shared<Obj>();
  v.obj->elems = std::move(elems);
  return v;
}
Value mkStr(std::string s) {
  Value v = mkObj(VK::Str);
  v.obj->str = std::move(s);
  return v;
}
Value mkNil() {
  Value v;
  v.kind = VK::Nil;
  return v;
}
Value mkCons(Value h, Value t) {
  return mkObj(VK::Cons, {std::move(h), std::move(t)});
}
Value mkNone() {
  Value v;
  v.kind = VK::None;
  return v;
}
Value mkSome(Value x) { return mkObj(VK::Some, {std::move(x)}); }

/// Thrown to end the run: the program's exit code, messages already
/// printed.
struct ProgramExit {
  int code;
};

/// A call whose body the evaluator loop continues with (tail position).
struct Frame {
  Expr *expr = nullptr;
  EnvPtr env;
  InstPtr inst;
};

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

//===----------------------------------------------------------------------===//
// The evaluator
//===----------------------------------------------------------------------===//

class Interpreter {
public:
  Interpreter(Program &program, TypeContext &types, size_t firstUserDecl,
              const InterpreterOptions &options)
      : program(program), types(types), firstUserDecl(firstUserDecl),
        options(options), emptyInst(std::make_shared<Instance>()) {}

  int run();

private:
  // Control.
  [[noreturn]] void raise(const std::string &exception,
                          const std::string &message);
  [[noreturn]] void unsupported(Loc loc, const std::string &what);
  [[noreturn]] void limit(const std::string &what);
  [[noreturn]] void matchFailure(Loc loc);
  void flushOut();
  void checkStack();

  // Evaluation.
  Value eval(Expr *expr, EnvPtr env, InstPtr inst);
  Value evalVar(Expr &expr, const EnvPtr &env, const InstPtr &inst);
  Value lookup(VarDecl *var, const EnvPtr &env, Loc loc);
  void assign(Expr &expr, const EnvPtr &env, const InstPtr &inst);
  void bindLet(std::vector<std::unique_ptr<Binding>> &bindings, bool isRec,
               EnvPtr &env, const InstPtr &inst);
  Value evalBinOp(Expr &expr, const EnvPtr &env, const InstPtr &inst);
  Value evalField(Expr &expr, const Value &base);
  Value evalRecord(Expr &expr, const EnvPtr &env, const InstPtr &inst);
  void evalLoop(Expr &expr, const EnvPtr &env, const InstPtr &inst);
  InstPtr instanceFor(Expr &use, const InstPtr &current,
                      const InstPtr &enclosing);
  Type *concrete(Type *type, const InstPtr &inst) {
    return TypeContext::prune(concreteType(types, type, *inst));
  }

  // Application.
  Value makeFunction(Binding *binding, EnvPtr env, InstPtr inst);
  Value makePrimitive(Expr &head, const InstPtr &inst);
  bool apply(Value fn, std::vector<Value> &args, Value &result, Frame *tail,
             Loc loc);
  void enter(Obj &closure, std::vector<Value> &args, Frame &frame, Loc loc);
  Value callPrimitive(Obj &closure, std::vector<Value> &args, Loc loc);
  Value construct(Obj &closure, std::vector<Value> &args);

  // Patterns.
  bool match(Pattern &pat, const Value &value, EnvPtr &env);
  void bindVar(VarDecl *var, const Value &value, EnvPtr &env);

  // Structural operations.
  int compare(const Value &a, const Value &b, Loc loc);
  bool equal(const Value &a, const Value &b, Loc loc);
  Value arith(const std::string &op, const Value &a, const Value &b, Loc loc);

  // Formatting.
  std::string format(const std::string &fmt, std::vector<Value> &args,
                     size_t first, Loc loc);
  std::string toStringO(const Value &v, const char *nullText, Loc loc);
  std::string stringOf(const Value &v, Loc loc);
  std::string layoutA(const Value &v, bool nested, int depth, Loc loc);

  Program &program;
  TypeContext &types;
  size_t firstUserDecl;
  const InterpreterOptions &options;
  InstPtr emptyInst;
  llvm::DenseMap<VarDecl *, Value> globals;
  std::map<std::tuple<Expr *, const Instance *, const Instance *>, InstPtr>
      instances;
  std::string out;
  char *stackBase = nullptr;
  uint64_t steps = 0;
};

} // namespace

//===----------------------------------------------------------------------===//
// Control
//===----------------------------------------------------------------------===//

void Interpreter::flushOut() {
  if (!out.empty())
    fwrite(out.data(), 1, out.size(), stdout);
  out.clear();
  fflush(stdout);
}

void Interpreter::raise(const std::string &exception,
                        const std::string &message) {
  flushOut();
  fprintf(stderr, "Unhandled exception. %s: %s\n", exception.c_str(),
          message.c_str());
  throw ProgramExit{1};
}

void Interpreter::unsupported(Loc loc, const std::string &what) {
  flushOut();
  fprintf(stderr, "%s:%u:%u: clef-interp: unsupported: %s\n",
          loc.inPrelude ? "prelude.clef" : options.fileName.c_str(), loc.line,
          loc.col, what.c_str());
  throw ProgramExit{kInterpUnsupported};
}

void Interpreter::limit(const std::string &what) {
  flushOut();
  fprintf(stderr, "clef-interp: %s\n", what.c_str());
  throw ProgramExit{kInterpLimit};
}

void Interpreter::matchFailure(Loc loc) {
  raise("Microsoft.FSharp.Core.MatchFailureException",
        "The match cases were incomplete at " +
            (loc.inPrelude ? std::string("prelude.clef") : options.fileName) +
            ":" + std::to_string(loc.line) + ":" + std::to_string(loc.col));
}

void Interpreter::checkStack() {
  char probe;
  if (stackBase && static_cast<size_t>(stackBase - &probe) > options.stackLimit)
    limit("stack limit exceeded (recursion too deep)");
  if (options.maxSteps && ++steps > options.maxSteps)
    limit("step limit exceeded");
}

int Interpreter::run() {
  char base;
  stackBase = &base;
  int code = 0;
  try {
    for (size_t i = firstUserDecl; i < program.decls.size(); ++i) {
      Decl &decl = program.decls[i];
      switch (decl.kind) {
      case Decl::Let: {
        EnvPtr env;
        bindLet(decl.bindings, decl.isRec, env, emptyInst);
        for (auto &binding : decl.bindings) {
          if (!binding->hasAttribute("EntryPoint") || !binding->var)
            continue;
          Value argv = mkObj(VK::Array);
          for (const std::string &arg : options.args)
            argv.obj->elems.push_back(mkStr(arg));
          std::vector<Value> args{argv};
          Value result;
          Value fn = makeFunction(binding.get(), nullptr, emptyInst);
          apply(fn, args, result, nullptr, binding->loc);
          code = static_cast<int32_t>(result.i);
        }
        break;
      }
      case Decl::Do:
      case Decl::Expr:
        eval(decl.expr.get(), nullptr, emptyInst);
        break;
      default:
        break;
      }
    }
  } catch (ProgramExit &exit) {
    code = exit.code;
  }
  flushOut();
  fflush(stderr);
  return code;
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

Value Interpreter::lookup(VarDecl *var, const EnvPtr &env, Loc loc) {
  for (Env *e = env.get(); e; e = e->next.get())
    if (e->var == var)
      return e->value;
  auto it = globals.find(var);
  if (it != globals.end())
    return it->second;
  unsupported(loc, "'" + var->name + "' has no value here");
}

void Interpreter::bindVar(VarDecl *var, const Value &value, EnvPtr &env) {
  if (!var)
    return;
  if (var->isTopLevel) {
    globals[var] = value;
    return;
  }
  env = std::make_shared<Env>(Env{var, value, env});
}

Value Interpreter::makeFunction(Binding *binding, EnvPtr env, InstPtr inst) {
  Value v = mkObj(VK::Closure);
  v.obj->call = CallKind::Function;
  v.obj->binding = binding;
  v.obj->arity = static_cast<unsigned>(binding->params.size());
  v.obj->env = std::move(env);
  v.obj->inst = std::move(inst);
  return v;
}

InstPtr Interpreter::instanceFor(Expr &use, const InstPtr &current,
                                 const InstPtr &enclosing) {
  VarDecl *var = use.var;
  if (var->generics.empty() && var->genericUnits.empty())
    return enclosing;
  // A recursive use inside its own group is monomorphic: the caller's
  // instance already gives the group's variables.
  if (use.typeArgs.empty() && use.unitArgs.empty())
    return current;
  auto key = std::make_tuple(&use, current.get(), enclosing.get());
  auto it = instances.find(key);
  if (it != instances.end())
    return it->second;
  auto inst = std::make_shared<Instance>(
      makeInstance(var->generics, var->genericUnits, use.typeArgs, use.unitArgs,
                   types, *current));
  for (auto &[k, v] : enclosing->types)
    inst->types.try_emplace(k, v);
  for (auto &[k, v] : enclosing->units)
    inst->units.try_emplace(k, v);
  instances[key] = inst;
  return inst;
}

Value Interpreter::evalVar(Expr &expr, const EnvPtr &env, const InstPtr &inst) {
  if (VarDecl *var = expr.var) {
    if (var->binding && var->binding->isFunction()) {
      if (var->isTopLevel)
        return makeFunction(var->binding, nullptr,
                            instanceFor(expr, inst, emptyInst));
      Value local = lookup(var, env, expr.loc);
      if (local.kind != VK::Closure)
        return local;
      InstPtr chosen = instanceFor(expr, inst, local.obj->inst);
      if (chosen == local.obj->inst)
        return local;
      return makeFunction(var->binding, local.obj->env, chosen);
    }
    return lookup(var, env, expr.loc);
  }
  if (expr.decl) {
    CaseDecl &c = expr.decl->cases[expr.caseIndex];
    Value v = mkObj(c.fieldTypes.empty() ? VK::Union : VK::Closure);
    v.obj->decl = expr.decl;
    v.obj->tag = expr.caseIndex;
    if (!c.fieldTypes.empty()) {
      v.obj->call = CallKind::Ctor;
      v.obj->arity = 1;
    }
    return v;
  }
  if (expr.primitive == "None")
    return mkNone();
  if (expr.primitive == "Some") {
    Value v = mkObj(VK::Closure);
    v.obj->call = CallKind::Ctor;
    v.obj->arity = 1;
    return v;
  }
  if (!expr.primitive.empty())
    return makePrimitive(expr, inst);
  unsupported(expr.loc, "unresolved name '" + expr.name + "'");
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

void Interpreter::bindLet(std::vector<std::unique_ptr<Binding>> &bindings,
                          bool isRec, EnvPtr &env, const InstPtr &inst) {
  if (isRec) {
    // Every function of the group sees every other: their closures share
    // the environment that binds them all.
    std::vector<Env *> nodes;
    for (auto &binding : bindings) {
      if (!binding->var)
        continue;
      if (!binding->isFunction())
        unsupported(binding->loc, "'let rec' of a value");
      if (binding->var->isTopLevel)
        continue;
      env = std::make_shared<Env>(Env{binding->var, Value(), env});
      nodes.push_back(env.get());
    }
    size_t n = 0;
    for (auto &binding : bindings)
      if (binding->var && !binding->var->isTopLevel)
        nodes[n++]->value = makeFunction(binding.get(), env, inst);
    return;
  }
  for (auto &binding : bindings) {
    if (binding->isFunction()) {
      if (binding->var && !binding->var->isTopLevel)
        bindVar(binding->var, makeFunction(binding.get(), env, inst), env);
      continue;
    }
    Value value = eval(binding->body.get(), env, inst);
    if (!match(*binding->pattern, value, env))
      matchFailure(binding->pattern->loc);
  }
}

Value Interpreter::eval(Expr *expr, EnvPtr env, InstPtr inst) {
  checkStack();
  for (;;) {
    Expr &e = *expr;
    switch (e.kind) {
    case ExprKind::Int:
      return mkInt(static_cast<int32_t>(e.intValue));
    case ExprKind::Int64:
      return mkInt64(e.intValue);
    case ExprKind::Float:
      return mkFloat(e.floatValue);
    case ExprKind::Bool:
      return mkBool(e.boolValue);
    case ExprKind::String:
      return mkStr(e.text);
    case ExprKind::Char: {
      const std::string &s = e.text;
      uint32_t cp = static_cast<unsigned char>(s[0]);
      if (cp >= 0xF0 && s.size() >= 4)
        cp = ((cp & 0x07) << 18) | ((s[1] & 0x3F) << 12) |
             ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
      else if (cp >= 0xE0 && s.size() >= 3)
        cp = ((cp & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
      else if (cp >= 0xC0 && s.size() >= 2)
        cp = ((cp & 0x1F) << 6) | (s[1] & 0x3F);
      return mkChar(cp);
    }
    case ExprKind::Unit:
      return mkUnit();
    case ExprKind::Var:
      return evalVar(e, env, inst);
    case ExprKind::App: {
      Expr &head = *e.args[0];
      if (head.kind == ExprKind::Var && head.var && head.var->isTopLevel &&
          head.var->binding && head.var->binding->isFunction() &&
          head.var->binding->params.size() == e.args.size() - 1) {
        // A saturated call of a top-level function: no closure needed.
        Binding &binding = *head.var->binding;
        std::vector<Value> args;
        for (size_t i = 1; i < e.args.size(); ++i)
          args.push_back(eval(e.args[i].get(), env, inst));
        InstPtr callee = instanceFor(head, inst, emptyInst);
        EnvPtr calleeEnv;
        for (size_t i = 0; i < args.size(); ++i)
          if (!match(*binding.params[i], args[i], calleeEnv))
            matchFailure(binding.params[i]->loc);
        expr = binding.body.get();
        env = std::move(calleeEnv);
        inst = std::move(callee);
        checkStack();
        continue;
      }
      Value fn = eval(e.args[0].get(), env, inst);
      std::vector<Value> args;
      for (size_t i = 1; i < e.args.size(); ++i)
        args.push_back(eval(e.args[i].get(), env, inst));
      Value result;
      Frame frame;
      if (!apply(fn, args, result, &frame, e.loc))
        return result;
      expr = frame.expr;
      env = std::move(frame.env);
      inst = std::move(frame.inst);
      checkStack();
      continue;
    }
    case ExprKind::BinOp:
      if (e.name == "&&" || e.name == "||") {
        Value lhs = eval(e.args[0].get(), env, inst);
        if ((e.name == "&&") != (lhs.i != 0))
          return lhs;
        expr = e.args[1].get();
        continue;
      }
      return evalBinOp(e, env, inst);
    case ExprKind::Neg: {
      Value v = eval(e.args[0].get(), env, inst);
      if (v.kind == VK::Int)
        return mkInt(static_cast<int32_t>(0u - static_cast<uint32_t>(v.i)));
      if (v.kind == VK::Int64)
        return mkInt64(static_cast<int64_t>(0ull - static_cast<uint64_t>(v.i)));
      return mkFloat(-v.f);
    }
    case ExprKind::Lambda: {
      Value v = mkObj(VK::Closure);
      v.obj->call = CallKind::Lambda;
      v.obj->expr = &e;
      v.obj->arity = static_cast<unsigned>(e.params.size());
      v.obj->env = env;
      v.obj->inst = inst;
      return v;
    }
    case ExprKind::Let:
      bindLet(e.bindings, e.isRec, env, inst);
      expr = e.args[0].get();
      continue;
    case ExprKind::If: {
      Value cond = eval(e.args[0].get(), env, inst);
      if (cond.i) {
        expr = e.args[1].get();
        continue;
      }
      if (e.args.size() > 2) {
        expr = e.args[2].get();
        continue;
      }
      return mkUnit();
    }
    case ExprKind::Match: {
      Value scrutinee = eval(e.args[0].get(), env, inst);
      Expr *body = nullptr;
      for (MatchCase &mc : e.cases) {
        EnvPtr caseEnv = env;
        if (!match(*mc.pattern, scrutinee, caseEnv))
          continue;
        if (mc.guard && !eval(mc.guard.get(), caseEnv, inst).i)
          continue;
        body = mc.body.get();
        env = std::move(caseEnv);
        break;
      }
      if (!body)
        matchFailure(e.loc);
      expr = body;
      continue;
    }
    case ExprKind::Tuple: {
      std::vector<Value> elems;
      for (auto &arg : e.args)
        elems.push_back(eval(arg.get(), env, inst));
      return mkObj(VK::Tuple, std::move(elems));
    }
    case ExprKind::List: {
      std::vector<Value> elems;
      for (auto &arg : e.args)
        elems.push_back(eval(arg.get(), env, inst));
      Value list = mkNil();
      for (size_t i = elems.size(); i-- > 0;)
        list = mkCons(std::move(elems[i]), std::move(list));
      return list;
    }
    case ExprKind::Array: {
      std::vector<Value> elems;
      for (auto &arg : e.args)
        elems.push_back(eval(arg.get(), env, inst));
      return mkObj(VK::Array, std::move(elems));
    }
    case ExprKind::Range: {
      std::vector<Value> bounds;
      for (auto &arg : e.args)
        bounds.push_back(eval(arg.get(), env, inst));
      int64_t a = bounds[0].i, b = bounds.back().i, step = 1;
      if (bounds.size() == 3) {
        step = bounds[1].i;
        if (step == 0)
          raise("System.ArgumentException", "The step of a range cannot be "
                                            "zero. (Parameter 'step')");
      }
      std::vector<Value> elems;
      for (int64_t i = a; step > 0 ? i <= b : i >= b; i += step) {
        elems.push_back(mkInt(static_cast<int32_t>(i)));
        if (elems.size() > (1u << 26))
          limit("range too long");
      }
      if (e.flag)
        return mkObj(VK::Array, std::move(elems));
      Value list = mkNil();
      for (size_t i = elems.size(); i-- > 0;)
        list = mkCons(std::move(elems[i]), std::move(list));
      return list;
    }
    case ExprKind::Record:
    case ExprKind::RecordUpdate:
      return evalRecord(e, env, inst);
    case ExprKind::Field:
      return evalField(e, eval(e.args[0].get(), env, inst));
    case ExprKind::Index: {
      Value base = eval(e.args[0].get(), env, inst);
      Value index = eval(e.args[1].get(), env, inst);
      if (base.kind == VK::Str) {
        if (index.i < 0 ||
            index.i >= static_cast<int64_t>(base.obj->str.size()))
          raise("System.IndexOutOfRangeException",
                "Index was outside the bounds of the array.");
        return mkChar(static_cast<unsigned char>(base.obj->str[index.i]));
      }
      if (index.i < 0 ||
          index.i >= static_cast<int64_t>(base.obj->elems.size()))
        raise("System.IndexOutOfRangeException",
              "Index was outside the bounds of the array.");
      return base.obj->elems[index.i];
    }
    case ExprKind::Seq:
      for (size_t i = 0; i + 1 < e.args.size(); ++i)
        eval(e.args[i].get(), env, inst);
      expr = e.args.back().get();
      continue;
    case ExprKind::Assign:
      assign(e, env, inst);
      return mkUnit();
    case ExprKind::While:
    case ExprKind::ForTo:
    case ExprKind::ForIn:
      evalLoop(e, env, inst);
      return mkUnit();
    case ExprKind::Typed:
      expr = e.args[0].get();
      continue;
    case ExprKind::Yield: {
      Value v = eval(e.args[0].get(), env, inst);
      if (e.discard)
        return mkUnit();
      if (!e.var)
        unsupported(e.loc, "'yield' outside a list expression");
      for (Env *n = env.get(); n; n = n->next.get())
        if (n->var == e.var) {
          n->value = mkCons(std::move(v), n->value);
          return mkUnit();
        }
      unsupported(e.loc, "'yield' outside its list expression");
    }
    }
    unsupported(e.loc, "expression kind");
  }
}

void Interpreter::assign(Expr &expr, const EnvPtr &env, const InstPtr &inst) {
  Expr &lhs = *expr.args[0];
  if (lhs.kind == ExprKind::Var && lhs.var) {
    Value value = eval(expr.args[1].get(), env, inst);
    for (Env *n = env.get(); n; n = n->next.get())
      if (n->var == lhs.var) {
        n->value = std::move(value);
        return;
      }
    if (lhs.var->isTopLevel) {
      globals[lhs.var] = std::move(value);
      return;
    }
    unsupported(lhs.loc, "assignment to '" + lhs.var->name + "'");
  }
  if (lhs.kind == ExprKind::Field) {
    // The emitter evaluates the value first, then the record.
    Value value = eval(expr.args[1].get(), env, inst);
    Value base = eval(lhs.args[0].get(), env, inst);
    if (base.kind == VK::Ref) {
      base.obj->elems[0] = std::move(value);
      return;
    }
    if (base.kind == VK::Record && !lhs.fieldIndices.empty()) {
      base.obj->elems[lhs.fieldIndices[0]] = std::move(value);
      return;
    }
    unsupported(lhs.loc, "assignment to field '" + lhs.name + "'");
  }
  if (lhs.kind == ExprKind::Index) {
    Value value = eval(expr.args[1].get(), env, inst);
    Value base = eval(lhs.args[0].get(), env, inst);
    Value index = eval(lhs.args[1].get(), env, inst);
    if (base.kind != VK::Array)
      unsupported(lhs.loc, "indexed assignment to a non-array");
    if (index.i < 0 || index.i >= static_cast<int64_t>(base.obj->elems.size()))
      raise("System.IndexOutOfRangeException",
            "Index was outside the bounds of the array.");
    base.obj->elems[index.i] = std::move(value);
    return;
  }
  unsupported(lhs.loc, "assignment");
}

Value Interpreter::evalField(Expr &expr, const Value &base) {
  const std::string &name = expr.name;
  switch (base.kind) {
  case VK::Str:
    if (name == "Length")
      return mkInt(static_cast<int32_t>(base.obj->str.size()));
    break;
  case VK::Array:
    if (name == "Length")
      return mkInt(static_cast<int32_t>(base.obj->elems.size()));
    break;
  case VK::Ref:
    if (name == "Value")
      return base.obj->elems[0];
    break;
  case VK::Some:
  case VK::None:
    if (name == "IsSome" || name == "IsNone")
      return mkBool((base.kind == VK::Some) == (name == "IsSome"));
    if (name == "Value") {
      if (base.kind == VK::None)
        raise("System.NullReferenceException",
              "Object reference not set to an instance of an object.");
      return base.obj->elems[0];
    }
    break;
  case VK::Nil:
  case VK::Cons:
    if (name == "Length") {
      int32_t n = 0;
      for (const Value *v = &base; v->kind == VK::Cons; v = &v->obj->elems[1])
        ++n;
      return mkInt(n);
    }
    if (name == "IsEmpty")
      return mkBool(base.kind == VK::Nil);
    if (base.kind == VK::Nil && (name == "Head" || name == "Tail"))
      raise("System.InvalidOperationException", "The input list was empty.");
    if (name == "Head")
      return base.obj->elems[0];
    if (name == "Tail")
      return base.obj->elems[1];
    break;
  case VK::Record:
    if (!expr.fieldIndices.empty())
      return base.obj->elems[expr.fieldIndices[0]];
    break;
  default:
    break;
  }
  unsupported(expr.loc, "field '" + name + "'");
}

Value Interpreter::evalRecord(Expr &expr, const EnvPtr &env,
                              const InstPtr &inst) {
  TypeDecl *decl = TypeContext::prune(expr.type)->decl;
  if (!decl)
    unsupported(expr.loc, "record of an unresolved type");
  Value v = mkObj(VK::Record);
  v.obj->decl = decl;
  size_t first = expr.kind == ExprKind::RecordUpdate ? 1 : 0;
  if (first) {
    Value base = eval(expr.args[0].get(), env, inst);
    v.obj->elems = base.obj->elems;
  } else {
    v.obj->elems.resize(decl->fields.size());
  }
  // Fields are evaluated in the order written.
  for (size_t i = 0; i < expr.fieldIndices.size(); ++i)
    v.obj->elems[expr.fieldIndices[i]] =
        eval(expr.args[first + i].get(), env, inst);
  return v;
}

void Interpreter::evalLoop(Expr &expr, const EnvPtr &env, const InstPtr &inst) {
  if (expr.kind == ExprKind::While) {
    while (eval(expr.args[0].get(), env, inst).i)
      eval(expr.args[1].get(), env, inst);
    return;
  }
  if (expr.kind == ExprKind::ForTo) {
    int64_t from = eval(expr.args[0].get(), env, inst).i;
    int64_t to = eval(expr.args[1].get(), env, inst).i;
    int64_t step = expr.flag ? -1 : 1;
    for (int64_t i = from; expr.flag ? i >= to : i <= to; i += step) {
      EnvPtr body = env;
      if (!match(*expr.params[0], mkInt(static_cast<int32_t>(i)), body))
        matchFailure(expr.params[0]->loc);
      eval(expr.args[2].get(), body, inst);
    }
    return;
  }
  Value seq = eval(expr.args[0].get(), env, inst);
  auto visit = [&](const Value &element) {
    EnvPtr body = env;
    if (!match(*expr.params[0], element, body))
      matchFailure(expr.params[0]->loc);
    eval(expr.args[1].get(), body, inst);
  };
  if (seq.kind == VK::Str) {
    // Bytes, as the runtime indexes strings.
    std::string s = seq.obj->str;
    for (char c : s)
      visit(mkChar(static_cast<unsigned char>(c)));
    return;
  }
  if (seq.kind == VK::Array) {
    // The length is read once; elements are read as the loop reaches them.
    ObjPtr array = seq.obj;
    size_t n = array->elems.size();
    for (size_t i = 0; i < n; ++i) {
      if (i >= array->elems.size())
        unsupported(expr.loc, "array resized during iteration");
      Value element = array->elems[i];
      visit(element);
    }
    return;
  }
  for (Value cur = seq; cur.kind == VK::Cons;) {
    Value element = cur.obj->elems[0];
    Value next = cur.obj->elems[1];
    visit(element);
    cur = std::move(next);
  }
}

//===----------------------------------------------------------------------===//
// Application
//===----------------------------------------------------------------------===//

void Interpreter::enter(Obj &closure, std::vector<Value> &args, Frame &frame,
                        Loc loc) {
  std::vector<PatternPtr> &params = closure.call == CallKind::Lambda
                                        ? closure.expr->params
                                        : closure.binding->params;
  EnvPtr env = closure.env;
  for (size_t i = 0; i < params.size(); ++i)
    if (!match(*params[i], args[i], env))
      matchFailure(params[i]->loc);
  frame.expr = closure.call == CallKind::Lambda ? closure.expr->args[0].get()
                                                : closure.binding->body.get();
  frame.env = std::move(env);
  frame.inst = closure.inst;
}

bool Interpreter::apply(Value fn, std::vector<Value> &args, Value &result,
                        Frame *tail, Loc loc) {
  for (size_t k = 0; k < args.size(); ++k) {
    if (fn.kind != VK::Closure)
      unsupported(loc, "application of a value that is not a function");
    Obj &closure = *fn.obj;
    std::vector<Value> collected = closure.elems;
    collected.push_back(std::move(args[k]));
    if (collected.size() < closure.arity) {
      Value partial = mkObj(VK::Closure, std::move(collected));
      Obj &p = *partial.obj;
      p.call = closure.call;
      p.arity = closure.arity;
      p.expr = closure.expr;
      p.binding = closure.binding;
      p.env = closure.env;
      p.inst = closure.inst;
      p.prim = closure.prim;
      p.decl = closure.decl;
      p.tag = closure.tag;
      fn = std::move(partial);
      continue;
    }
    if (closure.call == CallKind::Primitive) {
      fn = callPrimitive(closure, collected, loc);
      continue;
    }
    if (closure.call == CallKind::Ctor) {
      fn = construct(closure, collected);
      continue;
    }
    Frame frame;
    enter(closure, collected, frame, loc);
    if (tail && k + 1 == args.size()) {
      *tail = std::move(frame);
      return true;
    }
    fn = eval(frame.expr, std::move(frame.env), std::move(frame.inst));
  }
  result = std::move(fn);
  return false;
}

Value Interpreter::construct(Obj &closure, std::vector<Value> &args) {
  if (!closure.decl)
    return mkSome(args[0]);
  Value v = mkObj(VK::Union);
  v.obj->decl = closure.decl;
  v.obj->tag = closure.tag;
  size_t n = closure.decl->cases[closure.tag].fieldTypes.size();
  if (n == 1)
    v.obj->elems.push_back(args[0]);
  else
    v.obj->elems = args[0].obj->elems;
  return v;
}

//===----------------------------------------------------------------------===//
// Patterns: matched directly against values, in the order written
//===----------------------------------------------------------------------===//

bool Interpreter::match(Pattern &pat, const Value &value, EnvPtr &env) {
  switch (pat.kind) {
  case Pattern::Wild:
  case Pattern::Unit:
    return true;
  case Pattern::Var:
    bindVar(pat.var, value, env);
    return true;
  case Pattern::As:
    if (!match(*pat.args[0], value, env))
      return false;
    bindVar(pat.var, value, env);
    return true;
  case Pattern::Typed:
    return match(*pat.args[0], value, env);
  case Pattern::Lit: {
    EnvPtr none;
    Value lit = eval(pat.literal.get(), none, emptyInst);
    return equal(value, lit, pat.loc);
  }
  case Pattern::Tuple:
    for (size_t i = 0; i < pat.args.size(); ++i)
      if (!match(*pat.args[i], value.obj->elems[i], env))
        return false;
    return true;
  case Pattern::Ctor: {
    if (!pat.decl) {
      bool isSome = value.kind == VK::Some;
      if (isSome != (pat.caseIndex == 1))
        return false;
      return pat.args.empty() || match(*pat.args[0], value.obj->elems[0], env);
    }
    if (value.obj->tag != pat.caseIndex)
      return false;
    if (pat.args.empty())
      return true;
    Pattern &arg = *pat.args[0];
    size_t n = pat.decl->cases[pat.caseIndex].fieldTypes.size();
    if (n == 1)
      return match(arg, value.obj->elems[0], env);
    if (arg.kind == Pattern::Wild)
      return true;
    if (arg.kind != Pattern::Tuple || arg.args.size() != n)
      unsupported(arg.loc, "union case pattern shape");
    for (size_t i = 0; i < n; ++i)
      if (!match(*arg.args[i], value.obj->elems[i], env))
        return false;
    return true;
  }
  case Pattern::Nil:
    return value.kind == VK::Nil;
  case Pattern::Cons:
    if (value.kind != VK::Cons)
      return false;
    return match(*pat.args[0], value.obj->elems[0], env) &&
           match(*pat.args[1], value.obj->elems[1], env);
  case Pattern::List: {
    Value cur = value;
    for (auto &arg : pat.args) {
      if (cur.kind != VK::Cons)
        return false;
      if (!match(*arg, cur.obj->elems[0], env))
        return false;
      Value next = cur.obj->elems[1];
      cur = std::move(next);
    }
    return cur.kind == VK::Nil;
  }
  case Pattern::Record:
    for (size_t i = 0; i < pat.args.size() && i < pat.fieldIndices.size(); ++i)
      if (!match(*pat.args[i], value.obj->elems[pat.fieldIndices[i]], env))
        return false;
    return true;
  case Pattern::Or: {
    EnvPtr left = env;
    if (match(*pat.args[0], value, left)) {
      env = std::move(left);
      return true;
    }
    return match(*pat.args[1], value, env);
  }
  }
  return false;
}

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

Value Interpreter::evalBinOp(Expr &expr, const EnvPtr &env,
                             const InstPtr &inst) {
  const std::string &op = expr.name;
  Value lhs = eval(expr.args[0].get(), env, inst);
  Value rhs = eval(expr.args[1].get(), env, inst);
  Loc loc = expr.loc;
  if ((op == "+" && lhs.kind == VK::Str) || op == "^")
    return mkStr(lhs.obj->str + rhs.obj->str);
  if (op == "::")
    return mkCons(std::move(lhs), std::move(rhs));
  if (op == "@") {
    std::vector<Value> elems;
    for (Value cur = lhs; cur.kind == VK::Cons;) {
      elems.push_back(cur.obj->elems[0]);
      Value next = cur.obj->elems[1];
      cur = std::move(next);
    }
    Value list = rhs;
    for (size_t i = elems.size(); i-- > 0;)
      list = mkCons(std::move(elems[i]), std::move(list));
    return list;
  }
  if (op == "=")
    return mkBool(equal(lhs, rhs, loc));
  if (op == "<>")
    return mkBool(!equal(lhs, rhs, loc));
  if (op == "<" || op == "<=" || op == ">" || op == ">=") {
    // IEEE comparisons on floats: every comparison with NaN is false.
    if (lhs.kind == VK::Float) {
      double x = lhs.f, y = rhs.f;
      return mkBool(op == "<"    ? x < y
                    : op == "<=" ? x <= y
                    : op == ">"  ? x > y
                                 : x >= y);
    }
    int c = compare(lhs, rhs, loc);
    return mkBool(op == "<"    ? c < 0
                  : op == "<=" ? c <= 0
                  : op == ">"  ? c > 0
                               : c >= 0);
  }
  return arith(op, lhs, rhs, loc);
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

//===----------------------------------------------------------------------===//
// Entry point
//===----------------------------------------------------------------------===//

int clef::interpretClef(llvm::SourceMgr &sourceMgr, mlir::MLIRContext *context,
                        const InterpreterOptions &options) {
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  auto fileAttr = mlir::StringAttr::get(context, options.fileName);
  auto preludeAttr = mlir::StringAttr::get(context, "prelude.clef");

  ast::Program program;
  bool ok = parseProgram(
      kPrelude, program,
      [&](ast::Loc at, const std::string &message) {
        mlir::emitError(mlir::FileLineColLoc::get(preludeAttr, at.line, at.col),
                        message);
      },
      /*isPrelude=*/true);
  if (!ok)
    return 1;
  size_t firstUserDecl = program.decls.size();
  ok = parseProgram(buffer->getBuffer(), program,
                    [&](ast::Loc at, const std::string &message) {
                      mlir::emitError(
                          mlir::FileLineColLoc::get(fileAttr, at.line, at.col),
                          message);
                    });
  if (!ok)
    return 1;
  TypeContext types;
  ok = typeCheckProgram(
      program, types, firstUserDecl,
      [&](ast::Loc at, const std::string &message, bool isWarning) {
        auto loc = mlir::FileLineColLoc::get(
            at.inPrelude ? preludeAttr : fileAttr, at.line, at.col);
        if (isWarning && at.inPrelude)
          return;
        if (isWarning)
          mlir::emitWarning(loc, message);
        else
          mlir::emitError(loc, message);
      });
  if (!ok)
    return 1;
  Interpreter interpreter(program, types, firstUserDecl, options);
  return interpreter.run();
}

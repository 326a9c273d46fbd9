//===- Emitter.cpp - Emission of the clef dialect -------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Conventions of the emitted IR:
// - Every `let f a b = ...` with parameters, top-level or local, becomes a
//   `func.func` taking its syntactic parameters uncurried (local functions
//   are lambda-lifted: their captured variables are extra trailing
//   parameters). Saturated calls are `func.call`; anything else builds a
//   curried closure with one parameter per arrow.
// - Generic functions get one `func.func` per instantiation, named
//   `f<int,string>`; generic records and unions one declaration per
//   instantiation, named `Tree<int>`.
// - Every expression has a value: `unit` is `!clef.unit`, so `if` without
//   `else` and loops still produce one.
// - The entry function `clef.entry` runs the top-level bindings in order,
//   storing those that functions read into `clef.global`s.
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/Emitter.h"

#include "frontend-antlr/Monomorphize.h"
#include "frontend-antlr/TypeCheck.h"

#include "dialects/Clef/ClefDialect.h"
#include "dialects/Clef/ClefOps.h"
#include "dialects/Clef/ClefTypes.h"
#include "dialects/Clef/Units.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"

#include <cctype>
#include <cmath>
#include <deque>
#include <functional>
#include <map>

using namespace clef;
using namespace clef::ast;
namespace cl = mlir::clef;
using mlir::Value;

namespace {

struct PendingBody {
  Binding *binding;
  Instance instance;
  mlir::func::FuncOp func;
  std::vector<VarDecl *> captures;
};

class Emitter {
public:
  Emitter(Program &program, TypeContext &types, size_t firstUserDecl,
          mlir::MLIRContext *context, llvm::StringRef fileName)
      : program(program), types(types), firstUserDecl(firstUserDecl),
        context(context), builder(context),
        file(mlir::StringAttr::get(context, fileName)),
        preludeFile(mlir::StringAttr::get(context, "prelude.clef")) {}

  mlir::OwningOpRef<mlir::ModuleOp> run();

private:
  //===--------------------------------------------------------------------===//
  // Helpers
  //===--------------------------------------------------------------------===//

  mlir::Location loc(Loc l) {
    return mlir::FileLineColLoc::get(l.inPrelude ? preludeFile : file, l.line,
                                     l.col);
  }
  void error(Loc l, const std::string &message) {
    if (!failed)
      mlir::emitError(loc(l), message);
    failed = true;
  }
  Type *concrete(Type *type) { return concreteType(types, type, *instance); }
  mlir::Type lower(Type *type);
  mlir::Type lowerOf(Type *type) { return lower(concrete(type)); }
  mlir::FlatSymbolRefAttr declareNamed(Type *type);
  /// Declarations (types, globals) go at the top of the module, in the
  /// order they are first needed.
  void setDeclInsertionPoint() {
    if (lastDecl)
      builder.setInsertionPointAfter(lastDecl);
    else
      builder.setInsertionPointToStart(module.getBody());
  }
  cl::Units units(const Measure &measure);

  Value unitValue(Loc l) {
    return cl::UnitOp::create(builder, loc(l), cl::UnitType::get(context));
  }
  Value constInt(Loc l, int64_t value, unsigned width = 32) {
    mlir::Type t = builder.getIntegerType(width);
    return cl::ConstantOp::create(builder, loc(l), t,
                                  builder.getIntegerAttr(t, value));
  }
  Value constBool(Loc l, bool value) {
    return cl::ConstantOp::create(builder, loc(l), builder.getI1Type(),
                                  builder.getBoolAttr(value));
  }
  /// `scf.if` producing one value from each branch.
  Value emitIf(Loc l, Value cond, mlir::Type type,
               llvm::function_ref<Value()> thenFn,
               llvm::function_ref<Value()> elseFn);
  /// Lazy conjunction: `rhs` is only evaluated when `lhs` holds.
  Value emitAnd(Loc l, Value lhs, llvm::function_ref<Value()> rhs) {
    if (!lhs)
      return rhs();
    return emitIf(l, lhs, builder.getI1Type(), rhs,
                  [&] { return constBool(l, false); });
  }
  /// Converts between float types differing only in their units.
  Value castUnits(Loc l, Value value, mlir::Type to) {
    if (!value || value.getType() == to)
      return value;
    if (cl::getUnits(value.getType()) && cl::getUnits(to))
      return cl::UnitCastOp::create(builder, loc(l), to, value);
    return value;
  }

  //===--------------------------------------------------------------------===//
  // Functions
  //===--------------------------------------------------------------------===//

  void emitEntry();
  mlir::func::FuncOp functionFor(Binding *binding, const Expr *use);
  void emitBody(PendingBody &pending);
  std::vector<VarDecl *> &capturesOf(Binding *binding);
  void collectFree(Expr &expr, llvm::DenseSet<VarDecl *> &declared,
                   std::vector<VarDecl *> &used);
  void collectDeclared(Pattern &pat, llvm::DenseSet<VarDecl *> &declared);
  /// The parameter and result types of `fnType` (concrete), peeling `n`
  /// arrows.
  void splitFunction(Type *fnType, size_t n, std::vector<Type *> &params,
                     Type *&result);
  /// A function value that collects the missing arguments one at a time and
  /// then calls `finish` with all of them.
  Value curry(Loc l, const std::vector<Type *> &params, Type *result,
              std::vector<Value> provided,
              const std::function<Value(std::vector<Value> &)> &finish);
  Value applyClosure(Loc l, Value closure, Value arg);

  //===--------------------------------------------------------------------===//
  // Expressions
  //===--------------------------------------------------------------------===//

  Value emit(Expr &expr);
  Value emitVar(Expr &expr);
  Value emitApp(Expr &expr);
  Value emitCallee(Expr &head, std::vector<Expr *> args, Loc l);
  Value emitPrimitive(const std::string &name, Expr &head,
                      std::vector<Value> &args, Loc l, Type *resultType);
  size_t primitiveArity(const std::string &name, Expr &head);
  Value emitBinOp(Expr &expr);
  Value emitLambda(Expr &expr);
  Value emitLet(Expr &expr);
  void emitBindings(std::vector<std::unique_ptr<Binding>> &bindings,
                    bool topLevel);
  Value emitMatch(Expr &expr);
  Value emitMatchCases(Expr &expr, Value scrutinee, size_t i, mlir::Type type);
  /// Runs of at least this many integer-constant cases become a search.
  static constexpr size_t kMinConstantSwitch = 8;
  Value emitConstantSwitch(Expr &expr, Value scrutinee, size_t first,
                           size_t end, mlir::Type type);
  Value emitLoop(Expr &expr);
  Value emitAssign(Expr &expr);
  Value emitRecord(Expr &expr);
  Value emitConstructor(Expr &head, std::vector<Value> fields, Loc l);
  Value readVar(VarDecl *var, Loc l);

  /// An i1 that holds when `pat` matches `value`, or null if it always does.
  Value emitTest(Pattern &pat, Value value);
  /// Binds the variables of `pat` (which matched) to parts of `value`.
  void bindPattern(Pattern &pat, Value value);
  Value unionField(Loc l, Value value, TypeDecl *decl, unsigned caseIndex,
                   unsigned field, Type *unionType);
  Value emitListFromElements(Loc l, std::vector<Value> elements,
                             mlir::Type listType);
  Value callPrelude(Loc l, const std::string &name, std::vector<Value> args,
                    Type *fnType);

  Program &program;
  TypeContext &types;
  size_t firstUserDecl;
  mlir::MLIRContext *context;
  mlir::OpBuilder builder;
  mlir::StringAttr file;
  mlir::StringAttr preludeFile;
  mlir::ModuleOp module;
  mlir::Operation *lastDecl = nullptr;
  bool failed = false;

  Instance topInstance;
  const Instance *instance = &topInstance;
  llvm::DenseMap<VarDecl *, Value> values;
  llvm::DenseMap<VarDecl *, std::string> globals;
  std::map<std::pair<Binding *, std::string>, mlir::func::FuncOp> functions;
  llvm::StringMap<unsigned> usedNames;
  std::deque<PendingBody> pending;
  std::map<Binding *, std::vector<VarDecl *>> captures;
  std::map<std::string, mlir::FlatSymbolRefAttr> namedDecls;
  /// The function whose body is being emitted, for naming lifted locals.
  std::string currentFunction;
};

} // namespace

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

cl::Units Emitter::units(const Measure &measure) {
  cl::Units result;
  for (auto &[name, exp] : TypeContext::normalize(measure).bases)
    result.setExponent(name, exp);
  return result;
}

mlir::Type Emitter::lower(Type *type) {
  type = TypeContext::prune(type);
  switch (type->kind) {
  case TypeKind::Var:
  case TypeKind::Unit:
    return cl::UnitType::get(context);
  case TypeKind::Int:
    return builder.getI32Type();
  case TypeKind::Int64:
    return builder.getI64Type();
  case TypeKind::Float:
    return cl::getFloatType(context, units(type->measure));
  case TypeKind::Bool:
    return builder.getI1Type();
  case TypeKind::Char:
    return cl::CharType::get(context);
  case TypeKind::String:
    return cl::StringType::get(context);
  case TypeKind::Tuple: {
    llvm::SmallVector<mlir::Type> elements;
    for (Type *arg : type->args)
      elements.push_back(lower(arg));
    return cl::TupleType::get(context, elements);
  }
  case TypeKind::Fun:
    return cl::ClosureType::get(
        context, mlir::FunctionType::get(context, {lower(type->args[0])},
                                         {lower(type->args[1])}));
  case TypeKind::List:
    return cl::ListType::get(context, lower(type->args[0]));
  case TypeKind::Array:
    return cl::ArrayType::get(context, lower(type->args[0]));
  case TypeKind::Option:
    return cl::OptionType::get(context, lower(type->args[0]));
  case TypeKind::Ref:
    return cl::RefType::get(context, lower(type->args[0]));
  case TypeKind::Named: {
    mlir::FlatSymbolRefAttr name = declareNamed(type);
    if (type->decl->kind == TypeDecl::Record)
      return cl::RecordType::get(context, name);
    return cl::UnionType::get(context, name);
  }
  }
  return cl::UnitType::get(context);
}

/// Declares (once) the record or union instance `type` at the top of the
/// module. The name is reserved before the fields are lowered so that
/// recursive types terminate.
mlir::FlatSymbolRefAttr Emitter::declareNamed(Type *type) {
  TypeDecl *decl = type->decl;
  std::string name = types.str(type);
  auto it = namedDecls.find(name);
  if (it != namedDecls.end())
    return it->second;
  auto symbol = mlir::FlatSymbolRefAttr::get(context, name);
  namedDecls[name] = symbol;
  mlir::Location l = loc(decl->loc);
  if (decl->kind == TypeDecl::Record) {
    llvm::SmallVector<mlir::Attribute> names, fieldTypes;
    llvm::SmallVector<bool> mutables;
    for (FieldDecl &field : decl->fields) {
      names.push_back(builder.getStringAttr(field.name));
      Type *ft = types.substitute(field.type, decl->paramVars, type->args);
      fieldTypes.push_back(mlir::TypeAttr::get(lower(ft)));
      mutables.push_back(field.isMutable);
    }
    mlir::OpBuilder::InsertionGuard guard(builder);
    setDeclInsertionPoint();
    lastDecl =
        cl::RecordDeclOp::create(builder, l, name, builder.getArrayAttr(names),
                                 builder.getArrayAttr(fieldTypes), mutables);
  } else {
    llvm::SmallVector<mlir::Attribute> names, caseTypes;
    for (CaseDecl &c : decl->cases) {
      names.push_back(builder.getStringAttr(c.name));
      llvm::SmallVector<mlir::Attribute> fields;
      for (Type *field : c.fieldTypes)
        fields.push_back(mlir::TypeAttr::get(
            lower(types.substitute(field, decl->paramVars, type->args))));
      caseTypes.push_back(builder.getArrayAttr(fields));
    }
    mlir::OpBuilder::InsertionGuard guard(builder);
    setDeclInsertionPoint();
    lastDecl =
        cl::UnionDeclOp::create(builder, l, name, builder.getArrayAttr(names),
                                builder.getArrayAttr(caseTypes));
  }
  return symbol;
}

//===----------------------------------------------------------------------===//
// Module and functions
//===----------------------------------------------------------------------===//

mlir::OwningOpRef<mlir::ModuleOp> Emitter::run() {
  mlir::OwningOpRef<mlir::ModuleOp> owned =
      mlir::ModuleOp::create(loc(Loc{1, 1}));
  module = *owned;
  builder.setInsertionPointToEnd(module.getBody());
  // Non-generic user functions are emitted even when unused, as F# compiles
  // them, in source order; generic instances and the prelude follow the
  // entry function as they are reached.
  for (size_t i = firstUserDecl; i < program.decls.size() && !failed; ++i)
    for (auto &binding : program.decls[i].bindings)
      if (binding->isFunction() && binding->var &&
          binding->var->generics.empty() && binding->var->genericUnits.empty())
        functionFor(binding.get(), nullptr);
  emitEntry();
  while (!pending.empty() && !failed) {
    // First in, first out: functions appear in the order they are reached.
    PendingBody body = std::move(pending.front());
    pending.pop_front();
    emitBody(body);
  }
  if (failed)
    return nullptr;
  return owned;
}

void Emitter::emitEntry() {
  auto fnType = builder.getFunctionType({}, {builder.getI32Type()});
  auto entry =
      mlir::func::FuncOp::create(builder, loc(Loc{1, 1}), "clef.entry", fnType);
  entry->setAttr(cl::ClefDialect::kEntryAttrName, builder.getUnitAttr());
  mlir::OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(entry.addEntryBlock());
  currentFunction = "main";
  Value exitCode;
  for (size_t i = firstUserDecl; i < program.decls.size() && !failed; ++i) {
    Decl &decl = program.decls[i];
    switch (decl.kind) {
    case Decl::Let: {
      emitBindings(decl.bindings, /*topLevel=*/true);
      for (auto &binding : decl.bindings) {
        if (!binding->hasAttribute("EntryPoint") || !binding->var)
          continue;
        mlir::func::FuncOp fn = functionFor(binding.get(), nullptr);
        if (!fn)
          break;
        mlir::Location l = loc(binding->loc);
        Value argv = cl::ArgvOp::create(
            builder, l,
            cl::ArrayType::get(context, cl::StringType::get(context)), Value());
        exitCode =
            mlir::func::CallOp::create(builder, l, fn, mlir::ValueRange{argv})
                .getResult(0);
      }
      break;
    }
    case Decl::Do:
    case Decl::Expr:
      emit(*decl.expr);
      break;
    default:
      break;
    }
  }
  if (failed)
    return;
  if (!exitCode)
    exitCode = constInt(Loc{1, 1}, 0);
  mlir::func::ReturnOp::create(builder, exitCode.getLoc(), exitCode);
}

/// The `func.func` for one instance of a function binding, declared now and
/// filled in later from the worklist.
mlir::func::FuncOp Emitter::functionFor(Binding *binding, const Expr *use) {
  VarDecl *var = binding->var;
  Instance inst;
  if (use && use->typeArgs.empty() && use->unitArgs.empty()) {
    // A recursive use inside its own group is monomorphic: the same
    // instance as the caller's.
    for (Type *g : var->generics)
      inst.types[g] = concrete(g);
    for (UnitVar *u : var->genericUnits) {
      auto it = instance->units.find(u);
      if (it != instance->units.end())
        inst.units[u] = it->second;
    }
  } else if (use) {
    inst = makeInstance(var->generics, var->genericUnits, use->typeArgs,
                        use->unitArgs, types, *instance);
  }
  // A local function inside a generic function also depends on the
  // enclosing instance.
  if (!var->isTopLevel)
    for (auto &[k, v] : instance->types)
      inst.types.try_emplace(k, v);
  if (!var->isTopLevel)
    for (auto &[k, v] : instance->units)
      inst.units.try_emplace(k, v);
  std::string key = instanceKey(types, var->generics, var->genericUnits, inst);
  if (!var->isTopLevel) {
    // Distinguish the enclosing instances too.
    for (auto &[k, v] : instance->types)
      key += ";" + types.str(v);
  }
  auto found = functions.find({binding, key});
  if (found != functions.end())
    return found->second;

  std::string name = binding->name;
  // The prelude's `List_map` is `List.map` to the program.
  if (binding->loc.inPrelude) {
    size_t underscore = name.find('_');
    if (underscore != std::string::npos && std::isupper(name[0]))
      name[underscore] = '.';
  }
  if (!var->isTopLevel)
    name = currentFunction + "." + name;
  if (!var->generics.empty() || !var->genericUnits.empty())
    name +=
        "<" + instanceKey(types, var->generics, var->genericUnits, inst) + ">";
  if (unsigned n = usedNames[name]++)
    name += "." + std::to_string(n);

  // Parameters: the syntactic ones, then captured variables.
  const Instance *saved = instance;
  instance = &inst;
  std::vector<Type *> params;
  Type *result;
  splitFunction(concrete(var->type), binding->params.size(), params, result);
  llvm::SmallVector<mlir::Type> inputs;
  for (Type *p : params)
    inputs.push_back(lower(p));
  std::vector<VarDecl *> caps;
  if (!var->isTopLevel) {
    caps = capturesOf(binding);
    for (VarDecl *cap : caps) {
      auto it = values.find(cap);
      inputs.push_back(it != values.end() ? it->second.getType()
                                          : lowerOf(cap->type));
    }
  }
  mlir::Type resultType = lower(result);
  instance = saved;

  mlir::OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(module.getBody());
  auto fn =
      mlir::func::FuncOp::create(builder, loc(binding->nameLoc), name,
                                 builder.getFunctionType(inputs, {resultType}));
  if (var->isTopLevel && !binding->loc.inPrelude &&
      !binding->hasAttribute("EntryPoint") && var->generics.empty() &&
      var->genericUnits.empty())
    fn.setPublic();
  else
    fn.setPrivate();
  functions[{binding, key}] = fn;
  pending.push_back({binding, std::move(inst), fn, caps});
  return fn;
}

void Emitter::emitBody(PendingBody &body) {
  Binding &binding = *body.binding;
  const Instance *saved = instance;
  instance = &body.instance;
  std::string savedName = currentFunction;
  currentFunction = body.func.getSymName().str();
  mlir::OpBuilder::InsertionGuard guard(builder);
  mlir::Block *block = body.func.addEntryBlock();
  builder.setInsertionPointToStart(block);
  size_t n = binding.params.size();
  for (size_t i = 0; i < body.captures.size(); ++i)
    values[body.captures[i]] = block->getArgument(n + i);
  for (size_t i = 0; i < n; ++i)
    bindPattern(*binding.params[i], block->getArgument(i));
  Value result = emit(*binding.body);
  if (!failed) {
    mlir::Type expected = body.func.getFunctionType().getResult(0);
    result = castUnits(binding.body->loc, result, expected);
    mlir::func::ReturnOp::create(builder, loc(binding.body->loc), result);
  }
  currentFunction = savedName;
  instance = saved;
}

void Emitter::splitFunction(Type *fnType, size_t n, std::vector<Type *> &params,
                            Type *&result) {
  result = TypeContext::prune(fnType);
  for (size_t i = 0; i < n && result->kind == TypeKind::Fun; ++i) {
    params.push_back(result->args[0]);
    result = TypeContext::prune(result->args[1]);
  }
}

Value Emitter::applyClosure(Loc l, Value closure, Value arg) {
  auto closureType = mlir::dyn_cast<cl::ClosureType>(closure.getType());
  if (!closureType) {
    error(l, "internal error: applying a value that is not a function");
    return Value();
  }
  arg = castUnits(l, arg, closureType.getSignature().getInput(0));
  return cl::ApplyOp::create(builder, loc(l),
                             closureType.getSignature().getResult(0), closure,
                             mlir::ValueRange{arg});
}

Value Emitter::curry(Loc l, const std::vector<Type *> &params, Type *result,
                     std::vector<Value> provided,
                     const std::function<Value(std::vector<Value> &)> &finish) {
  size_t done = provided.size();
  if (done == params.size())
    return finish(provided);
  Type *rest = result;
  for (size_t i = params.size(); i-- > done + 1;)
    rest = types.getFun(params[i], rest);
  mlir::Type paramType = lower(params[done]);
  mlir::Type restType = lower(rest);
  auto closureType = cl::ClosureType::get(
      context, mlir::FunctionType::get(context, {paramType}, {restType}));
  auto lambda = cl::LambdaOp::create(builder, loc(l), closureType, Value());
  mlir::OpBuilder::InsertionGuard guard(builder);
  mlir::Block *block = builder.createBlock(&lambda.getBody());
  block->addArgument(paramType, loc(l));
  provided.push_back(block->getArgument(0));
  Value inner = curry(l, params, result, std::move(provided), finish);
  if (inner) {
    inner = castUnits(l, inner, restType);
    cl::YieldOp::create(builder, loc(l), inner);
  }
  return lambda;
}

//===----------------------------------------------------------------------===//
// Captures of local functions
//===----------------------------------------------------------------------===//

void Emitter::collectDeclared(Pattern &pat,
                              llvm::DenseSet<VarDecl *> &declared) {
  if (pat.var)
    declared.insert(pat.var);
  for (auto &arg : pat.args)
    collectDeclared(*arg, declared);
}

void Emitter::collectFree(Expr &expr, llvm::DenseSet<VarDecl *> &declared,
                          std::vector<VarDecl *> &used) {
  if (expr.kind == ExprKind::Var && expr.var && !expr.var->isTopLevel)
    used.push_back(expr.var);
  for (auto &param : expr.params)
    collectDeclared(*param, declared);
  if (expr.loopVar)
    declared.insert(expr.loopVar);
  for (auto &binding : expr.bindings) {
    if (binding->var)
      declared.insert(binding->var);
    if (binding->pattern)
      collectDeclared(*binding->pattern, declared);
    for (auto &param : binding->params)
      collectDeclared(*param, declared);
    collectFree(*binding->body, declared, used);
  }
  for (MatchCase &mc : expr.cases) {
    collectDeclared(*mc.pattern, declared);
    if (mc.guard)
      collectFree(*mc.guard, declared, used);
    collectFree(*mc.body, declared, used);
  }
  for (auto &arg : expr.args)
    collectFree(*arg, declared, used);
}

/// The local variables a local function reads from its surroundings,
/// including those of the local functions it calls (which it must pass on).
std::vector<VarDecl *> &Emitter::capturesOf(Binding *binding) {
  auto it = captures.find(binding);
  if (it != captures.end())
    return it->second;
  std::vector<VarDecl *> &result = captures[binding];
  llvm::DenseSet<VarDecl *> declared;
  declared.insert(binding->var);
  for (auto &param : binding->params)
    collectDeclared(*param, declared);
  std::vector<VarDecl *> used;
  collectFree(*binding->body, declared, used);
  llvm::DenseSet<VarDecl *> seen;
  for (VarDecl *var : used) {
    if (declared.contains(var) || !seen.insert(var).second)
      continue;
    if (var->binding && var->binding->isFunction() && !var->isTopLevel) {
      // Calling a sibling local function: its captures become ours.
      // Recursion through the map entry terminates (it exists, possibly
      // partial, for functions being computed).
      for (VarDecl *inner : capturesOf(var->binding))
        if (!declared.contains(inner) && seen.insert(inner).second)
          result.push_back(inner);
      continue;
    }
    result.push_back(var);
  }
  return captures[binding];
}

//===----------------------------------------------------------------------===//
// Bindings
//===----------------------------------------------------------------------===//

void Emitter::emitBindings(std::vector<std::unique_ptr<Binding>> &bindings,
                           bool topLevel) {
  for (auto &binding : bindings) {
    if (failed)
      return;
    if (binding->isFunction())
      continue; // Emitted on demand.
    Value value = emit(*binding->body);
    if (!value)
      return;
    if (binding->returnType)
      value =
          castUnits(binding->body->loc, value, lowerOf(binding->body->type));
    if (binding->isMutable && binding->var) {
      VarDecl *var = binding->var;
      if (topLevel && var->needsGlobal) {
        bindPattern(*binding->pattern, value);
        continue;
      }
      values[var] = cl::LocalNewOp::create(
          builder, loc(binding->loc),
          cl::LocalType::get(context, value.getType()), value);
      continue;
    }
    bindPattern(*binding->pattern, value);
  }
}

Value Emitter::readVar(VarDecl *var, Loc l) {
  auto g = globals.find(var);
  if (g != globals.end())
    return cl::GlobalLoadOp::create(builder, loc(l), lowerOf(var->type),
                                    g->second);
  auto it = values.find(var);
  if (it == values.end()) {
    error(l, "internal error: '" + var->name + "' has no value here");
    return Value();
  }
  Value v = it->second;
  if (auto local = mlir::dyn_cast<cl::LocalType>(v.getType()))
    if (var->isMutable)
      return cl::LocalGetOp::create(builder, loc(l), local.getElementType(), v);
  return v;
}

void Emitter::bindPattern(Pattern &pat, Value value) {
  if (!value)
    return;
  Loc l = pat.loc;
  switch (pat.kind) {
  case Pattern::Var:
  case Pattern::As: {
    if (pat.kind == Pattern::As)
      bindPattern(*pat.args[0], value);
    VarDecl *var = pat.var;
    if (!var)
      return;
    if (var->isTopLevel && var->needsGlobal) {
      std::string name = var->name;
      if (unsigned n = usedNames[name]++)
        name += "." + std::to_string(n);
      {
        mlir::OpBuilder::InsertionGuard guard(builder);
        setDeclInsertionPoint();
        lastDecl = cl::GlobalOp::create(builder, loc(l), name, value.getType());
      }
      cl::GlobalStoreOp::create(builder, loc(l), name, value);
      globals[var] = name;
      return;
    }
    values[var] = value;
    return;
  }
  case Pattern::Typed:
    bindPattern(*pat.args[0], value);
    return;
  case Pattern::Tuple: {
    auto tupleType = mlir::dyn_cast<cl::TupleType>(value.getType());
    if (!tupleType)
      return;
    for (size_t i = 0; i < pat.args.size(); ++i)
      bindPattern(*pat.args[i], cl::TupleGetOp::create(
                                    builder, loc(pat.args[i]->loc),
                                    tupleType.getElementTypes()[i], value, i));
    return;
  }
  case Pattern::Ctor: {
    if (pat.args.empty())
      return;
    if (!pat.decl) {
      auto optionType = mlir::cast<cl::OptionType>(value.getType());
      bindPattern(*pat.args[0],
                  cl::OptionValueOp::create(
                      builder, loc(l), optionType.getElementType(), value));
      return;
    }
    Type *unionType = concrete(pat.type);
    size_t count = pat.decl->cases[pat.caseIndex].fieldTypes.size();
    Pattern &arg = *pat.args[0];
    if (count == 1) {
      bindPattern(arg,
                  unionField(l, value, pat.decl, pat.caseIndex, 0, unionType));
      return;
    }
    if (arg.kind != Pattern::Tuple)
      return;
    for (size_t i = 0; i < count; ++i)
      bindPattern(*arg.args[i], unionField(arg.args[i]->loc, value, pat.decl,
                                           pat.caseIndex, i, unionType));
    return;
  }
  case Pattern::Cons: {
    auto listType = mlir::cast<cl::ListType>(value.getType());
    bindPattern(*pat.args[0],
                cl::ListHeadOp::create(builder, loc(l),
                                       listType.getElementType(), value));
    bindPattern(*pat.args[1],
                cl::ListTailOp::create(builder, loc(l), listType, value));
    return;
  }
  case Pattern::List: {
    auto listType = mlir::cast<cl::ListType>(value.getType());
    Value rest = value;
    for (auto &arg : pat.args) {
      bindPattern(*arg,
                  cl::ListHeadOp::create(builder, loc(arg->loc),
                                         listType.getElementType(), rest));
      rest = cl::ListTailOp::create(builder, loc(arg->loc), listType, rest);
    }
    return;
  }
  case Pattern::Record: {
    TypeDecl *decl = TypeContext::prune(pat.type)->decl;
    Type *record = concrete(pat.type);
    for (size_t i = 0; i < pat.args.size() && i < pat.fieldIndices.size();
         ++i) {
      FieldDecl &field = decl->fields[pat.fieldIndices[i]];
      mlir::Type ft =
          lower(types.substitute(field.type, decl->paramVars, record->args));
      bindPattern(*pat.args[i],
                  cl::RecordGetOp::create(builder, loc(pat.args[i]->loc), ft,
                                          value, field.name));
    }
    return;
  }
  case Pattern::Or:
    // Both sides bind the same variables; bind from whichever matched.
    {
      // Collect the variables and select each from the matching side.
      llvm::DenseSet<VarDecl *> vars;
      collectDeclared(*pat.args[0], vars);
      std::vector<VarDecl *> ordered(vars.begin(), vars.end());
      if (ordered.empty())
        return;
      Value leftMatches = emitTest(*pat.args[0], value);
      if (!leftMatches) {
        bindPattern(*pat.args[0], value);
        return;
      }
      llvm::SmallVector<mlir::Type> resultTypes;
      for (VarDecl *var : ordered)
        resultTypes.push_back(lowerOf(var->type));
      auto ifOp = mlir::scf::IfOp::create(builder, loc(l), resultTypes,
                                          leftMatches, true);
      {
        mlir::OpBuilder::InsertionGuard guard(builder);
        for (int side = 0; side < 2; ++side) {
          builder.setInsertionPointToStart(side == 0
                                               ? &ifOp.getThenRegion().front()
                                               : &ifOp.getElseRegion().front());
          bindPattern(*pat.args[side], value);
          llvm::SmallVector<Value> results;
          for (VarDecl *var : ordered)
            results.push_back(values.lookup(var));
          mlir::scf::YieldOp::create(builder, loc(l), results);
        }
      }
      for (size_t i = 0; i < ordered.size(); ++i)
        values[ordered[i]] = ifOp.getResult(i);
      return;
    }
  default:
    return;
  }
}

Value Emitter::unionField(Loc l, Value value, TypeDecl *decl,
                          unsigned caseIndex, unsigned field, Type *unionType) {
  Type *named = TypeContext::prune(unionType);
  Type *ft = types.substitute(decl->cases[caseIndex].fieldTypes[field],
                              decl->paramVars, named->args);
  return cl::UnionFieldOp::create(builder, loc(l), lower(ft), value,
                                  decl->cases[caseIndex].name, field);
}

//===----------------------------------------------------------------------===//
// Pattern tests
//===----------------------------------------------------------------------===//

/// Whether `pat` matches every value of its type.
static bool isIrrefutable(const Pattern &pat) {
  switch (pat.kind) {
  case Pattern::Wild:
  case Pattern::Var:
  case Pattern::Unit:
    return true;
  case Pattern::As:
  case Pattern::Typed:
  case Pattern::Tuple:
  case Pattern::Record:
    for (auto &arg : pat.args)
      if (!isIrrefutable(*arg))
        return false;
    return true;
  case Pattern::Ctor:
    // Single-case unions.
    return pat.decl && pat.decl->cases.size() == 1 &&
           (pat.args.empty() || isIrrefutable(*pat.args[0]));
  default:
    return false;
  }
}

Value Emitter::emitTest(Pattern &pat, Value value) {
  Loc l = pat.loc;
  if (isIrrefutable(pat))
    return Value();
  auto conj = [&](Value a, Value b) -> Value {
    if (!a)
      return b;
    if (!b)
      return a;
    return mlir::arith::AndIOp::create(builder, loc(l), a, b);
  };
  switch (pat.kind) {
  case Pattern::Wild:
  case Pattern::Var:
  case Pattern::Unit:
    return Value();
  case Pattern::As:
  case Pattern::Typed:
    return emitTest(*pat.args[0], value);
  case Pattern::Lit: {
    Value lit = castUnits(l, emit(*pat.literal), value.getType());
    return cl::CmpOp::create(builder, loc(l), builder.getI1Type(),
                             cl::CmpPredicate::eq, value, lit);
  }
  case Pattern::Tuple: {
    auto tupleType = mlir::cast<cl::TupleType>(value.getType());
    Value result;
    for (size_t i = 0; i < pat.args.size(); ++i) {
      Value element = cl::TupleGetOp::create(
          builder, loc(l), tupleType.getElementTypes()[i], value, i);
      result = conj(result, emitTest(*pat.args[i], element));
    }
    return result;
  }
  case Pattern::Record: {
    Value result;
    TypeDecl *decl = TypeContext::prune(pat.type)->decl;
    Type *record = concrete(pat.type);
    for (size_t i = 0; i < pat.args.size() && i < pat.fieldIndices.size();
         ++i) {
      FieldDecl &field = decl->fields[pat.fieldIndices[i]];
      mlir::Type ft =
          lower(types.substitute(field.type, decl->paramVars, record->args));
      Value v = cl::RecordGetOp::create(builder, loc(l), ft, value, field.name);
      result = conj(result, emitTest(*pat.args[i], v));
    }
    return result;
  }
  case Pattern::Or: {
    Value a = emitTest(*pat.args[0], value);
    Value b = emitTest(*pat.args[1], value);
    if (!a || !b)
      return Value();
    return mlir::arith::OrIOp::create(builder, loc(l), a, b);
  }
  case Pattern::Ctor: {
    Value isCase;
    if (!pat.decl) {
      Value isSome = cl::OptionIsSomeOp::create(builder, loc(l),
                                                builder.getI1Type(), value);
      if (pat.caseIndex == 1) {
        isCase = isSome;
      } else {
        isCase =
            cl::NotOp::create(builder, loc(l), builder.getI1Type(), isSome);
      }
    } else {
      Value tag =
          cl::UnionTagOp::create(builder, loc(l), builder.getI32Type(), value);
      if (pat.decl->cases.size() == 1)
        isCase = Value();
      else
        isCase = mlir::arith::CmpIOp::create(builder, loc(l),
                                             mlir::arith::CmpIPredicate::eq,
                                             tag, constInt(l, pat.caseIndex));
    }
    if (pat.args.empty() || isIrrefutable(*pat.args[0]))
      return isCase;
    // Fields are only read once the case is known.
    return emitAnd(l, isCase, [&]() -> Value {
      Value sub;
      if (!pat.decl) {
        auto optionType = mlir::cast<cl::OptionType>(value.getType());
        Value inner = cl::OptionValueOp::create(
            builder, loc(l), optionType.getElementType(), value);
        sub = emitTest(*pat.args[0], inner);
      } else {
        Type *unionType = concrete(pat.type);
        size_t count = pat.decl->cases[pat.caseIndex].fieldTypes.size();
        Pattern &arg = *pat.args[0];
        if (count == 1) {
          sub = emitTest(
              arg, unionField(l, value, pat.decl, pat.caseIndex, 0, unionType));
        } else if (arg.kind == Pattern::Tuple) {
          for (size_t i = 0; i < count; ++i)
            sub = conj(sub, emitTest(*arg.args[i],
                                     unionField(l, value, pat.decl,
                                                pat.caseIndex, i, unionType)));
        }
      }
      return sub ? sub : constBool(l, true);
    });
  }
  case Pattern::Nil:
    return cl::ListIsNilOp::create(builder, loc(l), builder.getI1Type(), value);
  case Pattern::Cons:
  case Pattern::List: {
    auto listType = mlir::cast<cl::ListType>(value.getType());
    // `[a; b]` is `a :: b :: []`.
    std::function<Value(size_t, Value)> testFrom = [&](size_t i,
                                                       Value list) -> Value {
      bool isCons = pat.kind == Pattern::Cons;
      if (!isCons && i == pat.args.size())
        return cl::ListIsNilOp::create(builder, loc(l), builder.getI1Type(),
                                       list);
      Value isNil =
          cl::ListIsNilOp::create(builder, loc(l), builder.getI1Type(), list);
      Value nonEmpty =
          cl::NotOp::create(builder, loc(l), builder.getI1Type(), isNil);
      if (isCons && isIrrefutable(*pat.args[0]) && isIrrefutable(*pat.args[1]))
        return nonEmpty;
      return emitAnd(l, nonEmpty, [&]() -> Value {
        Value head = cl::ListHeadOp::create(builder, loc(l),
                                            listType.getElementType(), list);
        Value tail = cl::ListTailOp::create(builder, loc(l), listType, list);
        Value headTest = emitTest(*pat.args[isCons ? 0 : i], head);
        Value tailTest =
            isCons ? emitTest(*pat.args[1], tail) : testFrom(i + 1, tail);
        Value both = conj(headTest, tailTest);
        return both ? both : constBool(l, true);
      });
    };
    return testFrom(0, value);
  }
  }
  return Value();
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

Value Emitter::emitIf(Loc l, Value cond, mlir::Type type,
                      llvm::function_ref<Value()> thenFn,
                      llvm::function_ref<Value()> elseFn) {
  auto ifOp = mlir::scf::IfOp::create(builder, loc(l), mlir::TypeRange{type},
                                      cond, /*withElseRegion=*/true);
  mlir::OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(&ifOp.getThenRegion().front());
  Value a = castUnits(l, thenFn(), type);
  if (!a)
    return Value();
  mlir::scf::YieldOp::create(builder, loc(l), a);
  builder.setInsertionPointToStart(&ifOp.getElseRegion().front());
  Value b = castUnits(l, elseFn(), type);
  if (!b)
    return Value();
  mlir::scf::YieldOp::create(builder, loc(l), b);
  return ifOp.getResult(0);
}

Value Emitter::emit(Expr &expr) {
  if (failed)
    return Value();
  Loc l = expr.loc;
  switch (expr.kind) {
  case ExprKind::Int:
    return constInt(l, expr.intValue);
  case ExprKind::Int64:
    return constInt(l, expr.intValue, 64);
  case ExprKind::Float: {
    Value v = cl::ConstantOp::create(builder, loc(l), builder.getF64Type(),
                                     builder.getF64FloatAttr(expr.floatValue));
    return castUnits(l, v, lowerOf(expr.type));
  }
  case ExprKind::Bool:
    return constBool(l, expr.boolValue);
  case ExprKind::String:
    return cl::StringOp::create(builder, loc(l), cl::StringType::get(context),
                                expr.text);
  case ExprKind::Char: {
    // Decode one UTF-8 code point.
    const std::string &s = expr.text;
    uint32_t cp = static_cast<unsigned char>(s[0]);
    if (cp >= 0xF0 && s.size() >= 4)
      cp = ((cp & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) |
           (s[3] & 0x3F);
    else if (cp >= 0xE0 && s.size() >= 3)
      cp = ((cp & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    else if (cp >= 0xC0 && s.size() >= 2)
      cp = ((cp & 0x1F) << 6) | (s[1] & 0x3F);
    return cl::CharOp::create(builder, loc(l), cl::CharType::get(context), cp);
  }
  case ExprKind::Unit:
    return unitValue(l);
  case ExprKind::Var:
    return emitVar(expr);
  case ExprKind::App:
    return emitApp(expr);
  case ExprKind::BinOp:
    return emitBinOp(expr);
  case ExprKind::Neg: {
    Value v = emit(*expr.args[0]);
    if (!v)
      return v;
    return cl::NegOp::create(builder, loc(l), v.getType(), v);
  }
  case ExprKind::Lambda:
    return emitLambda(expr);
  case ExprKind::Let:
    return emitLet(expr);
  case ExprKind::If: {
    Value cond = emit(*expr.args[0]);
    if (!cond)
      return cond;
    mlir::Type type = lowerOf(expr.type);
    return emitIf(
        l, cond, type, [&] { return emit(*expr.args[1]); },
        [&] {
          return expr.args.size() > 2 ? emit(*expr.args[2]) : unitValue(l);
        });
  }
  case ExprKind::Match:
    return emitMatch(expr);
  case ExprKind::Tuple: {
    llvm::SmallVector<Value> elements;
    for (auto &arg : expr.args) {
      Value v = emit(*arg);
      if (!v)
        return v;
      elements.push_back(castUnits(arg->loc, v, lowerOf(arg->type)));
    }
    return cl::TupleOp::create(builder, loc(l), lowerOf(expr.type), elements,
                               Value());
  }
  case ExprKind::List: {
    std::vector<Value> elements;
    auto listType = mlir::cast<cl::ListType>(lowerOf(expr.type));
    for (auto &arg : expr.args) {
      Value v = emit(*arg);
      if (!v)
        return v;
      elements.push_back(castUnits(arg->loc, v, listType.getElementType()));
    }
    return emitListFromElements(l, elements, listType);
  }
  case ExprKind::Array: {
    llvm::SmallVector<Value> elements;
    auto arrayType = mlir::cast<cl::ArrayType>(lowerOf(expr.type));
    for (auto &arg : expr.args) {
      Value v = emit(*arg);
      if (!v)
        return v;
      elements.push_back(castUnits(arg->loc, v, arrayType.getElementType()));
    }
    return cl::ArrayLitOp::create(builder, loc(l), arrayType, elements,
                                  Value());
  }
  case ExprKind::Range: {
    std::vector<Value> bounds;
    for (auto &bound : expr.args) {
      bounds.push_back(emit(*bound));
      if (!bounds.back())
        return Value();
    }
    Type *intType = types.getInt();
    Type *fnType = types.getList(intType);
    for (size_t i = 0; i < bounds.size(); ++i)
      fnType = types.getFun(intType, fnType);
    Value list =
        callPrelude(l, bounds.size() == 2 ? "List_range" : "List_rangeStep",
                    bounds, fnType);
    if (!expr.flag || !list)
      return list;
    return callPrelude(l, "List_toArray", {list},
                       types.getFun(types.getList(types.getInt()),
                                    types.getArray(types.getInt())));
  }
  case ExprKind::Record:
  case ExprKind::RecordUpdate:
    return emitRecord(expr);
  case ExprKind::Field: {
    Value base = emit(*expr.args[0]);
    if (!base)
      return base;
    mlir::Type baseType = base.getType();
    mlir::Type resultType = lowerOf(expr.type);
    if (expr.name == "Length" && mlir::isa<cl::StringType>(baseType))
      return cl::StringLengthOp::create(builder, loc(l), builder.getI32Type(),
                                        base);
    if (expr.name == "Length" && mlir::isa<cl::ArrayType>(baseType))
      return cl::ArrayLengthOp::create(builder, loc(l), builder.getI32Type(),
                                       base);
    if (expr.name == "Value" && mlir::isa<cl::RefType>(baseType))
      return cl::RefGetOp::create(builder, loc(l), resultType, base);
    if (expr.name == "Value" && mlir::isa<cl::OptionType>(baseType))
      return cl::OptionValueOp::create(builder, loc(l), resultType, base);
    if (mlir::isa<cl::OptionType>(baseType) &&
        (expr.name == "IsSome" || expr.name == "IsNone")) {
      Value isSome = cl::OptionIsSomeOp::create(builder, loc(l),
                                                builder.getI1Type(), base);
      if (expr.name == "IsSome")
        return isSome;
      return cl::NotOp::create(builder, loc(l), builder.getI1Type(), isSome);
    }
    if (mlir::isa<cl::ListType>(baseType) && expr.name == "Length") {
      Type *listType = concrete(expr.args[0]->type);
      return callPrelude(l, "List_length", {base},
                         types.getFun(listType, types.getInt()));
    }
    if (auto listType = mlir::dyn_cast<cl::ListType>(baseType)) {
      if (expr.name == "Head")
        return cl::ListHeadOp::create(builder, loc(l), resultType, base);
      if (expr.name == "Tail")
        return cl::ListTailOp::create(builder, loc(l), listType, base);
      if (expr.name == "IsEmpty")
        return cl::ListIsNilOp::create(builder, loc(l), builder.getI1Type(),
                                       base);
    }
    if (expr.fieldIndices.empty()) {
      error(l, "internal error: unresolved field '" + expr.name + "'");
      return Value();
    }
    return cl::RecordGetOp::create(builder, loc(l), resultType, base,
                                   expr.name);
  }
  case ExprKind::Index: {
    Value base = emit(*expr.args[0]);
    Value index = emit(*expr.args[1]);
    if (!base || !index)
      return Value();
    if (mlir::isa<cl::StringType>(base.getType()))
      return cl::StringGetOp::create(builder, loc(l),
                                     cl::CharType::get(context), base, index);
    return cl::ArrayGetOp::create(builder, loc(l), lowerOf(expr.type), base,
                                  index);
  }
  case ExprKind::Seq: {
    Value last;
    for (auto &arg : expr.args) {
      last = emit(*arg);
      if (!last)
        return last;
    }
    return last;
  }
  case ExprKind::Assign:
    return emitAssign(expr);
  case ExprKind::While:
  case ExprKind::ForTo:
  case ExprKind::ForIn:
    return emitLoop(expr);
  case ExprKind::Typed:
    return castUnits(l, emit(*expr.args[0]), lowerOf(expr.type));
  case ExprKind::Yield: {
    Value value = emit(*expr.args[0]);
    if (!value || expr.discard)
      return value ? unitValue(l) : value;
    Value local = values.lookup(expr.var);
    auto localType = mlir::dyn_cast_or_null<cl::LocalType>(
        local ? local.getType() : mlir::Type());
    if (!localType) {
      error(l, "internal error: 'yield' outside its list expression");
      return Value();
    }
    auto listType = mlir::cast<cl::ListType>(localType.getElementType());
    Value elements = cl::LocalGetOp::create(builder, loc(l), listType, local);
    Value cons = cl::ConsOp::create(
        builder, loc(l), listType,
        castUnits(l, value, listType.getElementType()), elements, Value());
    cl::LocalSetOp::create(builder, loc(l), local, cons);
    return unitValue(l);
  }
  }
  return Value();
}

Value Emitter::emitListFromElements(Loc l, std::vector<Value> elements,
                                    mlir::Type listType) {
  Value list = cl::NilOp::create(builder, loc(l), listType);
  for (size_t i = elements.size(); i-- > 0;)
    list = cl::ConsOp::create(builder, loc(l), listType, elements[i], list,
                              Value());
  return list;
}

/// Calls a prelude function by name with a known (concrete) type.
Value Emitter::callPrelude(Loc l, const std::string &name,
                           std::vector<Value> args, Type *fnType) {
  for (size_t i = 0; i < firstUserDecl; ++i)
    for (auto &binding : program.decls[i].bindings)
      if (binding->name == name && binding->var) {
        Expr use;
        use.kind = ExprKind::Var;
        use.loc = l;
        // Instantiate the binding's generics by unifying a copy of its type
        // with the requested one.
        std::vector<Type *> typeArgs;
        std::vector<UnitVar *> unitArgs;
        Type *inst =
            types.instantiate(binding->var->type, 0, binding->var->generics,
                              binding->var->genericUnits, typeArgs, unitArgs);
        types.unify(inst, fnType);
        use.typeArgs = typeArgs;
        use.unitArgs = unitArgs;
        mlir::func::FuncOp fn = functionFor(binding.get(), &use);
        for (size_t j = 0; j < args.size(); ++j)
          args[j] = castUnits(l, args[j], fn.getFunctionType().getInput(j));
        return mlir::func::CallOp::create(builder, loc(l), fn, args)
            .getResult(0);
      }
  error(l, "internal error: prelude function '" + name + "' is missing");
  return Value();
}

Value Emitter::emitVar(Expr &expr) {
  Loc l = expr.loc;
  if (expr.var) {
    VarDecl *var = expr.var;
    if (var->binding && var->binding->isFunction()) {
      std::vector<Expr *> none;
      return emitCallee(expr, none, l);
    }
    return readVar(var, l);
  }
  if (expr.decl || expr.primitive == "None" || expr.primitive == "Some" ||
      !expr.primitive.empty()) {
    std::vector<Expr *> none;
    return emitCallee(expr, none, l);
  }
  error(l, "internal error: unresolved name '" + expr.name + "'");
  return Value();
}

Value Emitter::emitApp(Expr &expr) {
  Expr &head = *expr.args[0];
  std::vector<Expr *> args;
  for (size_t i = 1; i < expr.args.size(); ++i)
    args.push_back(expr.args[i].get());
  return emitCallee(head, args, expr.loc);
}

/// Applies `head` to `args`: a direct call when `head` is a known function
/// with enough arguments, a curried closure when there are too few, and
/// closure application otherwise.
Value Emitter::emitCallee(Expr &head, std::vector<Expr *> args, Loc l) {
  // Known functions, primitives and constructors take their arguments
  // uncurried; count how many they need.
  size_t arity = 0;
  enum { Closure, Function, Primitive, Constructor } kind = Closure;
  Binding *binding = nullptr;
  if (head.kind == ExprKind::Var && head.var && head.var->binding &&
      head.var->binding->isFunction()) {
    kind = Function;
    binding = head.var->binding;
    arity = binding->params.size();
  } else if (head.kind == ExprKind::Var && !head.var && head.decl) {
    kind = Constructor;
    arity = head.decl->cases[head.caseIndex].fieldTypes.empty() ? 0 : 1;
  } else if (head.kind == ExprKind::Var && !head.var &&
             (head.primitive == "Some" || head.primitive == "None")) {
    kind = Constructor;
    arity = head.primitive == "Some" ? 1 : 0;
  } else if (head.kind == ExprKind::Var && !head.var &&
             !head.primitive.empty()) {
    kind = Primitive;
    arity = primitiveArity(head.primitive, head);
  }

  if (kind == Primitive && arity == 0) {
    // Generic constants: zero or one of the instance's numeric type.
    mlir::Type type = lowerOf(head.type);
    double value = head.primitive == "nan"        ? std::nan("")
                   : head.primitive == "infinity" ? HUGE_VAL
                   : head.primitive == "LanguagePrimitives.GenericOne" ? 1
                                                                       : 0;
    Value constant;
    if (mlir::isa<mlir::IntegerType>(type))
      constant = constInt(l, static_cast<int64_t>(value),
                          type.getIntOrFloatBitWidth());
    else
      constant = castUnits(
          l,
          cl::ConstantOp::create(builder, loc(l), builder.getF64Type(),
                                 builder.getF64FloatAttr(value)),
          type);
    for (Expr *arg : args) {
      Value v = emit(*arg);
      if (!v || !constant)
        return Value();
      constant = applyClosure(arg->loc, constant, v);
    }
    return constant;
  }

  if (kind == Closure) {
    Value fn = emit(head);
    for (Expr *arg : args) {
      if (!fn)
        return fn;
      Value v = emit(*arg);
      if (!v)
        return v;
      fn = applyClosure(arg->loc, fn, v);
    }
    return fn;
  }

  // The head's type, concrete, gives the parameter types.
  Type *headType = concrete(head.type);
  std::vector<Type *> params;
  Type *result;
  splitFunction(headType, arity, params, result);

  std::vector<Value> provided;
  size_t direct = std::min(arity, args.size());
  for (size_t i = 0; i < direct; ++i) {
    Value v = emit(*args[i]);
    if (!v)
      return v;
    provided.push_back(castUnits(args[i]->loc, v, lower(params[i])));
  }

  std::function<Value(std::vector<Value> &)> finish;
  if (kind == Function) {
    mlir::func::FuncOp fn = functionFor(binding, &head);
    if (!fn)
      return Value();
    std::vector<Value> caps;
    if (!head.var->isTopLevel)
      for (VarDecl *cap : capturesOf(binding))
        caps.push_back(readVar(cap, l));
    finish = [this, fn, caps, l](std::vector<Value> &all) mutable -> Value {
      llvm::SmallVector<Value> operands;
      auto inputs = fn.getFunctionType().getInputs();
      for (size_t i = 0; i < all.size(); ++i)
        operands.push_back(castUnits(l, all[i], inputs[i]));
      // Captures are read at the call site, which dominates lambdas built
      // for partial applications.
      operands.append(caps.begin(), caps.end());
      return mlir::func::CallOp::create(builder, loc(l), fn, operands)
          .getResult(0);
    };
    // A saturated-by-zero reference to a one-parameter top-level function
    // is a plain function value.
    if (arity == 1 && args.empty() && caps.empty() && head.var->isTopLevel) {
      auto closureType = lower(headType);
      return cl::FuncRefOp::create(builder, loc(l), closureType,
                                   fn.getSymName());
    }
  } else if (kind == Constructor) {
    finish = [this, &head, l](std::vector<Value> &all) -> Value {
      return emitConstructor(head, all, l);
    };
  } else {
    std::string name = head.primitive;
    finish = [this, name, &head, l, result](std::vector<Value> &all) -> Value {
      return emitPrimitive(name, head, all, l, result);
    };
  }

  Value value;
  if (provided.size() == arity)
    value = finish(provided);
  else
    value = curry(l, params, result, provided, finish);
  for (size_t i = direct; i < args.size(); ++i) {
    if (!value)
      return value;
    Value v = emit(*args[i]);
    if (!v)
      return v;
    value = applyClosure(args[i]->loc, value, v);
  }
  return value;
}

Value Emitter::emitConstructor(Expr &head, std::vector<Value> fields, Loc l) {
  if (!head.decl) {
    Type *option = concrete(head.type);
    if (head.primitive == "Some")
      option = TypeContext::prune(option)->args[1];
    auto optionType = mlir::cast<cl::OptionType>(lower(option));
    if (head.primitive == "None")
      return cl::NoneOp::create(builder, loc(l), optionType);
    Value v = castUnits(l, fields[0], optionType.getElementType());
    return cl::SomeOp::create(builder, loc(l), optionType, v);
  }
  Type *unionType = concrete(head.type);
  CaseDecl &c = head.decl->cases[head.caseIndex];
  if (!c.fieldTypes.empty())
    unionType = TypeContext::prune(unionType)->args[1];
  mlir::Type lowered = lower(unionType);
  llvm::SmallVector<Value> operands;
  if (c.fieldTypes.size() == 1) {
    operands.push_back(fields[0]);
  } else if (c.fieldTypes.size() > 1) {
    // The argument is one tuple; spread it.
    auto tupleType = mlir::cast<cl::TupleType>(fields[0].getType());
    for (size_t i = 0; i < c.fieldTypes.size(); ++i) {
      Value element = fields[0];
      if (auto tuple = element.getDefiningOp<cl::TupleOp>())
        operands.push_back(tuple.getElements()[i]);
      else
        operands.push_back(cl::TupleGetOp::create(
            builder, loc(l), tupleType.getElementTypes()[i], element, i));
    }
    if (auto tuple = fields[0].getDefiningOp<cl::TupleOp>())
      if (tuple->use_empty())
        tuple->erase();
  }
  Type *named = TypeContext::prune(unionType);
  for (size_t i = 0; i < operands.size(); ++i) {
    Type *ft =
        types.substitute(c.fieldTypes[i], head.decl->paramVars, named->args);
    operands[i] = castUnits(l, operands[i], lower(ft));
  }
  return cl::UnionNewOp::create(builder, loc(l), lowered, c.name, operands,
                                Value());
}

size_t Emitter::primitiveArity(const std::string &name, Expr &head) {
  if (name == "printf" || name == "printfn" || name == "eprintf" ||
      name == "eprintfn" || name == "sprintf" || name == "failwithf") {
    // The format string plus one argument per conversion.
    size_t n = 0;
    Type *t = TypeContext::prune(head.type);
    while (t->kind == TypeKind::Fun) {
      ++n;
      t = TypeContext::prune(t->args[1]);
    }
    return n;
  }
  if (name == "LanguagePrimitives.GenericZero" ||
      name == "LanguagePrimitives.GenericOne" || name == "nan" ||
      name == "infinity")
    return 0;
  if (name == "min" || name == "max" || name == "atan2" ||
      name == "invalidArg" || name == "compare" || name == "Array.create")
    return 2;
  return 1;
}

Value Emitter::emitPrimitive(const std::string &name, Expr &head,
                             std::vector<Value> &args, Loc l,
                             Type *resultType) {
  mlir::Location ml = loc(l);
  mlir::Type result = lower(resultType);
  if (name == "printf" || name == "printfn" || name == "eprintf" ||
      name == "eprintfn" || name == "sprintf" || name == "failwithf") {
    // The format string is the literal the type checker saw.
    std::string text;
    if (auto str = args[0].getDefiningOp<cl::StringOp>())
      text = str.getValue().str();
    llvm::SmallVector<Value> rest(args.begin() + 1, args.end());
    if (name == "sprintf" || name == "failwithf") {
      Value s = cl::SprintfOp::create(builder, ml, cl::StringType::get(context),
                                      text, rest, Value());
      if (name == "sprintf")
        return s;
      return cl::FailwithOp::create(builder, ml, result, s);
    }
    bool newline = name == "printfn" || name == "eprintfn";
    bool toStderr = name == "eprintf" || name == "eprintfn";
    cl::PrintfOp::create(builder, ml, text, rest, newline, toStderr);
    if (auto str = args[0].getDefiningOp<cl::StringOp>())
      if (str->use_empty())
        str->erase();
    return unitValue(l);
  }
  Value a = args[0];
  mlir::Type at = a.getType();
  if (name == "failwith")
    return cl::FailwithOp::create(builder, ml, result, a);
  if (name == "invalidArg") {
    // .NET's ArgumentException message names the parameter.
    mlir::Type str = cl::StringType::get(context);
    Value open = cl::StringOp::create(builder, ml, str, " (Parameter '");
    Value close = cl::StringOp::create(builder, ml, str, "')");
    Value msg =
        cl::StringConcatOp::create(builder, ml, str, args[1], open, Value());
    msg = cl::StringConcatOp::create(builder, ml, str, msg, a, Value());
    msg = cl::StringConcatOp::create(builder, ml, str, msg, close, Value());
    return cl::InvalidArgOp::create(builder, ml, result, msg);
  }
  if (name == "exit")
    return cl::ExitOp::create(builder, ml, result, a);
  if (name == "ignore")
    return unitValue(l);
  if (name == "id")
    return a;
  if (name == "not")
    return cl::NotOp::create(builder, ml, builder.getI1Type(), a);
  if (name == "int" || name == "int64" || name == "float" || name == "char") {
    if (at == result)
      return a;
    if (auto u = cl::getUnits(at))
      if (mlir::isa<mlir::FloatType>(result) ||
          mlir::isa<cl::MeasureType>(result))
        return cl::UnitCastOp::create(builder, ml, result, a);
    if (mlir::isa<cl::MeasureType>(at))
      a = cl::UnitCastOp::create(builder, ml, builder.getF64Type(), a);
    if (mlir::isa<cl::StringType>(a.getType())) {
      if (cl::getUnits(result))
        return cl::UnitCastOp::create(
            builder, ml, result,
            cl::ParseOp::create(builder, ml, builder.getF64Type(), a));
      return cl::ParseOp::create(builder, ml, result, a);
    }
    return cl::ConvertOp::create(builder, ml, result, a);
  }
  if (name == "string") {
    if (mlir::isa<cl::StringType>(at))
      return a;
    if (at.isInteger(1) || at.isInteger(32) || at.isInteger(64) ||
        mlir::isa<mlir::FloatType>(at) || mlir::isa<cl::MeasureType>(at) ||
        mlir::isa<cl::CharType>(at))
      return cl::ToStringOp::create(builder, ml, result, a, Value());
    // `string x` is x.ToString(), which is what %O prints: "Some(1)",
    // "[1; 2]", "System.Int32[]".
    return cl::SprintfOp::create(builder, ml, result, "%O", mlir::ValueRange{a},
                                 Value());
  }
  if (name == "hash")
    return cl::HashOp::create(builder, ml, builder.getI32Type(), a);
  if (name == "fst" || name == "snd") {
    auto tupleType = mlir::cast<cl::TupleType>(at);
    unsigned index = name == "fst" ? 0 : 1;
    return cl::TupleGetOp::create(builder, ml,
                                  tupleType.getElementTypes()[index], a, index);
  }
  if (name == "ref")
    return cl::RefNewOp::create(builder, ml, result, a, Value());
  if (name == "incr" || name == "decr") {
    Value v = cl::RefGetOp::create(builder, ml, builder.getI32Type(), a);
    Value one = constInt(l, 1);
    Value n = name == "incr"
                  ? Value(cl::AddOp::create(builder, ml, v.getType(), v, one))
                  : Value(cl::SubOp::create(builder, ml, v.getType(), v, one));
    cl::RefSetOp::create(builder, ml, a, n);
    return unitValue(l);
  }
  if (name == "abs" && (at.isInteger(32) || at.isInteger(64))) {
    Value zero = constInt(l, 0, at.getIntOrFloatBitWidth());
    Value neg = cl::CmpOp::create(builder, ml, builder.getI1Type(),
                                  cl::CmpPredicate::lt, a, zero);
    Value negated = cl::NegOp::create(builder, ml, at, a);
    return mlir::arith::SelectOp::create(builder, ml, neg, negated, a);
  }
  if (name == "min" || name == "max" || name == "compare") {
    Value b = castUnits(l, args[1], at);
    if (name == "compare") {
      Value lt = cl::CmpOp::create(builder, ml, builder.getI1Type(),
                                   cl::CmpPredicate::lt, a, b);
      Value gt = cl::CmpOp::create(builder, ml, builder.getI1Type(),
                                   cl::CmpPredicate::gt, a, b);
      Value m1 = constInt(l, -1), p1 = constInt(l, 1), z = constInt(l, 0);
      Value g = mlir::arith::SelectOp::create(builder, ml, gt, p1, z);
      return mlir::arith::SelectOp::create(builder, ml, lt, m1, g);
    }
    Value lt = cl::CmpOp::create(builder, ml, builder.getI1Type(),
                                 cl::CmpPredicate::lt, a, b);
    Value r = name == "min"
                  ? mlir::arith::SelectOp::create(builder, ml, lt, a, b)
                  : mlir::arith::SelectOp::create(builder, ml, lt, b, a);
    if (!mlir::isa<mlir::FloatType>(at) && !cl::getUnits(at))
      return r;
    // On floats these are Math.Min/Math.Max: a NaN operand gives NaN.
    Value aNaN = cl::CmpOp::create(builder, ml, builder.getI1Type(),
                                   cl::CmpPredicate::ne, a, a);
    Value bNaN = cl::CmpOp::create(builder, ml, builder.getI1Type(),
                                   cl::CmpPredicate::ne, b, b);
    r = mlir::arith::SelectOp::create(builder, ml, bNaN, b, r);
    return mlir::arith::SelectOp::create(builder, ml, aNaN, a, r);
  }
  if (name == "sign") {
    Value zero;
    if (mlir::isa<mlir::IntegerType>(at))
      zero = constInt(l, 0, at.getIntOrFloatBitWidth());
    else
      zero = castUnits(l,
                       cl::ConstantOp::create(builder, ml, builder.getF64Type(),
                                              builder.getF64FloatAttr(0)),
                       at);
    Value lt = cl::CmpOp::create(builder, ml, builder.getI1Type(),
                                 cl::CmpPredicate::lt, a, zero);
    Value gt = cl::CmpOp::create(builder, ml, builder.getI1Type(),
                                 cl::CmpPredicate::gt, a, zero);
    Value m1 = constInt(l, -1), p1 = constInt(l, 1), z = constInt(l, 0);
    Value g = mlir::arith::SelectOp::create(builder, ml, gt, p1, z);
    return mlir::arith::SelectOp::create(builder, ml, lt, m1, g);
  }
  if (name == "atan2")
    return cl::Atan2Op::create(builder, ml, builder.getF64Type(), a,
                               castUnits(l, args[1], at));
  if (name == "truncate") {
    Value i = cl::ConvertOp::create(builder, ml, builder.getI64Type(), a);
    return cl::ConvertOp::create(builder, ml, builder.getF64Type(), i);
  }
  if (name == "Array.zeroCreate" || name == "Array.create") {
    auto arrayType = mlir::cast<cl::ArrayType>(result);
    Value init;
    if (name == "Array.create") {
      init = castUnits(l, args[1], arrayType.getElementType());
    } else {
      mlir::Type element = arrayType.getElementType();
      if (mlir::isa<mlir::IntegerType>(element))
        init = constInt(l, 0, element.getIntOrFloatBitWidth());
      else if (cl::getUnits(element))
        init =
            castUnits(l,
                      cl::ConstantOp::create(builder, ml, builder.getF64Type(),
                                             builder.getF64FloatAttr(0)),
                      element);
      else if (mlir::isa<cl::UnitType>(element))
        init = unitValue(l);
      else if (mlir::isa<cl::CharType>(element))
        init = cl::CharOp::create(builder, ml, element, 0u);
      else if (mlir::isa<cl::StringType>(element))
        init = cl::StringOp::create(builder, ml, element, "");
      else {
        error(l, "Array.zeroCreate of this element type is not supported; "
                 "use Array.create");
        return Value();
      }
    }
    return cl::ArrayCreateOp::create(builder, ml, arrayType, a, init, Value());
  }
  if (name == "Array.length")
    return cl::ArrayLengthOp::create(builder, ml, builder.getI32Type(), a);
  if (name == "String.length")
    return cl::StringLengthOp::create(builder, ml, builder.getI32Type(), a);
  if (name == "List.isEmpty")
    return cl::ListIsNilOp::create(builder, ml, builder.getI1Type(), a);
  if (name == "Option.isSome" || name == "Option.isNone") {
    Value s = cl::OptionIsSomeOp::create(builder, ml, builder.getI1Type(), a);
    if (name == "Option.isSome")
      return s;
    return cl::NotOp::create(builder, ml, builder.getI1Type(), s);
  }
  if (name == "Array.copy")
    return callPrelude(
        l, "Array_copy", {a},
        types.getFun(concrete(TypeContext::prune(head.type)->args[0]),
                     resultType));
  // Math functions on floats keep the argument's units, except sqrt.
  auto fn = cl::symbolizeMathFn(name == "abs" ? "abs" : name);
  if (!fn) {
    error(l, "'" + name + "' is not supported here");
    return Value();
  }
  return cl::MathOp::create(builder, ml, result, *fn, a);
}

Value Emitter::emitBinOp(Expr &expr) {
  const std::string &op = expr.name;
  Loc l = expr.loc;
  mlir::Location ml = loc(l);
  if (op == "&&" || op == "||") {
    Value lhs = emit(*expr.args[0]);
    if (!lhs)
      return lhs;
    if (op == "&&")
      return emitIf(
          l, lhs, builder.getI1Type(), [&] { return emit(*expr.args[1]); },
          [&] { return constBool(l, false); });
    return emitIf(
        l, lhs, builder.getI1Type(), [&] { return constBool(l, true); },
        [&] { return emit(*expr.args[1]); });
  }
  Value lhs = emit(*expr.args[0]);
  Value rhs = emit(*expr.args[1]);
  if (!lhs || !rhs)
    return Value();
  mlir::Type result = lowerOf(expr.type);
  if (op == "+" && mlir::isa<cl::StringType>(lhs.getType()))
    return cl::StringConcatOp::create(builder, ml, result, lhs, rhs, Value());
  if (op == "^")
    return cl::StringConcatOp::create(builder, ml, result, lhs, rhs, Value());
  if (op == "+" || op == "-" || op == "%") {
    rhs = castUnits(l, rhs, lhs.getType());
    if (op == "+")
      return cl::AddOp::create(builder, ml, lhs.getType(), lhs, rhs);
    if (op == "-")
      return cl::SubOp::create(builder, ml, lhs.getType(), lhs, rhs);
    return cl::RemOp::create(builder, ml, lhs.getType(), lhs, rhs);
  }
  if (op == "*")
    return cl::MulOp::create(builder, ml, result, lhs, rhs);
  if (op == "/")
    return cl::DivOp::create(builder, ml, result, lhs, rhs);
  if (op == "**") {
    return cl::PowOp::create(builder, ml, builder.getF64Type(), lhs, rhs);
  }
  if (op == "::") {
    auto listType = mlir::cast<cl::ListType>(result);
    return cl::ConsOp::create(builder, ml, listType,
                              castUnits(l, lhs, listType.getElementType()), rhs,
                              Value());
  }
  if (op == "@")
    return callPrelude(
        l, "List_append", {lhs, rhs},
        types.getFun(concrete(expr.type),
                     types.getFun(concrete(expr.type), concrete(expr.type))));
  auto pred = llvm::StringSwitch<std::optional<cl::CmpPredicate>>(op)
                  .Case("=", cl::CmpPredicate::eq)
                  .Case("<>", cl::CmpPredicate::ne)
                  .Case("<", cl::CmpPredicate::lt)
                  .Case("<=", cl::CmpPredicate::le)
                  .Case(">", cl::CmpPredicate::gt)
                  .Case(">=", cl::CmpPredicate::ge)
                  .Default(std::nullopt);
  if (!pred) {
    error(l, "internal error: operator '" + op + "'");
    return Value();
  }
  rhs = castUnits(l, rhs, lhs.getType());
  return cl::CmpOp::create(builder, ml, builder.getI1Type(), *pred, lhs, rhs);
}

Value Emitter::emitLambda(Expr &expr) {
  Loc l = expr.loc;
  Type *fnType = concrete(expr.type);
  std::vector<Type *> params;
  Type *result;
  splitFunction(fnType, expr.params.size(), params, result);
  std::function<Value(std::vector<Value> &)> finish =
      [&](std::vector<Value> &all) -> Value {
    for (size_t i = 0; i < all.size(); ++i)
      bindPattern(*expr.params[i], all[i]);
    return emit(*expr.args[0]);
  };
  return curry(l, params, result, {}, finish);
}

Value Emitter::emitLet(Expr &expr) {
  emitBindings(expr.bindings, /*topLevel=*/false);
  if (failed)
    return Value();
  return emit(*expr.args[0]);
}

Value Emitter::emitMatch(Expr &expr) {
  Value scrutinee = emit(*expr.args[0]);
  if (!scrutinee)
    return scrutinee;
  scrutinee =
      castUnits(expr.args[0]->loc, scrutinee, lowerOf(expr.args[0]->type));
  return emitMatchCases(expr, scrutinee, 0, lowerOf(expr.type));
}

/// The integer an unguarded case's pattern is, if it is an integer literal.
static std::optional<int64_t> constantCase(const MatchCase &mc) {
  if (mc.guard || mc.pattern->kind != Pattern::Lit || !mc.pattern->literal)
    return std::nullopt;
  const Expr &lit = *mc.pattern->literal;
  if (lit.kind != ExprKind::Int && lit.kind != ExprKind::Int64)
    return std::nullopt;
  return lit.intValue;
}

/// Cases are tried in order: each test (with its guard) selects its body or
/// falls through to the next case; the last falls through to a match
/// failure. Every case's code appears once.
Value Emitter::emitMatchCases(Expr &expr, Value scrutinee, size_t i,
                              mlir::Type type) {
  Loc l = expr.loc;
  if (i == expr.cases.size())
    return cl::MatchFailureOp::create(builder, loc(l), type);
  // A long run of integer constants is a search, not a chain of tests: a
  // chain nests one `scf.if` per case, which every later pass recurses
  // through.
  size_t end = i;
  while (end < expr.cases.size() && constantCase(expr.cases[end]))
    ++end;
  if (end - i >= kMinConstantSwitch)
    return emitConstantSwitch(expr, scrutinee, i, end, type);
  MatchCase &mc = expr.cases[i];
  Value test = emitTest(*mc.pattern, scrutinee);
  if (mc.guard) {
    test = emitAnd(mc.loc, test, [&]() -> Value {
      bindPattern(*mc.pattern, scrutinee);
      return emit(*mc.guard);
    });
  }
  auto body = [&]() -> Value {
    bindPattern(*mc.pattern, scrutinee);
    return emit(*mc.body);
  };
  if (!test)
    return body();
  return emitIf(mc.loc, test, type, body,
                [&] { return emitMatchCases(expr, scrutinee, i + 1, type); });
}

/// Cases [first, end) test the scrutinee against integer constants: a
/// binary search over the sorted constants finds the position of the first
/// case that matches (or `end - first` for none), with `scf.if`s nested
/// log2(cases) deep, and a balanced tree of tests on that position selects
/// the case's body, or falls through to the cases after `end`. Every body is
/// emitted once; duplicated constants keep their first case, as the order
/// of the cases says.
Value Emitter::emitConstantSwitch(Expr &expr, Value scrutinee, size_t first,
                                  size_t end, mlir::Type type) {
  Loc l = expr.loc;
  unsigned width = scrutinee.getType().getIntOrFloatBitWidth();
  std::vector<std::pair<int64_t, int64_t>> keys; // (constant, position)
  for (size_t c = first; c < end; ++c)
    keys.emplace_back(*constantCase(expr.cases[c]), c - first);
  // By constant, then position: the first case of a constant comes first.
  llvm::sort(keys);
  keys.erase(std::unique(keys.begin(), keys.end(),
                         [](auto &a, auto &b) { return a.first == b.first; }),
             keys.end());
  int64_t none = end - first;
  auto i32 = builder.getI32Type();
  std::function<Value(size_t, size_t)> search = [&](size_t lo,
                                                    size_t hi) -> Value {
    if (hi - lo == 1) {
      Value eq = cl::CmpOp::create(builder, loc(l), builder.getI1Type(),
                                   cl::CmpPredicate::eq, scrutinee,
                                   constInt(l, keys[lo].first, width));
      return mlir::arith::SelectOp::create(
          builder, loc(l), eq, constInt(l, keys[lo].second), constInt(l, none));
    }
    size_t mid = lo + (hi - lo) / 2;
    Value lt = cl::CmpOp::create(builder, loc(l), builder.getI1Type(),
                                 cl::CmpPredicate::lt, scrutinee,
                                 constInt(l, keys[mid].first, width));
    return emitIf(
        l, lt, i32, [&] { return search(lo, mid); },
        [&] { return search(mid, hi); });
  };
  Value position = search(0, keys.size());
  if (!position)
    return position;
  // Positions 0 .. none - 1 are the cases' bodies, `none` the fall-through.
  std::function<Value(int64_t, int64_t)> select = [&](int64_t lo,
                                                      int64_t hi) -> Value {
    if (hi - lo == 1) {
      if (lo == none)
        return emitMatchCases(expr, scrutinee, end, type);
      MatchCase &mc = expr.cases[first + lo];
      bindPattern(*mc.pattern, scrutinee);
      return emit(*mc.body);
    }
    int64_t mid = lo + (hi - lo) / 2;
    Value lt =
        cl::CmpOp::create(builder, loc(l), builder.getI1Type(),
                          cl::CmpPredicate::lt, position, constInt(l, mid));
    return emitIf(
        l, lt, type, [&] { return select(lo, mid); },
        [&] { return select(mid, hi); });
  };
  return select(0, none + 1);
}

Value Emitter::emitRecord(Expr &expr) {
  Loc l = expr.loc;
  Type *record = concrete(expr.type);
  TypeDecl *decl = TypeContext::prune(record)->decl;
  mlir::Type lowered = lower(record);
  std::vector<Value> fields(decl->fields.size());
  size_t first = expr.kind == ExprKind::RecordUpdate ? 1 : 0;
  Value base;
  if (first) {
    base = emit(*expr.args[0]);
    if (!base)
      return base;
  }
  // Fields are evaluated in the order written.
  for (size_t i = 0; i < expr.fieldIndices.size(); ++i) {
    Value v = emit(*expr.args[first + i]);
    if (!v)
      return v;
    fields[expr.fieldIndices[i]] = v;
  }
  llvm::SmallVector<Value> operands;
  for (size_t i = 0; i < fields.size(); ++i) {
    mlir::Type ft =
        lower(types.substitute(decl->fields[i].type, decl->paramVars,
                               TypeContext::prune(record)->args));
    Value v = fields[i];
    if (!v)
      v = cl::RecordGetOp::create(builder, loc(l), ft, base,
                                  decl->fields[i].name);
    operands.push_back(castUnits(l, v, ft));
  }
  return cl::RecordNewOp::create(builder, loc(l), lowered, operands, Value());
}

Value Emitter::emitAssign(Expr &expr) {
  Loc l = expr.loc;
  Expr &lhs = *expr.args[0];
  Value value = emit(*expr.args[1]);
  if (!value)
    return value;
  if (lhs.kind == ExprKind::Var && lhs.var) {
    auto g = globals.find(lhs.var);
    if (g != globals.end()) {
      value = castUnits(l, value, lowerOf(lhs.var->type));
      cl::GlobalStoreOp::create(builder, loc(l), g->second, value);
      return unitValue(l);
    }
    Value local = values.lookup(lhs.var);
    auto localType = mlir::dyn_cast_or_null<cl::LocalType>(
        local ? local.getType() : mlir::Type());
    if (!localType) {
      error(l, "internal error: assignment to a non-mutable variable");
      return Value();
    }
    value = castUnits(l, value, localType.getElementType());
    cl::LocalSetOp::create(builder, loc(l), local, value);
    return unitValue(l);
  }
  if (lhs.kind == ExprKind::Field) {
    Value base = emit(*lhs.args[0]);
    if (!base)
      return base;
    if (auto refType = mlir::dyn_cast<cl::RefType>(base.getType())) {
      cl::RefSetOp::create(builder, loc(l), base,
                           castUnits(l, value, refType.getElementType()));
      return unitValue(l);
    }
    value = castUnits(l, value, lowerOf(lhs.type));
    cl::RecordSetOp::create(builder, loc(l), base, lhs.name, value);
    return unitValue(l);
  }
  if (lhs.kind == ExprKind::Index) {
    Value base = emit(*lhs.args[0]);
    Value index = emit(*lhs.args[1]);
    if (!base || !index)
      return Value();
    auto arrayType = mlir::cast<cl::ArrayType>(base.getType());
    cl::ArraySetOp::create(builder, loc(l), base, index,
                           castUnits(l, value, arrayType.getElementType()));
    return unitValue(l);
  }
  error(l, "internal error: unsupported assignment");
  return Value();
}

Value Emitter::emitLoop(Expr &expr) {
  Loc l = expr.loc;
  mlir::Location ml = loc(l);
  if (expr.kind == ExprKind::While) {
    bool ok = true;
    mlir::scf::WhileOp::create(
        builder, ml, mlir::TypeRange{}, mlir::ValueRange{},
        [&](mlir::OpBuilder &nested, mlir::Location, mlir::ValueRange) {
          mlir::OpBuilder::InsertionGuard guard(builder);
          builder.setInsertionPoint(nested.getInsertionBlock(),
                                    nested.getInsertionPoint());
          Value cond = emit(*expr.args[0]);
          if (!cond) {
            ok = false;
            cond = constBool(l, false);
          }
          mlir::scf::ConditionOp::create(builder, ml, cond, mlir::ValueRange{});
        },
        [&](mlir::OpBuilder &nested, mlir::Location, mlir::ValueRange) {
          mlir::OpBuilder::InsertionGuard guard(builder);
          builder.setInsertionPoint(nested.getInsertionBlock(),
                                    nested.getInsertionPoint());
          if (!emit(*expr.args[1]))
            ok = false;
          mlir::scf::YieldOp::create(builder, ml);
        });
    return ok ? unitValue(l) : Value();
  }
  if (expr.kind == ExprKind::ForTo) {
    Value from = emit(*expr.args[0]);
    Value to = emit(*expr.args[1]);
    if (!from || !to)
      return Value();
    // `for i = a to b` runs b - a + 1 times; `downto` counts down from a.
    // The trip count is computed in 64 bits so that bounds at the ends of
    // the int range (`for i in 0 .. Int32.MaxValue`) neither wrap nor make
    // the loop empty.
    mlir::Type i64 = builder.getI64Type();
    Value from64 = mlir::arith::ExtSIOp::create(builder, ml, i64, from);
    Value to64 = mlir::arith::ExtSIOp::create(builder, ml, i64, to);
    Value one = constInt(l, 1, 64);
    Value lower = from64, upper;
    if (!expr.flag) {
      upper = mlir::arith::AddIOp::create(builder, ml, to64, one);
    } else {
      Value count = mlir::arith::SubIOp::create(builder, ml, from64, to64);
      upper = mlir::arith::AddIOp::create(builder, ml, count, one);
      lower = constInt(l, 0, 64);
    }
    auto forOp = mlir::scf::ForOp::create(builder, ml, lower, upper, one);
    mlir::OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPoint(forOp.getBody()->getTerminator());
    Value i = forOp.getInductionVar();
    if (expr.flag)
      i = mlir::arith::SubIOp::create(builder, ml, from64, i);
    i = mlir::arith::TruncIOp::create(builder, ml, builder.getI32Type(), i);
    bindPattern(*expr.params[0], i);
    if (!emit(*expr.args[2]))
      return Value();
    builder.setInsertionPointAfter(forOp);
    return unitValue(l);
  }
  // for pattern in list/array.
  Value seq = emit(*expr.args[0]);
  if (!seq)
    return seq;
  auto arrayType = mlir::dyn_cast<cl::ArrayType>(seq.getType());
  bool isString = mlir::isa<cl::StringType>(seq.getType());
  if (arrayType || isString) {
    Value zero = constInt(l, 0);
    Value one = constInt(l, 1);
    Value n = isString
                  ? Value(cl::StringLengthOp::create(builder, ml,
                                                     builder.getI32Type(), seq))
                  : Value(cl::ArrayLengthOp::create(builder, ml,
                                                    builder.getI32Type(), seq));
    auto forOp = mlir::scf::ForOp::create(builder, ml, zero, n, one);
    mlir::OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPoint(forOp.getBody()->getTerminator());
    Value element =
        isString ? Value(cl::StringGetOp::create(builder, ml,
                                                 cl::CharType::get(context),
                                                 seq, forOp.getInductionVar()))
                 : Value(cl::ArrayGetOp::create(builder, ml,
                                                arrayType.getElementType(), seq,
                                                forOp.getInductionVar()));
    bindPattern(*expr.params[0], element);
    if (!emit(*expr.args[1]))
      return Value();
    builder.setInsertionPointAfter(forOp);
    return unitValue(l);
  }
  auto listType = mlir::cast<cl::ListType>(seq.getType());
  bool ok = true;
  mlir::scf::WhileOp::create(
      builder, ml, mlir::TypeRange{listType}, mlir::ValueRange{seq},
      [&](mlir::OpBuilder &nested, mlir::Location, mlir::ValueRange args) {
        mlir::OpBuilder::InsertionGuard guard(builder);
        builder.setInsertionPoint(nested.getInsertionBlock(),
                                  nested.getInsertionPoint());
        Value isNil =
            cl::ListIsNilOp::create(builder, ml, builder.getI1Type(), args[0]);
        Value more = cl::NotOp::create(builder, ml, builder.getI1Type(), isNil);
        mlir::scf::ConditionOp::create(builder, ml, more, args);
      },
      [&](mlir::OpBuilder &nested, mlir::Location, mlir::ValueRange args) {
        mlir::OpBuilder::InsertionGuard guard(builder);
        builder.setInsertionPoint(nested.getInsertionBlock(),
                                  nested.getInsertionPoint());
        Value head = cl::ListHeadOp::create(builder, ml,
                                            listType.getElementType(), args[0]);
        bindPattern(*expr.params[0], head);
        if (!emit(*expr.args[1]))
          ok = false;
        Value tail = cl::ListTailOp::create(builder, ml, listType, args[0]);
        mlir::scf::YieldOp::create(builder, ml, mlir::ValueRange{tail});
      });
  return ok ? unitValue(l) : Value();
}

mlir::OwningOpRef<mlir::ModuleOp>
clef::emitModule(Program &program, TypeContext &types, size_t firstUserDecl,
                 mlir::MLIRContext *context, llvm::StringRef fileName) {
  Emitter emitter(program, types, firstUserDecl, context, fileName);
  return emitter.run();
}

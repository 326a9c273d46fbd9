//===- Structure.cpp - Types, module, functions and bindings --------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The module as a whole: lowering of types and declaration of records and
// unions, the entry function, one `func.func` per function instance from
// a worklist, curried closures, the captures of lifted local functions,
// and `let` bindings.
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/Emitter/EmitterInternals.h"

using namespace clef;
using namespace clef::ast;
using namespace clef::detail;

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

mlir::OwningOpRef<mlir::ModuleOp>
clef::emitModule(Program &program, TypeContext &types, size_t firstUserDecl,
                 mlir::MLIRContext *context, llvm::StringRef fileName) {
  Emitter emitter(program, types, firstUserDecl, context, fileName);
  return emitter.run();
}

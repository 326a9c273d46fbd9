//===- Structure.cpp - Declarations and let bindings ----------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The walk over declarations in order: type and measure declarations,
// types written in the source, and `let` bindings with their
// generalisation.
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/TypeCheck/TypeCheckInternals.h"

using namespace clef;
using namespace clef::ast;
using namespace clef::detail;

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

bool Checker::run() {
  for (size_t i = 0; i < program.decls.size(); ++i) {
    Decl &decl = program.decls[i];
    typeVarNames.clear();
    unitVarNames.clear();
    switch (decl.kind) {
    case Decl::Types:
      declareTypes(decl);
      break;
    case Decl::Let: {
      checkLet(decl.bindings, decl.isRec, /*topLevel=*/true);
      for (auto &binding : decl.bindings) {
        if (!binding->hasAttribute("EntryPoint"))
          continue;
        if (!binding->isFunction() || binding->params.size() != 1) {
          error(binding->loc, "the [<EntryPoint>] function must take one "
                              "argument, the command-line arguments");
          continue;
        }
        if (i + 1 != program.decls.size())
          error(binding->loc, "the [<EntryPoint>] function must be the last "
                              "declaration of the file");
      }
      break;
    }
    case Decl::Do:
    case Decl::Expr: {
      ++level;
      Type *t = infer(*decl.expr);
      --level;
      if (decl.kind == Decl::Do)
        expect(t, types.getUnit(), decl.expr->loc);
      break;
    }
    case Decl::Open:
      break;
    }
  }
  return !failed;
}

void Checker::declareTypes(Decl &decl) {
  // Register every name first so that the types of a group may refer to
  // each other and to themselves.
  for (TypeDecl *td : decl.types) {
    if (td->kind == TypeDecl::Measure)
      continue;
    typeDecls[td->name] = td;
    td->paramVars.clear();
    for (const std::string &param : td->params) {
      Type *var = types.freshVar(kGenericLevel);
      var->name = param;
      td->paramVars.push_back(var);
    }
  }
  for (TypeDecl *td : decl.types) {
    typeVarNames.clear();
    for (size_t i = 0; i < td->params.size(); ++i)
      typeVarNames[td->params[i]] = td->paramVars[i];
    switch (td->kind) {
    case TypeDecl::Measure: {
      if (td->measure.empty()) {
        measures[td->name] = Measure::base(td->name);
        break;
      }
      Measure m;
      if (resolveMeasure(td->measure, td->measureLoc, m))
        measures[td->name] = m;
      break;
    }
    case TypeDecl::Record: {
      std::set<std::string> seen;
      for (FieldDecl &field : td->fields) {
        if (!seen.insert(field.name).second)
          error(field.loc, "Duplicate definition of field '" + field.name +
                               "' in type '" + td->name + "'");
        field.type = resolveType(*field.typeExpr);
        fieldOwners[field.name] = td;
      }
      break;
    }
    case TypeDecl::Union:
      for (unsigned i = 0; i < td->cases.size(); ++i) {
        CaseDecl &c = td->cases[i];
        for (unsigned j = 0; j < i; ++j)
          if (td->cases[j].name == c.name)
            error(c.loc, "Duplicate definition of union case '" + c.name +
                             "' in type '" + td->name + "'");
        for (auto &fe : c.fieldExprs)
          c.fieldTypes.push_back(resolveType(*fe));
        cases[c.name] = {td, i};
      }
      break;
    case TypeDecl::Abbrev:
      break;
    }
  }
  // Abbreviations resolve after the group so that they may name its types.
  for (TypeDecl *td : decl.types)
    if (td->kind == TypeDecl::Abbrev && !td->params.empty())
      error(td->loc, "generic type abbreviations are not supported");
  typeVarNames.clear();
}

bool Checker::resolveMeasure(const std::string &text, Loc loc, Measure &out) {
  std::vector<std::pair<std::string, int>> atoms;
  std::string message;
  if (!parseMeasureText(text, atoms, message)) {
    error(loc, message);
    return false;
  }
  out = Measure();
  for (auto &[name, exp] : atoms) {
    if (name == "_") {
      out = out * Measure::var(types.freshUnitVar(level)).pow(exp);
      continue;
    }
    if (name[0] == '\'') {
      UnitVar *&var = unitVarNames[name];
      if (!var) {
        var = types.freshUnitVar(level);
        var->name = name;
      }
      out = out * Measure::var(var).pow(exp);
      continue;
    }
    auto it = measures.find(name);
    if (it == measures.end()) {
      error(loc, "The unit of measure '" + name + "' is not defined.");
      return false;
    }
    out = out * it->second.pow(exp);
  }
  if (!out.exponentsInRange()) {
    error(loc, "The unit of measure '" + text + "' has an exponent beyond " +
                   std::to_string(kMaxUnitExponent));
    return false;
  }
  return true;
}

Type *Checker::resolveType(TypeExpr &te) {
  switch (te.kind) {
  case TypeExpr::Var: {
    Type *&var = typeVarNames[te.name];
    if (!var) {
      var = types.freshVar(level);
      var->name = te.name;
    }
    return var;
  }
  case TypeExpr::Wild:
    return types.freshVar(level);
  case TypeExpr::Tuple: {
    std::vector<Type *> elements;
    for (auto &arg : te.args)
      elements.push_back(resolveType(*arg));
    return types.getTuple(std::move(elements));
  }
  case TypeExpr::Fun:
    return types.getFun(resolveType(*te.args[0]), resolveType(*te.args[1]));
  case TypeExpr::Array:
    return types.getArray(resolveType(*te.args[0]));
  case TypeExpr::Measured: {
    Measure m;
    if (!resolveMeasure(te.measure, te.loc, m))
      return types.getFloat();
    return types.getFloat(m);
  }
  case TypeExpr::Named:
    break;
  }
  std::vector<Type *> args;
  for (auto &arg : te.args)
    args.push_back(resolveType(*arg));
  auto arity = [&](size_t n) {
    if (args.size() == n)
      return true;
    error(te.loc, "The type '" + te.name + "' expects " + std::to_string(n) +
                      " type argument(s) but is given " +
                      std::to_string(args.size()));
    return false;
  };
  const std::string &n = te.name;
  if (n == "int" || n == "int32" || n == "Int32")
    return arity(0) ? types.getInt() : types.getInt();
  if (n == "int64" || n == "Int64")
    return arity(0), types.getInt64();
  if (n == "float" || n == "double" || n == "Double")
    return arity(0), types.getFloat();
  if (n == "bool" || n == "Boolean")
    return arity(0), types.getBool();
  if (n == "unit")
    return arity(0), types.getUnit();
  if (n == "string" || n == "String")
    return arity(0), types.getString();
  if (n == "char" || n == "Char")
    return arity(0), types.getChar();
  if (n == "list" || n == "List")
    return arity(1) ? types.getList(args[0])
                    : types.getList(types.freshVar(level));
  if (n == "option" || n == "Option")
    return arity(1) ? types.getOption(args[0])
                    : types.getOption(types.freshVar(level));
  if (n == "array" || n == "Array")
    return arity(1) ? types.getArray(args[0])
                    : types.getArray(types.freshVar(level));
  if (n == "ref" || n == "Ref")
    return arity(1) ? types.getRef(args[0])
                    : types.getRef(types.freshVar(level));
  auto it = typeDecls.find(n);
  if (it == typeDecls.end()) {
    error(te.loc, "The type '" + n + "' is not defined.");
    return types.freshVar(level);
  }
  TypeDecl *decl = it->second;
  if (decl->kind == TypeDecl::Abbrev)
    return resolveType(*decl->abbrev);
  if (!arity(decl->params.size()))
    return freshNamed(decl);
  return types.getNamed(decl, std::move(args));
}

//===----------------------------------------------------------------------===//
// Let bindings
//===----------------------------------------------------------------------===//

/// The type of a binding's right-hand side: the curried function type of
/// its parameters and body, or the body's type.
Type *Checker::inferBindingRhs(Binding &binding, bool topLevel) {
  size_t mark = scope.size();
  std::vector<Type *> params;
  // A local function is a closure: it may not capture mutable locals.
  bool closure = binding.isFunction() && !topLevel;
  if (binding.isFunction())
    ++functionDepth;
  if (closure)
    ++lambdaDepth;
  for (auto &param : binding.params) {
    Type *t = types.freshVar(level);
    inferPattern(*param, t);
    params.push_back(t);
  }
  checkDuplicates(mark);
  Type *result = infer(*binding.body);
  if (binding.returnType)
    expect(result, resolveType(*binding.returnType), binding.body->loc);
  if (binding.isFunction())
    --functionDepth;
  if (closure)
    --lambdaDepth;
  scope.resize(mark);
  for (size_t i = params.size(); i-- > 0;)
    result = types.getFun(params[i], result);
  return result;
}

/// A use of one of `vars` in `expr`, the first found not under a lambda
/// (or a local function) if any, else the first under one (`delayed`).
static const Expr *findUse(const Expr &expr, const std::set<VarDecl *> &vars,
                           bool underLambda, const Expr *&delayed) {
  if (expr.kind == ExprKind::Var && expr.var && vars.count(expr.var)) {
    if (!underLambda)
      return &expr;
    if (!delayed)
      delayed = &expr;
  }
  bool inner = underLambda || expr.kind == ExprKind::Lambda;
  for (const ExprPtr &arg : expr.args)
    if (arg)
      if (const Expr *use = findUse(*arg, vars, inner, delayed))
        return use;
  for (const auto &binding : expr.bindings)
    if (binding->body)
      if (const Expr *use = findUse(*binding->body, vars,
                                    inner || binding->isFunction(), delayed))
        return use;
  for (const MatchCase &mc : expr.cases) {
    if (mc.guard)
      if (const Expr *use = findUse(*mc.guard, vars, inner, delayed))
        return use;
    if (mc.body)
      if (const Expr *use = findUse(*mc.body, vars, inner, delayed))
        return use;
  }
  return nullptr;
}

void Checker::checkRecursiveValues(
    std::vector<std::unique_ptr<Binding>> &bindings) {
  std::set<VarDecl *> group;
  for (auto &binding : bindings)
    if (binding->var)
      group.insert(binding->var);
  for (auto &binding : bindings) {
    if (!binding->var || binding->isFunction() ||
        binding->body->kind == ExprKind::Lambda)
      continue;
    const Expr *delayed = nullptr;
    const Expr &body = *binding->body;
    if (const Expr *use = findUse(body, group, false, delayed)) {
      // As F# answers (FS0260 and FS0031).
      bool construction =
          body.kind == ExprKind::List || body.kind == ExprKind::Tuple ||
          body.kind == ExprKind::Record || body.kind == ExprKind::Array ||
          (body.kind == ExprKind::BinOp && body.name == "::") ||
          (body.kind == ExprKind::App && !body.args.empty() &&
           body.args[0]->kind == ExprKind::Var && !body.args[0]->var &&
           (body.args[0]->decl || body.args[0]->name == "Some"));
      if (construction)
        error(body.loc, "Recursive values cannot appear directly as a "
                        "construction of the type " +
                            quoteFresh(body.type) +
                            " within a recursive binding.");
      else
        error(binding->nameLoc, "The value '" + use->var->name +
                                    "' will be evaluated as part of its own "
                                    "definition");
    } else if (delayed) {
      error(delayed->loc,
            "The value '" + delayed->var->name +
                "' is used by a closure inside its own definition; only "
                "functions can be defined recursively ('let rec f x = ...' "
                "or 'let rec f = fun x -> ...')");
    }
  }
}

void Checker::checkLet(std::vector<std::unique_ptr<Binding>> &bindings,
                       bool isRec, bool topLevel) {
  if (isRec) {
    // Every name of the group is visible in every body, monomorphically
    // until the whole group is generalised.
    ++level;
    for (auto &binding : bindings) {
      if (!binding->isFunction() && binding->name.empty()) {
        error(binding->loc, "only functions and names may be bound by 'let "
                            "rec'");
        continue;
      }
      VarDecl *var = program.newVar(binding->name, binding->nameLoc);
      var->type = types.freshVar(level);
      var->isTopLevel = topLevel;
      var->binding = binding.get();
      varLambdaDepth[var] = lambdaDepth;
      binding->var = var;
      if (binding->pattern)
        binding->pattern->var = var;
      bind(var);
    }
    for (auto &binding : bindings) {
      if (!binding->var)
        continue;
      Type *t = inferBindingRhs(*binding, topLevel);
      expect(t, binding->var->type, binding->nameLoc);
    }
    --level;
    checkRecursiveValues(bindings);
    for (auto &binding : bindings) {
      if (!binding->var)
        continue;
      types.generalize(binding->var->type, level, binding->loc.inPrelude);
      TypeContext::collectGenerics(binding->var->type, binding->var->generics,
                                   binding->var->genericUnits);
    }
    return;
  }

  std::vector<VarDecl *> newVars;
  for (auto &binding : bindings) {
    ++level;
    Type *t = inferBindingRhs(*binding, topLevel);
    // The entry point's type is fixed before generalisation: `argv` may be
    // unused.
    if (topLevel && binding->hasAttribute("EntryPoint") &&
        binding->params.size() == 1)
      expect(t, types.getFun(types.getArray(types.getString()), types.getInt()),
             binding->nameLoc);
    --level;
    bool generalizable =
        binding->isFunction() || binding->body->kind == ExprKind::Lambda;
    if (binding->isFunction()) {
      VarDecl *var = program.newVar(binding->name, binding->nameLoc);
      var->type = t;
      var->isTopLevel = topLevel;
      var->binding = binding.get();
      binding->var = var;
      newVars.push_back(var);
    } else {
      // Bind the pattern; a simple name records its binding for the
      // emitter.
      size_t mark = scope.size();
      inferPattern(*binding->pattern, t);
      for (size_t i = mark; i < scope.size(); ++i) {
        VarDecl *var = scope[i].second;
        var->isTopLevel = topLevel;
        var->isMutable = binding->isMutable;
        newVars.push_back(var);
      }
      scope.resize(mark);
      if (binding->pattern->kind == Pattern::Var) {
        binding->var = binding->pattern->var;
        binding->var->binding = binding.get();
      } else if (binding->isMutable) {
        error(binding->loc, "only a simple name can be 'mutable'");
      }
    }
    if (generalizable)
      types.generalize(t, level, binding->loc.inPrelude);
  }
  for (VarDecl *var : newVars) {
    if (var->binding && (var->binding->isFunction() ||
                         var->binding->body->kind == ExprKind::Lambda))
      TypeContext::collectGenerics(var->type, var->generics, var->genericUnits);
    varLambdaDepth[var] = lambdaDepth;
    bind(var);
  }
}

bool clef::typeCheckProgram(Program &program, TypeContext &types,
                            size_t firstUserDecl, const TypeErrorFn &onError) {
  Checker checker(program, types, firstUserDecl, onError);
  return checker.run();
}

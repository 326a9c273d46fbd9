//===- TypeCheck.cpp - Hindley–Milner inference for Clef ------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Inference walks declarations in order. Each `let` infers its right-hand
// side one level deeper and generalises what did not escape (levels instead
// of free-variable scans). Only syntactic functions are generalised (the
// value restriction). Arithmetic operators are typed like F#'s inline
// operators: both operands of `+ - < =` have one type, `*` and `/` multiply
// and divide units of measure, and an operand type left open is defaulted to
// int when its binding is generalised.
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/TypeCheck.h"

#include "frontend-antlr/ASTBuilder.h"
#include "frontend-antlr/Exhaustive.h"

#include "dialects/Clef/FormatString.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"

#include <map>
#include <set>

using namespace clef;
using namespace clef::ast;

namespace {

/// The printf family: their first argument is a literal format string that
/// decides the types of the others.
bool isFormatFunction(const std::string &name) {
  return name == "printf" || name == "printfn" || name == "eprintf" ||
         name == "eprintfn" || name == "sprintf" || name == "failwithf";
}

class Checker {
public:
  Checker(Program &program, TypeContext &types, size_t firstUserDecl,
          const TypeErrorFn &onError)
      : program(program), types(types), firstUserDecl(firstUserDecl),
        onError(onError) {}

  bool run();

private:
  //===--------------------------------------------------------------------===//
  // Diagnostics
  //===--------------------------------------------------------------------===//

  void error(Loc loc, const std::string &message) {
    failed = true;
    if (errorCount++ < 20)
      onError(loc, message, /*isWarning=*/false);
  }
  void warning(Loc loc, const std::string &message) {
    onError(loc, message, /*isWarning=*/true);
  }
  std::string quote(Type *type) { return "'" + types.str(type) + "'"; }
  std::string quoteFresh(Type *type) {
    types.resetPrintNames();
    return quote(type);
  }

  /// Unifies `actual` with `expected`, reporting a mismatch at `loc`.
  bool expect(Type *actual, Type *expected, Loc loc) {
    types.resetPrintNames();
    std::string expectedText = types.str(expected);
    std::string actualText = types.str(actual);
    Type *a = TypeContext::prune(actual);
    Type *e = TypeContext::prune(expected);
    if (types.unify(expected, actual))
      return true;
    if (a->kind == TypeKind::Float && e->kind == TypeKind::Float) {
      error(loc, "The unit of measure '" + types.str(e->measure) +
                     "' does not match the unit of measure '" +
                     types.str(a->measure) + "'");
      return false;
    }
    error(loc, "This expression was expected to have type '" + expectedText +
                   "' but here has type '" + actualText + "'");
    return false;
  }

  //===--------------------------------------------------------------------===//
  // Scopes
  //===--------------------------------------------------------------------===//

  VarDecl *lookup(const std::string &name) {
    for (size_t i = scope.size(); i-- > 0;)
      if (scope[i].first == name)
        return scope[i].second;
    return nullptr;
  }
  void bind(VarDecl *var) { scope.push_back({var->name, var}); }
  /// Reports a name bound twice by the patterns that bound scope[mark..].
  void checkDuplicates(size_t mark) {
    std::set<std::string> seen;
    for (size_t i = mark; i < scope.size(); ++i)
      if (!seen.insert(scope[i].first).second)
        error(scope[i].second->loc,
              "'" + scope[i].first + "' is bound twice in this pattern");
  }

  //===--------------------------------------------------------------------===//
  // Types written in the source
  //===--------------------------------------------------------------------===//

  Type *resolveType(TypeExpr &te);
  bool resolveMeasure(const std::string &text, Loc loc, Measure &out);
  void declareTypes(Decl &decl);

  //===--------------------------------------------------------------------===//
  // Inference
  //===--------------------------------------------------------------------===//

  void checkLet(std::vector<std::unique_ptr<Binding>> &bindings, bool isRec,
                bool topLevel);
  Type *inferBindingRhs(Binding &binding, bool topLevel);
  /// Rejects a `let rec` value (not a function) that uses the group's
  /// names, which has no value to read yet.
  void checkRecursiveValues(std::vector<std::unique_ptr<Binding>> &bindings);
  Type *infer(Expr &expr);
  Type *inferVar(Expr &expr);
  Type *inferApp(Expr &expr);
  Type *inferBinOp(Expr &expr);
  Type *inferField(Expr &expr);
  Type *inferRecord(Expr &expr);
  Type *inferLambda(Expr &expr);
  Type *inferFormat(Expr &fn, Expr &format);
  Type *primitiveType(const std::string &name, Loc loc);
  void inferPattern(Pattern &pat, Type *expected);
  /// Warns, as F# does, when the unguarded cases of a match may miss a
  /// value; the emitted code then ends in `clef.match_failure`.
  void checkExhaustive(Expr &match);
  /// Instantiates a record or union with fresh type arguments.
  Type *freshNamed(TypeDecl *decl) {
    std::vector<Type *> args;
    for (size_t i = 0; i < decl->params.size(); ++i)
      args.push_back(types.freshVar(level));
    return types.getNamed(decl, std::move(args));
  }
  Type *fieldType(Type *named, unsigned index) {
    TypeDecl *decl = TypeContext::prune(named)->decl;
    return types.substitute(decl->fields[index].type, decl->paramVars,
                            TypeContext::prune(named)->args);
  }
  std::vector<Type *> caseFieldTypes(Type *named, unsigned index) {
    Type *t = TypeContext::prune(named);
    std::vector<Type *> result;
    for (Type *field : t->decl->cases[index].fieldTypes)
      result.push_back(types.substitute(field, t->decl->paramVars, t->args));
    return result;
  }
  /// The record declaration a set of field names belongs to: the latest
  /// one declaring the first field, as in F#.
  TypeDecl *recordOfField(const std::string &field) {
    auto it = fieldOwners.find(field);
    return it == fieldOwners.end() ? nullptr : it->second;
  }
  std::optional<unsigned> fieldIndex(TypeDecl *decl, const std::string &name) {
    for (unsigned i = 0; i < decl->fields.size(); ++i)
      if (decl->fields[i].name == name)
        return i;
    return std::nullopt;
  }
  /// A union case by (possibly qualified) name: `Circle`, `Shape.Circle`.
  std::optional<std::pair<TypeDecl *, unsigned>>
  lookupCase(const std::string &name) {
    std::string caseName = name;
    std::string typeName;
    size_t dot = name.rfind('.');
    if (dot != std::string::npos) {
      typeName = name.substr(0, dot);
      caseName = name.substr(dot + 1);
    }
    auto it = cases.find(caseName);
    if (it == cases.end())
      return std::nullopt;
    if (!typeName.empty() && it->second.first->name != typeName)
      return std::nullopt;
    return it->second;
  }

  Program &program;
  TypeContext &types;
  size_t firstUserDecl;
  const TypeErrorFn &onError;
  bool failed = false;
  unsigned errorCount = 0;

  int level = 0;
  /// Depth of function bodies around the current expression: top-level
  /// values used at depth > 0 become globals.
  int functionDepth = 0;
  /// Depth of lambdas, to reject mutable locals captured by closures.
  int lambdaDepth = 0;
  std::map<VarDecl *, int> varLambdaDepth;
  std::vector<std::pair<std::string, VarDecl *>> scope;
  std::map<std::string, TypeDecl *> typeDecls;
  std::map<std::string, std::pair<TypeDecl *, unsigned>> cases;
  std::map<std::string, TypeDecl *> fieldOwners;
  std::map<std::string, Measure> measures;
  /// Type and unit variables named in annotations of the current top-level
  /// binding.
  std::map<std::string, Type *> typeVarNames;
  std::map<std::string, UnitVar *> unitVarNames;
  /// Or-patterns bind the same names on both sides: the right side reuses
  /// the left side's variables.
  std::map<std::string, VarDecl *> *orBindings = nullptr;
};

} // namespace

bool clef::isPrimitive(const std::string &name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("printf", "printfn", "eprintf", "eprintfn", "sprintf", true)
      .Cases("failwithf", "failwith", "exit", "ignore", "not", true)
      .Cases("int", "int64", "float", "char", "string", "hash", true)
      .Cases("fst", "snd", "id", "abs", "min", "max", "sign", true)
      .Cases("sqrt", "sin", "cos", "tan", "asin", "acos", "atan", true)
      .Cases("exp", "log", "log10", "floor", "ceil", "round", "atan2", true)
      .Cases("invalidArg", "ref", "incr", "decr", "compare", "truncate", true)
      .Cases("Array.zeroCreate", "Array.create", "Array.length", true)
      .Cases("List.isEmpty", "Option.isSome", true)
      .Cases("Option.isNone", "Array.copy", true)
      .Cases("LanguagePrimitives.GenericZero", "LanguagePrimitives.GenericOne",
             true)
      .Cases("nan", "infinity", true)
      .Default(false);
}

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

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

Type *Checker::infer(Expr &expr) {
  Type *t = nullptr;
  switch (expr.kind) {
  case ExprKind::Int:
    t = types.getInt();
    break;
  case ExprKind::Int64:
    t = types.getInt64();
    break;
  case ExprKind::Float: {
    Measure m;
    if (!expr.measure.empty())
      resolveMeasure(expr.measure, expr.loc, m);
    t = types.getFloat(m);
    break;
  }
  case ExprKind::Bool:
    t = types.getBool();
    break;
  case ExprKind::String:
    t = types.getString();
    break;
  case ExprKind::Char:
    t = types.getChar();
    break;
  case ExprKind::Unit:
    t = types.getUnit();
    break;
  case ExprKind::Var:
    t = inferVar(expr);
    break;
  case ExprKind::App:
    t = inferApp(expr);
    break;
  case ExprKind::BinOp:
    t = inferBinOp(expr);
    break;
  case ExprKind::Neg: {
    t = infer(*expr.args[0]);
    Type *p = TypeContext::prune(t);
    if (p->kind == TypeKind::Var) {
      Type *num = types.freshVar(level, VarConstraint::Numeric);
      types.unify(num, p);
    } else if (p->kind != TypeKind::Int && p->kind != TypeKind::Int64 &&
               p->kind != TypeKind::Float) {
      error(expr.loc,
            "The type " + quote(t) + " does not support the operator '~-'");
    }
    break;
  }
  case ExprKind::Lambda:
    t = inferLambda(expr);
    break;
  case ExprKind::Let: {
    size_t mark = scope.size();
    checkLet(expr.bindings, expr.isRec, /*topLevel=*/false);
    t = infer(*expr.args[0]);
    scope.resize(mark);
    break;
  }
  case ExprKind::If: {
    expect(infer(*expr.args[0]), types.getBool(), expr.args[0]->loc);
    Type *thenType = infer(*expr.args[1]);
    if (expr.args.size() == 2) {
      expect(thenType, types.getUnit(), expr.args[1]->loc);
      t = types.getUnit();
      break;
    }
    Type *elseType = infer(*expr.args[2]);
    types.resetPrintNames();
    std::string thenText = types.str(thenType);
    std::string elseText = types.str(elseType);
    if (!types.unify(thenType, elseType))
      error(expr.args[2]->loc,
            "All branches of an 'if' expression must return values of the "
            "same type as the first branch, which here is '" +
                thenText + "'. This branch returns a value of type '" +
                elseText + "'.");
    t = thenType;
    break;
  }
  case ExprKind::Match: {
    Type *scrutinee = infer(*expr.args[0]);
    t = types.freshVar(level);
    for (MatchCase &mc : expr.cases) {
      size_t mark = scope.size();
      inferPattern(*mc.pattern, scrutinee);
      checkDuplicates(mark);
      if (mc.guard)
        expect(infer(*mc.guard), types.getBool(), mc.guard->loc);
      Type *body = infer(*mc.body);
      types.resetPrintNames();
      std::string expectedText = types.str(t);
      std::string bodyText = types.str(body);
      if (!types.unify(t, body))
        error(mc.body->loc,
              "All branches of a pattern match expression must return "
              "values of the same type as the first branch, which here is '" +
                  expectedText + "'. This branch returns a value of type '" +
                  bodyText + "'.");
      scope.resize(mark);
    }
    checkExhaustive(expr);
    break;
  }
  case ExprKind::Tuple: {
    std::vector<Type *> elements;
    for (auto &arg : expr.args)
      elements.push_back(infer(*arg));
    t = types.getTuple(std::move(elements));
    break;
  }
  case ExprKind::List:
  case ExprKind::Array: {
    Type *element = types.freshVar(level);
    for (auto &arg : expr.args)
      expect(infer(*arg), element, arg->loc);
    t = expr.kind == ExprKind::List ? types.getList(element)
                                    : types.getArray(element);
    break;
  }
  case ExprKind::Range: {
    // Ranges are over ints (the prelude builds them).
    Type *element = types.getInt();
    for (auto &bound : expr.args)
      expect(infer(*bound), element, bound->loc);
    t = expr.flag ? types.getArray(element) : types.getList(element);
    break;
  }
  case ExprKind::Record:
  case ExprKind::RecordUpdate:
    t = inferRecord(expr);
    break;
  case ExprKind::Field:
    t = inferField(expr);
    break;
  case ExprKind::Index: {
    Type *base = infer(*expr.args[0]);
    expect(infer(*expr.args[1]), types.getInt(), expr.args[1]->loc);
    Type *p = TypeContext::prune(base);
    if (p->kind == TypeKind::String) {
      t = types.getChar();
    } else {
      t = types.freshVar(level);
      expect(base, types.getArray(t), expr.args[0]->loc);
    }
    break;
  }
  case ExprKind::Seq:
    for (size_t i = 0; i < expr.args.size(); ++i) {
      t = infer(*expr.args[i]);
      if (i + 1 < expr.args.size()) {
        Type *p = TypeContext::prune(t);
        if (p->kind == TypeKind::Var)
          types.unify(p, types.getUnit());
        else if (p->kind != TypeKind::Unit)
          warning(expr.args[i]->loc,
                  "The result of this expression has type " + quote(t) +
                      " and is implicitly ignored. Consider using 'ignore' "
                      "to discard this value explicitly");
      }
    }
    break;
  case ExprKind::Assign: {
    Expr &lhs = *expr.args[0];
    Type *target = infer(lhs);
    if (lhs.kind == ExprKind::Var) {
      if (!lhs.var || !lhs.var->isMutable)
        error(lhs.loc, "This value is not mutable. Consider using the "
                       "mutable keyword, e.g. 'let mutable " +
                           lhs.name + " = expression'.");
    } else if (lhs.kind == ExprKind::Field) {
      Type *base = TypeContext::prune(lhs.args[0]->type);
      if (base->kind == TypeKind::Named && !lhs.fieldIndices.empty() &&
          !base->decl->fields[lhs.fieldIndices[0]].isMutable)
        error(lhs.loc, "This field is not mutable");
    } else if (lhs.kind != ExprKind::Index) {
      error(lhs.loc, "Invalid assignment: only mutable variables, mutable "
                     "fields, array elements and '.Value' can be assigned");
    }
    expect(infer(*expr.args[1]), target, expr.args[1]->loc);
    t = types.getUnit();
    break;
  }
  case ExprKind::While:
    expect(infer(*expr.args[0]), types.getBool(), expr.args[0]->loc);
    expect(infer(*expr.args[1]), types.getUnit(), expr.args[1]->loc);
    t = types.getUnit();
    break;
  case ExprKind::ForTo: {
    expect(infer(*expr.args[0]), types.getInt(), expr.args[0]->loc);
    expect(infer(*expr.args[1]), types.getInt(), expr.args[1]->loc);
    size_t mark = scope.size();
    inferPattern(*expr.params[0], types.getInt());
    expr.loopVar = expr.params[0]->var;
    expect(infer(*expr.args[2]), types.getUnit(), expr.args[2]->loc);
    scope.resize(mark);
    t = types.getUnit();
    break;
  }
  case ExprKind::ForIn: {
    Type *seq = infer(*expr.args[0]);
    Type *element = types.freshVar(level);
    Type *p = TypeContext::prune(seq);
    if (p->kind == TypeKind::Array)
      expect(seq, types.getArray(element), expr.args[0]->loc);
    else if (p->kind == TypeKind::String)
      expect(types.getChar(), element, expr.args[0]->loc);
    else
      expect(seq, types.getList(element), expr.args[0]->loc);
    size_t mark = scope.size();
    inferPattern(*expr.params[0], element);
    expect(infer(*expr.args[1]), types.getUnit(), expr.args[1]->loc);
    scope.resize(mark);
    t = types.getUnit();
    break;
  }
  case ExprKind::Yield: {
    Type *value = infer(*expr.args[0]);
    t = types.getUnit();
    VarDecl *acc = expr.name.empty() ? nullptr : lookup(expr.name);
    if (!acc) {
      error(expr.loc, "'yield' may only be used within list and array "
                      "expressions");
      break;
    }
    // An implicit yield of a unit statement is just that statement.
    if (expr.flag && TypeContext::prune(value)->kind == TypeKind::Unit) {
      expr.discard = true;
      break;
    }
    expr.var = acc;
    Type *element = types.freshVar(level);
    types.unify(acc->type, types.getList(element));
    expect(value, element, expr.args[0]->loc);
    break;
  }
  case ExprKind::Typed:
    t = infer(*expr.args[0]);
    expect(t, resolveType(*expr.annotation), expr.args[0]->loc);
    break;
  }
  expr.type = t;
  return t;
}

Type *Checker::inferLambda(Expr &expr) {
  size_t mark = scope.size();
  ++functionDepth;
  ++lambdaDepth;
  std::vector<Type *> params;
  for (auto &param : expr.params) {
    Type *t = types.freshVar(level);
    inferPattern(*param, t);
    params.push_back(t);
  }
  checkDuplicates(mark);
  Type *result = infer(*expr.args[0]);
  --lambdaDepth;
  --functionDepth;
  scope.resize(mark);
  for (size_t i = params.size(); i-- > 0;)
    result = types.getFun(params[i], result);
  return result;
}

Type *Checker::inferVar(Expr &expr) {
  const std::string &name = expr.name;
  VarDecl *var = lookup(name);
  // The prelude's `List.map` is written `List_map` in Clef.
  if (!var && name.find('.') != std::string::npos) {
    std::string mangled = name;
    for (char &c : mangled)
      if (c == '.')
        c = '_';
    var = lookup(mangled);
  }
  if (var) {
    expr.var = var;
    if (var->isTopLevel && functionDepth > 0 &&
        !(var->binding && var->binding->isFunction()))
      var->needsGlobal = true;
    if (var->isMutable && !var->isTopLevel && varLambdaDepth[var] < lambdaDepth)
      error(expr.loc, "The mutable variable '" + name +
                          "' is used in an invalid way. Mutable variables "
                          "cannot be captured by closures. Consider "
                          "eliminating this use of mutation or using a "
                          "heap-allocated mutable reference cell via 'ref' "
                          "and '!'.");
    if (var->generics.empty() && var->genericUnits.empty())
      return var->type;
    return types.instantiate(var->type, level, var->generics, var->genericUnits,
                             expr.typeArgs, expr.unitArgs);
  }
  if (name == "None" || name == "Some") {
    Type *element = types.freshVar(level);
    expr.primitive = name;
    Type *option = types.getOption(element);
    return name == "None" ? option : types.getFun(element, option);
  }
  if (auto found = lookupCase(name)) {
    auto [decl, index] = *found;
    expr.decl = decl;
    expr.caseIndex = index;
    Type *named = freshNamed(decl);
    std::vector<Type *> fields = caseFieldTypes(named, index);
    if (fields.empty())
      return named;
    // Constructors take their fields as one tuple, as in F#.
    Type *arg = fields.size() == 1 ? fields[0] : types.getTuple(fields);
    return types.getFun(arg, named);
  }
  if (isPrimitive(name)) {
    expr.primitive = name;
    return primitiveType(name, expr.loc);
  }
  error(expr.loc, "The value or constructor '" + name + "' is not defined.");
  return types.freshVar(level);
}

Type *Checker::primitiveType(const std::string &name, Loc loc) {
  auto var = [&](VarConstraint c = VarConstraint::None) {
    return types.freshVar(level, c);
  };
  auto fun = [&](Type *a, Type *b) { return types.getFun(a, b); };
  Type *i32 = types.getInt();
  Type *f64 = types.getFloat();
  if (isFormatFunction(name)) {
    error(loc, "'" + name + "' must be applied to a literal format string");
    return var();
  }
  if (name == "LanguagePrimitives.GenericZero" ||
      name == "LanguagePrimitives.GenericOne")
    return var(VarConstraint::Numeric);
  if (name == "nan" || name == "infinity")
    return f64;
  if (name == "failwith")
    return fun(types.getString(), var());
  if (name == "invalidArg")
    return fun(types.getString(), fun(types.getString(), var()));
  if (name == "exit")
    return fun(i32, var());
  if (name == "ignore")
    return fun(var(), types.getUnit());
  if (name == "not")
    return fun(types.getBool(), types.getBool());
  if (name == "int" || name == "int64" || name == "float" || name == "char" ||
      name == "truncate") {
    Type *result = name == "int"     ? i32
                   : name == "int64" ? types.getInt64()
                   : name == "char"  ? types.getChar()
                                     : f64;
    if (name == "truncate")
      return fun(f64, f64);
    return fun(var(), result);
  }
  if (name == "string")
    return fun(var(), types.getString());
  if (name == "hash")
    return fun(var(), i32);
  if (name == "fst" || name == "snd") {
    Type *a = var(), *b = var();
    return fun(types.getTuple({a, b}), name == "fst" ? a : b);
  }
  if (name == "id") {
    Type *a = var();
    return fun(a, a);
  }
  if (name == "abs") {
    Type *a = var(VarConstraint::Numeric);
    return fun(a, a);
  }
  if (name == "sign")
    return fun(var(VarConstraint::Numeric), i32);
  if (name == "min" || name == "max") {
    Type *a = var();
    return fun(a, fun(a, a));
  }
  if (name == "compare") {
    Type *a = var();
    return fun(a, fun(a, i32));
  }
  if (name == "sqrt") {
    UnitVar *u = types.freshUnitVar(level);
    return fun(types.getFloat(Measure::var(u).pow(2)),
               types.getFloat(Measure::var(u)));
  }
  if (name == "floor" || name == "ceil" || name == "round") {
    Type *u = types.getFloat(Measure::var(types.freshUnitVar(level)));
    return fun(u, u);
  }
  if (name == "atan2") {
    Type *u = types.getFloat(Measure::var(types.freshUnitVar(level)));
    return fun(u, fun(u, f64));
  }
  if (name == "ref") {
    Type *a = var();
    return fun(a, types.getRef(a));
  }
  if (name == "incr" || name == "decr")
    return fun(types.getRef(i32), types.getUnit());
  if (name == "Array.zeroCreate")
    return fun(i32, types.getArray(var()));
  if (name == "Array.create") {
    Type *a = var();
    return fun(i32, fun(a, types.getArray(a)));
  }
  if (name == "Array.length")
    return fun(types.getArray(var()), i32);
  if (name == "Array.copy") {
    Type *a = types.getArray(var());
    return fun(a, a);
  }
  if (name == "String.length")
    return fun(types.getString(), i32);
  if (name == "List.isEmpty")
    return fun(types.getList(var()), types.getBool());
  if (name == "Option.isSome" || name == "Option.isNone")
    return fun(types.getOption(var()), types.getBool());
  // sin cos tan asin acos atan exp log log10.
  return fun(f64, f64);
}

Type *Checker::inferFormat(Expr &fn, Expr &format) {
  std::string message;
  auto pieces = mlir::clef::parseFormatString(format.text, message);
  if (!pieces) {
    error(format.loc, "invalid format string: " + message);
    return types.freshVar(level);
  }
  Type *result = fn.primitive == "sprintf"     ? types.getString()
                 : fn.primitive == "failwithf" ? types.freshVar(level)
                                               : types.getUnit();
  std::vector<Type *> argTypes;
  for (const mlir::clef::FormatPiece &piece : *pieces) {
    if (piece.isLiteral)
      continue;
    switch (mlir::clef::getFormatArgKind(piece.conversion)) {
    case mlir::clef::FormatArgKind::Integer:
      argTypes.push_back(types.freshVar(level, VarConstraint::Integral));
      break;
    case mlir::clef::FormatArgKind::Float:
      argTypes.push_back(
          types.getFloat(Measure::var(types.freshUnitVar(level))));
      break;
    case mlir::clef::FormatArgKind::String:
      argTypes.push_back(types.getString());
      break;
    case mlir::clef::FormatArgKind::Char:
      argTypes.push_back(types.getChar());
      break;
    case mlir::clef::FormatArgKind::Bool:
      argTypes.push_back(types.getBool());
      break;
    case mlir::clef::FormatArgKind::Any:
      argTypes.push_back(types.freshVar(level));
      break;
    }
  }
  for (size_t i = argTypes.size(); i-- > 0;)
    result = types.getFun(argTypes[i], result);
  return types.getFun(types.getString(), result);
}

Type *Checker::inferApp(Expr &expr) {
  Expr &head = *expr.args[0];
  Type *fnType;
  if (head.kind == ExprKind::Var && isFormatFunction(head.name) &&
      !lookup(head.name)) {
    head.primitive = head.name;
    if (expr.args.size() < 2 || expr.args[1]->kind != ExprKind::String) {
      error(head.loc,
            "'" + head.name + "' must be applied to a literal format string");
      for (size_t i = 1; i < expr.args.size(); ++i)
        infer(*expr.args[i]);
      return types.freshVar(level);
    }
    fnType = inferFormat(head, *expr.args[1]);
    head.type = fnType;
  } else {
    fnType = infer(head);
  }
  Type *current = fnType;
  for (size_t i = 1; i < expr.args.size(); ++i) {
    Expr &arg = *expr.args[i];
    Type *argType = infer(arg);
    Type *fn = TypeContext::prune(current);
    if (fn->kind == TypeKind::Var) {
      Type *result = types.freshVar(level);
      if (!types.unify(fn, types.getFun(argType, result))) {
        error(arg.loc, "Type mismatch: applying a value of type " +
                           quoteFresh(fn) + " to an argument of type " +
                           quote(argType) + " would make an infinite type");
        return types.freshVar(level);
      }
      current = result;
      continue;
    }
    if (fn->kind != TypeKind::Fun) {
      error(i == 1 ? head.loc : arg.loc,
            i == 1 ? "This value is not a function and cannot be applied."
                   : "This function takes too many arguments, or is used in "
                     "a context where a function is not expected");
      return types.freshVar(level);
    }
    Type *param = TypeContext::prune(fn->args[0]);
    if (head.kind == ExprKind::Var && isFormatFunction(head.primitive) &&
        param->kind == TypeKind::Var &&
        param->constraint == VarConstraint::Integral &&
        !types.unify(param, argType)) {
      error(arg.loc, "The type " + quoteFresh(argType) +
                         " is not compatible with any of the types "
                         "byte,int16,int32,int64,sbyte,uint16,uint32,uint64,"
                         "nativeint,unativeint, arising from the use of a "
                         "printf-style format string");
    } else {
      expect(argType, fn->args[0], arg.loc);
    }
    current = fn->args[1];
  }
  return current;
}

Type *Checker::inferBinOp(Expr &expr) {
  const std::string &op = expr.name;
  Expr &lhs = *expr.args[0];
  Expr &rhs = *expr.args[1];
  Type *a = infer(lhs);
  Type *b = infer(rhs);
  auto same = [&]() {
    types.resetPrintNames();
    std::string aText = types.str(a);
    std::string bText = types.str(b);
    Type *pa = TypeContext::prune(a);
    Type *pb = TypeContext::prune(b);
    if (types.unify(a, b))
      return true;
    if (pa->kind == TypeKind::Float && pb->kind == TypeKind::Float)
      error(rhs.loc, "The unit of measure '" + types.str(pb->measure) +
                         "' does not match the unit of measure '" +
                         types.str(pa->measure) + "'");
    else
      error(rhs.loc, "This expression was expected to have type '" + aText +
                         "' but here has type '" + bText + "'");
    return false;
  };
  auto constrain = [&](VarConstraint c) {
    Type *p = TypeContext::prune(a);
    if (p->kind == TypeKind::Var) {
      types.unify(types.freshVar(level, c), p);
      return;
    }
    Type *probe = types.freshVar(level, c);
    if (!types.unify(probe, p))
      error(expr.loc, "The type " + quote(a) +
                          " does not support the operator '" + op + "'");
  };
  if (op == "+" || op == "-" || op == "%") {
    if (same())
      constrain(op == "+" ? VarConstraint::Addable : VarConstraint::Numeric);
    return a;
  }
  if (op == "*" || op == "/") {
    Type *pa = TypeContext::prune(a);
    Type *pb = TypeContext::prune(b);
    // As in F#, an operand whose type is still open meets a float as a
    // dimensionless float: units only flow from annotations and literals.
    if (pa->kind == TypeKind::Float && pb->kind == TypeKind::Var)
      types.unify(pb, types.getFloat());
    if (pb->kind == TypeKind::Float && pa->kind == TypeKind::Var)
      types.unify(pa, types.getFloat());
    if (pa->kind == TypeKind::Float || pb->kind == TypeKind::Float) {
      Type *ua = types.getFloat(Measure::var(types.freshUnitVar(level)));
      Type *ub = types.getFloat(Measure::var(types.freshUnitVar(level)));
      if (!expect(a, ua, lhs.loc) || !expect(b, ub, rhs.loc))
        return types.getFloat();
      Measure ma = TypeContext::normalize(TypeContext::prune(ua)->measure);
      Measure mb = TypeContext::normalize(TypeContext::prune(ub)->measure);
      Measure m = op == "*" ? ma * mb : ma / mb;
      if (!m.exponentsInRange()) {
        error(expr.loc, "The unit of measure of this product or quotient has "
                        "an exponent beyond " +
                            std::to_string(kMaxUnitExponent));
        return types.getFloat();
      }
      return types.getFloat(m);
    }
    if (same())
      constrain(VarConstraint::Numeric);
    return a;
  }
  if (op == "**") {
    expect(a, types.getFloat(), lhs.loc);
    expect(b, types.getFloat(), rhs.loc);
    return types.getFloat();
  }
  if (op == "=" || op == "<>" || op == "<" || op == ">" || op == "<=" ||
      op == ">=") {
    same();
    return types.getBool();
  }
  if (op == "&&" || op == "||") {
    expect(a, types.getBool(), lhs.loc);
    expect(b, types.getBool(), rhs.loc);
    return types.getBool();
  }
  if (op == "::") {
    Type *list = types.getList(a);
    expect(b, list, rhs.loc);
    return list;
  }
  if (op == "@") {
    Type *list = types.getList(types.freshVar(level));
    expect(a, list, lhs.loc);
    expect(b, list, rhs.loc);
    return list;
  }
  if (op == "^") {
    expect(a, types.getString(), lhs.loc);
    expect(b, types.getString(), rhs.loc);
    return types.getString();
  }
  error(expr.loc, "the operator '" + op + "' is not supported");
  return types.freshVar(level);
}

Type *Checker::inferRecord(Expr &expr) {
  size_t firstField = expr.kind == ExprKind::RecordUpdate ? 1 : 0;
  Type *record = nullptr;
  TypeDecl *decl = nullptr;
  if (expr.kind == ExprKind::RecordUpdate) {
    record = infer(*expr.args[0]);
    Type *p = TypeContext::prune(record);
    if (p->kind == TypeKind::Named && p->decl->kind == TypeDecl::Record)
      decl = p->decl;
  }
  if (!decl) {
    decl = recordOfField(expr.fields[0]);
    if (!decl) {
      error(expr.loc,
            "The record label '" + expr.fields[0] + "' is not defined.");
      for (size_t i = firstField; i < expr.args.size(); ++i)
        infer(*expr.args[i]);
      return types.freshVar(level);
    }
    Type *fresh = freshNamed(decl);
    if (record)
      expect(record, fresh, expr.args[0]->loc);
    record = fresh;
  }
  std::vector<bool> seen(decl->fields.size());
  for (size_t i = 0; i < expr.fields.size(); ++i) {
    Expr &value = *expr.args[firstField + i];
    auto index = fieldIndex(decl, expr.fields[i]);
    if (!index) {
      error(value.loc, "The record type '" + decl->name +
                           "' does not contain a label '" + expr.fields[i] +
                           "'");
      infer(value);
      continue;
    }
    if (seen[*index])
      error(value.loc, "The field '" + expr.fields[i] +
                           "' appears twice in this record expression");
    seen[*index] = true;
    expr.fieldIndices.push_back(*index);
    expect(infer(value), fieldType(record, *index), value.loc);
  }
  if (expr.kind == ExprKind::Record)
    for (size_t i = 0; i < seen.size(); ++i)
      if (!seen[i])
        error(expr.loc, "No assignment given for field '" +
                            decl->fields[i].name + "' of type '" + decl->name +
                            "'");
  return record;
}

Type *Checker::inferField(Expr &expr) {
  Expr &base = *expr.args[0];
  // `Shape.Circle`: a qualified union case, not a field access.
  if (base.kind == ExprKind::Var && !lookup(base.name) &&
      typeDecls.count(base.name)) {
    expr.kind = ExprKind::Var;
    expr.name = base.name + "." + expr.name;
    expr.args.clear();
    return inferVar(expr);
  }
  Type *t = infer(base);
  Type *p = TypeContext::prune(t);
  const std::string &name = expr.name;
  if (name == "Length" &&
      (p->kind == TypeKind::String || p->kind == TypeKind::Array))
    return types.getInt();
  if (name == "Value" &&
      (p->kind == TypeKind::Ref || p->kind == TypeKind::Option))
    return p->args[0];
  if (name == "Head" && p->kind == TypeKind::List)
    return p->args[0];
  if (name == "Tail" && p->kind == TypeKind::List)
    return t;
  if (name == "IsEmpty" && p->kind == TypeKind::List)
    return types.getBool();
  if (name == "Length" && p->kind == TypeKind::List)
    return types.getInt();
  if ((name == "IsSome" || name == "IsNone") && p->kind == TypeKind::Option)
    return types.getBool();
  if (p->kind == TypeKind::Var) {
    if (name == "Value") {
      Type *element = types.freshVar(level);
      types.unify(p, types.getRef(element));
      return element;
    }
    TypeDecl *decl = recordOfField(name);
    if (!decl) {
      error(expr.loc,
            "The field, constructor or member '" + name + "' is not defined.");
      return types.freshVar(level);
    }
    types.unify(p, freshNamed(decl));
    p = TypeContext::prune(p);
  }
  if (p->kind != TypeKind::Named || p->decl->kind != TypeDecl::Record) {
    error(expr.loc, "The type " + quote(t) +
                        " does not define the field, constructor or member '" +
                        name + "'");
    return types.freshVar(level);
  }
  auto index = fieldIndex(p->decl, name);
  if (!index) {
    error(expr.loc, "The record type '" + p->decl->name +
                        "' does not contain a label '" + name + "'");
    return types.freshVar(level);
  }
  expr.fieldIndices = {*index};
  return fieldType(p, *index);
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

void Checker::inferPattern(Pattern &pat, Type *expected) {
  pat.type = expected;
  switch (pat.kind) {
  case Pattern::Wild:
    return;
  case Pattern::Var: {
    // A name that is a union case (or None) matches that case.
    if (pat.name == "None" || lookupCase(pat.name)) {
      pat.kind = Pattern::Ctor;
      inferPattern(pat, expected);
      return;
    }
    if (orBindings) {
      auto it = orBindings->find(pat.name);
      if (it != orBindings->end()) {
        pat.var = it->second;
        expect(expected, it->second->type, pat.loc);
        return;
      }
    }
    VarDecl *var = program.newVar(pat.name, pat.loc);
    var->type = expected;
    varLambdaDepth[var] = lambdaDepth;
    pat.var = var;
    bind(var);
    return;
  }
  case Pattern::Lit: {
    Type *t = infer(*pat.literal);
    expect(t, expected, pat.loc);
    return;
  }
  case Pattern::Unit:
    expect(types.getUnit(), expected, pat.loc);
    return;
  case Pattern::Tuple: {
    std::vector<Type *> elements;
    for (size_t i = 0; i < pat.args.size(); ++i)
      elements.push_back(types.freshVar(level));
    expect(types.getTuple(elements), expected, pat.loc);
    for (size_t i = 0; i < pat.args.size(); ++i)
      inferPattern(*pat.args[i], elements[i]);
    return;
  }
  case Pattern::Ctor: {
    if (pat.name == "Some" || pat.name == "None") {
      Type *element = types.freshVar(level);
      expect(types.getOption(element), expected, pat.loc);
      pat.caseIndex = pat.name == "Some" ? 1 : 0;
      if (pat.name == "Some" && pat.args.empty())
        error(pat.loc, "This union case expects 1 argument in tupled form");
      if (pat.name == "None" && !pat.args.empty())
        error(pat.loc, "This union case does not take arguments");
      if (!pat.args.empty())
        inferPattern(*pat.args[0], element);
      return;
    }
    auto found = lookupCase(pat.name);
    if (!found) {
      error(pat.loc,
            "The pattern discriminator '" + pat.name + "' is not defined.");
      for (auto &arg : pat.args)
        inferPattern(*arg, types.freshVar(level));
      return;
    }
    auto [decl, index] = *found;
    pat.decl = decl;
    pat.caseIndex = index;
    Type *named = freshNamed(decl);
    expect(named, expected, pat.loc);
    std::vector<Type *> fields = caseFieldTypes(named, index);
    if (pat.args.empty()) {
      if (!fields.empty())
        error(pat.loc, "This union case expects " +
                           std::to_string(fields.size()) +
                           " argument(s) in tupled form");
      return;
    }
    Pattern &arg = *pat.args[0];
    if (fields.empty()) {
      error(arg.loc, "This union case does not take arguments");
      return;
    }
    if (fields.size() == 1) {
      inferPattern(arg, fields[0]);
      return;
    }
    if (arg.kind == Pattern::Wild) {
      // `Rect _` matches every field.
      return;
    }
    if (arg.kind != Pattern::Tuple || arg.args.size() != fields.size()) {
      error(arg.loc, "This union case expects " +
                         std::to_string(fields.size()) +
                         " arguments in tupled form");
      // Still bind the names, so that the body reports nothing more.
      inferPattern(arg, types.freshVar(level));
      return;
    }
    arg.type = types.getTuple(fields);
    for (size_t i = 0; i < fields.size(); ++i)
      inferPattern(*arg.args[i], fields[i]);
    return;
  }
  case Pattern::Nil:
    expect(types.getList(types.freshVar(level)), expected, pat.loc);
    return;
  case Pattern::Cons: {
    Type *element = types.freshVar(level);
    expect(types.getList(element), expected, pat.loc);
    inferPattern(*pat.args[0], element);
    inferPattern(*pat.args[1], types.getList(element));
    return;
  }
  case Pattern::List: {
    Type *element = types.freshVar(level);
    expect(types.getList(element), expected, pat.loc);
    for (auto &arg : pat.args)
      inferPattern(*arg, element);
    return;
  }
  case Pattern::Record: {
    TypeDecl *decl = nullptr;
    Type *p = TypeContext::prune(expected);
    if (p->kind == TypeKind::Named && p->decl->kind == TypeDecl::Record)
      decl = p->decl;
    else
      decl = recordOfField(pat.fields[0]);
    if (!decl) {
      error(pat.loc,
            "The record label '" + pat.fields[0] + "' is not defined.");
      return;
    }
    Type *record = freshNamed(decl);
    expect(record, expected, pat.loc);
    for (size_t i = 0; i < pat.fields.size(); ++i) {
      auto index = fieldIndex(decl, pat.fields[i]);
      if (!index) {
        error(pat.args[i]->loc, "The record type '" + decl->name +
                                    "' does not contain a label '" +
                                    pat.fields[i] + "'");
        continue;
      }
      pat.fieldIndices.push_back(*index);
      inferPattern(*pat.args[i], fieldType(record, *index));
    }
    return;
  }
  case Pattern::Or: {
    size_t mark = scope.size();
    inferPattern(*pat.args[0], expected);
    std::map<std::string, VarDecl *> left;
    for (size_t i = mark; i < scope.size(); ++i)
      left[scope[i].first] = scope[i].second;
    auto *saved = orBindings;
    orBindings = &left;
    size_t before = scope.size();
    inferPattern(*pat.args[1], expected);
    orBindings = saved;
    if (scope.size() != before) {
      error(pat.args[1]->loc, "The two sides of this 'or' pattern bind "
                              "different sets of variables");
      scope.resize(before);
    }
    return;
  }
  case Pattern::As: {
    inferPattern(*pat.args[0], expected);
    VarDecl *var = program.newVar(pat.name, pat.loc);
    var->type = expected;
    varLambdaDepth[var] = lambdaDepth;
    pat.var = var;
    bind(var);
    return;
  }
  case Pattern::Typed:
    expect(resolveType(*pat.annotation), expected, pat.loc);
    inferPattern(*pat.args[0], expected);
    return;
  }
}

void Checker::checkExhaustive(Expr &match) {
  std::vector<const Pattern *> cases;
  for (MatchCase &mc : match.cases)
    if (!mc.guard)
      cases.push_back(mc.pattern.get());
  if (!isExhaustive(cases))
    warning(match.args[0]->loc,
            "Incomplete pattern matches on this expression.");
}

bool clef::typeCheckProgram(Program &program, TypeContext &types,
                            size_t firstUserDecl, const TypeErrorFn &onError) {
  Checker checker(program, types, firstUserDecl, onError);
  return checker.run();
}

//===- TypeCheckInternals.h - State shared by type inference ----*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The checker is one class whose members are defined by concept:
// Structure.cpp (declarations, types written in the source, let
// bindings), Expressions.cpp, Patterns.cpp (patterns and exhaustiveness)
// and Primitives.cpp (the types of the built-in functions and of format
// strings).
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

#ifndef CLEF_FRONTEND_ANTLR_TYPECHECK_TYPECHECKINTERNALS_H
#define CLEF_FRONTEND_ANTLR_TYPECHECK_TYPECHECKINTERNALS_H

#include "frontend-antlr/TypeCheck.h"

#include "frontend-antlr/ASTBuilder.h"
#include "frontend-antlr/Exhaustive.h"

#include "dialects/Clef/FormatString.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"

#include <map>
#include <set>

namespace clef {
namespace detail {

using namespace clef::ast;

/// The printf family: their first argument is a literal format string that
/// decides the types of the others.
inline bool isFormatFunction(const std::string &name) {
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
  /// Declares and binds the variable that `pat` (a name or `as`) names.
  void bindPatternVar(Pattern &pat, Type *type);
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

} // namespace detail
} // namespace clef

#endif // CLEF_FRONTEND_ANTLR_TYPECHECK_TYPECHECKINTERNALS_H

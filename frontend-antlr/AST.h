//===- AST.h - Abstract syntax of Clef programs -----------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The front end's own syntax tree, independent of ANTLR. Every node carries
// the source position it came from. Type inference annotates nodes in place
// (`type`, resolved variables, instantiations), and the emitter reads those
// annotations; the tree is otherwise immutable after building.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_FRONTEND_ANTLR_AST_H
#define CLEF_FRONTEND_ANTLR_AST_H

#include "frontend-antlr/Types.h"

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace clef::ast {

/// A 1-based source position.
struct Loc {
  unsigned line = 0;
  unsigned col = 0;
  /// The prelude is parsed from its own buffer.
  bool inPrelude = false;
};

struct Expr;
struct Pattern;
struct TypeExpr;
struct Binding;
struct TypeDecl;
using ExprPtr = std::unique_ptr<Expr>;
using PatternPtr = std::unique_ptr<Pattern>;
using TypeExprPtr = std::unique_ptr<TypeExpr>;

//===----------------------------------------------------------------------===//
// Type expressions (annotations and declarations)
//===----------------------------------------------------------------------===//

struct TypeExpr {
  enum Kind { Named, Var, Wild, Tuple, Fun, Array, Measured };
  Kind kind;
  Loc loc;
  /// Named: the (possibly postfix-applied) type name; Var: 'a.
  std::string name;
  /// Named: type arguments; Tuple: elements; Fun: {param, result};
  /// Array: {element}.
  std::vector<TypeExprPtr> args;
  /// Measured: the unit text between `<` and `>` of `float<...>`.
  std::string measure;
};

//===----------------------------------------------------------------------===//
// Variables
//===----------------------------------------------------------------------===//

/// A name bound by `let`, a parameter or a pattern.
struct VarDecl {
  std::string name;
  Loc loc;
  Type *type = nullptr;
  /// The generalised variables of `type`, in the order instantiations list
  /// their arguments.
  std::vector<Type *> generics;
  std::vector<UnitVar *> genericUnits;
  bool isMutable = false;
  bool isTopLevel = false;
  /// A top-level value read or written from inside a function or closure,
  /// stored as a `clef.global`.
  bool needsGlobal = false;
  /// The `let` binding of a function (or of a value), if any.
  Binding *binding = nullptr;
};

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

struct Pattern {
  enum Kind {
    Wild,
    Var,
    Lit,
    Unit,
    Tuple,
    /// A union case, `Some` or `None`; `args` holds its argument pattern.
    Ctor,
    Nil,
    Cons,
    List,
    Record,
    Or,
    As,
    Typed,
  };
  Kind kind;
  Loc loc;
  /// Var/As: the bound name; Ctor: the case name (possibly qualified).
  std::string name;
  /// Lit: the literal.
  ExprPtr literal;
  /// Tuple/List: elements; Ctor: {argument} or {}; Cons: {head, tail};
  /// Record: field patterns; Or: {lhs, rhs}; As/Typed: {inner}.
  std::vector<PatternPtr> args;
  /// Record: the field names, parallel to `args`.
  std::vector<std::string> fields;
  TypeExprPtr annotation;

  // Filled by inference.
  Type *type = nullptr;
  VarDecl *var = nullptr;
  /// Ctor: the union (null for Some/None) and case index.
  TypeDecl *decl = nullptr;
  unsigned caseIndex = 0;
  /// Record: the field indices, parallel to `fields`.
  std::vector<unsigned> fieldIndices;
};

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

enum class ExprKind {
  Int,
  Int64,
  Float,
  Bool,
  String,
  Char,
  Unit,
  /// A variable, prelude function or union case, possibly qualified
  /// (`List.map`).
  Var,
  /// `f a b`: args[0] is the function, the rest the arguments.
  App,
  /// `a op b` (args {a, b}) for the built-in binary operators.
  BinOp,
  /// `-a`.
  Neg,
  Lambda,
  /// `let` bindings scoping over args[0].
  Let,
  /// `if`: args {cond, then, else?}.
  If,
  Match,
  Tuple,
  List,
  Array,
  /// `[a .. b]` (args {a, b}); `isArray` for `[| a .. b |]`.
  Range,
  /// `{ X = a; Y = b }`: args parallel to `fields`.
  Record,
  /// `{ r with X = a }`: args {r, a...}, fields parallel to args[1..].
  RecordUpdate,
  /// `e.Name`: args {e}; also `.Length`, `.Value`.
  Field,
  /// `a.[i]`: args {a, i}.
  Index,
  /// `a; b; c`.
  Seq,
  /// `lhs <- rhs`: args {lhs, rhs}.
  Assign,
  While,
  /// `for i = a to b do` / `downto`: args {a, b, body}.
  ForTo,
  /// `for pat in e do`: args {e, body}; `pattern` is the loop pattern.
  ForIn,
  /// `(e : t)`: args {e}.
  Typed,
  /// `yield e` in a list or array expression: args {e}. `name` is the
  /// mutable local the expression accumulates its elements in (reversed);
  /// `flag` marks an implicit yield, which discards a unit value instead.
  Yield,
};

struct MatchCase {
  PatternPtr pattern;
  ExprPtr guard;
  ExprPtr body;
  Loc loc;
};

struct Expr {
  ExprKind kind;
  Loc loc;

  // Literals.
  int64_t intValue = 0;
  double floatValue = 0;
  bool boolValue = false;
  /// String and Char (UTF-8 of the char).
  std::string text;
  /// Float with a `<unit>` suffix.
  std::string measure;

  /// Var: the (qualified) name; BinOp: the operator; Field: the field name.
  std::string name;
  std::vector<ExprPtr> args;
  /// Lambda parameters; ForIn pattern (single element).
  std::vector<PatternPtr> params;
  /// Let.
  bool isRec = false;
  std::vector<std::unique_ptr<Binding>> bindings;
  /// Match (and `function`, which is a Lambda over a Match).
  std::vector<MatchCase> cases;
  /// Record/RecordUpdate field names.
  std::vector<std::string> fields;
  /// ForTo: `downto`; Range: array; Yield: implicit; Let, Seq, If, Match:
  /// parenthesized or a desugared list expression (an element of an
  /// enclosing list expression, not its statements).
  bool flag = false;
  /// Yield: filled by inference when an implicit yield discards a unit.
  bool discard = false;
  /// ForTo: the loop variable.
  VarDecl *loopVar = nullptr;
  TypeExprPtr annotation;

  // Filled by inference.
  Type *type = nullptr;
  /// Var: the resolved variable (null for prelude primitives and cases).
  VarDecl *var = nullptr;
  /// Var: the instantiation of the variable's generics at this use.
  std::vector<Type *> typeArgs;
  std::vector<UnitVar *> unitArgs;
  /// Var naming a union case: its union (null for Some/None) and index.
  TypeDecl *decl = nullptr;
  unsigned caseIndex = 0;
  /// Record/RecordUpdate/Field: the record declaration and field indices.
  std::vector<unsigned> fieldIndices;
  /// Var naming a prelude primitive: its name ("printfn", "List.length").
  std::string primitive;
};

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

struct Binding {
  Loc loc;
  bool isMutable = false;
  /// Function bindings: the name and curried parameters.
  std::string name;
  Loc nameLoc;
  std::vector<PatternPtr> params;
  /// Value bindings: the bound pattern.
  PatternPtr pattern;
  TypeExprPtr returnType;
  ExprPtr body;
  std::vector<std::string> attributes;

  // Filled by inference: the function's variable (function bindings and
  // simple value bindings `let x = ...`).
  VarDecl *var = nullptr;

  bool isFunction() const { return !params.empty(); }
  bool hasAttribute(const std::string &name) const {
    for (const std::string &attribute : attributes)
      if (attribute == name)
        return true;
    return false;
  }
};

struct FieldDecl {
  std::string name;
  Loc loc;
  bool isMutable = false;
  TypeExprPtr typeExpr;
  /// In terms of the declaration's `paramVars`.
  Type *type = nullptr;
};

struct CaseDecl {
  std::string name;
  Loc loc;
  std::vector<TypeExprPtr> fieldExprs;
  std::vector<Type *> fieldTypes;
};

struct TypeDecl {
  enum Kind { Record, Union, Abbrev, Measure };
  Kind kind;
  std::string name;
  Loc loc;
  std::vector<std::string> params;
  std::vector<FieldDecl> fields;
  std::vector<CaseDecl> cases;
  /// Abbrev: the abbreviated type; Measure: `measure` is the unit text of an
  /// abbreviation such as `N = kg m / s^2` (empty for a base unit).
  TypeExprPtr abbrev;
  std::string measure;
  Loc measureLoc;

  // Filled by inference: one generic variable per parameter.
  std::vector<Type *> paramVars;
};

struct Decl {
  enum Kind { Let, Types, Do, Expr, Open };
  Kind kind;
  Loc loc;
  /// Let.
  bool isRec = false;
  std::vector<std::unique_ptr<Binding>> bindings;
  /// Types (owned by Program::typeDecls).
  std::vector<TypeDecl *> types;
  /// Do and Expr.
  ExprPtr expr;
};

struct Program {
  std::vector<Decl> decls;
  std::vector<std::unique_ptr<TypeDecl>> typeDecls;
  /// Every variable, owned here so that nodes can point at them.
  std::deque<VarDecl> vars;

  VarDecl *newVar(const std::string &name, Loc loc) {
    vars.emplace_back();
    vars.back().name = name;
    vars.back().loc = loc;
    return &vars.back();
  }
};

} // namespace clef::ast

#endif // CLEF_FRONTEND_ANTLR_AST_H

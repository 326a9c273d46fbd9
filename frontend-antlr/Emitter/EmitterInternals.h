//===- EmitterInternals.h - State shared by the emitter ---------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The emitter is one class whose members are defined by concept:
// Structure.cpp (types, the module, functions, captures, bindings),
// Expressions.cpp, Patterns.cpp (binding, testing and matching) and
// Primitives.cpp (the built-ins and calls into the prelude).
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

#ifndef CLEF_FRONTEND_ANTLR_EMITTER_EMITTERINTERNALS_H
#define CLEF_FRONTEND_ANTLR_EMITTER_EMITTERINTERNALS_H

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

namespace clef {
namespace detail {

using namespace clef::ast;
namespace cl = mlir::clef;
using mlir::Value;

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
  /// The field that the `i`th sub-pattern of record pattern `pat` matches,
  /// read from `value`.
  Value recordPatternField(Pattern &pat, size_t i, Value value, Loc at);
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

} // namespace detail
} // namespace clef

#endif // CLEF_FRONTEND_ANTLR_EMITTER_EMITTERINTERNALS_H

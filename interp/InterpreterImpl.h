//===- InterpreterImpl.h - The evaluator shared by interp/ ------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The Interpreter class whose methods the files of interp/ define, one
// concept each: Interpreter.cpp (entry point and control), Expressions.cpp,
// Application.cpp, Patterns.cpp, Value.cpp (structural equality and
// comparison), Builtins.cpp (the prelude's primitives) and Format.cpp
// (printf and ToString).
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_INTERP_INTERPRETERIMPL_H
#define CLEF_INTERP_INTERPRETERIMPL_H

#include "interp/Interpreter.h"
#include "interp/Scheduler.h"
#include "interp/Value.h"

#include "frontend-antlr/AST.h"
#include "frontend-antlr/Monomorphize.h"
#include "frontend-antlr/Types.h"

#include "llvm/ADT/DenseMap.h"

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace clef {
namespace interp {

using ast::Loc;
using ast::Pattern;
using ast::PatternPtr;
using ast::Program;

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

class Interpreter {
public:
  Interpreter(Program &program, TypeContext &types, size_t firstUserDecl,
              const InterpreterOptions &options, Scheduler &scheduler)
      : program(program), types(types), firstUserDecl(firstUserDecl),
        options(options), scheduler(scheduler),
        emptyInst(std::make_shared<Instance>()) {}

  /// Runs the program as a new task of the scheduler until that task ends;
  /// returns its exit code.
  int run();

private:
  // Control.
  /// The program's declarations in order: the body of the main task.
  int runProgram();
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
  Scheduler &scheduler;
  InstPtr emptyInst;
  llvm::DenseMap<VarDecl *, Value> globals;
  std::map<std::tuple<Expr *, const Instance *, const Instance *>, InstPtr>
      instances;
  std::string out;
  uint64_t steps = 0;
};

} // namespace interp
} // namespace clef

#endif // CLEF_INTERP_INTERPRETERIMPL_H

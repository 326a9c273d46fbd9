//===- Interpreter.h - Reference semantics of Clef programs -----*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// A tree-walking interpreter of the type-checked AST: the reference the
// compiler is tested against (docs/DifferentialTesting.md). It links the
// front end's parser, type checker and prelude (frontend-antlr/), and
// nothing after them: no emitter, no decision trees, no region passes, no
// runtime.
// Patterns are matched directly, values are reference counted, and every
// built-in the prelude does not define (printf formatting, conversions,
// arrays, refs, failwith, int32 wrap-around) is implemented here from the
// language's and .NET's specification (docs/Runtime.md).
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_INTERP_INTERPRETER_H
#define CLEF_INTERP_INTERPRETER_H

#include "llvm/ADT/StringRef.h"

#include <cstddef>
#include <string>
#include <vector>

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace mlir {
class MLIRContext;
} // namespace mlir

namespace clef {
namespace interp {
class Scheduler;
} // namespace interp

/// Exit codes of the interpreter itself, distinct from any a generated
/// program uses, so that a differential runner can tell them apart.
enum InterpreterExit : int {
  /// The program uses a construct the interpreter does not implement.
  kInterpUnsupported = 120,
  /// The program exceeded the interpreter's stack or step limit, or every
  /// task waits for another (a deadlock).
  kInterpLimit = 121,
};

struct InterpreterOptions {
  /// The name the program's match failures report (the buffer's name).
  std::string fileName;
  /// Arguments passed to an [<EntryPoint>] function.
  std::vector<std::string> args;
  /// Bytes of stack of the program's main task. The evaluator reports
  /// kInterpLimit when its frames come within an eighth of the end.
  size_t stackSize = 256u << 20;
  /// Evaluation steps before reporting kInterpLimit (0: unlimited).
  uint64_t maxSteps = 0;
  /// After this many evaluation steps the running task lets the other
  /// ready tasks run (0: tasks switch only where they block).
  uint64_t yieldEvery = 0;
  /// The scheduler the program's main task joins, with the tasks it has
  /// already; null: a scheduler of the run's own.
  interp::Scheduler *scheduler = nullptr;
};

/// Parses and type-checks the main buffer of `sourceMgr` together with the
/// prelude, reporting diagnostics on `context` as the compiler does, then
/// runs it as the main task of a scheduler (interp/Scheduler.h) until that
/// task ends: the program's output goes to stdout and stderr, and the
/// result is its exit code (1 after a syntax or type error or an unhandled
/// exception, or one of InterpreterExit). Needs no large stack of the
/// caller's: the front end and every task run on stacks of their own.
int interpretClef(llvm::SourceMgr &sourceMgr, mlir::MLIRContext *context,
                  const InterpreterOptions &options);

} // namespace clef

#endif // CLEF_INTERP_INTERPRETER_H

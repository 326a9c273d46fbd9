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

/// Exit codes of the interpreter itself, distinct from any a generated
/// program uses, so that a differential runner can tell them apart.
enum InterpreterExit : int {
  /// The program uses a construct the interpreter does not implement.
  kInterpUnsupported = 120,
  /// The program exceeded the interpreter's stack or step limit.
  kInterpLimit = 121,
};

struct InterpreterOptions {
  /// The name the program's match failures report (the buffer's name).
  std::string fileName;
  /// Arguments passed to an [<EntryPoint>] function.
  std::vector<std::string> args;
  /// Bytes of native stack the evaluator may use before reporting
  /// kInterpLimit; the caller runs it on a stack at least this big.
  size_t stackLimit = 256u << 20;
  /// Evaluation steps before reporting kInterpLimit (0: unlimited).
  uint64_t maxSteps = 0;
};

/// Parses and type-checks the main buffer of `sourceMgr` together with the
/// prelude, reporting diagnostics on `context` as the compiler does, then
/// runs it: the program's output goes to stdout and stderr, and the result
/// is its exit code (1 after a syntax or type error or an unhandled
/// exception, or one of InterpreterExit).
int interpretClef(llvm::SourceMgr &sourceMgr, mlir::MLIRContext *context,
                  const InterpreterOptions &options);

} // namespace clef

#endif // CLEF_INTERP_INTERPRETER_H

//===- Interpreter.cpp - Reference semantics of Clef programs -------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The entry point and the evaluator's control: how a run ends (the
// program's exit, an unhandled exception, an unsupported construct, a
// limit) and the stack and step checks every evaluation step makes.
//
//===----------------------------------------------------------------------===//

#include "interp/InterpreterImpl.h"

#include "frontend-antlr/ParseAndCheck.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/Timing.h"
#include "llvm/Support/ProgramStack.h"
#include "llvm/Support/SourceMgr.h"

#include <cstdio>
#include <exception>

using namespace clef;
using namespace clef::ast;
using namespace clef::interp;

/// The stack the parser and the type checker run on (as in importClef).
static constexpr unsigned kFrontendStackSize = 512u << 20;

//===----------------------------------------------------------------------===//
// Control
//===----------------------------------------------------------------------===//

void Interpreter::flushOut() {
  if (!out.empty())
    fwrite(out.data(), 1, out.size(), stdout);
  out.clear();
  fflush(stdout);
}

void Interpreter::raise(const std::string &exception,
                        const std::string &message) {
  flushOut();
  fprintf(stderr, "Unhandled exception. %s: %s\n", exception.c_str(),
          message.c_str());
  throw ProgramExit{1};
}

void Interpreter::unsupported(Loc loc, const std::string &what) {
  flushOut();
  fprintf(stderr, "%s:%u:%u: clef-interp: unsupported: %s\n",
          loc.inPrelude ? "prelude.clef" : options.fileName.c_str(), loc.line,
          loc.col, what.c_str());
  throw ProgramExit{kInterpUnsupported};
}

void Interpreter::limit(const std::string &what) {
  flushOut();
  fprintf(stderr, "clef-interp: %s\n", what.c_str());
  throw ProgramExit{kInterpLimit};
}

void Interpreter::matchFailure(Loc loc) {
  raise("Microsoft.FSharp.Core.MatchFailureException",
        "The match cases were incomplete at " +
            (loc.inPrelude ? std::string("prelude.clef") : options.fileName) +
            ":" + std::to_string(loc.line) + ":" + std::to_string(loc.col));
}

void Interpreter::checkStack() {
  // The frames of one evaluation step (a primitive, a format, a deep
  // comparison) stay within the eighth of the stack kept as headroom.
  // The frame's address, not a local's: AddressSanitizer may move locals
  // to a heap "fake stack".
  const char *frame = static_cast<const char *>(__builtin_frame_address(0));
  Scheduler::TaskId task = scheduler.current();
  const char *floor = scheduler.stackLow(task) + scheduler.stackSize(task) / 8;
  if (frame < floor)
    limit("stack limit exceeded (recursion too deep)");
  ++steps;
  if (options.maxSteps && steps > options.maxSteps)
    limit("step limit exceeded");
  if (options.yieldEvery && steps % options.yieldEvery == 0 &&
      scheduler.othersReady())
    scheduler.yield();
}

int Interpreter::run() {
  int code = 0;
  Scheduler::TaskId main = scheduler.spawn(
      "main", [&] { code = runProgram(); }, options.stackSize);
  if (!scheduler.run(main)) {
    flushOut();
    fprintf(stderr, "clef-interp: deadlock: every task waits for another\n");
    return kInterpLimit;
  }
  // Only ProgramExit ends a run; anything else escaping is the
  // interpreter's own failure.
  if (std::exception_ptr error = scheduler.error(main))
    std::rethrow_exception(error);
  return code;
}

int Interpreter::runProgram() {
  int code = 0;
  try {
    for (size_t i = firstUserDecl; i < program.decls.size(); ++i) {
      Decl &decl = program.decls[i];
      switch (decl.kind) {
      case Decl::Let: {
        EnvPtr env;
        bindLet(decl.bindings, decl.isRec, env, emptyInst);
        for (auto &binding : decl.bindings) {
          if (!binding->hasAttribute("EntryPoint") || !binding->var)
            continue;
          Value argv = mkObj(VK::Array);
          for (const std::string &arg : options.args)
            argv.obj->elems.push_back(mkStr(arg));
          std::vector<Value> args{argv};
          Value result;
          Value fn = makeFunction(binding.get(), nullptr, emptyInst);
          apply(fn, args, result, nullptr, binding->loc);
          code = static_cast<int32_t>(result.i);
        }
        break;
      }
      case Decl::Do:
      case Decl::Expr:
        eval(decl.expr.get(), nullptr, emptyInst);
        break;
      default:
        break;
      }
    }
  } catch (ProgramExit &exit) {
    code = exit.code;
  }
  // Released here, on the task's large stack: a deep value's destruction
  // recurses.
  globals.clear();
  flushOut();
  fflush(stderr);
  return code;
}

//===----------------------------------------------------------------------===//
// Entry point
//===----------------------------------------------------------------------===//

int clef::interpretClef(llvm::SourceMgr &sourceMgr, mlir::MLIRContext *context,
                        const InterpreterOptions &options) {
  ast::Program program;
  TypeContext types;
  size_t firstUserDecl = 0;
  bool ok = false;
  // The front end recurses over the program's nesting: it runs on a stack
  // as large as importClef gives it.
  llvm::runOnNewStack(kFrontendStackSize, [&] {
    mlir::TimingScope untimed;
    ok = parseAndCheck(sourceMgr, context, options.fileName, program, types,
                       firstUserDecl, untimed);
  });
  if (!ok)
    return 1;
  std::unique_ptr<Scheduler> own;
  Scheduler *scheduler = options.scheduler;
  if (!scheduler) {
    own = std::make_unique<Scheduler>();
    scheduler = own.get();
  }
  Interpreter interpreter(program, types, firstUserDecl, options, *scheduler);
  return interpreter.run();
}

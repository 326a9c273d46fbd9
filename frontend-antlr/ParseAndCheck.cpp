//===- ParseAndCheck.cpp - The prelude and a program, typed ---------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/ParseAndCheck.h"

#include "frontend-antlr/ASTBuilder.h"
#include "frontend-antlr/TypeCheck.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/Timing.h"
#include "llvm/Support/SourceMgr.h"

using namespace clef;

static const char kPrelude[] =
#include "Prelude.inc"
    ;

bool clef::parseAndCheck(llvm::SourceMgr &sourceMgr, mlir::MLIRContext *context,
                         llvm::StringRef fileName, ast::Program &program,
                         TypeContext &types, size_t &firstUserDecl,
                         mlir::TimingScope &timing) {
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  auto fileAttr = mlir::StringAttr::get(context, fileName);
  auto preludeAttr = mlir::StringAttr::get(context, "prelude.clef");

  mlir::TimingScope parseTiming = timing.nest("Parse");
  bool ok = parseProgram(
      kPrelude, program,
      [&](ast::Loc at, const std::string &message) {
        mlir::emitError(mlir::FileLineColLoc::get(preludeAttr, at.line, at.col),
                        message);
      },
      /*isPrelude=*/true);
  if (!ok)
    return false;
  firstUserDecl = program.decls.size();
  ok = parseProgram(buffer->getBuffer(), program,
                    [&](ast::Loc at, const std::string &message) {
                      mlir::emitError(
                          mlir::FileLineColLoc::get(fileAttr, at.line, at.col),
                          message);
                    });
  if (!ok)
    return false;
  parseTiming.stop();

  mlir::TimingScope typeCheckTiming = timing.nest("Type check");
  return typeCheckProgram(
      program, types, firstUserDecl,
      [&](ast::Loc at, const std::string &message, bool isWarning) {
        auto loc = mlir::FileLineColLoc::get(
            at.inPrelude ? preludeAttr : fileAttr, at.line, at.col);
        // The prelude's own matches are checked by hand; a simple
        // exhaustiveness check would only produce noise there.
        if (isWarning && at.inPrelude)
          return;
        if (isWarning)
          mlir::emitWarning(loc, message);
        else
          mlir::emitError(loc, message);
      });
}

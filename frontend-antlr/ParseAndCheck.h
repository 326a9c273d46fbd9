//===- ParseAndCheck.h - The prelude and a program, typed -------*- C++ -*-===//
//-*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The front end's phases up to the typed AST, shared by the emitter's
// import (Import.h) and by the reference interpreter (interp/): the prelude
// and the main buffer are parsed into one AST, prelude first, and
// type-checked together, every diagnostic through the MLIR engine.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_FRONTEND_ANTLR_PARSEANDCHECK_H
#define CLEF_FRONTEND_ANTLR_PARSEANDCHECK_H

#include "frontend-antlr/AST.h"
#include "frontend-antlr/Types.h"

#include "llvm/ADT/StringRef.h"

#include <cstddef>

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace mlir {
class MLIRContext;
class TimingScope;
} // namespace mlir

namespace clef {

/// Parses the prelude and the main buffer of `sourceMgr` into `program` and
/// type-checks them with `types`. Locations in the program are reported as
/// `fileName`, in the prelude as "prelude.clef"; warnings in the prelude are
/// dropped. `firstUserDecl` is the index of the program's first
/// declaration. The two steps are timed as "Parse" and "Type check" nested
/// in `timing`. Returns false after any error, already reported.
bool parseAndCheck(llvm::SourceMgr &sourceMgr, mlir::MLIRContext *context,
                   llvm::StringRef fileName, ast::Program &program,
                   TypeContext &types, size_t &firstUserDecl,
                   mlir::TimingScope &timing);

} // namespace clef

#endif // CLEF_FRONTEND_ANTLR_PARSEANDCHECK_H

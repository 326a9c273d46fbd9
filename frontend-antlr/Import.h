//===- Import.h - Clef source to the clef dialect ---------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The public entry point of the front end. Deliberately free of the
// project's dialect headers: the drivers include it next to their own
// `clef::` declarations.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_FRONTEND_ANTLR_IMPORT_H
#define CLEF_FRONTEND_ANTLR_IMPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace mlir {
class TimingScope;
} // namespace mlir

namespace clef {

/// Parses, type-checks and emits the main buffer of `sourceMgr` as a builtin
/// module in the clef dialect. Every diagnostic goes through the context's
/// diagnostic engine with a FileLineColLoc ("file.clef:LINE:COL: error:
/// ..."); returns null after any error. With `timing`, each step (parse,
/// type check, emission with monomorphisation, verification) is timed in a
/// scope nested in it.
mlir::OwningOpRef<mlir::ModuleOp>
importClef(llvm::SourceMgr &sourceMgr, mlir::MLIRContext *context,
           mlir::TimingScope *timing = nullptr);

/// Registers the `--import-clef` translation (TranslateToMLIRRegistration)
/// for clef-translate.
void registerImportClefTranslation();

} // namespace clef

#endif // CLEF_FRONTEND_ANTLR_IMPORT_H

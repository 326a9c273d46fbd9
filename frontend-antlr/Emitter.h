//===- Emitter.h - Emission of the clef dialect -----------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Turns a type-checked program into a builtin module of `clef`, `func`,
// `scf` and `arith` operations, monomorphising generic functions and types
// on demand (Monomorphize.h) so that no value is boxed.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_FRONTEND_ANTLR_EMITTER_H
#define CLEF_FRONTEND_ANTLR_EMITTER_H

#include "frontend-antlr/AST.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace clef {

/// Emits `program`; declarations before `firstUserDecl` are the prelude and
/// only what the program uses of it is emitted. Errors are reported on the
/// context's diagnostic engine; returns null after any error.
mlir::OwningOpRef<mlir::ModuleOp>
emitModule(ast::Program &program, TypeContext &types, size_t firstUserDecl,
           mlir::MLIRContext *context, llvm::StringRef fileName);

} // namespace clef

#endif // CLEF_FRONTEND_ANTLR_EMITTER_H

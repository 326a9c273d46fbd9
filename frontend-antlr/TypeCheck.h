//===- TypeCheck.h - Hindley–Milner inference for Clef ----------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Algorithm W with levels (let-polymorphism), records and unions, units of
// measure, and F#'s defaulting of unresolved arithmetic to int. Resolves
// every name, annotates the AST with types and instantiations, and reports
// errors F#-style ("This expression was expected to have type 'int' but here
// has type 'string'").
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_FRONTEND_ANTLR_TYPECHECK_H
#define CLEF_FRONTEND_ANTLR_TYPECHECK_H

#include "frontend-antlr/AST.h"

#include <functional>
#include <string>

namespace clef {

/// Receives type errors (and warnings when `isWarning`).
using TypeErrorFn =
    std::function<void(ast::Loc, const std::string &, bool isWarning)>;

/// Type-checks `program` in place. Declarations before `firstUserDecl` are
/// the prelude. Returns false after reporting at least one error.
bool typeCheckProgram(ast::Program &program, TypeContext &types,
                      size_t firstUserDecl, const TypeErrorFn &onError);

/// Whether `name` is a primitive the emitter implements directly (printf,
/// conversions, math...), when not shadowed by a user definition.
bool isPrimitive(const std::string &name);

} // namespace clef

#endif // CLEF_FRONTEND_ANTLR_TYPECHECK_H

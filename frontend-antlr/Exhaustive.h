//===- Exhaustive.h - Whether a match covers every value --------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_FRONTEND_ANTLR_EXHAUSTIVE_H
#define CLEF_FRONTEND_ANTLR_EXHAUSTIVE_H

#include "frontend-antlr/AST.h"

#include <vector>

namespace clef {

/// Whether the patterns `cases` (type-checked, in order; the unguarded cases
/// of a match) together match every value of their type. Nested patterns
/// count: `Node (Red, ...) | Node (Black, ...)` covers `Node` when the
/// colour has two cases. Literals other than `true`/`false` never cover
/// their type. A match too large to decide within a fixed budget counts as
/// complete (no warning rather than a false one).
bool isExhaustive(const std::vector<const ast::Pattern *> &cases);

} // namespace clef

#endif // CLEF_FRONTEND_ANTLR_EXHAUSTIVE_H

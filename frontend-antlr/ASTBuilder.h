//===- ASTBuilder.h - From Clef source text to the AST ----------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Runs the ANTLR lexer, the offside rule and the ANTLR parser over one
// source buffer and converts the parse tree into the front end's AST. No
// ANTLR type or exception crosses this interface.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_FRONTEND_ANTLR_ASTBUILDER_H
#define CLEF_FRONTEND_ANTLR_ASTBUILDER_H

#include "frontend-antlr/AST.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>
#include <string>

namespace clef {

/// Receives every syntax error with its position.
using SyntaxErrorFn = std::function<void(ast::Loc, const std::string &)>;

/// Parses `source` and appends its declarations to `program`. Returns false
/// after reporting at least one error through `onError`. Locations of the
/// prelude are marked `inPrelude`.
bool parseProgram(llvm::StringRef source, ast::Program &program,
                  const SyntaxErrorFn &onError, bool isPrelude = false);

/// Prints the token stream the parser sees after the offside rule, one
/// source line per output line, virtual tokens as `{` (BEGIN), `}` (END)
/// and `;;` (SEP). For testing the layout rules.
bool printLayout(llvm::StringRef source, llvm::raw_ostream &os,
                 const SyntaxErrorFn &onError);

/// Parses a unit of measure such as "kg m/s^2", "1/s", "'u^2" into its
/// atoms and exponents ('u for unit variables, `_` for the wildcard).
/// Returns false with `error` set on malformed text.
bool parseMeasureText(llvm::StringRef text,
                      std::vector<std::pair<std::string, int>> &atoms,
                      std::string &error);

} // namespace clef

#endif // CLEF_FRONTEND_ANTLR_ASTBUILDER_H

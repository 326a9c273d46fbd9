//===- Layout.h - Offside rule for Clef light syntax ------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The offside rule of F# light syntax, applied between the ANTLR lexer and
// the ANTLR parser. It turns columns into virtual tokens so that the parser
// grammar is context free:
//
//   BEGIN  opens a block; inserted before the first token after a block
//          opener (`=` of a binding, `->`, `then`, `else`, `do`, `(`, `[`,
//          `[|`, `{`, the `=` of a record field, ...). The column of that
//          token becomes the block's offside line.
//   SEP    separates two lines of a block (a line starting exactly on the
//          block's offside line).
//   END    closes a block: a line starting left of its offside line, a
//          closing bracket, or a keyword that ends it (`else`, `in`, `|`...).
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_FRONTEND_ANTLR_LAYOUT_H
#define CLEF_FRONTEND_ANTLR_LAYOUT_H

#include "antlr4-runtime.h"

#include "llvm/ADT/StringRef.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace clef {

/// Called for each layout error with a 1-based line and column.
using LayoutErrorFn =
    std::function<void(size_t line, size_t col, const std::string &message)>;

/// Reads every token of `lexer` and returns the token sequence the parser
/// consumes, with virtual BEGIN/END/SEP tokens inserted and ending with EOF.
/// Tabs and unknown characters are reported through `onError` and dropped.
/// Reports the first byte of `source` that is not part of a well-formed
/// UTF-8 sequence, at its line and column (columns count characters, as the
/// lexer's do), and returns false; the lexer only reads UTF-8.
bool checkUtf8(llvm::StringRef source, const LayoutErrorFn &onError);

std::vector<std::unique_ptr<antlr4::Token>>
applyLayout(antlr4::Lexer &lexer, const LayoutErrorFn &onError);

} // namespace clef

#endif // CLEF_FRONTEND_ANTLR_LAYOUT_H

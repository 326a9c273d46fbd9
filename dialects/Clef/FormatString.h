//===- FormatString.h - F# printf format strings ----------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The one parser of `printf`-style format strings: the type checker uses it
// to type the arguments, the op verifiers to check them and the lowering to
// emit the formatting calls.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DIALECTS_CLEF_FORMATSTRING_H
#define CLEF_DIALECTS_CLEF_FORMATSTRING_H

#include "mlir/IR/Types.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace mlir::clef {

/// One piece of a format string: literal text, or a conversion that consumes
/// one argument.
struct FormatPiece {
  enum Flag : int32_t {
    LeftAlign = 1,
    ZeroPad = 2,
    PlusSign = 4,
    SpaceSign = 8,
  };
  bool isLiteral = true;
  std::string text;    // literal text, `%%` already unescaped
  char conversion = 0; // one of "dixXouseEfFgGcbAO"
  int32_t flags = 0;
  int32_t width = -1;
  int32_t precision = -1;
};

/// The class of argument a conversion accepts.
enum class FormatArgKind { Integer, Float, String, Char, Bool, Any };

/// Splits an F# format string into pieces; none (with `error` set) if it is
/// malformed or uses an unsupported conversion.
std::optional<llvm::SmallVector<FormatPiece>>
parseFormatString(llvm::StringRef format, std::string &error);

FormatArgKind getFormatArgKind(char conversion);

/// Whether an argument of `type` can be printed by `conversion`.
bool formatAcceptsType(char conversion, Type type);

} // namespace mlir::clef

#endif // CLEF_DIALECTS_CLEF_FORMATSTRING_H

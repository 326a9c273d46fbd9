//===- Units.h - Units of measure algebra -----------------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Units of measure form a free abelian group over base unit names (and unit
// variables such as 'u). This file holds the canonical representation shared
// by the type checker, the `!clef.float<...>` type, its verifiers and the
// certificate: a sorted map from unit name to a non-zero exponent.
//
// The algebra knows no dialect type: ClefTypes.h builds `!clef.float` on it
// (and holds getUnits and getFloatType), never the other way round.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DIALECTS_CLEF_UNITS_H
#define CLEF_DIALECTS_CLEF_UNITS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace mlir::clef {

class Units {
public:
  Units() = default;
  /// A single base unit (or unit variable) with exponent 1.
  static Units base(llvm::StringRef name);

  /// Parses a unit expression such as "kg m/s^2", "1/s", "m^-1", "N*m".
  /// Juxtaposition and `*` multiply, `/` divides by the product that follows
  /// it, `^` takes an integer exponent, `1` is the dimensionless unit.
  static std::optional<Units> parse(llvm::StringRef text, std::string &error);

  /// The canonical spelling: positive exponents first, then `/` and the
  /// negative ones, names sorted ("kg m/s^2", "1/s"); "1" if dimensionless.
  std::string str() const;

  bool isDimensionless() const { return exponents.empty(); }
  Units operator*(const Units &other) const;
  Units operator/(const Units &other) const;
  Units pow(int64_t n) const;
  /// Halves every exponent; none if an exponent is odd.
  std::optional<Units> sqrt() const;

  bool operator==(const Units &other) const {
    return exponents == other.exponents;
  }
  bool operator!=(const Units &other) const { return !(*this == other); }

  const std::map<std::string, int64_t> &getExponents() const {
    return exponents;
  }
  void setExponent(llvm::StringRef name, int64_t exp);

  DictionaryAttr toAttr(MLIRContext *context) const;
  static Units fromAttr(DictionaryAttr attr);

private:
  std::map<std::string, int64_t> exponents;
};

} // namespace mlir::clef

#endif // CLEF_DIALECTS_CLEF_UNITS_H

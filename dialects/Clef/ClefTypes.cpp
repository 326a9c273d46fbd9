//===- ClefTypes.cpp - Clef dialect types ---------------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "dialects/Clef/ClefTypes.h"
#include "dialects/Clef/ClefDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::clef;

#define GET_TYPEDEF_CLASSES
#include "dialects/Clef/ClefTypes.cpp.inc"

void ClefDialect::registerTypes() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "dialects/Clef/ClefTypes.cpp.inc"
      >();
}

bool mlir::clef::isHeapType(Type type) {
  return isa<StringType, clef::TupleType, ListType, ArrayType, RefType,
             ClosureType, RecordType, UnionType>(type);
}

//===----------------------------------------------------------------------===//
// MeasureType
//===----------------------------------------------------------------------===//

MeasureType MeasureType::get(MLIRContext *context, const Units &units) {
  return Base::get(context, units.toAttr(context));
}

Units MeasureType::getUnitMap() const { return Units::fromAttr(getUnits()); }

std::optional<Units> mlir::clef::getUnits(Type type) {
  if (type.isF64())
    return Units();
  if (auto measure = dyn_cast<MeasureType>(type))
    return measure.getUnitMap();
  return std::nullopt;
}

Type mlir::clef::getFloatType(MLIRContext *context, const Units &units) {
  if (units.isDimensionless())
    return Float64Type::get(context);
  return MeasureType::get(context, units);
}

LogicalResult MeasureType::verify(function_ref<InFlightDiagnostic()> emitError,
                                  DictionaryAttr units) {
  if (!units || units.empty())
    return emitError() << "a dimensionless float is 'f64', not "
                          "'!clef.float<\"1\">'";
  for (NamedAttribute entry : units) {
    auto exp = dyn_cast<IntegerAttr>(entry.getValue());
    if (!exp || exp.getInt() == 0)
      return emitError() << "unit '" << entry.getName().getValue()
                         << "' must have a non-zero integer exponent";
  }
  return success();
}

Type MeasureType::parse(AsmParser &parser) {
  std::string text;
  SMLoc loc = parser.getCurrentLocation();
  if (parser.parseLess() || parser.parseString(&text) || parser.parseGreater())
    return {};
  std::string error;
  std::optional<Units> units = Units::parse(text, error);
  if (!units) {
    parser.emitError(loc) << "invalid unit of measure '" << text
                          << "': " << error;
    return {};
  }
  DictionaryAttr attr = units->toAttr(parser.getContext());
  return getChecked([&] { return parser.emitError(loc); }, parser.getContext(),
                    attr);
}

void MeasureType::print(AsmPrinter &printer) const {
  printer << "<\"" << getUnitMap().str() << "\">";
}

//===----------------------------------------------------------------------===//
// Other types
//===----------------------------------------------------------------------===//

LogicalResult
clef::TupleType::verify(function_ref<InFlightDiagnostic()> emitError,
                        ArrayRef<Type> elementTypes) {
  if (elementTypes.size() < 2)
    return emitError() << "a tuple has at least two elements, got "
                       << elementTypes.size();
  return success();
}

LogicalResult ClosureType::verify(function_ref<InFlightDiagnostic()> emitError,
                                  FunctionType signature) {
  if (signature.getNumResults() != 1)
    return emitError() << "a function value returns exactly one value, got "
                       << signature.getNumResults();
  return success();
}

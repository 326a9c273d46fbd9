//===- TypeConverter.cpp - Data layout of clef types ----------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The run-time representation of every clef type (docs/DataLayout.md):
// scalars are unboxed, heap values are pointers into regions, options are
// held by value as {flag, payload}.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ClefToLLVM/ClefToLLVM.h"

#include "dialects/Clef/ClefTypes.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "passes/Conversion/RegionToLLVM/RegionToLLVM.h"

using namespace mlir;
using namespace mlir::clef;

namespace clef {

void addClefTypeConversions(LLVMTypeConverter &converter) {
  MLIRContext *ctx = &converter.getContext();
  auto ptr = LLVM::LLVMPointerType::get(ctx);
  // Unit is a one-bit value so that generic code needs no special case.
  converter.addConversion(
      [ctx](UnitType) -> Type { return IntegerType::get(ctx, 1); });
  converter.addConversion(
      [ctx](CharType) -> Type { return IntegerType::get(ctx, 32); });
  converter.addConversion(
      [ctx](MeasureType) -> Type { return Float64Type::get(ctx); });
  converter.addConversion([ptr](Type type) -> std::optional<Type> {
    if (isHeapType(type) || isa<LocalType>(type))
      return ptr;
    return std::nullopt;
  });
  converter.addConversion(
      [&converter, ctx](OptionType type) -> std::optional<Type> {
        Type payload = converter.convertType(type.getElementType());
        if (!payload)
          return std::nullopt;
        return LLVM::LLVMStructType::getLiteral(
            ctx, {IntegerType::get(ctx, 1), payload});
      });
}

void addLoweringTypeConversions(LLVMTypeConverter &converter) {
  addClefTypeConversions(converter);
  addRegionTypeConversions(converter);
}

} // namespace clef

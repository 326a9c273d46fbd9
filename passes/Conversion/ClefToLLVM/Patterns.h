//===- Patterns.h - Pattern groups of the clef lowering ---------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_PASSES_CONVERSION_CLEFTOLLVM_PATTERNS_H
#define CLEF_PASSES_CONVERSION_CLEFTOLLVM_PATTERNS_H

#include "mlir/Conversion/LLVMCommon/Pattern.h"

namespace clef {

/// The base of every clef op lowering.
template <typename Op> struct ClefPattern : mlir::ConvertOpToLLVMPattern<Op> {
  using mlir::ConvertOpToLLVMPattern<Op>::ConvertOpToLLVMPattern;
};

/// Literals, arithmetic, comparison, conversions and math.
void populateScalarPatterns(mlir::LLVMTypeConverter &converter,
                            mlir::RewritePatternSet &patterns);
/// Strings, printf/sprintf and `string`.
void populateFormatPatterns(mlir::LLVMTypeConverter &converter,
                            mlir::RewritePatternSet &patterns);
/// Globals, mutable locals, failure and process exit.
void populateProgramPatterns(mlir::LLVMTypeConverter &converter,
                             mlir::RewritePatternSet &patterns);
/// Tuples, records, unions, lists, options, arrays, refs and argv.
void populateDataPatterns(mlir::LLVMTypeConverter &converter,
                          mlir::RewritePatternSet &patterns);
/// Closures, their captures, application and function references.
void populateClosurePatterns(mlir::LLVMTypeConverter &converter,
                             mlir::RewritePatternSet &patterns);
/// Structural equality, ordering and hashing of compound values.
void populateStructuralPatterns(mlir::LLVMTypeConverter &converter,
                                mlir::RewritePatternSet &patterns);

/// Whether `%A` and `%O` of a value of this type are traversed by generated
/// code.
bool isStructuredFormatType(mlir::Type type);
/// Appends `%A` or `%O` (`conversion`) of `v` (of clef type `type`) with the
/// specifier's flags, width and precision (-1 when absent) to the format
/// builder; emits a diagnostic on `op` for values that cannot be printed
/// (functions).
mlir::LogicalResult emitStructuredFormat(mlir::OpBuilder &b, mlir::Location loc,
                                         const mlir::TypeConverter &converter,
                                         mlir::Type type, mlir::Value v,
                                         mlir::Operation *op, char conversion,
                                         int32_t flags, int32_t width,
                                         int32_t precision);

} // namespace clef

#endif // CLEF_PASSES_CONVERSION_CLEFTOLLVM_PATTERNS_H

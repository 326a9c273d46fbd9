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
template <typename Op>
struct ClefPattern : mlir::ConvertOpToLLVMPattern<Op> {
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

} // namespace clef

#endif // CLEF_PASSES_CONVERSION_CLEFTOLLVM_PATTERNS_H

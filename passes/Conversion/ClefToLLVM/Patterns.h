//===- Patterns.h - Pattern groups of the clef lowering ---------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_PASSES_CONVERSION_CLEFTOLLVM_PATTERNS_H
#define CLEF_PASSES_CONVERSION_CLEFTOLLVM_PATTERNS_H

namespace mlir {
class LLVMTypeConverter;
class RewritePatternSet;
} // namespace mlir

namespace clef {

/// Literals, arithmetic, comparison, conversions and math.
void populateScalarPatterns(mlir::LLVMTypeConverter &converter,
                            mlir::RewritePatternSet &patterns);
/// Strings, printf/sprintf and `string`.
void populateFormatPatterns(mlir::LLVMTypeConverter &converter,
                            mlir::RewritePatternSet &patterns);
/// Globals, mutable locals, failure and process exit.
void populateProgramPatterns(mlir::LLVMTypeConverter &converter,
                             mlir::RewritePatternSet &patterns);

} // namespace clef

#endif // CLEF_PASSES_CONVERSION_CLEFTOLLVM_PATTERNS_H

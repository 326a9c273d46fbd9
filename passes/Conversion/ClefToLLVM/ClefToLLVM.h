//===- ClefToLLVM.h - Clef to LLVM lowering ---------------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_PASSES_CONVERSION_CLEFTOLLVM_CLEFTOLLVM_H
#define CLEF_PASSES_CONVERSION_CLEFTOLLVM_CLEFTOLLVM_H

namespace mlir {
class LLVMTypeConverter;
class RewritePatternSet;
} // namespace mlir

namespace clef {

/// Adds the data layout of clef types (docs/DataLayout.md) to the converter.
void addClefTypeConversions(mlir::LLVMTypeConverter &converter);

/// Adds every type conversion of the lowering: clef types and the region
/// dialect's handles. The passes that size or lower allocations use it.
void addLoweringTypeConversions(mlir::LLVMTypeConverter &converter);

/// Patterns lowering every clef op to the LLVM dialect and runtime calls.
void populateClefToLLVMConversionPatterns(mlir::LLVMTypeConverter &converter,
                                          mlir::RewritePatternSet &patterns);

} // namespace clef

#endif // CLEF_PASSES_CONVERSION_CLEFTOLLVM_CLEFTOLLVM_H

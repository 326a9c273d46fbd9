//===- RegionToLLVM.h - Region to LLVM lowering -----------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_PASSES_CONVERSION_REGIONTOLLVM_REGIONTOLLVM_H
#define CLEF_PASSES_CONVERSION_REGIONTOLLVM_REGIONTOLLVM_H

namespace mlir {
class LLVMTypeConverter;
class RewritePatternSet;
} // namespace mlir

namespace clef {

/// Adds the conversion of `!region.handle` to `!llvm.ptr` to the converter.
void addRegionTypeConversions(mlir::LLVMTypeConverter &converter);

/// Patterns lowering the region dialect to LLVM and runtime calls.
void populateRegionToLLVMConversionPatterns(mlir::LLVMTypeConverter &converter,
                                            mlir::RewritePatternSet &patterns);

} // namespace clef

#endif // CLEF_PASSES_CONVERSION_REGIONTOLLVM_REGIONTOLLVM_H

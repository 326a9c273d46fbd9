//===- RegionToLLVM.cpp - Region to LLVM lowering -------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/RegionToLLVM/RegionToLLVM.h"
#include "passes/Conversion/ClefToLLVM/LoweringUtils.h"
#include "passes/Conversion/ClefToLLVM/RuntimeFunctions.h"
#include "passes/Passes.h"

#include "dialects/Region/RegionOps.h"
#include "mlir/Conversion/LLVMCommon/ConversionTarget.h"
#include "mlir/Conversion/LLVMCommon/Pattern.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"

namespace clef {
#define GEN_PASS_DEF_CONVERTREGIONTOLLVM
#include "passes/Passes.h.inc"
} // namespace clef

using namespace mlir;

namespace clef {

namespace {

struct GlobalOpLowering : ConvertOpToLLVMPattern<region::GlobalOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;
  LogicalResult
  matchAndRewrite(region::GlobalOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, getGlobalRegion(rewriter, op.getLoc()));
    return success();
  }
};

struct CreateOpLowering : ConvertOpToLLVMPattern<region::CreateOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;
  LogicalResult
  matchAndRewrite(region::CreateOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(
        op, callRuntime(rewriter, op.getLoc(), RuntimeFn::RegionCreate, {}));
    return success();
  }
};

struct ReleaseOpLowering : ConvertOpToLLVMPattern<region::ReleaseOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;
  LogicalResult
  matchAndRewrite(region::ReleaseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    callRuntime(rewriter, op.getLoc(), RuntimeFn::RegionRelease,
                {adaptor.getHandle()});
    rewriter.eraseOp(op);
    return success();
  }
};

struct AllocOpLowering : ConvertOpToLLVMPattern<region::AllocOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;
  LogicalResult
  matchAndRewrite(region::AllocOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value size = adaptor.getSize();
    auto i64 = rewriter.getI64Type();
    if (size.getType() != i64)
      size = LLVM::ZExtOp::create(rewriter, loc, i64, size);
    rewriter.replaceOp(op, emitRegionAlloc(rewriter, loc, adaptor.getHandle(),
                                           size, op.getAlignment()));
    return success();
  }
};

struct ConvertRegionToLLVMPass
    : impl::ConvertRegionToLLVMBase<ConvertRegionToLLVMPass> {
  void runOnOperation() override {
    SymbolTableCollection symbolTables;
    LoweringSymbolScope symbolScope(symbolTables);
    LLVMTypeConverter converter(&getContext());
    addRegionTypeConversions(converter);
    RewritePatternSet patterns(&getContext());
    populateRegionToLLVMConversionPatterns(converter, patterns);
    LLVMConversionTarget target(getContext());
    target.addIllegalDialect<region::RegionDialect>();
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void addRegionTypeConversions(LLVMTypeConverter &converter) {
  converter.addConversion([](region::HandleType type) -> Type {
    return LLVM::LLVMPointerType::get(type.getContext());
  });
}

void populateRegionToLLVMConversionPatterns(LLVMTypeConverter &converter,
                                            RewritePatternSet &patterns) {
  patterns.add<GlobalOpLowering, CreateOpLowering, ReleaseOpLowering,
               AllocOpLowering>(converter);
}

} // namespace clef

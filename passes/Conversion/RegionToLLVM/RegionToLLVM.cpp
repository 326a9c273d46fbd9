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

/// Bytes of a region descriptor {cur, end, kind} (docs/Runtime.md).
constexpr int64_t kDescriptorBytes = 24;

/// A stack region: a descriptor followed by its buffer, one frame slot in
/// the entry block (so a region created in a loop reuses it), filled in
/// where the region is created.
static Value emitStackRegion(ConversionPatternRewriter &rewriter,
                             region::CreateOp op, int64_t bytes) {
  Location loc = op.getLoc();
  MLIRContext *ctx = rewriter.getContext();
  auto ptr = LLVM::LLVMPointerType::get(ctx);
  Operation *function = op->getParentWithTrait<OpTrait::IsIsolatedFromAbove>();
  Value slot;
  {
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(&function->getRegion(0).front());
    auto slotType = LLVM::LLVMArrayType::get(rewriter.getI8Type(),
                                             kDescriptorBytes + bytes);
    slot = LLVM::AllocaOp::create(rewriter, loc, ptr, slotType,
                                  constI64(rewriter, loc, 1),
                                  /*alignment=*/16);
  }
  Value buffer = LLVM::GEPOp::create(
      rewriter, loc, ptr, rewriter.getI8Type(), slot,
      ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(kDescriptorBytes)});
  Value end =
      LLVM::GEPOp::create(rewriter, loc, ptr, rewriter.getI8Type(), buffer,
                          ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(bytes)});
  auto field = [&](int32_t index) {
    return LLVM::GEPOp::create(rewriter, loc, ptr, ptr, slot,
                               ArrayRef<LLVM::GEPArg>{index});
  };
  LLVM::StoreOp::create(rewriter, loc, buffer, slot);
  LLVM::StoreOp::create(rewriter, loc, end, field(1));
  LLVM::StoreOp::create(rewriter, loc, constI64(rewriter, loc, 1), field(2));
  return slot;
}

struct CreateOpLowering : ConvertOpToLLVMPattern<region::CreateOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;
  LogicalResult
  matchAndRewrite(region::CreateOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (std::optional<int64_t> bytes = op.getStackBytes()) {
      rewriter.replaceOp(op, emitStackRegion(rewriter, op, *bytes));
      return success();
    }
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
    auto create = op.getHandle().getDefiningOp<region::CreateOp>();
    RuntimeFn fn = create && create.getStackBytes()
                       ? RuntimeFn::RegionReleaseStack
                       : RuntimeFn::RegionRelease;
    callRuntime(rewriter, op.getLoc(), fn, {adaptor.getHandle()});
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

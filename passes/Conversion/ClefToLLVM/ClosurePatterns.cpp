//===- ClosurePatterns.cpp - Lowering of function values ------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// A closure is a cell {ptr code, slot 0, slot 1, ...} (docs/DataLayout.md).
// Every capture slot is 8 bytes: a capture whose value does not fit (a large
// option) is boxed in the closure's region and the slot holds the box. So the
// offset of capture i is 8 * (i + 1) whatever the other captures are, and
// `clef.closure_capture`, which only knows its own index and type, can read
// it. Code is called with the closure first, then the arguments, then (after
// region assignment) the region the application names.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ClefToLLVM/Layout.h"
#include "passes/Conversion/ClefToLLVM/LoweringUtils.h"
#include "passes/Conversion/ClefToLLVM/Patterns.h"

#include "dialects/Clef/ClefOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

using namespace mlir;
using namespace mlir::clef;

namespace clef {

static Value getSlotAddress(OpBuilder &b, Location loc, Value closure,
                            uint64_t index) {
  return LLVM::GEPOp::create(b, loc, LLVM::LLVMPointerType::get(b.getContext()),
                             b.getI8Type(), closure,
                             ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(
                                 kClosureSlotSize * (index + 1))});
}

/// The function type of closure code: (closure, params...) -> result.
static LLVM::LLVMFunctionType getCodeType(const TypeConverter &converter,
                                          ClosureType type) {
  FunctionType signature = type.getSignature();
  SmallVector<Type> params{LLVM::LLVMPointerType::get(type.getContext())};
  for (Type input : signature.getInputs()) {
    Type lowered = converter.convertType(input);
    if (!lowered)
      return {};
    params.push_back(lowered);
  }
  Type result = converter.convertType(signature.getResult(0));
  if (!result)
    return {};
  return LLVM::LLVMFunctionType::get(result, params);
}

namespace {

struct ClosureNewOpLowering : ClefPattern<ClosureNewOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(ClosureNewOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto ptr = LLVM::LLVMPointerType::get(getContext());
    ValueRange captures = adaptor.getCaptures();
    Value region = getRegionOrGlobal(rewriter, loc, adaptor.getRegion());
    Value closure = emitRegionAlloc(
        rewriter, loc, region,
        constI64(rewriter, loc, kClosureSlotSize * (captures.size() + 1)));
    Value code = LLVM::AddressOfOp::create(rewriter, loc, ptr, op.getCode());
    LLVM::StoreOp::create(rewriter, loc, code, closure);
    for (auto [i, capture] : llvm::enumerate(captures)) {
      Value stored = capture;
      if (!captureFitsInSlot(capture.getType())) {
        stored = emitRegionAlloc(
            rewriter, loc, region,
            constI64(rewriter, loc, getTypeSize(capture.getType())));
        LLVM::StoreOp::create(rewriter, loc, capture, stored);
      }
      LLVM::StoreOp::create(rewriter, loc, stored,
                            getSlotAddress(rewriter, loc, closure, i));
    }
    rewriter.replaceOp(op, closure);
    return success();
  }
};

struct ClosureCaptureOpLowering : ClefPattern<ClosureCaptureOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(ClosureCaptureOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type type = getTypeConverter()->convertType(op.getType());
    if (!type)
      return rewriter.notifyMatchFailure(op, "unconvertible capture type");
    Value slot =
        getSlotAddress(rewriter, loc, adaptor.getClosure(), op.getIndex());
    if (!captureFitsInSlot(type))
      slot = LLVM::LoadOp::create(
          rewriter, loc, LLVM::LLVMPointerType::get(getContext()), slot);
    rewriter.replaceOpWithNewOp<LLVM::LoadOp>(op, type, slot);
    return success();
  }
};

struct ApplyOpLowering : ClefPattern<ApplyOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(ApplyOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto codeType = getCodeType(*getTypeConverter(), op.getCallee().getType());
    if (!codeType)
      return rewriter.notifyMatchFailure(op, "unconvertible signature");
    Value closure = adaptor.getCallee();
    auto ptr = LLVM::LLVMPointerType::get(getContext());
    Value code = LLVM::LoadOp::create(rewriter, loc, ptr, closure);
    SmallVector<Value> operands{code, closure};
    llvm::append_range(operands, adaptor.getArgs());
    // Code built by region assignment takes the result region last.
    if (Value region = adaptor.getRegion()) {
      SmallVector<Type> params(codeType.getParams());
      params.push_back(ptr);
      codeType = LLVM::LLVMFunctionType::get(codeType.getReturnType(), params);
      operands.push_back(region);
    }
    rewriter.replaceOpWithNewOp<LLVM::CallOp>(op, codeType, operands);
    return success();
  }
};

/// A top-level function as a value: a constant closure without captures
/// whose code drops the closure argument and calls the function.
struct FuncRefOpLowering : ClefPattern<FuncRefOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(FuncRefOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto ptr = LLVM::LLVMPointerType::get(getContext());
    auto codeType = getCodeType(*getTypeConverter(), op.getType());
    if (!codeType)
      return rewriter.notifyMatchFailure(op, "unconvertible signature");
    StringRef callee = op.getCallee();
    ModuleOp module = getEnclosingModule(rewriter);
    // Closure code (it takes the closure first) is the cell's code itself;
    // a plain function gets a wrapper that drops the closure.
    unsigned calleeParams = 0;
    if (auto func = lookupModuleSymbol<func::FuncOp>(module, callee))
      calleeParams = func.getNumArguments();
    else if (auto func = lookupModuleSymbol<LLVM::LLVMFuncOp>(module, callee))
      calleeParams = func.getNumArguments();
    bool isCode = calleeParams > op.getType().getSignature().getNumInputs();
    FlatSymbolRefAttr codeSymbol;
    if (isCode) {
      codeSymbol = op.getCalleeAttr();
    } else {
      LLVM::LLVMFuncOp wrapper = getOrCreateFunction(
          rewriter, ("__clef_fnwrap_" + callee).str(), codeType,
          [&](OpBuilder &b, LLVM::LLVMFuncOp func) {
            Location l = func.getLoc();
            auto call =
                LLVM::CallOp::create(b, l, TypeRange{codeType.getReturnType()},
                                     callee, func.getArguments().drop_front());
            LLVM::ReturnOp::create(b, l, call.getResult());
          });
      codeSymbol = FlatSymbolRefAttr::get(wrapper);
    }

    std::string name = ("__clef_fnref_" + callee).str();
    auto global = lookupModuleSymbol<LLVM::GlobalOp>(module, name);
    if (!global) {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(module.getBody());
      auto cell = LLVM::LLVMStructType::getLiteral(getContext(), {ptr});
      global = LLVM::GlobalOp::create(rewriter, loc, cell, /*isConstant=*/true,
                                      LLVM::Linkage::Internal, name,
                                      Attribute(), /*alignment=*/8);
      Block *init = rewriter.createBlock(&global.getInitializerRegion());
      rewriter.setInsertionPointToStart(init);
      Value code = LLVM::AddressOfOp::create(rewriter, loc, ptr, codeSymbol);
      Value value = LLVM::UndefOp::create(rewriter, loc, cell);
      value = LLVM::InsertValueOp::create(rewriter, loc, value, code,
                                          ArrayRef<int64_t>{0});
      LLVM::ReturnOp::create(rewriter, loc, value);
      addModuleSymbol(module, global);
    }
    rewriter.replaceOpWithNewOp<LLVM::AddressOfOp>(op, global);
    return success();
  }
};

} // namespace

void populateClosurePatterns(LLVMTypeConverter &converter,
                             RewritePatternSet &patterns) {
  patterns.add<ClosureNewOpLowering, ClosureCaptureOpLowering, ApplyOpLowering,
               FuncRefOpLowering>(converter);
}

} // namespace clef

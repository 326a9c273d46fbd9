//===- ProgramPatterns.cpp - Globals, locals, failure ---------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ClefToLLVM/LoweringUtils.h"
#include "passes/Conversion/ClefToLLVM/Patterns.h"
#include "passes/Conversion/ClefToLLVM/RuntimeFunctions.h"

#include "dialects/Clef/ClefOps.h"
#include "mlir/Conversion/LLVMCommon/Pattern.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace mlir::clef;

namespace clef {

namespace {

struct GlobalOpLowering : ClefPattern<GlobalOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(GlobalOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = getTypeConverter()->convertType(op.getType());
    if (!type)
      return rewriter.notifyMatchFailure(op, "unconvertible type");
    auto global = rewriter.replaceOpWithNewOp<LLVM::GlobalOp>(
        op, type, /*isConstant=*/false, LLVM::Linkage::Internal,
        op.getSymName(), Attribute());
    Block *init = rewriter.createBlock(&global.getInitializerRegion());
    rewriter.setInsertionPointToStart(init);
    Value zero = LLVM::ZeroOp::create(rewriter, op.getLoc(), type);
    LLVM::ReturnOp::create(rewriter, op.getLoc(), zero);
    return success();
  }
};

struct GlobalLoadOpLowering : ClefPattern<GlobalLoadOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(GlobalLoadOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = getTypeConverter()->convertType(op.getType());
    auto ptr = LLVM::LLVMPointerType::get(getContext());
    Value addr =
        LLVM::AddressOfOp::create(rewriter, op.getLoc(), ptr, op.getGlobal());
    rewriter.replaceOpWithNewOp<LLVM::LoadOp>(op, type, addr);
    return success();
  }
};

struct GlobalStoreOpLowering : ClefPattern<GlobalStoreOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(GlobalStoreOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto ptr = LLVM::LLVMPointerType::get(getContext());
    Value addr =
        LLVM::AddressOfOp::create(rewriter, op.getLoc(), ptr, op.getGlobal());
    rewriter.replaceOpWithNewOp<LLVM::StoreOp>(op, adaptor.getValue(), addr);
    return success();
  }
};

/// Mutable locals become stack slots in the function's entry block (so a
/// loop does not grow the stack); LLVM promotes them to registers.
struct LocalNewOpLowering : ClefPattern<LocalNewOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(LocalNewOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Operation *func = op->getParentOfType<FunctionOpInterface>();
    if (!func)
      return rewriter.notifyMatchFailure(op, "not inside a function");
    Type type = adaptor.getInit().getType();
    auto ptr = LLVM::LLVMPointerType::get(getContext());
    Value slot;
    {
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPointToStart(&func->getRegion(0).front());
      slot = LLVM::AllocaOp::create(rewriter, loc, ptr, type,
                                    constI32(rewriter, loc, 1));
    }
    LLVM::StoreOp::create(rewriter, loc, adaptor.getInit(), slot);
    rewriter.replaceOp(op, slot);
    return success();
  }
};

struct LocalGetOpLowering : ClefPattern<LocalGetOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(LocalGetOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = getTypeConverter()->convertType(op.getType());
    rewriter.replaceOpWithNewOp<LLVM::LoadOp>(op, type, adaptor.getLocal());
    return success();
  }
};

struct LocalSetOpLowering : ClefPattern<LocalSetOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(LocalSetOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<LLVM::StoreOp>(op, adaptor.getValue(),
                                               adaptor.getLocal());
    return success();
  }
};

/// Ops that end the process: a call of a noreturn runtime function; the
/// result they pretend to produce is poison.
template <typename Op> struct NoReturnLowering : ClefPattern<Op> {
  using ClefPattern<Op>::ClefPattern;
  using OpAdaptor = typename Op::Adaptor;
  LogicalResult
  matchAndRewrite(Op op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    if constexpr (std::is_same_v<Op, FailwithOp>) {
      callRuntime(rewriter, loc, RuntimeFn::Failwith, {adaptor.getMessage()});
    } else if constexpr (std::is_same_v<Op, InvalidArgOp>) {
      callRuntime(rewriter, loc, RuntimeFn::InvalidArgument,
                  {adaptor.getMessage()});
    } else if constexpr (std::is_same_v<Op, ExitOp>) {
      callRuntime(rewriter, loc, RuntimeFn::Exit, {adaptor.getCode()});
    } else {
      auto fileLoc = dyn_cast<FileLineColLoc>(loc);
      if (!fileLoc)
        loc->walk([&](Location inner) {
          if (!fileLoc)
            fileLoc = dyn_cast<FileLineColLoc>(inner);
          return WalkResult::advance();
        });
      StringRef file = fileLoc ? fileLoc.getFilename().getValue() : "<unknown>";
      auto [bytes, len] = getStringLiteralBytes(rewriter, loc, file);
      (void)len;
      callRuntime(rewriter, loc, RuntimeFn::MatchFailure,
                  {bytes,
                   constI32(rewriter, loc, fileLoc ? fileLoc.getLine() : 0),
                   constI32(rewriter, loc, fileLoc ? fileLoc.getColumn() : 0)});
    }
    Type type = this->getTypeConverter()->convertType(op.getType());
    rewriter.replaceOpWithNewOp<LLVM::PoisonOp>(op, type);
    return success();
  }
};

} // namespace

void populateProgramPatterns(LLVMTypeConverter &converter,
                             RewritePatternSet &patterns) {
  patterns.add<GlobalOpLowering, GlobalLoadOpLowering, GlobalStoreOpLowering,
               LocalNewOpLowering, LocalGetOpLowering, LocalSetOpLowering,
               NoReturnLowering<FailwithOp>, NoReturnLowering<InvalidArgOp>,
               NoReturnLowering<ExitOp>, NoReturnLowering<MatchFailureOp>>(
      converter);
}

} // namespace clef

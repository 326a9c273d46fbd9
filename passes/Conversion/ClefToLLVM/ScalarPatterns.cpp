//===- ScalarPatterns.cpp - Lowering of scalar clef ops -------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ClefToLLVM/LoweringUtils.h"
#include "passes/Conversion/ClefToLLVM/Patterns.h"
#include "passes/Conversion/ClefToLLVM/RuntimeFunctions.h"

#include "dialects/Clef/ClefOps.h"
#include "mlir/Conversion/LLVMCommon/Pattern.h"

using namespace mlir;
using namespace mlir::clef;

namespace clef {

namespace {

struct ConstantOpLowering : ClefPattern<ConstantOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<LLVM::ConstantOp>(op, op.getType(),
                                                  op.getValue());
    return success();
  }
};

struct UnitOpLowering : ClefPattern<UnitOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(UnitOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, constI1(rewriter, op.getLoc(), false));
    return success();
  }
};

struct CharOpLowering : ClefPattern<CharOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(CharOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, constI32(rewriter, op.getLoc(), op.getValue()));
    return success();
  }
};

struct UnitCastOpLowering : ClefPattern<UnitCastOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(UnitCastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

/// `+ - *` on ints wrap; on floats they are IEEE operations.
template <typename Op, typename IntOp, typename FloatOp>
struct ArithLowering : ClefPattern<Op> {
  using ClefPattern<Op>::ClefPattern;
  using OpAdaptor = typename Op::Adaptor;
  LogicalResult
  matchAndRewrite(Op op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = adaptor.getLhs().getType();
    if (isa<FloatType>(type))
      rewriter.replaceOpWithNewOp<FloatOp>(op, adaptor.getLhs(),
                                           adaptor.getRhs());
    else
      rewriter.replaceOpWithNewOp<IntOp>(op, adaptor.getLhs(),
                                         adaptor.getRhs());
    return success();
  }
};

struct NegOpLowering : ClefPattern<NegOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(NegOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value x = adaptor.getOperand();
    if (isa<FloatType>(x.getType())) {
      rewriter.replaceOpWithNewOp<LLVM::FNegOp>(op, x);
      return success();
    }
    Value zero =
        LLVM::ConstantOp::create(rewriter, op.getLoc(), x.getType(),
                                 rewriter.getIntegerAttr(x.getType(), 0));
    rewriter.replaceOpWithNewOp<LLVM::SubOp>(op, zero, x);
    return success();
  }
};

/// Integer `/` and `%` go through a helper that raises
/// DivideByZeroException and defines MinValue / -1 as F# on .NET would
/// without trapping (the quotient wraps, the remainder is 0).
static Value emitCheckedIntDivision(OpBuilder &builder, Location loc, Value lhs,
                                    Value rhs, bool remainder) {
  auto type = cast<IntegerType>(lhs.getType());
  std::string name = (Twine("__clef_") + (remainder ? "srem" : "sdiv") + "_i" +
                      Twine(type.getWidth()))
                         .str();
  auto fnType = LLVM::LLVMFunctionType::get(type, {type, type});
  LLVM::LLVMFuncOp helper = getOrCreateHelper(
      builder, name, fnType, [&](OpBuilder &b, LLVM::LLVMFuncOp func) {
        Location l = func.getLoc();
        Block *entry = &func.getBody().front();
        Value a = entry->getArgument(0), d = entry->getArgument(1);
        auto cst = [&](int64_t v) {
          return LLVM::ConstantOp::create(b, l, type,
                                          b.getIntegerAttr(type, v));
        };
        Value isZero =
            LLVM::ICmpOp::create(b, l, LLVM::ICmpPredicate::eq, d, cst(0));
        Block *fail = func.addBlock();
        Block *ok = func.addBlock();
        auto br = LLVM::CondBrOp::create(b, l, isZero, fail, ok);
        br.setBranchWeights(b.getDenseI32ArrayAttr({1, 2000}));
        b.setInsertionPointToStart(fail);
        callRuntime(b, l, RuntimeFn::DivideByZero, {});
        LLVM::UnreachableOp::create(b, l);
        b.setInsertionPointToStart(ok);
        Value isMinusOne =
            LLVM::ICmpOp::create(b, l, LLVM::ICmpPredicate::eq, d, cst(-1));
        Value safe = LLVM::SelectOp::create(b, l, isMinusOne, cst(1), d);
        Value result;
        if (remainder) {
          Value r = LLVM::SRemOp::create(b, l, a, safe);
          result = LLVM::SelectOp::create(b, l, isMinusOne, cst(0), r);
        } else {
          Value q = LLVM::SDivOp::create(b, l, a, safe);
          Value neg = LLVM::SubOp::create(b, l, cst(0), a);
          result = LLVM::SelectOp::create(b, l, isMinusOne, neg, q);
        }
        LLVM::ReturnOp::create(b, l, result);
      });
  return LLVM::CallOp::create(builder, loc, helper, ValueRange{lhs, rhs})
      .getResult();
}

template <typename Op, typename FloatOp, bool Remainder>
struct DivisionLowering : ClefPattern<Op> {
  using ClefPattern<Op>::ClefPattern;
  using OpAdaptor = typename Op::Adaptor;
  LogicalResult
  matchAndRewrite(Op op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    if (isa<FloatType>(lhs.getType()))
      rewriter.replaceOpWithNewOp<FloatOp>(op, lhs, rhs);
    else
      rewriter.replaceOp(op, emitCheckedIntDivision(rewriter, op.getLoc(), lhs,
                                                    rhs, Remainder));
    return success();
  }
};

struct NotOpLowering : ClefPattern<NotOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(NotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<LLVM::XOrOp>(
        op, adaptor.getOperand(), constI1(rewriter, op.getLoc(), true));
    return success();
  }
};

static LLVM::ICmpPredicate intPredicate(CmpPredicate p, bool isSigned) {
  switch (p) {
  case CmpPredicate::eq:
    return LLVM::ICmpPredicate::eq;
  case CmpPredicate::ne:
    return LLVM::ICmpPredicate::ne;
  case CmpPredicate::lt:
    return isSigned ? LLVM::ICmpPredicate::slt : LLVM::ICmpPredicate::ult;
  case CmpPredicate::le:
    return isSigned ? LLVM::ICmpPredicate::sle : LLVM::ICmpPredicate::ule;
  case CmpPredicate::gt:
    return isSigned ? LLVM::ICmpPredicate::sgt : LLVM::ICmpPredicate::ugt;
  case CmpPredicate::ge:
    return isSigned ? LLVM::ICmpPredicate::sge : LLVM::ICmpPredicate::uge;
  }
  llvm_unreachable("unknown predicate");
}

static LLVM::FCmpPredicate floatPredicate(CmpPredicate p) {
  // F#: every comparison with NaN is false except <>.
  switch (p) {
  case CmpPredicate::eq:
    return LLVM::FCmpPredicate::oeq;
  case CmpPredicate::ne:
    return LLVM::FCmpPredicate::une;
  case CmpPredicate::lt:
    return LLVM::FCmpPredicate::olt;
  case CmpPredicate::le:
    return LLVM::FCmpPredicate::ole;
  case CmpPredicate::gt:
    return LLVM::FCmpPredicate::ogt;
  case CmpPredicate::ge:
    return LLVM::FCmpPredicate::oge;
  }
  llvm_unreachable("unknown predicate");
}

struct CmpOpLowering : ClefPattern<CmpOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(CmpOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type type = op.getLhs().getType();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    CmpPredicate pred = op.getPredicate();
    if (type.isInteger(32) || type.isInteger(64)) {
      rewriter.replaceOpWithNewOp<LLVM::ICmpOp>(op, intPredicate(pred, true),
                                                lhs, rhs);
      return success();
    }
    if (type.isInteger(1) || isa<CharType>(type)) {
      rewriter.replaceOpWithNewOp<LLVM::ICmpOp>(op, intPredicate(pred, false),
                                                lhs, rhs);
      return success();
    }
    if (isa<FloatType, MeasureType>(type)) {
      rewriter.replaceOpWithNewOp<LLVM::FCmpOp>(op, floatPredicate(pred), lhs,
                                                rhs);
      return success();
    }
    if (isa<UnitType>(type)) {
      bool equal = pred == CmpPredicate::eq || pred == CmpPredicate::le ||
                   pred == CmpPredicate::ge;
      rewriter.replaceOp(op, constI1(rewriter, loc, equal));
      return success();
    }
    if (isa<StringType>(type)) {
      Value order;
      if (pred == CmpPredicate::eq || pred == CmpPredicate::ne) {
        Value eq =
            callRuntime(rewriter, loc, RuntimeFn::StringEqual, {lhs, rhs});
        rewriter.replaceOpWithNewOp<LLVM::ICmpOp>(
            op,
            pred == CmpPredicate::eq ? LLVM::ICmpPredicate::ne
                                     : LLVM::ICmpPredicate::eq,
            eq, constI8(rewriter, loc, 0));
        return success();
      }
      order = callRuntime(rewriter, loc, RuntimeFn::StringCompare, {lhs, rhs});
      rewriter.replaceOpWithNewOp<LLVM::ICmpOp>(
          op, intPredicate(pred, true), order, constI32(rewriter, loc, 0));
      return success();
    }
    return rewriter.notifyMatchFailure(
        op, "structural comparison of compound values is lowered later");
  }
};

struct HashOpLowering : ClefPattern<HashOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(HashOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type type = op.getValue().getType();
    Value v = adaptor.getValue();
    auto i32 = rewriter.getI32Type();
    if (type.isInteger(32) || isa<CharType>(type)) {
      rewriter.replaceOp(op, v);
      return success();
    }
    if (type.isInteger(1) || isa<UnitType>(type)) {
      rewriter.replaceOpWithNewOp<LLVM::ZExtOp>(op, i32, v);
      return success();
    }
    if (isa<StringType>(type)) {
      rewriter.replaceOp(
          op, callRuntime(rewriter, loc, RuntimeFn::StringHash, {v}));
      return success();
    }
    if (isa<FloatType, MeasureType>(type)) {
      rewriter.replaceOp(op, emitDoubleHash(rewriter, loc, v));
      return success();
    }
    if (v.getType().isInteger(64)) {
      // .NET's Int64 hash: low word xor high word.
      Value high =
          LLVM::LShrOp::create(rewriter, loc, v, constI64(rewriter, loc, 32));
      Value mixed = LLVM::XOrOp::create(rewriter, loc, v, high);
      rewriter.replaceOpWithNewOp<LLVM::TruncOp>(op, i32, mixed);
      return success();
    }
    return rewriter.notifyMatchFailure(
        op, "structural hashing of compound values is lowered later");
  }
};

struct ConvertOpLowering : ClefPattern<ConvertOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(ConvertOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type from = op.getInput().getType(), to = op.getType();
    Value v = adaptor.getInput();
    Type llTo = getTypeConverter()->convertType(to);
    bool fromChar = isa<CharType>(from), toChar = isa<CharType>(to);
    auto mask16 = [&](Value x) -> Value {
      // F# chars are UTF-16 code units.
      return LLVM::AndOp::create(rewriter, loc, x,
                                 constI32(rewriter, loc, 0xFFFF));
    };
    if (from == to) {
      rewriter.replaceOp(op, v);
      return success();
    }
    Value result;
    if (from.isF64()) {
      if (to.isInteger(32)) {
        result = callRuntime(rewriter, loc, RuntimeFn::FloatToInt, {v});
      } else {
        auto sat = LLVM::CallIntrinsicOp::create(
            rewriter, loc, llTo.isInteger(64) ? llTo : rewriter.getI32Type(),
            rewriter.getStringAttr(llTo.isInteger(64)
                                       ? "llvm.fptosi.sat.i64.f64"
                                       : "llvm.fptosi.sat.i32.f64"),
            ValueRange{v});
        result = sat.getResult(0);
        if (toChar)
          result = mask16(result);
      }
    } else if (to.isF64()) {
      result = fromChar ? (Value)LLVM::UIToFPOp::create(rewriter, loc, llTo, v)
                        : (Value)LLVM::SIToFPOp::create(rewriter, loc, llTo, v);
    } else {
      unsigned fromBits = v.getType().getIntOrFloatBitWidth();
      unsigned toBits = llTo.getIntOrFloatBitWidth();
      if (fromBits < toBits)
        result = fromChar ? (Value)LLVM::ZExtOp::create(rewriter, loc, llTo, v)
                          : (Value)LLVM::SExtOp::create(rewriter, loc, llTo, v);
      else if (fromBits > toBits)
        result = LLVM::TruncOp::create(rewriter, loc, llTo, v);
      else
        result = v;
      if (toChar)
        result = mask16(result);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct MathOpLowering : ClefPattern<MathOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(MathOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getOperand();
    Value r;
    switch (op.getFn()) {
    case MathFn::sqrt:
      r = LLVM::SqrtOp::create(rewriter, loc, x);
      break;
    case MathFn::sin:
      r = LLVM::SinOp::create(rewriter, loc, x);
      break;
    case MathFn::cos:
      r = LLVM::CosOp::create(rewriter, loc, x);
      break;
    case MathFn::exp:
      r = LLVM::ExpOp::create(rewriter, loc, x);
      break;
    case MathFn::log:
      r = LLVM::LogOp::create(rewriter, loc, x);
      break;
    case MathFn::log10:
      r = LLVM::Log10Op::create(rewriter, loc, x);
      break;
    case MathFn::floor:
      r = LLVM::FFloorOp::create(rewriter, loc, x);
      break;
    case MathFn::ceil:
      r = LLVM::FCeilOp::create(rewriter, loc, x);
      break;
    case MathFn::round:
      // Math.Round rounds half to even.
      r = LLVM::RoundEvenOp::create(rewriter, loc, x);
      break;
    case MathFn::abs:
      r = LLVM::FAbsOp::create(rewriter, loc, x);
      break;
    case MathFn::tan:
      r = callRuntime(rewriter, loc, RuntimeFn::Tan, {x});
      break;
    case MathFn::asin:
      r = callRuntime(rewriter, loc, RuntimeFn::Asin, {x});
      break;
    case MathFn::acos:
      r = callRuntime(rewriter, loc, RuntimeFn::Acos, {x});
      break;
    case MathFn::atan:
      r = callRuntime(rewriter, loc, RuntimeFn::Atan, {x});
      break;
    }
    rewriter.replaceOp(op, r);
    return success();
  }
};

struct Atan2OpLowering : ClefPattern<Atan2Op> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(Atan2Op op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, callRuntime(rewriter, op.getLoc(), RuntimeFn::Atan2,
                                       {adaptor.getY(), adaptor.getX()}));
    return success();
  }
};

struct PowOpLowering : ClefPattern<PowOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(PowOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<LLVM::PowOp>(op, adaptor.getBase(),
                                             adaptor.getExponent());
    return success();
  }
};

struct ParseOpLowering : ClefPattern<ParseOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(ParseOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type to = op.getType();
    RuntimeFn fn = isa<CharType>(to)  ? RuntimeFn::CharParse
                   : to.isInteger(32) ? RuntimeFn::IntParse
                   : to.isInteger(64) ? RuntimeFn::Int64Parse
                                      : RuntimeFn::FloatParse;
    rewriter.replaceOp(
        op, callRuntime(rewriter, op.getLoc(), fn, {adaptor.getInput()}));
    return success();
  }
};

} // namespace

void populateScalarPatterns(LLVMTypeConverter &converter,
                            RewritePatternSet &patterns) {
  patterns.add<ConstantOpLowering, UnitOpLowering, CharOpLowering,
               UnitCastOpLowering, NegOpLowering, NotOpLowering, CmpOpLowering,
               HashOpLowering, ConvertOpLowering, MathOpLowering,
               Atan2OpLowering, PowOpLowering, ParseOpLowering,
               ArithLowering<AddOp, LLVM::AddOp, LLVM::FAddOp>,
               ArithLowering<SubOp, LLVM::SubOp, LLVM::FSubOp>,
               ArithLowering<MulOp, LLVM::MulOp, LLVM::FMulOp>,
               DivisionLowering<DivOp, LLVM::FDivOp, false>,
               DivisionLowering<RemOp, LLVM::FRemOp, true>>(converter);
}

} // namespace clef

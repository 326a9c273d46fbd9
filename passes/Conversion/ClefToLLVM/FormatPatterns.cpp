//===- FormatPatterns.cpp - Lowering of strings and formatting ------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// printf-style formatting is compiled, not interpreted: the format string is
// split at compile time and every piece becomes one call into the runtime's
// formatting buffer.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ClefToLLVM/LoweringUtils.h"
#include "passes/Conversion/ClefToLLVM/Patterns.h"
#include "passes/Conversion/ClefToLLVM/RuntimeFunctions.h"

#include "dialects/Clef/ClefOps.h"
#include "dialects/Clef/FormatString.h"
#include "mlir/Conversion/LLVMCommon/Pattern.h"

using namespace mlir;
using namespace mlir::clef;

namespace clef {

/// Appends one converted argument to the runtime's format buffer.
static LogicalResult emitConversion(OpBuilder &b, Location loc,
                                    const TypeConverter &converter,
                                    const FormatPiece &piece, Type type,
                                    Value v, Operation *op) {
  char conv = piece.conversion;
  // %O is the value's ToString(), padded; compound values under %A are laid
  // out by generated code.
  if (conv == 'O' || (conv == 'A' && isStructuredFormatType(type)))
    return emitStructuredFormat(b, loc, converter, type, v, op, conv,
                                piece.flags, piece.width, piece.precision);
  // %A of a scalar is its layout leaf: the width is a print width, not a
  // padding, and the flags select reflection options.
  bool isA = conv == 'A';
  Value flags = constI32(b, loc, isA ? 0 : piece.flags);
  Value width = constI32(b, loc, isA ? -1 : piece.width);
  if (type.isInteger(32) && (conv == 'd' || conv == 'i' || isA)) {
    callRuntime(b, loc, RuntimeFn::FmtInt, {v, flags, width});
    return success();
  }
  if (type.isInteger(64) && (conv == 'd' || conv == 'i' || isA)) {
    callRuntime(b, loc, RuntimeFn::FmtInt64, {v, flags, width});
    if (isA) {
      // F# prints int64 literals with their suffix: 42L.
      auto [ptr, len] = getStringLiteralBytes(b, loc, "L");
      callRuntime(b, loc, RuntimeFn::FmtLit, {ptr, len});
    }
    return success();
  }
  if (isa<FloatType>(v.getType())) {
    if (isA) {
      callRuntime(b, loc, RuntimeFn::FmtAFloat, {v});
      return success();
    }
    // The runtime takes the conversion as written: %E and %G print an
    // upper-case exponent, as .NET's "E6" and "G6" do.
    callRuntime(b, loc, RuntimeFn::FmtFloat,
                {v, constI8(b, loc, conv), flags, width,
                 constI32(b, loc, piece.precision)});
    return success();
  }
  if (isa<StringType>(type)) {
    callRuntime(b, loc, isA ? RuntimeFn::FmtAString : RuntimeFn::FmtString,
                isA ? ValueRange{v} : ValueRange{v, flags, width});
    return success();
  }
  if (isa<CharType>(type)) {
    if (isA)
      callRuntime(b, loc, RuntimeFn::FmtAChar, {v});
    else
      callRuntime(b, loc, RuntimeFn::FmtChar, {v, flags, width});
    return success();
  }
  if (type.isInteger(1)) {
    Value byte = LLVM::ZExtOp::create(b, loc, b.getI8Type(), v);
    callRuntime(b, loc, RuntimeFn::FmtBool, {byte, flags, width});
    return success();
  }
  if (isa<UnitType>(type)) {
    auto [ptr, len] = getStringLiteralBytes(b, loc, "()");
    callRuntime(b, loc, RuntimeFn::FmtLit, {ptr, len});
    return success();
  }
  return op->emitOpError("formatting a value of type ")
         << type << " with '%" << conv << "' is not supported yet";
}

/// Emits the calls that fill the format buffer with `format` applied to
/// `args` (the converted values of arguments of types `types`).
static LogicalResult emitFormat(OpBuilder &b, Location loc,
                                const TypeConverter &converter,
                                StringRef format, TypeRange types,
                                ValueRange args, Operation *op) {
  std::string error;
  auto pieces = parseFormatString(format, error);
  if (!pieces)
    return op->emitOpError("invalid format string: ") << error;
  callRuntime(b, loc, RuntimeFn::FmtBegin, {});
  unsigned argIndex = 0;
  for (const FormatPiece &piece : *pieces) {
    if (piece.isLiteral) {
      auto [ptr, len] = getStringLiteralBytes(b, loc, piece.text);
      callRuntime(b, loc, RuntimeFn::FmtLit, {ptr, len});
      continue;
    }
    if (failed(emitConversion(b, loc, converter, piece, types[argIndex],
                              args[argIndex], op)))
      return failure();
    ++argIndex;
  }
  return success();
}

namespace {

struct StringOpLowering : ClefPattern<StringOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(StringOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op,
                       getStringLiteral(rewriter, op.getLoc(), op.getValue()));
    return success();
  }
};

struct PrintfOpLowering : ClefPattern<PrintfOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(PrintfOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    if (failed(emitFormat(rewriter, loc, *getTypeConverter(), op.getFormat(),
                          op.getArgs().getTypes(), adaptor.getArgs(), op)))
      return failure();
    callRuntime(rewriter, loc,
                op.getStderr() ? RuntimeFn::FmtEPrint : RuntimeFn::FmtPrint,
                {constI8(rewriter, loc, op.getNewline() ? 1 : 0)});
    rewriter.eraseOp(op);
    return success();
  }
};

struct SprintfOpLowering : ClefPattern<SprintfOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(SprintfOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    if (failed(emitFormat(rewriter, loc, *getTypeConverter(), op.getFormat(),
                          op.getArgs().getTypes(), adaptor.getArgs(), op)))
      return failure();
    Value region = getRegionOrGlobal(rewriter, loc, adaptor.getRegion());
    rewriter.replaceOp(
        op, callRuntime(rewriter, loc, RuntimeFn::FmtToString, {region}));
    return success();
  }
};

struct ToStringOpLowering : ClefPattern<ToStringOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(ToStringOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type type = op.getValue().getType();
    Value v = adaptor.getValue();
    if (isa<StringType>(type)) {
      rewriter.replaceOp(op, v);
      return success();
    }
    Value region = getRegionOrGlobal(rewriter, loc, adaptor.getRegion());
    RuntimeFn fn;
    if (type.isInteger(32)) {
      fn = RuntimeFn::StringOfInt;
    } else if (type.isInteger(64)) {
      fn = RuntimeFn::StringOfInt64;
    } else if (type.isInteger(1)) {
      fn = RuntimeFn::StringOfBool;
      v = LLVM::ZExtOp::create(rewriter, loc, rewriter.getI8Type(), v);
    } else if (isa<CharType>(type)) {
      fn = RuntimeFn::StringOfChar;
    } else {
      fn = RuntimeFn::StringOfFloat;
    }
    rewriter.replaceOp(op, callRuntime(rewriter, loc, fn, {region, v}));
    return success();
  }
};

struct StringConcatOpLowering : ClefPattern<StringConcatOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(StringConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value region = getRegionOrGlobal(rewriter, loc, adaptor.getRegion());
    rewriter.replaceOp(
        op, callRuntime(rewriter, loc, RuntimeFn::StringConcat,
                        {region, adaptor.getLhs(), adaptor.getRhs()}));
    return success();
  }
};

struct StringLengthOpLowering : ClefPattern<StringLengthOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(StringLengthOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value len = LLVM::LoadOp::create(rewriter, loc, rewriter.getI64Type(),
                                     adaptor.getString());
    rewriter.replaceOpWithNewOp<LLVM::TruncOp>(op, rewriter.getI32Type(), len);
    return success();
  }
};

struct StringGetOpLowering : ClefPattern<StringGetOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(StringGetOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto ptr = LLVM::LLVMPointerType::get(rewriter.getContext());
    Value s = adaptor.getString();
    Value at = emitCheckedIndex(rewriter, loc, s, adaptor.getIndex());
    Value data = LLVM::GEPOp::create(rewriter, loc, ptr, rewriter.getI8Type(),
                                     s, ArrayRef<LLVM::GEPArg>{8});
    Value addr = LLVM::GEPOp::create(rewriter, loc, ptr, rewriter.getI8Type(),
                                     data, ArrayRef<LLVM::GEPArg>{at});
    Value byte =
        LLVM::LoadOp::create(rewriter, loc, rewriter.getI8Type(), addr);
    rewriter.replaceOpWithNewOp<LLVM::ZExtOp>(op, rewriter.getI32Type(), byte);
    return success();
  }
};

} // namespace

void populateFormatPatterns(LLVMTypeConverter &converter,
                            RewritePatternSet &patterns) {
  patterns.add<StringOpLowering, PrintfOpLowering, SprintfOpLowering,
               ToStringOpLowering, StringConcatOpLowering,
               StringLengthOpLowering, StringGetOpLowering>(converter);
}

} // namespace clef

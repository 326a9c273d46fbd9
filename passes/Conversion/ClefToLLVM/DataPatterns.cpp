//===- DataPatterns.cpp - Lowering of tuples, records, unions, ... --------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Immutable and mutable data: tuples, records, unions, lists, options,
// arrays, reference cells and `argv`. Heap cells are plain structs in a
// region (docs/DataLayout.md); code that needs control flow (bounds checks,
// filling an array) lives in module-level helper functions so that the
// patterns never split the block they rewrite.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ClefToLLVM/Layout.h"
#include "passes/Conversion/ClefToLLVM/LoweringUtils.h"
#include "passes/Conversion/ClefToLLVM/Patterns.h"
#include "passes/Conversion/ClefToLLVM/RuntimeFunctions.h"

#include "dialects/Clef/ClefOps.h"

#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::clef;

namespace clef {

namespace {

//===----------------------------------------------------------------------===//
// Tuples and records
//===----------------------------------------------------------------------===//

/// Allocates a cell of type `cell` and stores `values` from field `first` on.
static Value emitNewCell(OpBuilder &b, Location loc, Value region,
                         LLVM::LLVMStructType cell, ValueRange values,
                         unsigned first = 0) {
  Value p = emitAlloc(b, loc, region, getTypeSize(cell));
  for (auto [i, v] : llvm::enumerate(values))
    emitStoreField(b, loc, cell, p, first + i, v);
  return p;
}

struct TupleOpLowering : ClefPattern<TupleOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(TupleOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto cell =
        getCellType(*getTypeConverter(), op.getType().getElementTypes());
    if (!cell)
      return rewriter.notifyMatchFailure(op, "unconvertible element type");
    rewriter.replaceOp(op,
                       emitNewCell(rewriter, op.getLoc(), adaptor.getRegion(),
                                   cell, adaptor.getElements()));
    return success();
  }
};

struct TupleGetOpLowering : ClefPattern<TupleGetOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(TupleGetOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto cell = getCellType(*getTypeConverter(),
                            op.getTuple().getType().getElementTypes());
    if (!cell)
      return rewriter.notifyMatchFailure(op, "unconvertible element type");
    rewriter.replaceOp(op, emitLoadField(rewriter, op.getLoc(), cell,
                                         adaptor.getTuple(), op.getIndex()));
    return success();
  }
};

/// The record declaration and cell of `type`, or a diagnostic on `op`.
static FailureOr<std::pair<RecordDeclOp, LLVM::LLVMStructType>>
getRecordLayout(Operation *op, const TypeConverter &converter,
                RecordType type) {
  RecordDeclOp decl = lookupRecordDecl(op, type);
  if (!decl)
    return op->emitOpError("refers to undeclared record ") << type.getName();
  auto cell = getRecordCellType(converter, decl);
  if (!cell)
    return op->emitOpError("record ")
           << type.getName() << " has a field of unconvertible type";
  return std::make_pair(decl, cell);
}

/// The index of `field` in the record, or a diagnostic on `op`.
static FailureOr<unsigned> getFieldIndex(Operation *op, RecordDeclOp decl,
                                         StringRef field) {
  if (std::optional<unsigned> index = decl.getFieldIndex(field))
    return *index;
  return op->emitOpError("record ")
         << decl.getSymName() << " has no field '" << field << "'";
}

struct RecordNewOpLowering : ClefPattern<RecordNewOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(RecordNewOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto layout = getRecordLayout(op, *getTypeConverter(), op.getType());
    if (failed(layout))
      return failure();
    if (layout->second.getBody().size() != adaptor.getFields().size())
      return op.emitOpError("expects ")
             << layout->second.getBody().size() << " fields";
    rewriter.replaceOp(op,
                       emitNewCell(rewriter, op.getLoc(), adaptor.getRegion(),
                                   layout->second, adaptor.getFields()));
    return success();
  }
};

struct RecordGetOpLowering : ClefPattern<RecordGetOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(RecordGetOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto layout =
        getRecordLayout(op, *getTypeConverter(), op.getRecord().getType());
    if (failed(layout))
      return failure();
    FailureOr<unsigned> index = getFieldIndex(op, layout->first, op.getField());
    if (failed(index))
      return failure();
    rewriter.replaceOp(op, emitLoadField(rewriter, op.getLoc(), layout->second,
                                         adaptor.getRecord(), *index));
    return success();
  }
};

struct RecordSetOpLowering : ClefPattern<RecordSetOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(RecordSetOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto layout =
        getRecordLayout(op, *getTypeConverter(), op.getRecord().getType());
    if (failed(layout))
      return failure();
    FailureOr<unsigned> index = getFieldIndex(op, layout->first, op.getField());
    if (failed(index))
      return failure();
    emitStoreField(rewriter, op.getLoc(), layout->second, adaptor.getRecord(),
                   *index, adaptor.getValue());
    rewriter.eraseOp(op);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Unions
//===----------------------------------------------------------------------===//

/// The declaration of `type` and the tag of `caseName`, or a diagnostic.
static FailureOr<std::pair<UnionDeclOp, unsigned>>
getUnionCase(Operation *op, UnionType type, StringRef caseName) {
  UnionDeclOp decl = lookupUnionDecl(op, type);
  if (!decl)
    return op->emitOpError("refers to undeclared union ") << type.getName();
  std::optional<unsigned> tag = decl.getCaseIndex(caseName);
  if (!tag)
    return op->emitOpError("union ")
           << type.getName() << " has no case '" << caseName << "'";
  return std::make_pair(decl, *tag);
}

struct UnionNewOpLowering : ClefPattern<UnionNewOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(UnionNewOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto unionCase = getUnionCase(op, op.getType(), op.getCaseName());
    if (failed(unionCase))
      return failure();
    auto [decl, tag] = *unionCase;
    if (decl.getCaseFieldTypes(tag).empty()) {
      rewriter.replaceOp(op, emitNullaryCase(rewriter, loc, tag));
      return success();
    }
    auto cell = getCaseCellType(*getTypeConverter(), decl, tag);
    if (!cell)
      return rewriter.notifyMatchFailure(op, "unconvertible field type");
    unsigned first = getCaseFieldIndex(decl);
    if (cell.getBody().size() != adaptor.getFields().size() + first)
      return op.emitOpError("expects ")
             << cell.getBody().size() - first << " fields";
    Value p = emitNewCell(rewriter, loc, adaptor.getRegion(), cell,
                          adaptor.getFields(), first);
    if (first)
      emitStoreField(rewriter, loc, cell, p, 0, constI32(rewriter, loc, tag));
    rewriter.replaceOp(op, p);
    return success();
  }
};

struct UnionTagOpLowering : ClefPattern<UnionTagOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(UnionTagOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    UnionDeclOp decl = lookupUnionDecl(op, op.getValue().getType());
    if (!decl)
      return op.emitOpError("refers to undeclared union ")
             << op.getValue().getType().getName();
    rewriter.replaceOp(
        op, emitUnionTag(rewriter, op.getLoc(), decl, adaptor.getValue()));
    return success();
  }
};

struct UnionFieldOpLowering : ClefPattern<UnionFieldOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(UnionFieldOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto unionCase =
        getUnionCase(op, op.getValue().getType(), op.getCaseName());
    if (failed(unionCase))
      return failure();
    auto [decl, tag] = *unionCase;
    auto cell = getCaseCellType(*getTypeConverter(), decl, tag);
    if (!cell)
      return rewriter.notifyMatchFailure(op, "unconvertible field type");
    unsigned index = op.getIndex() + getCaseFieldIndex(decl);
    if (index >= cell.getBody().size())
      return op.emitOpError("case '")
             << op.getCaseName() << "' has no field #" << op.getIndex();
    rewriter.replaceOp(op, emitLoadField(rewriter, op.getLoc(), cell,
                                         adaptor.getValue(), index));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Lists
//===----------------------------------------------------------------------===//

struct NilOpLowering : ClefPattern<NilOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(NilOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<LLVM::ZeroOp>(
        op, LLVM::LLVMPointerType::get(getContext()));
    return success();
  }
};

struct ConsOpLowering : ClefPattern<ConsOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(ConsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto cell = getConsCellType(*getTypeConverter(), op.getType());
    if (!cell)
      return rewriter.notifyMatchFailure(op, "unconvertible element type");
    rewriter.replaceOp(
        op, emitNewCell(rewriter, op.getLoc(), adaptor.getRegion(), cell,
                        ValueRange{adaptor.getHead(), adaptor.getTail()}));
    return success();
  }
};

struct ListIsNilOpLowering : ClefPattern<ListIsNilOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(ListIsNilOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value null = LLVM::ZeroOp::create(rewriter, op.getLoc(),
                                      LLVM::LLVMPointerType::get(getContext()));
    rewriter.replaceOpWithNewOp<LLVM::ICmpOp>(op, LLVM::ICmpPredicate::eq,
                                              adaptor.getList(), null);
    return success();
  }
};

template <typename Op, unsigned Field>
struct ListAccessLowering : ClefPattern<Op> {
  using ClefPattern<Op>::ClefPattern;
  using OpAdaptor = typename Op::Adaptor;
  LogicalResult
  matchAndRewrite(Op op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto cell = getConsCellType(*this->getTypeConverter(),
                                cast<ListType>(op.getList().getType()));
    if (!cell)
      return rewriter.notifyMatchFailure(op, "unconvertible element type");
    rewriter.replaceOp(op, emitLoadField(rewriter, op.getLoc(), cell,
                                         adaptor.getList(), Field));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Options
//===----------------------------------------------------------------------===//

struct NoneOpLowering : ClefPattern<NoneOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(NoneOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = getTypeConverter()->convertType(op.getType());
    if (!type)
      return rewriter.notifyMatchFailure(op, "unconvertible payload type");
    // A zero payload keeps structural hashing and printing of None
    // deterministic.
    rewriter.replaceOpWithNewOp<LLVM::ZeroOp>(op, type);
    return success();
  }
};

struct SomeOpLowering : ClefPattern<SomeOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(SomeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type type = getTypeConverter()->convertType(op.getType());
    if (!type)
      return rewriter.notifyMatchFailure(op, "unconvertible payload type");
    Value v = LLVM::PoisonOp::create(rewriter, loc, type);
    v = LLVM::InsertValueOp::create(
        rewriter, loc, v, constI1(rewriter, loc, true), ArrayRef<int64_t>{0});
    rewriter.replaceOpWithNewOp<LLVM::InsertValueOp>(op, v, adaptor.getValue(),
                                                     ArrayRef<int64_t>{1});
    return success();
  }
};

template <typename Op, unsigned Field>
struct OptionAccessLowering : ClefPattern<Op> {
  using ClefPattern<Op>::ClefPattern;
  using OpAdaptor = typename Op::Adaptor;
  LogicalResult
  matchAndRewrite(Op op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<LLVM::ExtractValueOp>(op, adaptor.getOption(),
                                                      ArrayRef<int64_t>{Field});
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Arrays
//===----------------------------------------------------------------------===//

/// Raises F#'s ArgumentException for a negative array size `n` (i32).
static void emitNegativeCountError(OpBuilder &b, Location loc, Value n) {
  // FSharp.Core's invalidArgInputMustBeNonNegative "count" count.
  Value global = getRegionOrGlobal(b, loc, Value());
  Value prefix =
      getStringLiteral(b, loc, "The input must be non-negative.\ncount = ");
  Value count = callRuntime(b, loc, RuntimeFn::StringOfInt, {global, n});
  Value suffix = getStringLiteral(b, loc, " (Parameter 'count')");
  Value msg =
      callRuntime(b, loc, RuntimeFn::StringConcat, {global, prefix, count});
  msg = callRuntime(b, loc, RuntimeFn::StringConcat, {global, msg, suffix});
  callRuntime(b, loc, RuntimeFn::InvalidArgument, {msg});
  LLVM::UnreachableOp::create(b, loc);
}

/// Allocates an array of `count` (i64) elements of `elementType` and stores
/// its length.
static Value emitArrayAlloc(OpBuilder &b, Location loc, Value region,
                            Type elementType, Value count) {
  Value bytes = LLVM::MulOp::create(b, loc, count,
                                    constI64(b, loc, getTypeSize(elementType)));
  bytes =
      LLVM::AddOp::create(b, loc, bytes, constI64(b, loc, kArrayHeaderSize));
  Value p = emitRegionAlloc(b, loc, region, bytes);
  LLVM::StoreOp::create(b, loc, count, p);
  return p;
}

struct ArrayCreateOpLowering : ClefPattern<ArrayCreateOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(ArrayCreateOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type element = adaptor.getInit().getType();
    auto ptr = LLVM::LLVMPointerType::get(getContext());
    auto i32 = rewriter.getI32Type(), i64 = rewriter.getI64Type();
    auto type = LLVM::LLVMFunctionType::get(ptr, {ptr, i32, element});
    // One filling loop per element representation.
    LLVM::LLVMFuncOp helper = getOrCreateFunction(
        rewriter, "__clef_array_create_" + mangleLLVMType(element), type,
        [&](OpBuilder &b, LLVM::LLVMFuncOp func) {
          Location l = func.getLoc();
          Value region = func.getArgument(0), n = func.getArgument(1),
                init = func.getArgument(2);
          Block *fail = func.addBlock(), *ok = func.addBlock();
          Block *loop = func.addBlock(), *body = func.addBlock(),
                *done = func.addBlock();
          Value negative = LLVM::ICmpOp::create(b, l, LLVM::ICmpPredicate::slt,
                                                n, constI32(b, l, 0));
          auto br = LLVM::CondBrOp::create(b, l, negative, fail, ok);
          br.setBranchWeights(b.getDenseI32ArrayAttr({1, 2000}));
          b.setInsertionPointToStart(fail);
          emitNegativeCountError(b, l, n);
          b.setInsertionPointToStart(ok);
          Value count = LLVM::SExtOp::create(b, l, i64, n);
          Value array = emitArrayAlloc(b, l, region, element, count);
          emitBranch(b, l, loop, {constI64(b, l, 0)});
          b.setInsertionPointToStart(loop);
          Value i = loop->addArgument(i64, l);
          Value more =
              LLVM::ICmpOp::create(b, l, LLVM::ICmpPredicate::slt, i, count);
          LLVM::CondBrOp::create(b, l, more, body, done);
          b.setInsertionPointToStart(body);
          LLVM::StoreOp::create(
              b, l, init, emitArrayElementAddress(b, l, element, array, i));
          Value next = LLVM::AddOp::create(b, l, i, constI64(b, l, 1));
          emitBranch(b, l, loop, {next});
          b.setInsertionPointToStart(done);
          LLVM::ReturnOp::create(b, l, array);
        });
    Value region = getRegionOrGlobal(rewriter, loc, adaptor.getRegion());
    rewriter.replaceOpWithNewOp<LLVM::CallOp>(
        op, helper, ValueRange{region, adaptor.getSize(), adaptor.getInit()});
    return success();
  }
};

/// Literals shorter than this are stored element by element.
constexpr size_t kConstantArrayMinLength = 16;

/// The elements of `op` as one dense attribute of `element` (an integer or
/// float type), when every element is a constant of that type (seen through
/// unit casts) and there are enough of them; otherwise null.
static DenseElementsAttr getConstantElements(ArrayLitOp op, Type element) {
  if (op.getElements().size() < kConstantArrayMinLength ||
      !(element.isInteger(32) || element.isInteger(64) || element.isF64()))
    return {};
  SmallVector<Attribute> values;
  values.reserve(op.getElements().size());
  for (Value v : op.getElements()) {
    while (auto cast = v.getDefiningOp<UnitCastOp>())
      v = cast.getInput();
    Attribute attr;
    if (!matchPattern(v, m_Constant(&attr)))
      return {};
    auto typed = dyn_cast<TypedAttr>(attr);
    if (!typed || typed.getType() != element)
      return {};
    values.push_back(attr);
  }
  auto shape =
      RankedTensorType::get({static_cast<int64_t>(values.size())}, element);
  return DenseElementsAttr::get(shape, values);
}

struct ArrayLitOpLowering : ClefPattern<ArrayLitOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(ArrayLitOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type element =
        getTypeConverter()->convertType(op.getType().getElementType());
    if (!element)
      return rewriter.notifyMatchFailure(op, "unconvertible element type");
    uint64_t n = adaptor.getElements().size();
    Value p = emitAlloc(rewriter, loc, adaptor.getRegion(),
                        kArrayHeaderSize + n * getTypeSize(element));
    LLVM::StoreOp::create(rewriter, loc, constI64(rewriter, loc, n), p);
    // A long literal of constants is copied from a constant global: one
    // memcpy instead of a store per element, which keeps the IR (and the
    // time LLVM spends on it) independent of the literal's length.
    if (DenseElementsAttr data = getConstantElements(op, element)) {
      Value elements = emitArrayElementAddress(rewriter, loc, element, p,
                                               constI64(rewriter, loc, 0));
      LLVM::MemcpyOp::create(rewriter, loc, elements,
                             getConstantArray(rewriter, loc, data),
                             constI64(rewriter, loc, n * getTypeSize(element)),
                             /*isVolatile=*/false);
      rewriter.replaceOp(op, p);
      return success();
    }
    for (auto [i, v] : llvm::enumerate(adaptor.getElements()))
      LLVM::StoreOp::create(
          rewriter, loc, v,
          emitArrayElementAddress(rewriter, loc, element, p,
                                  constI64(rewriter, loc, i)));
    rewriter.replaceOp(op, p);
    return success();
  }
};

struct ArrayGetOpLowering : ClefPattern<ArrayGetOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(ArrayGetOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type element = getTypeConverter()->convertType(op.getType());
    if (!element)
      return rewriter.notifyMatchFailure(op, "unconvertible element type");
    Value i =
        emitCheckedIndex(rewriter, loc, adaptor.getArray(), adaptor.getIndex());
    Value addr =
        emitArrayElementAddress(rewriter, loc, element, adaptor.getArray(), i);
    rewriter.replaceOpWithNewOp<LLVM::LoadOp>(op, element, addr);
    return success();
  }
};

struct ArraySetOpLowering : ClefPattern<ArraySetOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(ArraySetOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type element = adaptor.getValue().getType();
    Value i =
        emitCheckedIndex(rewriter, loc, adaptor.getArray(), adaptor.getIndex());
    Value addr =
        emitArrayElementAddress(rewriter, loc, element, adaptor.getArray(), i);
    rewriter.replaceOpWithNewOp<LLVM::StoreOp>(op, adaptor.getValue(), addr);
    return success();
  }
};

struct ArrayLengthOpLowering : ClefPattern<ArrayLengthOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(ArrayLengthOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value len = LLVM::LoadOp::create(rewriter, op.getLoc(),
                                     rewriter.getI64Type(), adaptor.getArray());
    rewriter.replaceOpWithNewOp<LLVM::TruncOp>(op, rewriter.getI32Type(), len);
    return success();
  }
};

struct ArgvOpLowering : ClefPattern<ArgvOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(ArgvOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto ptr = LLVM::LLVMPointerType::get(getContext());
    auto i32 = rewriter.getI32Type(), i64 = rewriter.getI64Type();
    LLVM::LLVMFuncOp helper = getOrCreateFunction(
        rewriter, "__clef_argv", LLVM::LLVMFunctionType::get(ptr, {ptr}),
        [&](OpBuilder &b, LLVM::LLVMFuncOp func) {
          Location l = func.getLoc();
          Value region = func.getArgument(0);
          Value n = callRuntime(b, l, RuntimeFn::ArgCount, {});
          Value array = emitArrayAlloc(b, l, region, ptr,
                                       LLVM::SExtOp::create(b, l, i64, n));
          Block *loop = func.addBlock(), *body = func.addBlock(),
                *done = func.addBlock();
          emitBranch(b, l, loop, {constI32(b, l, 0)});
          b.setInsertionPointToStart(loop);
          Value i = loop->addArgument(i32, l);
          Value more =
              LLVM::ICmpOp::create(b, l, LLVM::ICmpPredicate::slt, i, n);
          LLVM::CondBrOp::create(b, l, more, body, done);
          b.setInsertionPointToStart(body);
          Value arg = callRuntime(b, l, RuntimeFn::Arg, {region, i});
          Value wide = LLVM::SExtOp::create(b, l, i64, i);
          LLVM::StoreOp::create(
              b, l, arg, emitArrayElementAddress(b, l, ptr, array, wide));
          Value next = LLVM::AddOp::create(b, l, i, constI32(b, l, 1));
          emitBranch(b, l, loop, {next});
          b.setInsertionPointToStart(done);
          LLVM::ReturnOp::create(b, l, array);
        });
    Value region =
        getRegionOrGlobal(rewriter, op.getLoc(), adaptor.getRegion());
    rewriter.replaceOpWithNewOp<LLVM::CallOp>(op, helper, ValueRange{region});
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Reference cells
//===----------------------------------------------------------------------===//

struct RefNewOpLowering : ClefPattern<RefNewOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(RefNewOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value v = adaptor.getValue();
    Value p =
        emitAlloc(rewriter, loc, adaptor.getRegion(), getTypeSize(v.getType()));
    LLVM::StoreOp::create(rewriter, loc, v, p);
    rewriter.replaceOp(op, p);
    return success();
  }
};

struct RefGetOpLowering : ClefPattern<RefGetOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(RefGetOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = getTypeConverter()->convertType(op.getType());
    if (!type)
      return rewriter.notifyMatchFailure(op, "unconvertible cell type");
    rewriter.replaceOpWithNewOp<LLVM::LoadOp>(op, type, adaptor.getRef());
    return success();
  }
};

struct RefSetOpLowering : ClefPattern<RefSetOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(RefSetOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<LLVM::StoreOp>(op, adaptor.getValue(),
                                               adaptor.getRef());
    return success();
  }
};

} // namespace

void populateDataPatterns(LLVMTypeConverter &converter,
                          RewritePatternSet &patterns) {
  patterns.add<TupleOpLowering, TupleGetOpLowering, RecordNewOpLowering,
               RecordGetOpLowering, RecordSetOpLowering, UnionNewOpLowering,
               UnionTagOpLowering, UnionFieldOpLowering, NilOpLowering,
               ConsOpLowering, ListIsNilOpLowering,
               ListAccessLowering<ListHeadOp, 0>,
               ListAccessLowering<ListTailOp, 1>, NoneOpLowering,
               SomeOpLowering, OptionAccessLowering<OptionIsSomeOp, 0>,
               OptionAccessLowering<OptionValueOp, 1>, ArrayCreateOpLowering,
               ArrayLitOpLowering, ArrayGetOpLowering, ArraySetOpLowering,
               ArrayLengthOpLowering, ArgvOpLowering, RefNewOpLowering,
               RefGetOpLowering, RefSetOpLowering>(converter);
}

} // namespace clef

//===- Layout.cpp - Heap layouts of clef values ---------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ClefToLLVM/Layout.h"
#include "passes/Conversion/ClefToLLVM/LoweringUtils.h"

#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::clef;

namespace clef {

//===----------------------------------------------------------------------===//
// Sizes
//===----------------------------------------------------------------------===//

uint64_t getTypeAlignment(Type type) {
  if (auto s = dyn_cast<LLVM::LLVMStructType>(type)) {
    uint64_t align = 1;
    for (Type field : s.getBody())
      align = std::max(align, getTypeAlignment(field));
    return align;
  }
  if (auto a = dyn_cast<LLVM::LLVMArrayType>(type))
    return getTypeAlignment(a.getElementType());
  if (type.isIntOrFloat())
    return std::max<uint64_t>(
        1, llvm::PowerOf2Ceil((type.getIntOrFloatBitWidth() + 7) / 8));
  // Pointers.
  return 8;
}

uint64_t getTypeSize(Type type) {
  if (auto s = dyn_cast<LLVM::LLVMStructType>(type)) {
    uint64_t offset = 0;
    for (Type field : s.getBody())
      offset =
          llvm::alignTo(offset, getTypeAlignment(field)) + getTypeSize(field);
    return llvm::alignTo(offset, getTypeAlignment(type));
  }
  if (auto a = dyn_cast<LLVM::LLVMArrayType>(type))
    return a.getNumElements() * getTypeSize(a.getElementType());
  if (type.isIntOrFloat())
    return getTypeAlignment(type);
  return 8;
}

//===----------------------------------------------------------------------===//
// Cells
//===----------------------------------------------------------------------===//

LLVM::LLVMStructType getCellType(const TypeConverter &converter,
                                 TypeRange types, ArrayRef<Type> prefix) {
  SmallVector<Type> fields(prefix);
  for (Type t : types) {
    Type lowered = converter.convertType(t);
    if (!lowered)
      return {};
    fields.push_back(lowered);
  }
  if (fields.empty())
    return {};
  return LLVM::LLVMStructType::getLiteral(fields.front().getContext(), fields);
}

static ModuleOp moduleOf(Operation *op) {
  if (auto module = dyn_cast<ModuleOp>(op))
    return module;
  return op->getParentOfType<ModuleOp>();
}

RecordDeclOp lookupRecordDecl(Operation *from, RecordType type) {
  ModuleOp module = moduleOf(from);
  return module ? lookupModuleSymbol<RecordDeclOp>(module, type.getName())
                : nullptr;
}

UnionDeclOp lookupUnionDecl(Operation *from, UnionType type) {
  ModuleOp module = moduleOf(from);
  return module ? lookupModuleSymbol<UnionDeclOp>(module, type.getName())
                : nullptr;
}

LLVM::LLVMStructType getRecordCellType(const TypeConverter &conv,
                                       RecordDeclOp decl) {
  SmallVector<Type> fields;
  for (unsigned i = 0, e = decl.getFieldNames().size(); i != e; ++i)
    fields.push_back(decl.getFieldType(i));
  return getCellType(conv, fields);
}

/// The number of cases with fields and the tag of the last one.
static std::pair<unsigned, unsigned> countCellCases(UnionDeclOp decl) {
  unsigned count = 0, last = 0;
  for (unsigned i = 0, e = decl.getCaseNames().size(); i != e; ++i)
    if (!decl.getCaseFieldTypes(i).empty())
      ++count, last = i;
  return {count, last};
}

bool unionCellsHaveTag(UnionDeclOp decl) {
  return countCellCases(decl).first > 1;
}

unsigned getCaseFieldIndex(UnionDeclOp decl) {
  return unionCellsHaveTag(decl) ? 1 : 0;
}

LLVM::LLVMStructType getCaseCellType(const TypeConverter &conv,
                                     UnionDeclOp decl, unsigned tag) {
  if (!unionCellsHaveTag(decl))
    return getCellType(conv, decl.getCaseFieldTypes(tag));
  return getCellType(conv, decl.getCaseFieldTypes(tag),
                     {IntegerType::get(decl.getContext(), 32)});
}

LLVM::LLVMStructType getConsCellType(const TypeConverter &converter,
                                     ListType type) {
  Type head = converter.convertType(type.getElementType());
  if (!head)
    return {};
  return LLVM::LLVMStructType::getLiteral(
      type.getContext(), {head, LLVM::LLVMPointerType::get(type.getContext())});
}

bool captureFitsInSlot(Type lowered) {
  return getTypeSize(lowered) <= kClosureSlotSize;
}

std::optional<uint64_t> getStaticAllocationBytes(Operation *op,
                                                 const TypeConverter &conv) {
  auto rounded = [](uint64_t n) { return llvm::alignTo(n, 8); };
  auto cellBytes = [&](LLVM::LLVMStructType cell) -> std::optional<uint64_t> {
    if (!cell)
      return std::nullopt;
    return rounded(getTypeSize(cell));
  };
  return llvm::TypeSwitch<Operation *, std::optional<uint64_t>>(op)
      .Case([&](TupleOp tuple) {
        return cellBytes(getCellType(conv, tuple.getType().getElementTypes()));
      })
      .Case([&](RecordNewOp record) -> std::optional<uint64_t> {
        RecordDeclOp decl = lookupRecordDecl(op, record.getType());
        if (!decl)
          return std::nullopt;
        return cellBytes(getRecordCellType(conv, decl));
      })
      .Case([&](UnionNewOp value) -> std::optional<uint64_t> {
        UnionDeclOp decl = lookupUnionDecl(op, value.getType());
        if (!decl)
          return std::nullopt;
        std::optional<unsigned> tag = decl.getCaseIndex(value.getCaseName());
        if (!tag)
          return std::nullopt;
        if (decl.getCaseFieldTypes(*tag).empty())
          return 0; // An immediate.
        return cellBytes(getCaseCellType(conv, decl, *tag));
      })
      .Case([&](ConsOp cons) {
        return cellBytes(getConsCellType(conv, cons.getType()));
      })
      .Case([&](RefNewOp ref) -> std::optional<uint64_t> {
        Type lowered = conv.convertType(ref.getValue().getType());
        if (!lowered)
          return std::nullopt;
        return rounded(getTypeSize(lowered));
      })
      .Case([&](ArrayLitOp array) -> std::optional<uint64_t> {
        Type element = conv.convertType(array.getType().getElementType());
        if (!element)
          return std::nullopt;
        return rounded(kArrayHeaderSize +
                       array.getElements().size() * getTypeSize(element));
      })
      .Case([&](ClosureNewOp closure) -> std::optional<uint64_t> {
        uint64_t bytes = kClosureSlotSize * (closure.getCaptures().size() + 1);
        for (Value capture : closure.getCaptures()) {
          Type lowered = conv.convertType(capture.getType());
          if (!lowered)
            return std::nullopt;
          if (!captureFitsInSlot(lowered))
            bytes += rounded(getTypeSize(lowered));
        }
        return bytes;
      })
      .Default([](Operation *) { return std::nullopt; });
}

Value emitNullaryCase(OpBuilder &b, Location loc, unsigned tag) {
  auto ptr = LLVM::LLVMPointerType::get(b.getContext());
  return LLVM::IntToPtrOp::create(b, loc, ptr,
                                  constI64(b, loc, 2 * int64_t(tag) + 1));
}

Value emitUnionTag(OpBuilder &b, Location loc, UnionDeclOp decl, Value value) {
  auto [cellCases, cellTag] = countCellCases(decl);
  bool anyNullary = cellCases != decl.getCaseNames().size();
  auto i32 = b.getI32Type();
  auto i64 = b.getI64Type();
  if (cellCases == 1 && !anyNullary)
    return constI32(b, loc, cellTag);
  if (!anyNullary)
    return LLVM::LoadOp::create(b, loc, i32, value);
  // With one nullary case every immediate is that case: its tag is a
  // constant, which lets LLVM fold a match into one test of the low bit.
  std::optional<unsigned> onlyNullary;
  if (decl.getCaseNames().size() - cellCases == 1)
    for (unsigned i = 0, e = decl.getCaseNames().size(); i != e; ++i)
      if (decl.getCaseFieldTypes(i).empty())
        onlyNullary = i;
  auto immediateTag = [&](Value bits) -> Value {
    if (onlyNullary)
      return constI32(b, loc, *onlyNullary);
    Value tag = LLVM::LShrOp::create(b, loc, bits, constI64(b, loc, 1));
    return LLVM::TruncOp::create(b, loc, i32, tag);
  };
  if (cellCases == 0)
    return immediateTag(LLVM::PtrToIntOp::create(b, loc, i64, value));
  if (cellCases == 1) {
    // A cell is the one case with fields; the rest are immediates. No load,
    // no branch.
    Value bits = LLVM::PtrToIntOp::create(b, loc, i64, value);
    Value low = LLVM::AndOp::create(b, loc, bits, constI64(b, loc, 1));
    Value isImmediate = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::ne,
                                             low, constI64(b, loc, 0));
    return LLVM::SelectOp::create(b, loc, isImmediate, immediateTag(bits),
                                  constI32(b, loc, cellTag));
  }
  auto ptr = LLVM::LLVMPointerType::get(b.getContext());
  LLVM::LLVMFuncOp helper = getOrCreateHelper(
      b, "__clef_union_tag", LLVM::LLVMFunctionType::get(i32, {ptr}),
      [&](OpBuilder &hb, LLVM::LLVMFuncOp func) {
        Location l = func.getLoc();
        Value p = func.getArgument(0);
        Value bits = LLVM::PtrToIntOp::create(hb, l, i64, p);
        Value low = LLVM::AndOp::create(hb, l, bits, constI64(hb, l, 1));
        Value isImmediate = LLVM::ICmpOp::create(hb, l, LLVM::ICmpPredicate::ne,
                                                 low, constI64(hb, l, 0));
        Block *immediate = func.addBlock(), *cell = func.addBlock();
        LLVM::CondBrOp::create(hb, l, isImmediate, immediate, cell);
        hb.setInsertionPointToStart(immediate);
        Value tag = LLVM::LShrOp::create(hb, l, bits, constI64(hb, l, 1));
        LLVM::ReturnOp::create(
            hb, l, LLVM::TruncOp::create(hb, l, i32, tag).getResult());
        hb.setInsertionPointToStart(cell);
        LLVM::ReturnOp::create(hb, l,
                               LLVM::LoadOp::create(hb, l, i32, p).getResult());
      });
  return LLVM::CallOp::create(b, loc, helper, ValueRange{value}).getResult();
}

Value emitFieldAddress(OpBuilder &b, Location loc, LLVM::LLVMStructType cell,
                       Value base, unsigned index) {
  auto ptr = LLVM::LLVMPointerType::get(b.getContext());
  return LLVM::GEPOp::create(
      b, loc, ptr, cell, base,
      ArrayRef<LLVM::GEPArg>{0, static_cast<int32_t>(index)});
}

Value emitLoadField(OpBuilder &b, Location loc, LLVM::LLVMStructType cell,
                    Value base, unsigned index) {
  Value addr = emitFieldAddress(b, loc, cell, base, index);
  return LLVM::LoadOp::create(b, loc, cell.getBody()[index], addr);
}

void emitStoreField(OpBuilder &b, Location loc, LLVM::LLVMStructType cell,
                    Value base, unsigned index, Value value) {
  Value addr = emitFieldAddress(b, loc, cell, base, index);
  LLVM::StoreOp::create(b, loc, value, addr);
}

Value emitAlloc(OpBuilder &b, Location loc, Value region, uint64_t size) {
  Value r = getRegionOrGlobal(b, loc, region);
  return emitRegionAlloc(b, loc, r, constI64(b, loc, size));
}

Value emitArrayElementAddress(OpBuilder &b, Location loc, Type elementType,
                              Value array, Value index) {
  auto ptr = LLVM::LLVMPointerType::get(b.getContext());
  Value data = LLVM::GEPOp::create(
      b, loc, ptr, b.getI8Type(), array,
      ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(kArrayHeaderSize)});
  return LLVM::GEPOp::create(b, loc, ptr, elementType, data,
                             ArrayRef<LLVM::GEPArg>{index});
}

void emitBranch(OpBuilder &b, Location loc, Block *dest, ValueRange args) {
  LLVM::BrOp::create(b, loc, args, LLVM::LoopAnnotationAttr(), dest);
}

//===----------------------------------------------------------------------===//
// Mangling
//===----------------------------------------------------------------------===//

static void mangleName(llvm::raw_ostream &os, StringRef name) {
  os << name.size() << name;
}

static void mangle(llvm::raw_ostream &os, Type type) {
  if (type.isInteger(1))
    os << 'b';
  else if (type.isInteger(32))
    os << 'i';
  else if (type.isInteger(64))
    os << 'l';
  else if (isa<FloatType, MeasureType>(type))
    os << 'd';
  else if (isa<UnitType>(type))
    os << 'u';
  else if (isa<CharType>(type))
    os << 'c';
  else if (isa<StringType>(type))
    os << 's';
  else if (auto t = dyn_cast<mlir::clef::TupleType>(type)) {
    os << 'T' << t.getElementTypes().size();
    for (Type e : t.getElementTypes())
      mangle(os, e);
  } else if (auto r = dyn_cast<RecordType>(type)) {
    os << 'R';
    mangleName(os, r.getName().getValue());
  } else if (auto u = dyn_cast<UnionType>(type)) {
    os << 'U';
    mangleName(os, u.getName().getValue());
  } else if (auto l = dyn_cast<ListType>(type)) {
    os << 'L';
    mangle(os, l.getElementType());
  } else if (auto o = dyn_cast<OptionType>(type)) {
    os << 'O';
    mangle(os, o.getElementType());
  } else if (auto a = dyn_cast<ArrayType>(type)) {
    os << 'A';
    mangle(os, a.getElementType());
  } else if (auto r = dyn_cast<RefType>(type)) {
    os << 'C';
    mangle(os, r.getElementType());
  } else if (auto f = dyn_cast<ClosureType>(type)) {
    os << 'F' << f.getSignature().getNumInputs();
    for (Type in : f.getSignature().getInputs())
      mangle(os, in);
    mangle(os, f.getSignature().getResult(0));
  } else {
    // Types no value of which reaches the structural helpers.
    os << 'X';
  }
}

std::string mangleType(Type clefType) {
  std::string s;
  llvm::raw_string_ostream os(s);
  mangle(os, clefType);
  return s;
}

std::string mangleLLVMType(Type type) {
  if (auto s = dyn_cast<LLVM::LLVMStructType>(type)) {
    std::string r = "s" + std::to_string(s.getBody().size());
    for (Type field : s.getBody())
      r += mangleLLVMType(field);
    return r;
  }
  if (isa<IntegerType>(type))
    return "i" + std::to_string(type.getIntOrFloatBitWidth());
  if (isa<FloatType>(type))
    return "f" + std::to_string(type.getIntOrFloatBitWidth());
  return "p";
}

} // namespace clef

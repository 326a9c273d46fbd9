//===- LoweringUtils.cpp - Shared pieces of the LLVM lowering -------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ClefToLLVM/LoweringUtils.h"
#include "passes/Conversion/ClefToLLVM/RuntimeFunctions.h"

#include "mlir/IR/RegionGraphTraits.h"
#include "llvm/ADT/SCCIterator.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/xxhash.h"

using namespace mlir;

namespace clef {

ModuleOp getEnclosingModule(OpBuilder &builder) {
  Operation *op = builder.getInsertionBlock()->getParentOp();
  if (auto module = dyn_cast<ModuleOp>(op))
    return module;
  return op->getParentOfType<ModuleOp>();
}

/// The symbol tables of the lowering running on this thread, if any.
static thread_local SymbolTableCollection *activeTables = nullptr;

LoweringSymbolScope::LoweringSymbolScope(SymbolTableCollection &tables)
    : previous(activeTables) {
  activeTables = &tables;
}

LoweringSymbolScope::~LoweringSymbolScope() { activeTables = previous; }

/// The blocks whose allocations call the runtime, if a lowering set them.
static thread_local const DenseSet<Block *> *runsOnceBlocks = nullptr;

RunsOnceScope::RunsOnceScope(const DenseSet<Block *> &blocks)
    : previous(runsOnceBlocks) {
  runsOnceBlocks = &blocks;
}

RunsOnceScope::~RunsOnceScope() { runsOnceBlocks = previous; }

DenseSet<Block *> getBlocksOnNoCycle(Region &region) {
  DenseSet<Block *> blocks;
  if (region.empty())
    return blocks;
  for (auto scc = llvm::scc_begin(&region); !scc.isAtEnd(); ++scc)
    if (!scc.hasCycle())
      blocks.insert((*scc).front());
  return blocks;
}

Operation *lookupModuleSymbol(ModuleOp module, StringRef name) {
  if (activeTables)
    return activeTables->getSymbolTable(module).lookup(name);
  return module.lookupSymbol(name);
}

Operation *lookupModuleSymbol(ModuleOp module, StringAttr name) {
  if (activeTables)
    return activeTables->getSymbolTable(module).lookup(name);
  return module.lookupSymbol(name);
}

void addModuleSymbol(ModuleOp module, Operation *symbol) {
  if (activeTables)
    activeTables->getSymbolTable(module).insert(symbol);
}

Value constI64(OpBuilder &b, Location loc, int64_t v) {
  return LLVM::ConstantOp::create(b, loc, b.getI64Type(),
                                  b.getI64IntegerAttr(v));
}
Value constI32(OpBuilder &b, Location loc, int32_t v) {
  return LLVM::ConstantOp::create(b, loc, b.getI32Type(),
                                  b.getI32IntegerAttr(v));
}
Value constI8(OpBuilder &b, Location loc, int8_t v) {
  return LLVM::ConstantOp::create(b, loc, b.getI8Type(), b.getI8IntegerAttr(v));
}
Value constI1(OpBuilder &b, Location loc, bool v) {
  return LLVM::ConstantOp::create(b, loc, b.getI1Type(), b.getBoolAttr(v));
}

Value getStringLiteral(OpBuilder &builder, Location loc, StringRef text) {
  ModuleOp module = getEnclosingModule(builder);
  // The global holds the 8-byte little-endian length, the bytes and a NUL,
  // the layout of `clef_string`.
  std::string bytes;
  uint64_t len = text.size();
  for (int i = 0; i < 8; ++i)
    bytes.push_back(static_cast<char>((len >> (8 * i)) & 0xff));
  bytes += text.str();
  bytes.push_back('\0');
  std::string name =
      "__clef_str_" + llvm::utohexstr(llvm::xxh3_64bits(text), true);
  auto global = lookupModuleSymbol<LLVM::GlobalOp>(module, name);
  for (unsigned suffix = 1;
       global && global.getValueAttr() != builder.getStringAttr(bytes);
       ++suffix) {
    name = "__clef_str_" + llvm::utohexstr(llvm::xxh3_64bits(text), true) +
           "_" + std::to_string(suffix);
    global = lookupModuleSymbol<LLVM::GlobalOp>(module, name);
  }
  if (!global) {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(module.getBody());
    auto type = LLVM::LLVMArrayType::get(builder.getI8Type(), bytes.size());
    global = LLVM::GlobalOp::create(builder, loc, type, /*isConstant=*/true,
                                    LLVM::Linkage::Internal, name,
                                    builder.getStringAttr(bytes),
                                    /*alignment=*/8);
    global.setUnnamedAddr(LLVM::UnnamedAddr::Global);
    addModuleSymbol(module, global);
  }
  return LLVM::AddressOfOp::create(builder, loc, global);
}

Value getConstantArray(OpBuilder &builder, Location loc,
                       DenseElementsAttr values) {
  ModuleOp module = getEnclosingModule(builder);
  ArrayRef<char> raw = values.getRawData();
  uint64_t hash = llvm::xxh3_64bits(ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(raw.data()), raw.size()));
  std::string base = "__clef_data_" + llvm::utohexstr(hash, true);
  std::string name = base;
  auto global = lookupModuleSymbol<LLVM::GlobalOp>(module, name);
  for (unsigned suffix = 1; global && global.getValueAttr() != values;
       ++suffix) {
    name = base + "_" + std::to_string(suffix);
    global = lookupModuleSymbol<LLVM::GlobalOp>(module, name);
  }
  if (!global) {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(module.getBody());
    auto type = LLVM::LLVMArrayType::get(values.getElementType(),
                                         values.getNumElements());
    global = LLVM::GlobalOp::create(builder, loc, type, /*isConstant=*/true,
                                    LLVM::Linkage::Internal, name, values,
                                    /*alignment=*/8);
    global.setUnnamedAddr(LLVM::UnnamedAddr::Global);
    addModuleSymbol(module, global);
  }
  return LLVM::AddressOfOp::create(builder, loc, global);
}

std::pair<Value, Value> getStringLiteralBytes(OpBuilder &builder, Location loc,
                                              StringRef text) {
  Value str = getStringLiteral(builder, loc, text);
  Value bytes = LLVM::GEPOp::create(
      builder, loc, LLVM::LLVMPointerType::get(builder.getContext()),
      builder.getI8Type(), str, ArrayRef<LLVM::GEPArg>{8});
  return {bytes, constI64(builder, loc, text.size())};
}

Value emitDoubleHash(OpBuilder &b, Location loc, Value v) {
  // .NET Core's Double.GetHashCode: both zeros and every NaN keep only their
  // exponent bits, so 0.0 and -0.0 (which are equal) hash alike; then the
  // low word xor the high word.
  auto i64 = b.getI64Type();
  Value bits = LLVM::BitcastOp::create(b, loc, i64, v);
  Value zero =
      LLVM::ConstantOp::create(b, loc, b.getF64Type(), b.getF64FloatAttr(0.0));
  Value isZero =
      LLVM::FCmpOp::create(b, loc, LLVM::FCmpPredicate::oeq, v, zero);
  Value isNaN = LLVM::FCmpOp::create(b, loc, LLVM::FCmpPredicate::uno, v, v);
  Value special = LLVM::OrOp::create(b, loc, isZero, isNaN);
  Value exponent =
      LLVM::AndOp::create(b, loc, bits, constI64(b, loc, 0x7FF0000000000000LL));
  bits = LLVM::SelectOp::create(b, loc, special, exponent, bits);
  Value high = LLVM::LShrOp::create(b, loc, bits, constI64(b, loc, 32));
  Value mixed = LLVM::XOrOp::create(b, loc, bits, high);
  return LLVM::TruncOp::create(b, loc, b.getI32Type(), mixed);
}

Value getGlobalRegion(OpBuilder &builder, Location loc) {
  // The runtime's `clef_global_region` descriptor: its address is a link-time
  // constant, so allocation in the process region costs no call.
  static constexpr StringLiteral name = "clef_global_region";
  ModuleOp module = getEnclosingModule(builder);
  MLIRContext *ctx = builder.getContext();
  auto ptr = LLVM::LLVMPointerType::get(ctx);
  if (!lookupModuleSymbol<LLVM::GlobalOp>(module, name)) {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToStart(module.getBody());
    auto descriptor =
        LLVM::LLVMStructType::getLiteral(ctx, {ptr, ptr, builder.getI64Type()});
    auto global = LLVM::GlobalOp::create(
        builder, module.getLoc(), descriptor,
        /*isConstant=*/false, LLVM::Linkage::External, name, Attribute());
    addModuleSymbol(module, global);
  }
  return LLVM::AddressOfOp::create(builder, loc, ptr, name);
}

Value getRegionOrGlobal(OpBuilder &builder, Location loc, Value region) {
  if (region)
    return region;
  return getGlobalRegion(builder, loc);
}

LLVM::LLVMFuncOp
getOrCreateFunction(OpBuilder &builder, StringRef name,
                    LLVM::LLVMFunctionType type,
                    function_ref<void(OpBuilder &, LLVM::LLVMFuncOp)> build) {
  ModuleOp module = getEnclosingModule(builder);
  if (auto existing = lookupModuleSymbol<LLVM::LLVMFuncOp>(module, name))
    return existing;
  OpBuilder::InsertionGuard guard(builder);
  // A helper is complete LLVM-dialect code no pattern revisits: it is built
  // unseen by the pattern rewriter, whose rollback of a failed conversion
  // would detach the blocks its bodies add directly without freeing them.
  OpBuilder::Listener *listener = builder.getListener();
  builder.setListener(nullptr);
  llvm::scope_exit restore([&] { builder.setListener(listener); });
  builder.setInsertionPointToEnd(module.getBody());
  auto func = LLVM::LLVMFuncOp::create(builder, module.getLoc(), name, type,
                                       LLVM::Linkage::Internal);
  addModuleSymbol(module, func);
  Block *entry = func.addEntryBlock(builder);
  builder.setInsertionPointToStart(entry);
  build(builder, func);
  return func;
}

LLVM::LLVMFuncOp
getOrCreateHelper(OpBuilder &builder, StringRef name,
                  LLVM::LLVMFunctionType type,
                  function_ref<void(OpBuilder &, LLVM::LLVMFuncOp)> build) {
  LLVM::LLVMFuncOp func = getOrCreateFunction(builder, name, type, build);
  func.setAlwaysInline(true);
  return func;
}

Value emitRegionAlloc(OpBuilder &builder, Location loc, Value region,
                      Value size, uint64_t alignment) {
  MLIRContext *ctx = builder.getContext();
  auto ptr = LLVM::LLVMPointerType::get(ctx);
  auto i64 = builder.getI64Type();
  bool runsOnce =
      runsOnceBlocks && runsOnceBlocks->contains(builder.getInsertionBlock());
  if (alignment > 8 || runsOnce)
    return callRuntime(builder, loc, RuntimeFn::RegionAlloc,
                       {region, size, constI64(builder, loc, alignment)});

  // Every allocation is a multiple of 8 bytes, so a region's bump pointer
  // stays 8-aligned and the fast path needs no realignment.
  Value rounded = size;
  if (auto cst = size.getDefiningOp<LLVM::ConstantOp>()) {
    int64_t n = cast<IntegerAttr>(cst.getValue()).getInt();
    rounded = constI64(builder, loc, (n + 7) & ~int64_t(7));
  } else {
    Value seven = constI64(builder, loc, 7);
    rounded = LLVM::AndOp::create(
        builder, loc, LLVM::AddOp::create(builder, loc, size, seven),
        constI64(builder, loc, ~int64_t(7)));
  }

  auto helperType = LLVM::LLVMFunctionType::get(ptr, {ptr, i64});
  LLVM::LLVMFuncOp helper = getOrCreateHelper(
      builder, "__clef_region_alloc", helperType,
      [&](OpBuilder &b, LLVM::LLVMFuncOp func) {
        Location l = func.getLoc();
        Block *entry = &func.getBody().front();
        Value r = entry->getArgument(0), n = entry->getArgument(1);
        // struct clef_region { char *cur; char *end; ... }
        Value cur = LLVM::LoadOp::create(b, l, ptr, r);
        Value endAddr =
            LLVM::GEPOp::create(b, l, ptr, ptr, r, ArrayRef<LLVM::GEPArg>{1});
        Value end = LLVM::LoadOp::create(b, l, ptr, endAddr);
        Value next = LLVM::GEPOp::create(b, l, ptr, b.getI8Type(), cur,
                                         ArrayRef<LLVM::GEPArg>{n});
        Value fits =
            LLVM::ICmpOp::create(b, l, LLVM::ICmpPredicate::ule, next, end);
        Block *fast = func.addBlock();
        Block *slow = func.addBlock();
        auto br = LLVM::CondBrOp::create(b, l, fits, fast, slow);
        br.setBranchWeights(b.getDenseI32ArrayAttr({2000, 1}));
        b.setInsertionPointToStart(fast);
        LLVM::StoreOp::create(b, l, next, r);
        LLVM::ReturnOp::create(b, l, cur);
        b.setInsertionPointToStart(slow);
        Value p = callRuntime(b, l, RuntimeFn::RegionAllocSlow,
                              {r, n, constI64(b, l, 8)});
        LLVM::ReturnOp::create(b, l, p);
      });
  return LLVM::CallOp::create(builder, loc, helper, ValueRange{region, rounded})
      .getResult();
}

Value emitCheckedIndex(OpBuilder &builder, Location loc, Value object,
                       Value index) {
  auto ptr = LLVM::LLVMPointerType::get(builder.getContext());
  auto i32 = builder.getI32Type(), i64 = builder.getI64Type();
  LLVM::LLVMFuncOp helper = getOrCreateHelper(
      builder, "__clef_checked_index",
      LLVM::LLVMFunctionType::get(i64, {ptr, i32}),
      [&](OpBuilder &b, LLVM::LLVMFuncOp func) {
        Location l = func.getLoc();
        Value len = LLVM::LoadOp::create(b, l, i64, func.getArgument(0));
        Value wide = LLVM::SExtOp::create(b, l, i64, func.getArgument(1));
        // One unsigned compare rejects negative indices too.
        Value inRange =
            LLVM::ICmpOp::create(b, l, LLVM::ICmpPredicate::ult, wide, len);
        Block *ok = func.addBlock(), *fail = func.addBlock();
        auto br = LLVM::CondBrOp::create(b, l, inRange, ok, fail);
        br.setBranchWeights(b.getDenseI32ArrayAttr({2000, 1}));
        b.setInsertionPointToStart(fail);
        callRuntime(b, l, RuntimeFn::IndexOutOfRange, {});
        LLVM::UnreachableOp::create(b, l);
        b.setInsertionPointToStart(ok);
        LLVM::ReturnOp::create(b, l, wide);
      });
  return LLVM::CallOp::create(builder, loc, helper, ValueRange{object, index})
      .getResult();
}

} // namespace clef

//===- ClefToLLVM.cpp - Clef to LLVM lowering pass ------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ClefToLLVM/ClefToLLVM.h"
#include "passes/Conversion/ClefToLLVM/LoweringUtils.h"
#include "passes/Conversion/ClefToLLVM/Patterns.h"
#include "passes/Conversion/ClefToLLVM/RuntimeFunctions.h"
#include "passes/Conversion/RegionToLLVM/RegionToLLVM.h"
#include "passes/Passes.h"

#include "dialects/Clef/ClefOps.h"
#include "dialects/Region/RegionOps.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVM.h"
#include "mlir/Conversion/LLVMCommon/ConversionTarget.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AttrTypeSubElements.h"

namespace clef {
#define GEN_PASS_DEF_CONVERTCLEFTOLLVM
#include "passes/Passes.h.inc"
} // namespace clef

using namespace mlir;

namespace clef {

void populateClefToLLVMConversionPatterns(LLVMTypeConverter &converter,
                                          RewritePatternSet &patterns) {
  populateScalarPatterns(converter, patterns);
  populateFormatPatterns(converter, patterns);
  populateProgramPatterns(converter, patterns);
  populateDataPatterns(converter, patterns);
  populateStructuralPatterns(converter, patterns);
  populateClosurePatterns(converter, patterns);
  populateRegionToLLVMConversionPatterns(converter, patterns);
}

/// Gives every Clef-defined symbol a `clef_` prefix and internal linkage, so
/// user names never clash with C symbols (a Clef function may be called
/// `main`, `exp` or `printf`). Returns the entry function, if any. All the
/// names change at once: the uses are rewritten in one walk of the module,
/// since a walk per symbol would make the pass quadratic in the program.
static FailureOr<func::FuncOp> internalizeSymbols(ModuleOp module) {
  MLIRContext *ctx = module.getContext();
  func::FuncOp entry;
  llvm::DenseMap<StringAttr, StringAttr> newNames;
  SmallVector<std::pair<Operation *, StringAttr>> renamed;
  auto rename = [&](Operation *op, StringRef prefix) {
    StringAttr oldName = SymbolTable::getSymbolName(op);
    auto newName = StringAttr::get(ctx, prefix + oldName.getValue());
    newNames[oldName] = newName;
    renamed.push_back({op, newName});
  };
  for (auto func : module.getOps<func::FuncOp>()) {
    if (func.isDeclaration())
      continue;
    if (func->hasAttr(mlir::clef::ClefDialect::kEntryAttrName)) {
      if (entry)
        return func.emitOpError("a program has one entry function; the "
                                "other is ")
               << entry.getSymName();
      entry = func;
      func->removeAttr(mlir::clef::ClefDialect::kEntryAttrName);
    }
    rename(func, "clef_");
    func->setAttr("llvm.linkage",
                  LLVM::LinkageAttr::get(ctx, LLVM::Linkage::Internal));
  }
  for (auto global : module.getOps<mlir::clef::GlobalOp>())
    rename(global, "clef_g_");
  if (renamed.empty())
    return entry;

  // Two symbols must not end up with one name (a global `x` and a function
  // `g_x`, say): uses could no longer tell them apart.
  llvm::DenseSet<StringAttr> taken;
  for (Operation &op : *module.getBody())
    if (auto name =
            op.getAttrOfType<StringAttr>(SymbolTable::getSymbolAttrName());
        name && !newNames.count(name))
      taken.insert(name);
  for (auto [op, newName] : renamed)
    if (!taken.insert(newName).second)
      return op->emitOpError("cannot rename the symbol to ")
             << newName << ": the name is taken";

  AttrTypeReplacer replacer;
  replacer.addReplacement([&](SymbolRefAttr ref) -> std::optional<Attribute> {
    auto it = newNames.find(ref.getRootReference());
    if (it == newNames.end())
      return std::nullopt;
    return SymbolRefAttr::get(it->second, ref.getNestedReferences());
  });
  replacer.recursivelyReplaceElementsIn(module, /*replaceAttrs=*/true,
                                        /*replaceLocs=*/false,
                                        /*replaceTypes=*/false);
  for (auto [op, newName] : renamed)
    SymbolTable::setSymbolName(op, newName);
  return entry;
}

/// int main(int argc, char **argv) { return clef_rt_main(argc, argv, entry); }
/// The runtime starts up, runs the entry function on the program's own
/// stack, where an overflow is reported (docs/Runtime.md), and finishes.
/// The patterns turn the entry function into an llvm.func of the same name,
/// which the address refers to.
static void createMain(ModuleOp module, func::FuncOp entry) {
  OpBuilder b(module.getBodyRegion());
  b.setInsertionPointToEnd(module.getBody());
  Location loc = entry.getLoc();
  auto i32 = b.getI32Type();
  auto ptr = LLVM::LLVMPointerType::get(b.getContext());
  auto main = LLVM::LLVMFuncOp::create(
      b, loc, "main", LLVM::LLVMFunctionType::get(i32, {i32, ptr}));
  Block *body = main.addEntryBlock(b);
  b.setInsertionPointToStart(body);
  Value code = LLVM::AddressOfOp::create(b, loc, ptr, entry.getSymName());
  Value result =
      callRuntime(b, loc, RuntimeFn::Main,
                  {body->getArgument(0), body->getArgument(1), code});
  LLVM::ReturnOp::create(b, loc, result);
}

/// Whether `term` returns `value`, directly or through blocks that only
/// forward it to a return (the join blocks scf.if leaves behind).
static bool returnsValue(Operation *term, Value value, unsigned depth = 0) {
  if (auto ret = dyn_cast<LLVM::ReturnOp>(term))
    return ret.getNumOperands() == 1 && ret.getOperand(0) == value;
  auto br = dyn_cast<LLVM::BrOp>(term);
  if (!br || depth > 8)
    return false;
  Block *dest = br.getDest();
  if (dest->getOperations().size() != 1)
    return false;
  Operation *next = dest->getTerminator();
  // The value reaches the next terminator as itself (a block that merely
  // jumps on) or as the destination's argument(s) it is passed to.
  if (returnsValue(next, value, depth + 1))
    return true;
  for (auto [arg, operand] :
       llvm::zip(dest->getArguments(), br.getDestOperands()))
    if (operand == value && returnsValue(next, arg, depth + 1))
      return true;
  return false;
}

/// Marks every call in tail position of a Clef function as a tail call, so
/// that tail recursion (direct, mutual or through a closure) runs in
/// constant stack at every optimization level. A call whose result is
/// returned, possibly through forwarding blocks, becomes `call; return`.
/// When caller and callee have the same prototype the call is `musttail`,
/// which LLVM guarantees even at -O0; otherwise it is `tail`, which the code
/// generator honours when the arguments fit the caller's frame. Arguments
/// never point into the caller's frame: mutable locals are not passed or
/// captured, so both markers are sound.
static void markTailCalls(ModuleOp module) {
  SymbolTable symbols(module);
  for (auto func : module.getOps<LLVM::LLVMFuncOp>()) {
    if (func.isExternal() || func.getName() == "main")
      continue;
    LLVM::LLVMFunctionType callerType = func.getFunctionType();
    SmallVector<LLVM::CallOp> calls;
    func.walk([&](LLVM::CallOp call) { calls.push_back(call); });
    for (LLVM::CallOp call : calls) {
      using LLVM::tailcallkind::TailCallKind;
      if (call.getNumResults() != 1 ||
          call.getTailCallKind() != TailCallKind::None)
        continue;
      // Only Clef code: direct calls of functions defined here, and
      // indirect calls of closure code.
      if (auto callee = call.getCallee()) {
        auto target = symbols.lookup<LLVM::LLVMFuncOp>(*callee);
        if (!target || target.isExternal())
          continue;
      }
      Operation *next = call->getNextNode();
      Value result = call.getResult();
      if (!next || !returnsValue(next, result))
        continue;
      if (!isa<LLVM::ReturnOp>(next)) {
        OpBuilder b(next);
        LLVM::ReturnOp::create(b, next->getLoc(), result);
        next->erase();
      }
      LLVM::LLVMFunctionType calleeType = call.getCalleeFunctionType();
      bool samePrototype = calleeType == callerType && !callerType.isVarArg();
      call.setTailCallKind(samePrototype ? TailCallKind::MustTail
                                         : TailCallKind::Tail);
    }
  }
}

namespace {
struct ConvertClefToLLVMPass
    : impl::ConvertClefToLLVMBase<ConvertClefToLLVMPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    FailureOr<func::FuncOp> entry = internalizeSymbols(module);
    if (failed(entry))
      return signalPassFailure();
    if (*entry && !module.lookupSymbol("main"))
      createMain(module, *entry);
    DenseSet<Block *> runsOnce;
    if (*entry)
      runsOnce = getBlocksOnNoCycle((*entry).getBody());
    RunsOnceScope runsOnceScope(runsOnce);

    // Every symbol lookup of the conversion (callees, type declarations,
    // helpers, runtime declarations, string literals) goes through one
    // symbol table, so the lowering stays linear in the program.
    SymbolTableCollection symbolTables;
    LoweringSymbolScope symbolScope(symbolTables);
    LLVMTypeConverter converter(&getContext());
    addLoweringTypeConversions(converter);
    RewritePatternSet patterns(&getContext());
    populateClefToLLVMConversionPatterns(converter, patterns);
    populateFuncToLLVMConversionPatterns(converter, patterns, &symbolTables);
    cf::populateControlFlowToLLVMConversionPatterns(converter, patterns);
    arith::populateArithToLLVMConversionPatterns(converter, patterns);
    ub::populateUBToLLVMConversionPatterns(converter, patterns);

    LLVMConversionTarget target(getContext());
    target.addLegalOp<ModuleOp>();
    // Type declarations are read by the patterns (layouts of records and
    // unions); they are dropped once nothing refers to them any more.
    target.addLegalOp<mlir::clef::RecordDeclOp, mlir::clef::UnionDeclOp>();
    if (failed(applyFullConversion(module, target, std::move(patterns))))
      return signalPassFailure();
    for (Operation &op : llvm::make_early_inc_range(*module.getBody()))
      if (isa<mlir::clef::RecordDeclOp, mlir::clef::UnionDeclOp>(op))
        op.erase();
    markTailCalls(module);
  }
};
} // namespace

} // namespace clef

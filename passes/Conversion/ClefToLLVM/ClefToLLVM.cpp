//===- ClefToLLVM.cpp - Clef to LLVM lowering pass ------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ClefToLLVM/ClefToLLVM.h"
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
/// `main`, `exp` or `printf`). Returns the entry function, if any.
static FailureOr<func::FuncOp> internalizeSymbols(ModuleOp module) {
  MLIRContext *ctx = module.getContext();
  func::FuncOp entry;
  auto rename = [&](Operation *op, StringRef prefix) {
    StringAttr oldName = SymbolTable::getSymbolName(op);
    auto newName = StringAttr::get(ctx, prefix + oldName.getValue());
    if (failed(SymbolTable::replaceAllSymbolUses(op, newName, module)))
      return failure();
    SymbolTable::setSymbolName(op, newName);
    return success();
  };
  for (auto func : llvm::make_early_inc_range(module.getOps<func::FuncOp>())) {
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
    if (failed(rename(func, "clef_")))
      return func.emitOpError("cannot rename the function");
    func->setAttr("llvm.linkage",
                  LLVM::LinkageAttr::get(ctx, LLVM::Linkage::Internal));
  }
  for (auto global : llvm::make_early_inc_range(module.getOps<mlir::clef::GlobalOp>()))
    if (failed(rename(global, "clef_g_")))
      return global.emitOpError("cannot rename the global");
  return entry;
}

/// int main(int argc, char **argv) around the entry function.
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
  callRuntime(b, loc, RuntimeFn::Init,
              {body->getArgument(0), body->getArgument(1)});
  auto code = func::CallOp::create(b, loc, entry, ValueRange{});
  Value result = callRuntime(b, loc, RuntimeFn::Finish, {code.getResult(0)});
  LLVM::ReturnOp::create(b, loc, result);
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

    LLVMTypeConverter converter(&getContext());
    addClefTypeConversions(converter);
    addRegionTypeConversions(converter);
    RewritePatternSet patterns(&getContext());
    populateClefToLLVMConversionPatterns(converter, patterns);
    populateFuncToLLVMConversionPatterns(converter, patterns);
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
  }
};
} // namespace

} // namespace clef

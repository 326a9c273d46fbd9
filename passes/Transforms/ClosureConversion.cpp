//===- ClosureConversion.cpp - Flat closure conversion --------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Every `clef.lambda` becomes a private top-level function taking the
// closure itself and then the parameters, and the lambda becomes a
// `clef.closure_new` of that function over its captures: the values defined
// outside the lambda that its body uses. Inner lambdas are converted first,
// so an outer lambda simply captures what its inner closures capture.
// Applications of closures whose code is known become direct calls.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "dialects/Clef/ClefOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/RegionUtils.h"

namespace clef {
#define GEN_PASS_DEF_CLEFCLOSURECONVERT
#include "passes/Passes.h.inc"
} // namespace clef

using namespace mlir;
using namespace mlir::clef;

namespace clef {

namespace {

struct ClefClosureConvertPass
    : impl::ClefClosureConvertBase<ClefClosureConvertPass> {
  void runOnOperation() override;

private:
  LogicalResult convert(LambdaOp lambda, SymbolTable &symbols);
  void devirtualize(ModuleOp module);

  /// The last code function placed after each top-level op, so that code
  /// functions follow their origin in conversion order.
  llvm::DenseMap<Operation *, Operation *> lastCode;
};

/// The op directly inside the module that holds `op`.
static Operation *getTopLevelAncestor(Operation *op, ModuleOp module) {
  while (op->getParentOp() != module.getOperation())
    op = op->getParentOp();
  return op;
}

LogicalResult ClefClosureConvertPass::convert(LambdaOp lambda,
                                              SymbolTable &symbols) {
  ModuleOp module = getOperation();
  Location loc = lambda.getLoc();
  auto closureType = lambda.getType();
  FunctionType signature = closureType.getSignature();

  llvm::SetVector<Value> captures;
  getUsedValuesDefinedAbove(lambda.getBody(), captures);
  for (Value capture : captures)
    if (isa<LocalType>(capture.getType()))
      // F# rejects this at type checking; the storage is a stack slot that
      // would not outlive its function.
      return lambda.emitOpError("captures a mutable local; closures cannot "
                                "capture 'let mutable' bindings");

  // The code function: (closure, params...) -> result, next to the function
  // the lambda comes from.
  Operation *top = getTopLevelAncestor(lambda, module);
  StringRef base = "lambda";
  if (auto name =
          top->getAttrOfType<StringAttr>(SymbolTable::getSymbolAttrName()))
    base = name.getValue();
  SmallVector<Type> inputs{closureType};
  llvm::append_range(inputs, signature.getInputs());
  auto codeType =
      FunctionType::get(&getContext(), inputs, signature.getResults());
  OpBuilder builder(module.getContext());
  Operation *&after = lastCode[top];
  builder.setInsertionPointAfter(after ? after : top);
  auto code =
      func::FuncOp::create(builder, loc, (base + "$lambda").str(), codeType);
  after = code;
  code.setPrivate();
  // Renames on a clash, so every lambda gets its own symbol.
  symbols.insert(code);

  Region &body = code.getBody();
  body.takeBody(lambda.getBody());
  Block &entry = body.front();
  Value self = entry.insertArgument(0u, closureType, loc);

  builder.setInsertionPointToStart(&entry);
  for (auto [index, capture] : llvm::enumerate(captures)) {
    Value inside = ClosureCaptureOp::create(builder, capture.getLoc(),
                                            capture.getType(), self, index);
    replaceAllUsesInRegionWith(capture, inside, body);
  }
  // Inner lambdas are gone, so every yield left returns from this one.
  SmallVector<YieldOp> yields;
  code.walk([&](YieldOp yield) { yields.push_back(yield); });
  for (YieldOp yield : yields) {
    builder.setInsertionPoint(yield);
    func::ReturnOp::create(builder, yield.getLoc(), yield.getValue());
    yield.erase();
  }

  builder.setInsertionPoint(lambda);
  auto closure = ClosureNewOp::create(
      builder, loc, closureType, FlatSymbolRefAttr::get(code.getSymNameAttr()),
      captures.getArrayRef(), lambda.getRegion());
  lambda.replaceAllUsesWith(closure.getResult());
  lambda.erase();
  return success();
}

/// `clef.apply` of a closure built right there by `clef.func_ref` or
/// `clef.closure_new` calls its code directly.
void ClefClosureConvertPass::devirtualize(ModuleOp module) {
  SmallVector<ApplyOp> applies;
  module.walk([&](ApplyOp apply) { applies.push_back(apply); });
  for (ApplyOp apply : applies) {
    Operation *def = apply.getCallee().getDefiningOp();
    OpBuilder builder(apply);
    func::CallOp call;
    if (auto ref = dyn_cast_or_null<FuncRefOp>(def)) {
      call = func::CallOp::create(builder, apply.getLoc(), ref.getCalleeAttr(),
                                  apply->getResultTypes(), apply.getArgs());
    } else if (auto closure = dyn_cast_or_null<ClosureNewOp>(def)) {
      SmallVector<Value> args{closure.getResult()};
      llvm::append_range(args, apply.getArgs());
      call =
          func::CallOp::create(builder, apply.getLoc(), closure.getCodeAttr(),
                               apply->getResultTypes(), args);
    } else {
      continue;
    }
    apply.getResult().replaceAllUsesWith(call.getResult(0));
    apply.erase();
    if (isa<FuncRefOp>(def) && def->use_empty())
      def->erase();
  }
}

void ClefClosureConvertPass::runOnOperation() {
  ModuleOp module = getOperation();
  SymbolTable symbols(module);
  // Post-order: inner lambdas before the lambdas that contain them.
  SmallVector<LambdaOp> lambdas;
  module.walk([&](LambdaOp lambda) { lambdas.push_back(lambda); });
  for (LambdaOp lambda : lambdas)
    if (failed(convert(lambda, symbols)))
      return signalPassFailure();
  devirtualize(module);
}

} // namespace

} // namespace clef

//===- Registration.cpp - Dialects and passes of the tools ----------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "driver/Registration.h"

#include "dialects/Actor/ActorDialect.h"
#include "dialects/Clef/ClefDialect.h"
#include "dialects/Region/RegionDialect.h"
#include "passes/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"

#include <mutex>

void clef::registerClefDialects(mlir::DialectRegistry &registry) {
  registry.insert<mlir::clef::ClefDialect, mlir::region::RegionDialect,
                  mlir::func::FuncDialect, mlir::scf::SCFDialect,
                  mlir::arith::ArithDialect, mlir::cf::ControlFlowDialect,
                  mlir::LLVM::LLVMDialect, mlir::ub::UBDialect>();
  registry.insert<mlir::actor::ActorDialect>();
  mlir::registerBuiltinDialectTranslation(registry);
  mlir::registerLLVMDialectTranslation(registry);
}

void clef::registerClefAndCorePasses() {
  static std::once_flag once;
  std::call_once(once, [] {
    registerClefPassesAndPipelines();
    mlir::registerTransformsPasses();
    mlir::registerSCFToControlFlowPass();
    mlir::registerReconcileUnrealizedCastsPass();
  });
}

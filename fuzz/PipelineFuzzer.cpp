//===- PipelineFuzzer.cpp - MLIR text into the Clef pass pipeline ---------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// clef-fuzz-pipeline: every input is MLIR text over the clef, region, func,
// scf and arith dialects. Whatever parses and verifies goes through the whole
// `clef-to-llvm` pipeline (the `clef-memory` passes, then the lowerings, the
// verifier running after each pass), and what comes out is translated to
// LLVM IR. The passes must answer any verified module with success or a
// diagnostic, never a crash: the dialects' verifiers are the passes'
// contract.
//
//===----------------------------------------------------------------------===//

#include "fuzz/FuzzSupport.h"

#include "driver/Compiler.h"
#include "driver/Registration.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <cstddef>
#include <cstdint>

/// Every dialect a Clef program passes through, and the passes; built once
/// and kept for the process (the registry is read-only).
static const mlir::DialectRegistry &registry() {
  static const mlir::DialectRegistry *registry = [] {
    auto *r = new mlir::DialectRegistry;
    clef::registerClefDialects(*r);
    clef::registerClefAndCorePasses();
    return r;
  }();
  return *registry;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  clef::fuzz::FuzzContext context(registry());
  mlir::ParserConfig config(context.get());
  llvm::SourceMgr sourceMgr;
  clef::fuzz::addInput(sourceMgr, data, size, "fuzz.mlir");
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, config);
  if (!module)
    return 0;
  if (mlir::failed(clef::lowerToLLVMDialect(*module)))
    return 0;
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      clef::translateToLLVMIR(*module, llvmContext);
  (void)llvmModule;
  return 0;
}

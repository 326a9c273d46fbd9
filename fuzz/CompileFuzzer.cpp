//===- CompileFuzzer.cpp - Clef source through the whole compiler ---------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// clef-fuzz-compile: every input is a Clef source file, taken as far as
// clefc takes it before clang: import, the whole `clef-to-llvm` pipeline and
// translation to LLVM IR. Mutations of valid programs mostly stay well
// typed, so this reaches the memory passes with the shapes the front end
// really emits, which the pipeline target rarely builds from text.
//
//===----------------------------------------------------------------------===//

#include "fuzz/FuzzSupport.h"

#include "driver/Compiler.h"
#include "driver/Registration.h"
#include "frontend-antlr/Import.h"

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
  llvm::SourceMgr sourceMgr;
  clef::fuzz::addInput(sourceMgr, data, size, "fuzz.clef");
  mlir::OwningOpRef<mlir::ModuleOp> module =
      clef::importClef(sourceMgr, context.get());
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

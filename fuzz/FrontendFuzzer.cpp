//===- FrontendFuzzer.cpp - Clef source bytes into the front end ----------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// clef-fuzz-frontend: every input is a Clef source file. It goes through
// importClef, the entry point of `clef-translate --import-clef`: the lexer
// and offside rule, the parser, type inference, the emitter of the clef
// dialect and the verifier. Any answer is fine except a crash.
//
//===----------------------------------------------------------------------===//

#include "fuzz/FuzzSupport.h"

#include "frontend-antlr/Import.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <cstddef>
#include <cstdint>

/// The dialects the front end emits; importClef loads them itself.
static const mlir::DialectRegistry &registry() {
  static const mlir::DialectRegistry *registry = new mlir::DialectRegistry;
  return *registry;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  clef::fuzz::FuzzContext context(registry());
  llvm::SourceMgr sourceMgr;
  clef::fuzz::addInput(sourceMgr, data, size, "fuzz.clef");
  mlir::OwningOpRef<mlir::ModuleOp> module =
      clef::importClef(sourceMgr, context.get());
  (void)module;
  return 0;
}

//===- FuzzSupport.h - Shared pieces of the libFuzzer targets ---*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Each input gets a fresh MLIRContext: uniqued types and attributes are never
// freed, so a context shared across millions of inputs would only grow.
// Diagnostics are swallowed (an error is a fine answer to a bad input; only
// crashes, sanitizer reports and leaks are findings), unless the environment
// sets CLEF_FUZZ_VERBOSE, which is how a crash is looked at by hand.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_FUZZ_FUZZSUPPORT_H
#define CLEF_FUZZ_FUZZSUPPORT_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

namespace clef::fuzz {

/// A context with the dialects of `registry` loaded, no thread pool, and
/// diagnostics captured.
class FuzzContext {
public:
  explicit FuzzContext(const mlir::DialectRegistry &registry) {
    context = std::make_unique<mlir::MLIRContext>(
        registry, mlir::MLIRContext::Threading::DISABLED);
    context->loadAllAvailableDialects();
    static const bool verbose = std::getenv("CLEF_FUZZ_VERBOSE") != nullptr;
    handler = std::make_unique<mlir::ScopedDiagnosticHandler>(
        context.get(), [](mlir::Diagnostic &diag) {
          if (verbose)
            llvm::errs() << diag.getLocation() << ": " << diag << "\n";
          return mlir::success();
        });
  }

  mlir::MLIRContext *get() { return context.get(); }

private:
  std::unique_ptr<mlir::MLIRContext> context;
  std::unique_ptr<mlir::ScopedDiagnosticHandler> handler;
};

/// Makes libFuzzer's bytes the main buffer of `sourceMgr`, named `name`.
/// The copy ends in a NUL, as every file the tools read does: MLIR's lexer
/// (and the Clef front end's) rely on it; libFuzzer's data has none.
inline void addInput(llvm::SourceMgr &sourceMgr, const uint8_t *data,
                     size_t size, llvm::StringRef name) {
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char *>(data), size), name),
      llvm::SMLoc());
}

} // namespace clef::fuzz

#endif // CLEF_FUZZ_FUZZSUPPORT_H

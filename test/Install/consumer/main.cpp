//===- main.cpp - A program built against an installed Clef ---------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Registers the clef dialect in a fresh context, parses and verifies a
// module of clef ops, and lowers it with the installed pipeline; then
// imports a Clef program through the installed front end: the headers
// (with their generated .inc files) and the libraries are all usable from
// the install tree alone.
//
//===----------------------------------------------------------------------===//

#include "dialects/Clef/ClefDialect.h"
#include "driver/Registration.h"
#include "frontend-antlr/Import.h"
// Not used below: checks that headers of subdirectories install where
// they are included from.
#include "passes/Conversion/ClefToLLVM/ClefToLLVM.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

static const char *const kModule = R"mlir(
func.func @run() -> i32 attributes {clef.entry} {
  %a = clef.constant 40 : i32
  %b = clef.constant 2 : i32
  %c = clef.add %a, %b : i32
  clef.printf "%d"(%c : i32) {newline}
  %zero = clef.constant 0 : i32
  return %zero : i32
}
)mlir";

static const char *const kProgram = R"clef(
let square x = x * x
printfn "%d" (square 7)
)clef";

int main() {
  mlir::DialectRegistry registry;
  registry.insert<mlir::clef::ClefDialect, mlir::func::FuncDialect>();
  // The dialects the lowering produces.
  clef::registerClefDialects(registry);
  mlir::MLIRContext context(registry);

  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(kModule, &context, "consumer");
  if (!module || mlir::failed(mlir::verify(*module))) {
    llvm::errs() << "consumer: the clef module does not parse or verify\n";
    return 1;
  }
  llvm::outs() << "parsed: ";
  module->print(llvm::outs());

  mlir::PassManager pm(&context);
  clef::buildClefToLLVMPipeline(pm);
  if (mlir::failed(pm.run(*module))) {
    llvm::errs() << "consumer: clef-to-llvm failed\n";
    return 1;
  }
  llvm::outs() << "lowered: ";
  module->print(llvm::outs());

  // Clef source through the front end, with the prelude it embeds.
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBuffer(kProgram, "square.clef"), llvm::SMLoc());
  mlir::OwningOpRef<mlir::ModuleOp> imported =
      clef::importClef(sourceMgr, &context);
  if (!imported) {
    llvm::errs() << "consumer: the Clef program does not import\n";
    return 1;
  }
  llvm::outs() << "imported: ";
  imported->print(llvm::outs());
  return 0;
}

//===- Passes.td - Clef passes -----------------------------*- tablegen -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Every pass of the project is declared here.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_PASSES_PASSES_TD
#define CLEF_PASSES_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Lowerings
//===----------------------------------------------------------------------===//

def ConvertRegionToLLVM : Pass<"convert-region-to-llvm", "::mlir::ModuleOp"> {
  let summary = "Lower the region dialect to the LLVM dialect";
  let description = [{
    Lowers region handles to pointers to the runtime's region descriptors,
    `region.create`/`region.release` to runtime calls, and `region.alloc` to
    an inline bump allocation with a call to the runtime's slow path when the
    current page is full (see docs/Runtime.md for the descriptor layout).
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def ConvertClefToLLVM : Pass<"convert-clef-to-llvm", "::mlir::ModuleOp"> {
  let summary = "Lower the clef dialect (and func, cf, arith, region) to LLVM";
  let description = [{
    Lowers a whole Clef program to the LLVM dialect in one conversion: the
    `clef` and `region` dialects together with the `func`, `cf` and `arith`
    ops around them (run `convert-scf-to-cf` first). Types follow the data
    layout of docs/DataLayout.md. Allocating ops without a region operand
    allocate in the process region. Printing, string building and run-time
    errors call the runtime library. The `clef.entry` function is wrapped in
    a C `main` that initializes and finalizes the runtime; every other
    function is renamed with a `clef_` prefix and given internal linkage so
    that no Clef name can clash with a C symbol.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // CLEF_PASSES_PASSES_TD

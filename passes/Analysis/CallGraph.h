//===- CallGraph.h - Bottom-up SCCs of a module's functions -----*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The interprocedural analyses summarise functions callees first and iterate
// to a fixpoint inside each strongly connected component of the call graph.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_PASSES_CALLGRAPH_H
#define CLEF_PASSES_CALLGRAPH_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"

namespace clef {

/// Strongly connected components of the functions of `module`, callees
/// before callers (Tarjan's algorithm, without recursion so deep call chains
/// do not exhaust the stack). Any symbol use of a function counts as an
/// edge, so function references and closure codes are included.
llvm::SmallVector<llvm::SmallVector<mlir::func::FuncOp>>
getBottomUpSCCs(mlir::ModuleOp module);

} // namespace clef

#endif // CLEF_PASSES_CALLGRAPH_H

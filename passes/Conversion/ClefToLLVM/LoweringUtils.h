//===- LoweringUtils.h - Shared pieces of the LLVM lowering -----*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_PASSES_CONVERSION_CLEFTOLLVM_LOWERINGUTILS_H
#define CLEF_PASSES_CONVERSION_CLEFTOLLVM_LOWERINGUTILS_H

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseSet.h"

namespace clef {

/// The module enclosing the builder's insertion point.
mlir::ModuleOp getEnclosingModule(mlir::OpBuilder &builder);

/// Makes the lowering's symbol lookups use `tables` while it lives. A
/// module's symbol table is built once, at the first lookup, and the helpers
/// below that add symbols (string literals, runtime declarations, helper
/// functions) enter them; FuncToLLVM's patterns, given the same collection,
/// keep it up to date as they replace functions. Without a scope every
/// lookup scans the module, which is linear per lookup and so quadratic for
/// a whole lowering. One lowering at a time per thread.
class LoweringSymbolScope {
public:
  explicit LoweringSymbolScope(mlir::SymbolTableCollection &tables);
  ~LoweringSymbolScope();
  LoweringSymbolScope(const LoweringSymbolScope &) = delete;
  LoweringSymbolScope &operator=(const LoweringSymbolScope &) = delete;

private:
  mlir::SymbolTableCollection *previous;
};

/// Makes allocations lowered into `blocks` call the runtime's allocator
/// instead of inlining its bump fast path, while it lives. The lowering
/// passes the blocks of the program's entry function that run at most once
/// (on no cycle of its control-flow graph): the entry holds all top-level
/// code, so it grows with the program, and inlining thousands of fast paths
/// into one function is superlinear in LLVM's inliner for code that runs
/// once anyway. One lowering at a time per thread.
class RunsOnceScope {
public:
  explicit RunsOnceScope(const llvm::DenseSet<mlir::Block *> &blocks);
  ~RunsOnceScope();
  RunsOnceScope(const RunsOnceScope &) = delete;
  RunsOnceScope &operator=(const RunsOnceScope &) = delete;

private:
  const llvm::DenseSet<mlir::Block *> *previous;
};

/// The blocks of `region` reachable from its entry that lie on no cycle of
/// its control-flow graph.
llvm::DenseSet<mlir::Block *> getBlocksOnNoCycle(mlir::Region &region);

/// The symbol `name` of `module`, or null.
mlir::Operation *lookupModuleSymbol(mlir::ModuleOp module,
                                    llvm::StringRef name);
mlir::Operation *lookupModuleSymbol(mlir::ModuleOp module,
                                    mlir::StringAttr name);
inline mlir::Operation *lookupModuleSymbol(mlir::ModuleOp module,
                                           mlir::FlatSymbolRefAttr name) {
  return lookupModuleSymbol(module, name.getAttr());
}
template <typename OpT, typename Name>
OpT lookupModuleSymbol(mlir::ModuleOp module, Name name) {
  return llvm::dyn_cast_or_null<OpT>(lookupModuleSymbol(module, name));
}
/// Enters `symbol`, just created in `module`'s body under a name no other
/// symbol has, into the active symbol table.
void addModuleSymbol(mlir::ModuleOp module, mlir::Operation *symbol);

/// A pointer to a constant `clef_string` (length-prefixed UTF-8) holding
/// `text`, emitted once per module.
mlir::Value getStringLiteral(mlir::OpBuilder &builder, mlir::Location loc,
                             llvm::StringRef text);

/// A pointer to the bytes of a constant `clef_string` and their length.
std::pair<mlir::Value, mlir::Value>
getStringLiteralBytes(mlir::OpBuilder &builder, mlir::Location loc,
                      llvm::StringRef text);

/// A pointer to a constant global holding `values` (integers or floats of
/// one type, as DenseElementsAttr stores them), emitted once per module for
/// equal contents.
mlir::Value getConstantArray(mlir::OpBuilder &builder, mlir::Location loc,
                             mlir::DenseElementsAttr values);

/// F#'s `hash` of a float (f64 -> i32), as .NET Core's Double.GetHashCode.
mlir::Value emitDoubleHash(mlir::OpBuilder &b, mlir::Location loc,
                           mlir::Value v);

/// The address of the process-lifetime region (`clef_global_region`).
mlir::Value getGlobalRegion(mlir::OpBuilder &builder, mlir::Location loc);
/// The region to allocate in: `region` if given, else the process region.
mlir::Value getRegionOrGlobal(mlir::OpBuilder &builder, mlir::Location loc,
                              mlir::Value region);

/// Allocates `size` bytes (i64) aligned to `alignment` in the region
/// (a `clef_region *`): an inline bump for alignments up to 8, which the
/// runtime keeps as an invariant of every region, else a runtime call.
mlir::Value emitRegionAlloc(mlir::OpBuilder &builder, mlir::Location loc,
                            mlir::Value region, mlir::Value size,
                            uint64_t alignment = 8);

/// Raises IndexOutOfRangeException unless 0 <= index < length, where the
/// length is the first word of `object` (an array or a string), and returns
/// the index widened to i64. One always-inlined helper serves both.
mlir::Value emitCheckedIndex(mlir::OpBuilder &builder, mlir::Location loc,
                             mlir::Value object, mlir::Value index);

/// An i64/i32/i8/i1 constant.
mlir::Value constI64(mlir::OpBuilder &b, mlir::Location loc, int64_t v);
mlir::Value constI32(mlir::OpBuilder &b, mlir::Location loc, int32_t v);
mlir::Value constI8(mlir::OpBuilder &b, mlir::Location loc, int8_t v);
mlir::Value constI1(mlir::OpBuilder &b, mlir::Location loc, bool v);

/// An internal function of the module that is not forced inline (loops and
/// recursive helpers), built by `build` the first time it is asked for.
mlir::LLVM::LLVMFuncOp getOrCreateFunction(
    mlir::OpBuilder &builder, llvm::StringRef name,
    mlir::LLVM::LLVMFunctionType type,
    llvm::function_ref<void(mlir::OpBuilder &, mlir::LLVM::LLVMFuncOp)> build);

/// The same, for a small helper that LLVM must always inline.
mlir::LLVM::LLVMFuncOp getOrCreateHelper(
    mlir::OpBuilder &builder, llvm::StringRef name,
    mlir::LLVM::LLVMFunctionType type,
    llvm::function_ref<void(mlir::OpBuilder &, mlir::LLVM::LLVMFuncOp)> build);

} // namespace clef

#endif // CLEF_PASSES_CONVERSION_CLEFTOLLVM_LOWERINGUTILS_H

//===- RuntimeFunctions.h - Runtime entry points ----------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The signatures of the runtime functions generated code calls
// (runtime/clef_runtime.h), in one table, declared on first use.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_PASSES_CONVERSION_CLEFTOLLVM_RUNTIMEFUNCTIONS_H
#define CLEF_PASSES_CONVERSION_CLEFTOLLVM_RUNTIMEFUNCTIONS_H

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"

namespace clef {

enum class RuntimeFn {
  Main,
  Exit,
  Failwith,
  IndexOutOfRange,
  DivideByZero,
  MatchFailure,
  InvalidArgument,
  RegionCreate,
  RegionRelease,
  RegionReleaseStack,
  RegionAlloc,
  RegionAllocSlow,
  FmtBegin,
  FmtLit,
  FmtInt,
  FmtInt64,
  FmtFloat,
  FmtString,
  FmtBool,
  FmtChar,
  FmtAFloat,
  FmtAString,
  FmtAChar,
  FmtPrint,
  FmtEPrint,
  FmtToString,
  FmtLength,
  FmtOFloat,
  FmtPadFrom,
  LayBegin,
  LayEnd,
  LayEnter,
  LayLeave,
  LayInt,
  LayInt64,
  LayFloat,
  LayBool,
  LayChar,
  LayString,
  LayUnit,
  LayWord,
  LayField,
  LayJoin,
  LaySeqBegin,
  LaySeqItem,
  LayMore,
  LayBracket,
  LayParenIf,
  StringConcat,
  StringOfInt,
  StringOfInt64,
  StringOfFloat,
  StringOfChar,
  StringOfBool,
  StringCompare,
  StringEqual,
  StringHash,
  FloatToInt,
  IntParse,
  Int64Parse,
  FloatParse,
  CharParse,
  ArgCount,
  Arg,
  // libm
  Tan,
  Asin,
  Acos,
  Atan,
  Atan2,
};

/// Returns the declaration of `fn` in `module`, inserting it if needed.
mlir::LLVM::LLVMFuncOp getRuntimeFunction(mlir::OpBuilder &builder,
                                          mlir::Operation *module,
                                          RuntimeFn fn);

/// Emits a call of `fn`; returns its result, or null for a void function.
mlir::Value callRuntime(mlir::OpBuilder &builder, mlir::Location loc,
                        RuntimeFn fn, mlir::ValueRange args);

} // namespace clef

#endif // CLEF_PASSES_CONVERSION_CLEFTOLLVM_RUNTIMEFUNCTIONS_H

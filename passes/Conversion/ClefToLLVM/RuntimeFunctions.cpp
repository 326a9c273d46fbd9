//===- RuntimeFunctions.cpp - Runtime entry points ------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ClefToLLVM/RuntimeFunctions.h"
#include "passes/Conversion/ClefToLLVM/LoweringUtils.h"

#include "mlir/IR/BuiltinOps.h"

using namespace mlir;

namespace clef {

namespace {
enum class Ty { Void, I1, I8, I32, I64, F64, Ptr };

struct RuntimeSignature {
  const char *name;
  Ty result;
  llvm::SmallVector<Ty, 5> params;
  bool noReturn = false;
};
} // namespace

static RuntimeSignature getSignature(RuntimeFn fn) {
  switch (fn) {
  case RuntimeFn::Main:
    return {"clef_rt_main", Ty::I32, {Ty::I32, Ty::Ptr, Ty::Ptr}};
  case RuntimeFn::Exit:
    return {"clef_rt_exit", Ty::Void, {Ty::I32}, true};
  case RuntimeFn::Failwith:
    return {"clef_rt_failwith", Ty::Void, {Ty::Ptr}, true};
  case RuntimeFn::IndexOutOfRange:
    return {"clef_rt_index_out_of_range", Ty::Void, {}, true};
  case RuntimeFn::DivideByZero:
    return {"clef_rt_divide_by_zero", Ty::Void, {}, true};
  case RuntimeFn::MatchFailure:
    return {
        "clef_rt_match_failure", Ty::Void, {Ty::Ptr, Ty::I32, Ty::I32}, true};
  case RuntimeFn::InvalidArgument:
    return {"clef_rt_invalid_argument", Ty::Void, {Ty::Ptr}, true};
  case RuntimeFn::RegionCreate:
    return {"clef_region_create", Ty::Ptr, {}};
  case RuntimeFn::RegionRelease:
    return {"clef_region_release", Ty::Void, {Ty::Ptr}};
  case RuntimeFn::RegionReleaseStack:
    return {"clef_region_release_stack", Ty::Void, {Ty::Ptr}};
  case RuntimeFn::RegionAlloc:
    return {"clef_region_alloc", Ty::Ptr, {Ty::Ptr, Ty::I64, Ty::I64}};
  case RuntimeFn::RegionAllocSlow:
    return {"clef_region_alloc_slow", Ty::Ptr, {Ty::Ptr, Ty::I64, Ty::I64}};
  case RuntimeFn::FmtBegin:
    return {"clef_fmt_begin", Ty::Void, {}};
  case RuntimeFn::FmtLit:
    return {"clef_fmt_lit", Ty::Void, {Ty::Ptr, Ty::I64}};
  case RuntimeFn::FmtInt:
    return {"clef_fmt_int", Ty::Void, {Ty::I32, Ty::I32, Ty::I32}};
  case RuntimeFn::FmtInt64:
    return {"clef_fmt_int64", Ty::Void, {Ty::I64, Ty::I32, Ty::I32}};
  case RuntimeFn::FmtFloat:
    return {"clef_fmt_float",
            Ty::Void,
            {Ty::F64, Ty::I8, Ty::I32, Ty::I32, Ty::I32}};
  case RuntimeFn::FmtString:
    return {"clef_fmt_string", Ty::Void, {Ty::Ptr, Ty::I32, Ty::I32}};
  case RuntimeFn::FmtBool:
    return {"clef_fmt_bool", Ty::Void, {Ty::I8, Ty::I32, Ty::I32}};
  case RuntimeFn::FmtChar:
    return {"clef_fmt_char", Ty::Void, {Ty::I32, Ty::I32, Ty::I32}};
  case RuntimeFn::FmtAFloat:
    return {"clef_fmt_A_float", Ty::Void, {Ty::F64}};
  case RuntimeFn::FmtAString:
    return {"clef_fmt_A_string", Ty::Void, {Ty::Ptr}};
  case RuntimeFn::FmtAChar:
    return {"clef_fmt_A_char", Ty::Void, {Ty::I32}};
  case RuntimeFn::FmtPrint:
    return {"clef_fmt_print", Ty::Void, {Ty::I8}};
  case RuntimeFn::FmtEPrint:
    return {"clef_fmt_eprint", Ty::Void, {Ty::I8}};
  case RuntimeFn::FmtToString:
    return {"clef_fmt_to_string", Ty::Ptr, {Ty::Ptr}};
  case RuntimeFn::FmtLength:
    return {"clef_fmt_length", Ty::I64, {}};
  case RuntimeFn::FmtOFloat:
    return {"clef_fmt_O_float", Ty::Void, {Ty::F64, Ty::I32, Ty::I32}};
  case RuntimeFn::FmtPadFrom:
    return {"clef_fmt_pad_from", Ty::Void, {Ty::I64, Ty::I32, Ty::I32}};
  case RuntimeFn::LayBegin:
    return {"clef_lay_begin", Ty::Void, {Ty::I32, Ty::I32}};
  case RuntimeFn::LayEnd:
    return {"clef_lay_end", Ty::Void, {}};
  case RuntimeFn::LayEnter:
    return {"clef_lay_enter", Ty::I8, {Ty::I32}};
  case RuntimeFn::LayLeave:
    return {"clef_lay_leave", Ty::Void, {}};
  case RuntimeFn::LayInt:
    return {"clef_lay_int", Ty::Void, {Ty::I32}};
  case RuntimeFn::LayInt64:
    return {"clef_lay_int64", Ty::Void, {Ty::I64}};
  case RuntimeFn::LayFloat:
    return {"clef_lay_float", Ty::Void, {Ty::F64}};
  case RuntimeFn::LayBool:
    return {"clef_lay_bool", Ty::Void, {Ty::I8}};
  case RuntimeFn::LayChar:
    return {"clef_lay_char", Ty::Void, {Ty::I32}};
  case RuntimeFn::LayString:
    return {"clef_lay_string", Ty::Void, {Ty::Ptr}};
  case RuntimeFn::LayUnit:
    return {"clef_lay_unit", Ty::Void, {}};
  case RuntimeFn::LayWord:
    return {"clef_lay_word", Ty::Void, {Ty::Ptr, Ty::I64}};
  case RuntimeFn::LayField:
    return {"clef_lay_field", Ty::Void, {Ty::Ptr, Ty::I64}};
  case RuntimeFn::LayJoin:
    return {"clef_lay_join", Ty::Void, {Ty::I32}};
  case RuntimeFn::LaySeqBegin:
    return {"clef_lay_seq_begin", Ty::Void, {}};
  case RuntimeFn::LaySeqItem:
    return {"clef_lay_seq_item", Ty::Void, {Ty::I32}};
  case RuntimeFn::LayMore:
    return {"clef_lay_more", Ty::I8, {Ty::I8, Ty::I64}};
  case RuntimeFn::LayBracket:
    return {"clef_lay_bracket", Ty::Void, {Ty::I32}};
  case RuntimeFn::LayParenIf:
    return {"clef_lay_paren_if", Ty::Void, {Ty::I8}};
  case RuntimeFn::StringConcat:
    return {"clef_string_concat", Ty::Ptr, {Ty::Ptr, Ty::Ptr, Ty::Ptr}};
  case RuntimeFn::StringOfInt:
    return {"clef_string_of_int", Ty::Ptr, {Ty::Ptr, Ty::I32}};
  case RuntimeFn::StringOfInt64:
    return {"clef_string_of_int64", Ty::Ptr, {Ty::Ptr, Ty::I64}};
  case RuntimeFn::StringOfFloat:
    return {"clef_string_of_float", Ty::Ptr, {Ty::Ptr, Ty::F64}};
  case RuntimeFn::StringOfChar:
    return {"clef_string_of_char", Ty::Ptr, {Ty::Ptr, Ty::I32}};
  case RuntimeFn::StringOfBool:
    return {"clef_string_of_bool", Ty::Ptr, {Ty::Ptr, Ty::I8}};
  case RuntimeFn::StringCompare:
    return {"clef_string_compare", Ty::I32, {Ty::Ptr, Ty::Ptr}};
  case RuntimeFn::StringEqual:
    return {"clef_string_equal", Ty::I8, {Ty::Ptr, Ty::Ptr}};
  case RuntimeFn::StringHash:
    return {"clef_string_hash", Ty::I32, {Ty::Ptr}};
  case RuntimeFn::FloatToInt:
    return {"clef_float_to_int", Ty::I32, {Ty::F64}};
  case RuntimeFn::IntParse:
    return {"clef_int_parse", Ty::I32, {Ty::Ptr}};
  case RuntimeFn::Int64Parse:
    return {"clef_int64_parse", Ty::I64, {Ty::Ptr}};
  case RuntimeFn::FloatParse:
    return {"clef_float_parse", Ty::F64, {Ty::Ptr}};
  case RuntimeFn::CharParse:
    return {"clef_char_parse", Ty::I32, {Ty::Ptr}};
  case RuntimeFn::ArgCount:
    return {"clef_rt_arg_count", Ty::I32, {}};
  case RuntimeFn::Arg:
    return {"clef_rt_arg", Ty::Ptr, {Ty::Ptr, Ty::I32}};
  case RuntimeFn::Tan:
    return {"tan", Ty::F64, {Ty::F64}};
  case RuntimeFn::Asin:
    return {"asin", Ty::F64, {Ty::F64}};
  case RuntimeFn::Acos:
    return {"acos", Ty::F64, {Ty::F64}};
  case RuntimeFn::Atan:
    return {"atan", Ty::F64, {Ty::F64}};
  case RuntimeFn::Atan2:
    return {"atan2", Ty::F64, {Ty::F64, Ty::F64}};
  }
  llvm_unreachable("unknown runtime function");
}

static Type toType(MLIRContext *ctx, Ty ty) {
  switch (ty) {
  case Ty::Void:
    return LLVM::LLVMVoidType::get(ctx);
  case Ty::I1:
    return IntegerType::get(ctx, 1);
  case Ty::I8:
    return IntegerType::get(ctx, 8);
  case Ty::I32:
    return IntegerType::get(ctx, 32);
  case Ty::I64:
    return IntegerType::get(ctx, 64);
  case Ty::F64:
    return Float64Type::get(ctx);
  case Ty::Ptr:
    return LLVM::LLVMPointerType::get(ctx);
  }
  llvm_unreachable("unknown type");
}

LLVM::LLVMFuncOp getRuntimeFunction(OpBuilder &builder, Operation *module,
                                    RuntimeFn fn) {
  RuntimeSignature sig = getSignature(fn);
  auto moduleOp = cast<ModuleOp>(module);
  if (auto existing = lookupModuleSymbol(moduleOp, sig.name))
    return cast<LLVM::LLVMFuncOp>(existing);
  MLIRContext *ctx = builder.getContext();
  SmallVector<Type> params;
  for (Ty p : sig.params)
    params.push_back(toType(ctx, p));
  auto type = LLVM::LLVMFunctionType::get(toType(ctx, sig.result), params);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(moduleOp.getBody());
  auto func =
      LLVM::LLVMFuncOp::create(builder, module->getLoc(), sig.name, type);
  addModuleSymbol(moduleOp, func);
  if (sig.noReturn)
    func.setPassthroughAttr(builder.getArrayAttr(
        {builder.getStringAttr("noreturn"), builder.getStringAttr("cold")}));
  return func;
}

Value callRuntime(OpBuilder &builder, Location loc, RuntimeFn fn,
                  ValueRange args) {
  Operation *module =
      builder.getInsertionBlock()->getParentOp()->getParentOfType<ModuleOp>();
  LLVM::LLVMFuncOp func = getRuntimeFunction(builder, module, fn);
  auto call = LLVM::CallOp::create(builder, loc, func, args);
  return call.getNumResults() ? call.getResult() : Value();
}

} // namespace clef

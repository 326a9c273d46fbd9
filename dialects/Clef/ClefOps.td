//===- ClefOps.td - Clef dialect operations ----------------*- tablegen -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DIALECTS_CLEF_CLEFOPS_TD
#define CLEF_DIALECTS_CLEF_CLEFOPS_TD

include "dialects/Clef/ClefAttrs.td"
include "dialects/Clef/ClefTypes.td"
include "dialects/Region/RegionTypes.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/CallInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// The optional region an allocating op allocates in.
defvar InRegion = Optional<Region_HandleType>;

// Reads and writes of mutable heap state.
defvar ReadsHeap = MemoryEffects<[MemRead<DefaultResource>]>;
defvar WritesHeap = MemoryEffects<[MemWrite<DefaultResource>]>;
defvar Allocates = MemoryEffects<[MemAlloc<DefaultResource>]>;

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

def Clef_RecordDeclOp : Clef_Op<"record_decl", [Symbol, HasParent<"ModuleOp">]> {
  let summary = "Declares a record type";
  let description = [{
    Declares the fields of the record type `!clef.record<@name>`, in source
    order. Fields marked `mutable` may be updated with `clef.record_set`.

    ```mlir
    clef.record_decl @Body {Pos : !clef.float<"m">, mutable Vel : f64}
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, StrArrayAttr:$field_names,
                   TypeArrayAttr:$field_types,
                   DenseBoolArrayAttr:$mutable_fields);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The index of the field, or none.
    std::optional<unsigned> getFieldIndex(::llvm::StringRef name);
    ::mlir::Type getFieldType(unsigned index);
  }];
}

def Clef_UnionDeclOp : Clef_Op<"union_decl", [Symbol, HasParent<"ModuleOp">]> {
  let summary = "Declares a discriminated union type";
  let description = [{
    Declares the cases of the union type `!clef.union<@name>`, in source
    order (the case index is the run-time tag), each with the types of its
    fields. Cases without fields are nullary and never allocate.

    ```mlir
    clef.union_decl @Shape {Circle(f64), Rect(f64, f64), Empty}
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, StrArrayAttr:$case_names,
                   TypedArrayAttrBase<TypeArrayAttr, "case field types">:$case_types);
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    std::optional<unsigned> getCaseIndex(::llvm::StringRef name);
    ::llvm::SmallVector<::mlir::Type> getCaseFieldTypes(unsigned index);
  }];
}

def Clef_GlobalOp : Clef_Op<"global", [Symbol, HasParent<"ModuleOp">]> {
  let summary = "A top-level value";
  let description = [{
    Storage for a top-level `let` binding that functions refer to. The entry
    function stores its value once, in source order, before any use.

    ```mlir
    clef.global @limit : i32
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, TypeAttr:$type);
  let assemblyFormat = "$sym_name attr-dict `:` $type";
}

def Clef_GlobalLoadOp : Clef_Op<"global_load",
    [DeclareOpInterfaceMethods<SymbolUserOpInterface>, ReadsHeap]> {
  let summary = "Reads a top-level value";
  let description = [{
    ```mlir
    %0 = clef.global_load @limit : i32
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$global);
  let results = (outs AnyType:$result);
  let assemblyFormat = "$global attr-dict `:` qualified(type($result))";
}

def Clef_GlobalStoreOp : Clef_Op<"global_store",
    [DeclareOpInterfaceMethods<SymbolUserOpInterface>, WritesHeap]> {
  let summary = "Initializes a top-level value";
  let description = [{
    ```mlir
    clef.global_store @limit, %0 : i32
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$global, AnyType:$value);
  let assemblyFormat = "$global `,` $value attr-dict `:` qualified(type($value))";
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def Clef_ConstantOp : Clef_Op<"constant",
    [ConstantLike, Pure, AllTypesMatch<["value", "result"]>]> {
  let summary = "An int, int64, float or bool literal";
  let description = [{
    ```mlir
    %0 = clef.constant 42 : i32
    %1 = clef.constant 2.5 : f64
    %2 = clef.constant true
    ```
  }];
  let arguments = (ins TypedAttrInterface:$value);
  let results = (outs AnyTypeOf<[I1, I32, I64, F64]>:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def Clef_UnitOp : Clef_Op<"unit", [ConstantLike, Pure]> {
  let summary = "The unit value `()`";
  let description = [{
    ```mlir
    %u = clef.unit
    ```
  }];
  let results = (outs Clef_UnitType:$result);
  let assemblyFormat = "attr-dict";
  let hasFolder = 1;
}

def Clef_CharOp : Clef_Op<"char", [ConstantLike, Pure]> {
  let summary = "A character literal";
  let description = [{
    The character with the given Unicode code point.

    ```mlir
    %c = clef.char 97
    ```
  }];
  let arguments = (ins I32Attr:$value);
  let results = (outs Clef_CharType:$result);
  let assemblyFormat = "$value attr-dict";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def Clef_StringOp : Clef_Op<"string", [ConstantLike, Pure]> {
  let summary = "A string literal";
  let description = [{
    A constant string; it is static data and never allocated in a region.

    ```mlir
    %s = clef.string "hello\n"
    ```
  }];
  let arguments = (ins StrAttr:$value);
  let results = (outs Clef_StringType:$result);
  let assemblyFormat = "$value attr-dict";
  let hasFolder = 1;
}

def Clef_UnitCastOp : Clef_Op<"unit_cast", [Pure]> {
  let summary = "Gives a float a unit of measure or removes it";
  let description = [{
    Reinterprets a float with other units: `3.0<kg>` is a `clef.constant`
    followed by a cast to `!clef.float<"kg">`, and `float x` strips the units
    of `x`. It is a no-op at run time.

    ```mlir
    %m = clef.unit_cast %x : f64 to !clef.float<"kg">
    ```
  }];
  let arguments = (ins Clef_FloatLike:$input);
  let results = (outs Clef_FloatLike:$result);
  let assemblyFormat = "$input attr-dict `:` qualified(type($input)) `to` qualified(type($result))";
}

//===----------------------------------------------------------------------===//
// Arithmetic and comparison
//===----------------------------------------------------------------------===//

class Clef_SameTypeBinaryOp<string mnemonic, string doc>
    : Clef_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = doc;
  let arguments = (ins Clef_Numeric:$lhs, Clef_Numeric:$rhs);
  let results = (outs Clef_Numeric:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` qualified(type($result))";
}

def Clef_AddOp : Clef_SameTypeBinaryOp<"add", "Addition"> {
  let description = [{
    `+` on int and int64 (wrapping), float, and floats of equal units.

    ```mlir
    %2 = clef.add %0, %1 : !clef.float<"m">
    ```
  }];
}

def Clef_SubOp : Clef_SameTypeBinaryOp<"sub", "Subtraction"> {
  let description = [{
    `-` on int and int64 (wrapping), float, and floats of equal units.

    ```mlir
    %2 = clef.sub %0, %1 : i32
    ```
  }];
}

def Clef_RemOp : Clef_Op<"rem", [SameOperandsAndResultType]> {
  let summary = "Remainder";
  let description = [{
    `%` with the sign of the dividend, as in F#. On int and int64 a zero
    divisor raises `DivideByZeroException` (so the op is not pure).

    ```mlir
    %2 = clef.rem %0, %1 : i32
    ```
  }];
  let arguments = (ins Clef_Numeric:$lhs, Clef_Numeric:$rhs);
  let results = (outs Clef_Numeric:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` qualified(type($result))";
}

def Clef_MulOp : Clef_Op<"mul", [Pure]> {
  let summary = "Multiplication";
  let description = [{
    `*`. On floats the units of the result are the product of the operands'
    units; ints wrap.

    ```mlir
    %2 = clef.mul %0, %1 : (!clef.float<"m">, !clef.float<"m">) -> !clef.float<"m^2">
    ```
  }];
  let arguments = (ins Clef_Numeric:$lhs, Clef_Numeric:$rhs);
  let results = (outs Clef_Numeric:$result);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Clef_DivOp : Clef_Op<"div", []> {
  let summary = "Division";
  let description = [{
    `/`. On floats the units of the result are the quotient of the operands'
    units. Integer division truncates toward zero and raises
    `DivideByZeroException` on a zero divisor.

    ```mlir
    %2 = clef.div %0, %1 : (!clef.float<"m">, !clef.float<"s">) -> !clef.float<"m/s">
    ```
  }];
  let arguments = (ins Clef_Numeric:$lhs, Clef_Numeric:$rhs);
  let results = (outs Clef_Numeric:$result);
  let assemblyFormat =
      "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def Clef_NegOp : Clef_Op<"neg", [Pure, SameOperandsAndResultType]> {
  let summary = "Negation";
  let description = [{
    ```mlir
    %1 = clef.neg %0 : f64
    ```
  }];
  let arguments = (ins Clef_Numeric:$operand);
  let results = (outs Clef_Numeric:$result);
  let assemblyFormat = "$operand attr-dict `:` qualified(type($result))";
}

def Clef_NotOp : Clef_Op<"not", [Pure]> {
  let summary = "Boolean negation";
  let description = [{
    ```mlir
    %1 = clef.not %0
    ```
  }];
  let arguments = (ins I1:$operand);
  let results = (outs I1:$result);
  let assemblyFormat = "$operand attr-dict";
}

def Clef_CmpOp : Clef_Op<"cmp", [Pure, AllTypesMatch<["lhs", "rhs"]>]> {
  let summary = "Structural equality and ordering";
  let description = [{
    Compares two values of the same type structurally, as F# does: numbers
    by value, strings ordinally, tuples, records, lists, options and arrays
    element by element, unions by case index and then fields. Function
    values cannot be compared.

    ```mlir
    %b = clef.cmp lt, %x, %y : !clef.list<i32>
    ```
  }];
  let arguments = (ins Clef_CmpPredicate:$predicate, AnyType:$lhs,
                   AnyType:$rhs);
  let results = (outs I1:$result);
  let assemblyFormat = "$predicate `,` $lhs `,` $rhs attr-dict `:` qualified(type($lhs))";
  let hasVerifier = 1;
}

def Clef_HashOp : Clef_Op<"hash", [Pure]> {
  let summary = "Structural hash";
  let description = [{
    `hash x`: a structural hash consistent with `clef.cmp eq`.

    ```mlir
    %h = clef.hash %s : !clef.string
    ```
  }];
  let arguments = (ins AnyType:$value);
  let results = (outs I32:$result);
  let assemblyFormat = "$value attr-dict `:` qualified(type($value))";
  let hasVerifier = 1;
}

def Clef_ConvertOp : Clef_Op<"convert", [Pure]> {
  let summary = "Numeric and character conversion";
  let description = [{
    `int`, `int64`, `float` and `char` between int, int64, float and char,
    with F#'s semantics (float to int truncates).

    ```mlir
    %f = clef.convert %i : i32 to f64
    ```
  }];
  let arguments = (ins Clef_Convertible:$input);
  let results = (outs Clef_Convertible:$result);
  let assemblyFormat = "$input attr-dict `:` qualified(type($input)) `to` qualified(type($result))";
}

def Clef_MathOp : Clef_Op<"math", [Pure]> {
  let summary = "Unary float function";
  let description = [{
    `sqrt` halves the exponents of its operand's units (which must be even);
    `abs`, `floor`, `ceil` and `round` keep them; the others need a
    dimensionless operand and give a dimensionless result.

    ```mlir
    %r = clef.math sqrt %a : !clef.float<"m^2"> -> !clef.float<"m">
    ```
  }];
  let arguments = (ins Clef_MathFn:$fn, Clef_FloatLike:$operand);
  let results = (outs Clef_FloatLike:$result);
  let assemblyFormat =
      "$fn $operand attr-dict `:` qualified(type($operand)) `->` qualified(type($result))";
  let hasVerifier = 1;
}

def Clef_Atan2Op : Clef_Op<"atan2", [Pure, AllTypesMatch<["y", "x"]>]> {
  let summary = "Two-argument arctangent";
  let description = [{
    `atan2 y x`; both operands have the same units, the result is an angle.

    ```mlir
    %a = clef.atan2 %y, %x : !clef.float<"m">
    ```
  }];
  let arguments = (ins Clef_FloatLike:$y, Clef_FloatLike:$x);
  let results = (outs F64:$result);
  let assemblyFormat = "$y `,` $x attr-dict `:` qualified(type($y))";
}

def Clef_PowOp : Clef_Op<"pow", [Pure, AllTypesMatch<["base", "exponent", "result"]>]> {
  let summary = "Float power";
  let description = [{
    `x ** y` on floats (`Math.Pow`), defined for negative bases with
    integral exponents.

    ```mlir
    %p = clef.pow %x, %y : f64
    ```
  }];
  let arguments = (ins F64:$base, F64:$exponent);
  let results = (outs F64:$result);
  let assemblyFormat = "$base `,` $exponent attr-dict `:` type($result)";
}

def Clef_ParseOp : Clef_Op<"parse", []> {
  let summary = "Conversion of text to a number or character";
  let description = [{
    `int s`, `int64 s`, `float s` and `char s` on a string, with F#'s
    semantics: surrounding white space is ignored, and text that is not a
    number raises `System.FormatException` (`System.OverflowException` for
    an integer out of range).

    ```mlir
    %n = clef.parse %s : i32
    ```
  }];
  let arguments = (ins Clef_StringType:$input);
  let results = (outs Clef_Convertible:$result);
  let assemblyFormat = "$input attr-dict `:` qualified(type($result))";
}

//===----------------------------------------------------------------------===//
// Strings and formatting
//===----------------------------------------------------------------------===//

def Clef_ToStringOp : Clef_Op<"to_string", [Allocates]> {
  let summary = "`string x`";
  let description = [{
    Converts a primitive value to a string as F#'s `string` function does.

    ```mlir
    %s = clef.to_string %x : f64
    ```
  }];
  let arguments = (ins AnyTypeOf<[I1, I32, I64, F64, Clef_MeasureType,
                                  Clef_CharType, Clef_StringType]>:$value,
                   InRegion:$region);
  let results = (outs Clef_StringType:$result);
  let assemblyFormat =
      "$value (`in` $region^)? attr-dict `:` qualified(type($value))";
}

def Clef_StringConcatOp : Clef_Op<"string_concat", [Allocates]> {
  let summary = "String concatenation `a + b`";
  let description = [{
    ```mlir
    %s = clef.string_concat %a, %b in %r
    ```
  }];
  let arguments = (ins Clef_StringType:$lhs, Clef_StringType:$rhs,
                   InRegion:$region);
  let results = (outs Clef_StringType:$result);
  let assemblyFormat = "$lhs `,` $rhs (`in` $region^)? attr-dict";
}

def Clef_StringLengthOp : Clef_Op<"string_length", [Pure]> {
  let summary = "`s.Length`";
  let description = [{
    The number of characters of the string.

    ```mlir
    %n = clef.string_length %s
    ```
  }];
  let arguments = (ins Clef_StringType:$string);
  let results = (outs I32:$result);
  let assemblyFormat = "$string attr-dict";
}

def Clef_StringGetOp : Clef_Op<"string_get", []> {
  let summary = "`s.[i]`";
  let description = [{
    The character at index `i`; out of range raises
    `IndexOutOfRangeException`.

    ```mlir
    %c = clef.string_get %s[%i]
    ```
  }];
  let arguments = (ins Clef_StringType:$string, I32:$index);
  let results = (outs Clef_CharType:$result);
  let assemblyFormat = "$string `[` $index `]` attr-dict";
}

def Clef_PrintfOp : Clef_Op<"printf", []> {
  let summary = "`printf` / `printfn` / `eprintfn` with a literal format";
  let description = [{
    Prints the arguments formatted by the F# format string `format` to
    stdout (or stderr with `stderr`), followed by a newline with `newline`.
    The verifier checks every conversion against its argument's type.

    ```mlir
    clef.printf "%s is %d\n"(%name, %age : !clef.string, i32) {newline}
    ```
  }];
  let arguments = (ins StrAttr:$format, Variadic<AnyType>:$args,
                   UnitAttr:$newline, UnitAttr:$stderr);
  let assemblyFormat =
      "$format (`(` $args^ `:` qualified(type($args)) `)`)? attr-dict";
  let hasVerifier = 1;
}

def Clef_SprintfOp : Clef_Op<"sprintf", [AttrSizedOperandSegments, Allocates]> {
  let summary = "`sprintf` with a literal format";
  let description = [{
    Formats the arguments as `clef.printf` does and returns the string.

    ```mlir
    %s = clef.sprintf "%d-%d"(%a, %b : i32, i32)
    ```
  }];
  let arguments = (ins StrAttr:$format, Variadic<AnyType>:$args,
                   InRegion:$region);
  let results = (outs Clef_StringType:$result);
  let assemblyFormat =
      "$format (`(` $args^ `:` qualified(type($args)) `)`)? (`in` $region^)? attr-dict";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Process and failure
//===----------------------------------------------------------------------===//

def Clef_FailwithOp : Clef_Op<"failwith", []> {
  let summary = "`failwith msg`";
  let description = [{
    Raises `System.Exception` with the message: the program prints it on
    stderr and exits with code 1. It never returns; the result only gives
    the expression the type its context expects.

    ```mlir
    %r = clef.failwith %msg : i32
    ```
  }];
  let arguments = (ins Clef_StringType:$message);
  let results = (outs AnyType:$result);
  let assemblyFormat = "$message attr-dict `:` qualified(type($result))";
}

def Clef_InvalidArgOp : Clef_Op<"invalid_arg", []> {
  let summary = "`invalidArg name msg`";
  let description = [{
    Raises `System.ArgumentException` with the message (which names the
    parameter, as .NET formats it): the program prints it on stderr and
    exits with code 1. It never returns.

    ```mlir
    %r = clef.invalid_arg %msg : i32
    ```
  }];
  let arguments = (ins Clef_StringType:$message);
  let results = (outs AnyType:$result);
  let assemblyFormat = "$message attr-dict `:` qualified(type($result))";
}

def Clef_ExitOp : Clef_Op<"exit", []> {
  let summary = "`exit code`";
  let description = [{
    Ends the process with the exit code, flushing output. Never returns.

    ```mlir
    %r = clef.exit %code : !clef.unit
    ```
  }];
  let arguments = (ins I32:$code);
  let results = (outs AnyType:$result);
  let assemblyFormat = "$code attr-dict `:` qualified(type($result))";
}

def Clef_MatchFailureOp : Clef_Op<"match_failure", []> {
  let summary = "An incomplete match found no case";
  let description = [{
    Raises `MatchFailureException` naming the source location of the match
    (the op's location). Never returns.

    ```mlir
    %r = clef.match_failure : i32
    ```
  }];
  let results = (outs AnyType:$result);
  let assemblyFormat = "attr-dict `:` qualified(type($result))";
}

def Clef_ArgvOp : Clef_Op<"argv", [Allocates]> {
  let summary = "The command-line arguments";
  let description = [{
    The `argv` array passed to the `[<EntryPoint>]` function (without the
    program name).

    ```mlir
    %a = clef.argv : !clef.array<!clef.string>
    ```
  }];
  let arguments = (ins InRegion:$region);
  let results = (outs Clef_ArrayType:$result);
  let assemblyFormat = "(`in` $region^)? attr-dict `:` qualified(type($result))";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Mutable locals
//===----------------------------------------------------------------------===//

def Clef_LocalNewOp : Clef_Op<"local_new",
    [TypesMatchWith<"result is a local of the initial value's type", "init",
                    "result", "::mlir::clef::LocalType::get($_self)">]> {
  let summary = "A `let mutable` variable";
  let description = [{
    ```mlir
    %x = clef.local_new %0 : i32
    ```
  }];
  let arguments = (ins AnyType:$init);
  let results = (outs Clef_LocalType:$result);
  let assemblyFormat = "$init attr-dict `:` qualified(type($init))";
}

def Clef_LocalGetOp : Clef_Op<"local_get",
    [TypesMatchWith<"result is the local's element type", "local", "result",
       "::llvm::cast<::mlir::clef::LocalType>($_self).getElementType()">]> {
  let summary = "Reads a mutable local";
  let description = [{
    ```mlir
    %v = clef.local_get %x : !clef.local<i32>
    ```
  }];
  let arguments = (ins Clef_LocalType:$local);
  let results = (outs AnyType:$result);
  let assemblyFormat = "$local attr-dict `:` qualified(type($local))";
}

def Clef_LocalSetOp : Clef_Op<"local_set",
    [TypesMatchWith<"value is the local's element type", "local", "value",
       "::llvm::cast<::mlir::clef::LocalType>($_self).getElementType()">]> {
  let summary = "`x <- v` on a mutable local";
  let description = [{
    ```mlir
    clef.local_set %x, %v : !clef.local<i32>
    ```
  }];
  let arguments = (ins Clef_LocalType:$local, AnyType:$value);
  let assemblyFormat = "$local `,` $value attr-dict `:` qualified(type($local))";
}

//===----------------------------------------------------------------------===//
// Tuples and records
//===----------------------------------------------------------------------===//

def Clef_TupleOp : Clef_Op<"tuple", [AttrSizedOperandSegments, Allocates]> {
  let summary = "Allocates a tuple";
  let description = [{
    ```mlir
    %t = clef.tuple %a, %b : i32, f64 in %r -> !clef.tuple<i32, f64>
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$elements, InRegion:$region);
  let results = (outs Clef_TupleType:$result);
  let assemblyFormat = [{
    $elements `:` qualified(type($elements)) (`in` $region^)? attr-dict `->` qualified(type($result))
  }];
  let hasVerifier = 1;
}

def Clef_TupleGetOp : Clef_Op<"tuple_get", [Pure]> {
  let summary = "Reads a tuple element";
  let description = [{
    ```mlir
    %b = clef.tuple_get %t[1] : !clef.tuple<i32, f64> -> f64
    ```
  }];
  let arguments = (ins Clef_TupleType:$tuple,
                   ConfinedAttr<I64Attr, [IntNonNegative]>:$index);
  let results = (outs AnyType:$result);
  let assemblyFormat =
      "$tuple `[` $index `]` attr-dict `:` qualified(type($tuple)) `->` qualified(type($result))";
  let hasVerifier = 1;
}

def Clef_RecordNewOp : Clef_Op<"record_new",
    [AttrSizedOperandSegments, Allocates,
     DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "Allocates a record";
  let description = [{
    The operands are the field values in declaration order.

    ```mlir
    %p = clef.record_new %x, %y : f64, f64 -> !clef.record<@Point>
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$fields, InRegion:$region);
  let results = (outs Clef_RecordType:$result);
  let assemblyFormat = [{
    ($fields^ `:` qualified(type($fields)))? (`in` $region^)? attr-dict `->` qualified(type($result))
  }];
}

def Clef_RecordGetOp : Clef_Op<"record_get",
    [ReadsHeap, DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "Reads a record field";
  let description = [{
    ```mlir
    %x = clef.record_get %p["X"] : !clef.record<@Point> -> f64
    ```
  }];
  let arguments = (ins Clef_RecordType:$record, StrAttr:$field);
  let results = (outs AnyType:$result);
  let assemblyFormat =
      "$record `[` $field `]` attr-dict `:` qualified(type($record)) `->` qualified(type($result))";
}

def Clef_RecordSetOp : Clef_Op<"record_set",
    [WritesHeap, DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "Updates a mutable record field";
  let description = [{
    ```mlir
    clef.record_set %b["Pos"], %v : !clef.record<@Body>, !clef.float<"m">
    ```
  }];
  let arguments = (ins Clef_RecordType:$record, StrAttr:$field,
                   AnyType:$value);
  let assemblyFormat = [{
    $record `[` $field `]` `,` $value attr-dict `:` qualified(type($record)) `,` qualified(type($value))
  }];
}

//===----------------------------------------------------------------------===//
// Unions
//===----------------------------------------------------------------------===//

def Clef_UnionNewOp : Clef_Op<"union_new",
    [AttrSizedOperandSegments, Allocates,
     DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "Builds a union case";
  let description = [{
    A case with fields is allocated; a nullary case is an immediate value
    and takes no region.

    ```mlir
    %c = clef.union_new "Circle"(%r : f64) -> !clef.union<@Shape>
    %e = clef.union_new "Empty" -> !clef.union<@Shape>
    ```
  }];
  let arguments = (ins StrAttr:$case_name, Variadic<AnyType>:$fields,
                   InRegion:$region);
  let results = (outs Clef_UnionType:$result);
  let assemblyFormat = [{
    $case_name (`(` $fields^ `:` qualified(type($fields)) `)`)? (`in` $region^)? attr-dict
    `->` qualified(type($result))
  }];
}

def Clef_UnionTagOp : Clef_Op<"union_tag", [ReadsHeap]> {
  let summary = "The case index of a union value";
  let description = [{
    ```mlir
    %t = clef.union_tag %s : !clef.union<@Shape>
    ```
  }];
  let arguments = (ins Clef_UnionType:$value);
  let results = (outs I32:$result);
  let assemblyFormat = "$value attr-dict `:` qualified(type($value))";
}

def Clef_UnionFieldOp : Clef_Op<"union_field",
    [ReadsHeap, DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "Reads a field of a union value known to be of a case";
  let description = [{
    Undefined unless the value is of case `case_name` (the match compiler
    tests the tag first).

    ```mlir
    %h = clef.union_field %s["Rect", 1] : !clef.union<@Shape> -> f64
    ```
  }];
  let arguments = (ins Clef_UnionType:$value, StrAttr:$case_name,
                   ConfinedAttr<I64Attr, [IntNonNegative]>:$index);
  let results = (outs AnyType:$result);
  let assemblyFormat = [{
    $value `[` $case_name `,` $index `]` attr-dict `:` qualified(type($value)) `->`
    qualified(type($result))
  }];
}

//===----------------------------------------------------------------------===//
// Lists
//===----------------------------------------------------------------------===//

def Clef_NilOp : Clef_Op<"nil", [Pure]> {
  let summary = "The empty list";
  let description = [{
    ```mlir
    %l = clef.nil : !clef.list<i32>
    ```
  }];
  let results = (outs Clef_ListType:$result);
  let assemblyFormat = "attr-dict `:` qualified(type($result))";
}

def Clef_ConsOp : Clef_Op<"cons", [Allocates,
    TypesMatchWith<"head is the list's element type", "result", "head",
       "::llvm::cast<::mlir::clef::ListType>($_self).getElementType()">,
    AllTypesMatch<["tail", "result"]>]> {
  let summary = "Allocates a list cell `h :: t`";
  let description = [{
    ```mlir
    %l = clef.cons %h, %t in %r : !clef.list<i32>
    ```
  }];
  let arguments = (ins AnyType:$head, Clef_ListType:$tail, InRegion:$region);
  let results = (outs Clef_ListType:$result);
  let assemblyFormat =
      "$head `,` $tail (`in` $region^)? attr-dict `:` qualified(type($result))";
}

class Clef_ListAccessOp<string mnemonic, string doc, Type resultType,
                        list<Trait> traits = []>
    : Clef_Op<mnemonic, !listconcat([ReadsHeap], traits)> {
  let summary = doc;
  let arguments = (ins Clef_ListType:$list);
  let results = (outs resultType:$result);
  let assemblyFormat = "$list attr-dict `:` qualified(type($list))";
}

def Clef_ListIsNilOp : Clef_ListAccessOp<"list_is_nil", "Tests for `[]`", I1> {
  let description = [{
    ```mlir
    %e = clef.list_is_nil %l : !clef.list<i32>
    ```
  }];
}

def Clef_ListHeadOp : Clef_ListAccessOp<"list_head",
    "The head of a non-empty list", AnyType,
    [TypesMatchWith<"result is the element type", "list", "result",
       "::llvm::cast<::mlir::clef::ListType>($_self).getElementType()">]> {
  let description = [{
    Undefined on `[]` (the match compiler tests first).

    ```mlir
    %h = clef.list_head %l : !clef.list<i32>
    ```
  }];
}

def Clef_ListTailOp : Clef_ListAccessOp<"list_tail",
    "The tail of a non-empty list", Clef_ListType,
    [AllTypesMatch<["list", "result"]>]> {
  let description = [{
    Undefined on `[]` (the match compiler tests first).

    ```mlir
    %t = clef.list_tail %l : !clef.list<i32>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Options
//===----------------------------------------------------------------------===//

def Clef_NoneOp : Clef_Op<"none", [Pure]> {
  let summary = "`None`";
  let description = [{
    ```mlir
    %n = clef.none : !clef.option<i32>
    ```
  }];
  let results = (outs Clef_OptionType:$result);
  let assemblyFormat = "attr-dict `:` qualified(type($result))";
}

def Clef_SomeOp : Clef_Op<"some", [Pure,
    TypesMatchWith<"result is an option of the value's type", "value",
                   "result", "::mlir::clef::OptionType::get($_self)">]> {
  let summary = "`Some v`";
  let description = [{
    ```mlir
    %s = clef.some %v : i32
    ```
  }];
  let arguments = (ins AnyType:$value);
  let results = (outs Clef_OptionType:$result);
  let assemblyFormat = "$value attr-dict `:` qualified(type($value))";
}

def Clef_OptionIsSomeOp : Clef_Op<"option_is_some", [Pure]> {
  let summary = "Tests for `Some`";
  let description = [{
    ```mlir
    %b = clef.option_is_some %o : !clef.option<i32>
    ```
  }];
  let arguments = (ins Clef_OptionType:$option);
  let results = (outs I1:$result);
  let assemblyFormat = "$option attr-dict `:` qualified(type($option))";
}

def Clef_OptionValueOp : Clef_Op<"option_value", [Pure,
    TypesMatchWith<"result is the payload type", "option", "result",
       "::llvm::cast<::mlir::clef::OptionType>($_self).getElementType()">]> {
  let summary = "The payload of a `Some`";
  let description = [{
    Undefined on `None` (callers test first).

    ```mlir
    %v = clef.option_value %o : !clef.option<i32>
    ```
  }];
  let arguments = (ins Clef_OptionType:$option);
  let results = (outs AnyType:$result);
  let assemblyFormat = "$option attr-dict `:` qualified(type($option))";
}

//===----------------------------------------------------------------------===//
// Arrays
//===----------------------------------------------------------------------===//

def Clef_ArrayCreateOp : Clef_Op<"array_create", [Allocates,
    TypesMatchWith<"init is the element type", "result", "init",
       "::llvm::cast<::mlir::clef::ArrayType>($_self).getElementType()">]> {
  let summary = "`Array.create n v`";
  let description = [{
    An array of `n` copies of `init`; a negative `n` raises
    `ArgumentException`.

    ```mlir
    %a = clef.array_create %n, %zero in %r : !clef.array<f64>
    ```
  }];
  let arguments = (ins I32:$size, AnyType:$init, InRegion:$region);
  let results = (outs Clef_ArrayType:$result);
  let assemblyFormat =
      "$size `,` $init (`in` $region^)? attr-dict `:` qualified(type($result))";
}

def Clef_ArrayLitOp : Clef_Op<"array_lit", [AttrSizedOperandSegments, Allocates]> {
  let summary = "An array literal `[| a; b |]`";
  let description = [{
    ```mlir
    %a = clef.array_lit %x, %y : i32, i32 -> !clef.array<i32>
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$elements, InRegion:$region);
  let results = (outs Clef_ArrayType:$result);
  let assemblyFormat = [{
    ($elements^ `:` qualified(type($elements)))? (`in` $region^)? attr-dict `->` qualified(type($result))
  }];
  let hasVerifier = 1;
}

// No memory-effect trait: an out-of-range read raises, so an unused read
// must not be dropped.
def Clef_ArrayGetOp : Clef_Op<"array_get", [TypesMatchWith<"result is the element type", "array", "result",
       "::llvm::cast<::mlir::clef::ArrayType>($_self).getElementType()">]> {
  let summary = "`a.[i]`, bounds-checked";
  let description = [{
    Out of range raises `IndexOutOfRangeException`.

    ```mlir
    %v = clef.array_get %a[%i] : !clef.array<f64>
    ```
  }];
  let arguments = (ins Clef_ArrayType:$array, I32:$index);
  let results = (outs AnyType:$result);
  let assemblyFormat = "$array `[` $index `]` attr-dict `:` qualified(type($array))";
}

def Clef_ArraySetOp : Clef_Op<"array_set", [WritesHeap,
    TypesMatchWith<"value is the element type", "array", "value",
       "::llvm::cast<::mlir::clef::ArrayType>($_self).getElementType()">]> {
  let summary = "`a.[i] <- v`, bounds-checked";
  let description = [{
    Out of range raises `IndexOutOfRangeException`.

    ```mlir
    clef.array_set %a[%i], %v : !clef.array<f64>
    ```
  }];
  let arguments = (ins Clef_ArrayType:$array, I32:$index, AnyType:$value);
  let assemblyFormat =
      "$array `[` $index `]` `,` $value attr-dict `:` qualified(type($array))";
}

def Clef_ArrayLengthOp : Clef_Op<"array_length", [Pure]> {
  let summary = "`a.Length`";
  let description = [{
    ```mlir
    %n = clef.array_length %a : !clef.array<f64>
    ```
  }];
  let arguments = (ins Clef_ArrayType:$array);
  let results = (outs I32:$result);
  let assemblyFormat = "$array attr-dict `:` qualified(type($array))";
}

//===----------------------------------------------------------------------===//
// Reference cells
//===----------------------------------------------------------------------===//

def Clef_RefNewOp : Clef_Op<"ref_new", [Allocates,
    TypesMatchWith<"result is a ref of the value's type", "value", "result",
                   "::mlir::clef::RefType::get($_self)">]> {
  let summary = "`ref v`";
  let description = [{
    ```mlir
    %c = clef.ref_new %v in %r : i32
    ```
  }];
  let arguments = (ins AnyType:$value, InRegion:$region);
  let results = (outs Clef_RefType:$result);
  let assemblyFormat = "$value (`in` $region^)? attr-dict `:` qualified(type($value))";
}

def Clef_RefGetOp : Clef_Op<"ref_get", [ReadsHeap,
    TypesMatchWith<"result is the cell's type", "ref", "result",
       "::llvm::cast<::mlir::clef::RefType>($_self).getElementType()">]> {
  let summary = "`r.Value`";
  let description = [{
    ```mlir
    %v = clef.ref_get %c : !clef.ref<i32>
    ```
  }];
  let arguments = (ins Clef_RefType:$ref);
  let results = (outs AnyType:$result);
  let assemblyFormat = "$ref attr-dict `:` qualified(type($ref))";
}

def Clef_RefSetOp : Clef_Op<"ref_set", [WritesHeap,
    TypesMatchWith<"value is the cell's type", "ref", "value",
       "::llvm::cast<::mlir::clef::RefType>($_self).getElementType()">]> {
  let summary = "`r.Value <- v`";
  let description = [{
    ```mlir
    clef.ref_set %c, %v : !clef.ref<i32>
    ```
  }];
  let arguments = (ins Clef_RefType:$ref, AnyType:$value);
  let assemblyFormat = "$ref `,` $value attr-dict `:` qualified(type($ref))";
}

//===----------------------------------------------------------------------===//
// Function values
//===----------------------------------------------------------------------===//

def Clef_LambdaOp : Clef_Op<"lambda", [Allocates,
    AutomaticAllocationScope]> {
  let summary = "An anonymous function with implicit captures";
  let description = [{
    `fun x -> e`. The body may use any value defined above it: those are the
    captures, made explicit by closure conversion. The entry block's
    arguments are the parameters; `clef.yield` returns the result.

    ```mlir
    %f = clef.lambda : !clef.closure<(i32) -> i32> {
    ^bb0(%x: i32):
      %y = clef.add %x, %k : i32
      clef.yield %y : i32
    }
    ```
  }];
  let arguments = (ins InRegion:$region);
  let results = (outs Clef_ClosureType:$result);
  let regions = (region AnyRegion:$body);
  let assemblyFormat = "(`in` $region^)? attr-dict `:` qualified(type($result)) $body";
  let hasRegionVerifier = 1;
}

def Clef_YieldOp : Clef_Op<"yield", [Pure, Terminator,
    HasParent<"LambdaOp">, ReturnLike]> {
  let summary = "Returns the result of a lambda";
  let description = [{
    ```mlir
    clef.yield %v : i32
    ```
  }];
  let arguments = (ins AnyType:$value);
  let assemblyFormat = "$value attr-dict `:` qualified(type($value))";
}

def Clef_ApplyOp : Clef_Op<"apply", [AttrSizedOperandSegments,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "Calls a function value";
  let description = [{
    Applies a closure to arguments matching its signature.

    After region assignment, every application names the region `in %r`
    where the closure's code allocates what it returns; the code receives it
    as its last parameter (docs/RegionInference.md). Without it, the code
    allocates in the process region.

    ```mlir
    %r = clef.apply %f(%x) : !clef.closure<(i32) -> i32>
    %t = clef.apply %g(%x) in %r1 : !clef.closure<(i32) -> !clef.tuple<i32, i32>>
    ```
  }];
  let arguments = (ins Clef_ClosureType:$callee, Variadic<AnyType>:$args,
                   InRegion:$region);
  let results = (outs AnyType:$result);
  let assemblyFormat = [{
    $callee `(` $args `)` (`in` $region^)? attr-dict `:` qualified(type($callee))
    custom<ClosureArgTypes>(ref(type($callee)), type($args))
  }];
  let builders = [
    OpBuilder<(ins "::mlir::Type":$result, "::mlir::Value":$callee,
                   "::mlir::ValueRange":$args), [{
      build($_builder, $_state, result, callee, args, ::mlir::Value());
    }]>
  ];
  let hasVerifier = 1;
}

def Clef_FuncRefOp : Clef_Op<"func_ref", [Pure,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "A top-level function as a function value";
  let description = [{
    A static closure without captures. `callee` is either a function whose
    signature is the closure's, or closure code for it (taking the closure
    first and, after region assignment, the application's region last),
    which is then the closure's code itself.

    ```mlir
    %f = clef.func_ref @add : !clef.closure<(i32, i32) -> i32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$callee);
  let results = (outs Clef_ClosureType:$result);
  let assemblyFormat = "$callee attr-dict `:` qualified(type($result))";
}

def Clef_ClosureNewOp : Clef_Op<"closure_new", [AttrSizedOperandSegments,
    Allocates, DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "Allocates a flat closure";
  let description = [{
    The result of closure conversion: a closure record holding the code
    pointer of `code` and the captured values, flat. `code` takes the
    closure itself first, then the closure's parameters, and reads the
    captures with `clef.closure_capture`.

    ```mlir
    %f = clef.closure_new @lambda0(%k : i32) in %r : !clef.closure<(i32) -> i32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$code, Variadic<AnyType>:$captures,
                   InRegion:$region);
  let results = (outs Clef_ClosureType:$result);
  let assemblyFormat = [{
    $code `(` ($captures^ `:` qualified(type($captures)))? `)` (`in` $region^)? attr-dict
    `:` qualified(type($result))
  }];
}

def Clef_ClosureCaptureOp : Clef_Op<"closure_capture", [Pure]> {
  let summary = "Reads a captured value inside closure code";
  let description = [{
    ```mlir
    %k = clef.closure_capture %self[0] : !clef.closure<(i32) -> i32> -> i32
    ```
  }];
  let arguments = (ins Clef_ClosureType:$closure,
                   ConfinedAttr<I64Attr, [IntNonNegative]>:$index);
  let results = (outs AnyType:$result);
  let assemblyFormat = [{
    $closure `[` $index `]` attr-dict `:` qualified(type($closure)) `->` qualified(type($result))
  }];
}

#endif // CLEF_DIALECTS_CLEF_CLEFOPS_TD

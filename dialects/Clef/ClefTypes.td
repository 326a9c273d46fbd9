//===- ClefTypes.td - Clef dialect types -------------------*- tablegen -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DIALECTS_CLEF_CLEFTYPES_TD
#define CLEF_DIALECTS_CLEF_CLEFTYPES_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinTypeInterfaces.td"
include "dialects/Clef/ClefDialect.td"

class Clef_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<Clef_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

//===----------------------------------------------------------------------===//
// Scalars
//===----------------------------------------------------------------------===//

def Clef_UnitType : Clef_Type<"Unit", "unit"> {
  let summary = "The unit type `()`";
  let description = "The type with the single value `()`.";
}

def Clef_CharType : Clef_Type<"Char", "char"> {
  let summary = "A Unicode character";
  let description = "A character, held as its Unicode code point.";
}

def Clef_StringType : Clef_Type<"String", "string"> {
  let summary = "An immutable string";
  let description = [{
    An immutable, length-prefixed UTF-8 string. String literals are constant
    data; strings built at run time are heap values allocated in a region.
  }];
}

def Clef_MeasureType : Clef_Type<"Measure", "float"> {
  let summary = "A float carrying a unit of measure";
  let description = [{
    An IEEE double whose dimension is the unit of measure `units`: a map
    from base unit names (or unit variables `'u`) to non-zero integer
    exponents. It is written as a canonical unit expression:

    ```mlir
    !clef.float<"m">
    !clef.float<"kg m/s^2">
    !clef.float<"1/s">
    ```

    Dimensionless floats are `f64`, never `!clef.float<"1">`. Units are
    erased by the lowering: the run-time value is an `f64`.
  }];
  let parameters = (ins "::mlir::DictionaryAttr":$units);
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let builders = [
    TypeBuilder<(ins "const ::mlir::clef::Units &":$units)>
  ];
  let skipDefaultBuilders = 1;
  let extraClassDeclaration = [{
    /// The units as a canonical map.
    ::mlir::clef::Units getUnitMap() const;
  }];
}

//===----------------------------------------------------------------------===//
// Heap values
//===----------------------------------------------------------------------===//

def Clef_TupleType : Clef_Type<"Tuple", "tuple"> {
  let summary = "A tuple of two or more values";
  let description = [{
    An immutable tuple, allocated in a region. `!clef.tuple<i32, f64>`.
  }];
  let parameters = (ins ArrayRefParameter<"::mlir::Type">:$elementTypes);
  let assemblyFormat = "`<` $elementTypes `>`";
  let genVerifyDecl = 1;
}

class Clef_ContainerType<string name, string mnemonic, string doc>
    : Clef_Type<name, mnemonic> {
  let summary = doc;
  let parameters = (ins "::mlir::Type":$elementType);
  let assemblyFormat = "`<` $elementType `>`";
  let builders = [
    TypeBuilderWithInferredContext<(ins "::mlir::Type":$elementType), [{
      return $_get(elementType.getContext(), elementType);
    }]>
  ];
}

def Clef_ListType : Clef_ContainerType<"List", "list",
    "An immutable singly linked list"> {
  let description = [{
    `[]` or a cons cell holding a head and a tail, allocated in a region.
  }];
}

def Clef_ArrayType : Clef_ContainerType<"Array", "array",
    "A mutable, bounds-checked array"> {
  let description = [{
    A fixed-length mutable array with its length, allocated in a region.
    Every access is bounds-checked.
  }];
}

def Clef_RefType : Clef_ContainerType<"Ref", "ref",
    "A mutable reference cell"> {
  let description = "A heap cell created by `ref v`, allocated in a region.";
}

def Clef_OptionType : Clef_ContainerType<"Option", "option",
    "An optional value"> {
  let description = [{
    `None` or `Some v`. Held by value (a flag and the payload), so it never
    allocates.
  }];
}

def Clef_LocalType : Clef_ContainerType<"Local", "local",
    "A mutable local variable"> {
  let description = [{
    The storage of a `let mutable` binding. F# forbids closures from
    capturing mutable locals, so it never escapes its function and lives
    on the stack.
  }];
}

def Clef_ClosureType : Clef_Type<"Closure", "closure"> {
  let summary = "A function value";
  let description = [{
    A function value with the given signature: a flat closure holding a code
    pointer and its captured values. Curried functions have one parameter
    per arrow: `int -> int -> int` is
    `!clef.closure<(i32) -> !clef.closure<(i32) -> i32>>`.
  }];
  let parameters = (ins "::mlir::FunctionType":$signature);
  let assemblyFormat = "`<` $signature `>`";
  let genVerifyDecl = 1;
}

def Clef_RecordType : Clef_Type<"Record", "record"> {
  let summary = "A record type, declared by `clef.record_decl`";
  let description = [{
    A nominal record type; `name` refers to the `clef.record_decl` of the
    enclosing module that lists its fields. `!clef.record<@Point>`.
  }];
  let parameters = (ins "::mlir::FlatSymbolRefAttr":$name);
  let assemblyFormat = "`<` $name `>`";
}

def Clef_UnionType : Clef_Type<"Union", "union"> {
  let summary = "A discriminated union type, declared by `clef.union_decl`";
  let description = [{
    A nominal union type; `name` refers to the `clef.union_decl` of the
    enclosing module that lists its cases. `!clef.union<@Shape>`.
  }];
  let parameters = (ins "::mlir::FlatSymbolRefAttr":$name);
  let assemblyFormat = "`<` $name `>`";
}

//===----------------------------------------------------------------------===//
// Constraints
//===----------------------------------------------------------------------===//

def Clef_FloatLike : AnyTypeOf<[F64, Clef_MeasureType], "float">;
def Clef_Integer : AnyTypeOf<[I32, I64], "int or int64">;
def Clef_Numeric : AnyTypeOf<[I32, I64, F64, Clef_MeasureType],
                             "int, int64 or float">;
def Clef_Convertible : AnyTypeOf<[I32, I64, F64, Clef_CharType],
                                 "int, int64, float or char">;

#endif // CLEF_DIALECTS_CLEF_CLEFTYPES_TD

//===- ClefAttrs.td - Clef dialect attributes --------------*- tablegen -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DIALECTS_CLEF_CLEFATTRS_TD
#define CLEF_DIALECTS_CLEF_CLEFATTRS_TD

include "mlir/IR/EnumAttr.td"
include "dialects/Clef/ClefDialect.td"

def Clef_CmpPredicate : I32EnumAttr<"CmpPredicate",
    "structural comparison predicate", [
      I32EnumAttrCase<"eq", 0>, I32EnumAttrCase<"ne", 1>,
      I32EnumAttrCase<"lt", 2>, I32EnumAttrCase<"le", 3>,
      I32EnumAttrCase<"gt", 4>, I32EnumAttrCase<"ge", 5>
    ]> {
  let cppNamespace = "::mlir::clef";
}

def Clef_MathFn : I32EnumAttr<"MathFn", "unary float function", [
      I32EnumAttrCase<"sqrt", 0>, I32EnumAttrCase<"sin", 1>,
      I32EnumAttrCase<"cos", 2>, I32EnumAttrCase<"tan", 3>,
      I32EnumAttrCase<"asin", 4>, I32EnumAttrCase<"acos", 5>,
      I32EnumAttrCase<"atan", 6>, I32EnumAttrCase<"exp", 7>,
      I32EnumAttrCase<"log", 8>, I32EnumAttrCase<"log10", 9>,
      I32EnumAttrCase<"floor", 10>, I32EnumAttrCase<"ceil", 11>,
      I32EnumAttrCase<"round", 12>, I32EnumAttrCase<"abs", 13>
    ]> {
  let cppNamespace = "::mlir::clef";
}

// The escape classes of docs/EscapeAnalysis.md, ordered by how long an
// allocation may live: the join of two classes is the larger one. The pass
// clef-classify-escapes writes them as the `clef.escape` attribute.
def Clef_EscapeClass : I32EnumAttr<"EscapeClass",
    "how far an allocation escapes", [
      I32EnumAttrCase<"IterationLocal", 0, "iteration-local">,
      I32EnumAttrCase<"LoopCarried", 1, "loop-carried">,
      I32EnumAttrCase<"Local", 2, "local">,
      I32EnumAttrCase<"Captured", 3, "captured">,
      I32EnumAttrCase<"Stored", 4, "stored">,
      I32EnumAttrCase<"Returned", 5, "returned">,
      I32EnumAttrCase<"Global", 6, "global">
    ]> {
  let cppNamespace = "::mlir::clef";
}

#endif // CLEF_DIALECTS_CLEF_CLEFATTRS_TD

//===- ClefDialect.td - Clef dialect definition ------------*- tablegen -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DIALECTS_CLEF_CLEFDIALECT_TD
#define CLEF_DIALECTS_CLEF_CLEFDIALECT_TD

include "mlir/IR/OpBase.td"

def Clef_Dialect : Dialect {
  let name = "clef";
  let cppNamespace = "::mlir::clef";
  let summary = "The functional core of Clef";
  let description = [{
    The `clef` dialect is the high-level IR of Clef programs. It keeps the
    source structure the memory analyses need: every heap allocation
    (tuples, records, union cases, list cells, closures, strings, arrays,
    reference cells) is an explicit op, lambdas are regions with implicit
    captures, and floats carry their units of measure in their type.

    Allocating ops take an optional `!region.handle` operand (`in %r`): the
    region the value lives in. Before region assignment it is absent and the
    lowering allocates in the process region.

    Top-level functions are `func.func`, called with `func.call`; control
    flow is `scf`. The function marked with the unit attribute `clef.entry`
    is the program's entry: it runs the top-level bindings and the
    `[<EntryPoint>]` function and returns the exit code.
  }];
  let useDefaultTypePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let hasConstantMaterializer = 1;
  let dependentDialects = [
    "::mlir::region::RegionDialect",
    "::mlir::func::FuncDialect",
    "::mlir::scf::SCFDialect"
  ];
  let extraClassDeclaration = [{
    /// The unit attribute that marks the program's entry function.
    static constexpr ::llvm::StringLiteral kEntryAttrName = "clef.entry";

  private:
    void registerTypes();

  public:
  }];
}

class Clef_Op<string mnemonic, list<Trait> traits = []>
    : Op<Clef_Dialect, mnemonic, traits>;

#endif // CLEF_DIALECTS_CLEF_CLEFDIALECT_TD

//===- RegionTypes.td - Region dialect types ---------------*- tablegen -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DIALECTS_REGION_REGIONTYPES_TD
#define CLEF_DIALECTS_REGION_REGIONTYPES_TD

include "mlir/IR/AttrTypeBase.td"
include "dialects/Region/RegionDialect.td"

class Region_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<Region_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

def Region_HandleType : Region_Type<"Handle", "handle"> {
  let summary = "A handle to a region";
  let description = [{
    An opaque, first-class handle to a live region. Lowered to a pointer to
    the runtime's region descriptor (`clef_region *`).
  }];
}

#endif // CLEF_DIALECTS_REGION_REGIONTYPES_TD

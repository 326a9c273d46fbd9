//===- RegionDialect.td - Region dialect definition --------*- tablegen -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DIALECTS_REGION_REGIONDIALECT_TD
#define CLEF_DIALECTS_REGION_REGIONDIALECT_TD

include "mlir/IR/OpBase.td"

def Region_Dialect : Dialect {
  let name = "region";
  let cppNamespace = "::mlir::region";
  let summary = "Regions and region-allocated memory";
  let description = [{
    The `region` dialect makes memory lifetimes explicit. A region is a
    collection of pages that is created, allocated into by bump allocation,
    and released as a whole. Region handles are first-class SSA values of
    type `!region.handle`, so a function can take the regions it allocates
    into as parameters and return a region it created to its caller.

    The process region (`region.global`) lives until the process exits and
    can never be released. Every other region must be released exactly once
    on every path; after its release no value allocated in it may be used.
    Those are dynamic properties checked by the certificate checker, not by
    the op verifiers.
  }];
  let useDefaultTypePrinterParser = 1;
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

class Region_Op<string mnemonic, list<Trait> traits = []>
    : Op<Region_Dialect, mnemonic, traits>;

#endif // CLEF_DIALECTS_REGION_REGIONDIALECT_TD

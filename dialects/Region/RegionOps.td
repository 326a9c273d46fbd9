//===- RegionOps.td - Region dialect operations ------------*- tablegen -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DIALECTS_REGION_REGIONOPS_TD
#define CLEF_DIALECTS_REGION_REGIONOPS_TD

include "dialects/Region/RegionTypes.td"
include "mlir/Dialect/LLVMIR/LLVMOpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Region_GlobalOp : Region_Op<"global", [Pure]> {
  let summary = "The process region";
  let description = [{
    Returns the handle of the region that lives as long as the process.
    Values whose lifetime the analyses cannot bound are allocated here.

    ```mlir
    %g = region.global
    ```
  }];
  let results = (outs Region_HandleType:$handle);
  let assemblyFormat = "attr-dict";
}

def Region_CreateOp : Region_Op<"create",
    [MemoryEffects<[MemAlloc<DefaultResource>]>]> {
  let summary = "Create an empty region";
  let description = [{
    Creates a new, empty region and returns its handle. The optional `name`
    is the region variable the analyses assigned (for example `r3`); it is
    carried to explanations and the certificate.

    ```mlir
    %r = region.create {name = "r3"}
    ```

    With `stack_bytes`, the region is a buffer of that many bytes in the
    frame of the enclosing function instead of pages from the pool: the
    claim is that everything allocated in it between its creation and its
    release fits in `stack_bytes` (each allocation rounded up to 8 bytes).
    `clef-stack-regions` sets it where that holds and `clef-check-regions`
    re-derives it; an allocation that would not fit stops the program
    instead of writing past the buffer.

    ```mlir
    %r = region.create {name = "r4", stack_bytes = 48 : i64}
    ```
  }];
  let arguments = (ins OptionalAttr<StrAttr>:$name,
                   OptionalAttr<ConfinedAttr<I64Attr, [IntPositive]>>:
                       $stack_bytes);
  let results = (outs Region_HandleType:$handle);
  let assemblyFormat = "attr-dict";
  let builders = [
    // A heap region named after its region variable.
    OpBuilder<(ins "::llvm::StringRef":$name), [{
      build($_builder, $_state,
            ::mlir::region::HandleType::get($_builder.getContext()),
            $_builder.getStringAttr(name), ::mlir::IntegerAttr());
    }]>
  ];
}

def Region_ReleaseOp : Region_Op<"release",
    [MemoryEffects<[MemFree<DefaultResource>]>]> {
  let summary = "Release a region and everything allocated in it";
  let description = [{
    Releases the region: all of its pages go back to the pool at once.
    Releasing the process region is invalid.

    ```mlir
    region.release %r
    ```
  }];
  let arguments = (ins Region_HandleType:$handle);
  let assemblyFormat = "$handle attr-dict";
  let hasVerifier = 1;
}

def Region_AllocOp : Region_Op<"alloc",
    [MemoryEffects<[MemAlloc<DefaultResource>]>]> {
  let summary = "Allocate uninitialized bytes in a region";
  let description = [{
    Allocates `size` bytes aligned to `alignment` (a power of two, at most
    4096) in the region and returns a pointer to them. The memory is
    uninitialized and lives until the region is released.

    ```mlir
    %p = region.alloc %r, %size {alignment = 8 : i64} : i64
    ```
  }];
  let arguments = (ins Region_HandleType:$handle, AnySignlessInteger:$size,
                   ConfinedAttr<I64Attr, [IntPositive]>:$alignment);
  let results = (outs LLVM_DefaultPointer:$ptr);
  let assemblyFormat = "$handle `,` $size attr-dict `:` type($size)";
  let hasVerifier = 1;
}

#endif // CLEF_DIALECTS_REGION_REGIONOPS_TD

//===- Passes.td - Clef passes -----------------------------*- tablegen -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Every pass of the project is declared here.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_PASSES_PASSES_TD
#define CLEF_PASSES_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Functional transformations
//===----------------------------------------------------------------------===//

def ClefClosureConvert : Pass<"clef-closure-convert", "::mlir::ModuleOp"> {
  let summary = "Turn lambdas into top-level functions over flat closures";
  let description = [{
    Converts every `clef.lambda` into a private top-level `func.func` whose
    first parameter is the closure itself, followed by the lambda's
    parameters; the body reads the captured values with
    `clef.closure_capture` and returns with `func.return`. The lambda is
    replaced by `clef.closure_new @code(captures...)` in the lambda's
    region. The captures are the values defined outside the lambda and used
    inside it, closures included; inner lambdas are converted first, so an
    outer lambda captures the captures of its inner closures.

    Capturing a `!clef.local` (a `let mutable` binding, which F# forbids) is
    an error.

    Afterwards, a `clef.apply` whose callee is produced directly by
    `clef.func_ref @f` becomes `func.call @f`, and one whose callee is a
    `clef.closure_new @code` becomes `func.call @code` with the closure as
    first argument.

    ```mlir
    %f = clef.lambda : !clef.closure<(i32) -> i32> {
    ^bb0(%x: i32):
      %y = clef.add %x, %k : i32
      clef.yield %y : i32
    }
    ```
    becomes
    ```mlir
    %f = clef.closure_new @main$lambda(%k : i32) : !clef.closure<(i32) -> i32>
    ...
    func.func private @main$lambda(%self: !clef.closure<(i32) -> i32>,
                                   %x: i32) -> i32 {
      %k = clef.closure_capture %self[0] : !clef.closure<(i32) -> i32> -> i32
      %y = clef.add %x, %k : i32
      return %y : i32
    }
    ```
  }];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

def ClefPromoteLocals : Pass<"clef-promote-locals", "::mlir::ModuleOp"> {
  let summary = "Turn `let mutable` locals into SSA values";
  let description = [{
    Replaces every `clef.local_new` whose uses are all `clef.local_get` and
    `clef.local_set` in its own block or in the single-block regions of
    structured control flow below it (`scf.if`, `scf.for`, `scf.while`,
    `scf.index_switch`, `scf.execute_region`) by the value the local holds
    at each point: a read becomes that value and a write changes it. An op
    whose regions write the local gets one more result carrying the value
    out; each region yields the value it ends with, and an `scf.if` without
    else gets an else that yields the value unchanged. A loop also gets one
    more iter_arg carrying the value in: the last block argument of the
    `scf.for` body and of both regions of `scf.while`, passed on by
    `scf.condition`. Nesting is unbounded; a lambda's body is a scope of
    its own.

    A local with any other use (an operand of another op, a use inside a
    lambda or another op's region, or in another block of a multi-block
    region) is left as it is, stack slot and all. The front end never
    produces one, so afterwards no `clef.local_*` op remains in front-end
    output and later analyses see loop-carried state as iter_args.

    ```mlir
    %s = clef.local_new %zero : i32
    scf.for %i = %lb to %ub step %c1 : i32 {
      %v = clef.local_get %s : !clef.local<i32>
      %w = clef.add %v, %i : i32
      clef.local_set %s, %w : !clef.local<i32>
    }
    %r = clef.local_get %s : !clef.local<i32>
    ```
    becomes
    ```mlir
    %r = scf.for %i = %lb to %ub step %c1 iter_args(%v = %zero) -> (i32)
        : i32 {
      %w = clef.add %v, %i : i32
      scf.yield %w : i32
    }
    ```
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect"];
}

//===----------------------------------------------------------------------===//
// Memory analyses
//===----------------------------------------------------------------------===//

def ClefTailLoops : Pass<"clef-tail-loops", "::mlir::ModuleOp"> {
  let summary = "Turn self tail recursion into loops";
  let description = [{
    Rewrites every function whose result is, on some path, a call of the
    function itself in tail position (directly before `func.return`, or
    yielded straight out of `scf.if`/`scf.index_switch` ops in tail position)
    into a single `scf.while`: a tail call continues the loop with its
    arguments, any other result ends it. Region inference then treats the
    tail recursion as a state-passing loop (docs/RegionInference.md).

    With `inline-single-calls` (the default), a loop function whose only use
    is one direct call is inlined there (and removed if private), so that
    the loop's initial state is created by the caller, which can hand its
    region over to the loop.

    ```mlir
    func.func @count(%n: i32, %acc: !clef.list<i32>) -> !clef.list<i32> {
      ...
      %r = func.call @count(%m, %cell) : ...   // in tail position
      ...
    }
    ```
    becomes a function whose body is one `scf.while` over
    `(i1, i32, !clef.list<i32>, !clef.list<i32>)`: continue flag, the
    arguments, and the result.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::scf::SCFDialect", "::mlir::ub::UBDialect"];
  let options = [
    Option<"inlineSingleCalls", "inline-single-calls", "bool",
           /*default=*/"true",
           "Inline a loop function into its only call site">,
  ];
}

def ClefClassifyEscapes : Pass<"clef-classify-escapes", "::mlir::ModuleOp"> {
  let summary = "Attach an escape class to every allocation site";
  let description = [{
    Runs the escape analysis (`passes/EscapeAnalysis.h`, described in
    docs/EscapeAnalysis.md) and records its result on every allocating op as
    two discardable attributes: `clef.escape`, the class (`iteration-local`,
    `loop-carried`, `local`, `captured`, `stored`, `returned` or `global`,
    in increasing order of lifetime), and `clef.escape_reason`, the chain of
    flows that justifies it, with source locations.

    ```mlir
    %t = clef.tuple %a, %b : i32, i32 -> !clef.tuple<i32, i32>
    return %t : !clef.tuple<i32, i32>
    ```
    becomes
    ```mlir
    %t = clef.tuple %a, %b : i32, i32 {clef.escape = "returned",
        clef.escape_reason = "returned from @mk at mk.clef:2:5"}
        -> !clef.tuple<i32, i32>
    ```
  }];
}

def ClefAssignRegions : Pass<"clef-assign-regions", "::mlir::ModuleOp"> {
  let summary = "Place every allocation in a region chosen at compile time";
  let description = [{
    Solves the region constraints of the whole module
    (`passes/RegionInference.h`, rules in docs/RegionInference.md) and
    materializes the solution in the region dialect:

    - every function that allocates in its caller's regions takes their
      handles as trailing `!region.handle` parameters, and every call passes
      the handles of the caller's regions the callee's scheme maps them to;
    - closure code takes one trailing handle, the region its application
      names (`clef.apply ... in %r`); a `clef.func_ref @f` names a wrapper
      code `@f$ref` instead, so function values stay static cells;
    - a region that belongs to the function is created (`region.create
      {name = "rN"}`) right before the first op that uses it, in the
      innermost block that holds all of them, and released right after the
      last one, so values that do not outlive a loop iteration (or a call)
      die with it;
    - values that reach the process (globals, `argv`, unknown code) are
      allocated in `region.global`;
    - every allocation names its region with `in %r`.

    Runs after closure conversion; `clef-check-regions` re-verifies the
    result independently.
  }];
  let dependentDialects = ["::mlir::region::RegionDialect",
                           "::mlir::func::FuncDialect"];
}

def ClefStackRegions : Pass<"clef-stack-regions", "::mlir::ModuleOp"> {
  let summary = "Put regions of a size known at compile time in the frame";
  let description = [{
    After region assignment, gives `stack_bytes = N` to every
    `region.create` whose region is bounded: each use of its handle is an
    allocation of a size known at compile time (a tuple, record, union
    case, cons cell, ref, array literal or closure) that runs at most once
    per creation of the region (under `scf.if`, not in a loop nested in the
    region's block), or its `region.release`; N is the sum of their sizes,
    each rounded up to 8 bytes. A region whose handle is passed to a call,
    an application, a string or array builder or the next loop iteration is
    left on the heap, as is one larger than `max-bytes`. The lowering makes
    a bounded region a buffer in the function's frame: creating it is three
    stores and allocating in it never leaves the inline fast path.
    `clef-check-regions` re-derives every bound.

    ```mlir
    %r = region.create {name = "r1", stack_bytes = 16 : i64}
    %t = clef.tuple %a, %b : i32, i32 in %r -> !clef.tuple<i32, i32>
    ```
  }];
  let options = [
    Option<"maxBytes", "max-bytes", "uint64_t", /*default=*/"1024",
           "The largest region, in bytes, put in a frame">,
  ];
  let dependentDialects = ["::mlir::region::RegionDialect"];
}

def ClefExplainRegions : Pass<"clef-explain-regions", "::mlir::ModuleOp"> {
  let summary = "Explain where every allocation lives and why";
  let description = [{
    After region assignment, emits one remark per allocation site:

    ```
    f.clef:4:13: remark: tuple lives in region r2 (created at f.clef:4:13,
      released at f.clef:6:5): iteration-local: does not outlive its loop
      iteration
    ```

    The region, its creation and its releases are read from the IR; the
    reason is the escape class and reason `clef-classify-escapes` recorded
    (when it ran). Values in a parameter region name the parameter; values
    in the process region say why. `clefc --explain-regions` runs it.
  }];
}

//===----------------------------------------------------------------------===//
// Lowerings
//===----------------------------------------------------------------------===//

def ConvertRegionToLLVM : Pass<"convert-region-to-llvm", "::mlir::ModuleOp"> {
  let summary = "Lower the region dialect to the LLVM dialect";
  let description = [{
    Lowers region handles to pointers to the runtime's region descriptors,
    `region.create`/`region.release` to runtime calls, and `region.alloc` to
    an inline bump allocation with a call to the runtime's slow path when the
    current page is full (see docs/Runtime.md for the descriptor layout).
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def ConvertClefToLLVM : Pass<"convert-clef-to-llvm", "::mlir::ModuleOp"> {
  let summary = "Lower the clef dialect (and func, cf, arith, region) to LLVM";
  let description = [{
    Lowers a whole Clef program to the LLVM dialect in one conversion: the
    `clef` and `region` dialects together with the `func`, `cf` and `arith`
    ops around them (run `convert-scf-to-cf` first). Types follow the data
    layout of docs/DataLayout.md. Allocating ops without a region operand
    allocate in the process region. Printing, string building and run-time
    errors call the runtime library. The `clef.entry` function is wrapped in
    a C `main` that initializes and finalizes the runtime; every other
    function is renamed with a `clef_` prefix and given internal linkage so
    that no Clef name can clash with a C symbol.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

//===----------------------------------------------------------------------===//
// Checking
//===----------------------------------------------------------------------===//

def CheckRegions : Pass<"clef-check-regions", "::mlir::ModuleOp"> {
  let summary = "Independently check the region discipline of region-level IR";
  let description = [{
    Re-derives from the IR alone, trusting no analysis, that every
    allocation targets a region live there on every path, that no value of
    a region (allocated in it or read out of one of its values) is used after
    the region is released, that every region a function creates is released
    exactly once on every path or returned, that no function releases a
    region it received as a parameter, and that no region is released while
    a live region still holds values allocated in it. Run after closure
    conversion; each violation is an error on the offending op. See
    docs/RegionChecking.md.
  }];
  let dependentDialects = ["::mlir::region::RegionDialect"];
}

//===----------------------------------------------------------------------===//
// The verification certificate
//===----------------------------------------------------------------------===//

def ClefExtractCertificate
    : Pass<"clef-extract-certificate", "::mlir::ModuleOp"> {
  let summary = "Write the verification certificate of region-level IR";
  let description = [{
    Reads the module after region assignment and the region check (the
    output of `clef-memory`) and writes its certificate as JSON: per
    function, its regions and region parameters, lifetime coeffects and
    effects, every allocation site with its type, escape class, reason and
    region, every closure's captures, the unit of measure of every float
    that has one; the places where the analyses widened a lifetime; the
    claims that hold for every run and those that depend on the run; and
    the SHA-256 of the module in generic form with locations. The format is
    described in docs/Certificate.md and docs/certificate.schema.json.

    The pass reads nothing but the IR and changes nothing.
    `clef-check-certificate` re-derives the same certificate and compares.

    The certificate is streamed: each function's part is printed as soon
    as it is read, so a large program's certificate never exists whole in
    memory. `in-memory` builds the JSON tree the checker builds instead;
    the two print the same bytes.
  }];
  let options = [
    Option<"output", "output", "std::string", /*default=*/"\"-\"",
           "Where to write the certificate (\"-\" for stdout)">,
    Option<"inMemory", "in-memory", "bool", /*default=*/"false",
           "Build the whole certificate as one JSON tree before printing it, "
           "as the checker does, instead of streaming it function by "
           "function (the output is the same)">,
  ];
}

def ClefCheckCertificate : Pass<"clef-check-certificate", "::mlir::ModuleOp"> {
  let summary = "Check a certificate against region-level IR";
  let description = [{
    Trusts neither the region inference nor the certificate. On the
    region-level module (the output of `clef-memory`, printed with
    `--mlir-print-debuginfo` if it goes through a file), it

    1. runs `clef-check-regions`, which re-derives from the IR alone that
       every allocation targets a region live there on every path, that no
       value of a region is used after its release and that creation and
       release are balanced on every path;
    2. recomputes the hash of the module and rejects a certificate whose
       `hashes.ir` differs (a stale certificate), and, given `llvm=<file>`,
       the hash of the emitted LLVM IR;
    3. re-extracts the certificate from the IR and reports every claim of
       the given certificate that differs: an allocation site, its region
       or escape class, a region's creation or release, a closure capture,
       a unit, a finding.

    Each mismatch is an error at the IR location of the thing it concerns,
    naming its path in the certificate:

    ```
    f.clef:4:13: error: certificate mismatch at
      functions["main"].allocations["main@f.clef:4:13#0"].region: is
      "main/r2" in the certificate but "main/r3" in the IR
    ```
  }];
  let options = [
    Option<"certificate", "certificate", "std::string", /*default=*/"",
           "The certificate (JSON) to check">,
    Option<"llvmIR", "llvm", "std::string", /*default=*/"",
           "The emitted LLVM IR whose hash the certificate records">,
  ];
  let dependentDialects = ["::mlir::region::RegionDialect"];
}

#endif // CLEF_PASSES_PASSES_TD

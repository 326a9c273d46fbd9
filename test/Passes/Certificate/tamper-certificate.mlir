// The checker re-derives the certificate from the IR and rejects every
// edited claim with its path in the certificate and its place in the IR.
//
// RUN: clef-opt %s --clef-extract-certificate=output=%t.cert.json -o /dev/null
// RUN: clef-opt %s --clef-check-certificate=certificate=%t.cert.json -o /dev/null
//
// An allocation moved to another region:
// RUN: sed '0,/"region": "[^"]*"/s//"region": "global"/' %t.cert.json > %t.region.json
// RUN: not clef-opt %s --clef-check-certificate=certificate=%t.region.json \
// RUN:   -o /dev/null 2>&1 | FileCheck %s --check-prefix=REGION
// REGION: tamper-certificate.mlir:{{[0-9]+}}:8: error: certificate mismatch at functions["pair"].allocations["pair@tamper-certificate.mlir:{{[0-9]+}}:8#0"].region: is "global" in the certificate but "pair/region@tamper-certificate.mlir:{{[0-9]+}}:8#0" in the IR
// REGION-NOT: error
//
// An escape class shortened:
// RUN: sed '0,/"class": "returned"/s//"class": "local"/' %t.cert.json > %t.escape.json
// RUN: not clef-opt %s --clef-check-certificate=certificate=%t.escape.json \
// RUN:   -o /dev/null 2>&1 | FileCheck %s --check-prefix=ESCAPE
// ESCAPE: tamper-certificate.mlir:{{[0-9]+}}:8: error: certificate mismatch at functions["wrap"].allocations["wrap@tamper-certificate.mlir:{{[0-9]+}}:8#0"].escape.class: is "local" in the certificate but "returned" in the IR
// ESCAPE-NOT: error
//
// A stale hash:
// RUN: sed 's/"ir": "sha256:[0-9a-f]*"/"ir": "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"/' \
// RUN:   %t.cert.json > %t.hash.json
// RUN: not clef-opt %s --clef-check-certificate=certificate=%t.hash.json \
// RUN:   -o /dev/null 2>&1 | FileCheck %s --check-prefix=HASH
// HASH: error: stale certificate: it describes IR with hash sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef but this IR hashes to sha256:{{[0-9a-f]+}}
// HASH-NOT: error
//
// A closure's capture claimed to be unboxed:
// RUN: sed '0,/"origin": "allocation"/s//"origin": "unboxed"/' %t.cert.json > %t.capture.json
// RUN: not clef-opt %s --clef-check-certificate=certificate=%t.capture.json \
// RUN:   -o /dev/null 2>&1 | FileCheck %s --check-prefix=CAPTURE
// CAPTURE: error: certificate mismatch at functions["pair"].closures["pair@tamper-certificate.mlir:{{[0-9]+}}:8#0"].captures[0].origin: is "unboxed" in the certificate but "allocation" in the IR

func.func private @pair$code(%self: !clef.closure<(i32) -> i32>, %x: i32,
                             %r: !region.handle) -> i32 {
  return %x : i32
}

func.func @pair(%x: i32) -> i32 {
  %r = region.create {name = "r1"}
  %t = clef.tuple %x, %x : i32, i32 in %r {clef.escape = "captured", clef.escape_reason = "captured by the closure"} -> !clef.tuple<i32, i32>
  %f = clef.closure_new @pair$code(%t : !clef.tuple<i32, i32>) in %r {clef.escape = "local", clef.escape_reason = "does not outlive @pair"} : !clef.closure<(i32) -> i32>
  %g = region.global
  %v = clef.apply %f(%x) in %g : !clef.closure<(i32) -> i32>
  region.release %r
  return %v : i32
}

func.func @wrap(%x: i32, %r: !region.handle) -> !clef.ref<i32> {
  %c = clef.ref_new %x in %r {clef.escape = "returned", clef.escape_reason = "returned from @wrap"} : i32
  return %c : !clef.ref<i32>
}

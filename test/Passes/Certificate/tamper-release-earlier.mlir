// A release moved before the last use of its region: the checker's own
// region check rejects the IR, and the certificate of the original IR is
// stale for it.
//
// RUN: clef-opt %s --clef-extract-certificate=output=%t.cert.json -o /dev/null
// RUN: clef-opt %s --clef-check-certificate=certificate=%t.cert.json -o /dev/null
// The edited copy keeps the file name, so ids and locations line up.
// RUN: rm -rf %t.d && mkdir %t.d
// RUN: sed -e '/MOVE[D]/d' -e 's|// EARL[Y]: ||' %s > %t.d/tamper-release-earlier.mlir
// RUN: not clef-opt %t.d/tamper-release-earlier.mlir \
// RUN:   --clef-check-certificate=certificate=%t.cert.json \
// RUN:   -o /dev/null 2>&1 | FileCheck %s

// CHECK: tamper-release-earlier.mlir:{{[0-9]+}}:8: error: op uses a value of region 'r1' after it was released
// CHECK: note: released here
// CHECK: error: the structural claims of the certificate do not hold: clef-check-regions rejects this IR
// CHECK: error: stale certificate: it describes IR with hash sha256:{{[0-9a-f]+}} but this IR hashes to sha256:{{[0-9a-f]+}}
// CHECK: error: certificate mismatch at functions["cell"].regions["cell/region@tamper-release-earlier.mlir:{{[0-9]+}}:8#0"].released[0]: is "tamper-release-earlier.mlir:{{[0-9]+}}:3" in the certificate but "tamper-release-earlier.mlir:{{[0-9]+}}:3" in the IR

func.func @cell(%x: i32) -> i32 {
  %r = region.create {name = "r1"}
  %c = clef.ref_new %x in %r {clef.escape = "local", clef.escape_reason = "does not outlive @cell"} : i32
  // EARLY: region.release %r
  %v = clef.ref_get %c : !clef.ref<i32>
  region.release %r // MOVED
  return %v : i32
}

// RUN: clef-opt %s --clef-assign-regions -split-input-file -verify-diagnostics

// Region inference runs once: IR that already names regions is refused.
func.func @assigned(%r: !region.handle) -> !clef.tuple<i32, i32> {
  %c = clef.constant 1 : i32
  // expected-error @+1 {{allocation already names a region: region inference runs once, before region assignment}}
  %t = clef.tuple %c, %c : i32, i32 in %r -> !clef.tuple<i32, i32>
  return %t : !clef.tuple<i32, i32>
}

// -----

// Lambdas must be converted to flat closures first.
func.func @lambda(%k: i32) -> !clef.closure<(i32) -> i32> {
  // expected-error @+1 {{region inference runs after closure conversion}}
  %f = clef.lambda : !clef.closure<(i32) -> i32> {
  ^bb0(%x: i32):
    %y = clef.add %x, %k : i32
    clef.yield %y : i32
  }
  return %f : !clef.closure<(i32) -> i32>
}

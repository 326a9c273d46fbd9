// RUN: clef-opt %s --clef-closure-convert -split-input-file -verify-diagnostics | FileCheck %s

// A lambda becomes a private function taking the closure first; its
// captures are read back with clef.closure_capture, in first-use order.

// CHECK-LABEL: func.func @scale
// CHECK-SAME: (%[[K:.*]]: f64, %[[R:.*]]: !region.handle)
func.func @scale(%k: f64, %r: !region.handle) -> !clef.closure<(f64) -> f64> {
  // CHECK: %[[F:.*]] = clef.closure_new @[[CODE:.*]](%[[K]] : f64) in %[[R]] : !clef.closure<(f64) -> f64>
  // CHECK-NOT: clef.lambda
  %f = clef.lambda in %r : !clef.closure<(f64) -> f64> {
  ^bb0(%x: f64):
    %y = clef.mul %x, %k : (f64, f64) -> f64
    clef.yield %y : f64
  }
  // CHECK: return %[[F]]
  return %f : !clef.closure<(f64) -> f64>
}
// CHECK: func.func private @[[CODE]](%[[SELF:.*]]: !clef.closure<(f64) -> f64>, %[[X:.*]]: f64) -> f64
// CHECK:   %[[KK:.*]] = clef.closure_capture %[[SELF]][0] : !clef.closure<(f64) -> f64> -> f64
// CHECK:   %[[Y:.*]] = clef.mul %[[X]], %[[KK]]
// CHECK:   return %[[Y]] : f64

// -----

// Inner lambdas are converted first: the outer lambda captures what the
// inner closure captures from outside (%k), and the inner one captures the
// outer parameter.

// CHECK-LABEL: func.func @curried
func.func @curried(%k: i32) -> !clef.closure<(i32) -> !clef.closure<(i32) -> i32>> {
  // CHECK: clef.closure_new @[[OUTER:.*]](%{{.*}} : i32) : !clef.closure<(i32) -> !clef.closure<(i32) -> i32>>
  %f = clef.lambda : !clef.closure<(i32) -> !clef.closure<(i32) -> i32>> {
  ^bb0(%x: i32):
    %g = clef.lambda : !clef.closure<(i32) -> i32> {
    ^bb0(%y: i32):
      %s = clef.add %x, %y : i32
      %t = clef.add %s, %k : i32
      clef.yield %t : i32
    }
    clef.yield %g : !clef.closure<(i32) -> i32>
  }
  return %f : !clef.closure<(i32) -> !clef.closure<(i32) -> i32>>
}
// CHECK: func.func private @[[INNER:.*]](%[[S1:.*]]: !clef.closure<(i32) -> i32>, %[[Y:.*]]: i32) -> i32
// CHECK:   %[[X1:.*]] = clef.closure_capture %[[S1]][0]
// CHECK:   %[[K1:.*]] = clef.closure_capture %[[S1]][1]
// CHECK:   %[[S:.*]] = clef.add %[[X1]], %[[Y]]
// CHECK:   clef.add %[[S]], %[[K1]]
// CHECK: func.func private @[[OUTER]](%[[S2:.*]]: !clef.closure<(i32) -> !clef.closure<(i32) -> i32>>, %[[X:.*]]: i32) -> !clef.closure<(i32) -> i32>
// CHECK:   %[[K2:.*]] = clef.closure_capture %[[S2]][0]
// CHECK:   %[[G:.*]] = clef.closure_new @[[INNER]](%[[X]], %[[K2]] : i32, i32)
// CHECK:   return %[[G]]

// -----

// Known calls: applying a function reference or a closure built on the
// spot calls the code directly.

func.func @add(%a: i32, %b: i32) -> i32 {
  %s = clef.add %a, %b : i32
  return %s : i32
}

// CHECK-LABEL: func.func @known
func.func @known(%x: i32) -> i32 {
  // CHECK-NOT: clef.func_ref
  // CHECK: %[[A:.*]] = call @add(%{{.*}}, %{{.*}}) : (i32, i32) -> i32
  %f = clef.func_ref @add : !clef.closure<(i32, i32) -> i32>
  %a = clef.apply %f(%x, %x) : !clef.closure<(i32, i32) -> i32>
  // CHECK: %[[C:.*]] = clef.closure_new @[[CODE:.*]](%[[A]] : i32)
  // CHECK: call @[[CODE]](%[[C]], %{{.*}}) : (!clef.closure<(i32) -> i32>, i32) -> i32
  %g = clef.lambda : !clef.closure<(i32) -> i32> {
  ^bb0(%y: i32):
    %s = clef.add %a, %y : i32
    clef.yield %s : i32
  }
  %b = clef.apply %g(%x) : !clef.closure<(i32) -> i32>
  return %b : i32
}

// An unknown closure stays an indirect application.
// CHECK-LABEL: func.func @unknown
func.func @unknown(%f: !clef.closure<(i32) -> i32>, %x: i32) -> i32 {
  // CHECK: clef.apply %{{.*}}(%{{.*}}) : !clef.closure<(i32) -> i32>
  %y = clef.apply %f(%x) : !clef.closure<(i32) -> i32>
  return %y : i32
}

// -----

// F# forbids closures over mutable locals, whose storage is on the stack.

func.func @mutable(%x: i32) -> !clef.closure<(i32) -> i32> {
  %l = clef.local_new %x : i32
  // expected-error @+1 {{captures a mutable local; closures cannot capture 'let mutable' bindings}}
  %f = clef.lambda : !clef.closure<(i32) -> i32> {
  ^bb0(%y: i32):
    %v = clef.local_get %l : !clef.local<i32>
    clef.yield %v : i32
  }
  return %f : !clef.closure<(i32) -> i32>
}

// Regions are explicit here, so the pipeline runs without region assignment.
// RUN: clef-opt %s --pass-pipeline='builtin.module(canonicalize,clef-closure-convert,convert-scf-to-cf,convert-clef-to-llvm,reconcile-unrealized-casts)' | mlir-translate --mlir-to-llvmir -o %t.ll
// RUN: %clang -O2 -Wno-override-module %t.ll %clef_runtime_checked -o %t
// RUN: %t | FileCheck %s

// Lambdas, curried closures, closures over closures, captures of every
// representation, top-level functions as values.

func.func @add(%a: i32, %b: i32) -> i32 {
  %s = clef.add %a, %b : i32
  return %s : i32
}

// Applies f twice.
func.func @twice(%f: !clef.closure<(i32) -> i32>, %x: i32) -> i32 {
  %y = clef.apply %f(%x) : !clef.closure<(i32) -> i32>
  %z = clef.apply %f(%y) : !clef.closure<(i32) -> i32>
  return %z : i32
}

// fun x -> fun y -> x + y + k: a curried closure whose inner closure
// captures the outer parameter and the outer capture.
func.func @adder(%k: i32, %r: !region.handle) -> !clef.closure<(i32) -> !clef.closure<(i32) -> i32>> {
  %f = clef.lambda in %r : !clef.closure<(i32) -> !clef.closure<(i32) -> i32>> {
  ^bb0(%x: i32):
    %g = clef.lambda in %r : !clef.closure<(i32) -> i32> {
    ^bb0(%y: i32):
      %s = clef.add %x, %y : i32
      %t = clef.add %s, %k : i32
      clef.yield %t : i32
    }
    clef.yield %g : !clef.closure<(i32) -> i32>
  }
  return %f : !clef.closure<(i32) -> !clef.closure<(i32) -> i32>>
}

func.func @"clef.entry"() -> i32 attributes {clef.entry} {
  %r = region.create
  %one = clef.constant 1 : i32
  %ten = clef.constant 10 : i32
  %hundred = clef.constant 100 : i32

  // CHECK: curried 111
  %adder = func.call @adder(%hundred, %r) : (i32, !region.handle) -> !clef.closure<(i32) -> !clef.closure<(i32) -> i32>>
  %add10 = clef.apply %adder(%ten) : !clef.closure<(i32) -> !clef.closure<(i32) -> i32>>
  %v = clef.apply %add10(%one) : !clef.closure<(i32) -> i32>
  clef.printf "curried %d"(%v : i32) {newline}

  // A closure passed to a function and applied there: 111 + 2 * 110.
  // CHECK-NEXT: twice 331
  %w = func.call @twice(%add10, %v) : (!clef.closure<(i32) -> i32>, i32) -> i32
  clef.printf "twice %d"(%w : i32) {newline}

  // A closure over a closure: fun x -> twice add10 x.
  // CHECK-NEXT: compose 331
  %h = clef.lambda : !clef.closure<(i32) -> i32> {
  ^bb0(%x: i32):
    %y = func.call @twice(%add10, %x) : (!clef.closure<(i32) -> i32>, i32) -> i32
    clef.yield %y : i32
  }
  %hv = clef.apply %h(%v) : !clef.closure<(i32) -> i32>
  clef.printf "compose %d"(%hv : i32) {newline}

  // A top-level function as a value, applied through a closure call.
  // CHECK-NEXT: funcref 11
  %addf = clef.func_ref @add : !clef.closure<(i32, i32) -> i32>
  %partial = clef.lambda : !clef.closure<(i32) -> i32> {
  ^bb0(%x: i32):
    %y = clef.apply %addf(%x, %one) : !clef.closure<(i32, i32) -> i32>
    clef.yield %y : i32
  }
  %pv = clef.apply %partial(%ten) : !clef.closure<(i32) -> i32>
  clef.printf "funcref %d"(%pv : i32) {newline}

  // Captures of other representations: a float, a string, a large option
  // (boxed), a unit; the lambda returns a float.
  // CHECK-NEXT: captures 2.500000 hi 42 3.000000
  %half = clef.constant 2.5 : f64
  %hi = clef.string "hi"
  %big = clef.constant 42 : i64
  %opt = clef.some %big : i64
  %u = clef.unit
  %show = clef.lambda in %r : !clef.closure<(f64) -> f64> {
  ^bb0(%x: f64):
    %val = clef.option_value %opt : !clef.option<i64>
    clef.printf "captures %f %s %d"(%half, %hi, %val : f64, !clef.string, i64)
    %s = clef.add %x, %half : f64
    clef.yield %s : f64
  }
  %half2 = clef.constant 0.5 : f64
  %sv = clef.apply %show(%half2) : !clef.closure<(f64) -> f64>
  clef.printf " %f"(%sv : f64) {newline}

  // A unit-returning closure capturing unit.
  // CHECK-NEXT: unit ()
  %pu = clef.lambda : !clef.closure<(i32) -> !clef.unit> {
  ^bb0(%x: i32):
    clef.printf "unit %A"(%u : !clef.unit) {newline}
    clef.yield %u : !clef.unit
  }
  %ur = clef.apply %pu(%one) : !clef.closure<(i32) -> !clef.unit>

  region.release %r
  %zero = clef.constant 0 : i32
  return %zero : i32
}

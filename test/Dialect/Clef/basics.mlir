// RUN: clef-opt %s | clef-opt | FileCheck %s
// RUN: clef-opt %s --mlir-print-op-generic | clef-opt | FileCheck %s
// RUN: clef-opt %s --canonicalize | FileCheck %s --check-prefix=CANON
// CANON-LABEL: func.func @unused_array_read
// CANON: clef.array_get

// CHECK: clef.record_decl @Body {Pos : !clef.float<"m">, mutable Vel : !clef.float<"m/s">}
clef.record_decl @Body {Pos : !clef.float<"m">, mutable Vel : !clef.float<"m/s">}
// CHECK: clef.union_decl @Shape {Circle(f64), Rect(f64, f64), Empty}
clef.union_decl @Shape {Circle(f64), Rect(f64, f64), Empty}
// CHECK: clef.global @limit : i32
clef.global @limit : i32

// CHECK-LABEL: func.func @scalars
func.func @scalars(%a: i32, %b: i32, %x: f64) -> i1 {
  // CHECK: clef.constant 42 : i32
  %c = clef.constant 42 : i32
  // CHECK: clef.unit
  %u = clef.unit
  // CHECK: clef.char 97
  %ch = clef.char 97
  // CHECK: clef.string "hi"
  %s = clef.string "hi"
  // CHECK: clef.add %{{.*}}, %{{.*}} : i32
  %0 = clef.add %a, %b : i32
  // CHECK: clef.sub
  %1 = clef.sub %0, %c : i32
  // CHECK: clef.mul %{{.*}}, %{{.*}} : (i32, i32) -> i32
  %2 = clef.mul %1, %b : (i32, i32) -> i32
  // CHECK: clef.div
  %3 = clef.div %2, %b : (i32, i32) -> i32
  // CHECK: clef.rem
  %4 = clef.rem %3, %b : i32
  // CHECK: clef.neg
  %5 = clef.neg %4 : i32
  // CHECK: clef.convert %{{.*}} : i32 to f64
  %6 = clef.convert %5 : i32 to f64
  // CHECK: clef.math sqrt
  %7 = clef.math sqrt %6 : f64 -> f64
  // CHECK: clef.atan2
  %8 = clef.atan2 %7, %x : f64
  // CHECK: clef.hash
  %9 = clef.hash %s : !clef.string
  // CHECK: clef.cmp lt
  %10 = clef.cmp lt, %8, %x : f64
  // CHECK: clef.not
  %11 = clef.not %10
  return %11 : i1
}

// CHECK-LABEL: func.func @units
func.func @units(%d: !clef.float<"m">, %t: !clef.float<"s">) -> !clef.float<"m">{
  // CHECK: clef.div %{{.*}}, %{{.*}} : (!clef.float<"m">, !clef.float<"s">) -> !clef.float<"m/s">
  %v = clef.div %d, %t : (!clef.float<"m">, !clef.float<"s">) -> !clef.float<"m/s">
  // CHECK: clef.mul {{.*}} -> !clef.float<"m^2">
  %a = clef.mul %d, %d : (!clef.float<"m">, !clef.float<"m">) -> !clef.float<"m^2">
  // CHECK: clef.math sqrt %{{.*}} : !clef.float<"m^2"> -> !clef.float<"m">
  %r = clef.math sqrt %a : !clef.float<"m^2"> -> !clef.float<"m">
  // CHECK: clef.unit_cast %{{.*}} : !clef.float<"m"> to f64
  %f = clef.unit_cast %r : !clef.float<"m"> to f64
  // Unit expressions are canonicalized: positive exponents first, sorted.
  // CHECK: clef.unit_cast %{{.*}} : f64 to !clef.float<"kg m/s^2">
  %n = clef.unit_cast %f : f64 to !clef.float<"m kg / s s">
  return %r : !clef.float<"m">
}

// CHECK-LABEL: func.func @data
func.func @data(%r: !region.handle, %x: i32, %y: f64) {
  // CHECK: clef.tuple %{{.*}}, %{{.*}} : i32, f64 in %{{.*}} -> !clef.tuple<i32, f64>
  %t = clef.tuple %x, %y : i32, f64 in %r -> !clef.tuple<i32, f64>
  // CHECK: clef.tuple_get %{{.*}}[1] : !clef.tuple<i32, f64> -> f64
  %t1 = clef.tuple_get %t[1] : !clef.tuple<i32, f64> -> f64
  %m = clef.unit_cast %y : f64 to !clef.float<"m">
  %v = clef.unit_cast %y : f64 to !clef.float<"m/s">
  // CHECK: clef.record_new
  %b = clef.record_new %m, %v : !clef.float<"m">, !clef.float<"m/s"> -> !clef.record<@Body>
  // CHECK: clef.record_get %{{.*}}["Pos"]
  %p = clef.record_get %b["Pos"] : !clef.record<@Body> -> !clef.float<"m">
  // CHECK: clef.record_set %{{.*}}["Vel"], %{{.*}}
  clef.record_set %b["Vel"], %v : !clef.record<@Body>, !clef.float<"m/s">
  // CHECK: clef.union_new "Rect"(%{{.*}}, %{{.*}} : f64, f64) -> !clef.union<@Shape>
  %s = clef.union_new "Rect"(%y, %y : f64, f64) -> !clef.union<@Shape>
  // CHECK: clef.union_new "Empty" -> !clef.union<@Shape>
  %e = clef.union_new "Empty" -> !clef.union<@Shape>
  // CHECK: clef.union_tag
  %tag = clef.union_tag %s : !clef.union<@Shape>
  // CHECK: clef.union_field %{{.*}}["Rect", 1]
  %h = clef.union_field %s["Rect", 1] : !clef.union<@Shape> -> f64
  // CHECK: clef.nil : !clef.list<i32>
  %nil = clef.nil : !clef.list<i32>
  // CHECK: clef.cons %{{.*}}, %{{.*}} in %{{.*}} : !clef.list<i32>
  %l = clef.cons %x, %nil in %r : !clef.list<i32>
  %isnil = clef.list_is_nil %l : !clef.list<i32>
  %hd = clef.list_head %l : !clef.list<i32>
  %tl = clef.list_tail %l : !clef.list<i32>
  // CHECK: clef.some %{{.*}} : i32
  %o = clef.some %x : i32
  %none = clef.none : !clef.option<i32>
  %issome = clef.option_is_some %o : !clef.option<i32>
  %ov = clef.option_value %o : !clef.option<i32>
  // CHECK: clef.array_create
  %arr = clef.array_create %x, %y in %r : !clef.array<f64>
  // CHECK: clef.array_lit
  %arr2 = clef.array_lit %x, %x : i32, i32 -> !clef.array<i32>
  %ae = clef.array_get %arr[%x] : !clef.array<f64>
  clef.array_set %arr[%x], %ae : !clef.array<f64>
  %alen = clef.array_length %arr : !clef.array<f64>
  // CHECK: clef.ref_new
  %cell = clef.ref_new %x : i32
  %cv = clef.ref_get %cell : !clef.ref<i32>
  clef.ref_set %cell, %cv : !clef.ref<i32>
  // CHECK: clef.local_new
  %loc = clef.local_new %x : i32
  %lv = clef.local_get %loc : !clef.local<i32>
  clef.local_set %loc, %lv : !clef.local<i32>
  %g = clef.global_load @limit : i32
  clef.global_store @limit, %g : i32
  return
}

func.func @inc(%x: i32) -> i32 {
  return %x : i32
}

// CHECK-LABEL: func.func @functions
func.func @functions(%k: i32) -> i32 {
  // CHECK: clef.lambda : !clef.closure<(i32) -> i32> {
  // CHECK: clef.yield
  %f = clef.lambda : !clef.closure<(i32) -> i32> {
  ^bb0(%x: i32):
    %y = clef.add %x, %k : i32
    clef.yield %y : i32
  }
  // CHECK: clef.apply %{{.*}}(%{{.*}}) : !clef.closure<(i32) -> i32>
  %r = clef.apply %f(%k) : !clef.closure<(i32) -> i32>
  // CHECK: clef.func_ref @inc : !clef.closure<(i32) -> i32>
  %g = clef.func_ref @inc : !clef.closure<(i32) -> i32>
  %r2 = clef.apply %g(%r) : !clef.closure<(i32) -> i32>
  return %r2 : i32
}

// After region assignment an application names the region its code
// allocates in, and a function value may name closure code.
// CHECK-LABEL: func.func @functions_in_regions
func.func @functions_in_regions(%f: !clef.closure<(i32) -> i32>, %x: i32,
                                %r: !region.handle) -> i32 {
  // CHECK: clef.apply %{{.*}}(%{{.*}}) in %{{.*}} : !clef.closure<(i32) -> i32>
  %y = clef.apply %f(%x) in %r : !clef.closure<(i32) -> i32>
  // CHECK: clef.func_ref @code_in_region : !clef.closure<(i32) -> i32>
  %g = clef.func_ref @code_in_region : !clef.closure<(i32) -> i32>
  %z = clef.apply %g(%y) in %r : !clef.closure<(i32) -> i32>
  return %z : i32
}

func.func private @code_in_region(%self: !clef.closure<(i32) -> i32>, %x: i32,
                                  %r: !region.handle) -> i32 {
  return %x : i32
}

func.func @code(%self: !clef.closure<(i32) -> i32>, %x: i32) -> i32 {
  // CHECK: clef.closure_capture %{{.*}}[0]
  %k = clef.closure_capture %self[0] : !clef.closure<(i32) -> i32> -> i32
  %y = clef.add %x, %k : i32
  return %y : i32
}

// CHECK-LABEL: func.func @closures
func.func @closures(%k: i32, %r: !region.handle) -> !clef.closure<(i32) -> i32> {
  // CHECK: clef.closure_new @code(%{{.*}} : i32) in %{{.*}} : !clef.closure<(i32) -> i32>
  %f = clef.closure_new @code(%k : i32) in %r : !clef.closure<(i32) -> i32>
  return %f : !clef.closure<(i32) -> i32>
}

// CHECK-LABEL: func.func @strings
func.func @strings(%s: !clef.string, %i: i32, %x: f64) -> !clef.string {
  %n = clef.string_length %s
  %c = clef.string_get %s[%i]
  %t = clef.to_string %x : f64
  %u = clef.string_concat %s, %t
  // CHECK: clef.printf "%s has %d chars, %c first, %.2f\0A"(%{{.*}} : !clef.string, i32, !clef.char, f64)
  clef.printf "%s has %d chars, %c first, %.2f\n"(%u, %n, %c, %x : !clef.string, i32, !clef.char, f64)
  // CHECK: clef.printf "done" {newline}
  clef.printf "done" {newline}
  // CHECK: clef.sprintf "%A-%d"
  %v = clef.sprintf "%A-%d"(%x, %i : f64, i32)
  return %v : !clef.string
}

// CHECK-LABEL: func.func @failure
func.func @failure(%msg: !clef.string, %code: i32) -> i32 {
  %a = clef.failwith %msg : i32
  %b = clef.exit %code : !clef.unit
  %c = clef.match_failure : i32
  %argv = clef.argv : !clef.array<!clef.string>
  return %a : i32
}

// CHECK-LABEL: func.func @clef.entry
// CHECK-SAME: attributes {clef.entry}
func.func @"clef.entry"() -> i32 attributes {clef.entry} {
  %z = clef.constant 0 : i32
  return %z : i32
}

// A bounds-checked read raises when out of range: canonicalization keeps it
// even when its result is unused.
// CHECK-LABEL: func.func @unused_array_read
// CHECK: clef.array_get
func.func @unused_array_read(%a: !clef.array<i32>, %i: i32) {
  %0 = clef.array_get %a[%i] : !clef.array<i32>
  return
}

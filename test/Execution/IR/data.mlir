// Regions are explicit here, so the pipeline runs without region assignment.
// RUN: clef-opt %s --pass-pipeline='builtin.module(canonicalize,clef-closure-convert,convert-scf-to-cf,convert-clef-to-llvm,reconcile-unrealized-casts)' | mlir-translate --mlir-to-llvmir -o %t.ll
// RUN: %clang -O2 -Wno-override-module %t.ll %clef_runtime_checked -o %t
// RUN: %t first second | FileCheck %s

// Tuples, records, unions, lists, options, arrays, refs and argv built and
// read back, in regions and in the process region.

clef.record_decl @Body {Name : !clef.string, mutable Pos : !clef.float<"m">}
clef.union_decl @Shape {Circle(f64), Rect(f64, f64), Empty}

// Sums a list with a loop over its cells.
func.func @sum(%l: !clef.list<i32>) -> i32 {
  %zero = clef.constant 0 : i32
  %r:2 = scf.while (%acc = %zero, %cur = %l) : (i32, !clef.list<i32>) -> (i32, !clef.list<i32>) {
    %nil = clef.list_is_nil %cur : !clef.list<i32>
    %more = clef.not %nil
    scf.condition(%more) %acc, %cur : i32, !clef.list<i32>
  } do {
  ^bb0(%a: i32, %c: !clef.list<i32>):
    %h = clef.list_head %c : !clef.list<i32>
    %t = clef.list_tail %c : !clef.list<i32>
    %s = clef.add %a, %h : i32
    scf.yield %s, %t : i32, !clef.list<i32>
  }
  return %r#0 : i32
}

// The area of a shape, matching on the tag.
func.func @area(%s: !clef.union<@Shape>) -> f64 {
  %tag = clef.union_tag %s : !clef.union<@Shape>
  %idx = arith.index_cast %tag : i32 to index
  %r = scf.index_switch %idx -> f64
  case 0 {
    %r0 = clef.union_field %s["Circle", 0] : !clef.union<@Shape> -> f64
    %sq = clef.mul %r0, %r0 : (f64, f64) -> f64
    %pi = clef.constant 3.0 : f64
    %a = clef.mul %pi, %sq : (f64, f64) -> f64
    scf.yield %a : f64
  }
  case 1 {
    %w = clef.union_field %s["Rect", 0] : !clef.union<@Shape> -> f64
    %h = clef.union_field %s["Rect", 1] : !clef.union<@Shape> -> f64
    %a = clef.mul %w, %h : (f64, f64) -> f64
    scf.yield %a : f64
  }
  default {
    %z = clef.constant 0.0 : f64
    scf.yield %z : f64
  }
  return %r : f64
}

func.func @"clef.entry"() -> i32 attributes {clef.entry} {
  %r = region.create
  %one = clef.constant 1 : i32
  %two = clef.constant 2 : i32
  %three = clef.constant 3 : i32
  %half = clef.constant 0.5 : f64
  %x = clef.constant 2.0 : f64

  // CHECK: tuple 3 0.500000 1
  %t = clef.tuple %three, %half, %one : i32, f64, i32 in %r -> !clef.tuple<i32, f64, i32>
  %t0 = clef.tuple_get %t[0] : !clef.tuple<i32, f64, i32> -> i32
  %t1 = clef.tuple_get %t[1] : !clef.tuple<i32, f64, i32> -> f64
  %t2 = clef.tuple_get %t[2] : !clef.tuple<i32, f64, i32> -> i32
  clef.printf "tuple %d %f %d"(%t0, %t1, %t2 : i32, f64, i32) {newline}

  // CHECK-NEXT: record earth 2.500000
  %name = clef.string "earth"
  %p0 = clef.unit_cast %x : f64 to !clef.float<"m">
  %b = clef.record_new %name, %p0 : !clef.string, !clef.float<"m"> in %r -> !clef.record<@Body>
  %p1 = clef.add %p0, %p0 : !clef.float<"m">
  %hm = clef.unit_cast %half : f64 to !clef.float<"m">
  %p2 = clef.add %p1, %hm : !clef.float<"m">
  %p3 = clef.sub %p2, %p0 : !clef.float<"m">
  clef.record_set %b["Pos"], %p3 : !clef.record<@Body>, !clef.float<"m">
  %bn = clef.record_get %b["Name"] : !clef.record<@Body> -> !clef.string
  %bp = clef.record_get %b["Pos"] : !clef.record<@Body> -> !clef.float<"m">
  clef.printf "record %s %f"(%bn, %bp : !clef.string, !clef.float<"m">) {newline}

  // CHECK-NEXT: shapes 12.000000 1.000000 0.000000 tags 0 1 2
  %c = clef.union_new "Circle"(%x : f64) in %r -> !clef.union<@Shape>
  %rect = clef.union_new "Rect"(%x, %half : f64, f64) in %r -> !clef.union<@Shape>
  %e = clef.union_new "Empty" -> !clef.union<@Shape>
  %ac = func.call @area(%c) : (!clef.union<@Shape>) -> f64
  %ar = func.call @area(%rect) : (!clef.union<@Shape>) -> f64
  %ae = func.call @area(%e) : (!clef.union<@Shape>) -> f64
  %tc = clef.union_tag %c : !clef.union<@Shape>
  %tr = clef.union_tag %rect : !clef.union<@Shape>
  %te = clef.union_tag %e : !clef.union<@Shape>
  clef.printf "shapes %f %f %f tags %d %d %d"(%ac, %ar, %ae, %tc, %tr, %te : f64, f64, f64, i32, i32, i32) {newline}

  // CHECK-NEXT: list sum 6 head 1 empty false
  %nil = clef.nil : !clef.list<i32>
  %l3 = clef.cons %three, %nil in %r : !clef.list<i32>
  %l2 = clef.cons %two, %l3 in %r : !clef.list<i32>
  %l1 = clef.cons %one, %l2 in %r : !clef.list<i32>
  %sum = func.call @sum(%l1) : (!clef.list<i32>) -> i32
  %head = clef.list_head %l1 : !clef.list<i32>
  %empty = clef.list_is_nil %l1 : !clef.list<i32>
  clef.printf "list sum %d head %d empty %b"(%sum, %head, %empty : i32, i32, i1) {newline}

  // CHECK-NEXT: option true 3 false
  %some = clef.some %three : i32
  %none = clef.none : !clef.option<i32>
  %is = clef.option_is_some %some : !clef.option<i32>
  %v = clef.option_value %some : !clef.option<i32>
  %isn = clef.option_is_some %none : !clef.option<i32>
  clef.printf "option %b %d %b"(%is, %v, %isn : i1, i32, i1) {newline}

  // CHECK-NEXT: array 3 0.500000 2.000000 lit 2 3
  %a = clef.array_create %three, %half in %r : !clef.array<f64>
  clef.array_set %a[%two], %x : !clef.array<f64>
  %len = clef.array_length %a : !clef.array<f64>
  %a0 = clef.array_get %a[%one] : !clef.array<f64>
  %a2 = clef.array_get %a[%two] : !clef.array<f64>
  %lit = clef.array_lit %two, %three : i32, i32 in %r -> !clef.array<i32>
  %litn = clef.array_length %lit : !clef.array<i32>
  %lit1 = clef.array_get %lit[%one] : !clef.array<i32>
  clef.printf "array %d %f %f lit %d %d"(%len, %a0, %a2, %litn, %lit1 : i32, f64, f64, i32, i32) {newline}

  // CHECK-NEXT: empty array 0
  %zero = clef.constant 0 : i32
  %ea = clef.array_create %zero, %one : !clef.array<i32>
  %ean = clef.array_length %ea : !clef.array<i32>
  clef.printf "empty array %d"(%ean : i32) {newline}

  // CHECK-NEXT: ref 1 2
  %cell = clef.ref_new %one in %r : i32
  %before = clef.ref_get %cell : !clef.ref<i32>
  clef.ref_set %cell, %two : !clef.ref<i32>
  %after = clef.ref_get %cell : !clef.ref<i32>
  clef.printf "ref %d %d"(%before, %after : i32, i32) {newline}

  // CHECK-NEXT: argv 2 second
  %argv = clef.argv : !clef.array<!clef.string>
  %argc = clef.array_length %argv : !clef.array<!clef.string>
  %arg1 = clef.array_get %argv[%one] : !clef.array<!clef.string>
  clef.printf "argv %d %s"(%argc, %arg1 : i32, !clef.string) {newline}

  region.release %r
  return %zero : i32
}

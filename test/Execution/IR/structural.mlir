// RUN: clef-opt %s --clef-to-llvm | mlir-translate --mlir-to-llvmir -o %t.ll
// RUN: %clang -O2 -Wno-override-module %t.ll %clef_runtime_checked -o %t
// RUN: %t | FileCheck %s --match-full-lines --strict-whitespace

// Structural comparison, hashing and %A printing of compound values, with
// the output F# gives for the same values.

clef.record_decl @Point {X : f64, Y : f64}
clef.union_decl @Shape {Circle(f64), Rect(f64, f64), Empty}
clef.union_decl @Tree {Leaf, Node(!clef.union<@Tree>, i32, !clef.union<@Tree>)}

func.func @"clef.entry"() -> i32 attributes {clef.entry} {
  %zero = clef.constant 0 : i32
  %one = clef.constant 1 : i32
  %two = clef.constant 2 : i32
  %three = clef.constant 3 : i32
  %f1 = clef.constant 1.0 : f64
  %f2 = clef.constant 2.0 : f64
  %f15 = clef.constant 1.5 : f64
  %a = clef.string "a"
  %bs = clef.string "b"
  %nil = clef.nil : !clef.list<i32>
  %l3 = clef.cons %three, %nil : !clef.list<i32>
  %l23 = clef.cons %two, %l3 : !clef.list<i32>
  %l123 = clef.cons %one, %l23 : !clef.list<i32>
  %l2 = clef.cons %two, %nil : !clef.list<i32>
  %l12 = clef.cons %one, %l2 : !clef.list<i32>
  %l1 = clef.cons %one, %nil : !clef.list<i32>

  // CHECK:[1; 2; 3]
  clef.printf "%A"(%l123 : !clef.list<i32>) {newline}
  // CHECK-NEXT:[]
  clef.printf "%A"(%nil : !clef.list<i32>) {newline}
  // CHECK-NEXT:(1, "a")
  %t = clef.tuple %one, %a : i32, !clef.string -> !clef.tuple<i32, !clef.string>
  clef.printf "%A"(%t : !clef.tuple<i32, !clef.string>) {newline}
  // CHECK-NEXT:Some 3 None
  %s3 = clef.some %three : i32
  %none = clef.none : !clef.option<i32>
  clef.printf "%A %A"(%s3, %none : !clef.option<i32>, !clef.option<i32>) {newline}
  // CHECK-NEXT:Some (Some 3)
  %ss3 = clef.some %s3 : !clef.option<i32>
  clef.printf "%A"(%ss3 : !clef.option<!clef.option<i32>>) {newline}
  // CHECK-NEXT:[Some 3; None]
  %nilo = clef.nil : !clef.list<!clef.option<i32>>
  %lo1 = clef.cons %none, %nilo : !clef.list<!clef.option<i32>>
  %lo = clef.cons %s3, %lo1 : !clef.list<!clef.option<i32>>
  clef.printf "%A"(%lo : !clef.list<!clef.option<i32>>) {newline}
  // CHECK-NEXT:Circle 1.0 Rect (1.0, 2.0) Empty
  %circle = clef.union_new "Circle"(%f1 : f64) -> !clef.union<@Shape>
  %rect = clef.union_new "Rect"(%f1, %f2 : f64, f64) -> !clef.union<@Shape>
  %empty = clef.union_new "Empty" -> !clef.union<@Shape>
  clef.printf "%A %A %A"(%circle, %rect, %empty : !clef.union<@Shape>, !clef.union<@Shape>, !clef.union<@Shape>) {newline}
  // CHECK-NEXT:Some (Circle 1.0)
  %sc = clef.some %circle : !clef.union<@Shape>
  clef.printf "%A"(%sc : !clef.option<!clef.union<@Shape>>) {newline}
  // CHECK-NEXT:Node (Node (Leaf, 1, Leaf), 2, Leaf)
  %leaf = clef.union_new "Leaf" -> !clef.union<@Tree>
  %n1 = clef.union_new "Node"(%leaf, %one, %leaf : !clef.union<@Tree>, i32, !clef.union<@Tree>) -> !clef.union<@Tree>
  %n2 = clef.union_new "Node"(%n1, %two, %leaf : !clef.union<@Tree>, i32, !clef.union<@Tree>) -> !clef.union<@Tree>
  clef.printf "%A"(%n2 : !clef.union<@Tree>) {newline}
  // CHECK-NEXT:{ X = 1.0
  // CHECK-NEXT:  Y = 2.0 }
  %p = clef.record_new %f1, %f2 : f64, f64 -> !clef.record<@Point>
  clef.printf "%A"(%p : !clef.record<@Point>) {newline}
  // Indentation is relative to the start of the value, not of the line.
  // CHECK-NEXT:p = [{ X = 1.0
  // CHECK-NEXT:   Y = 2.0 }]
  %nilp = clef.nil : !clef.list<!clef.record<@Point>>
  %lp = clef.cons %p, %nilp : !clef.list<!clef.record<@Point>>
  clef.printf "p = %A"(%lp : !clef.list<!clef.record<@Point>>) {newline}
  // CHECK-NEXT:[|1.5; 2.0|] [||]
  %arr = clef.array_lit %f15, %f2 : f64, f64 -> !clef.array<f64>
  %earr = clef.array_lit -> !clef.array<f64>
  clef.printf "%A %A"(%arr, %earr : !clef.array<f64>, !clef.array<f64>) {newline}
  // CHECK-NEXT:{ contents = 42L }
  %big = clef.constant 42 : i64
  %r = clef.ref_new %big : i64
  clef.printf "%A"(%r : !clef.ref<i64>) {newline}
  // CHECK-NEXT:{{\[\['a'\]; \[\]\] \["b"\]}}
  %c = clef.char 97
  %nilc = clef.nil : !clef.list<!clef.char>
  %lc = clef.cons %c, %nilc : !clef.list<!clef.char>
  %nilcc = clef.nil : !clef.list<!clef.list<!clef.char>>
  %lcc1 = clef.cons %nilc, %nilcc : !clef.list<!clef.list<!clef.char>>
  %lcc = clef.cons %lc, %lcc1 : !clef.list<!clef.list<!clef.char>>
  %nils = clef.nil : !clef.list<!clef.string>
  %ls = clef.cons %bs, %nils : !clef.list<!clef.string>
  clef.printf "%A %A"(%lcc, %ls : !clef.list<!clef.list<!clef.char>>, !clef.list<!clef.string>) {newline}
  // CHECK-NEXT:s = (true, ())
  %u = clef.unit
  %tt = clef.constant true
  %tu = clef.tuple %tt, %u : i1, !clef.unit -> !clef.tuple<i1, !clef.unit>
  %str = clef.sprintf "s = %A"(%tu : !clef.tuple<i1, !clef.unit>)
  clef.printf "%s"(%str : !clef.string) {newline}

  // Lists are lexicographic; a prefix is smaller.
  // CHECK-NEXT:lists true false true true false
  %c1 = clef.cmp lt, %l12, %l123 : !clef.list<i32>
  %c2 = clef.cmp lt, %l12, %l1 : !clef.list<i32>
  %c3 = clef.cmp lt, %nil, %l1 : !clef.list<i32>
  %l12b = clef.cons %one, %l2 : !clef.list<i32>
  %c4 = clef.cmp eq, %l12, %l12b : !clef.list<i32>
  %c5 = clef.cmp ne, %l12, %l12b : !clef.list<i32>
  clef.printf "lists %b %b %b %b %b"(%c1, %c2, %c3, %c4, %c5 : i1, i1, i1, i1, i1) {newline}
  // Tuples by element, strings ordinally; unions by case, then fields;
  // None < Some.
  // CHECK-NEXT:tuples true unions true false options true
  %tb = clef.tuple %one, %bs : i32, !clef.string -> !clef.tuple<i32, !clef.string>
  %c6 = clef.cmp gt, %tb, %t : !clef.tuple<i32, !clef.string>
  %big1 = clef.constant 100.0 : f64
  %circle2 = clef.union_new "Circle"(%big1 : f64) -> !clef.union<@Shape>
  %c7 = clef.cmp lt, %circle2, %rect : !clef.union<@Shape>
  %c8 = clef.cmp ge, %circle, %circle2 : !clef.union<@Shape>
  %c9 = clef.cmp gt, %s3, %none : !clef.option<i32>
  clef.printf "tuples %b unions %b %b options %b"(%c6, %c7, %c8, %c9 : i1, i1, i1, i1) {newline}
  // Arrays compare their lengths first.
  // CHECK-NEXT:arrays true true
  %a5 = clef.constant 5.0 : f64
  %arr5 = clef.array_lit %a5 : f64 -> !clef.array<f64>
  %c10 = clef.cmp lt, %arr5, %arr : !clef.array<f64>
  %arr2 = clef.array_lit %f15, %f2 : f64, f64 -> !clef.array<f64>
  %c11 = clef.cmp eq, %arr, %arr2 : !clef.array<f64>
  clef.printf "arrays %b %b"(%c10, %c11 : i1, i1) {newline}
  // A NaN makes every predicate false but <>.
  // CHECK-NEXT:nan false true false false
  %zf = clef.constant 0.0 : f64
  %nan = clef.div %zf, %zf : (f64, f64) -> f64
  %tn = clef.tuple %nan, %one : f64, i32 -> !clef.tuple<f64, i32>
  %c12 = clef.cmp eq, %tn, %tn : !clef.tuple<f64, i32>
  %c13 = clef.cmp ne, %tn, %tn : !clef.tuple<f64, i32>
  %c14 = clef.cmp le, %tn, %tn : !clef.tuple<f64, i32>
  %c15 = clef.cmp ge, %tn, %tn : !clef.tuple<f64, i32>
  clef.printf "nan %b %b %b %b"(%c12, %c13, %c14, %c15 : i1, i1, i1, i1) {newline}
  // Records, refs and recursive unions.
  // CHECK-NEXT:records true trees true false
  %p2 = clef.record_new %f1, %f2 : f64, f64 -> !clef.record<@Point>
  %c16 = clef.cmp eq, %p, %p2 : !clef.record<@Point>
  %n1b = clef.union_new "Node"(%leaf, %one, %leaf : !clef.union<@Tree>, i32, !clef.union<@Tree>) -> !clef.union<@Tree>
  %n2b = clef.union_new "Node"(%n1b, %two, %leaf : !clef.union<@Tree>, i32, !clef.union<@Tree>) -> !clef.union<@Tree>
  %c17 = clef.cmp eq, %n2, %n2b : !clef.union<@Tree>
  %c18 = clef.cmp lt, %n2, %n1 : !clef.union<@Tree>
  clef.printf "records %b trees %b %b"(%c16, %c17, %c18 : i1, i1, i1) {newline}
  // Equal values hash alike, -0.0 and 0.0 included.
  // CHECK-NEXT:hashes true true true
  %h1 = clef.hash %n2 : !clef.union<@Tree>
  %h2 = clef.hash %n2b : !clef.union<@Tree>
  %e1 = clef.cmp eq, %h1, %h2 : i32
  %h3 = clef.hash %l12 : !clef.list<i32>
  %h4 = clef.hash %l12b : !clef.list<i32>
  %e2 = clef.cmp eq, %h3, %h4 : i32
  %mz = clef.neg %zf : f64
  %sz = clef.some %zf : f64
  %smz = clef.some %mz : f64
  %h5 = clef.hash %sz : !clef.option<f64>
  %h6 = clef.hash %smz : !clef.option<f64>
  %e3 = clef.cmp eq, %h5, %h6 : i32
  clef.printf "hashes %b %b %b"(%e1, %e2, %e3 : i1, i1, i1) {newline}
  return %zero : i32
}

// RUN: clef-opt %s --convert-clef-to-llvm -split-input-file | FileCheck %s

// Structural comparison calls one generated function per type, which
// returns -1, 0, 1 or 2 (unordered); each predicate tests that result.

// CHECK-LABEL: llvm.func internal @clef_lists
func.func @lists(%a: !clef.list<i32>, %b: !clef.list<i32>) -> i1 {
  // CHECK: %[[C:.*]] = llvm.call @__clef_cmp_Li(%{{.*}}, %{{.*}}) : (!llvm.ptr, !llvm.ptr) -> i32
  // CHECK: %[[M1:.*]] = llvm.mlir.constant(-1 : i32)
  // CHECK: llvm.icmp "eq" %[[C]], %[[M1]]
  %lt = clef.cmp lt, %a, %b : !clef.list<i32>
  // CHECK: %[[C2:.*]] = llvm.call @__clef_cmp_Li
  // CHECK: %[[ONE:.*]] = llvm.mlir.constant(1 : i32)
  // CHECK: %[[S:.*]] = llvm.add %[[C2]], %[[ONE]]
  // CHECK: llvm.icmp "ule" %[[S]], %{{.*}}
  %le = clef.cmp le, %a, %b : !clef.list<i32>
  // CHECK: %[[C3:.*]] = llvm.call @__clef_cmp_Li
  // CHECK: llvm.icmp "ule" %[[C3]], %{{.*}}
  %ge = clef.cmp ge, %a, %b : !clef.list<i32>
  %r = clef.not %lt
  return %r : i1
}

// The list comparison is a loop: [] is smaller than any cons cell.
// CHECK-LABEL: llvm.func internal @__clef_cmp_Li
// CHECK: llvm.br ^[[LOOP:.*]](%arg0, %arg1 : !llvm.ptr, !llvm.ptr)
// CHECK: ^[[LOOP]](%[[X:.*]]: !llvm.ptr, %[[Y:.*]]: !llvm.ptr):
// CHECK: llvm.load %{{.*}} : !llvm.ptr -> i32
// CHECK: llvm.icmp "sgt"
// CHECK: llvm.br ^[[LOOP]]

// -----

// Unions compare their tags, then the fields of the common case; recursive
// types give recursive functions.

clef.union_decl @Tree {Leaf, Node(!clef.union<@Tree>, i32, !clef.union<@Tree>)}

// CHECK-LABEL: llvm.func internal @clef_trees
func.func @trees(%a: !clef.union<@Tree>, %b: !clef.union<@Tree>) -> i32 {
  // CHECK: llvm.call @__clef_cmp_U4Tree
  %eq = clef.cmp eq, %a, %b : !clef.union<@Tree>
  // CHECK: llvm.call {{(tail |musttail )?}}@__clef_hash_U4Tree
  %h = clef.hash %a : !clef.union<@Tree>
  return %h : i32
}

// Node is the one case with fields, so its cell has no tag and the tag of
// a value is a select on the low bit, without a load or a call.
// CHECK-LABEL: llvm.func internal @__clef_cmp_U4Tree
// CHECK-NOT: @__clef_union_tag
// CHECK: %[[TX:.*]] = llvm.select %{{.*}}, %{{.*}}, %{{.*}} : i1, i32
// CHECK: %[[TY:.*]] = llvm.select %{{.*}}, %{{.*}}, %{{.*}} : i1, i32
// CHECK: llvm.icmp "ne" %[[TX]], %[[TY]]
// CHECK: llvm.getelementptr %arg0[0, 0] {{.*}} !llvm.struct<(ptr, i32, ptr)>
// CHECK: llvm.call @__clef_cmp_U4Tree
// CHECK: llvm.getelementptr %arg0[0, 2]
// CHECK: llvm.call @__clef_cmp_U4Tree

// CHECK-LABEL: llvm.func internal @__clef_hash_U4Tree
// CHECK: llvm.call @__clef_hash_U4Tree
// CHECK: llvm.mul

// -----

// Floats inside compound values: a NaN makes the comparison unordered (2).

// CHECK-LABEL: llvm.func internal @clef_float_pair
func.func @float_pair(%a: !clef.tuple<f64, !clef.string>, %b: !clef.tuple<f64, !clef.string>) -> i1 {
  // CHECK: llvm.call @__clef_cmp_T2ds
  %r = clef.cmp ne, %a, %b : !clef.tuple<f64, !clef.string>
  return %r : i1
}

// CHECK-LABEL: llvm.func internal @__clef_cmp_T2ds
// CHECK: llvm.fcmp "ogt"
// CHECK: llvm.fcmp "olt"
// CHECK: %[[UNO:.*]] = llvm.fcmp "uno"
// CHECK: llvm.select %[[UNO]]
// CHECK: llvm.call @clef_string_compare

// -----

// %A of compound values builds F#'s layout with a generated printer per type
// (its argument: whether it is a case argument), then renders it.

clef.record_decl @Point {X : f64, Y : f64}

// CHECK-LABEL: llvm.func internal @clef_print
func.func @print(%p: !clef.record<@Point>, %o: !clef.option<i64>) {
  // CHECK: llvm.call @clef_fmt_begin()
  // CHECK: llvm.call @clef_lay_begin(%{{.*}}, %{{.*}}) : (i32, i32) -> ()
  // CHECK: %[[FALSE:.*]] = llvm.mlir.constant(false)
  // CHECK: llvm.call @__clef_print_R5Point(%{{.*}}, %[[FALSE]])
  // CHECK: llvm.call @clef_lay_end()
  // CHECK: llvm.call @clef_lay_begin
  // CHECK: llvm.call @__clef_print_Ol(
  // CHECK: llvm.call @clef_lay_end()
  clef.printf "%A and %A"(%p, %o : !clef.record<@Point>, !clef.option<i64>) {newline}
  return
}

// Records: `{`, one `name =` -- value per field stacked with @@, `}`.
// CHECK-LABEL: llvm.func internal @__clef_print_R5Point
// CHECK: llvm.call @clef_lay_enter
// CHECK: llvm.call @clef_lay_seq_begin()
// CHECK: llvm.call @clef_lay_field
// CHECK: llvm.call @clef_lay_float
// CHECK: llvm.call @clef_lay_join
// CHECK: llvm.call @clef_lay_seq_item
// CHECK: llvm.call @clef_lay_field
// CHECK: llvm.call @clef_lay_float
// CHECK: llvm.call @clef_lay_bracket
// CHECK: llvm.call @clef_lay_leave()

// Options: `Some` --- payload, parenthesized when nested.
// CHECK-LABEL: llvm.func internal @__clef_print_Ol
// CHECK: llvm.extractvalue %arg0[0]
// CHECK: llvm.call @clef_lay_word
// CHECK: llvm.call @clef_lay_int64
// CHECK: llvm.call @clef_lay_join
// CHECK: llvm.call @clef_lay_paren_if

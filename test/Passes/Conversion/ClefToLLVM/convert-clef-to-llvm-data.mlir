// RUN: clef-opt %s --convert-clef-to-llvm -split-input-file | FileCheck %s

// Tuples are heap cells of their lowered elements, allocated in the given
// region.

// CHECK-LABEL: llvm.func internal @clef_tuple
// CHECK-SAME: (%[[A:.*]]: i32, %[[B:.*]]: f64, %[[R:.*]]: !llvm.ptr) -> f64
func.func @tuple(%a: i32, %b: f64, %r: !region.handle) -> f64 {
  // CHECK: llvm.mlir.constant(16 : i64)
  // CHECK: %[[T:.*]] = llvm.call @__clef_region_alloc(%[[R]], %{{.*}})
  // CHECK: %[[F0:.*]] = llvm.getelementptr %[[T]][0, 0] {{.*}} !llvm.struct<(i32, f64)>
  // CHECK: llvm.store %[[A]], %[[F0]] : i32
  // CHECK: %[[F1:.*]] = llvm.getelementptr %[[T]][0, 1] {{.*}} !llvm.struct<(i32, f64)>
  // CHECK: llvm.store %[[B]], %[[F1]] : f64
  %t = clef.tuple %a, %b : i32, f64 in %r -> !clef.tuple<i32, f64>
  // CHECK: %[[G1:.*]] = llvm.getelementptr %[[T]][0, 1]
  // CHECK: %[[X:.*]] = llvm.load %[[G1]] : !llvm.ptr -> f64
  %x = clef.tuple_get %t[1] : !clef.tuple<i32, f64> -> f64
  // CHECK: llvm.return %[[X]]
  return %x : f64
}

// -----

// Records follow their declaration; without a region operand they live in
// the process region.

clef.record_decl @Body {Name : !clef.string, mutable Pos : !clef.float<"m">, Mass : f64}

// CHECK-LABEL: llvm.func internal @clef_record
func.func @record(%n: !clef.string, %p: !clef.float<"m">, %m: f64) -> f64 {
  // CHECK: %[[G:.*]] = llvm.mlir.addressof @clef_global_region
  // CHECK: llvm.mlir.constant(24 : i64)
  // CHECK: %[[B:.*]] = llvm.call @__clef_region_alloc(%[[G]], %{{.*}})
  // CHECK-COUNT-3: llvm.store
  %b = clef.record_new %n, %p, %m : !clef.string, !clef.float<"m">, f64 -> !clef.record<@Body>
  // CHECK: %[[POS:.*]] = llvm.getelementptr %[[B]][0, 1] {{.*}} !llvm.struct<(ptr, f64, f64)>
  // CHECK: llvm.store %{{.*}}, %[[POS]] : f64
  clef.record_set %b["Pos"], %p : !clef.record<@Body>, !clef.float<"m">
  // CHECK: %[[MASS:.*]] = llvm.getelementptr %[[B]][0, 2] {{.*}} !llvm.struct<(ptr, f64, f64)>
  // CHECK: llvm.load %[[MASS]] : !llvm.ptr -> f64
  %x = clef.record_get %b["Mass"] : !clef.record<@Body> -> f64
  return %x : f64
}

// -----

// A case with fields is a cell {i32 tag, fields...} when several cases have
// fields, else just {fields...}; a nullary case is the odd immediate
// 2 * tag + 1. Only unions mixing both test for immediates.

clef.union_decl @Shape {Circle(f64), Rect(f64, f64), Empty}
clef.union_decl @Color {Red, Green, Blue}
clef.union_decl @Box {Box(i32)}
clef.union_decl @Tree {Leaf, Node(!clef.union<@Tree>, !clef.union<@Tree>)}

// CHECK-LABEL: llvm.func internal @clef_shape
func.func @shape(%x: f64) -> i32 {
  // CHECK: %[[C:.*]] = llvm.call @__clef_region_alloc
  // CHECK: llvm.getelementptr %[[C]][0, 1] {{.*}} !llvm.struct<(i32, f64, f64)>
  // CHECK: llvm.getelementptr %[[C]][0, 2] {{.*}} !llvm.struct<(i32, f64, f64)>
  // CHECK: %[[TAG:.*]] = llvm.mlir.constant(1 : i32)
  // CHECK: %[[TAGP:.*]] = llvm.getelementptr %[[C]][0, 0]
  // CHECK: llvm.store %[[TAG]], %[[TAGP]] : i32
  %c = clef.union_new "Rect"(%x, %x : f64, f64) -> !clef.union<@Shape>
  // CHECK: %[[FP:.*]] = llvm.getelementptr %[[C]][0, 2]
  // CHECK: llvm.load %[[FP]] : !llvm.ptr -> f64
  %f = clef.union_field %c["Rect", 1] : !clef.union<@Shape> -> f64
  // CHECK: %[[IMM:.*]] = llvm.mlir.constant(5 : i64)
  // CHECK: %[[E:.*]] = llvm.inttoptr %[[IMM]] : i64 to !llvm.ptr
  %e = clef.union_new "Empty" -> !clef.union<@Shape>
  // CHECK: llvm.call {{(tail )?}}@__clef_union_tag(%[[E]])
  %t = clef.union_tag %e : !clef.union<@Shape>
  return %t : i32
}

// CHECK-LABEL: llvm.func internal @clef_color
func.func @color() -> i32 {
  // CHECK: %[[IMM:.*]] = llvm.mlir.constant(3 : i64)
  // CHECK: %[[G:.*]] = llvm.inttoptr %[[IMM]]
  %g = clef.union_new "Green" -> !clef.union<@Color>
  // CHECK: %[[BITS:.*]] = llvm.ptrtoint %[[G]]
  // CHECK: %[[TAG:.*]] = llvm.lshr %[[BITS]]
  // CHECK: llvm.trunc %[[TAG]] : i64 to i32
  // CHECK-NOT: llvm.call
  %t = clef.union_tag %g : !clef.union<@Color>
  return %t : i32
}

// A single case: the tag is a constant.
// CHECK-LABEL: llvm.func internal @clef_box
func.func @box(%b: !clef.union<@Box>) -> i32 {
  // CHECK-NOT: llvm.load
  // CHECK: %[[T:.*]] = llvm.mlir.constant(0 : i32) : i32
  // CHECK-NOT: llvm.load
  // CHECK: llvm.return %[[T]]
  %t = clef.union_tag %b : !clef.union<@Box>
  return %t : i32
}

// One case with fields and one nullary case: a Node cell is {left, right},
// 16 bytes, and the tag is 1 for a cell, else 0: every immediate is a Leaf.
// CHECK-LABEL: llvm.func internal @clef_tree
func.func @tree(%l: !clef.union<@Tree>) -> i32 {
  // CHECK: llvm.mlir.constant(16 : i64)
  // CHECK: %[[N:.*]] = llvm.call @__clef_region_alloc
  // CHECK: llvm.getelementptr %[[N]][0, 0] {{.*}} !llvm.struct<(ptr, ptr)>
  // CHECK: llvm.getelementptr %[[N]][0, 1] {{.*}} !llvm.struct<(ptr, ptr)>
  // CHECK-NOT: llvm.store %{{.*}} : i32
  %n = clef.union_new "Node"(%l, %l : !clef.union<@Tree>, !clef.union<@Tree>) -> !clef.union<@Tree>
  // CHECK: %[[RP:.*]] = llvm.getelementptr %[[N]][0, 1]
  // CHECK: llvm.load %[[RP]] : !llvm.ptr -> !llvm.ptr
  %r = clef.union_field %n["Node", 1] : !clef.union<@Tree> -> !clef.union<@Tree>
  // CHECK-NOT: llvm.call
  // CHECK: %[[BITS:.*]] = llvm.ptrtoint
  // CHECK: %[[LOW:.*]] = llvm.and %[[BITS]]
  // CHECK: %[[IMM:.*]] = llvm.icmp "ne" %[[LOW]]
  // CHECK-NOT: llvm.lshr
  // CHECK: %[[ITAG:.*]] = llvm.mlir.constant(0 : i32)
  // CHECK: %[[ONE:.*]] = llvm.mlir.constant(1 : i32)
  // CHECK: llvm.select %[[IMM]], %[[ITAG]], %[[ONE]] : i1, i32
  %t = clef.union_tag %r : !clef.union<@Tree>
  return %t : i32
}

// One case with fields and several nullary ones: an immediate's tag is in
// its bits.
clef.union_decl @Opt3 {None3, Gone3, Some3(i32)}

// CHECK-LABEL: llvm.func internal @clef_opt3
func.func @opt3(%o: !clef.union<@Opt3>) -> i32 {
  // CHECK: %[[BITS:.*]] = llvm.ptrtoint
  // CHECK: %[[LOW:.*]] = llvm.and %[[BITS]]
  // CHECK: %[[IMM:.*]] = llvm.icmp "ne" %[[LOW]]
  // CHECK: %[[SHIFT:.*]] = llvm.lshr %[[BITS]]
  // CHECK: %[[ITAG:.*]] = llvm.trunc %[[SHIFT]] : i64 to i32
  // CHECK: %[[TWO:.*]] = llvm.mlir.constant(2 : i32)
  // CHECK: llvm.select %[[IMM]], %[[ITAG]], %[[TWO]] : i1, i32
  %t = clef.union_tag %o : !clef.union<@Opt3>
  return %t : i32
}

// CHECK-LABEL: llvm.func internal @__clef_union_tag
// CHECK: llvm.and
// CHECK: llvm.cond_br
// CHECK: llvm.lshr
// CHECK: llvm.load %{{.*}} : !llvm.ptr -> i32

// -----

// Lists: [] is null, a cons cell is {head, tail}.

// CHECK-LABEL: llvm.func internal @clef_list
func.func @list(%x: f64) -> i1 {
  // CHECK: %[[NIL:.*]] = llvm.mlir.zero : !llvm.ptr
  %nil = clef.nil : !clef.list<f64>
  // CHECK: %[[L:.*]] = llvm.call @__clef_region_alloc
  // CHECK: %[[H:.*]] = llvm.getelementptr %[[L]][0, 0] {{.*}} !llvm.struct<(f64, ptr)>
  // CHECK: llvm.store %{{.*}}, %[[H]] : f64
  // CHECK: %[[T:.*]] = llvm.getelementptr %[[L]][0, 1] {{.*}} !llvm.struct<(f64, ptr)>
  // CHECK: llvm.store %[[NIL]], %[[T]] : !llvm.ptr
  %l = clef.cons %x, %nil : !clef.list<f64>
  // CHECK: llvm.load %{{.*}} : !llvm.ptr -> f64
  %h = clef.list_head %l : !clef.list<f64>
  // CHECK: %[[TAIL:.*]] = llvm.load %{{.*}} : !llvm.ptr -> !llvm.ptr
  %t = clef.list_tail %l : !clef.list<f64>
  // CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
  // CHECK: llvm.icmp "eq" %[[TAIL]], %[[NULL]]
  %e = clef.list_is_nil %t : !clef.list<f64>
  return %e : i1
}

// -----

// Options are held by value as {i1, payload} and never allocate.

// CHECK-LABEL: llvm.func internal @clef_option
// CHECK-SAME: -> !llvm.struct<(i1, i32)>
func.func @option(%x: i32, %c: i1) -> !clef.option<i32> {
  // CHECK: %[[NONE:.*]] = llvm.mlir.zero : !llvm.struct<(i1, i32)>
  %n = clef.none : !clef.option<i32>
  // CHECK: %[[P:.*]] = llvm.mlir.poison : !llvm.struct<(i1, i32)>
  // CHECK: %[[T:.*]] = llvm.mlir.constant(true)
  // CHECK: %[[S0:.*]] = llvm.insertvalue %[[T]], %[[P]][0]
  // CHECK: %[[S:.*]] = llvm.insertvalue %{{.*}}, %[[S0]][1]
  %s = clef.some %x : i32
  // CHECK: llvm.extractvalue %[[S]][0]
  %b = clef.option_is_some %s : !clef.option<i32>
  // CHECK: llvm.extractvalue %[[S]][1]
  %v = clef.option_value %s : !clef.option<i32>
  // CHECK-NOT: __clef_region_alloc
  return %n : !clef.option<i32>
}

// -----

// Arrays are {i64 length, elements...}. Accesses go through one
// bounds-checking helper; creation fills the array in a per-representation
// helper that raises ArgumentException on a negative size.

// CHECK-LABEL: llvm.func internal @clef_array
func.func @array(%n: i32, %x: f64, %i: i32) -> i32 {
  // CHECK: %[[A:.*]] = llvm.call @__clef_array_create_f64(%{{.*}}, %{{.*}}, %{{.*}}) : (!llvm.ptr, i32, f64) -> !llvm.ptr
  %a = clef.array_create %n, %x : !clef.array<f64>
  // CHECK: %[[I:.*]] = llvm.call @__clef_checked_index(%[[A]], %{{.*}})
  // CHECK: %[[DATA:.*]] = llvm.getelementptr %[[A]][8] : (!llvm.ptr) -> !llvm.ptr, i8
  // CHECK: %[[ADDR:.*]] = llvm.getelementptr %[[DATA]][%[[I]]] : (!llvm.ptr, i64) -> !llvm.ptr, f64
  // CHECK: llvm.store %{{.*}}, %[[ADDR]] : f64
  clef.array_set %a[%i], %x : !clef.array<f64>
  // CHECK: llvm.call @__clef_checked_index(%[[A]], %{{.*}})
  // CHECK: llvm.load %{{.*}} : !llvm.ptr -> f64
  %y = clef.array_get %a[%i] : !clef.array<f64>
  // CHECK: %[[LEN:.*]] = llvm.load %[[A]] : !llvm.ptr -> i64
  // CHECK: llvm.trunc %[[LEN]] : i64 to i32
  %len = clef.array_length %a : !clef.array<f64>
  return %len : i32
}

// CHECK-LABEL: llvm.func internal @clef_array_lit
func.func @array_lit(%x: i32, %y: i32) -> !clef.array<i32> {
  // CHECK: llvm.mlir.constant(16 : i64)
  // CHECK: %[[A:.*]] = llvm.call @__clef_region_alloc(%{{.*}}, %{{.*}})
  // CHECK: %[[N:.*]] = llvm.mlir.constant(2 : i64)
  // CHECK: llvm.store %[[N]], %[[A]] : i64
  // CHECK-COUNT-2: llvm.store %{{.*}} : i32, !llvm.ptr
  %a = clef.array_lit %x, %y : i32, i32 -> !clef.array<i32>
  return %a : !clef.array<i32>
}

// CHECK-LABEL: llvm.func internal @__clef_array_create_f64
// CHECK: llvm.icmp "slt"
// CHECK: llvm.call @clef_string_of_int
// CHECK: llvm.call @clef_rt_invalid_argument
// CHECK: llvm.unreachable
// CHECK: llvm.store %{{.*}} : i64, !llvm.ptr
// CHECK: ^bb{{.*}}(%{{.*}}: i64):
// CHECK: llvm.store %{{.*}} : f64, !llvm.ptr

// CHECK-LABEL: llvm.func internal @__clef_checked_index
// CHECK-SAME: attributes {always_inline}
// CHECK: llvm.icmp "ult"
// CHECK: llvm.call @clef_rt_index_out_of_range()

// -----

// Reference cells hold their value alone; argv is filled from the runtime.

// CHECK-LABEL: llvm.func internal @clef_ref
func.func @ref(%x: i64) -> i64 {
  // CHECK: llvm.mlir.constant(8 : i64)
  // CHECK: %[[R:.*]] = llvm.call @__clef_region_alloc(%{{.*}}, %{{.*}})
  // CHECK: llvm.store %{{.*}}, %[[R]] : i64, !llvm.ptr
  %r = clef.ref_new %x : i64
  // CHECK: llvm.store %{{.*}}, %[[R]] : i64, !llvm.ptr
  clef.ref_set %r, %x : !clef.ref<i64>
  // CHECK: llvm.load %[[R]] : !llvm.ptr -> i64
  %v = clef.ref_get %r : !clef.ref<i64>
  return %v : i64
}

// CHECK-LABEL: llvm.func internal @clef_args
func.func @args() -> !clef.array<!clef.string> {
  // CHECK: llvm.call {{(tail )?}}@__clef_argv(%{{.*}}) : (!llvm.ptr) -> !llvm.ptr
  %a = clef.argv : !clef.array<!clef.string>
  return %a : !clef.array<!clef.string>
}

// CHECK-LABEL: llvm.func internal @__clef_argv
// CHECK: llvm.call @clef_rt_arg_count()
// CHECK: llvm.call @clef_rt_arg(

// -----

// The entry function grows with the program: the allocations it makes once
// call the runtime's allocator; those on a cycle of its control flow inline
// the bump fast path like every other function.

// CHECK-LABEL: llvm.func internal @clef_start
func.func @start() -> i32 attributes {clef.entry} {
  %r = region.create {name = "r1"}
  %n = arith.constant 3 : i32
  // CHECK: llvm.call @clef_region_alloc(
  // CHECK-NOT: __clef_region_alloc
  // CHECK: llvm.br
  %once = clef.tuple %n, %n : i32, i32 in %r -> !clef.tuple<i32, i32>
  cf.br ^loop(%n : i32)
^loop(%i: i32):
  // CHECK: llvm.call @__clef_region_alloc(
  %each = clef.tuple %i, %i : i32, i32 in %r -> !clef.tuple<i32, i32>
  %x = clef.tuple_get %each[0] : !clef.tuple<i32, i32> -> i32
  %zero = arith.constant 0 : i32
  %done = arith.cmpi eq, %x, %zero : i32
  %one = arith.constant 1 : i32
  %next = arith.subi %x, %one : i32
  cf.cond_br %done, ^exit, ^loop(%next : i32)
^exit:
  %y = clef.tuple_get %once[1] : !clef.tuple<i32, i32> -> i32
  region.release %r
  return %y : i32
}

// -----

// A literal of 16 or more constants is copied from one constant global;
// a non-constant element keeps the stores.

// CHECK: llvm.mlir.global internal unnamed_addr constant @__clef_data_{{[0-9a-f]+}}(dense<[0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45]> : tensor<16xi32>)
// CHECK-LABEL: llvm.func internal @clef_array_lit_constants
func.func @array_lit_constants(%x: f64) -> !clef.array<i32> {
  // CHECK: %[[A:.*]] = llvm.call @__clef_region_alloc(%{{.*}}, %{{.*}})
  // CHECK: %[[G:.*]] = llvm.mlir.addressof @__clef_data_
  // CHECK: %[[LEN:.*]] = llvm.mlir.constant(64 : i64)
  // CHECK: "llvm.intr.memcpy"(%{{.*}}, %[[G]], %[[LEN]]) <{isVolatile = false}>
  // CHECK-NOT: llvm.store %{{.*}} : i32, !llvm.ptr
  // CHECK: llvm.call @__clef_region_alloc
  // CHECK-COUNT-16: llvm.store %{{.*}} : f64, !llvm.ptr
  %c0 = clef.constant 0 : i32
  %c1 = clef.constant 3 : i32
  %c2 = clef.constant 6 : i32
  %c3 = clef.constant 9 : i32
  %c4 = clef.constant 12 : i32
  %c5 = clef.constant 15 : i32
  %c6 = clef.constant 18 : i32
  %c7 = clef.constant 21 : i32
  %c8 = clef.constant 24 : i32
  %c9 = clef.constant 27 : i32
  %c10 = clef.constant 30 : i32
  %c11 = clef.constant 33 : i32
  %c12 = clef.constant 36 : i32
  %c13 = clef.constant 39 : i32
  %c14 = clef.constant 42 : i32
  %c15 = clef.constant 45 : i32
  %a = clef.array_lit %c0, %c1, %c2, %c3, %c4, %c5, %c6, %c7, %c8, %c9, %c10, %c11, %c12, %c13, %c14, %c15 : i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32 -> !clef.array<i32>
  %f0 = clef.constant 0.5 : f64
  %f1 = clef.constant 1.5 : f64
  %f2 = clef.constant 2.5 : f64
  %f3 = clef.constant 3.5 : f64
  %f4 = clef.constant 4.5 : f64
  %f5 = clef.constant 5.5 : f64
  %f6 = clef.constant 6.5 : f64
  %f7 = clef.constant 7.5 : f64
  %f8 = clef.constant 8.5 : f64
  %f9 = clef.constant 9.5 : f64
  %f10 = clef.constant 10.5 : f64
  %f11 = clef.constant 11.5 : f64
  %f12 = clef.constant 12.5 : f64
  %f13 = clef.constant 13.5 : f64
  %f14 = clef.constant 14.5 : f64
  %b = clef.array_lit %f0, %f1, %f2, %f3, %f4, %f5, %f6, %f7, %f8, %f9, %f10, %f11, %f12, %f13, %f14, %x : f64, f64, f64, f64, f64, f64, f64, f64, f64, f64, f64, f64, f64, f64, f64, f64 -> !clef.array<f64>
  return %a : !clef.array<i32>
}

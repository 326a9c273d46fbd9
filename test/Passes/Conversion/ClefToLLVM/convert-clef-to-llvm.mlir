// RUN: clef-opt %s --convert-clef-to-llvm -split-input-file | FileCheck %s

// Scalars: ints wrap, division goes through a checked helper, floats are
// IEEE, chars are UTF-16 code units held in i32.

// CHECK-LABEL: llvm.func internal @clef_arith
// CHECK-SAME: (%[[A:.*]]: i32, %[[B:.*]]: i32, %[[X:.*]]: f64, %[[C:.*]]: i32) -> i1
func.func @arith(%a: i32, %b: i32, %x: f64, %c: !clef.char) -> i1 {
  // CHECK: %[[S:.*]] = llvm.add %[[A]], %[[B]] : i32
  %0 = clef.add %a, %b : i32
  // CHECK: %[[Q:.*]] = llvm.call @__clef_sdiv_i32(%[[S]], %[[B]])
  %1 = clef.div %0, %b : (i32, i32) -> i32
  // CHECK: %[[R:.*]] = llvm.call @__clef_srem_i32(%[[Q]], %[[B]])
  %2 = clef.rem %1, %b : i32
  // CHECK: %[[F:.*]] = llvm.sitofp %[[R]] : i32 to f64
  %3 = clef.convert %2 : i32 to f64
  // Math.Round rounds half to even.
  // CHECK: %[[RND:.*]] = llvm.intr.roundeven(%[[F]])
  %4 = clef.math round %3 : f64 -> f64
  // CHECK: %[[LT:.*]] = llvm.fcmp "olt" %[[RND]], %[[X]]
  %5 = clef.cmp lt, %4, %x : f64
  // CHECK: llvm.icmp "uge" %[[C]], %[[C]]
  %6 = clef.cmp ge, %c, %c : !clef.char
  // CHECK: llvm.fneg %[[X]]
  %7 = clef.neg %x : f64
  // CHECK: llvm.call @clef_float_to_int(%[[X]])
  %8 = clef.convert %x : f64 to i32
  // CHECK: %[[MASK:.*]] = llvm.mlir.constant(65535 : i32)
  // CHECK: llvm.and %[[A]], %[[MASK]]
  %9 = clef.convert %a : i32 to !clef.char
  // CHECK: llvm.return %[[LT]]
  return %5 : i1
}

// Division by zero raises; MinValue / -1 wraps instead of trapping.
// CHECK-LABEL: llvm.func internal @__clef_sdiv_i32
// CHECK-SAME: always_inline
// CHECK: llvm.icmp "eq" %arg1
// CHECK: llvm.call @clef_rt_divide_by_zero()
// CHECK-NEXT: llvm.unreachable
// CHECK: llvm.sdiv
// CHECK: llvm.select

// -----

// Units of measure are erased: a measured float is an f64.
// CHECK-LABEL: llvm.func internal @clef_units
// CHECK-SAME: (%[[D:.*]]: f64, %[[T:.*]]: f64) -> f64
func.func @units(%d: !clef.float<"m">, %t: !clef.float<"s">) -> !clef.float<"m/s"> {
  // CHECK: %[[V:.*]] = llvm.fdiv %[[D]], %[[T]] : f64
  %v = clef.div %d, %t : (!clef.float<"m">, !clef.float<"s">) -> !clef.float<"m/s">
  // CHECK: llvm.return %[[V]]
  return %v : !clef.float<"m/s">
}

// -----

// CHECK-LABEL: llvm.func internal @clef_strings
func.func @strings(%s: !clef.string, %t: !clef.string, %i: i32) -> i1 {
  // CHECK: llvm.call @clef_string_equal
  %0 = clef.cmp eq, %s, %t : !clef.string
  // CHECK: %[[ORD:.*]] = llvm.call @clef_string_compare
  // CHECK: llvm.icmp "slt" %[[ORD]]
  %1 = clef.cmp lt, %s, %t : !clef.string
  // CHECK: llvm.call @__clef_checked_index
  %c = clef.string_get %s[%i]
  // The length is the first word of a string.
  // CHECK: %[[LEN:.*]] = llvm.load %arg0 : !llvm.ptr -> i64
  // CHECK: llvm.trunc %[[LEN]] : i64 to i32
  %n = clef.string_length %s
  // Without a region operand, values go to the process region.
  // CHECK: %[[G:.*]] = llvm.mlir.addressof @clef_global_region
  // CHECK: llvm.call @clef_string_concat(%[[G]], %arg0, %arg1)
  %u = clef.string_concat %s, %t
  // CHECK: llvm.call @clef_fmt_begin()
  // CHECK: llvm.call @clef_fmt_int
  // CHECK: llvm.call @clef_fmt_lit
  // CHECK: llvm.call @clef_fmt_string
  // CHECK: llvm.call @clef_fmt_to_string
  %v = clef.sprintf "%d:%s"(%n, %u : i32, !clef.string)
  return %1 : i1
}

// Bounds-checked string indexing (the check arrays use too).
// CHECK-LABEL: llvm.func internal @__clef_checked_index
// CHECK: llvm.icmp "ult"
// CHECK: llvm.call @clef_rt_index_out_of_range()

// -----

// CHECK: llvm.mlir.global internal @clef_g_limit() {{.*}} : i32
clef.global @limit : i32

// CHECK-LABEL: llvm.func internal @clef_program
func.func @program(%m: !clef.string) -> i32 {
  // Mutable locals are stack slots in the entry block.
  // CHECK: %[[SLOT:.*]] = llvm.alloca
  %0 = clef.constant 7 : i32
  // CHECK: %[[ADDR:.*]] = llvm.mlir.addressof @clef_g_limit
  // CHECK: llvm.store %{{.*}}, %[[ADDR]]
  clef.global_store @limit, %0 : i32
  %1 = clef.global_load @limit : i32
  %l = clef.local_new %1 : i32
  clef.local_set %l, %0 : !clef.local<i32>
  // CHECK: llvm.load %[[SLOT]]
  %2 = clef.local_get %l : !clef.local<i32>
  // CHECK: llvm.call @clef_rt_failwith(%arg0)
  // CHECK: llvm.mlir.poison : i32
  %3 = clef.failwith %m : i32
  return %3 : i32
}

// -----

// The entry function is wrapped in a C main that runs the runtime.
// CHECK: llvm.mlir.global internal unnamed_addr constant @[[HELLO:__clef_str_[0-9a-f]+]]("\06\00\00\00\00\00\00\00hello \00")
// CHECK-LABEL: llvm.func internal @clef_clef.entry() -> i32
// CHECK: llvm.call @clef_fmt_begin()
// CHECK: llvm.mlir.addressof @[[HELLO]]
// CHECK: llvm.call @clef_fmt_lit
// CHECK: llvm.call @clef_fmt_string
// CHECK: %[[P:.*]] = llvm.mlir.constant(102 : i8) : i8
// CHECK: llvm.call @clef_fmt_float(%{{.*}}, %[[P]]
// CHECK: llvm.call @clef_fmt_print
// CHECK-LABEL: llvm.func @main(%arg0: i32, %arg1: !llvm.ptr) -> i32
// CHECK: %[[ENTRY:.*]] = llvm.mlir.addressof @clef_clef.entry : !llvm.ptr
// CHECK: %[[RC:.*]] = llvm.call @clef_rt_main(%arg0, %arg1, %[[ENTRY]])
// CHECK: llvm.return %[[RC]]
func.func @"clef.entry"() -> i32 attributes {clef.entry} {
  %s = clef.string "Clef"
  %x = clef.constant 2.5 : f64
  clef.printf "hello %s %.1f"(%s, %x : !clef.string, f64) {newline}
  %z = clef.constant 0 : i32
  return %z : i32
}

// -----

// A user function may be called `main` or `exp`: it is renamed.
// CHECK-LABEL: llvm.func internal @clef_main
// CHECK-LABEL: llvm.func internal @clef_exp
func.func @main() -> i32 {
  %0 = func.call @exp() : () -> i32
  return %0 : i32
}
func.func @exp() -> i32 {
  %0 = clef.constant 1 : i32
  return %0 : i32
}

// -----

// Type declarations do not survive the lowering.
// CHECK-NOT: clef.record_decl
// CHECK-NOT: clef.union_decl
clef.record_decl @P {X : f64}
clef.union_decl @U {A, B}

// RUN: clef-opt %s --test-print-regions -o /dev/null 2>&1 | FileCheck %s

// CHECK: remark: regions of @pair: params=[-] results=[c0] global=[] handles=[c0]
// CHECK: remark: class 0: param c0 (allocated): the region of the result of @pair
// CHECK: remark: tuple in class 0
func.func @pair(%a: i32) -> !clef.tuple<i32, i32> {
  %t = clef.tuple %a, %a : i32, i32 -> !clef.tuple<i32, i32>
  return %t : !clef.tuple<i32, i32>
}

// Consing onto a parameter ties the result to it: one formal class.
// CHECK: remark: regions of @push: params=[-, c0] results=[c0] global=[] handles=[c0]
func.func @push(%a: i32, %l: !clef.list<i32>) -> !clef.list<i32> {
  %c = clef.cons %a, %l : !clef.list<i32>
  return %c : !clef.list<i32>
}

// A call instantiates the callee's classes with the caller's; here the
// list is local and the result is the caller's.
// CHECK: remark: regions of @user: params=[-] results=[c0] global=[] handles=[c0]
// CHECK: remark: class 0: param c0 (allocated): the region of the result of @user
// CHECK: remark: class 1: local (allocated)
// CHECK: remark: list cell in class 1
// CHECK: remark: call instantiates [1]
// CHECK: remark: call instantiates [0]
func.func @user(%a: i32) -> !clef.tuple<i32, i32> {
  %nil = clef.nil : !clef.list<i32>
  %l = clef.cons %a, %nil : !clef.list<i32>
  %m = func.call @push(%a, %l) : (i32, !clef.list<i32>) -> !clef.list<i32>
  %n = clef.list_head %m : !clef.list<i32>
  %t = func.call @pair(%n) : (i32) -> !clef.tuple<i32, i32>
  return %t : !clef.tuple<i32, i32>
}

// Reaching a global pins the class to the process region, with the reason.
clef.global @g : !clef.list<i32>
// CHECK: remark: regions of @keep: params=[c0] results=[] global=[c0] handles=[]
// CHECK: remark: class 0: global: stored into global @g at
func.func @keep(%l: !clef.list<i32>) {
  clef.global_store @g, %l : !clef.list<i32>
  return
}

// Polymorphic recursion: each recursive call is an instance of the scheme.
// CHECK: remark: regions of @build: params=[-] results=[c0] global=[] handles=[c0]
func.func @build(%n: i32) -> !clef.list<i32> {
  %c0 = clef.constant 0 : i32
  %done = clef.cmp eq, %n, %c0 : i32
  %r = scf.if %done -> (!clef.list<i32>) {
    %nil = clef.nil : !clef.list<i32>
    scf.yield %nil : !clef.list<i32>
  } else {
    %c1 = clef.constant 1 : i32
    %m = clef.sub %n, %c1 : i32
    %t = func.call @build(%m) : (i32) -> !clef.list<i32>
    %c = clef.cons %n, %t : !clef.list<i32>
    scf.yield %c : !clef.list<i32>
  }
  return %r : !clef.list<i32>
}

// A state-passing loop carries one region per state, and a closure's
// captures only need to outlive it.
// CHECK-LABEL: remark: regions of @carry:
// CHECK: remark: class [[CAP:[0-9]+]] outlives class [[CLO:[0-9]+]]
// CHECK: remark: loop carries [class [[A:[0-9]+]]: from class [[I:[0-9]+]], next [[N:[0-9]+]], result [[R:[0-9]+]]]
func.func private @carry_code(%env: !clef.closure<(i32) -> i32>, %x: i32) -> i32 {
  return %x : i32
}
func.func @carry(%n: i64) -> i32 {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %z = clef.constant 0 : i32
  %nil0 = clef.nil : !clef.list<i32>
  %init = clef.cons %z, %nil0 : !clef.list<i32>
  %f = clef.closure_new @carry_code(%init : !clef.list<i32>) : !clef.closure<(i32) -> i32>
  %y = clef.apply %f(%z) : !clef.closure<(i32) -> i32>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%s = %init) -> (!clef.list<i32>) : i64 {
    %h = clef.list_head %s : !clef.list<i32>
    %nil = clef.nil : !clef.list<i32>
    %t = clef.cons %h, %nil : !clef.list<i32>
    scf.yield %t : !clef.list<i32>
  }
  %v = clef.list_head %r : !clef.list<i32>
  return %v : i32
}

// Closure code keeps its argument's region apart from the result's (the
// application's) when it builds the result from the argument's elements;
// code that returns a cell of its argument joins them, for every code of
// its closure type. An application names the result's class only, so the
// list a copy is made of stays in its own local class.
// CHECK-LABEL: remark: regions of @copy_code: params=[c0, c1] results=[c2] global=[] handles=[c2] closure-code
// CHECK-LABEL: remark: regions of @tail_code: params=[c0, c1] results=[c1] global=[] handles=[c1] closure-code
// CHECK-LABEL: remark: regions of @apply_both:
// CHECK: remark: list cell in class [[ARG:[0-9]+]]
// CHECK: remark: apply instantiates [[[COPY:[0-9]+]]]
// CHECK-NOT: instantiates [[[ARG]]]
// CHECK: remark: list cell in class [[ARG2:[0-9]+]]
// CHECK: remark: apply instantiates [[[ARG2]]]
func.func private @copy_code(%env: !clef.closure<(!clef.list<i64>) -> !clef.list<i64>>, %l: !clef.list<i64>) -> !clef.list<i64> {
  %h = clef.list_head %l : !clef.list<i64>
  %nil = clef.nil : !clef.list<i64>
  %c = clef.cons %h, %nil : !clef.list<i64>
  return %c : !clef.list<i64>
}
func.func private @tail_code(%env: !clef.closure<(!clef.list<i32>) -> !clef.list<i32>>, %l: !clef.list<i32>) -> !clef.list<i32> {
  %t = clef.list_tail %l : !clef.list<i32>
  return %t : !clef.list<i32>
}
func.func @apply_both(%x: i32, %y: i64) -> i32 {
  %nil64 = clef.nil : !clef.list<i64>
  %l64 = clef.cons %y, %nil64 : !clef.list<i64>
  %f = clef.closure_new @copy_code() : !clef.closure<(!clef.list<i64>) -> !clef.list<i64>>
  %m = clef.apply %f(%l64) : !clef.closure<(!clef.list<i64>) -> !clef.list<i64>>
  %nil = clef.nil : !clef.list<i32>
  %l = clef.cons %x, %nil : !clef.list<i32>
  %g = clef.closure_new @tail_code() : !clef.closure<(!clef.list<i32>) -> !clef.list<i32>>
  %n = clef.apply %g(%l) : !clef.closure<(!clef.list<i32>) -> !clef.list<i32>>
  %a = clef.list_head %m : !clef.list<i64>
  %b = clef.list_is_nil %n : !clef.list<i32>
  return %x : i32
}

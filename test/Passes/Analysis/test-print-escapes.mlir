// RUN: clef-opt %s -split-input-file -allow-unregistered-dialect -test-print-escapes -mlir-print-op-on-diagnostic=false -o /dev/null 2>&1 | FileCheck %s

// Returned values are `returned`; values that die with the function are
// `local`, even inside a container that is local too.

// CHECK-LABEL: summary of @basic
func.func @basic(%a: i32) -> !clef.tuple<i32, i32> {
  // CHECK: [[@LINE+1]]:8: remark: tuple returned: returned from @basic at test-print-escapes.mlir:[[@LINE+7]]:3
  %t = clef.tuple %a, %a : i32, i32 -> !clef.tuple<i32, i32>
  // CHECK: [[@LINE+1]]:8: remark: tuple local: does not outlive @basic
  %u = clef.tuple %a, %a : i32, i32 -> !clef.tuple<i32, i32>
  %l = clef.nil : !clef.list<!clef.tuple<i32, i32>>
  // CHECK: [[@LINE+1]]:8: remark: list cell local: does not outlive @basic
  %c = clef.cons %u, %l : !clef.list<!clef.tuple<i32, i32>>
  return %t : !clef.tuple<i32, i32>
}

// -----

// Containment: a container's class flows into its fields, and the reason
// names the container.

// CHECK-LABEL: summary of @contained
func.func @contained(%a: i32) -> !clef.list<!clef.tuple<i32, i32>> {
  // CHECK: [[@LINE+1]]:8: remark: tuple returned: returned from @contained at {{.*}} (flow: held by list cell at test-print-escapes.mlir:[[@LINE+3]]:8)
  %t = clef.tuple %a, %a : i32, i32 -> !clef.tuple<i32, i32>
  %l = clef.nil : !clef.list<!clef.tuple<i32, i32>>
  %c = clef.cons %t, %l : !clef.list<!clef.tuple<i32, i32>>
  return %c : !clef.list<!clef.tuple<i32, i32>>
}

// -----

// Loads: what is read out of a container is what was put in, so returning
// it returns the inner tuple, not the outer one.

// CHECK-LABEL: summary of @load
func.func @load(%a: i32) -> !clef.tuple<i32, i32> {
  // CHECK: [[@LINE+1]]:9: remark: tuple returned
  %in = clef.tuple %a, %a : i32, i32 -> !clef.tuple<i32, i32>
  // CHECK: [[@LINE+1]]:10: remark: tuple local
  %out = clef.tuple %in, %in : !clef.tuple<i32, i32>, !clef.tuple<i32, i32> -> !clef.tuple<!clef.tuple<i32, i32>, !clef.tuple<i32, i32>>
  %x = clef.tuple_get %out[0] : !clef.tuple<!clef.tuple<i32, i32>, !clef.tuple<i32, i32>> -> !clef.tuple<i32, i32>
  return %x : !clef.tuple<i32, i32>
}

// -----

// Loops: a cell yielded to the next iteration is loop-carried; one that is
// not is iteration-local.

// CHECK-LABEL: summary of @for_loop
func.func @for_loop(%n: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %nil = clef.nil : !clef.list<i32>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %nil) -> (!clef.list<i32>) : i32 {
    // CHECK: [[@LINE+1]]:10: remark: tuple iteration-local: does not outlive its iteration of the loop at test-print-escapes.mlir:[[@LINE-1]]:8
    %t = clef.tuple %i, %i : i32, i32 -> !clef.tuple<i32, i32>
    // CHECK: [[@LINE+1]]:10: remark: list cell loop-carried: carried to the next iteration of the loop
    %c = clef.cons %i, %acc : !clef.list<i32>
    scf.yield %c : !clef.list<i32>
  }
  return %c0 : i32
}

// -----

// The loop's result flows on: returned after the loop means returned.

// CHECK-LABEL: summary of @while_loop
func.func @while_loop(%n: i32) -> !clef.list<!clef.tuple<i32, i32>> {
  %nil = clef.nil : !clef.list<!clef.tuple<i32, i32>>
  %r = scf.while (%acc = %nil) : (!clef.list<!clef.tuple<i32, i32>>) -> !clef.list<!clef.tuple<i32, i32>> {
    %b = clef.list_is_nil %acc : !clef.list<!clef.tuple<i32, i32>>
    scf.condition(%b) %acc : !clef.list<!clef.tuple<i32, i32>>
  } do {
  ^bb0(%acc: !clef.list<!clef.tuple<i32, i32>>):
    // CHECK: [[@LINE+1]]:10: remark: tuple returned: returned from @while_loop {{.*}}(flow: held by list cell
    %t = clef.tuple %n, %n : i32, i32 -> !clef.tuple<i32, i32>
    // CHECK: [[@LINE+1]]:10: remark: list cell returned
    %c = clef.cons %t, %acc : !clef.list<!clef.tuple<i32, i32>>
    // CHECK: [[@LINE+1]]:10: remark: tuple iteration-local
    %u = clef.tuple %n, %n : i32, i32 -> !clef.tuple<i32, i32>
    scf.yield %c : !clef.list<!clef.tuple<i32, i32>>
  }
  return %r : !clef.list<!clef.tuple<i32, i32>>
}

// -----

// A cell of the iteration stored into a ref made before the loop survives
// the iteration: `stored`, naming the store.

// CHECK-LABEL: summary of @stored_in_loop
func.func @stored_in_loop(%n: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %nil = clef.nil : !clef.list<i32>
  // CHECK: [[@LINE+1]]:8: remark: ref cell local
  %r = clef.ref_new %nil : !clef.list<i32>
  scf.for %i = %c0 to %n step %c1 : i32 {
    %old = clef.ref_get %r : !clef.ref<!clef.list<i32>>
    // CHECK: [[@LINE+1]]:10: remark: list cell stored: stored by clef.ref_set at test-print-escapes.mlir:[[@LINE+2]]:5 into ref cell at test-print-escapes.mlir:[[@LINE-3]]:8
    %c = clef.cons %i, %old : !clef.list<i32>
    clef.ref_set %r, %c : !clef.ref<!clef.list<i32>>
  }
  return %c0 : i32
}

// -----

// A store into a returned ref returns what is stored.

// CHECK-LABEL: summary of @stored_returned
func.func @stored_returned(%a: i32) -> !clef.ref<!clef.tuple<i32, i32>> {
  // CHECK: [[@LINE+1]]:8: remark: tuple returned: returned from @stored_returned {{.*}}(flow: held by ref cell
  %t = clef.tuple %a, %a : i32, i32 -> !clef.tuple<i32, i32>
  // CHECK: [[@LINE+1]]:8: remark: ref cell returned
  %r = clef.ref_new %t : !clef.tuple<i32, i32>
  // CHECK: [[@LINE+1]]:8: remark: tuple returned: returned from @stored_returned {{.*}}(flow: stored by clef.ref_set
  %u = clef.tuple %a, %a : i32, i32 -> !clef.tuple<i32, i32>
  clef.ref_set %r, %u : !clef.ref<!clef.tuple<i32, i32>>
  return %r : !clef.ref<!clef.tuple<i32, i32>>
}

// -----

// Globals and argv belong to the whole program.

clef.global @cache : !clef.tuple<i32, i32>

// CHECK-LABEL: summary of @globals
func.func @globals(%a: i32) -> i32 {
  // CHECK: [[@LINE+1]]:8: remark: tuple global: stored into global @cache
  %t = clef.tuple %a, %a : i32, i32 -> !clef.tuple<i32, i32>
  clef.global_store @cache, %t : !clef.tuple<i32, i32>
  // CHECK: [[@LINE+1]]:8: remark: argv array global: argv lives as long as the process
  %v = clef.argv : !clef.array<!clef.string>
  return %a : i32
}

// -----

// Captures: a local closure ties what it captures to itself; a returned
// closure returns it.

func.func private @code(%self: !clef.closure<(i32) -> i32>, %x: i32) -> i32 {
  return %x : i32
}

// CHECK-LABEL: summary of @captures
func.func @captures(%a: i32) -> !clef.closure<(i32) -> i32> {
  // CHECK: [[@LINE+1]]:8: remark: tuple captured: captured by closure at test-print-escapes.mlir:[[@LINE+2]]:8
  %t = clef.tuple %a, %a : i32, i32 -> !clef.tuple<i32, i32>
  %f = clef.closure_new @code(%t : !clef.tuple<i32, i32>) : !clef.closure<(i32) -> i32>
  // CHECK: [[@LINE+1]]:8: remark: tuple returned: returned from @captures {{.*}}(flow: captured by closure
  %u = clef.tuple %a, %a : i32, i32 -> !clef.tuple<i32, i32>
  // CHECK: [[@LINE+1]]:8: remark: closure returned
  %g = clef.closure_new @code(%u : !clef.tuple<i32, i32>) : !clef.closure<(i32) -> i32>
  return %g : !clef.closure<(i32) -> i32>
}

// -----

// Calls: the summary of @id says its argument reaches its result, so what
// the caller passes is returned only if the caller returns the result.

// CHECK-LABEL: summary of @id: result=[0] global=[] stored=[]
func.func @id(%x: !clef.tuple<i32, i32>) -> !clef.tuple<i32, i32> {
  return %x : !clef.tuple<i32, i32>
}

// CHECK-LABEL: summary of @caller
func.func @caller(%a: i32) -> !clef.tuple<i32, i32> {
  // CHECK: [[@LINE+1]]:8: remark: tuple returned
  %t = clef.tuple %a, %a : i32, i32 -> !clef.tuple<i32, i32>
  %r = func.call @id(%t) : (!clef.tuple<i32, i32>) -> !clef.tuple<i32, i32>
  // CHECK: [[@LINE+1]]:8: remark: tuple local
  %u = clef.tuple %a, %a : i32, i32 -> !clef.tuple<i32, i32>
  %s = func.call @id(%u) : (!clef.tuple<i32, i32>) -> !clef.tuple<i32, i32>
  return %r : !clef.tuple<i32, i32>
}

// -----

// Stores through an argument: @push stores a fresh cell holding its second
// argument into its first.

// CHECK-LABEL: summary of @push: result=[] global=[] stored=[1->0] fresh-stored=[0]
func.func @push(%r: !clef.ref<!clef.list<!clef.tuple<i32, i32>>>, %x: !clef.tuple<i32, i32>) -> !clef.unit {
  %old = clef.ref_get %r : !clef.ref<!clef.list<!clef.tuple<i32, i32>>>
  // CHECK: [[@LINE+1]]:8: remark: list cell stored: stored by clef.ref_set at test-print-escapes.mlir:[[@LINE+2]]:3 into parameter #0 of @push
  %c = clef.cons %x, %old : !clef.list<!clef.tuple<i32, i32>>
  clef.ref_set %r, %c : !clef.ref<!clef.list<!clef.tuple<i32, i32>>>
  %u = clef.unit
  return %u : !clef.unit
}

// CHECK-LABEL: summary of @pusher
func.func @pusher(%a: i32) -> !clef.ref<!clef.list<!clef.tuple<i32, i32>>> {
  %nil = clef.nil : !clef.list<!clef.tuple<i32, i32>>
  // CHECK: [[@LINE+1]]:8: remark: ref cell returned
  %r = clef.ref_new %nil : !clef.list<!clef.tuple<i32, i32>>
  // CHECK: [[@LINE+1]]:8: remark: tuple returned: returned from @pusher {{.*}}(flow: stored by func.call at test-print-escapes.mlir:[[@LINE+2]]:8 into ref cell
  %t = clef.tuple %a, %a : i32, i32 -> !clef.tuple<i32, i32>
  %u = func.call @push(%r, %t) : (!clef.ref<!clef.list<!clef.tuple<i32, i32>>>, !clef.tuple<i32, i32>) -> !clef.unit
  return %r : !clef.ref<!clef.list<!clef.tuple<i32, i32>>>
}

// -----

// Mutual recursion: the fixpoint over the SCC finds that both functions
// may return their argument.

// CHECK-LABEL: summary of @even: result=[0]
func.func @even(%l: !clef.list<i32>, %n: i32) -> !clef.list<i32> {
  %z = arith.constant 0 : i32
  %b = arith.cmpi eq, %n, %z : i32
  %r = scf.if %b -> (!clef.list<i32>) {
    scf.yield %l : !clef.list<i32>
  } else {
    %m = arith.subi %n, %n : i32
    %o = func.call @odd(%l, %m) : (!clef.list<i32>, i32) -> !clef.list<i32>
    scf.yield %o : !clef.list<i32>
  }
  return %r : !clef.list<i32>
}

// CHECK-LABEL: summary of @odd: result=[0]
func.func @odd(%l: !clef.list<i32>, %n: i32) -> !clef.list<i32> {
  %o = func.call @even(%l, %n) : (!clef.list<i32>, i32) -> !clef.list<i32>
  return %o : !clef.list<i32>
}

// CHECK-LABEL: summary of @parity
func.func @parity(%a: i32) -> !clef.list<i32> {
  %nil = clef.nil : !clef.list<i32>
  // CHECK: [[@LINE+1]]:8: remark: list cell returned
  %c = clef.cons %a, %nil : !clef.list<i32>
  %r = func.call @odd(%c, %a) : (!clef.list<i32>, i32) -> !clef.list<i32>
  return %r : !clef.list<i32>
}

// -----

// What the analysis cannot see through is `global`: external functions,
// unknown closures, unknown ops.

// CHECK-LABEL: summary of @extern: opaque
func.func private @extern(!clef.tuple<i32, i32>) -> i32

// CHECK-LABEL: summary of @opaque
func.func @opaque(%a: i32, %f: !clef.closure<(!clef.tuple<i32, i32>) -> i32>) -> i32 {
  // CHECK: [[@LINE+1]]:8: remark: tuple global: passed to external @extern
  %t = clef.tuple %a, %a : i32, i32 -> !clef.tuple<i32, i32>
  %x = func.call @extern(%t) : (!clef.tuple<i32, i32>) -> i32
  // CHECK: [[@LINE+1]]:8: remark: tuple global: passed to an unknown closure
  %u = clef.tuple %a, %a : i32, i32 -> !clef.tuple<i32, i32>
  %y = clef.apply %f(%u) : !clef.closure<(!clef.tuple<i32, i32>) -> i32>
  // CHECK: [[@LINE+1]]:8: remark: tuple global: passed to 'test.keep', which is not understood
  %v = clef.tuple %a, %a : i32, i32 -> !clef.tuple<i32, i32>
  "test.keep"(%v) : (!clef.tuple<i32, i32>) -> ()
  return %a : i32
}

// -----

// Without locations the reasons say so instead of failing.

// CHECK-LABEL: summary of @no_loc
func.func @no_loc(%a: i32) -> !clef.tuple<i32, i32> {
  // CHECK: remark: tuple returned: returned from @no_loc at <unknown>
  %t = clef.tuple %a, %a : i32, i32 -> !clef.tuple<i32, i32> loc(unknown)
  return %t : !clef.tuple<i32, i32> loc(unknown)
}

// -----

// Before closure conversion, a lambda captures what its body uses, and
// its result goes to an unknown caller.

// CHECK-LABEL: summary of @lambda
func.func @lambda(%a: i32) -> i32 {
  // CHECK: [[@LINE+1]]:8: remark: tuple captured: captured by closure at test-print-escapes.mlir:[[@LINE+3]]:8
  %t = clef.tuple %a, %a : i32, i32 -> !clef.tuple<i32, i32>
  // CHECK: [[@LINE+1]]:8: remark: closure local
  %f = clef.lambda : !clef.closure<(i32) -> !clef.tuple<i32, i32>> {
  ^bb0(%x: i32):
    // CHECK: [[@LINE+1]]:10: remark: tuple global: returned from a lambda to an unknown caller
    %u = clef.tuple %x, %x : i32, i32 -> !clef.tuple<i32, i32>
    %s = clef.tuple_get %t[0] : !clef.tuple<i32, i32> -> i32
    clef.yield %u : !clef.tuple<i32, i32>
  }
  return %a : i32
}

// RUN: clef-opt %s --clef-promote-locals -split-input-file | FileCheck %s

// Straight-line code: reads become the value last written.

// CHECK-LABEL: func.func @straight
// CHECK-SAME: (%[[A:.*]]: i32, %[[B:.*]]: i32)
// CHECK-NEXT:   clef.add %[[A]], %[[B]] : i32
// CHECK-NEXT:   %[[R:.*]] = clef.add %[[A]], %[[B]] : i32
// CHECK-NEXT:   return %[[R]] : i32
func.func @straight(%a: i32, %b: i32) -> i32 {
  %x = clef.local_new %a : i32
  %v0 = clef.local_get %x : !clef.local<i32>
  %s = clef.add %v0, %b : i32
  clef.local_set %x, %s : !clef.local<i32>
  clef.local_set %x, %b : !clef.local<i32>
  %v1 = clef.local_get %x : !clef.local<i32>
  %r = clef.add %v0, %v1 : i32
  return %r : i32
}

// -----

// Both branches write: each yields the value it ends with, after the
// existing result.

// CHECK-LABEL: func.func @if_else
// CHECK-SAME: (%[[C:.*]]: i1, %[[A:.*]]: i32, %[[B:.*]]: i32)
// CHECK-NEXT:   %[[IF:.*]]:2 = scf.if %[[C]] -> (i32, i32) {
// CHECK-NEXT:  scf.yield %[[A]], %[[B]] : i32, i32
// CHECK-NEXT: } else {
// CHECK-NEXT:  %[[W:.*]] = clef.add %[[A]], %[[A]] : i32
// CHECK-NEXT:  scf.yield %[[B]], %[[W]] : i32, i32
// CHECK-NEXT: }
// CHECK-NEXT: %[[R:.*]] = clef.add %[[IF]]#0, %[[IF]]#1 : i32
// CHECK-NEXT: return %[[R]]
func.func @if_else(%c: i1, %a: i32, %b: i32) -> i32 {
  %x = clef.local_new %a : i32
  %y = scf.if %c -> (i32) {
    clef.local_set %x, %b : !clef.local<i32>
    scf.yield %a : i32
  } else {
    %v = clef.local_get %x : !clef.local<i32>
    %w = clef.add %v, %v : i32
    clef.local_set %x, %w : !clef.local<i32>
    scf.yield %b : i32
  }
  %v1 = clef.local_get %x : !clef.local<i32>
  %r = clef.add %y, %v1 : i32
  return %r : i32
}

// -----

// An if without else gets an else that passes the value through.

// CHECK-LABEL: func.func @if_no_else
// CHECK-SAME: (%[[C:.*]]: i1, %[[A:.*]]: i32, %[[B:.*]]: i32)
// CHECK-NEXT:   %[[IF:.*]] = scf.if %[[C]] -> (i32) {
// CHECK-NEXT:  scf.yield %[[B]] : i32
// CHECK-NEXT: } else {
// CHECK-NEXT:  scf.yield %[[A]] : i32
// CHECK-NEXT: }
// CHECK-NEXT: return %[[IF]] : i32
func.func @if_no_else(%c: i1, %a: i32, %b: i32) -> i32 {
  %x = clef.local_new %a : i32
  scf.if %c {
    clef.local_set %x, %b : !clef.local<i32>
  }
  %v = clef.local_get %x : !clef.local<i32>
  return %v : i32
}

// -----

// A for loop that already has an iter_arg gets a second one, last.

// CHECK-LABEL: func.func @for_iter_args
// CHECK-SAME: (%[[LB:.*]]: i32, %[[UB:.*]]: i32, %[[ST:.*]]: i32, %[[A:.*]]: i32)
// CHECK-NEXT:   %[[FOR:.*]]:2 = scf.for %[[I:.*]] = %[[LB]] to %[[UB]] step %[[ST]] iter_args(%[[ACC:.*]] = %[[A]], %[[X:.*]] = %[[A]]) -> (i32, i32) : i32 {
// CHECK-NEXT:  %[[W:.*]] = clef.add %[[X]], %[[I]] : i32
// CHECK-NEXT:  %[[N:.*]] = clef.mul %[[ACC]], %[[I]]
// CHECK-NEXT:  scf.yield %[[N]], %[[W]] : i32, i32
// CHECK-NEXT: }
// CHECK-NEXT: return %[[FOR]]#0, %[[FOR]]#1 : i32, i32
func.func @for_iter_args(%lb: i32, %ub: i32, %step: i32, %a: i32) -> (i32, i32) {
  %x = clef.local_new %a : i32
  %p = scf.for %i = %lb to %ub step %step iter_args(%acc = %a) -> (i32) : i32 {
    %v = clef.local_get %x : !clef.local<i32>
    %w = clef.add %v, %i : i32
    clef.local_set %x, %w : !clef.local<i32>
    %n = clef.mul %acc, %i : (i32, i32) -> i32
    scf.yield %n : i32
  }
  %v1 = clef.local_get %x : !clef.local<i32>
  return %p, %v1 : i32, i32
}

// -----

// A while loop as the front end emits it, with two locals: both become
// loop-carried values of both regions, in the order of their definitions.

// CHECK-LABEL: func.func @while
// CHECK-SAME: (%[[A:.*]]: i32)
// CHECK-NEXT:   %[[ONE:.*]] = clef.constant 1 : i32
// CHECK-NEXT:   %[[TWO:.*]] = clef.constant 2 : i32
// CHECK-NEXT: %[[W:.*]]:2 = scf.while (%[[N:.*]] = %[[A]], %[[S:.*]] = %[[ONE]]) : (i32, i32) -> (i32, i32) {
// CHECK-NEXT:  %[[C:.*]] = clef.cmp ne, %[[N]], %[[ONE]] : i32
// CHECK-NEXT:  scf.condition(%[[C]]) %[[N]], %[[S]] : i32, i32
// CHECK-NEXT: } do {
// CHECK-NEXT: ^bb0(%[[N2:.*]]: i32, %[[S2:.*]]: i32):
// CHECK-NEXT:  %[[H:.*]] = clef.div %[[N2]], %[[TWO]]
// CHECK-NEXT:  %[[S3:.*]] = clef.add %[[S2]], %[[ONE]] : i32
// CHECK-NEXT:  scf.yield %[[H]], %[[S3]] : i32, i32
// CHECK-NEXT: }
// CHECK-NEXT: return %[[W]]#1 : i32
func.func @while(%a: i32) -> i32 {
  %one = clef.constant 1 : i32
  %two = clef.constant 2 : i32
  %n = clef.local_new %a : i32
  %steps = clef.local_new %one : i32
  scf.while : () -> () {
    %v = clef.local_get %n : !clef.local<i32>
    %c = clef.cmp ne, %v, %one : i32
    scf.condition(%c)
  } do {
    %v = clef.local_get %n : !clef.local<i32>
    %h = clef.div %v, %two : (i32, i32) -> i32
    clef.local_set %n, %h : !clef.local<i32>
    %s = clef.local_get %steps : !clef.local<i32>
    %s1 = clef.add %s, %one : i32
    clef.local_set %steps, %s1 : !clef.local<i32>
    scf.yield
  }
  %r = clef.local_get %steps : !clef.local<i32>
  return %r : i32
}

// -----

// Written in the before region of a while loop too: scf.condition passes
// on what the before region ends with, and that is the loop's result.

// CHECK-LABEL: func.func @while_before
// CHECK-SAME: (%[[L:.*]]: !clef.list<i32>, %[[A:.*]]: i32)
// CHECK-NEXT:   %[[W:.*]]:2 = scf.while (%[[IT:.*]] = %[[L]], %[[X:.*]] = %[[A]]) : (!clef.list<i32>, i32) -> (!clef.list<i32>, i32) {
// CHECK-NEXT:  %[[D:.*]] = clef.add %[[X]], %[[X]] : i32
// CHECK-NEXT:  %[[E:.*]] = clef.list_is_nil %[[IT]]
// CHECK-NEXT:  %[[C:.*]] = clef.not %[[E]]
// CHECK-NEXT:  scf.condition(%[[C]]) %[[IT]], %[[D]] : !clef.list<i32>, i32
// CHECK-NEXT: } do {
// CHECK-NEXT: ^bb0(%[[IT2:.*]]: !clef.list<i32>, %[[X2:.*]]: i32):
// CHECK-NEXT:  %[[H:.*]] = clef.list_head %[[IT2]]
// CHECK-NEXT:  %[[S:.*]] = clef.add %[[X2]], %[[H]] : i32
// CHECK-NEXT:  %[[T:.*]] = clef.list_tail %[[IT2]]
// CHECK-NEXT:  scf.yield %[[T]], %[[S]] : !clef.list<i32>, i32
// CHECK-NEXT: }
// CHECK-NEXT: return %[[W]]#0, %[[W]]#1
func.func @while_before(%l: !clef.list<i32>, %a: i32) -> (!clef.list<i32>, i32) {
  %x = clef.local_new %a : i32
  %rest = scf.while (%it = %l) : (!clef.list<i32>) -> !clef.list<i32> {
    %v = clef.local_get %x : !clef.local<i32>
    %w = clef.add %v, %v : i32
    clef.local_set %x, %w : !clef.local<i32>
    %e = clef.list_is_nil %it : !clef.list<i32>
    %c = clef.not %e
    scf.condition(%c) %it : !clef.list<i32>
  } do {
  ^bb0(%it: !clef.list<i32>):
    %h = clef.list_head %it : !clef.list<i32>
    %v = clef.local_get %x : !clef.local<i32>
    %w = clef.add %v, %h : i32
    clef.local_set %x, %w : !clef.local<i32>
    %t = clef.list_tail %it : !clef.list<i32>
    scf.yield %t : !clef.list<i32>
  }
  %r = clef.local_get %x : !clef.local<i32>
  return %rest, %r : !clef.list<i32>, i32
}

// -----

// Nested loops around an if without else: every level carries the value.

// CHECK-LABEL: func.func @nested
// CHECK-SAME: (%[[LB:.*]]: i32, %[[UB:.*]]: i32, %[[ST:.*]]: i32, %[[Z:.*]]: i32)
// CHECK-NEXT:   %[[OUT:.*]] = scf.for %[[I:.*]] = %[[LB]] to %[[UB]] step %[[ST]] iter_args(%[[C0:.*]] = %[[Z]]) -> (i32) : i32 {
// CHECK-NEXT:  %[[IN:.*]] = scf.for %[[J:.*]] = %[[I]] to %[[UB]] step %[[ST]] iter_args(%[[C1:.*]] = %[[C0]]) -> (i32) : i32 {
// CHECK-NEXT:    %[[LT:.*]] = clef.cmp lt, %[[I]], %[[J]] : i32
// CHECK-NEXT:    %[[IF:.*]] = scf.if %[[LT]] -> (i32) {
// CHECK-NEXT:      %[[S:.*]] = clef.add %[[C1]], %[[J]] : i32
// CHECK-NEXT:      scf.yield %[[S]] : i32
// CHECK-NEXT:    } else {
// CHECK-NEXT:      scf.yield %[[C1]] : i32
// CHECK-NEXT:    }
// CHECK-NEXT:    scf.yield %[[IF]] : i32
// CHECK-NEXT:  }
// CHECK-NEXT:  scf.yield %[[IN]] : i32
// CHECK-NEXT: }
// CHECK-NEXT: return %[[OUT]] : i32
func.func @nested(%lb: i32, %ub: i32, %step: i32, %zero: i32) -> i32 {
  %count = clef.local_new %zero : i32
  scf.for %i = %lb to %ub step %step : i32 {
    scf.for %j = %i to %ub step %step : i32 {
      %c = clef.cmp lt, %i, %j : i32
      scf.if %c {
        %v = clef.local_get %count : !clef.local<i32>
        %w = clef.add %v, %j : i32
        clef.local_set %count, %w : !clef.local<i32>
      }
    }
  }
  %r = clef.local_get %count : !clef.local<i32>
  return %r : i32
}

// -----

// Only read in a loop: no iter_arg, the value on entry throughout.

// CHECK-LABEL: func.func @read_only
// CHECK-SAME: (%[[LB:.*]]: i32, %[[UB:.*]]: i32, %[[ST:.*]]: i32, %[[A:.*]]: i32)
// CHECK-NEXT:   scf.for %{{.*}} = %[[LB]] to %[[UB]] step %[[ST]] : i32 {
// CHECK-NEXT:  clef.printf "%d"(%[[A]] : i32)
// CHECK-NEXT: }
// CHECK-NEXT: return %[[A]] : i32
func.func @read_only(%lb: i32, %ub: i32, %step: i32, %a: i32) -> i32 {
  %x = clef.local_new %a : i32
  scf.for %i = %lb to %ub step %step : i32 {
    %v = clef.local_get %x : !clef.local<i32>
    clef.printf "%d"(%v : i32)
  }
  %r = clef.local_get %x : !clef.local<i32>
  return %r : i32
}

// -----

// Two locals written in one loop, each read before either is written.

// CHECK-LABEL: func.func @two_locals
// CHECK-SAME: (%[[LB:.*]]: i32, %[[UB:.*]]: i32, %[[ST:.*]]: i32, %[[Z:.*]]: i32)
// CHECK-NEXT:   %[[FOR:.*]]:2 = scf.for %{{.*}} = %[[LB]] to %[[UB]] step %[[ST]] iter_args(%[[VA:.*]] = %[[Z]], %[[VB:.*]] = %[[UB]]) -> (i32, i32) : i32 {
// CHECK-NEXT:  %[[S:.*]] = clef.add %[[VA]], %[[VB]] : i32
// CHECK-NEXT:  %[[D:.*]] = clef.sub %[[VB]], %[[ST]] : i32
// CHECK-NEXT:  scf.yield %[[S]], %[[D]] : i32, i32
// CHECK-NEXT: }
// CHECK-NEXT: %[[R:.*]] = clef.add %[[FOR]]#0, %[[FOR]]#1 : i32
// CHECK-NEXT: return %[[R]]
func.func @two_locals(%lb: i32, %ub: i32, %step: i32, %zero: i32) -> i32 {
  %a = clef.local_new %zero : i32
  %b = clef.local_new %ub : i32
  scf.for %i = %lb to %ub step %step : i32 {
    %va = clef.local_get %a : !clef.local<i32>
    %vb = clef.local_get %b : !clef.local<i32>
    %s = clef.add %va, %vb : i32
    clef.local_set %a, %s : !clef.local<i32>
    %d = clef.sub %vb, %step : i32
    clef.local_set %b, %d : !clef.local<i32>
  }
  %ra = clef.local_get %a : !clef.local<i32>
  %rb = clef.local_get %b : !clef.local<i32>
  %r = clef.add %ra, %rb : i32
  return %r : i32
}

// -----

// A local of a lambda's body is promoted inside the lambda.

// CHECK-LABEL: func.func @in_lambda
// CHECK-SAME: (%[[K:.*]]: i32)
// CHECK-NEXT:   clef.lambda : !clef.closure<(i32) -> i32> {
// CHECK-NEXT: ^bb0(%[[N:.*]]: i32):
// CHECK-NEXT:  %[[ZERO:.*]] = clef.constant 0 : i32
// CHECK-NEXT:  %[[ONE:.*]] = clef.constant 1 : i32
// CHECK-NEXT:  %[[FOR:.*]] = scf.for %[[I:.*]] = %[[ZERO]] to %[[N]] step %[[ONE]] iter_args(%[[ACC:.*]] = %[[K]]) -> (i32) : i32 {
// CHECK-NEXT:    %[[S:.*]] = clef.add %[[ACC]], %[[I]] : i32
// CHECK-NEXT:    scf.yield %[[S]] : i32
// CHECK-NEXT:  }
// CHECK-NEXT:  clef.yield %[[FOR]] : i32
func.func @in_lambda(%k: i32) -> !clef.closure<(i32) -> i32> {
  %f = clef.lambda : !clef.closure<(i32) -> i32> {
  ^bb0(%n: i32):
    %zero = clef.constant 0 : i32
    %one = clef.constant 1 : i32
    %acc = clef.local_new %k : i32
    scf.for %i = %zero to %n step %one : i32 {
      %v = clef.local_get %acc : !clef.local<i32>
      %w = clef.add %v, %i : i32
      clef.local_set %acc, %w : !clef.local<i32>
    }
    %r = clef.local_get %acc : !clef.local<i32>
    clef.yield %r : i32
  }
  return %f : !clef.closure<(i32) -> i32>
}

// -----

// Uses the pass cannot follow keep the local, without a diagnostic: an
// operand of another op, a use in a lambda, a use in a multi-block region.
// The last local, only read in its own block, is still promoted.

func.func private @consume(!clef.local<i32>)

// CHECK-LABEL: func.func @left_alone
// CHECK-SAME: (%[[C:.*]]: i1, %[[A:.*]]: i32)
// CHECK:   %[[P:.*]] = clef.local_new %[[A]] : i32
// CHECK-NEXT: call @consume(%[[P]])
// CHECK-NEXT: %[[CAP:.*]] = clef.local_new %[[A]] : i32
// CHECK-NEXT: clef.lambda
// CHECK-NEXT: ^bb0
// CHECK-NEXT:  clef.local_get %[[CAP]] : !clef.local<i32>
// CHECK:   %[[BR:.*]] = clef.local_new %[[A]] : i32
// CHECK-NEXT: %[[R:.*]] = scf.execute_region -> i32 {
// CHECK:     clef.local_set %[[BR]], %[[A]] : !clef.local<i32>
// CHECK:     clef.local_get %[[BR]] : !clef.local<i32>
// CHECK:   }
// CHECK-NEXT: clef.add %[[R]], %[[A]] : i32
// CHECK-NOT: clef.local
// CHECK: return
func.func @left_alone(%c: i1, %a: i32) -> (i32, !clef.closure<(i32) -> i32>) {
  %passed = clef.local_new %a : i32
  call @consume(%passed) : (!clef.local<i32>) -> ()
  %captured = clef.local_new %a : i32
  %f = clef.lambda : !clef.closure<(i32) -> i32> {
  ^bb0(%n: i32):
    %v = clef.local_get %captured : !clef.local<i32>
    clef.yield %v : i32
  }
  %branched = clef.local_new %a : i32
  %ok = clef.local_new %a : i32
  %r = scf.execute_region -> i32 {
    cf.cond_br %c, ^bb1, ^bb2
  ^bb1:
    clef.local_set %branched, %a : !clef.local<i32>
    cf.br ^bb2
  ^bb2:
    %v = clef.local_get %branched : !clef.local<i32>
    scf.yield %v : i32
  }
  %v = clef.local_get %ok : !clef.local<i32>
  %s = clef.add %r, %v : i32
  return %s, %f : i32, !clef.closure<(i32) -> i32>
}

// -----

// scf.index_switch and a single-block scf.execute_region carry the value
// out like scf.if; the default case passes it through.

// CHECK-LABEL: func.func @switch
// CHECK-SAME: (%[[I:.*]]: index, %[[A:.*]]: i32, %[[B:.*]]: i32)
// CHECK-NEXT:   %[[SW:.*]]:2 = scf.index_switch %[[I]] -> i32, i32
// CHECK-NEXT: case 0 {
// CHECK-NEXT:  scf.yield %[[A]], %[[B]] : i32, i32
// CHECK-NEXT: }
// CHECK-NEXT: case 1 {
// CHECK-NEXT:  %[[ER:.*]]:2 = scf.execute_region -> (i32, i32) {
// CHECK-NEXT:    %[[W:.*]] = clef.add %[[A]], %[[B]] : i32
// CHECK-NEXT:    scf.yield %[[A]], %[[W]] : i32, i32
// CHECK-NEXT:  }
// CHECK-NEXT:  scf.yield %[[ER]]#0, %[[ER]]#1 : i32, i32
// CHECK-NEXT: }
// CHECK-NEXT: default {
// CHECK-NEXT:  scf.yield %[[B]], %[[A]] : i32, i32
// CHECK-NEXT: }
// CHECK-NEXT: %[[R:.*]] = clef.add %[[SW]]#0, %[[SW]]#1 : i32
// CHECK-NEXT: return %[[R]]
func.func @switch(%i: index, %a: i32, %b: i32) -> i32 {
  %x = clef.local_new %a : i32
  %y = scf.index_switch %i -> i32
  case 0 {
    clef.local_set %x, %b : !clef.local<i32>
    scf.yield %a : i32
  }
  case 1 {
    %r = scf.execute_region -> i32 {
      %v = clef.local_get %x : !clef.local<i32>
      %w = clef.add %v, %b : i32
      clef.local_set %x, %w : !clef.local<i32>
      scf.yield %v : i32
    }
    scf.yield %r : i32
  }
  default {
    scf.yield %b : i32
  }
  %v = clef.local_get %x : !clef.local<i32>
  %s = clef.add %y, %v : i32
  return %s : i32
}

// RUN: clef-opt %s --clef-memory | FileCheck %s

// The named pipeline runs the memory passes in order: the mutable local
// becomes an iteration argument, the lambda a flat closure whose known
// application is a direct call, every allocation gets its escape class and
// a region, and the result passes the region check.

// CHECK-LABEL: func.func @sum
// CHECK-NOT: clef.local_new
// CHECK-NOT: clef.lambda
// CHECK: %[[C:.*]] = region.create
// CHECK: clef.closure_new @{{.*}}(%arg0 : i32) in %[[C]] {clef.escape = "local"
// CHECK: scf.for {{.*}} iter_args
// CHECK: %[[R:.*]] = region.create
// CHECK-NEXT: func.call @sum$lambda(%{{.*}}, %{{.*}}, %[[R]])
// CHECK: region.release %[[R]]
// CHECK: region.release %[[C]]
func.func @sum(%n: i32) -> i32 {
  %c0 = clef.constant 0 : i32
  %c1 = clef.constant 1 : i32
  %acc = clef.local_new %c0 : i32
  %f = clef.lambda : !clef.closure<(i32) -> !clef.tuple<i32, i32>> {
  ^bb0(%x: i32):
    %t = clef.tuple %x, %n : i32, i32 -> !clef.tuple<i32, i32>
    clef.yield %t : !clef.tuple<i32, i32>
  }
  scf.for %i = %c0 to %n step %c1 : i32 {
    %p = clef.apply %f(%i) : !clef.closure<(i32) -> !clef.tuple<i32, i32>>
    %x = clef.tuple_get %p[1] : !clef.tuple<i32, i32> -> i32
    %a = clef.local_get %acc : !clef.local<i32>
    %s = clef.add %a, %x : i32
    clef.local_set %acc, %s : !clef.local<i32>
  }
  %r = clef.local_get %acc : !clef.local<i32>
  return %r : i32
}

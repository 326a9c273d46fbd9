// RUN: clef-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{handler takes 4 arguments (self, state, message, message region), got 3}}
actor.receive @A {
^bb0(%self: !actor.ref<i32>, %state: !llvm.ptr, %msg: i32):
  actor.return
}

// -----

// expected-error @+1 {{message argument has type 'i64' but the actor receives 'i32'}}
actor.receive @A {
^bb0(%self: !actor.ref<i32>, %state: !llvm.ptr, %msg: i64, %r: !region.handle):
  actor.return
}

// -----

// expected-error @+1 {{argument 0 must be the actor's own !actor.ref, got 'i32'}}
actor.receive @A {
^bb0(%self: i32, %state: !llvm.ptr, %msg: i32, %r: !region.handle):
  actor.return
}

// -----

// expected-error @+1 {{argument 3 (the per-message region) must be !region.handle, got '!llvm.ptr'}}
actor.receive @A {
^bb0(%self: !actor.ref<i32>, %state: !llvm.ptr, %msg: i32, %r: !llvm.ptr):
  actor.return
}

// -----

// expected-error @+1 {{copy function @nope does not exist}}
actor.receive @A copy @nope {
^bb0(%self: !actor.ref<i32>, %state: !llvm.ptr, %msg: i32, %r: !region.handle):
  actor.return
}

// -----

func.func @bad_copy(%p: !llvm.ptr) -> !llvm.ptr {
  return %p : !llvm.ptr
}
// expected-error @+1 {{copy function @bad_copy must have type '(!llvm.ptr, !region.handle) -> !llvm.ptr'}}
actor.receive @A copy @bad_copy {
^bb0(%self: !actor.ref<i32>, %state: !llvm.ptr, %msg: i32, %r: !region.handle):
  actor.return
}

// -----

actor.receive @A {
^bb0(%self: !actor.ref<i32>, %state: !llvm.ptr, %msg: i32, %r: !region.handle):
  actor.return
}
func.func @wrong_message_type(%init: !llvm.ptr) {
  // expected-error @+1 {{actor @A receives 'i32' but the reference is for 'i64'}}
  %a = actor.spawn @A(%init) size 0 : !actor.ref<i64>
  return
}

// -----

func.func @not_an_actor(%init: !llvm.ptr) {
  // expected-error @+1 {{'B' does not name an actor.receive}}
  %a = actor.spawn @B(%init) size 0 : !actor.ref<i64>
  return
}

// -----

func.func @send_wrong_type_generic(%r: !actor.ref<i32>, %m: i64) {
  // expected-error @+1 {{failed to verify that message type matches the reference}}
  "actor.send"(%r, %m) : (!actor.ref<i32>, i64) -> ()
  return
}

// -----

func.func @stop_outside(%r: !actor.ref<i32>) {
  // expected-error @+1 {{is only valid inside actor.receive}}
  actor.stop %r : !actor.ref<i32>
  return
}

// -----

actor.receive @A {
^bb0(%self: !actor.ref<i32>, %state: !llvm.ptr, %msg: i32, %r: !region.handle):
  %other = builtin.unrealized_conversion_cast %state : !llvm.ptr to !actor.ref<i32>
  // expected-error @+1 {{an actor can only stop itself}}
  actor.stop %other : !actor.ref<i32>
  actor.return
}

// -----

actor.receive @A {
^bb0(%self: !actor.ref<i32>, %state: !llvm.ptr, %msg: i32, %r: !region.handle):
  // expected-error @+1 {{is invalid inside actor.receive}}
  actor.wait_all
  actor.return
}

// -----

func.func @reply_wrong_type(%c: !actor.reply<i32>, %v: f64) {
  // expected-error @+1 {{failed to verify that value type matches the channel}}
  "actor.reply"(%c, %v) : (!actor.reply<i32>, f64) -> ()
  return
}

// -----

func.func @par_wrong_channel(%r: !actor.ref<i32>, %m: i32) -> i64 {
  // expected-error @+1 {{body argument must be '!actor.reply<i64>', got '!actor.reply<i32>'}}
  %v = actor.post_and_reply %r : !actor.ref<i32> -> i64 {
  ^bb0(%ch: !actor.reply<i32>):
    actor.yield %m : i32
  }
  return %v : i64
}

// -----

func.func @par_wrong_message(%r: !actor.ref<i32>, %m: i64) -> i64 {
  // expected-error @+1 {{body yields 'i64' but the actor receives 'i32'}}
  %v = actor.post_and_reply %r : !actor.ref<i32> -> i64 {
  ^bb0(%ch: !actor.reply<i64>):
    actor.yield %m : i64
  }
  return %v : i64
}

// -----

func.func @pool_bad_strategy(%n: i64, %k: i32, %t: i32) {
  %s = arith.constant 3 : i32
  // expected-error @+1 {{allocation strategy must be 0, 1 or 2, got 3}}
  %p = actor.create_pool %n, %k, %s, %t
  return
}

// -----

func.func @pool_bad_size(%k: i32, %s: i32, %t: i32) {
  %n = arith.constant 1000 : i64
  // expected-error @+1 {{arena size must be a multiple of 4096 bytes, at least 8 KB, got 1000}}
  %p = actor.create_pool %n, %k, %s, %t
  return
}

// -----

func.func @return_outside() {
  // expected-error @+1 {{expects parent op 'actor.receive'}}
  actor.return
}

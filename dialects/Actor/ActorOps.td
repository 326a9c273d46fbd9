//===- ActorOps.td - Actor dialect operations --------------*- tablegen -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DIALECTS_ACTOR_ACTOROPS_TD
#define CLEF_DIALECTS_ACTOR_ACTOROPS_TD

include "dialects/Actor/ActorTypes.td"
include "dialects/Region/RegionTypes.td"
include "mlir/Dialect/LLVMIR/LLVMOpBase.td"
include "mlir/IR/OpAsmInterface.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Actor_ReceiveOp : Actor_Op<"receive", [
    Symbol, IsolatedFromAbove,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "An actor type and its message handler";
  let description = [{
    Defines an actor type (a class inheriting `Actor<'Msg>`) by its
    `Receive`: the body runs for one message at a time. Its entry block
    takes the actor's own reference (`this.Self`), a pointer to its state
    (the fields, in the actor's region), the message, and the per-message
    region, which is released when the handler returns. Every block ends
    in `actor.return` or another terminator of the body.

    `copy` names the function that copies the live state into another
    region, `(!llvm.ptr, !region.handle) -> !llvm.ptr`; pools with the
    `OnArenaFull` or `Immediate` cleanup trigger need it.

    ```mlir
    actor.receive @Counter copy @copy_counter {
    ^bb0(%self: !actor.ref<i32>, %state: !llvm.ptr, %msg: i32,
         %r: !region.handle):
      actor.return
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                   OptionalAttr<FlatSymbolRefAttr>:$copy);
  let regions = (region MinSizedRegion<1>:$body);
  let assemblyFormat = "$sym_name (`copy` $copy^)? attr-dict-with-keyword $body";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The message type: that of the self reference.
    ::mlir::Type getMessageType();
    ::mlir::BlockArgument getSelf() { return getBody().getArgument(0); }
  }];
}

def Actor_ReturnOp : Actor_Op<"return",
    [Pure, Terminator, ReturnLike, HasParent<"ReceiveOp">]> {
  let summary = "End the handling of a message";
  let description = [{
    Returns from `actor.receive`: the per-message region is released and
    the actor is ready for its next message (or stops, after
    `actor.stop`).

    ```mlir
    actor.return
    ```
  }];
  let assemblyFormat = "attr-dict";
}

def Actor_SpawnOp : Actor_Op<"spawn", [
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "Start an actor";
  let description = [{
    `Actor.spawn` (or `Actor.spawnIn pool`): creates an actor of the type
    `actor_type` names, copies `state_size` bytes from `init` into its new
    region as its state, and returns its reference. Without `in`, the
    actor takes its arenas from the latest pool created (or the default
    pool).

    ```mlir
    %r = actor.spawn @Counter(%init) size 8 : !actor.ref<i32>
    %q = actor.spawn @Counter(%init) size 8 in %pool : !actor.ref<i32>
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$actor_type, LLVM_DefaultPointer:$init,
                   ConfinedAttr<I64Attr, [IntNonNegative]>:$state_size,
                   Optional<Actor_PoolType>:$pool);
  let results = (outs Actor_RefType:$ref);
  let assemblyFormat = [{
    $actor_type `(` $init `)` `size` $state_size (`in` $pool^)? attr-dict
    `:` qualified(type($ref))
  }];
}

def Actor_SendOp : Actor_Op<"send", [
    TypesMatchWith<"message type matches the reference", "ref", "message",
                   "::llvm::cast<RefType>($_self).getMessageType()">]> {
  let summary = "Send a message (Tell, <!)";
  let description = [{
    Copies the message into the receiver's mailbox and returns at once.
    Messages from one sender to one receiver are received in send order;
    a send to a stopped actor becomes a dead letter (`ActorTerminated`).

    ```mlir
    actor.send %r, %msg : !actor.ref<i32>
    ```
  }];
  let arguments = (ins Actor_RefType:$ref, AnyType:$message);
  let assemblyFormat = "$ref `,` $message attr-dict `:` qualified(type($ref))";
}

def Actor_StopOp : Actor_Op<"stop"> {
  let summary = "Stop the actor after the current message (this.Stop ())";
  let description = [{
    The actor handles no message after this one. What is still queued,
    and every later send, goes to the dead-letter office; then its region
    is reclaimed. Valid only in the body of `actor.receive`, on its own
    reference.

    ```mlir
    actor.stop %self : !actor.ref<i32>
    ```
  }];
  let arguments = (ins Actor_RefType:$self);
  let assemblyFormat = "$self attr-dict `:` qualified(type($self))";
  let hasVerifier = 1;
}

def Actor_ReplyOp : Actor_Op<"reply", [
    TypesMatchWith<"value type matches the channel", "channel", "value",
                   "::llvm::cast<ReplyType>($_self).getValueType()">]> {
  let summary = "Reply on a reply channel (reply.Reply v)";
  let description = [{
    Completes the `PostAndReply` that created the channel with `value`.
    A channel is replied to once.

    ```mlir
    actor.reply %ch, %total : !actor.reply<i32>
    ```
  }];
  let arguments = (ins Actor_ReplyType:$channel, AnyType:$value);
  let assemblyFormat = "$channel `,` $value attr-dict `:` qualified(type($channel))";
}

def Actor_PostAndReplyOp : Actor_Op<"post_and_reply"> {
  let summary = "Send a message carrying a reply channel and wait";
  let description = [{
    `ref.PostAndReply (fun ch -> Msg ch)`: the body builds the message
    from the fresh channel (its block argument) and yields it; the message
    is sent like `actor.send` and the op waits for the reply, which is its
    result. Inside `actor.receive` only this actor waits: the runtime keeps
    the other actors running.

    ```mlir
    %total = actor.post_and_reply %p : !actor.ref<!llvm.ptr> -> i32 {
    ^bb0(%ch: !actor.reply<i32>):
      %m = "test.make_get_total"(%ch) : (!actor.reply<i32>) -> !llvm.ptr
      actor.yield %m : !llvm.ptr
    }
    ```
  }];
  let arguments = (ins Actor_RefType:$ref);
  let results = (outs AnyType:$result);
  let regions = (region SizedRegion<1>:$build);
  let assemblyFormat = [{
    $ref attr-dict `:` qualified(type($ref)) `->` type($result) $build
  }];
  let hasVerifier = 1;
}

def Actor_YieldOp : Actor_Op<"yield",
    [Pure, Terminator, ReturnLike, HasParent<"PostAndReplyOp">]> {
  let summary = "The message a post_and_reply body built";
  let description = [{
    Ends the body of `actor.post_and_reply` with the message to send.

    ```mlir
    actor.yield %m : i32
    ```
  }];
  let arguments = (ins AnyType:$message);
  let assemblyFormat = "$message attr-dict `:` type($message)";
}

def Actor_WaitAllOp : Actor_Op<"wait_all"> {
  let summary = "Wait until every spawned actor has stopped";
  let description = [{
    `Actor.waitAll ()`. Invalid inside `actor.receive` (an actor waiting
    for every actor, itself included, would never return).

    ```mlir
    actor.wait_all
    ```
  }];
  let assemblyFormat = "attr-dict";
  let hasVerifier = 1;
}

def Actor_CreatePoolOp : Actor_Op<"create_pool"> {
  let summary = "Make an arena pool (Arena.createProcessPool)";
  let description = [{
    Creates an arena pool from the fields of an `ArenaConfig`: arena size
    in bytes, the number of arenas kept ready, the allocation strategy
    (0 `FastRelease`, 1 `BulkOperations`, 2 `Predictable`) and the cleanup
    trigger (0 `OnActorTermination`, 1 `OnArenaFull`, 2 `Immediate`). The
    new pool is the one later `actor.spawn`s without `in` use. Constant
    strategies and triggers out of range are rejected.

    ```mlir
    %p = actor.create_pool %size, %count, %strategy, %trigger
    ```
  }];
  let arguments = (ins I64:$arena_size, I32:$pool_size, I32:$strategy,
                   I32:$trigger);
  let results = (outs Actor_PoolType:$pool);
  let assemblyFormat = [{
    $arena_size `,` $pool_size `,` $strategy `,` $trigger attr-dict
  }];
  let hasVerifier = 1;
}

#endif // CLEF_DIALECTS_ACTOR_ACTOROPS_TD

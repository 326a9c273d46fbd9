//===- ActorTypes.td - Actor dialect types -----------------*- tablegen -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DIALECTS_ACTOR_ACTORTYPES_TD
#define CLEF_DIALECTS_ACTOR_ACTORTYPES_TD

include "mlir/IR/AttrTypeBase.td"
include "dialects/Actor/ActorDialect.td"

class Actor_Type<string name, string typeMnemonic, list<Trait> traits = []>
    : TypeDef<Actor_Dialect, name, traits> {
  let mnemonic = typeMnemonic;
}

def Actor_RefType : Actor_Type<"Ref", "ref"> {
  let summary = "A reference to an actor that receives messages of a type";
  let description = [{
    `!actor.ref<M>` is F#'s `ActorRef<'Msg>`: the messages it accepts are
    values of type `M`. Lowered to the runtime's `clef_actor_ref` (an
    `i64`: slot and incarnation). A reference to a stopped actor is still
    a valid value; sends through it become dead letters.

    ```mlir
    func.func @f(%r: !actor.ref<i32>)
    ```
  }];
  let parameters = (ins "::mlir::Type":$messageType);
  let assemblyFormat = "`<` $messageType `>`";
}

def Actor_ReplyType : Actor_Type<"Reply", "reply"> {
  let summary = "A reply channel for one value of a type";
  let description = [{
    `!actor.reply<T>` is F#'s `ReplyChannel<'T>`: it is replied to once
    with a `T`. Lowered to a pointer to the runtime's reply channel.

    ```mlir
    actor.reply %ch, %v : !actor.reply<i64>, i64
    ```
  }];
  let parameters = (ins "::mlir::Type":$valueType);
  let assemblyFormat = "`<` $valueType `>`";
}

def Actor_PoolType : Actor_Type<"Pool", "pool"> {
  let summary = "An arena pool";
  let description = [{
    The result of `Arena.createProcessPool`: the arenas actors spawned in
    it take their regions from. Lowered to `clef_arena_pool *`.
  }];
}

#endif // CLEF_DIALECTS_ACTOR_ACTORTYPES_TD

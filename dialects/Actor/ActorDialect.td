//===- ActorDialect.td - Actor dialect definition ----------*- tablegen -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DIALECTS_ACTOR_ACTORDIALECT_TD
#define CLEF_DIALECTS_ACTOR_ACTORDIALECT_TD

include "mlir/IR/OpBase.td"

def Actor_Dialect : Dialect {
  let name = "actor";
  let cppNamespace = "::mlir::actor";
  let summary = "Actors with RAII actor memory";
  let description = [{
    The `actor` dialect models actors as the runtime layer
    `runtime/actor` implements them (docs/Actors.md): an actor type is a
    `actor.receive` symbol whose body handles one message; `actor.spawn`
    starts an actor of that type with a state copied into the actor's own
    region; `actor.send` copies a message into the receiver's mailbox;
    `actor.post_and_reply` sends a message carrying a reply channel and
    waits for the reply; `actor.stop` ends the actor after the current
    message.

    The memory rules are structural: the handler's `!region.handle`
    argument is the per-message region, released when the handler
    returns; the state lives in the actor's region, released when it
    stops. Messages are values of the reference's message type and cross
    between actors by copy, so no two actors share mutable heap.
  }];
  let useDefaultTypePrinterParser = 1;
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::region::RegionDialect"];
}

class Actor_Op<string mnemonic, list<Trait> traits = []>
    : Op<Actor_Dialect, mnemonic, traits>;

#endif // CLEF_DIALECTS_ACTOR_ACTORDIALECT_TD

// RUN: mkdir -p %t.home
// RUN: %fsi %s 2> %t.err | FileCheck %s
// RUN: FileCheck %s --check-prefix=ERR < %t.err
#load "../../fsharp/Clef.Shim.fsx"

type Payment = { Id: int; Amount: int }
type PaymentMessage =
    | ProcessPayment of Payment
    | GetTotal of ReplyChannel<int>
    | Fail
    | Shutdown

type PaymentProcessor () =
    inherit Actor<PaymentMessage> ()
    let cache = System.Collections.Generic.Dictionary<int, Payment> ()
    let mutable total = 0
    override this.Receive message =
        match message with
        | ProcessPayment p -> cache.[p.Id] <- p; total <- total + p.Amount
        | GetTotal reply -> reply.Reply total
        | Fail -> failwith "bad payment"
        | Shutdown -> this.Stop ()

// Messages from one sender arrive in order; PostAndReply waits for the reply.
let p = Actor.spawn (PaymentProcessor ())
for i in 1 .. 100 do p.Tell (ProcessPayment { Id = i; Amount = i })
p <! ProcessPayment { Id = 0; Amount = 1000 }
// CHECK: total 6050
printfn "total %d" (p.PostAndReply (fun ch -> GetTotal ch))
// CHECK-NEXT: async total 6050
printfn "async total %d" (Async.RunSynchronously (p.PostAndAsyncReply (fun ch -> GetTotal ch)))
// After Stop, what is queued and what is sent later is dead-lettered.
p.Tell Shutdown
p.Tell (ProcessPayment { Id = 7; Amount = 7 })
Actor.waitAll ()
p.Tell (ProcessPayment { Id = 8; Amount = 8 })
// CHECK-NEXT: letters 2
printfn "letters %d" DeadLetterOffice.Count
// CHECK-NEXT: [7; 8]
let letters = DeadLetterOffice.Drain<PaymentMessage> ()
printfn "%A" [ for l in letters do
                 match l with
                 | ActorTerminated (_, ProcessPayment q) -> yield q.Id
                 | _ -> () ]
// CHECK-NEXT: drained 0
printfn "drained %d" DeadLetterOffice.Count

// A failing Receive stops the actor, reports on stderr, and the queued
// messages become dead letters; the failing one is not.
// ERR: actor /user/PaymentProcessor-2 failed: System.Exception: bad payment
let q = Actor.spawn (PaymentProcessor ())
q.Tell Fail
q.Tell (ProcessPayment { Id = 9; Amount = 9 })
Actor.waitAll ()
// CHECK-NEXT: after failure 1
printfn "after failure %d" (DeadLetterOffice.Drain<PaymentMessage> ()).Length

// Arena pools: the latest pool is the one spawn uses.
// CHECK-NEXT: 1024 1048576 1073741824
printfn "%d %d %d" KB MB GB
let pool = Arena.createProcessPool { ArenaSize = 8 * MB; PoolSize = 20; AllocationStrategy = Predictable; CleanupTrigger = Immediate }
// CHECK-NEXT: 8388608 Predictable
printfn "%d %A" (Arena.currentPool ()).Config.ArenaSize (Arena.currentPool ()).Config.AllocationStrategy

// BAREWire: the BARE encoding of each kind of value.
type Shape =
    | Circle of float
    | Rect of float * float
    | Empty
type Order = { Id: int; Name: string; Tags: string list; Shape: Shape; Note: string option; Big: int64; Flag: bool; Raw: byte[]; Small: byte; Count: uint32; Huge: uint64 }
let hex (b: byte[]) = b |> Array.map (sprintf "%02x") |> String.concat " "
// CHECK-NEXT: 2a 00 00 00
printfn "%s" (hex (BAREWire.encode 42))
// CHECK-NEXT: 03 61 62 63
printfn "%s" (hex (BAREWire.encode "abc"))
// CHECK-NEXT: 01 00 00 00 00 00 00 f0 3f
printfn "%s" (hex (BAREWire.encode (Some 1.0)))
// CHECK-NEXT: 02 02 01 00 00 00 00 00 00 f0 3f 00 00 00 00 00 00 00 40
printfn "%s" (hex (BAREWire.encode [Empty; Rect (1.0, 2.0)]))
// CHECK-NEXT: ac 02
printfn "%s" (hex (BAREWire.encode [| for _ in 1 .. 300 -> () |]).[0..1])
let order = { Id = 1; Name = "ü"; Tags = ["a"; "b"]; Shape = Circle 2.5; Note = None; Big = -1L; Flag = true; Raw = [| 1uy; 2uy |]; Small = 255uy; Count = 7u; Huge = 1UL }
// CHECK-NEXT: true
printfn "%b" (BAREWire.decode<Order> (BAREWire.encode order) = Ok order)
let m = Map.ofList [ ("x", 1); ("y", 2) ]
// CHECK-NEXT: true
printfn "%b" (BAREWire.decode<Map<string, int>> (BAREWire.encode m) = Ok m)
// Errors: each a distinct case with the byte offset.
// CHECK-NEXT: Error (Truncated 0)
printfn "%A" (BAREWire.decode<int> [| 1uy; 2uy |])
// CHECK-NEXT: Error (TrailingBytes 4)
printfn "%A" (BAREWire.decode<int> [| 1uy; 2uy; 3uy; 4uy; 5uy |])
// CHECK-NEXT: Error (InvalidBool 0)
printfn "%A" (BAREWire.decode<bool> [| 2uy |])
// CHECK-NEXT: Error (NonCanonical 0)
printfn "%A" (BAREWire.decode<string> [| 0x80uy; 0x00uy |])
// CHECK-NEXT: Error (InvalidUtf8 1)
printfn "%A" (BAREWire.decode<string> [| 1uy; 0xffuy |])
// CHECK-NEXT: Error (UnknownTag (0, 3UL))
printfn "%A" (BAREWire.decode<Shape> [| 3uy |])
// CHECK-NEXT: Error (Truncated 1)
printfn "%A" (BAREWire.decode<string> [| 5uy; 0x61uy |])
// CHECK-NEXT: Error (LengthLimit 0)
printfn "%A" (BAREWire.decode<string> [| 0xffuy; 0xffuy; 0xffuy; 0xffuy; 0x0fuy |])
// CHECK-NEXT: type ShapeCircle f64
// CHECK-NEXT: type ShapeRect struct {
// CHECK-NEXT:   Item1: f64
// CHECK-NEXT:   Item2: f64
// CHECK-NEXT: }
// CHECK-NEXT: type ShapeEmpty void
// CHECK-NEXT: type Shape union { ShapeCircle = 0 | ShapeRect = 1 | ShapeEmpty = 2 }
printf "%s" (BAREWire.schemaOf<Shape> ())

// Buffers hold default values; views read and update in place.
type LargeStruct = { A: int; B: string; S: Shape; L: int list; O: int option }
let buffer = BAREWire.createBuffer<LargeStruct> 2
let w = buffer.GetWriteAccess ()
// CHECK-NEXT: 0 "" Circle 0.0 [] None
let d = w.Read 1
printfn "%d %A %A %A %A" d.A d.B d.S d.L d.O
let view = w.GetDirectAccess ()
view.UpdateInPlace { d with A = 5 }
w.Write (1, { d with B = "one" })
let r = buffer.GetReadAccess ()
// CHECK-NEXT: 5 one 5
printfn "%d %s %d" (r.Read 0).A (r.View 1).Value.B view.Value.A

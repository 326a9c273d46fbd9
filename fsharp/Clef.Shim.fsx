// Clef.Shim.fsx: the second half of Clef (docs: ../shared CONCURRENCY.md as
// restated in docs/LANGUAGE.md) for real F#, so that a Clef program using
// actors, arena pools or BAREWire also runs under .NET and prints the same.
// The test harness loads it before the program (fsharp/batch.py compiles it
// as the first file of its project; a script can `#load` it); Clef itself
// never reads this file.
//
// Implemented over MailboxProcessor, Async, arrays and Dictionary:
//   - Actor<'Msg> (Receive, Self, Stop), ActorRef<'Msg> (Tell, <!,
//     PostAndReply, PostAndAsyncReply), ReplyChannel<'R>, Actor.spawn,
//     Actor.spawnIn, Actor.waitAll;
//   - DeadLetter<'Msg> (ActorTerminated, Undeliverable), DeadLetterOffice
//     (Tell, Count, Drain);
//   - KB MB GB, ArenaConfig, AllocationStrategy, CleanupTrigger,
//     Arena.createProcessPool (pools only record their configuration: .NET
//     has a garbage collector, so memory is not observable here);
//   - BareError, BAREWire.encode/decode/schemaOf over the BARE message
//     encoding, and buffers (createBuffer, GetWriteAccess, GetReadAccess,
//     Read, Write, View, GetDirectAccess, Value, UpdateInPlace) holding
//     objects.
[<AutoOpen>]
module ClefShim

open System
open System.Collections.Generic
open System.Text
open Microsoft.FSharp.Reflection

// ---------------------------------------------------------------------------
// Sizes and arena pools

let KB = 1024
let MB = 1024 * KB
let GB = 1024 * MB

type AllocationStrategy =
    | FastRelease
    | BulkOperations
    | Predictable

type CleanupTrigger =
    | OnActorTermination
    | OnArenaFull
    | Immediate

type ArenaConfig =
    { ArenaSize: int
      PoolSize: int
      AllocationStrategy: AllocationStrategy
      CleanupTrigger: CleanupTrigger }

/// A pool of arenas. Under .NET it only keeps its configuration.
type ArenaPool internal (config: ArenaConfig, id: int) =
    member _.Config = config
    member _.Id = id
    override _.ToString () = sprintf "ArenaPool %d" id

[<CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Arena =
    let private sync = obj ()
    let mutable private pools = 0
    let defaultConfig =
        { ArenaSize = MB; PoolSize = 0
          AllocationStrategy = FastRelease; CleanupTrigger = OnActorTermination }
    let mutable private current = ArenaPool (defaultConfig, 0)
    /// Makes a pool; actors spawned afterwards with Actor.spawn use it.
    let createProcessPool (config: ArenaConfig) =
        if config.ArenaSize <= 0 then invalidArg "config" "ArenaSize must be positive"
        if config.PoolSize < 0 then invalidArg "config" "PoolSize must not be negative"
        lock sync (fun () ->
            pools <- pools + 1
            current <- ArenaPool (config, pools)
            current)
    /// The pool Actor.spawn uses: the latest created, else the default one.
    let currentPool () = lock sync (fun () -> current)

// ---------------------------------------------------------------------------
// Actors and dead letters

type ActorPath = string

type DeadLetter<'Msg> =
    | ActorTerminated of ActorPath * 'Msg
    | Undeliverable of ActorPath * 'Msg * string

/// Every letter sent to it is kept, with its message type, reason and time,
/// until drained.
type DeadLetterOffice private () =
    static let sync = obj ()
    static let letters = List<Type * obj * string * int64> ()
    static member Tell (letter: DeadLetter<'Msg>) =
        let reason =
            match letter with
            | ActorTerminated _ -> "actor terminated"
            | Undeliverable (_, _, why) -> why
        lock sync (fun () ->
            letters.Add ((typeof<'Msg>, box letter, reason,
                          DateTimeOffset.UtcNow.ToUnixTimeMilliseconds ())))
    static member Count = lock sync (fun () -> letters.Count)
    /// The letters whose message type is 'Msg, in arrival order; removes them.
    static member Drain<'Msg> () : DeadLetter<'Msg> list =
        lock sync (fun () ->
            let mine = [ for (t, l, _, _) in letters do
                             if t = typeof<'Msg> then yield (l :?> DeadLetter<'Msg>) ]
            letters.RemoveAll (fun (t, _, _, _) -> t = typeof<'Msg>) |> ignore
            mine)

/// The channel a PostAndReply message carries: the receiver replies once.
type ReplyChannel<'R> internal (reply: 'R -> unit) =
    member _.Reply (value: 'R) = reply value

module internal Registry =
    let sync = obj ()
    let mutable live = 0
    let mutable spawned = 0
    let started () =
        lock sync (fun () ->
            live <- live + 1
            spawned <- spawned + 1
            spawned)
    let stopped () =
        lock sync (fun () ->
            live <- live - 1
            Threading.Monitor.PulseAll sync)
    let waitAll () =
        lock sync (fun () ->
            while live > 0 do
                Threading.Monitor.Wait sync |> ignore)

/// The messages of one actor, in send order, handled one at a time.
[<AllowNullLiteral>]
type internal Mailbox<'Msg> (path: ActorPath, receive: 'Msg -> unit) as this =
    let sync = obj ()
    let mutable stopping = false   // Stop called or Receive failed
    let mutable stopped = false    // queue drained into dead letters
    let mutable stopRequested = false
    let deadLetter msg = DeadLetterOffice.Tell (ActorTerminated (path, msg))
    let finish (inbox: MailboxProcessor<'Msg>) =
        // Dead-letters what is queued; sends arriving meanwhile still queue
        // behind it, so letters keep arrival order.
        let rec drain () = async {
            let! next = inbox.TryReceive 0
            match next with
            | Some msg -> deadLetter msg; return! drain ()
            | None ->
                let fin = lock sync (fun () ->
                    if inbox.CurrentQueueLength = 0 then stopped <- true
                    stopped)
                if not fin then return! drain () }
        drain ()
    let agent =
        MailboxProcessor<'Msg>.Start (fun inbox ->
            let rec loop () = async {
                let! msg = inbox.Receive ()
                let ok =
                    try
                        receive msg
                        true
                    with e ->
                        stdout.Flush ()
                        eprintfn "actor %s failed: %s: %s" path (e.GetType().FullName) e.Message
                        false
                if not ok || stopRequested then
                    lock sync (fun () -> stopping <- true)
                    do! finish inbox
                    Registry.stopped ()
                else
                    return! loop () }
            loop ())
    member _.Path = path
    member _.RequestStop () = stopRequested <- true
    member _.Post (msg: 'Msg) =
        lock sync (fun () ->
            if stopped then deadLetter msg
            else agent.Post msg)
    member _.IsStopped = lock sync (fun () -> stopped)

and ActorRef<'Msg> internal (mailbox: Mailbox<'Msg>) =
    member internal _.Mailbox = mailbox
    member _.Path : ActorPath = mailbox.Path
    member _.Tell (msg: 'Msg) = mailbox.Post msg
    /// Sends the message `build` makes from a reply channel and blocks until
    /// the receiver replies.
    member this.PostAndReply (build: ReplyChannel<'R> -> 'Msg) : 'R =
        let result = Threading.Tasks.TaskCompletionSource<'R> ()
        this.Tell (build (ReplyChannel (fun v -> result.TrySetResult v |> ignore)))
        result.Task.Result
    member this.PostAndAsyncReply (build: ReplyChannel<'R> -> 'Msg) : Async<'R> =
        let result = Threading.Tasks.TaskCompletionSource<'R> ()
        this.Tell (build (ReplyChannel (fun v -> result.TrySetResult v |> ignore)))
        Async.AwaitTask result.Task
    static member (<!) (target: ActorRef<'Msg>, msg: 'Msg) = target.Tell msg
    override _.ToString () = "ActorRef " + mailbox.Path

/// The base class of actors: override Receive.
[<AbstractClass>]
type Actor<'Msg> () =
    let mutable self : ActorRef<'Msg> option = None
    let mutable pool : ArenaPool option = None
    abstract Receive : 'Msg -> unit
    member this.Self =
        match self with
        | Some r -> r
        | None -> invalidOp "Self is only defined once the actor is spawned"
    /// Handles no further message: what is queued, and what is sent later,
    /// goes to the dead-letter office as ActorTerminated.
    member this.Stop () =
        match self with
        | Some r -> r.Mailbox.RequestStop ()
        | None -> invalidOp "Stop on an actor that was not spawned"
    member this.Pool = pool
    member internal this.Attach (r: ActorRef<'Msg>, p: ArenaPool) =
        if self.IsSome then invalidOp "this actor is already spawned"
        self <- Some r
        pool <- Some p

let inline (<!) (target: ActorRef<'Msg>) (msg: 'Msg) = target.Tell msg

[<CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Actor =
    /// Starts the actor in the given pool.
    let spawnIn (pool: ArenaPool) (actor: Actor<'Msg>) : ActorRef<'Msg> =
        let n = Registry.started ()
        let path = sprintf "/user/%s-%d" (actor.GetType().Name) n
        let r = ActorRef<'Msg> (Mailbox<'Msg> (path, actor.Receive))
        actor.Attach (r, pool)
        r
    /// Starts the actor in the current pool (Arena.createProcessPool).
    let spawn (actor: Actor<'Msg>) : ActorRef<'Msg> = spawnIn (Arena.currentPool ()) actor
    /// Returns when every spawned actor has stopped.
    let waitAll () = Registry.waitAll ()

// ---------------------------------------------------------------------------
// BAREWire: the BARE message encoding (draft-devault-bare) of Clef values

type BareError =
    | Truncated of int
    | NonCanonical of int
    | InvalidBool of int
    | InvalidUtf8 of int
    | UnknownTag of int * uint64
    | LengthLimit of int
    | TrailingBytes of int

exception internal BareFailure of BareError

module internal Bare =
    let isOption (t: Type) = t.IsGenericType && t.GetGenericTypeDefinition () = typedefof<option<_>>
    let isList (t: Type) = t.IsGenericType && t.GetGenericTypeDefinition () = typedefof<list<_>>
    let isMap (t: Type) = t.IsGenericType && t.GetGenericTypeDefinition () = typedefof<Map<_, _>>

    let writeUint (out: List<byte>) (v: uint64) =
        let mutable v = v
        while v >= 0x80UL do
            out.Add (byte (v &&& 0x7FUL) ||| 0x80uy)
            v <- v >>> 7
        out.Add (byte v)

    let rec write (out: List<byte>) (t: Type) (v: obj) =
        if t = typeof<int> then out.AddRange (BitConverter.GetBytes (v :?> int))
        elif t = typeof<int64> then out.AddRange (BitConverter.GetBytes (v :?> int64))
        elif t = typeof<byte> then out.Add (v :?> byte)
        elif t = typeof<uint32> then out.AddRange (BitConverter.GetBytes (v :?> uint32))
        elif t = typeof<uint64> then out.AddRange (BitConverter.GetBytes (v :?> uint64))
        elif t = typeof<float> then out.AddRange (BitConverter.GetBytes (v :?> float))
        elif t = typeof<bool> then out.Add (if v :?> bool then 1uy else 0uy)
        elif t = typeof<string> then
            let b = Encoding.UTF8.GetBytes (v :?> string)
            writeUint out (uint64 b.Length)
            out.AddRange b
        elif t = typeof<byte[]> then
            let b = v :?> byte[]
            writeUint out (uint64 b.Length)
            out.AddRange b
        elif t = typeof<unit> then ()
        elif isOption t then
            if isNull v then out.Add 0uy
            else
                out.Add 1uy
                let case, fields = FSharpValue.GetUnionFields (v, t)
                write out (t.GetGenericArguments().[0]) fields.[0]
        elif t.IsArray then
            let a = v :?> Array
            writeUint out (uint64 a.Length)
            for x in a do write out (t.GetElementType ()) x
        elif isList t then
            let xs = [ for x in (v :?> Collections.IEnumerable) -> x ]
            writeUint out (uint64 xs.Length)
            for x in xs do write out (t.GetGenericArguments().[0]) x
        elif isMap t then
            let args = t.GetGenericArguments ()
            let kvs = [ for x in (v :?> Collections.IEnumerable) -> x ]
            writeUint out (uint64 kvs.Length)
            for kv in kvs do
                let kt = kv.GetType ()
                write out args.[0] (kt.GetProperty("Key").GetValue kv)
                write out args.[1] (kt.GetProperty("Value").GetValue kv)
        elif FSharpType.IsTuple t then
            Array.iter2 (write out) (FSharpType.GetTupleElements t) (FSharpValue.GetTupleFields v)
        elif FSharpType.IsRecord (t, true) then
            Array.iter2 (fun (p: Reflection.PropertyInfo) x -> write out p.PropertyType x)
                (FSharpType.GetRecordFields (t, true)) (FSharpValue.GetRecordFields (v, true))
        elif FSharpType.IsUnion (t, true) then
            let case, fields = FSharpValue.GetUnionFields (v, t, true)
            writeUint out (uint64 case.Tag)
            Array.iter2 (fun (p: Reflection.PropertyInfo) x -> write out p.PropertyType x)
                (case.GetFields ()) fields
        else failwithf "BAREWire: the type %s has no BARE encoding" t.FullName

    type Reader (bytes: byte[]) =
        let mutable pos = 0
        member _.Pos = pos
        member _.Need (n: int) =
            if n < 0 || pos + n > bytes.Length then raise (BareFailure (Truncated pos))
        member r.Take (n: int) =
            r.Need n
            let s = Array.sub bytes pos n
            pos <- pos + n
            s
        member r.Byte () =
            r.Need 1
            let b = bytes.[pos]
            pos <- pos + 1
            b
        member r.Uint () : uint64 =
            let start = pos
            let mutable result = 0UL
            let mutable shift = 0
            let mutable fin = false
            while not fin do
                if shift > 63 then raise (BareFailure (NonCanonical start))
                let b = r.Byte ()
                if shift = 63 && b > 1uy then raise (BareFailure (NonCanonical start))
                result <- result ||| (uint64 (b &&& 0x7Fuy) <<< shift)
                if b &&& 0x80uy = 0uy then
                    // A last byte of 0 after the first is an overlong encoding.
                    if b = 0uy && shift > 0 then raise (BareFailure (NonCanonical start))
                    fin <- true
                shift <- shift + 7
            result
        member r.Length () =
            let start = pos
            let n = r.Uint ()
            if n > uint64 Int32.MaxValue then raise (BareFailure (LengthLimit start))
            int n
        member _.AtEnd = pos = bytes.Length

    let utf8 = UTF8Encoding (false, true)

    let rec read (r: Reader) (t: Type) : obj =
        if t = typeof<int> then box (BitConverter.ToInt32 (r.Take 4, 0))
        elif t = typeof<int64> then box (BitConverter.ToInt64 (r.Take 8, 0))
        elif t = typeof<byte> then box (r.Byte ())
        elif t = typeof<uint32> then box (BitConverter.ToUInt32 (r.Take 4, 0))
        elif t = typeof<uint64> then box (BitConverter.ToUInt64 (r.Take 8, 0))
        elif t = typeof<float> then box (BitConverter.ToDouble (r.Take 8, 0))
        elif t = typeof<bool> then
            let at = r.Pos
            match r.Byte () with
            | 0uy -> box false
            | 1uy -> box true
            | _ -> raise (BareFailure (InvalidBool at))
        elif t = typeof<string> then
            let n = r.Length ()
            let at = r.Pos
            let b = r.Take n
            try box (utf8.GetString b)
            with :? ArgumentException -> raise (BareFailure (InvalidUtf8 at))
        elif t = typeof<byte[]> then
            let n = r.Length ()
            box (r.Take n)
        elif t = typeof<unit> then box ()
        elif isOption t then
            let at = r.Pos
            match r.Byte () with
            | 0uy -> null
            | 1uy ->
                let v = read r (t.GetGenericArguments().[0])
                let some = FSharpType.GetUnionCases(t).[1]
                FSharpValue.MakeUnion (some, [| v |])
            | b -> raise (BareFailure (InvalidBool at))
        elif t.IsArray then
            let n = r.Length ()
            let e = t.GetElementType ()
            let items = [| for _ in 1 .. n -> read r e |]
            let a = Array.CreateInstance (e, n)
            items |> Array.iteri (fun i x -> a.SetValue (x, i))
            box a
        elif isList t then
            let n = r.Length ()
            let e = t.GetGenericArguments().[0]
            let items = [ for _ in 1 .. n -> read r e ]
            let cases = FSharpType.GetUnionCases t
            List.foldBack (fun x acc -> FSharpValue.MakeUnion (cases.[1], [| x; acc |]))
                items (FSharpValue.MakeUnion (cases.[0], [||]))
        elif isMap t then
            let n = r.Length ()
            let args = t.GetGenericArguments ()
            let tup = FSharpType.MakeTupleType args
            let pairs = [| for _ in 1 .. n ->
                             let k = read r args.[0]
                             let v = read r args.[1]
                             FSharpValue.MakeTuple ([| k; v |], tup) |]
            let typed = Array.CreateInstance (tup, n)
            pairs |> Array.iteri (fun i x -> typed.SetValue (x, i))
            Activator.CreateInstance (t, [| box typed |])
        elif FSharpType.IsTuple t then
            FSharpValue.MakeTuple (FSharpType.GetTupleElements t |> Array.map (read r), t)
        elif FSharpType.IsRecord (t, true) then
            let fields = FSharpType.GetRecordFields (t, true) |> Array.map (fun p -> read r p.PropertyType)
            FSharpValue.MakeRecord (t, fields, true)
        elif FSharpType.IsUnion (t, true) then
            let at = r.Pos
            let tag = r.Uint ()
            let cases = FSharpType.GetUnionCases (t, true)
            if tag >= uint64 cases.Length then raise (BareFailure (UnknownTag (at, tag)))
            let case = cases.[int tag]
            let fields = case.GetFields () |> Array.map (fun p -> read r p.PropertyType)
            FSharpValue.MakeUnion (case, fields, true)
        else failwithf "BAREWire: the type %s has no BARE encoding" t.FullName

    let rec defaultOf (depth: int) (t: Type) : obj =
        if t = typeof<string> then box ""
        elif t = typeof<byte[]> then box ([||]: byte[])
        elif t = typeof<unit> then box ()
        elif isOption t then null
        elif t.IsArray then box (Array.CreateInstance (t.GetElementType (), 0))
        elif isList t then FSharpValue.MakeUnion (FSharpType.GetUnionCases(t).[0], [||])
        elif isMap t then
            Activator.CreateInstance (t, [| box (Array.CreateInstance (FSharpType.MakeTupleType (t.GetGenericArguments ()), 0)) |])
        elif depth > 32 then failwithf "BAREWire: %s has no finite default value" t.FullName
        elif FSharpType.IsTuple t then
            FSharpValue.MakeTuple (FSharpType.GetTupleElements t |> Array.map (defaultOf (depth + 1)), t)
        elif FSharpType.IsRecord (t, true) then
            FSharpValue.MakeRecord (t, FSharpType.GetRecordFields (t, true)
                                       |> Array.map (fun p -> defaultOf (depth + 1) p.PropertyType), true)
        elif FSharpType.IsUnion (t, true) then
            let case = FSharpType.GetUnionCases(t, true).[0]
            FSharpValue.MakeUnion (case, case.GetFields () |> Array.map (fun p -> defaultOf (depth + 1) p.PropertyType), true)
        elif t.IsValueType then Activator.CreateInstance t
        else failwithf "BAREWire: the type %s has no BARE encoding" t.FullName

    // Schema text: the named types a type uses, each declared once, the
    // type itself last.
    let schema (root: Type) =
        let decls = List<string> ()
        let seen = HashSet<Type> ()
        let name (t: Type) = t.Name.Split('`').[0]
        let rec ty (t: Type) : string =
            if t = typeof<int> then "i32"
            elif t = typeof<int64> then "i64"
            elif t = typeof<byte> then "u8"
            elif t = typeof<uint32> then "u32"
            elif t = typeof<uint64> then "u64"
            elif t = typeof<float> then "f64"
            elif t = typeof<bool> then "bool"
            elif t = typeof<string> then "str"
            elif t = typeof<byte[]> then "data"
            elif t = typeof<unit> then "void"
            elif isOption t then sprintf "optional<%s>" (ty (t.GetGenericArguments().[0]))
            elif t.IsArray then sprintf "list<%s>" (ty (t.GetElementType ()))
            elif isList t then sprintf "list<%s>" (ty (t.GetGenericArguments().[0]))
            elif isMap t then
                let a = t.GetGenericArguments ()
                sprintf "map<%s><%s>" (ty a.[0]) (ty a.[1])
            elif FSharpType.IsTuple t then
                FSharpType.GetTupleElements t
                |> Array.mapi (fun i e -> sprintf "Item%d: %s" (i + 1) (ty e))
                |> String.concat " "
                |> sprintf "struct { %s }"
            elif FSharpType.IsRecord (t, true) || FSharpType.IsUnion (t, true) then
                declare t
                name t
            else failwithf "BAREWire: the type %s has no BARE encoding" t.FullName
        and declare (t: Type) =
            if seen.Add t then
                if FSharpType.IsRecord (t, true) then
                    let fields =
                        FSharpType.GetRecordFields (t, true)
                        |> Array.map (fun p -> sprintf "  %s: %s\n" p.Name (ty p.PropertyType))
                    decls.Add (sprintf "type %s struct {\n%s}\n" (name t) (String.concat "" fields))
                else
                    let cases = FSharpType.GetUnionCases (t, true)
                    if cases |> Array.forall (fun c -> c.GetFields().Length = 0) then
                        let names = cases |> Array.map (fun c -> sprintf "  %s\n" c.Name)
                        decls.Add (sprintf "type %s enum {\n%s}\n" (name t) (String.concat "" names))
                    else
                        let caseType (c: UnionCaseInfo) =
                            let fs = c.GetFields ()
                            let body =
                                match fs with
                                | [||] -> "void"
                                | [| f |] -> ty f.PropertyType
                                | _ ->
                                    fs |> Array.map (fun f -> sprintf "  %s: %s\n" f.Name (ty f.PropertyType))
                                    |> String.concat ""
                                    |> sprintf "struct {\n%s}"
                            decls.Add (sprintf "type %s%s %s\n" (name t) c.Name body)
                        for c in cases do caseType c
                        let alts = cases |> Array.map (fun c -> sprintf "%s%s = %d" (name t) c.Name c.Tag)
                        decls.Add (sprintf "type %s union { %s }\n" (name t) (String.concat " | " alts))
        let top = ty root
        if not (FSharpType.IsRecord (root, true) || FSharpType.IsUnion (root, true)) then
            decls.Add (sprintf "type %s %s\n" (name root) top)
        String.concat "" decls

/// A view of one element of a buffer: reads and updates it in place.
type View<'T> internal (store: 'T[], index: int, writable: bool) =
    member _.Value = store.[index]
    member _.UpdateInPlace (v: 'T) =
        if not writable then invalidOp "UpdateInPlace through a read capability"
        store.[index] <- v

type ReadCapability<'T> internal (store: 'T[]) =
    member _.Length = store.Length
    member _.Read (i: int) = store.[i]
    member _.View (i: int) =
        if i < 0 || i >= store.Length then raise (IndexOutOfRangeException ())
        View<'T> (store, i, false)
    member this.GetDirectAccess () = this.View 0

type WriteCapability<'T> internal (store: 'T[]) =
    member _.Length = store.Length
    member _.Read (i: int) = store.[i]
    member _.Write (i: int, v: 'T) = store.[i] <- v
    member _.View (i: int) =
        if i < 0 || i >= store.Length then raise (IndexOutOfRangeException ())
        View<'T> (store, i, true)
    member this.GetDirectAccess () = this.View 0

/// n values of 'T, fresh ones holding the type's default value.
type Buffer<'T> internal (n: int) =
    let store : 'T[] = Array.init n (fun _ -> Bare.defaultOf 0 typeof<'T> :?> 'T)
    member _.Length = n
    member _.GetWriteAccess () = WriteCapability<'T> store
    member _.GetReadAccess () = ReadCapability<'T> store

[<CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module BAREWire =
    /// The BARE encoding of a value.
    let encode (value: 'T) : byte[] =
        let out = List<byte> ()
        Bare.write out typeof<'T> (box value)
        out.ToArray ()
    /// The value a BARE message encodes, or the first error in it.
    let decode<'T> (bytes: byte[]) : Result<'T, BareError> =
        try
            let r = Bare.Reader bytes
            let v = Bare.read r typeof<'T>
            if not r.AtEnd then Error (TrailingBytes r.Pos)
            else Ok (v :?> 'T)
        with BareFailure e -> Error e
    /// The BARE schema of 'T: the declarations of the named types it uses.
    let schemaOf<'T> () : string = Bare.schema typeof<'T>
    let createBuffer<'T> (n: int) : Buffer<'T> =
        if n < 0 then invalidArg "n" "a buffer holds a non-negative number of values"
        Buffer<'T> n

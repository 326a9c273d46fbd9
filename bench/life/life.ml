(* Game of Life as a state-passing loop: same algorithm and output as
   life.clef. *)
let step board =
  let h = Array.length board in
  let w = Array.length board.(0) in
  Array.init h (fun i ->
      Array.init w (fun j ->
          let n = ref 0 in
          for di = 0 to 2 do
            for dj = 0 to 2 do
              if di <> 1 || dj <> 1 then
                n := !n + board.((i + di - 1 + h) mod h).((j + dj - 1 + w) mod w)
            done
          done;
          if !n = 3 || (!n = 2 && board.(i).(j) = 1) then 1 else 0))

let rec loop gen board = if gen = 0 then board else loop (gen - 1) (step board)

let initial size =
  let seed = ref 42 in
  Array.init size (fun _ ->
      Array.init size (fun _ ->
          seed := (!seed * 1103515245 + 12345) mod 2147483648;
          if !seed mod 3 = 0 then 1 else 0))

let () =
  let arg i d = if Array.length Sys.argv > i then int_of_string Sys.argv.(i) else d in
  let gens = arg 1 1000 and size = arg 2 64 in
  let board = loop gens (initial size) in
  let population = ref 0 and checksum = ref 0 in
  for i = 0 to size - 1 do
    for j = 0 to size - 1 do
      if board.(i).(j) = 1 then begin
        incr population;
        checksum := (!checksum + i * size + j) mod 1000003
      end
    done
  done;
  Printf.printf "generation %d: population %d, checksum %d\n" gens !population !checksum

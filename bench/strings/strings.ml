(* String building: same algorithm and output as strings.clef. *)
let piece r i =
  Printf.sprintf "%d:%s" i (if i mod 2 = 0 then "even" else "odd") ^ "/" ^ string_of_int r

let round r =
  let parts = List.init 1000 (piece r) in
  let s = String.concat ", " parts in
  (String.length s, Char.code s.[String.length s / 2])

let () =
  let rounds = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 200 in
  let total = ref 0 and chars = ref 0 in
  for r = 1 to rounds do
    let len, c = round r in
    total := !total + len;
    chars := (!chars + c) mod 1000003
  done;
  Printf.printf "%d rounds, total length %d, checksum %d\n" rounds !total !chars

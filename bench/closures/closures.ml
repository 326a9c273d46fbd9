(* A closure-heavy pipeline: same algorithm and output as closures.clef. *)
let modulus = 1000003

let make_ops n =
  List.init n (fun i ->
      if i mod 2 = 0 then fun x -> (x + i) mod modulus
      else
        let k = (i mod 5) + 2 in
        fun x -> x * k mod modulus)

let compose ops = List.fold_left (fun acc f x -> f (acc x)) (fun x -> x) ops

let round ops composed r =
  let data = List.init 1000 (fun i -> ((i * 7) + r) mod modulus) in
  let stepped = List.fold_left (fun xs f -> List.map f xs) data ops in
  let direct = List.map composed data in
  let kept = List.filter (fun x -> x mod 3 <> 0) stepped in
  let total = List.fold_left (fun acc x -> (acc + x) mod modulus) 0 kept in
  (total, stepped = direct)

let () =
  let rounds = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 300 in
  let ops = make_ops 100 in
  let composed = compose ops in
  let checksum = ref 0 and agreed = ref 0 in
  for r = 1 to rounds do
    let total, agree = round ops composed r in
    checksum := (!checksum + total) mod modulus;
    if agree then incr agreed
  done;
  Printf.printf "%d rounds, %d agree, checksum %d\n" rounds !agreed !checksum

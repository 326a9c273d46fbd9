(* Merge sort on immutable lists: same algorithm and output as
   mergesort.clef. *)
let rec random_list n seed acc =
  if n = 0 then acc
  else
    let s = (seed * 1103515245 + 12345) mod 2147483648 in
    random_list (n - 1) s ((s mod 1000000) :: acc)

let rec rev_append acc tail =
  match acc with [] -> tail | x :: rest -> rev_append rest (x :: tail)

let rec split xs left right =
  match xs with [] -> (left, right) | x :: rest -> split rest right (x :: left)

let rec merge a b acc =
  match a with
  | [] -> rev_append acc b
  | x :: xs -> (
      match b with
      | [] -> rev_append acc a
      | y :: ys -> if x <= y then merge xs b (x :: acc) else merge a ys (y :: acc))

let rec msort xs =
  match xs with
  | [] | [ _ ] -> xs
  | _ ->
      let left, right = split xs [] [] in
      merge (msort left) (msort right) []

let rec checksum xs i sum prev descents =
  match xs with
  | [] -> (sum, i, descents)
  | x :: rest ->
      let d = if x < prev then descents + 1 else descents in
      checksum rest (i + 1) (sum + (x * (i mod 7 + 1))) x d

let rec last = function [ x ] -> x | _ :: rest -> last rest | [] -> failwith "empty list"

let () =
  let n = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 1000000 in
  let sorted = msort (random_list n 42 []) in
  let sum, count, descents = checksum sorted 0 0 0 0 in
  Printf.printf "sorted %d ints, %d descents\n" count descents;
  Printf.printf "first %d, last %d\n" (List.hd sorted) (last sorted);
  Printf.printf "checksum %d\n" sum

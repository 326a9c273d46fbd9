// Region-level IR of one function, for checker tests.
func.func @cell(%x: i32) -> i32 {
  %r = region.create {name = "r1"}
  %c = clef.ref_new %x in %r {clef.escape = "local", clef.escape_reason = "does not outlive @cell"} : i32
  %v = clef.ref_get %c : !clef.ref<i32>
  region.release %r
  return %v : i32
}

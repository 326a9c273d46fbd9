// RUN: clef-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{a dimensionless float is 'f64'}}
func.func @dimensionless(%x: !clef.float<"m/m">) { return }

// -----

// expected-error @+1 {{invalid unit of measure 'm^': expected an integer exponent after '^'}}
func.func @bad_unit(%x: !clef.float<"m^">) { return }

// -----

// expected-error @+1 {{a tuple has at least two elements, got 1}}
func.func @short_tuple(%x: !clef.tuple<i32>) { return }

// -----

// expected-error @+1 {{a function value returns exactly one value, got 0}}
func.func @no_result(%x: !clef.closure<(i32) -> ()>) { return }

// -----

// expected-error @+1 {{duplicate field 'X'}}
clef.record_decl @P {X : f64, X : f64}

// -----

// expected-error @+1 {{duplicate case 'A'}}
clef.union_decl @U {A, A(i32)}

// -----

func.func @add_units(%a: !clef.float<"m">, %b: !clef.float<"s">) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "clef.add"(%a, %b) : (!clef.float<"m">, !clef.float<"s">) -> !clef.float<"m">
  return
}

// -----

func.func @mul_units(%a: !clef.float<"m">, %b: !clef.float<"s">) {
  // expected-error @+1 {{result units must be 'm s' ('m' * 's'), got 'm'}}
  %0 = clef.mul %a, %b : (!clef.float<"m">, !clef.float<"s">) -> !clef.float<"m">
  return
}

// -----

func.func @div_ints(%a: i32, %b: i64) {
  // expected-error @+1 {{integer operands and result must have one type}}
  %0 = clef.div %a, %b : (i32, i64) -> i32
  return
}

// -----

func.func @sqrt_odd(%a: !clef.float<"m">) {
  // expected-error @+1 {{sqrt needs even unit exponents, got 'm'}}
  %0 = clef.math sqrt %a : !clef.float<"m"> -> f64
  return
}

// -----

func.func @sqrt_wrong(%a: !clef.float<"m^2">) {
  // expected-error @+1 {{sqrt of 'm^2' has units 'm', not 's'}}
  %0 = clef.math sqrt %a : !clef.float<"m^2"> -> !clef.float<"s">
  return
}

// -----

func.func @floor_units(%a: !clef.float<"m">) {
  // expected-error @+1 {{result units must equal the operand's units 'm'}}
  %0 = clef.math floor %a : !clef.float<"m"> -> f64
  return
}

// -----

func.func @sin_units(%a: !clef.float<"m">) {
  // expected-error @+1 {{sin needs a dimensionless operand and result}}
  %0 = clef.math sin %a : !clef.float<"m"> -> !clef.float<"m">
  return
}

// -----

func.func @cmp_closures(%f: !clef.closure<(i32) -> i32>) {
  // expected-error @+1 {{function values cannot be compared}}
  %0 = clef.cmp eq, %f, %f : !clef.closure<(i32) -> i32>
  return
}

// -----

func.func @hash_closure(%f: !clef.closure<(i32) -> i32>) {
  // expected-error @+1 {{function values cannot be hashed}}
  %0 = clef.hash %f : !clef.closure<(i32) -> i32>
  return
}

// -----

func.func @bad_char() {
  // expected-error @+1 {{invalid Unicode code point 55296}}
  %0 = clef.char 55296
  return
}

// -----

func.func @printf_type(%x: f64) {
  // expected-error @+1 {{'%d' cannot format argument #0 of type 'f64'}}
  clef.printf "%d"(%x : f64)
  return
}

// -----

func.func @printf_count(%x: i32) {
  // expected-error @+1 {{format string has more conversions than the 1 arguments}}
  clef.printf "%d %d"(%x : i32)
  return
}

// -----

func.func @printf_extra(%x: i32) {
  // expected-error @+1 {{format string has 0 conversions but 1 arguments}}
  clef.printf "none"(%x : i32)
  return
}

// -----

func.func @printf_bad() {
  // expected-error @+1 {{invalid format string: unsupported format specifier '%q'}}
  clef.printf "%q"
  return
}

// -----

func.func @sprintf_type(%x: i32) {
  // expected-error @+1 {{'%s' cannot format argument #0 of type 'i32'}}
  %0 = clef.sprintf "%s"(%x : i32)
  return
}

// -----

func.func @argv() {
  // expected-error @+1 {{result must be !clef.array<!clef.string>}}
  %0 = clef.argv : !clef.array<i32>
  return
}

// -----

func.func @tuple(%x: i32) {
  // expected-error @+1 {{elements #1 has type 'i32', expected 'f64'}}
  %0 = clef.tuple %x, %x : i32, i32 -> !clef.tuple<i32, f64>
  return
}

// -----

func.func @tuple_get(%t: !clef.tuple<i32, f64>) {
  // expected-error @+1 {{index 2 is out of range for a tuple of 2}}
  %0 = clef.tuple_get %t[2] : !clef.tuple<i32, f64> -> f64
  return
}

// -----

func.func @tuple_get_type(%t: !clef.tuple<i32, f64>) {
  // expected-error @+1 {{element #0 has type 'i32', not 'f64'}}
  %0 = clef.tuple_get %t[0] : !clef.tuple<i32, f64> -> f64
  return
}

// -----

clef.record_decl @P {X : f64, mutable Y : f64}

func.func @record_new(%x: f64) {
  // expected-error @+1 {{expects 2 fields, got 1}}
  %0 = clef.record_new %x : f64 -> !clef.record<@P>
  return
}

// -----

func.func @record_undeclared(%x: f64) {
  // expected-error @+1 {{refers to undeclared record @Q}}
  %0 = clef.record_new %x : f64 -> !clef.record<@Q>
  return
}

// -----

clef.record_decl @P {X : f64, mutable Y : f64}

func.func @record_field(%p: !clef.record<@P>) {
  // expected-error @+1 {{record @P has no field 'Z'}}
  %0 = clef.record_get %p["Z"] : !clef.record<@P> -> f64
  return
}

// -----

clef.record_decl @P {X : f64, mutable Y : f64}

func.func @record_field_type(%p: !clef.record<@P>) {
  // expected-error @+1 {{field 'X' has type 'f64', not 'i32'}}
  %0 = clef.record_get %p["X"] : !clef.record<@P> -> i32
  return
}

// -----

clef.record_decl @P {X : f64, mutable Y : f64}

func.func @record_immutable(%p: !clef.record<@P>, %v: f64) {
  // expected-error @+1 {{field 'X' is not mutable}}
  clef.record_set %p["X"], %v : !clef.record<@P>, f64
  return
}

// -----

clef.union_decl @U {A(i32), B}

func.func @union_case(%x: i32) {
  // expected-error @+1 {{union @U has no case 'C'}}
  %0 = clef.union_new "C"(%x : i32) -> !clef.union<@U>
  return
}

// -----

clef.union_decl @U {A(i32), B}

func.func @union_nullary_region(%r: !region.handle) {
  // expected-error @+1 {{nullary case 'B' is not allocated and takes no region}}
  %0 = clef.union_new "B" in %r -> !clef.union<@U>
  return
}

// -----

clef.union_decl @U {A(i32), B}

func.func @union_field(%u: !clef.union<@U>) {
  // expected-error @+1 {{case 'A' has 1 fields, no field #1}}
  %0 = clef.union_field %u["A", 1] : !clef.union<@U> -> i32
  return
}

// -----

clef.union_decl @U {A(i32), B}

func.func @union_field_type(%u: !clef.union<@U>) {
  // expected-error @+1 {{field #0 of case 'A' has type 'i32', not 'f64'}}
  %0 = clef.union_field %u["A", 0] : !clef.union<@U> -> f64
  return
}

// -----

func.func @array_lit(%x: i32, %y: f64) {
  // expected-error @+1 {{element #1 has type 'f64', expected 'i32'}}
  %0 = clef.array_lit %x, %y : i32, f64 -> !clef.array<i32>
  return
}

// -----

func.func @global_missing() {
  // expected-error @+1 {{refers to undeclared global @g}}
  %0 = clef.global_load @g : i32
  return
}

// -----

clef.global @g : i32

func.func @global_type(%x: f64) {
  // expected-error @+1 {{type 'f64' does not match the global's type 'i32'}}
  clef.global_store @g, %x : f64
  return
}

// -----

func.func @lambda_params() {
  // expected-error @+1 {{parameters 'f64' do not match the signature '(i32) -> i32'}}
  %f = clef.lambda : !clef.closure<(i32) -> i32> {
  ^bb0(%x: f64):
    %c = clef.constant 1 : i32
    clef.yield %c : i32
  }
  return
}

// -----

func.func @lambda_yield() {
  %f = clef.lambda : !clef.closure<(i32) -> i32> {
  ^bb0(%x: i32):
    %c = clef.constant 1.0 : f64
    // expected-error @+1 {{yields 'f64' but the lambda returns 'i32'}}
    clef.yield %c : f64
  }
  return
}

// -----

func.func @apply_args(%f: !clef.closure<(i32) -> i32>, %x: f64) {
  // expected-error @+1 {{arguments #0 has type 'f64', expected 'i32'}}
  %0 = "clef.apply"(%f, %x) <{operandSegmentSizes = array<i32: 1, 1, 0>}>
      : (!clef.closure<(i32) -> i32>, f64) -> i32
  return
}

// -----

func.func @g(%x: f64) -> f64 { return %x : f64 }

func.func @func_ref() {
  // expected-error @+1 {{function @g has type '(f64) -> f64', not '(i32) -> i32'}}
  %0 = clef.func_ref @g : !clef.closure<(i32) -> i32>
  return
}

// -----

func.func @func_ref_missing() {
  // expected-error @+1 {{refers to undefined function @nope}}
  %0 = clef.func_ref @nope : !clef.closure<(i32) -> i32>
  return
}

// -----

func.func @code(%x: i32) -> i32 { return %x : i32 }

func.func @closure_new(%k: i32) {
  // expected-error @+1 {{closure code @code must have type '(!clef.closure<(i32) -> i32>, i32) -> i32'}}
  %0 = clef.closure_new @code(%k : i32) : !clef.closure<(i32) -> i32>
  return
}

// -----

// expected-error @+1 {{the entry function must have type '() -> i32'}}
func.func @entry(%x: i32) -> i32 attributes {clef.entry} {
  return %x : i32
}

// -----

// expected-error @+1 {{'clef.entry' only marks a func.func}}
clef.global @g {clef.entry} : i32

// -----

// expected-error @+1 {{unknown clef attribute 'clef.bogus'}}
func.func @bogus() attributes {clef.bogus} { return }

// -----

func.func @bad_escape_class(%a: i32) -> !clef.tuple<i32, i32> {
  // expected-error @+1 {{'clef.escape' must be one of "iteration-local", "loop-carried", "local", "captured", "stored", "returned", "global"}}
  %t = clef.tuple %a, %a : i32, i32 {clef.escape = "heap"} -> !clef.tuple<i32, i32>
  return %t : !clef.tuple<i32, i32>
}

// -----

func.func @escape_on_non_allocation(%a: i32, %b: i32) -> i32 {
  // expected-error @+1 {{'clef.escape' only marks an allocating op}}
  %s = clef.add %a, %b {clef.escape = "local"} : i32
  return %s : i32
}

// -----

func.func @escape_reason_not_string(%a: i32) -> !clef.tuple<i32, i32> {
  // expected-error @+1 {{'clef.escape_reason' must be a string attribute}}
  %t = clef.tuple %a, %a : i32, i32 {clef.escape = "local", clef.escape_reason = 3 : i32} -> !clef.tuple<i32, i32>
  return %t : !clef.tuple<i32, i32>
}

// -----

func.func @escape_reason_alone(%a: i32) -> !clef.tuple<i32, i32> {
  // expected-error @+1 {{'clef.escape_reason' explains a 'clef.escape' attribute}}
  %t = clef.tuple %a, %a : i32, i32 {clef.escape_reason = "why"} -> !clef.tuple<i32, i32>
  return %t : !clef.tuple<i32, i32>
}

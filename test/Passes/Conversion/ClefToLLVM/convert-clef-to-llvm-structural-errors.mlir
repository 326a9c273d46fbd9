// RUN: clef-opt %s --convert-clef-to-llvm -split-input-file -verify-diagnostics

// Function values nested in compound values cannot be compared, hashed or
// printed with %A. The conversion then fails on the op.

func.func @cmp(%a: !clef.tuple<!clef.closure<(i32) -> i32>, i32>) -> i1 {
  // expected-error @+2 {{failed to legalize operation 'clef.cmp'}}
  // expected-error @+1 {{function values cannot be compared (in a value of type '!clef.closure<(i32) -> i32>')}}
  %r = clef.cmp eq, %a, %a : !clef.tuple<!clef.closure<(i32) -> i32>, i32>
  return %r : i1
}

// -----

clef.union_decl @U {F(!clef.closure<(i32) -> i32>)}

func.func @hash(%a: !clef.list<!clef.union<@U>>) -> i32 {
  // expected-error @+2 {{failed to legalize operation 'clef.hash'}}
  // expected-error @+1 {{function values cannot be hashed}}
  %r = clef.hash %a : !clef.list<!clef.union<@U>>
  return %r : i32
}

// -----

func.func @print(%a: !clef.option<!clef.closure<(i32) -> i32>>) {
  // expected-error @+2 {{failed to legalize operation 'clef.printf'}}
  // expected-error @+1 {{function values cannot be formatted with '%A'}}
  clef.printf "%A"(%a : !clef.option<!clef.closure<(i32) -> i32>>)
  return
}

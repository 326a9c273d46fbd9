// RUN: clef-opt %s -split-input-file -verify-diagnostics

func.func @release_global() {
  %g = region.global
  // expected-error @+1 {{cannot release the process region}}
  region.release %g
  return
}

// -----

func.func @alignment(%r: !region.handle, %n: i64) {
  // expected-error @+1 {{alignment must be a power of two no larger than 4096, got 24}}
  %p = region.alloc %r, %n {alignment = 24 : i64} : i64
  return
}

// -----

func.func @alignment_zero(%r: !region.handle, %n: i64) {
  // expected-error @+1 {{attribute 'alignment' failed to satisfy constraint}}
  %p = region.alloc %r, %n {alignment = 0 : i64} : i64
  return
}

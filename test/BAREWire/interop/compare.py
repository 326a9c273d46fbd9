"""Compares bare-ts's and Clef's decodings of the same inputs (two files of
lines: a JSON value or "error ..."). Every input bare-ts rejects must be
rejected by Clef; inputs both accept must decode to the same value. Inputs
only Clef rejects are listed (Clef checks a few things bare-ts leaves
alone, e.g. it is no error there that a NaN is not a map key)."""
import sys

peer = open(sys.argv[1]).read().splitlines()
clef = open(sys.argv[2]).read().splitlines()
inputs = open(sys.argv[3]).read().splitlines()
assert len(peer) == len(clef) == len(inputs), (len(peer), len(clef), len(inputs))
both_ok = both_err = only_clef = bad = 0
for i, (p, c) in enumerate(zip(peer, clef)):
    pe, ce = p.startswith("error"), c.startswith("error")
    if pe and ce:
        both_err += 1
    elif pe and not ce:
        bad += 1
        print(f"ACCEPTED-BY-CLEF {inputs[i]}: bare-ts {p}; Clef {c}")
    elif ce:
        only_clef += 1
        print(f"clef-only rejection {inputs[i]}: {c} (bare-ts: {p})")
    elif p != c:
        bad += 1
        print(f"VALUES-DIFFER {inputs[i]}: bare-ts {p}; Clef {c}")
    else:
        both_ok += 1
print(f"inputs: {len(inputs)}, both rejected: {both_err}, both accepted alike: {both_ok}, "
      f"only Clef rejected: {only_clef}, disagreements: {bad}")
sys.exit(1 if bad else 0)

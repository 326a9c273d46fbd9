"""Invalid inputs for the interop cross-check: each valid message (hex, one a
line on stdin) cut short, with a byte changed, with a byte added, or with a
varint made overlong. Deterministic for a seed. Prints one hex line each."""
import random
import sys

rng = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
for line in sys.stdin:
    h = line.split()[0] if line.strip() else ""
    if not h:
        continue
    b = bytes.fromhex("" if h == "-" else h)
    out = []
    if b:
        out.append(b[: rng.randrange(len(b))])  # truncated
        i = rng.randrange(len(b))
        out.append(b[:i] + bytes([rng.choice([0x02, 0x80, 0xFF, b[i] ^ (1 << rng.randrange(8))])]) + b[i + 1:])
        i = rng.randrange(len(b))
        out.append(b[:i] + b"\x80" + b[i:])  # a continuation byte inserted
    out.append(b + bytes([rng.randrange(256)]))  # trailing byte
    for m in out:
        print(m.hex() or "-")

#!/usr/bin/env bash
# Builds the seed corpus of one fuzz target into OUT_DIR:
#
#   fuzz/make-corpus.sh frontend|compile|pipeline|barewire OUT_DIR [CLEF_TRANSLATE]
#
# frontend, compile: examples/*.clef and every .clef file under test/.
# pipeline: the clef dialect `clef-translate --import-clef` makes of those
# (CLEF_TRANSLATE, default build/bin/clef-translate), plus every test/**.mlir
# split at its `// -----` separators. barewire: every message of the BARE
# conformance vectors (test/BAREWire/*.test), behind a few type-choosing
# first bytes. Seeds are named by content hash, so
# rerunning adds nothing twice.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$1"
out="$2"
translate="${3:-$ROOT/build/bin/clef-translate}"
mkdir -p "$out"

sources() {
  find "$ROOT/examples" "$ROOT/test" -name '*.clef' -not -path '*/Fuzz/*' | sort
}

case "$target" in
barewire)
  cat "$ROOT"/test/BAREWire/*.test | python3 -c '
import hashlib, os, sys
out = sys.argv[1]
for line in sys.stdin:
    f = line.split()
    if len(f) >= 3 and f[0] in ("ok", "bad"):
        msg = b"" if f[2] == "-" else bytes.fromhex(f[2])
        for first in (0, 3, 5, 6, 7, 9, 10, 13):
            data = bytes([first]) + msg
            with open(os.path.join(out, hashlib.sha1(data).hexdigest()), "wb") as o:
                o.write(data)
' "$out"
  ;;
frontend | compile)
  while read -r f; do
    cp "$f" "$out/$(sha1sum <"$f" | cut -c1-40)"
  done < <(sources)
  ;;
pipeline)
  tmp=$(mktemp)
  while read -r f; do
    if "$translate" --import-clef "$f" -o "$tmp" 2>/dev/null; then
      cp "$tmp" "$out/$(sha1sum <"$tmp" | cut -c1-40)"
    fi
  done < <(sources)
  rm -f "$tmp"
  find "$ROOT/test" -name '*.mlir' -not -path '*/Fuzz/*' | sort |
    python3 -c '
import hashlib, os, re, sys
out = sys.argv[1]
for path in sys.stdin.read().split():
    text = open(path, encoding="utf-8", errors="replace").read()
    for chunk in re.split(r"^// -----\s*$", text, flags=re.M):
        data = chunk.strip().encode() + b"\n"
        if len(data) > 1:
            name = hashlib.sha1(data).hexdigest()
            open(os.path.join(out, name), "wb").write(data)
' "$out"
  ;;
*)
  echo "make-corpus.sh: unknown target '$target' (frontend, compile, pipeline)" >&2
  exit 1
  ;;
esac
echo "seeds for $target: $(ls "$out" | wc -l) in $out" >&2

#!/usr/bin/env python3
"""`clefc` for the F# runs of the execution tests (fsharp/lit_fsharp.py).

`fsclefc.py BATCH_DIR [clefc options] SRC.clef -o EXE` compiles nothing: the
program was built into the F# batch in BATCH_DIR, so EXE becomes a launcher
of its module (`dotnet ClefBatch.dll MODULE ARGS`). A program F# rejects
fails here with F#'s messages, as a compile error would.
"""

import hashlib
import os
import shlex
import stat
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import batch as fsbatch  # noqa: E402


def main(argv):
    batch_dir, args = argv[0], argv[1:]
    out = None
    srcs = []
    i = 0
    while i < len(args):
        if args[i] == "-o" and i + 1 < len(args):
            out = args[i + 1]
            i += 2
            continue
        if args[i].endswith(".clef"):
            srcs.append(os.path.abspath(args[i]))
        i += 1
    if out is None or len(srcs) != 1:
        sys.stderr.write("fsclefc: expected one SRC.clef and -o EXE\n")
        return 2
    b = fsbatch.load(batch_dir)
    src = srcs[0]
    if src not in b.modules and src not in b.rejected:
        # Written by the test itself (a generated program): a batch of its
        # own, kept by content.
        with open(src, "rb") as f:
            key = hashlib.sha256(f.read()).hexdigest()[:16]
        try:
            b = fsbatch.build([src], os.path.join(batch_dir, "extra", key),
                              home=os.path.join(batch_dir, "home"))
        except RuntimeError as e:
            sys.stderr.write("fsclefc: %s\n" % e)
            return 1
    if src in b.rejected:
        sys.stderr.write("F# rejects %s:\n%s\n" % (src, b.rejected[src]))
        return 1
    if src not in b.modules:
        sys.stderr.write("fsclefc: %s is not in the F# batch %s\n" % (src, batch_dir))
        return 1
    cmd = " ".join(shlex.quote(c) for c in b.command(src))
    with open(out, "w") as f:
        f.write("#!/bin/sh\n# %s under F#\nexec %s \"$@\"\n" % (src, cmd))
    os.chmod(out, os.stat(out).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Differential testing of clefc against the reference interpreter.

For each batch of generated programs (gen_program.py): run it with
clef-interp, compile it with `clefc --checked-runtime` (released regions are
poisoned, so a use after release faults), run the executable, and compare
exit codes, stdout and the exception line on stderr. A batch holds several
independent generated modules (one seed each) in one program, because the
front end's parse dominates the time of small programs.

Outcomes per batch:
  pass      both agree
  skipped   the interpreter does not implement something (exit 120) or hit
            its limits (121, timeout)
  finding   compile failure, crash (signal), timeout of the executable,
            or any difference; the program and both outputs are saved under
            the findings directory, with the seed of the first module whose
            output differs

The F# leg (when dotnet is installed, unless --no-fsharp): every batch the
interpreter ran is also compiled as F# (all batches as modules of one
assembly, fsharp/batch.py, so `dotnet build` runs once) and run; any
difference from the interpreter in exit code, stdout or the exception line
is a finding too ("F# differs"), saved with the F# output.

Exit code: 0 when there is no finding and no generated program was rejected
by the front end, 1 otherwise.
"""

import argparse
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "fsharp"))
import gen_program  # noqa: E402
import batch as fsbatch  # noqa: E402

UNSUPPORTED = 120
LIMIT = 121


def run(cmd, timeout, env=None):
    """(exit code or 'timeout', stdout, stderr); a signal is -N."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout, env=env)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        return "timeout", e.stdout or b"", e.stderr or b""


def exception_line(stderr):
    for line in stderr.decode("utf-8", "replace").splitlines():
        if line.startswith("Unhandled exception."):
            return line
    return ""


def first_module(seed, out_a, out_b):
    """Seed of the module printing the first differing line."""
    a = out_a.decode("utf-8", "replace").splitlines()
    b = out_b.decode("utf-8", "replace").splitlines()
    current = None
    for i in range(max(len(a), len(b))):
        la = a[i] if i < len(a) else None
        lb = b[i] if i < len(b) else None
        for line in (la, lb):
            if line and line.startswith("== p") and line.endswith("_"):
                current = int(line[4:-1])
        if la != lb:
            return current if current is not None else seed
    return current if current is not None else seed


def check_batch(args, seed, workdir):
    """Returns (outcome, detail, files) for the batch starting at seed."""
    src = os.path.join(workdir, "p%d.clef" % seed)
    exe = os.path.join(workdir, "p%d.exe" % seed)
    text = gen_program.program(seed, args.size, args.batch)
    with open(src, "w") as f:
        f.write(text)
    files = {"program.clef": text.encode()}

    icode, iout, ierr = run([os.path.join(args.bin, "clef-interp"), src],
                            args.interp_timeout)
    files["interp.out"], files["interp.err"] = iout, ierr
    files["interp.code"] = icode
    if icode == 1 and b": error:" in ierr:
        return "invalid", "the front end rejects the generated program", files
    if icode in (UNSUPPORTED, LIMIT, "timeout"):
        return "skipped", "interpreter exit %s: %s" % (
            icode, ierr.decode("utf-8", "replace").strip().splitlines()[-1:]), files

    # Alternate batches between -O0 and -O2.
    opt = "-O0" if (seed - args.seed) // args.batch % 2 == 0 else "-O2"
    ccode, cout, cerr = run([os.path.join(args.bin, "clefc"), opt,
                             "--checked-runtime", src, "-o", exe],
                            args.compile_timeout)
    files["clefc.err"] = cerr
    if ccode != 0:
        return "finding", "clefc %s failed (exit %s)" % (opt, ccode), files

    env = dict(os.environ)
    xcode, xout, xerr = run([exe], args.run_timeout, env)
    files["exe.out"], files["exe.err"] = xout, xerr
    try:
        os.remove(exe)
    except OSError:
        pass
    if not args.fsharp:
        os.remove(src)
    if xcode == "timeout":
        return "finding", "the %s executable timed out" % opt, files
    if isinstance(xcode, int) and (xcode < 0 or xcode >= 128):
        return "finding", "the %s executable crashed (exit %d, module %d)" % (
            opt, xcode, first_module(seed, iout, xout)), files
    if xcode != icode:
        return "finding", "exit code %s, interpreter %s (%s, module %d)" % (
            xcode, icode, opt, first_module(seed, iout, xout)), files
    if xout != iout:
        return "finding", "stdout differs (%s, module %d)" % (
            opt, first_module(seed, iout, xout)), files
    if exception_line(xerr) != exception_line(ierr):
        return "finding", "exception differs (%s): %r vs %r" % (
            opt, exception_line(xerr), exception_line(ierr)), files
    return "pass", "", files


def fsharp_leg(args, workdir, interp_runs, record):
    """Runs every batch the interpreter ran under F# and compares."""
    t0 = time.time()
    seeds = sorted(interp_runs)
    sources = [os.path.join(workdir, "p%d.clef" % s) for s in seeds]
    home = os.path.join(os.path.dirname(os.path.abspath(args.bin)), "fsharp-home")
    try:
        b = fsbatch.build(sources, os.path.join(workdir, "fsharp"), home=home)
    except RuntimeError as e:
        print("difftest: F# build failed: %s" % str(e)[-2000:], flush=True)
        for s in seeds:
            record(s, "finding", "the F# build failed", interp_runs[s])
        return
    built = time.time() - t0
    env = fsbatch.environment(home)

    def one(seed, src):
        files = dict(interp_runs[seed])
        if src in b.rejected:
            files["fsharp.err"] = b.rejected[src].encode()
            return seed, "finding", "F# rejects the program", files
        code, out, err = run(b.command(src), args.run_timeout, env)
        files["fsharp.out"], files["fsharp.err"] = out, err
        icode, iout = interp_runs[seed].get("interp.code"), files["interp.out"]
        ierr = files["interp.err"]
        if code == "timeout":
            return seed, "finding", "F# timed out", files
        if code != icode:
            return seed, "finding", "F# exit code %s, interpreter %s (module %d)" % (
                code, icode, first_module(seed, iout, out)), files
        if out != iout:
            return seed, "finding", "F# stdout differs (module %d)" % first_module(
                seed, iout, out), files
        if exception_line(err) != exception_line(ierr):
            return seed, "finding", "F# exception differs: %r vs %r" % (
                exception_line(err), exception_line(ierr)), files
        return seed, "pass", "", files

    n = {"pass": 0, "finding": 0}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for seed, outcome, detail, files in pool.map(lambda p: one(*p), zip(seeds, sources)):
            n[outcome] += 1
            if outcome == "finding":
                record(seed, outcome, detail, files)
    print("difftest: F# leg: %d batches, %d agree, %d findings, build %.0f s, %.0f s" % (
        len(seeds), n["pass"], n["finding"], built, time.time() - t0), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True, help="directory of clefc and clef-interp")
    ap.add_argument("--count", type=int, default=200, help="programs (modules) to run")
    ap.add_argument("--seed", type=int, default=1, help="first seed")
    ap.add_argument("--batch", type=int, default=20, help="modules per compiled program")
    ap.add_argument("--size", type=int, default=4, help="functions per module")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--findings", default="difftest-findings",
                    help="where failing programs are saved")
    ap.add_argument("--interp-timeout", type=float, default=60)
    ap.add_argument("--compile-timeout", type=float, default=300)
    ap.add_argument("--run-timeout", type=float, default=60)
    ap.add_argument("--no-fsharp", dest="fsharp", action="store_false",
                    help="leave out the F# leg")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args()
    if args.fsharp and not fsbatch.dotnet_version():
        print("difftest: F# leg skipped: no working dotnet", flush=True)
        args.fsharp = False

    batches = [args.seed + i * args.batch
               for i in range((args.count + args.batch - 1) // args.batch)]
    counts = {"pass": 0, "skipped": 0, "finding": 0, "invalid": 0}
    start = time.time()
    workdir = tempfile.mkdtemp(prefix="clef-difftest-")
    interp_runs = {}  # seed -> files, for the F# leg

    def record(seed, outcome, detail, files):
        counts[outcome] += 1
        if outcome in ("finding", "invalid", "skipped"):
            where = os.path.join(args.findings, "%s-%d" % (outcome, seed))
            os.makedirs(where, exist_ok=True)
            for name, data in files.items():
                if not isinstance(data, bytes):
                    continue
                with open(os.path.join(where, name), "wb") as f:
                    f.write(data)
            with open(os.path.join(where, "summary.txt"), "a") as f:
                f.write("seed %d batch %d size %d: %s: %s\n" % (
                    seed, args.batch, args.size, outcome, detail))
        if outcome != "pass" or not args.quiet:
            print("seed %d (+%d): %s%s" % (seed, args.batch, outcome,
                                            ": " + detail if detail else ""),
                  flush=True)

    try:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            futures = {pool.submit(check_batch, args, s, workdir): s for s in batches}
            for future in concurrent.futures.as_completed(futures):
                seed = futures[future]
                outcome, detail, files = future.result()
                if outcome in ("pass", "finding") and "interp.out" in files:
                    interp_runs[seed] = files
                record(seed, outcome, detail, files)
        if args.fsharp:
            fsharp_leg(args, workdir, interp_runs, record)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    programs = len(batches) * args.batch
    print("difftest: %d programs in %d batches, seeds %d..%d, %.0f s" % (
        programs, len(batches), args.seed, args.seed + programs - 1, time.time() - start))
    print("difftest: batches passed %d, skipped %d, findings %d, invalid %d" % (
        counts["pass"], counts["skipped"], counts["finding"], counts["invalid"]))
    return 0 if counts["finding"] == 0 and counts["invalid"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

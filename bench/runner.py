#!/usr/bin/env python3
"""The benchmark runner behind bench/run.sh (Python 3, standard library only).

Builds every benchmark in Clef and in each peer (C with malloc/free, C with
a bump arena, C with APR pools, C with the Boehm GC, OCaml, Rust), checks
that all of a benchmark's programs print the same output, runs each one
several times, and writes a markdown report with the median wall time,
the peak resident set size and the Clef/peer ratios of both. It also
measures Life's peak memory at N and 10N generations, and the compile time
of generated Clef programs of growing size, phase by phase.

    bench/run.sh                   # everything, full sizes, 5 runs each
    bench/run.sh --quick           # small sizes, 3 runs: a smoke test
    bench/run.sh --runs 3 --only binarytrees,life --no-scaling
"""

import argparse
import datetime
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)


class Benchmark:
    def __init__(self, name, full, quick, allocates, what):
        self.name = name
        self.full = full
        self.quick = quick
        self.allocates = allocates
        self.what = what


BENCHMARKS = [
    Benchmark("binarytrees", ["18"], ["10"], True,
              "binary trees: build and check 2^d-node trees, depth from argv"),
    Benchmark("nbody", ["20000000"], ["100000"], False,
              "n-body: floating-point integration, no allocation"),
    Benchmark("mergesort", ["1000000"], ["20000"], True,
              "merge sort of a list of pseudo-random ints"),
    Benchmark("life", ["1000"], ["50"], True,
              "Game of Life, a new 64x64 board per generation"),
    Benchmark("closures", ["300"], ["5"], True,
              "100 closures mapped and composed over 1000-int lists"),
    Benchmark("strings", ["200"], ["5"], True,
              "1000 sprintf strings joined per round"),
]

# Peer name, label in the report, source suffix, whether it only makes sense
# for allocating programs.
PEERS = [
    ("clef", "Clef", ".clef", False),
    ("c", "C malloc/free", ".c", False),
    ("c-bump", "C bump arena", ".c", True),
    ("c-apr", "C APR pools", ".c", True),
    ("c-gc", "C Boehm GC", ".c", True),
    ("ocaml", "OCaml", ".ml", False),
    ("rust", "Rust", ".rs", False),
]
LABEL = {p[0]: p[1] for p in PEERS}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run_capture(cmd, cwd=None, timeout=None):
    return subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=timeout)


def pkg_config(flag, pkg):
    if not shutil.which("pkg-config"):
        return None
    r = run_capture(["pkg-config", flag, pkg])
    return r.stdout.split() if r.returncode == 0 else None


PEAKRSS = None  # the compiled common/peakrss.c


def measure(cmd, timeout=None):
    """Runs cmd under peakrss; returns (wall seconds, peak RSS in KiB, exit
    code, stderr). The peak RSS is ru_maxrss from wait4, which covers the
    process and the descendants it waited for (clefc's clang)."""
    with tempfile.NamedTemporaryFile(mode="r") as res, \
            tempfile.TemporaryFile() as err:
        # A session of its own, so that a timeout ends the program too.
        p = subprocess.Popen([PEAKRSS, res.name] + cmd,
                             stdout=subprocess.DEVNULL, stderr=err,
                             start_new_session=True)
        try:
            p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            return None, None, -9, "timeout"
        err.seek(0)
        stderr = err.read().decode(errors="replace")
        fields = res.read().split()
        if len(fields) != 3:
            return None, None, -1, stderr
        return float(fields[0]), int(fields[1]), int(fields[2]), stderr


class Toolchain:
    def __init__(self, args):
        self.clefc = args.clefc
        self.cc = args.cc
        self.ocamlopt = shutil.which("ocamlopt")
        self.rustc = shutil.which("rustc")
        self.apr_cflags = pkg_config("--cflags", "apr-1")
        self.apr_libs = pkg_config("--libs", "apr-1")
        self.have_gc = os.path.exists("/usr/include/gc.h") or os.path.exists(
            "/usr/include/gc/gc.h")
        self.missing = []

    def version(self, peer):
        try:
            if peer == "clef":
                return "clefc -O2 (" + os.path.relpath(self.clefc, ROOT) + ")"
            if peer.startswith("c"):
                v = run_capture([self.cc, "--version"]).stdout.splitlines()[0]
                extra = {"c": "", "c-bump": " -DBENCH_BUMP",
                         "c-apr": " -DBENCH_APR -lapr-1",
                         "c-gc": " -DBENCH_GC -lgc"}[peer]
                return f"{v} -O2{extra}"
            if peer == "ocaml":
                return "ocamlopt " + run_capture([self.ocamlopt, "-version"]).stdout.strip()
            if peer == "rust":
                return run_capture([self.rustc, "--version"]).stdout.strip() + " -O"
        except (OSError, IndexError, TypeError):
            pass
        return "?"

    def build(self, peer, src, out, workdir):
        """The command that builds src into out, or None if the peer's
        toolchain is missing."""
        if peer == "clef":
            return [self.clefc, "-O2", src, "-o", out]
        if peer.startswith("c"):
            cmd = [self.cc, "-O2", src, "-o", out]
            if peer == "c-bump":
                cmd[2:2] = ["-DBENCH_BUMP"]
            elif peer == "c-apr":
                if self.apr_cflags is None:
                    return None
                cmd[2:2] = ["-DBENCH_APR"] + self.apr_cflags
                cmd += self.apr_libs
            elif peer == "c-gc":
                if not self.have_gc:
                    return None
                cmd[2:2] = ["-DBENCH_GC"]
                cmd += ["-lgc"]
            return cmd + ["-lm"]
        if peer == "ocaml":
            if not self.ocamlopt:
                return None
            # ocamlopt writes its intermediate files next to the source.
            local = os.path.join(workdir, os.path.basename(src))
            shutil.copy(src, local)
            return [self.ocamlopt, "-o", out, local]
        if peer == "rust":
            if not self.rustc:
                return None
            return [self.rustc, "-O", "-o", out, src]
        raise ValueError(peer)


def fmt_time(t):
    return "-" if t is None else f"{t:.3f}"


def fmt_mib(kib):
    return "-" if kib is None else f"{kib / 1024:.1f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def fmt_ratio(r):
    return "-" if r is None else f"{r:.2f}"


def run_benchmarks(args, tc, workdir, report, failures):
    results = {}
    for b in BENCHMARKS:
        if args.only and b.name not in args.only:
            continue
        argv = b.quick if args.quick else b.full
        log(f"== {b.name} {' '.join(argv)}")
        bdir = os.path.join(workdir, b.name)
        os.makedirs(bdir, exist_ok=True)
        exes = {}
        notes = []
        for peer, _, suffix, alloc_only in PEERS:
            if alloc_only and not b.allocates:
                continue
            src = os.path.join(BENCH, b.name, b.name + suffix)
            if not os.path.exists(src):
                continue
            out = os.path.join(bdir, peer)
            cmd = tc.build(peer, src, out, bdir)
            if cmd is None:
                notes.append(f"{LABEL[peer]}: toolchain missing, skipped")
                continue
            r = run_capture(cmd, cwd=bdir)
            if r.returncode != 0:
                failures.append(f"{b.name}/{peer}: build failed")
                notes.append(f"{LABEL[peer]}: build failed")
                log(r.stdout + r.stderr)
                continue
            exes[peer] = out
        # Outputs must agree with the first program that ran (Clef's).
        outputs = {}
        for peer, exe in exes.items():
            r = run_capture([exe] + argv, timeout=args.timeout)
            if r.returncode != 0:
                failures.append(f"{b.name}/{peer}: exit code {r.returncode}")
                notes.append(f"{LABEL[peer]}: exit code {r.returncode}: "
                             + r.stderr.strip()[:200])
                continue
            outputs[peer] = r.stdout
        reference = outputs.get("clef", next(iter(outputs.values()), None))
        agreeing = {}
        for peer, out in outputs.items():
            if out != reference:
                failures.append(f"{b.name}/{peer}: output differs from Clef's")
                notes.append(f"{LABEL[peer]}: output differs from Clef's")
                log(f"{b.name}/{peer} printed:\n{out}expected:\n{reference}")
            else:
                agreeing[peer] = exes[peer]
        stats = {}
        for peer, exe in agreeing.items():
            times, rss = [], []
            for _ in range(args.runs):
                t, m, rc, err = measure([exe] + argv, timeout=args.timeout)
                if rc != 0:
                    failures.append(f"{b.name}/{peer}: exit code {rc} when timed")
                    break
                times.append(t)
                rss.append(m)
            if times:
                stats[peer] = (statistics.median(times), min(times), max(times),
                               statistics.median(rss))
                log(f"   {peer:8} {stats[peer][0]:8.3f} s {stats[peer][3] / 1024:9.1f} MiB")
        results[b.name] = (b, argv, stats, notes, reference)
    return results


def write_benchmark_tables(results, report, args):
    report.append("## Run time and peak memory")
    report.append("")
    report.append(f"Median of {args.runs} runs of each program; peak RSS is the "
                  "median of the runs' `ru_maxrss`. A ratio is Clef's value "
                  "divided by the peer's: above 1, Clef is slower or uses more "
                  "memory.")
    report.append("")
    # Summary: time ratio / memory ratio per benchmark and peer.
    peers = [p[0] for p in PEERS if p[0] != "clef"]
    report.append("### Clef/peer ratios (time / memory)")
    report.append("")
    report.append("| benchmark | " + " | ".join(LABEL[p] for p in peers) + " |")
    report.append("| --- |" + " --- |" * len(peers))
    for name, (b, argv, stats, notes, _) in results.items():
        cells = []
        clef = stats.get("clef")
        for p in peers:
            s = stats.get(p)
            if clef is None or s is None:
                cells.append("-")
            else:
                cells.append(f"{fmt_ratio(ratio(clef[0], s[0]))} / "
                             f"{fmt_ratio(ratio(clef[3], s[3]))}")
        report.append(f"| {name} {' '.join(argv)} | " + " | ".join(cells) + " |")
    report.append("")
    for name, (b, argv, stats, notes, reference) in results.items():
        report.append(f"### {name} {' '.join(argv)}")
        report.append("")
        report.append(b.what + ".")
        report.append("")
        report.append("| program | median time (s) | min-max (s) | peak RSS (MiB) "
                      "| Clef/peer time | Clef/peer memory |")
        report.append("| --- | --- | --- | --- | --- | --- |")
        clef = stats.get("clef")
        for peer, label, _, _ in PEERS:
            s = stats.get(peer)
            if s is None:
                continue
            rt = ratio(clef[0], s[0]) if clef else None
            rm = ratio(clef[3], s[3]) if clef else None
            report.append(f"| {label} | {fmt_time(s[0])} | {fmt_time(s[1])}-"
                          f"{fmt_time(s[2])} | {fmt_mib(s[3])} | {fmt_ratio(rt)} "
                          f"| {fmt_ratio(rm)} |")
        report.append("")
        if notes:
            for n in notes:
                report.append(f"- {n}")
            report.append("")
        if reference:
            report.append("Output (identical for every program listed):")
            report.append("")
            report.append("```")
            report.extend(reference.rstrip("\n").splitlines())
            report.append("```")
            report.append("")


def life_memory(args, workdir, report, failures):
    """Peak RSS of Life at N and 10N generations: a state-passing loop whose
    old boards are garbage should need the same memory for both."""
    ldir = os.path.join(workdir, "life")
    if not os.path.isdir(ldir):
        return
    n = int(BENCHMARKS[3].quick[0] if args.quick else BENCHMARKS[3].full[0])
    log(f"== life memory at {n} and {10 * n} generations")
    report.append(f"## Life: peak memory at N = {n} and 10N = {10 * n} generations")
    report.append("")
    report.append("A state-passing loop keeps one board alive at a time, so its "
                  "peak memory should not grow with the number of generations "
                  "(a ratio near 1). One run each.")
    report.append("")
    report.append("| program | peak RSS at N (MiB) | peak RSS at 10N (MiB) | 10N/N |")
    report.append("| --- | --- | --- | --- |")
    for peer, label, _, _ in PEERS:
        exe = os.path.join(ldir, peer)
        if not os.path.exists(exe):
            continue
        values = []
        for gens in (n, 10 * n):
            t, m, rc, err = measure([exe, str(gens)], timeout=args.timeout)
            if rc != 0:
                failures.append(f"life/{peer} at {gens}: exit code {rc}")
                values.append(None)
            else:
                values.append(m)
        r = ratio(values[1], values[0])
        report.append(f"| {label} | {fmt_mib(values[0])} | {fmt_mib(values[1])} "
                      f"| {fmt_ratio(r)} |")
    report.append("")


# A row of the --mlir-timing tree: one or more "seconds (percent)" columns,
# then the name indented two spaces per nesting level.
TIMING_ROW = re.compile(r"^((?:\s*[\d.]+ \(\s*[\d.]+%\))+)  (\s*)(\S.*?)\s*$")

PHASES = [
    ("Parse", "parse"),
    ("Type check", "type check"),
    ("Emit and monomorphise", "emit + monomorphise"),
    ("Verify", "verify"),
    ("Pass pipeline", "MLIR passes"),
    ("Translate to LLVM IR", "to LLVM IR"),
    ("Write LLVM IR", "write IR"),
    ("clang (optimize, codegen, link)", "clang: opt + codegen + link"),
]


def parse_timing(text):
    """The --mlir-timing tree as (phases, passes): phase name -> wall
    seconds for every row (the first occurrence of a name), and pass name ->
    wall seconds summed over the rows directly under "Pass pipeline"."""
    phases, passes = {}, {}
    parent = None
    for line in text.splitlines():
        m = TIMING_ROW.match(line)
        if not m:
            continue
        wall = float(re.findall(r"([\d.]+) \(", m.group(1))[-1])
        depth = len(m.group(2)) // 2
        name = m.group(3)
        if depth == 0:
            parent = name
        elif depth == 1 and parent == "Pass pipeline":
            passes[name] = passes.get(name, 0.0) + wall
        phases.setdefault(name, wall)
    return phases, passes


def run_generated(args, exe, expected, what, failures):
    """Runs a generated program; returns its status for the report."""
    r = run_capture([exe], timeout=args.timeout)
    if r.returncode == 0 and r.stdout == expected:
        return "runs, output correct"
    status = (f"wrong output: {r.stdout.strip()!r} "
              f"(expected {expected.strip()!r})")
    failures.append(f"{what}: {status}")
    return status


def compile_ocaml(args, tc, gdir, gen, lines, expected, failures):
    """Compiles and runs the OCaml twin of the generated program; returns
    (wall seconds, peak RSS in KiB, status)."""
    if not tc.ocamlopt:
        return None, None, "no ocamlopt"
    src = os.path.join(gdir, f"gen{lines}.ml")
    exe = os.path.join(gdir, f"gen{lines}-ocaml")
    subprocess.run([sys.executable, gen, "--lines", str(lines), "--ocaml",
                    "-o", src], check=True)
    # ocamlopt 4.13 recurses over the program's long top-level sequence and
    # overflows the default 8 MB stack at 100k lines; clefc runs itself on a
    # large stack, so give ocamlopt one too.
    wall, rss, rc, err = measure(
        ["bash", "-c", 'ulimit -s unlimited && exec "$0" "$@"', tc.ocamlopt,
         "-o", exe, src], timeout=args.compile_timeout)
    if rc != 0:
        status = "timed out" if err == "timeout" else f"exit code {rc}"
        log(err[-2000:])
        failures.append(f"ocamlopt on the {lines}-line program: {status}")
        return wall, rss, status
    status = run_generated(args, exe, expected, f"OCaml {lines}-line program",
                           failures)
    log(f"   ocamlopt {wall:.2f} s, {rss / 1024:.1f} MiB; {status}")
    return wall, rss, status


def compile_scaling(args, tc, workdir, report, failures, notes):
    sizes = args.scaling_sizes or ([300, 1000, 3000] if args.quick
                                   else [1000, 10000, 100000])
    gdir = os.path.join(workdir, "scaling")
    os.makedirs(gdir, exist_ok=True)
    gen = os.path.join(BENCH, "gen", "gen_program.py")
    rows = []
    ocaml_rows = []  # (wall, rss, status) of ocamlopt on the same shape
    timed_out = None
    for lines in sizes:
        if timed_out:
            notes.append(f"the {lines}-line program was not compiled: the "
                         f"{timed_out}-line one already timed out")
            continue
        src = os.path.join(gdir, f"gen{lines}.clef")
        exe = os.path.join(gdir, f"gen{lines}")
        subprocess.run([sys.executable, gen, "--lines", str(lines), "-o", src],
                       check=True)
        expected = run_capture([sys.executable, gen, "--lines", str(lines),
                                "--expected"]).stdout
        with open(src) as f:
            actual_lines = sum(1 for _ in f)
        log(f"== compile {actual_lines} lines")
        timing_file = os.path.join(gdir, f"gen{lines}.timing")
        with open(timing_file, "w") as tf:
            wall, rss, rc, err = measure(
                [tc.clefc, "--mlir-timing", "-O2", src, "-o", exe],
                timeout=args.compile_timeout)
            tf.write(err)
        if rc != 0:
            note = (f"timed out after {args.compile_timeout:.0f} s"
                    if err == "timeout" else f"exit code {rc}")
            # Too slow is a measurement, not a failure of the suite.
            (notes if err == "timeout" else failures).append(
                f"compiling the {actual_lines}-line program {note}")
            if err == "timeout":
                timed_out = actual_lines
            rows.append((actual_lines, None, rss, {}, {}, note))
            log(err[-2000:])
            ocaml_rows.append(compile_ocaml(args, tc, gdir, gen, lines,
                                            expected, failures))
            continue
        phases, passes = parse_timing(err)
        status = run_generated(args, exe, expected,
                               f"generated {lines}-line program", failures)
        log(f"   {wall:.2f} s, {rss / 1024:.1f} MiB; {status}")
        rows.append((actual_lines, wall, rss, phases, passes, status))
        ocaml_rows.append(compile_ocaml(args, tc, gdir, gen, lines, expected,
                                        failures))

    report.append("## Compile time against program size")
    report.append("")
    report.append("`bench/gen/gen_program.py --lines N` writes a program of about N "
                  "lines (units of a record, a union, matches, a generic function "
                  "and composed closures; see bench/README.md). `clefc "
                  "--mlir-timing -O2` compiles it; the phases below are the wall "
                  "seconds of its timing report, the total is the wall time of "
                  "the whole clefc process, and peak RSS covers clefc and the "
                  "clang it runs. Each generated program is run and its output "
                  "checked against the generator's.")
    report.append("")
    header = ["lines"] + [label for _, label in PHASES] + [
        "total (s)", "peak RSS (MiB)", "result"]
    report.append("| " + " | ".join(header) + " |")
    report.append("|" + " --- |" * len(header))
    for lines, wall, rss, phases, _, status in rows:
        cells = [str(lines)] + [fmt_time(phases.get(key)) for key, _ in PHASES]
        cells += [fmt_time(wall), fmt_mib(rss), status]
        report.append("| " + " | ".join(cells) + " |")
    report.append("")
    if tc.ocamlopt:
        report.append("The same programs in OCaml (`gen_program.py --ocaml`, unit "
                      "for unit), compiled by `ocamlopt` (native code, with its "
                      "assembler and linker, all in its peak RSS), against the "
                      "whole clefc compile:")
        report.append("")
        report.append("| lines | clefc (s) | ocamlopt (s) | time ratio | clefc "
                      "peak RSS (MiB) | ocamlopt peak RSS (MiB) | memory ratio | "
                      "OCaml result |")
        report.append("|" + " --- |" * 8)
        for (lines, wall, rss, _, _, _), (owall, orss, ostatus) in zip(
                rows, ocaml_rows):
            report.append("| " + " | ".join([
                str(lines), fmt_time(wall), fmt_time(owall),
                fmt_ratio(ratio(wall, owall)), fmt_mib(rss), fmt_mib(orss),
                fmt_ratio(ratio(rss, orss)), ostatus]) + " |")
        report.append("")
    else:
        notes.append("no ocamlopt: the compile-time table has no OCaml column")
    # Growth per 10x more lines, between consecutive sizes.
    report.append("Growth factor between consecutive sizes, normalised to 10x more "
                  "lines (1 step of 10x: 10 = linear, 100 = quadratic):")
    report.append("")
    header = ["from -> to"] + [label for _, label in PHASES] + [
        "total", "peak RSS"]
    report.append("| " + " | ".join(header) + " |")
    report.append("|" + " --- |" * len(header))
    def growth(a, b, scale):
        if a is None or b is None or a <= 0 or b <= 0:
            return "-"
        return f"{math.exp(math.log(b / a) * scale):.1f}"

    pairs = list(zip(rows, rows[1:]))
    for (l0, w0, m0, p0, _, _), (l1, w1, m1, p1, _, _) in pairs:
        scale = math.log(10) / math.log(l1 / l0)
        cells = [f"{l0} -> {l1}"] + [growth(p0.get(k), p1.get(k), scale)
                                     for k, _ in PHASES]
        cells += [growth(w0, w1, scale), growth(m0, m1, scale)]
        report.append("| " + " | ".join(cells) + " |")
    report.append("")
    # The passes inside "MLIR passes", each with its growth.
    names = []
    for row in rows:
        names += [n for n in row[4] if n not in names]
    if names:
        report.append("The MLIR passes (wall seconds, a pass that runs twice "
                      "summed), and their growth per 10x:")
        report.append("")
        header = ["lines"] + names
        report.append("| " + " | ".join(header) + " |")
        report.append("|" + " --- |" * len(header))
        for row in rows:
            report.append("| " + " | ".join(
                [str(row[0])] + [fmt_time(row[4].get(n)) for n in names]) + " |")
        for (l0, _, _, _, q0, _), (l1, _, _, _, q1, _) in pairs:
            scale = math.log(10) / math.log(l1 / l0)
            report.append("| growth " + f"{l0} -> {l1} | " + " | ".join(
                growth(q0.get(n), q1.get(n), scale) for n in names) + " |")
        report.append("")
    report.append("Phase times under 1 ms are dominated by noise; growth between "
                  "them means little.")
    report.append("")


def machine_description():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                    break
    except OSError:
        pass
    load = "?"
    try:
        load = " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        pass
    return cpu, mem, load


def main():
    ap = argparse.ArgumentParser(description="Clef benchmarks against peers")
    ap.add_argument("--quick", action="store_true",
                    help="small sizes and 3 runs: checks that everything builds "
                         "and agrees")
    ap.add_argument("--runs", type=int, help="timed runs per program (default 5, "
                                             "3 with --quick)")
    ap.add_argument("--only", help="comma-separated benchmarks to run")
    ap.add_argument("--no-scaling", action="store_true",
                    help="skip the compile-time scaling measurement")
    ap.add_argument("--scaling-only", action="store_true",
                    help="only the compile-time scaling measurement")
    ap.add_argument("--scaling-sizes",
                    help="comma-separated line counts (default 1000,10000,100000)")
    ap.add_argument("--clefc", default=os.environ.get(
        "CLEFC", os.path.join(ROOT, "build", "bin", "clefc")))
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"))
    ap.add_argument("--timeout", type=float, default=600,
                    help="seconds before a benchmark run is killed")
    ap.add_argument("--compile-timeout", type=float, default=300,
                    help="seconds before a scaling compile is killed")
    ap.add_argument("-o", "--output", default=None,
                    help="report file (default bench/RESULTS.md; "
                         "bench/RESULTS-quick.md with --quick)")
    ap.add_argument("--workdir", help="keep the binaries here (default: a "
                                      "temporary directory, removed)")
    args = ap.parse_args()
    if args.runs is None:
        args.runs = 3 if args.quick else 5
    args.only = args.only.split(",") if args.only else None
    if args.scaling_sizes:
        args.scaling_sizes = [int(s) for s in args.scaling_sizes.split(",")]
    if args.output is None:
        args.output = os.path.join(
            BENCH, "RESULTS-quick.md" if args.quick else "RESULTS.md")
    args.clefc = os.path.abspath(args.clefc)
    if not os.access(args.clefc, os.X_OK):
        sys.exit(f"run: no clefc at {args.clefc} (build it, or pass --clefc)")

    tc = Toolchain(args)
    workdir = args.workdir or tempfile.mkdtemp(prefix="clef-bench-")
    os.makedirs(workdir, exist_ok=True)
    global PEAKRSS
    PEAKRSS = os.path.join(workdir, "peakrss")
    subprocess.run([args.cc, "-O2", os.path.join(BENCH, "common", "peakrss.c"),
                    "-o", PEAKRSS], check=True)
    failures = []
    notes = []
    cpu, mem, load = machine_description()
    started = datetime.datetime.now(datetime.timezone.utc)
    report = [
        "# Benchmark results",
        "",
        f"Written by `bench/run.sh{' --quick' if args.quick else ''}` "
        f"(`--runs {args.runs}`) on {started:%Y-%m-%d %H:%M} UTC; "
        "bench/README.md describes the programs and how to read this.",
        "",
        "| | |",
        "| --- | --- |",
        f"| CPU | {cpu} |",
        f"| cores (`nproc`) | {os.cpu_count()} |",
        f"| memory | {mem} |",
        f"| system | {platform.system()} {platform.release()} |",
        f"| load average at start | {load} |",
        f"| commit | {run_capture(['git', '-C', ROOT, 'rev-parse', '--short', 'HEAD']).stdout.strip()} |",
    ]
    for peer, label, _, _ in PEERS:
        report.append(f"| {label} | {tc.version(peer)} |")
    report.append("")
    try:
        if not args.scaling_only:
            results = run_benchmarks(args, tc, workdir, report, failures)
            write_benchmark_tables(results, report, args)
            if not args.only or "life" in args.only:
                life_memory(args, workdir, report, failures)
        if not args.no_scaling:
            compile_scaling(args, tc, workdir, report, failures, notes)
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    _, _, load = machine_description()
    report.append(f"Load average at the end: {load}.")
    report.append("")
    if notes:
        report.append("## Notes")
        report.append("")
        for n in notes:
            report.append(f"- {n}")
        report.append("")
    if failures:
        report.append("## Failures")
        report.append("")
        for f in failures:
            report.append(f"- {f}")
        report.append("")
    # The BAREWire benchmarks run on their own (bench/barewire/run.sh);
    # their latest table is carried along.
    barewire = os.path.join(BENCH, "barewire", "RESULTS.md")
    if os.path.exists(barewire):
        report.append(open(barewire).read().replace(
            "# BAREWire benchmark results", "## BAREWire (bench/barewire)", 1))
    with open(args.output, "w") as f:
        f.write("\n".join(report))
    print("\n".join(report))
    log(f"run: wrote {os.path.relpath(args.output, os.getcwd())}")
    if failures:
        log("run: FAILED: " + "; ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()

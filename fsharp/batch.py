#!/usr/bin/env python3
"""Runs Clef programs under real F# (.NET), many programs per assembly.

Clef's contract is that a program of the subset is also an F# program that
prints the same. This module compiles a set of Clef source files as one F#
console project, one module per program, so that `dotnet build` runs once for
all of them (F# start-up and compilation cost seconds; a program's run costs
a fraction of one):

  - each program becomes the file `<Module>.fs`: a `module <Module>` line, a
    `# 1 "<source>"` line directive (so F# reports the Clef file's own lines),
    the source unchanged except that an `[<EntryPoint>]` attribute is blanked
    (F# allows one only in the last file), and a marker value whose access
    runs the file's top-level bindings, as F# runs them before `main`;
  - `Clef.Shim.fsx` (the second half of the language: actors, arenas,
    BAREWire) is the first file, auto-opened, as `#load` would give it;
  - `Main.fs` (last) selects a program by its first argument, runs it on a
    thread with a 512 MiB stack (as clef-interp's evaluator), and reports an
    uncaught exception as .NET does (`Unhandled exception. <type>: <message>`
    and the stack trace on stderr) but exits with 1 where .NET aborts
    (docs/LANGUAGE.md, "Differences from .NET").

When F# rejects some programs the project is rebuilt without them; each
rejected program keeps F#'s error messages (Batch.rejected).

Command line (used by the tests): `batch.py --out DIR SRC...` builds and
prints one `module<TAB>source` line per program; `batch.py --run DIR SRC
[ARGS]` runs one.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHIM = os.path.join(HERE, "Clef.Shim.fsx")

MAIN = r'''module ClefBatchMain
// Generated: runs one of the batch's programs, selected by argv.[0].

let rec unwrap (e: exn) =
    match e with
    | :? System.TypeInitializationException as t when not (isNull t.InnerException) -> unwrap t.InnerException
    | :? System.Reflection.TargetInvocationException as t when not (isNull t.InnerException) -> unwrap t.InnerException
    | _ -> e

let programs : System.Collections.Generic.Dictionary<string, string[] -> int> =
    let d = System.Collections.Generic.Dictionary<string, string[] -> int> ()
%(entries)s
    d

[<EntryPoint>]
let main argv =
    if argv.Length = 0 || not (programs.ContainsKey argv.[0]) then
        eprintfn "usage: ClefBatch MODULE [ARGS]"
        2
    else
        let run = programs.[argv.[0]]
        let args = argv.[1..]
        let mutable code = 0
        let body () =
            try
                code <- run args
            with e ->
                let e = unwrap e
                stdout.Flush ()
                eprintfn "Unhandled exception. %%s" (e.ToString ())
                code <- 1
        let t = System.Threading.Thread (body, 512 * 1024 * 1024)
        t.Start ()
        t.Join ()
        stdout.Flush ()
        code
'''

PROJECT = '''<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net%(tfm)s</TargetFramework>
    <AssemblyName>ClefBatch</AssemblyName>
    <Optimize>true</Optimize>
    <Tailcalls>true</Tailcalls>
    <DebugType>none</DebugType>
    <GenerateDocumentationFile>false</GenerateDocumentationFile>
    <SatelliteResourceLanguages>en</SatelliteResourceLanguages>
    <InvariantGlobalization>true</InvariantGlobalization>
    <ServerGarbageCollection>false</ServerGarbageCollection>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
    <NoWarn>$(NoWarn);FS0025;FS0049;FS0064;FS1182;FS3370;FS0026;FS0020;FS1104</NoWarn>
    <WarningLevel>0</WarningLevel>
  </PropertyGroup>
  <ItemGroup>
%(files)s
  </ItemGroup>
</Project>
'''

ENTRY_RE = re.compile(r"^(\s*)\[<EntryPoint>\]", re.M)
MAIN_RE = re.compile(r"^let\s+main\b", re.M)
ERROR_RE = re.compile(r"^(?P<file>[^\s(][^(]*)\((?P<line>\d+),(?P<col>\d+)\): error (?P<code>FS\d+): (?P<msg>.*)$")


def dotnet():
    return shutil.which("dotnet")


def dotnet_version():
    d = dotnet()
    if not d:
        return None
    try:
        out = subprocess.run([d, "--version"], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, timeout=60,
                             env=environment(None)).stdout.decode().strip()
        return out or None
    except (OSError, subprocess.TimeoutExpired):
        return None


def environment(home):
    """The environment dotnet runs in: no telemetry, no banner, no build
    servers left running, a writable home for its caches."""
    env = dict(os.environ)
    env.update({
        "DOTNET_CLI_TELEMETRY_OPTOUT": "1",
        "DOTNET_NOLOGO": "1",
        "DOTNET_SKIP_FIRST_TIME_EXPERIENCE": "1",
        "DOTNET_CLI_USE_MSBUILD_SERVER": "0",
        "MSBUILDDISABLENODEREUSE": "1",
        "DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE": "1",
        "UseSharedCompilation": "false",
    })
    if home:
        os.makedirs(home, exist_ok=True)
        env["HOME"] = home
        env["DOTNET_CLI_HOME"] = home
        env["NUGET_PACKAGES"] = os.path.join(home, "nuget")
    return env


def module_name(index, source):
    base = re.sub(r"[^A-Za-z0-9]", "_", os.path.splitext(os.path.basename(source))[0])
    return "P%d_%s" % (index, base)


def program_file(module, source, text):
    """The F# file of one Clef program (see the module's docstring)."""
    has_main = bool(ENTRY_RE.search(text)) and bool(MAIN_RE.search(text))
    body = ENTRY_RE.sub(lambda m: m.group(1) + " " * len("[<EntryPoint>]"), text)
    if not body.endswith("\n"):
        body += "\n"
    src = os.path.abspath(source).replace("\\", "/")
    fs = ("module %s\n# 1 \"%s\"\n%s"
          "# 1 \"clef-batch-marker\"\n"
          "let clefFileInit__ = System.Environment.TickCount\n") % (module, src, body)
    return fs, has_main


def entry(module, has_main):
    force = "(if %s.clefFileInit__ = -7 then stdout.Write \"\")" % module
    if has_main:
        return '    d.["%s"] <- (fun args -> %s; %s.main args)' % (module, force, module)
    return '    d.["%s"] <- (fun _ -> %s; 0)' % (module, force)


class Batch:
    """A built batch: `modules` maps each source (absolute path) to its
    module, `rejected` each source F# rejects to its error text."""

    def __init__(self, out):
        self.out = out
        self.modules = {}
        self.rejected = {}
        self.build_log = ""
        self.exe = os.path.join(out, "bin", "ClefBatch")
        self.dll = os.path.join(out, "bin", "ClefBatch.dll")

    def command(self, source, args=()):
        return [dotnet(), self.dll, self.modules[os.path.abspath(source)]] + list(args)

    def save(self):
        with open(os.path.join(self.out, "batch.json"), "w") as f:
            json.dump({"modules": self.modules, "rejected": self.rejected}, f, indent=1)


def load(out):
    b = Batch(out)
    with open(os.path.join(out, "batch.json")) as f:
        data = json.load(f)
    b.modules, b.rejected = data["modules"], data["rejected"]
    return b


def target_framework():
    v = dotnet_version() or "10.0"
    m = re.match(r"(\d+)\.", v)
    return "%s.0" % (m.group(1) if m else "10")


def _write(path, text):
    """Writes only when the content changes (keeps the build incremental)."""
    try:
        with open(path) as f:
            if f.read() == text:
                return
    except OSError:
        pass
    with open(path, "w") as f:
        f.write(text)


def _build_once(out, programs, home, timeout):
    """programs: [(module, source, fs_text, has_main)]; returns (ok, log)."""
    src_dir = os.path.join(out, "src")
    os.makedirs(src_dir, exist_ok=True)
    files = []
    with open(SHIM) as f:
        _write(os.path.join(src_dir, "Clef.Shim.fs"), f.read())
    files.append("Clef.Shim.fs")
    for module, _, text, _ in programs:
        _write(os.path.join(src_dir, module + ".fs"), text)
        files.append(module + ".fs")
    _write(os.path.join(src_dir, "Main.fs"), MAIN % {
        "entries": "\n".join(entry(m, hm) for m, _, _, hm in programs) or "    ()"})
    files.append("Main.fs")
    _write(os.path.join(src_dir, "ClefBatch.fsproj"), PROJECT % {
        "tfm": target_framework(),
        "files": "\n".join('    <Compile Include="%s" />' % f for f in files)})
    stamp_path = os.path.join(out, "stamp")
    digest = hashlib.sha256()
    for f in files + ["ClefBatch.fsproj"]:
        with open(os.path.join(src_dir, f), "rb") as fh:
            digest.update(f.encode() + b"\0" + fh.read() + b"\0")
    digest = digest.hexdigest()
    dll = os.path.join(out, "bin", "ClefBatch.dll")
    try:
        with open(stamp_path) as f:
            if f.read() == digest and os.path.exists(dll):
                return True, "(up to date)"
    except OSError:
        pass
    cmd = [dotnet(), "build", os.path.join(src_dir, "ClefBatch.fsproj"), "-c", "Release",
           "-o", os.path.join(out, "bin"), "-nologo", "-v:q", "-clp:NoSummary",
           "-nodeReuse:false", "-p:UseAppHost=false"]
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout, env=environment(home), cwd=src_dir)
        log = p.stdout.decode("utf-8", "replace")
        ok = p.returncode == 0
    except subprocess.TimeoutExpired:
        return False, "dotnet build timed out after %d s" % timeout
    if ok:
        with open(stamp_path, "w") as f:
            f.write(digest)
    return ok, log


def build(sources, out, home=None, timeout=1800):
    """Builds the batch of `sources` (Clef files) in directory `out`."""
    os.makedirs(out, exist_ok=True)
    home = home or os.path.join(out, "home")
    batch = Batch(out)
    programs = []
    by_src = {}
    for i, s in enumerate(sources):
        s = os.path.abspath(s)
        m = module_name(i, s)
        with open(s, encoding="utf-8") as f:
            text, hm = program_file(m, s, f.read())
        programs.append((m, s, text, hm))
        by_src[s] = m
    remaining = programs
    for _ in range(3):
        ok, log = _build_once(out, remaining, home, timeout)
        batch.build_log = log
        if ok:
            break
        bad = {}
        for line in log.splitlines():
            mm = ERROR_RE.match(line.strip())
            if mm:
                f = os.path.abspath(mm.group("file"))
                # Strip the project suffix msbuild appends.
                msg = re.sub(r"\s*\[[^\]]*\.fsproj\]$", "", line.strip())
                bad.setdefault(f, []).append(msg)
        hit = [p for p in remaining if p[1] in bad or
               os.path.join(out, "src", p[0] + ".fs") in bad]
        if not hit:
            raise RuntimeError("dotnet build failed:\n" + log)
        for p in hit:
            batch.rejected[p[1]] = "\n".join(bad.get(p[1], []) +
                                             bad.get(os.path.join(out, "src", p[0] + ".fs"), []))
        remaining = [p for p in remaining if p not in hit]
    else:
        raise RuntimeError("dotnet build failed:\n" + batch.build_log)
    batch.modules = {p[1]: p[0] for p in remaining}
    batch.save()
    return batch


def main(argv):
    if len(argv) >= 3 and argv[0] == "--run":
        b = load(argv[1])
        src = os.path.abspath(argv[2])
        if src in b.rejected:
            sys.stderr.write("F# rejects %s:\n%s\n" % (src, b.rejected[src]))
            return 2
        cmd = b.command(src, argv[3:])
        os.execve(cmd[0], cmd, environment(os.path.join(b.out, "home")))
    if len(argv) >= 2 and argv[0] == "--out":
        b = build(argv[2:], argv[1])
        for s, m in sorted(b.modules.items()):
            print("%s\t%s" % (m, s))
        for s, e in sorted(b.rejected.items()):
            print("rejected\t%s\n%s" % (s, e))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

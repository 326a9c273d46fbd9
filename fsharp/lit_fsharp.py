"""The lit test format that runs the execution tests under real F#.

Every test that builds a Clef program with `clefc ... -o EXE` and checks what
EXE prints (test/Execution, the examples, the benchmarks at small sizes) is
run a second time, as `FSharp :: <its path>`, with the same RUN lines and the
same CHECK lines, where `clefc` builds nothing: it writes EXE as a launcher of
the program's module in one F# assembly (fsharp/batch.py), built once for all
tests when lit discovers them. So the expected output a test states is checked
against F# itself.

RUN lines about Clef's implementation rather than the program's behaviour
are left out of the F# run: the compiler's own output (`--emit`,
`--explain-regions`), valgrind, and checks of the region statistics a program
writes to stderr under CLEF_REGION_STATS. A test whose program is
deliberately outside F# says so with a line `OUTSIDE-FSHARP: <reason>`;
it reports UNSUPPORTED here, and the count of such tests is in the summary
(scripts/run-tests.sh prints it).
"""

import os
import re
import sys

import lit.formats
import lit.Test
import lit.TestRunner

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import batch as fsbatch  # noqa: E402

MARKER = "OUTSIDE-FSHARP:"
# The directories (under test/) whose tests run programs and check output.
SOURCES = [("Execution", (".clef", ".test")), ("bench", (".test",))]
CLEF_ONLY = re.compile(r"--emit|--explain-regions")
VALGRIND = re.compile(r"\bvalgrind(\s+-\S+)*\s+")


class _Test(lit.Test.Test):
    """A test of the F# suite whose source file lives elsewhere in test/."""

    def __init__(self, suite, path_in_suite, config, source):
        super().__init__(suite, path_in_suite, config)
        self.real_source = source

    def getSourcePath(self):
        return self.real_source


def marker(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            i = line.find(MARKER)
            if i >= 0:
                return line[i + len(MARKER):].strip() or "no reason given"
    return None


def programs_of(path, src_root):
    """The Clef sources a test compiles with clefc -o."""
    if path.endswith(".clef"):
        return [path]
    found = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if "RUN:" in line and "clefc" in line:
                for m in re.finditer(r"%clef_src/(\S+\.clef)", line):
                    found.append(os.path.join(src_root, m.group(1)))
    return found


def keep_commands(commands):
    """The RUN commands that check the program's behaviour (see above)."""
    kept = []
    stats_files = set()
    for d in commands:
        c = getattr(d, "command", d)  # lit's CommandDirective, or a string
        if CLEF_ONLY.search(c):
            continue
        if "valgrind" in c:
            if "%if valgrind" in c:
                continue  # the same check runs without valgrind
            # Memory checking is Clef's; what the program prints is not.
            c = VALGRIND.sub("", c)
            if hasattr(d, "command"):
                d.command = c
            else:
                d = c
        if "clefc" in c and " -o " not in c:
            continue  # the compiler's own output
        if "CLEF_REGION_STATS" in c:
            for m in re.finditer(r"2>>?\s*(\S+)", c):
                stats_files.add(m.group(1))
        if any(re.search(r"<\s*" + re.escape(f) + r"(\s|$)", c) for f in stats_files):
            continue
        kept.append(d)
    return kept


class FSharpExecution(lit.formats.ShTest):
    def __init__(self, src_root, batch_dir, available, execute_external=False):
        super().__init__(execute_external=execute_external)
        self.src_root = src_root
        self.batch_dir = batch_dir
        self.available = available
        self.batch = None
        self.build_error = None
        self.summary = None

    def _tests(self):
        for d, suffixes in SOURCES:
            top = os.path.join(self.src_root, "test", d)
            for root, dirs, files in os.walk(top):
                dirs.sort()
                if "Inputs" in dirs:
                    dirs.remove("Inputs")
                for f in sorted(files):
                    if f.endswith(suffixes):
                        p = os.path.join(root, f)
                        with open(p, encoding="utf-8", errors="replace") as fh:
                            text = fh.read()
                        if "RUN:" in text and "clefc" in text and " -o " in text:
                            yield p

    def _build(self, tests):
        sources = []
        for t in tests:
            if marker(t) is None:
                for p in programs_of(t, self.src_root):
                    if p not in sources:
                        sources.append(p)
        try:
            self.batch = fsbatch.build(sources, self.batch_dir)
        except Exception as e:  # reported by every test
            self.build_error = str(e)
        return sources

    def getTestsInDirectory(self, testSuite, path_in_suite, litConfig, localConfig):
        if len(path_in_suite) != 1:
            return
        tests = list(self._tests())
        marked = [t for t in tests if marker(t) is not None]
        os.makedirs(self.batch_dir, exist_ok=True)
        with open(os.path.join(self.batch_dir, "summary.txt"), "w") as f:
            if self.available:
                sources = self._build(tests)
                f.write("ran %d %d %d\n" % (len(tests) - len(marked), len(marked), len(sources)))
            else:
                f.write("skipped 0 %d 0\n" % len(marked))
        for t in tests:
            rel = os.path.relpath(t, os.path.join(self.src_root, "test"))
            yield _Test(testSuite, path_in_suite + tuple(rel.split(os.sep)), localConfig, t)

    def execute(self, test, litConfig):
        if not self.available:
            return lit.Test.Result(lit.Test.UNSUPPORTED, "dotnet is not installed")
        reason = marker(test.getSourcePath())
        if reason is not None:
            return lit.Test.Result(lit.Test.UNSUPPORTED, "outside F#: " + reason)
        if self.build_error:
            return lit.Test.Result(lit.Test.FAIL, "the F# batch did not build:\n" + self.build_error)
        parsed = lit.TestRunner.parseIntegratedTestScript(test)
        if isinstance(parsed, lit.Test.Result):
            return parsed
        # An expected failure is Clef's (a known defect); F# is the judge of
        # the expected output, and valgrind is not needed to run it.
        test.xfails = []
        test.requires = [r for r in test.requires if r != "valgrind"]
        script = keep_commands(parsed)
        if not script:
            return lit.Test.Result(lit.Test.UNSUPPORTED, "no RUN line checks the program under F#")
        tmpDir, tmpBase = lit.TestRunner.getTempPaths(test)
        substitutions = lit.TestRunner.getDefaultSubstitutions(test, tmpDir, tmpBase)
        conditions = {feature: True for feature in test.config.available_features}
        script = lit.TestRunner.applySubstitutions(
            script, substitutions, conditions,
            recursion_limit=test.config.recursiveExpansionLimit)
        return lit.TestRunner._runShTest(test, litConfig, self.execute_external,
                                         script, tmpBase)

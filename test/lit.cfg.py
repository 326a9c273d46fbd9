# -*- Python -*-
# lit configuration of the Clef test suite.

import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "Clef"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".clef", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.clef_obj_root, "test")
# Inputs that are not tests by themselves.
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py", "CMakeLists.txt"]

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

config.substitutions.append(("%clef_src", config.clef_src_root))
config.substitutions.append(("%clef_bin", config.clef_tools_dir))
config.substitutions.append(("%clef_lib", config.clef_lib_dir))
# The layer declarations of cmake/ClefLayers.cmake, one file per group.
config.substitutions.append(
    ("%clef_layers", os.path.join(config.clef_obj_root, "layers")))
config.substitutions.append(("%clang", config.clef_clang))
config.substitutions.append(
    ("%clef_runtime_checked",
     os.path.join(config.clef_lib_dir, "libClefRuntimeChecked.a")))
config.substitutions.append(
    ("%clef_runtime", os.path.join(config.clef_lib_dir, "libClefRuntime.a")))

tool_dirs = [config.clef_tools_dir, config.llvm_tools_dir]
tools = ["clef-opt", "clef-translate", "clefc", "clef-interp", "clef-bare",
         "clef-check-certificate",
         "barewire-shm-test",
         "mlir-translate"]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# Not under the sanitized runs: they preload the ASan runtime into every
# process, and valgrind cannot run a program that loads it.
if os.path.exists("/usr/bin/valgrind") and "asan" not in os.environ.get("LD_PRELOAD", ""):
    config.available_features.add("valgrind")

# The libFuzzer targets (fuzz/, CLEF_ENABLE_FUZZERS): test/Fuzz replays every
# input that ever crashed one and runs each for a few seconds.
fuzzers = ["clef-fuzz-frontend", "clef-fuzz-pipeline", "clef-fuzz-compile"]
if all(os.path.exists(os.path.join(config.clef_tools_dir, f)) for f in fuzzers):
    config.available_features.add("clef-fuzzers")
    llvm_config.add_tool_substitutions(fuzzers, [config.clef_tools_dir])

# The BAREWire interop tests run against bare-ts on Node
# (scripts/setup-barewire-peer.sh installs it into test/BAREWire/peer).
import shutil
_peer = os.path.join(config.clef_src_root, "test", "BAREWire", "peer", "node_modules")
if shutil.which("node") and os.path.exists(os.path.join(_peer, "@bare-ts", "lib", "package.json")) \
        and os.path.exists(os.path.join(_peer, "@bare-ts", "tools", "package.json")):
    config.available_features.add("bare-ts")
else:
    lit_config.note("BAREWire interop tests skip: node or @bare-ts/lib and "
                    "@bare-ts/tools are missing (run scripts/setup-barewire-peer.sh)")

# The BARE decoder's libFuzzer target (fuzz/BareWireFuzzer.c).
if os.path.exists(os.path.join(config.clef_tools_dir, "clef-fuzz-barewire")):
    config.available_features.add("barewire-fuzzer")
    llvm_config.add_tool_substitutions(["clef-fuzz-barewire"], [config.clef_tools_dir])

# The .NET SDK (never installed by the project; scripts/setup-deps.sh reports
# it): test/FSharp runs the execution tests again under real F#, and
# test/Shim tests the F# shim of the language's second half.
import shutil
import subprocess

def _dotnet_works():
    exe = shutil.which("dotnet")
    if not exe:
        return False
    env = dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1")
    try:
        return subprocess.run([exe, "--version"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env=env,
                              timeout=120).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False

if os.environ.get("CLEF_NO_DOTNET") != "1" and _dotnet_works():
    config.available_features.add("dotnet")

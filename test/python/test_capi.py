# ===- test_capi.py - Tests of the clef Python package ----------------------===#
#
# Part of the Clef project.
#
# ===------------------------------------------------------------------------===#

import gc
import os
import subprocess
import sys

import pytest

import clef

# An entry function printing 40 + 2, with a dead addition canonicalize
# removes.
PROGRAM = """\
func.func @run() -> i32 attributes {clef.entry} {
  %a = clef.constant 40 : i32
  %b = clef.constant 2 : i32
  %dead = clef.add %b, %b : i32
  %c = clef.add %a, %b : i32
  clef.printf "%d"(%c : i32) {newline}
  %zero = clef.constant 0 : i32
  return %zero : i32
}
"""

BAD_ENTRY = """\
func.func @f() -> i64 attributes {clef.entry} {
  %0 = clef.constant 1 : i64
  return %0 : i64
}
"""


def test_versions():
    assert clef.api_version() == clef.API_VERSION == 1
    assert clef.compiler_version().count(".") == 2


def test_parse_and_print(session):
    module = session.parse_mlir(PROGRAM, "program.mlir")
    text = str(module)
    assert text.startswith("module {")
    assert "clef.printf" in text
    assert "%dead" not in text  # SSA names are not kept
    assert text.count("clef.add") == 2


def test_print_options(session):
    module = session.parse_mlir(PROGRAM, "program.mlir")
    assert '"clef.printf"' in module.to_string(generic=True)
    assert 'loc("program.mlir":6:3)' in module.to_string(debug_info=True)


def test_canonicalize(session):
    module = session.parse_mlir(PROGRAM, "program.mlir")
    assert module.run_pipeline("canonicalize") is module
    assert str(module).count("clef.add") == 1


def test_lower_and_translate(session):
    module = session.parse_mlir(PROGRAM, "program.mlir")
    module.run_pipeline("clef-to-llvm")
    module.verify()
    text = str(module)
    assert "llvm.func @main" in text
    assert "clef." not in text
    ir = module.to_llvm_ir()
    assert "define i32 @main(i32" in ir


def test_anchored_pipeline(session):
    module = session.parse_mlir(PROGRAM, "program.mlir")
    module.run_pipeline("builtin.module(func.func(canonicalize))")
    assert str(module).count("clef.add") == 1


def test_syntax_error(session):
    with pytest.raises(clef.ClefError) as info:
        session.parse_mlir("func.func @f( {\n", "syntax.mlir")
    err = info.value
    assert err.summary == "could not parse the MLIR text"
    assert len(err.errors) == 1
    assert err.errors[0].location.startswith("syntax.mlir:1:")
    assert "syntax.mlir:1:" in str(err)


def test_verifier_error(session):
    with pytest.raises(clef.ClefError) as info:
        session.parse_mlir(BAD_ENTRY, "verify.mlir")
    (diag,) = info.value.errors
    assert diag.location == "verify.mlir:1:1"
    assert "the entry function must have type '() -> i32'" in diag.message


def test_translate_needs_llvm_dialect(session):
    module = session.parse_mlir(PROGRAM, "program.mlir")
    with pytest.raises(clef.ClefError) as info:
        module.to_llvm_ir()
    assert "LLVM IR" in info.value.summary


@pytest.mark.parametrize("pipeline", ["no-such-pass", "canonicalize{",
                                      "func.func(no-such-pass)"])
def test_bad_pipeline(session, pipeline):
    module = session.parse_mlir(PROGRAM, "program.mlir")
    with pytest.raises(clef.ClefError) as info:
        module.run_pipeline(pipeline)
    assert info.value.summary.startswith("invalid pass pipeline")
    assert info.value.errors
    # The module is untouched and still usable.
    module.run_pipeline("canonicalize")
    assert str(module).count("clef.add") == 1


def test_diagnostic_handler():
    seen = []
    with clef.Session(diagnostic_handler=seen.append) as session:
        with pytest.raises(clef.ClefError) as info:
            session.parse_mlir(BAD_ENTRY, "verify.mlir")
        assert seen == info.value.diagnostics
        session.set_diagnostic_handler(None)
        with pytest.raises(clef.ClefError):
            session.parse_mlir(BAD_ENTRY, "verify.mlir")
        assert len(seen) == 1


def test_handler_exception_reaches_caller():
    def handler(diag):
        raise RuntimeError("handler failed")

    with clef.Session(diagnostic_handler=handler) as session:
        with pytest.raises(RuntimeError) as info:
            session.parse_mlir(BAD_ENTRY, "verify.mlir")
        # The failure of the call itself is kept as the cause.
        assert isinstance(info.value.__cause__, clef.ClefError)
        # Nothing is left pending for the next call.
        session.parse_mlir(PROGRAM).run_pipeline("canonicalize")


def test_closed_handles(session):
    module = session.parse_mlir(PROGRAM)
    with module:
        pass
    with pytest.raises(ValueError):
        str(module)
    module.close()  # twice is fine
    session.close()
    with pytest.raises(ValueError):
        session.parse_mlir(PROGRAM)


def test_module_outlives_session():
    session = clef.Session(diagnostic_handler=lambda d: None)
    module = session.parse_mlir(PROGRAM, "program.mlir")
    session.close()
    del session
    gc.collect()
    module.run_pipeline("canonicalize,cse")
    assert str(module).count("clef.add") == 1
    with pytest.raises(clef.ClefError):
        module.run_pipeline("no-such-pass")


def test_many_sessions():
    # Each session registers nothing twice and frees its context.
    for _ in range(20):
        with clef.Session() as session:
            session.parse_mlir(PROGRAM).run_pipeline("clef-to-llvm")


def test_missing_library(tmp_path):
    env = dict(os.environ,
               CLEF_CAPI_LIB=str(tmp_path / "libClefCAPI.so"),
               PYTHONPATH=os.pathsep.join(sys.path))
    code = ("import clef\n"
            "try:\n"
            "    clef.Session()\n"
            "except OSError as e:\n"
            "    print('OSError', 'CLEF_CAPI_LIB' in str(e))\n")
    out = subprocess.run([sys.executable, "-c", code], env=env,
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "OSError True"

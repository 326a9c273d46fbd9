# ===- test_frontend.py - Clef source through the Python package ------------===#
#
# Part of the Clef project.
#
# ===------------------------------------------------------------------------===#

import pytest

import clef


def test_parse_clef(session):
    module = session.parse_clef('let x = 40 + 2\nprintfn "%d" x\n',
                                "hello.clef")
    assert "clef.printf" in str(module)
    module.run_pipeline("clef-to-llvm")
    assert "define i32 @main(i32" in module.to_llvm_ir()


def test_clef_error_location(session):
    with pytest.raises(clef.ClefError) as info:
        session.parse_clef("let x = 1\nlet y = x +\n", "bad.clef")
    err = info.value
    assert err.summary == "could not import the Clef source"
    assert err.errors
    assert err.errors[0].location.startswith("bad.clef:")


def test_clef_source_bytes(session):
    # Bytes are passed through unchanged; the name appears in locations.
    module = session.parse_clef(b'printfn "%s" "caf\xc3\xa9"\n', "bytes.clef")
    assert "caf" in module.to_string(debug_info=True)
    assert "bytes.clef" in module.to_string(debug_info=True)

# ===- conftest.py - pytest set-up for the clef package tests ---------------===#
#
# Part of the Clef project.
#
# ===------------------------------------------------------------------------===#
"""Makes the build tree's `clef` package importable.

CLEF_BUILD_DIR names the build directory (default: <repo>/build); the package
is <build>/python_packages/clef and finds <build>/lib/libClefCAPI.so itself,
unless CLEF_CAPI_LIB points elsewhere.
"""

import os
import sys

import pytest

_REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BUILD_DIR = os.path.abspath(
    os.environ.get("CLEF_BUILD_DIR", os.path.join(_REPO, "build")))
sys.path.insert(0, os.path.join(BUILD_DIR, "python_packages"))


@pytest.fixture
def session():
    import clef
    with clef.Session() as s:
        yield s

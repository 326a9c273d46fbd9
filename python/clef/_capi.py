# ===- _capi.py - ctypes declarations of clef-c/Clef.h ----------------------===#
#
# Part of the Clef project.
#
# ===------------------------------------------------------------------------===#
"""Loads libClefCAPI.so and declares the functions of clef-c/Clef.h.

The library is looked up, in order, at:

1. ``$CLEF_CAPI_LIB`` (a path to the shared object);
2. beside this package (a self-contained copy);
3. ``../../lib`` from this package, which is where the library sits both in
   the build tree (``build/python_packages/clef``, ``build/lib``) and in an
   installed prefix (``<prefix>/python_packages/clef``, ``<prefix>/lib``).

It is loaded on first use, so ``import clef`` works without it.
"""

import ctypes
import os
import threading

# The CLEF_C_API_VERSION this module was written against.
API_VERSION = 1

LIBRARY_NAME = "libClefCAPI.so"


class ClefSession(ctypes.Structure):
    pass


class ClefModule(ctypes.Structure):
    pass


class ClefError(ctypes.Structure):
    pass


SessionP = ctypes.POINTER(ClefSession)
ModuleP = ctypes.POINTER(ClefModule)
ErrorP = ctypes.POINTER(ClefError)

DiagnosticCallback = ctypes.CFUNCTYPE(
    None, ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p)

# name: (restype, argtypes). Strings the caller frees come back as c_void_p:
# a c_char_p result would be copied and the pointer lost.
_PROTOTYPES = {
    "clefGetVersion": (ctypes.c_int, []),
    "clefGetCompilerVersion": (ctypes.c_char_p, []),
    "clefFree": (None, [ctypes.c_void_p]),
    "clefErrorGetMessage": (ctypes.c_char_p, [ErrorP]),
    "clefErrorGetSummary": (ctypes.c_char_p, [ErrorP]),
    "clefErrorGetNumDiagnostics": (ctypes.c_size_t, [ErrorP]),
    "clefErrorGetDiagnosticSeverity": (ctypes.c_int, [ErrorP, ctypes.c_size_t]),
    "clefErrorGetDiagnosticLocation": (ctypes.c_char_p,
                                       [ErrorP, ctypes.c_size_t]),
    "clefErrorGetDiagnosticMessage": (ctypes.c_char_p,
                                      [ErrorP, ctypes.c_size_t]),
    "clefErrorDestroy": (None, [ErrorP]),
    "clefSessionCreate": (SessionP, []),
    "clefSessionDestroy": (None, [SessionP]),
    "clefSessionSetDiagnosticCallback": (None, [SessionP, DiagnosticCallback,
                                                ctypes.c_void_p]),
    "clefModuleParseClef": (ErrorP, [SessionP, ctypes.c_char_p,
                                     ctypes.c_size_t, ctypes.c_char_p,
                                     ctypes.POINTER(ModuleP)]),
    "clefModuleParseMLIR": (ErrorP, [SessionP, ctypes.c_char_p,
                                     ctypes.c_size_t, ctypes.c_char_p,
                                     ctypes.POINTER(ModuleP)]),
    "clefModuleRunPipeline": (ErrorP, [ModuleP, ctypes.c_char_p]),
    "clefModuleVerify": (ErrorP, [ModuleP]),
    "clefModulePrint": (ctypes.c_void_p, [ModuleP, ctypes.c_uint]),
    "clefModuleTranslateToLLVMIR": (ErrorP, [ModuleP,
                                             ctypes.POINTER(ctypes.c_void_p)]),
    "clefModuleDestroy": (None, [ModuleP]),
}

PRINT_DEBUG_INFO = 1
PRINT_GENERIC = 2

SEVERITIES = {0: "note", 1: "warning", 2: "error", 3: "remark"}

_lock = threading.Lock()
_lib = None


def candidate_paths():
    """Where the library is looked for, in order."""
    env = os.environ.get("CLEF_CAPI_LIB")
    if env:
        return [env]
    here = os.path.dirname(os.path.abspath(__file__))
    return [
        os.path.join(here, LIBRARY_NAME),
        os.path.normpath(os.path.join(here, "..", "..", "lib", LIBRARY_NAME)),
    ]


def _declare(lib):
    for name, (restype, argtypes) in _PROTOTYPES.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes


def lib():
    """The loaded library, loading and checking it on first use."""
    global _lib
    with _lock:
        if _lib is not None:
            return _lib
        paths = candidate_paths()
        path = next((p for p in paths if os.path.exists(p)), None)
        if path is None:
            raise OSError(
                "cannot find %s (looked at %s); set CLEF_CAPI_LIB to its path"
                % (LIBRARY_NAME, ", ".join(paths)))
        loaded = ctypes.CDLL(path)
        _declare(loaded)
        version = loaded.clefGetVersion()
        if version != API_VERSION:
            raise OSError(
                "%s has C API version %d; this package needs %d"
                % (path, version, API_VERSION))
        _lib = loaded
        return _lib


def take_string(ptr):
    """Decodes a char * the caller owns and frees it."""
    if not ptr:
        return None
    try:
        return ctypes.string_at(ptr).decode("utf-8", errors="replace")
    finally:
        lib().clefFree(ptr)

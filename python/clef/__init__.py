# ===- __init__.py - Python interface to the Clef compiler ------------------===#
#
# Part of the Clef project.
#
# ===------------------------------------------------------------------------===#
"""Python interface to the Clef compiler, over libClefCAPI.so.

    import clef

    with clef.Session() as session:
        module = session.parse_clef('printfn "%d" (40 + 2)\n', "answer.clef")
        module.run_pipeline("clef-to-llvm")
        print(module)                 # the LLVM dialect
        print(module.to_llvm_ir())    # LLVM IR

Failures raise ClefError, which carries the diagnostics of the failed call.
"""

import collections
import ctypes

from . import _capi

__all__ = [
    "API_VERSION",
    "ClefError",
    "Diagnostic",
    "Module",
    "Session",
    "api_version",
    "compiler_version",
]

API_VERSION = _capi.API_VERSION

Diagnostic = collections.namedtuple("Diagnostic",
                                    ["severity", "location", "message"])
Diagnostic.__doc__ = """One diagnostic: severity is "error", "warning", "note"
or "remark"; location is "file:line:col", or "" when there is none."""


def _decode(b):
    return b.decode("utf-8", errors="replace") if b is not None else ""


def _encode(s):
    return s.encode("utf-8") if isinstance(s, str) else bytes(s)


class ClefError(Exception):
    """A failed call. str() gives the summary and every diagnostic."""

    def __init__(self, summary, diagnostics=(), message=None):
        self.summary = summary
        self.diagnostics = list(diagnostics)
        super().__init__(message if message is not None else summary)

    @property
    def errors(self):
        """The diagnostics of severity "error"."""
        return [d for d in self.diagnostics if d.severity == "error"]


def _check(error, session=None):
    """Raises the ClefError for a C error handle (freeing it), if any. An
    exception the session's diagnostic handler raised during the call is
    raised instead, chained to the ClefError."""
    pending = session._take_pending() if session is not None else None
    if not error:
        if pending is not None:
            raise pending
        return
    lib = _capi.lib()
    try:
        diagnostics = [
            Diagnostic(
                _capi.SEVERITIES.get(
                    lib.clefErrorGetDiagnosticSeverity(error, i), "error"),
                _decode(lib.clefErrorGetDiagnosticLocation(error, i)),
                _decode(lib.clefErrorGetDiagnosticMessage(error, i)))
            for i in range(lib.clefErrorGetNumDiagnostics(error))
        ]
        exc = ClefError(_decode(lib.clefErrorGetSummary(error)), diagnostics,
                        _decode(lib.clefErrorGetMessage(error)))
    finally:
        lib.clefErrorDestroy(error)
    if pending is not None:
        raise pending from exc
    raise exc


def api_version():
    """The C API version of the loaded library (CLEF_C_API_VERSION)."""
    return _capi.lib().clefGetVersion()


def compiler_version():
    """The Clef release the library belongs to, such as "0.1.0"."""
    return _decode(_capi.lib().clefGetCompilerVersion())


class Session:
    """A compiler session: an MLIR context with Clef's dialects and passes.

    diagnostic_handler, if given, is called with each Diagnostic as it is
    emitted (warnings on successful calls included). An exception it raises
    cannot cross the C library: it is held and raised when the call returns.
    """

    def __init__(self, diagnostic_handler=None):
        self._lib = _capi.lib()
        self._handle = self._lib.clefSessionCreate()
        self._callback = None
        self._pending = None
        if diagnostic_handler is not None:
            self.set_diagnostic_handler(diagnostic_handler)

    def set_diagnostic_handler(self, handler):
        """Streams later diagnostics to handler(Diagnostic); None stops."""
        handle = self._require()
        if handler is None:
            self._lib.clefSessionSetDiagnosticCallback(
                handle, _capi.DiagnosticCallback(), None)
            self._callback = None
            return

        def trampoline(severity, location, message, _user_data):
            if self._pending is not None:
                return  # the handler already failed during this call
            try:
                handler(Diagnostic(_capi.SEVERITIES.get(severity, "error"),
                                   _decode(location), _decode(message)))
            except BaseException as e:
                self._pending = e

        # The C side keeps only the raw pointer: hold the ctypes object.
        self._callback = _capi.DiagnosticCallback(trampoline)
        self._lib.clefSessionSetDiagnosticCallback(handle, self._callback,
                                                   None)

    def parse_clef(self, source, filename="<source>"):
        """Imports Clef source into a Module in the clef dialect."""
        return self._parse(self._lib.clefModuleParseClef, source, filename)

    def parse_mlir(self, text, filename="<source>"):
        """Parses and verifies MLIR text into a Module."""
        return self._parse(self._lib.clefModuleParseMLIR, text, filename)

    def _parse(self, fn, text, filename):
        data = _encode(text)
        result = _capi.ModuleP()
        error = fn(self._require(), data, len(data), _encode(filename),
                   ctypes.byref(result))
        # Owned before checking, so a handler's exception cannot leak it.
        module = Module(self, result) if result else None
        _check(error, self)
        return module

    def _take_pending(self):
        pending, self._pending = self._pending, None
        return pending

    def _require(self):
        if not self._handle:
            raise ValueError("the session is closed")
        return self._handle

    def close(self):
        """Releases the session. Its modules stay usable until closed, but
        their diagnostics no longer reach the diagnostic handler."""
        if getattr(self, "_handle", None):
            # Modules keep the C session alive; they must not call back into
            # a handler that is about to be freed.
            if self._callback is not None:
                self._lib.clefSessionSetDiagnosticCallback(
                    self._handle, _capi.DiagnosticCallback(), None)
                self._callback = None
            self._lib.clefSessionDestroy(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown: ctypes may be gone
            pass


class Module:
    """A builtin.module made by a Session. str(module) prints it."""

    def __init__(self, session, handle):
        self._lib = session._lib
        self._handle = handle
        self.session = session

    def run_pipeline(self, pipeline):
        """Runs a pass pipeline in place ("canonicalize,cse", "clef-to-llvm",
        "builtin.module(...)"). Returns the module, for chaining."""
        _check(self._lib.clefModuleRunPipeline(self._require(),
                                               _encode(pipeline)),
               self.session)
        return self

    def verify(self):
        """Raises ClefError if the module does not verify."""
        _check(self._lib.clefModuleVerify(self._require()), self.session)

    def to_string(self, debug_info=False, generic=False):
        """The module as MLIR text, optionally with locations or in the
        generic op form."""
        flags = ((_capi.PRINT_DEBUG_INFO if debug_info else 0) |
                 (_capi.PRINT_GENERIC if generic else 0))
        return _capi.take_string(
            self._lib.clefModulePrint(self._require(), flags))

    def to_llvm_ir(self):
        """LLVM IR text of a module in the LLVM dialect."""
        out = ctypes.c_void_p()
        _check(self._lib.clefModuleTranslateToLLVMIR(self._require(),
                                                     ctypes.byref(out)),
               self.session)
        return _capi.take_string(out.value)

    def __str__(self):
        return self.to_string()

    def _require(self):
        if not self._handle:
            raise ValueError("the module is closed")
        return self._handle

    def close(self):
        if getattr(self, "_handle", None):
            self._lib.clefModuleDestroy(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

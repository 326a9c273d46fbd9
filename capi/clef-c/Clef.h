/*===- clef-c/Clef.h - The Clef compiler's C API ------------------*- C -*-===*\
|*                                                                            *|
|* Part of the Clef project.                                                  *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*|
|*                                                                            *|
|* A coarse C interface to the Clef compiler: a session (an MLIR context with *|
|* Clef's dialects and passes), modules parsed from Clef source or MLIR text, *|
|* pass pipelines run on them, and printing. It is the only interface of      *|
|* libClefCAPI.so, and what the Python package wraps with ctypes.             *|
|*                                                                            *|
|* Conventions:                                                               *|
|*  - Handles are opaque. Each has one destroy function; destroying NULL is a *|
|*    no-op.                                                                  *|
|*  - Fallible calls return a ClefError *: NULL on success, otherwise an      *|
|*    error the caller reads and frees with clefErrorDestroy. Bad arguments   *|
|*    (NULL handles, malformed input) are errors, never crashes.              *|
|*  - Strings the API returns as char * are NUL-terminated, owned by the      *|
|*    caller and freed with clefFree. Strings returned as const char * are    *|
|*    owned by the handle they came from.                                     *|
|*  - A session and everything made from it must be used by one thread at a  *|
|*    time. Distinct sessions are independent.                                *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef CLEF_C_CLEF_H
#define CLEF_C_CLEF_H

#include <stddef.h>

#if defined(_WIN32)
#define CLEF_CAPI_EXPORTED __declspec(dllexport)
#else
#define CLEF_CAPI_EXPORTED __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*===----------------------------------------------------------------------===*
 * Versions
 *===----------------------------------------------------------------------===*/

/** The version of this interface. It grows by one whenever a declaration
 *  changes in a way that breaks callers built against an older header. */
#define CLEF_C_API_VERSION 1

/** The CLEF_C_API_VERSION the library was built with. A caller compares it
 *  with the header it was compiled against before using anything else. */
CLEF_CAPI_EXPORTED int clefGetVersion(void);

/** The release of the Clef compiler, such as "0.1.0". Static storage. */
CLEF_CAPI_EXPORTED const char *clefGetCompilerVersion(void);

/** Frees a string returned as char * by this API. NULL is a no-op. */
CLEF_CAPI_EXPORTED void clefFree(void *ptr);

/*===----------------------------------------------------------------------===*
 * Diagnostics and errors
 *===----------------------------------------------------------------------===*/

typedef enum ClefSeverity {
  CLEF_SEVERITY_NOTE = 0,
  CLEF_SEVERITY_WARNING = 1,
  CLEF_SEVERITY_ERROR = 2,
  CLEF_SEVERITY_REMARK = 3
} ClefSeverity;

/** Receives each diagnostic as it is emitted. `location` is
 *  "file:line:col", or "" when the diagnostic has no source location. Notes
 *  attached to a diagnostic arrive as separate calls right after it. The
 *  strings live only for the duration of the call. */
typedef void (*ClefDiagnosticCallback)(ClefSeverity severity,
                                       const char *location,
                                       const char *message, void *userData);

/** The failure of one call: a one-line summary plus every diagnostic the
 *  call emitted (errors, and the warnings and notes around them). */
typedef struct ClefError ClefError;

/** The summary followed by the diagnostics, one per line, each as
 *  "file:line:col: error: message". Owned by the error. */
CLEF_CAPI_EXPORTED const char *clefErrorGetMessage(const ClefError *error);

/** The summary alone, e.g. "could not parse the Clef source". */
CLEF_CAPI_EXPORTED const char *clefErrorGetSummary(const ClefError *error);

CLEF_CAPI_EXPORTED size_t clefErrorGetNumDiagnostics(const ClefError *error);

/** The parts of diagnostic `index`; out-of-range indices give
 *  CLEF_SEVERITY_ERROR and "" so a caller can never read past the end. */
CLEF_CAPI_EXPORTED ClefSeverity
clefErrorGetDiagnosticSeverity(const ClefError *error, size_t index);
CLEF_CAPI_EXPORTED const char *
clefErrorGetDiagnosticLocation(const ClefError *error, size_t index);
CLEF_CAPI_EXPORTED const char *
clefErrorGetDiagnosticMessage(const ClefError *error, size_t index);

CLEF_CAPI_EXPORTED void clefErrorDestroy(ClefError *error);

/*===----------------------------------------------------------------------===*
 * Sessions
 *===----------------------------------------------------------------------===*/

/** An MLIR context with the Clef dialects, the dialects they lower to, and
 *  Clef's passes and pipelines registered. */
typedef struct ClefSession ClefSession;

/** Never returns NULL. */
CLEF_CAPI_EXPORTED ClefSession *clefSessionCreate(void);

/** Releases the caller's reference. Modules made from the session keep it
 *  alive, so modules and their session may be destroyed in any order. */
CLEF_CAPI_EXPORTED void clefSessionDestroy(ClefSession *session);

/** Streams every diagnostic of later calls to `callback` as well as
 *  collecting it into the returned ClefError. NULL removes the callback. */
CLEF_CAPI_EXPORTED void clefSessionSetDiagnosticCallback(
    ClefSession *session, ClefDiagnosticCallback callback, void *userData);

/*===----------------------------------------------------------------------===*
 * Modules
 *===----------------------------------------------------------------------===*/

/** A `builtin.module` owned by the caller. */
typedef struct ClefModule ClefModule;

/** Imports Clef source (`length` bytes; the text need not be NUL-terminated)
 *  into a module in the clef dialect. `fileName` names the buffer in
 *  diagnostics and locations; NULL means "<source>". On success `*result`
 *  holds the module; on failure it is set to NULL. */
CLEF_CAPI_EXPORTED ClefError *
clefModuleParseClef(ClefSession *session, const char *source, size_t length,
                    const char *fileName, ClefModule **result);

/** Parses and verifies MLIR text (any registered dialect), as
 *  clefModuleParseClef does for Clef source. */
CLEF_CAPI_EXPORTED ClefError *
clefModuleParseMLIR(ClefSession *session, const char *text, size_t length,
                    const char *fileName, ClefModule **result);

/** Runs a textual pass pipeline on the module in place, e.g.
 *  "canonicalize,cse", "clef-to-llvm" or "builtin.module(canonicalize)".
 *  A pipeline not anchored on builtin.module is nested in one. The module is
 *  verified after each pass. On failure the module may be partly
 *  transformed. */
CLEF_CAPI_EXPORTED ClefError *clefModuleRunPipeline(ClefModule *module,
                                                    const char *pipeline);

/** Runs the verifier on the module. */
CLEF_CAPI_EXPORTED ClefError *clefModuleVerify(ClefModule *module);

typedef enum ClefPrintFlags {
  CLEF_PRINT_DEFAULT = 0,
  /** Print locations as `loc(...)` attributes. */
  CLEF_PRINT_DEBUG_INFO = 1,
  /** Print every op in the generic form. */
  CLEF_PRINT_GENERIC = 2
} ClefPrintFlags;

/** The module as MLIR text (`flags` is a bitwise OR of ClefPrintFlags), to
 *  be freed with clefFree. A module that does not verify is printed in the
 *  generic form. Returns NULL only if `module` is NULL. */
CLEF_CAPI_EXPORTED char *clefModulePrint(ClefModule *module, unsigned flags);

/** Translates a module in the LLVM dialect (after "clef-to-llvm") to LLVM
 *  IR text, stored in `*result` to be freed with clefFree. */
CLEF_CAPI_EXPORTED ClefError *clefModuleTranslateToLLVMIR(ClefModule *module,
                                                          char **result);

CLEF_CAPI_EXPORTED void clefModuleDestroy(ClefModule *module);

#ifdef __cplusplus
}
#endif

#endif /* CLEF_C_CLEF_H */

/*===- clef-capi-test.c - Exercises the Clef C API ------------------------===*\
|*                                                                            *|
|* Part of the Clef project.                                                  *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*|
|*                                                                            *|
|* Plain C99 against clef-c/Clef.h only, so it also checks that the header   *|
|* stands alone. Each section prints a marker and what the API returned;     *|
|* capi.test FileChecks the output. Prints to stdout only, in order.         *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include "clef-c/Clef.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *severityName(ClefSeverity severity) {
  switch (severity) {
  case CLEF_SEVERITY_NOTE:
    return "note";
  case CLEF_SEVERITY_WARNING:
    return "warning";
  case CLEF_SEVERITY_ERROR:
    return "error";
  case CLEF_SEVERITY_REMARK:
    return "remark";
  }
  return "?";
}

/* Prints an error and its diagnostics one by one, then frees it. Returns 1
 * when there was an error. */
static int report(ClefError *error) {
  size_t i, n;
  if (!error) {
    printf("ok\n");
    return 0;
  }
  n = clefErrorGetNumDiagnostics(error);
  printf("error: %s (%zu diagnostics)\n", clefErrorGetSummary(error), n);
  for (i = 0; i < n; ++i)
    printf("  diag %s [%s] %s\n",
           severityName(clefErrorGetDiagnosticSeverity(error, i)),
           clefErrorGetDiagnosticLocation(error, i),
           clefErrorGetDiagnosticMessage(error, i));
  printf("message:\n%s\n", clefErrorGetMessage(error));
  clefErrorDestroy(error);
  return 1;
}

static void printModule(ClefModule *module, unsigned flags) {
  char *text = clefModulePrint(module, flags);
  printf("%s", text ? text : "(null)\n");
  clefFree(text);
}

static ClefModule *parseMLIR(ClefSession *session, const char *text,
                             const char *fileName) {
  ClefModule *module = NULL;
  report(clefModuleParseMLIR(session, text, strlen(text), fileName, &module));
  return module;
}

static ClefModule *parseClef(ClefSession *session, const char *source,
                             const char *fileName) {
  ClefModule *module = NULL;
  report(
      clefModuleParseClef(session, source, strlen(source), fileName, &module));
  return module;
}

static void onDiagnostic(ClefSeverity severity, const char *location,
                         const char *message, void *userData) {
  int *count = (int *)userData;
  ++*count;
  printf("callback %s [%s] %s\n", severityName(severity), location, message);
}

/* An entry function printing 40 + 2, with a dead addition canonicalize
 * removes. */
static const char *kProgram =
    "func.func @run() -> i32 attributes {clef.entry} {\n"
    "  %a = clef.constant 40 : i32\n"
    "  %b = clef.constant 2 : i32\n"
    "  %dead = clef.add %b, %b : i32\n"
    "  %c = clef.add %a, %b : i32\n"
    "  clef.printf \"%d\"(%c : i32) {newline}\n"
    "  %zero = clef.constant 0 : i32\n"
    "  return %zero : i32\n"
    "}\n";

static void testVersion(void) {
  printf("--- version\n");
  printf("api %d header %d\n", clefGetVersion(), CLEF_C_API_VERSION);
  printf("compiler %s\n", clefGetCompilerVersion());
}

static void testMLIR(ClefSession *session) {
  ClefModule *module;
  char *llvmIR = NULL;

  printf("--- parse mlir\n");
  module = parseMLIR(session, kProgram, "program.mlir");
  if (!module)
    return;
  printModule(module, CLEF_PRINT_DEFAULT);

  printf("--- canonicalize\n");
  report(clefModuleRunPipeline(module, "canonicalize"));
  printModule(module, CLEF_PRINT_DEFAULT);

  printf("--- generic with locations\n");
  printModule(module, CLEF_PRINT_GENERIC | CLEF_PRINT_DEBUG_INFO);

  printf("--- translate before lowering\n");
  report(clefModuleTranslateToLLVMIR(module, &llvmIR));
  printf("result %s\n", llvmIR ? "set" : "null");

  printf("--- clef-to-llvm\n");
  report(clefModuleRunPipeline(module, "clef-to-llvm"));
  report(clefModuleVerify(module));
  printModule(module, CLEF_PRINT_DEFAULT);

  printf("--- translate\n");
  if (!report(clefModuleTranslateToLLVMIR(module, &llvmIR)))
    printf("%s", llvmIR);
  clefFree(llvmIR);
  clefModuleDestroy(module);
}

static void testMLIRErrors(ClefSession *session) {
  ClefModule *module;

  printf("--- mlir syntax error\n");
  module = parseMLIR(session, "func.func @f( {\n", "syntax.mlir");
  printf("module %s\n", module ? "set" : "null");

  printf("--- mlir verifier error\n");
  module = parseMLIR(session,
                     "func.func @f() -> i64 attributes {clef.entry} {\n"
                     "  %0 = clef.constant 1 : i64\n"
                     "  return %0 : i64\n"
                     "}\n",
                     "verify.mlir");
  printf("module %s\n", module ? "set" : "null");

  printf("--- bad pipelines\n");
  module = parseMLIR(session, kProgram, "program.mlir");
  report(clefModuleRunPipeline(module, "no-such-pass"));
  report(clefModuleRunPipeline(module, "canonicalize{"));
  /* The module is untouched and still usable. */
  report(clefModuleRunPipeline(module, "builtin.module(cse)"));
  report(clefModuleRunPipeline(module, ""));
  clefModuleDestroy(module);
}

static void testClef(ClefSession *session) {
  ClefModule *module;

  printf("--- parse clef\n");
  module =
      parseClef(session, "let x = 40 + 2\nprintfn \"%d\" x\n", "hello.clef");
  if (module) {
    printModule(module, CLEF_PRINT_DEFAULT);
    report(clefModuleRunPipeline(module, "clef-to-llvm"));
    clefModuleDestroy(module);
  }

  printf("--- clef error\n");
  module = parseClef(session, "let x = 1\nlet y = x +\n", "bad.clef");
  printf("module %s\n", module ? "set" : "null");
}

static void testCallback(ClefSession *session) {
  int count = 0;
  ClefModule *module;

  printf("--- callback\n");
  clefSessionSetDiagnosticCallback(session, onDiagnostic, &count);
  module = parseMLIR(session, "%0 = clef.constant 1 : i8\n", "cb.mlir");
  printf("module %s, %d callback calls\n", module ? "set" : "null", count);
  clefSessionSetDiagnosticCallback(session, NULL, NULL);
  module = parseMLIR(session, "%0 = clef.constant 1 : i8\n", "cb.mlir");
  printf("module %s, %d callback calls\n", module ? "set" : "null", count);
}

static void testBadArguments(ClefSession *session) {
  ClefModule *module = NULL;
  char *text = NULL;

  printf("--- bad arguments\n");
  report(clefModuleParseMLIR(NULL, "", 0, NULL, &module));
  report(clefModuleParseMLIR(session, NULL, 3, NULL, &module));
  report(clefModuleParseMLIR(session, "", 0, NULL, NULL));
  report(clefModuleParseClef(NULL, "", 0, NULL, &module));
  report(clefModuleRunPipeline(NULL, "cse"));
  report(clefModuleVerify(NULL));
  report(clefModuleTranslateToLLVMIR(NULL, &text));
  printf("print null: %s\n", clefModulePrint(NULL, 0) ? "set" : "null");
  printf("out of range: [%s] [%s]\n", clefErrorGetDiagnosticLocation(NULL, 7),
         clefErrorGetDiagnosticMessage(NULL, 7));
  clefModuleDestroy(NULL);
  clefSessionDestroy(NULL);
  clefErrorDestroy(NULL);
  clefFree(NULL);

  printf("--- empty module\n");
  module = parseMLIR(session, "", "empty.mlir");
  printModule(module, CLEF_PRINT_DEFAULT);
  clefModuleDestroy(module);
}

/* A module keeps its session alive after the session is destroyed. */
static void testLifetime(void) {
  ClefSession *session = clefSessionCreate();
  ClefModule *module;

  printf("--- lifetime\n");
  module = parseMLIR(session, kProgram, "program.mlir");
  clefSessionDestroy(session);
  report(clefModuleRunPipeline(module, "canonicalize,cse"));
  printModule(module, CLEF_PRINT_DEFAULT);
  clefModuleDestroy(module);
}

int main(void) {
  ClefSession *session;

  testVersion();
  session = clefSessionCreate();
  testMLIR(session);
  testMLIRErrors(session);
  testClef(session);
  testCallback(session);
  testBadArguments(session);
  clefSessionDestroy(session);
  testLifetime();
  printf("--- done\n");
  return 0;
}

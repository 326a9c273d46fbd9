//===- Clef.cpp - The Clef compiler's C API -------------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Implements clef-c/Clef.h over the driver and front-end libraries. Every
// entry point checks its arguments and turns failures into a ClefError
// carrying the diagnostics the call emitted; nothing is printed to stderr.
//
//===----------------------------------------------------------------------===//

#include "clef-c/Clef.h"

#include "driver/Compiler.h"
#include "driver/Registration.h"
#include "frontend-antlr/Import.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#ifndef CLEF_VERSION_STRING
#define CLEF_VERSION_STRING "unknown"
#endif

using namespace mlir;

//===----------------------------------------------------------------------===//
// Handles
//===----------------------------------------------------------------------===//

namespace {
struct Diag {
  ClefSeverity severity;
  std::string location;
  std::string message;
};
} // namespace

struct ClefError {
  std::string summary;
  std::vector<Diag> diagnostics;
  std::string message; // summary + diagnostics, built once
};

struct ClefSession {
  // Modules hold a reference so that destroying the session first does not
  // leave them pointing into a dead context.
  unsigned refCount = 1;
  MLIRContext context;
  ClefDiagnosticCallback callback = nullptr;
  void *userData = nullptr;

  explicit ClefSession(const DialectRegistry &registry) : context(registry) {
    // A verifier error already names the op and its location; the generic
    // dump of the op that MLIR's tools attach as a note is noise here.
    context.printOpOnDiagnostic(false);
  }
};

struct ClefModule {
  ClefSession *session;
  OwningOpRef<ModuleOp> op;
};

static void retain(ClefSession *session) { ++session->refCount; }

static void release(ClefSession *session) {
  if (--session->refCount == 0)
    delete session;
}

//===----------------------------------------------------------------------===//
// Diagnostics
//===----------------------------------------------------------------------===//

static ClefSeverity toClef(DiagnosticSeverity severity) {
  switch (severity) {
  case DiagnosticSeverity::Note:
    return CLEF_SEVERITY_NOTE;
  case DiagnosticSeverity::Warning:
    return CLEF_SEVERITY_WARNING;
  case DiagnosticSeverity::Error:
    return CLEF_SEVERITY_ERROR;
  case DiagnosticSeverity::Remark:
    return CLEF_SEVERITY_REMARK;
  }
  return CLEF_SEVERITY_ERROR;
}

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
  return "error";
}

/// "file:line:col" of the first file location inside `loc` (a call-site or
/// fused location wraps one), or "" when there is none.
static std::string formatLocation(Location loc) {
  auto fileLoc = loc->findInstanceOf<FileLineColLoc>();
  if (!fileLoc)
    return "";
  return (fileLoc.getFilename().getValue() + ":" + Twine(fileLoc.getLine()) +
          ":" + Twine(fileLoc.getColumn()))
      .str();
}

namespace {
/// Collects the diagnostics emitted on a session's context while it lives,
/// forwarding each to the session's callback. The handler claims every
/// diagnostic, so the context's default handler never prints them.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(ClefSession *session) : session(session) {
    id = session->context.getDiagEngine().registerHandler(
        [this](Diagnostic &diag) {
          record(diag);
          for (Diagnostic &note : diag.getNotes())
            record(note);
          return success();
        });
  }
  ~DiagnosticCollector() { session->context.getDiagEngine().eraseHandler(id); }

  /// Records a diagnostic that did not come through the engine (a pipeline
  /// parse error, an exception).
  void add(ClefSeverity severity, std::string location, std::string message) {
    if (session->callback)
      session->callback(severity, location.c_str(), message.c_str(),
                        session->userData);
    diagnostics.push_back({severity, std::move(location), std::move(message)});
  }

  /// An error with `summary` and everything collected so far.
  ClefError *makeError(std::string summary) {
    auto *error = new ClefError{std::move(summary), std::move(diagnostics), ""};
    diagnostics.clear();
    llvm::raw_string_ostream os(error->message);
    os << error->summary;
    for (const Diag &d : error->diagnostics) {
      os << "\n";
      if (!d.location.empty())
        os << d.location << ": ";
      os << severityName(d.severity) << ": " << d.message;
    }
    return error;
  }

private:
  void record(Diagnostic &diag) {
    add(toClef(diag.getSeverity()), formatLocation(diag.getLocation()),
        diag.str());
  }

  ClefSession *session;
  DiagnosticEngine::HandlerID id;
  std::vector<Diag> diagnostics;
};
} // namespace

/// An error for a call made with bad arguments, before any diagnostics.
static ClefError *argumentError(const char *summary) {
  auto *error = new ClefError{summary, {}, summary};
  return error;
}

/// A copy of `s` in malloc'd memory, as clefFree expects.
static char *copyToMalloc(llvm::StringRef s) {
  char *out = static_cast<char *>(std::malloc(s.size() + 1));
  if (!out)
    return nullptr;
  std::memcpy(out, s.data(), s.size());
  out[s.size()] = '\0';
  return out;
}

//===----------------------------------------------------------------------===//
// Versions
//===----------------------------------------------------------------------===//

int clefGetVersion(void) { return CLEF_C_API_VERSION; }

const char *clefGetCompilerVersion(void) { return CLEF_VERSION_STRING; }

void clefFree(void *ptr) { std::free(ptr); }

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

const char *clefErrorGetMessage(const ClefError *error) {
  return error ? error->message.c_str() : "";
}

const char *clefErrorGetSummary(const ClefError *error) {
  return error ? error->summary.c_str() : "";
}

size_t clefErrorGetNumDiagnostics(const ClefError *error) {
  return error ? error->diagnostics.size() : 0;
}

ClefSeverity clefErrorGetDiagnosticSeverity(const ClefError *error,
                                            size_t index) {
  if (!error || index >= error->diagnostics.size())
    return CLEF_SEVERITY_ERROR;
  return error->diagnostics[index].severity;
}

const char *clefErrorGetDiagnosticLocation(const ClefError *error,
                                           size_t index) {
  if (!error || index >= error->diagnostics.size())
    return "";
  return error->diagnostics[index].location.c_str();
}

const char *clefErrorGetDiagnosticMessage(const ClefError *error,
                                          size_t index) {
  if (!error || index >= error->diagnostics.size())
    return "";
  return error->diagnostics[index].message.c_str();
}

void clefErrorDestroy(ClefError *error) { delete error; }

//===----------------------------------------------------------------------===//
// Sessions
//===----------------------------------------------------------------------===//

ClefSession *clefSessionCreate(void) {
  // Pass registration is process-wide and guarded against a second call.
  clef::registerClefAndCorePasses();
  DialectRegistry registry;
  clef::registerClefDialects(registry);
  return new ClefSession(registry);
}

void clefSessionDestroy(ClefSession *session) {
  if (session)
    release(session);
}

void clefSessionSetDiagnosticCallback(ClefSession *session,
                                      ClefDiagnosticCallback callback,
                                      void *userData) {
  if (!session)
    return;
  session->callback = callback;
  session->userData = callback ? userData : nullptr;
}

//===----------------------------------------------------------------------===//
// Modules
//===----------------------------------------------------------------------===//

static ClefModule *wrap(ClefSession *session, OwningOpRef<ModuleOp> op) {
  retain(session);
  return new ClefModule{session, std::move(op)};
}

ClefError *clefModuleParseClef(ClefSession *session, const char *source,
                               size_t length, const char *fileName,
                               ClefModule **result) {
  if (!result)
    return argumentError("clefModuleParseClef: result is NULL");
  *result = nullptr;
  if (!session)
    return argumentError("clefModuleParseClef: session is NULL");
  if (!source && length)
    return argumentError("clefModuleParseClef: source is NULL");

  DiagnosticCollector diags(session);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(source ? source : "", length),
          fileName ? fileName : "<source>"),
      llvm::SMLoc());

  OwningOpRef<ModuleOp> module;
  // The front end is built with C++ exceptions (its ANTLR parser needs
  // them). One that escapes must become an error, not end the host process.
  try {
    module = clef::importClef(sourceMgr, &session->context);
  } catch (const std::exception &e) {
    diags.add(CLEF_SEVERITY_ERROR, "",
              std::string("internal front-end error: ") + e.what());
    return diags.makeError("could not import the Clef source");
  } catch (...) {
    diags.add(CLEF_SEVERITY_ERROR, "", "internal front-end error");
    return diags.makeError("could not import the Clef source");
  }
  if (!module)
    return diags.makeError("could not import the Clef source");
  if (failed(verify(*module)))
    return diags.makeError("the imported module does not verify");
  *result = wrap(session, std::move(module));
  return nullptr;
}

ClefError *clefModuleParseMLIR(ClefSession *session, const char *text,
                               size_t length, const char *fileName,
                               ClefModule **result) {
  if (!result)
    return argumentError("clefModuleParseMLIR: result is NULL");
  *result = nullptr;
  if (!session)
    return argumentError("clefModuleParseMLIR: session is NULL");
  if (!text && length)
    return argumentError("clefModuleParseMLIR: text is NULL");

  DiagnosticCollector diags(session);
  ParserConfig config(&session->context);
  // parseSourceString verifies the module and wraps top-level ops that are
  // not a module in one.
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(llvm::StringRef(text ? text : "", length),
                                  config, fileName ? fileName : "<source>");
  if (!module)
    return diags.makeError("could not parse the MLIR text");
  *result = wrap(session, std::move(module));
  return nullptr;
}

/// The pipeline parser reports "MLIR Textual PassPipeline Parser:L:C: error:
/// message" followed by the offending text and a caret. Recorded as a
/// diagnostic located at "<pipeline>:L:C", like any other.
static void addPipelineParseError(DiagnosticCollector &diags,
                                  llvm::StringRef text) {
  llvm::StringRef firstLine = text.split('\n').first;
  llvm::StringRef rest = firstLine;
  unsigned line, column;
  if (rest.consume_front("MLIR Textual PassPipeline Parser:") &&
      !rest.consumeInteger(10, line) && rest.consume_front(":") &&
      !rest.consumeInteger(10, column) && rest.consume_front(": error: ")) {
    diags.add(CLEF_SEVERITY_ERROR,
              ("<pipeline>:" + Twine(line) + ":" + Twine(column)).str(),
              rest.str());
    return;
  }
  diags.add(CLEF_SEVERITY_ERROR, "", text.rtrim().str());
}

ClefError *clefModuleRunPipeline(ClefModule *module, const char *pipeline) {
  if (!module)
    return argumentError("clefModuleRunPipeline: module is NULL");
  if (!pipeline)
    return argumentError("clefModuleRunPipeline: pipeline is NULL");

  DiagnosticCollector diags(module->session);
  std::string text = llvm::StringRef(pipeline).trim().str();
  if (!llvm::StringRef(text).starts_with("builtin.module("))
    text = "builtin.module(" + text + ")";

  // Parsing to an OpPassManager and moving it into the PassManager runs the
  // pipeline on the module itself; parsing into a PassManager would nest a
  // second builtin.module manager that never matches.
  std::string parseErrors;
  llvm::raw_string_ostream errorStream(parseErrors);
  FailureOr<OpPassManager> parsed = parsePassPipeline(text, errorStream);
  if (failed(parsed)) {
    addPipelineParseError(diags, parseErrors);
    return diags.makeError("invalid pass pipeline '" +
                           llvm::StringRef(pipeline).trim().str() + "'");
  }
  PassManager pm(&module->session->context);
  static_cast<OpPassManager &>(pm) = std::move(*parsed);
  if (failed(pm.run(*module->op)))
    return diags.makeError("the pass pipeline failed");
  return nullptr;
}

ClefError *clefModuleVerify(ClefModule *module) {
  if (!module)
    return argumentError("clefModuleVerify: module is NULL");
  DiagnosticCollector diags(module->session);
  if (failed(verify(*module->op)))
    return diags.makeError("the module does not verify");
  return nullptr;
}

char *clefModulePrint(ClefModule *module, unsigned flags) {
  if (!module)
    return nullptr;
  // Verifying before printing may emit diagnostics; they must not reach
  // stderr.
  DiagnosticCollector diags(module->session);
  OpPrintingFlags printingFlags;
  if (flags & CLEF_PRINT_DEBUG_INFO)
    printingFlags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false);
  if (flags & CLEF_PRINT_GENERIC)
    printingFlags.printGenericOpForm();
  std::string text;
  llvm::raw_string_ostream os(text);
  module->op->print(os, printingFlags);
  return copyToMalloc(text);
}

ClefError *clefModuleTranslateToLLVMIR(ClefModule *module, char **result) {
  if (!result)
    return argumentError("clefModuleTranslateToLLVMIR: result is NULL");
  *result = nullptr;
  if (!module)
    return argumentError("clefModuleTranslateToLLVMIR: module is NULL");

  DiagnosticCollector diags(module->session);
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      clef::translateToLLVMIR(*module->op, llvmContext);
  if (!llvmModule)
    return diags.makeError("could not translate the module to LLVM IR");
  std::string text;
  llvm::raw_string_ostream os(text);
  llvmModule->print(os, /*AAW=*/nullptr);
  *result = copyToMalloc(text);
  return nullptr;
}

void clefModuleDestroy(ClefModule *module) {
  if (!module)
    return;
  ClefSession *session = module->session;
  // The op must die before the context that owns its storage.
  delete module;
  release(session);
}

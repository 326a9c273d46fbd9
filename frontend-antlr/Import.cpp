//===- Import.cpp - Clef source to the clef dialect -----------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Runs the front end's phases in order: the prelude and the program are
// parsed into one AST (prelude first), type-checked together, and emitted.
// Each phase reports through the MLIR diagnostic engine and the next phase
// runs only if it succeeded.
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/Import.h"

#include "frontend-antlr/ASTBuilder.h"
#include "frontend-antlr/Emitter.h"
#include "frontend-antlr/ParseAndCheck.h"

#include "dialects/Clef/ClefDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Support/Timing.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/ProgramStack.h"
#include "llvm/Support/SourceMgr.h"

using namespace clef;

/// The stack the front end runs on. Parsing, inference and emission
/// recurse over the program's nesting; their limits (the layout's open
/// contexts, RuleDepthGuard in the parser, the AST's nesting check) keep the
/// recursion within this whatever the input, also with the larger frames of
/// a sanitized build. Pages are only touched as deep as a program nests.
static constexpr unsigned kFrontendStackSize = 512u << 20;

static mlir::OwningOpRef<mlir::ModuleOp>
importOnThisStack(llvm::SourceMgr &sourceMgr, mlir::MLIRContext *context,
                  mlir::TimingScope *timing);

mlir::OwningOpRef<mlir::ModuleOp> clef::importClef(llvm::SourceMgr &sourceMgr,
                                                   mlir::MLIRContext *context,
                                                   mlir::TimingScope *timing) {
  mlir::OwningOpRef<mlir::ModuleOp> module;
  llvm::runOnNewStack(kFrontendStackSize, [&] {
    module = importOnThisStack(sourceMgr, context, timing);
  });
  return module;
}

static mlir::OwningOpRef<mlir::ModuleOp>
importOnThisStack(llvm::SourceMgr &sourceMgr, mlir::MLIRContext *context,
                  mlir::TimingScope *timing) {
  // Without a timer, the steps nest in a scope that times nothing.
  mlir::TimingScope untimed;
  mlir::TimingScope &parent = timing ? *timing : untimed;

  context->loadDialect<mlir::clef::ClefDialect, mlir::func::FuncDialect,
                       mlir::scf::SCFDialect, mlir::arith::ArithDialect>();
  const llvm::MemoryBuffer *buffer =
      sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
  llvm::StringRef fileName = buffer->getBufferIdentifier();
  if (fileName.empty() || fileName == "<stdin>")
    fileName = "<stdin>";
  ast::Program program;
  TypeContext types;
  size_t firstUserDecl = 0;
  if (!parseAndCheck(sourceMgr, context, fileName, program, types,
                     firstUserDecl, parent))
    return nullptr;

  mlir::TimingScope emitTiming = parent.nest("Emit and monomorphise");
  mlir::OwningOpRef<mlir::ModuleOp> module =
      emitModule(program, types, firstUserDecl, context, fileName);
  if (!module)
    return nullptr;
  emitTiming.stop();
  mlir::TimingScope verifyTiming = parent.nest("Verify");
  if (mlir::failed(mlir::verify(*module)))
    return nullptr;
  return module;
}

void clef::registerImportClefTranslation() {
  // The offside rule's output, for tests of the layout rules.
  mlir::TranslateRegistration layout(
      "clef-layout", "Print Clef tokens after the offside rule",
      [](const std::shared_ptr<llvm::SourceMgr> &sourceMgr,
         llvm::raw_ostream &output, mlir::MLIRContext *context) {
        const llvm::MemoryBuffer *buffer =
            sourceMgr->getMemoryBuffer(sourceMgr->getMainFileID());
        auto fileAttr =
            mlir::StringAttr::get(context, buffer->getBufferIdentifier());
        bool ok = printLayout(buffer->getBuffer(), output,
                              [&](ast::Loc at, const std::string &message) {
                                mlir::emitError(mlir::FileLineColLoc::get(
                                                    fileAttr, at.line, at.col),
                                                message);
                              });
        return mlir::success(ok);
      });

  mlir::TranslateToMLIRRegistration registration(
      "import-clef", "Translate Clef source to the clef dialect",
      [](llvm::SourceMgr &sourceMgr,
         mlir::MLIRContext *context) -> mlir::OwningOpRef<mlir::Operation *> {
        mlir::OwningOpRef<mlir::ModuleOp> module =
            importClef(sourceMgr, context);
        if (!module)
          return nullptr;
        return mlir::OwningOpRef<mlir::Operation *>(module.release());
      },
      [](mlir::DialectRegistry &registry) {
        registry.insert<mlir::clef::ClefDialect, mlir::func::FuncDialect,
                        mlir::scf::SCFDialect, mlir::arith::ArithDialect>();
      });
}

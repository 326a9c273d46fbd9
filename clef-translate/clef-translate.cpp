//===- clef-translate.cpp - Clef translation driver -----------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Translations in and out of MLIR:
//   --import-clef      Clef source -> clef dialect
//   --clef-to-llvmir   clef dialect -> (whole pipeline) -> LLVM IR
//   --export-certificate clef dialect -> (whole pipeline) -> the certificate
//   --mlir-to-llvmir   LLVM dialect -> LLVM IR
//
//===----------------------------------------------------------------------===//

#include "driver/Compiler.h"
#include "driver/Registration.h"
#include "frontend-antlr/Import.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllTranslations.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/JSON.h"

using namespace mlir;

static void registerClefToLLVMIRTranslation() {
  TranslateFromMLIRRegistration registration(
      "clef-to-llvmir",
      "Run the whole Clef pipeline on a clef-dialect module and emit LLVM IR",
      [](Operation *op, llvm::raw_ostream &output) -> LogicalResult {
        auto module = dyn_cast<ModuleOp>(op);
        if (!module)
          return op->emitError("expected a builtin.module");
        if (failed(clef::lowerToLLVMDialect(module)))
          return failure();
        llvm::LLVMContext llvmContext;
        std::unique_ptr<llvm::Module> llvmModule =
            clef::translateToLLVMIR(module, llvmContext);
        if (!llvmModule)
          return op->emitError("translation to LLVM IR failed");
        llvmModule->print(output, nullptr);
        return success();
      },
      [](DialectRegistry &registry) { clef::registerClefDialects(registry); });
}

/// The certificate of the region-level IR, with the hash of the LLVM IR the
/// pipeline goes on to emit: the same file clefc writes next to an executable.
static void registerExportCertificateTranslation() {
  TranslateFromMLIRRegistration registration(
      "export-certificate",
      "Run the whole Clef pipeline on a clef-dialect module and emit the "
      "certificate of its region-level IR (JSON)",
      [](Operation *op, llvm::raw_ostream &output) -> LogicalResult {
        auto module = dyn_cast<ModuleOp>(op);
        if (!module)
          return op->emitError("expected a builtin.module");
        std::unique_ptr<clef::StreamedCertificate> certificate;
        clef::PipelineOptions options;
        options.certificateSink =
            [&](std::unique_ptr<clef::StreamedCertificate> received, ModuleOp) {
              certificate = std::move(received);
            };
        if (failed(clef::lowerToLLVMDialect(module, /*applyCLOptions=*/false,
                                            /*timing=*/nullptr, options)))
          return failure();
        if (!certificate)
          return op->emitError("the pipeline produced no certificate");
        llvm::LLVMContext llvmContext;
        std::unique_ptr<llvm::Module> llvmModule =
            clef::translateToLLVMIR(module, llvmContext);
        if (!llvmModule)
          return op->emitError("translation to LLVM IR failed");
        clef::HashingStream llvmText;
        llvmModule->print(llvmText, nullptr);
        certificate->setLLVMHash(llvmText.digest());
        std::string error;
        if (failed(certificate->write(output, error)))
          return op->emitError(error);
        return success();
      },
      [](DialectRegistry &registry) { clef::registerClefDialects(registry); });
}

int main(int argc, char **argv) {
  clef::registerClefAndCorePasses();
  clef::registerImportClefTranslation();
  registerClefToLLVMIRTranslation();
  registerExportCertificateTranslation();
  registerToLLVMIRTranslation();
  return failed(mlirTranslateMain(argc, argv, "Clef translation driver"));
}

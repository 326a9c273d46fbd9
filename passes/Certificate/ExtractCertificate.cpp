//===- ExtractCertificate.cpp - Write the certificate of region IR --------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The pass over passes/Certificate.h: reads the region-level module and
// writes its certificate, or hands it to the driver that will add the hash
// of the LLVM IR it emits.
//
//===----------------------------------------------------------------------===//

#include "passes/Certificate/Certificate.h"
#include "passes/Passes.h"

namespace clef {
#define GEN_PASS_DEF_CLEFEXTRACTCERTIFICATE
#include "passes/Passes.h.inc"
} // namespace clef

using namespace mlir;

namespace clef {
namespace {

struct ClefExtractCertificatePass
    : impl::ClefExtractCertificateBase<ClefExtractCertificatePass> {
  using Base::Base;
  explicit ClefExtractCertificatePass(CertificateSink sink)
      : sink(std::move(sink)) {}

  void runOnOperation() override {
    ModuleOp module = getOperation();
    markAllAnalysesPreserved();
    std::string error;
    if (inMemory && !sink) {
      if (failed(writeCertificate(llvm::json::Value(extractCertificate(module)),
                                  output, error)))
        return fail(module, error);
      return;
    }
    std::unique_ptr<StreamedCertificate> certificate =
        StreamedCertificate::extract(module, error);
    if (!certificate)
      return fail(module, error);
    if (sink)
      return sink(std::move(certificate), module);
    if (failed(certificate->write(output, error)))
      return fail(module, error);
  }

  void fail(ModuleOp module, const std::string &error) {
    module.emitError(error);
    signalPassFailure();
  }

  CertificateSink sink;
};

} // namespace

std::unique_ptr<Pass> createExtractCertificatePass(CertificateSink sink) {
  return std::make_unique<ClefExtractCertificatePass>(std::move(sink));
}

} // namespace clef

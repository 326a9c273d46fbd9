//===- CheckCertificate.cpp - Check a certificate against region IR -------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The independent checker of a certificate. It trusts neither the region
// inference (it runs `clef-check-regions`, which re-derives the region
// discipline from the IR alone) nor the certificate (it re-extracts the
// certificate from the IR and compares every claim, the hash first).
//
//===----------------------------------------------------------------------===//

#include "passes/Certificate/Certificate.h"
#include "passes/Passes.h"

#include "dialects/Region/RegionDialect.h"

#include "mlir/Pass/PassManager.h"
#include "llvm/Support/MemoryBuffer.h"

namespace clef {
#define GEN_PASS_DEF_CLEFCHECKCERTIFICATE
#include "passes/Passes.h.inc"
} // namespace clef

using namespace mlir;
namespace json = llvm::json;

namespace clef {
namespace {

/// Past this many, further mismatches are counted, not listed.
constexpr unsigned kMaxReportedMismatches = 50;

struct ClefCheckCertificatePass
    : impl::ClefCheckCertificateBase<ClefCheckCertificatePass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    markAllAnalysesPreserved();
    std::optional<json::Value> claimed = readCertificate(module);
    if (!claimed)
      return signalPassFailure();

    // The region discipline, re-derived from the IR by the region checker.
    bool ok = true;
    OpPassManager check(ModuleOp::getOperationName());
    check.addPass(createCheckRegions());
    if (failed(runPipeline(check, module))) {
      emitError(module.getLoc(),
                "the structural claims of the certificate do not hold: "
                "clef-check-regions rejects this IR");
      ok = false;
    }

    CertificateIndex index;
    json::Value derived = extractCertificate(module, &index);
    const json::Object *claimedObject = claimed->getAsObject();
    const json::Object *derivedObject = derived.getAsObject();

    // The hashes: a certificate of other IR is stale, whatever it says.
    std::optional<llvm::StringRef> claimedIR, derivedIR;
    if (const json::Object *hashes = claimedObject->getObject("hashes"))
      claimedIR = hashes->getString("ir");
    derivedIR = derivedObject->getObject("hashes")->getString("ir");
    if (claimedIR != derivedIR) {
      emitError(module.getLoc())
          << "stale certificate: it describes IR with hash "
          << (claimedIR ? *claimedIR : "<none>") << " but this IR hashes to "
          << *derivedIR;
      ok = false;
    }
    if (!llvmIR.empty() && failed(checkLLVMHash(module, *claimedObject)))
      ok = false;

    SmallVector<CertificateMismatch> mismatches =
        diffCertificates(*claimed, derived, {"hashes.ir", "hashes.llvm"});
    for (auto [i, mismatch] : llvm::enumerate(mismatches)) {
      if (i == kMaxReportedMismatches) {
        emitError(module.getLoc())
            << "certificate: " << mismatches.size() - kMaxReportedMismatches
            << " more mismatches not shown";
        break;
      }
      Location loc = module.getLoc();
      auto it = index.find(mismatch.id);
      if (it != index.end())
        loc = it->second;
      emitError(loc) << "certificate mismatch at " << mismatch.path << ": "
                     << mismatch.message;
    }
    if (!mismatches.empty())
      ok = false;
    if (!ok)
      signalPassFailure();
  }

  /// Reads and parses the certificate; diagnoses and returns none if it is
  /// unreadable or not of a supported version.
  std::optional<json::Value> readCertificate(ModuleOp module) {
    if (certificate.empty()) {
      emitError(module.getLoc(), "clef-check-certificate needs a certificate: "
                                 "--clef-check-certificate=certificate=<file>");
      return std::nullopt;
    }
    auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(certificate);
    if (!buffer) {
      emitError(module.getLoc()) << "cannot read certificate '" << certificate
                                 << "': " << buffer.getError().message();
      return std::nullopt;
    }
    std::string error;
    std::optional<json::Value> parsed =
        parseCertificateJSON((*buffer)->getBuffer(), error);
    if (!parsed) {
      emitError(module.getLoc())
          << "certificate '" << certificate << "' cannot be read: " << error;
      return std::nullopt;
    }
    const json::Object *object = parsed->getAsObject();
    if (!object || object->getString("format") != kCertificateFormat) {
      emitError(module.getLoc()) << "'" << certificate
                                 << "' is not a Clef region certificate (no "
                                    "\"format\": \"clef-region-certificate\")";
      return std::nullopt;
    }
    std::optional<int64_t> version = object->getInteger("version");
    if (version != kCertificateVersion) {
      emitError(module.getLoc())
          << "certificate version "
          << (version ? std::to_string(*version) : "<none>")
          << " is not supported (this checker reads version "
          << kCertificateVersion << ")";
      return std::nullopt;
    }
    return std::move(*parsed);
  }

  LogicalResult checkLLVMHash(ModuleOp module, const json::Object &claimed) {
    auto buffer = llvm::MemoryBuffer::getFile(llvmIR);
    if (!buffer)
      return emitError(module.getLoc()) << "cannot read LLVM IR '" << llvmIR
                                        << "': " << buffer.getError().message();
    std::string actual = hashText((*buffer)->getBuffer());
    std::optional<llvm::StringRef> recorded;
    if (const json::Object *hashes = claimed.getObject("hashes"))
      recorded = hashes->getString("llvm");
    if (recorded == llvm::StringRef(actual))
      return success();
    return emitError(module.getLoc())
           << "stale certificate: it records LLVM IR with hash "
           << (recorded ? *recorded : "<none>") << " but '" << llvmIR
           << "' hashes to " << actual;
  }
};

} // namespace
} // namespace clef

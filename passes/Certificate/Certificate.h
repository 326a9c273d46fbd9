//===- Certificate.h - The verification certificate -------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The certificate describes, from region-level IR alone, what the memory
// passes decided: the regions of every function, where they are created and
// released, every allocation site with its escape class and region, every
// closure's captures, the units of measure of float values, the places where
// the analyses had to widen, and a hash of the IR it describes. The format is
// docs/Certificate.md and docs/certificate.schema.json.
//
// Everything here reads the IR; nothing consults the analyses. The same
// reader explains regions to users (`clef-explain-regions`), writes the
// certificate (`clef-extract-certificate`) and re-derives it for the checker
// (`clef-check-certificate`), so a claim and its check cannot drift apart.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_PASSES_CERTIFICATE_H
#define CLEF_PASSES_CERTIFICATE_H

#include "passes/Regions/RegionOrigin.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/JSON.h"

#include <functional>
#include <memory>
#include <string>

namespace clef {

/// The version of the certificate format (the `version` field).
inline constexpr int64_t kCertificateVersion = 1;

//===----------------------------------------------------------------------===//
// Hashes
//===----------------------------------------------------------------------===//

/// "sha256:<hex>" of `text`.
std::string hashText(llvm::StringRef text);

/// The hash of `module` as the certificate records it: the SHA-256 of the
/// module printed in generic form with locations (`--mlir-print-op-generic
/// --mlir-print-debuginfo`).
std::string hashModule(mlir::ModuleOp module);

//===----------------------------------------------------------------------===//
// Extraction
//===----------------------------------------------------------------------===//

/// Where each id of a certificate (function, region, allocation site)
/// points in the IR, for diagnostics about it.
using CertificateIndex = llvm::StringMap<mlir::Location>;

/// Builds the certificate of a region-level module (the output of the
/// `clef-memory` pipeline). `hashes.llvm` is null: only a driver that
/// emits LLVM IR can fill it (`setLLVMHash`). `index`, if given, receives
/// the location of every id.
llvm::json::Object extractCertificate(mlir::ModuleOp module,
                                      CertificateIndex *index = nullptr);

/// Records the hash of the emitted LLVM IR text in `certificate`.
void setLLVMHash(llvm::json::Object &certificate, llvm::StringRef llvmIR);

/// The certificate as stable, diff-friendly text: sorted keys, two-space
/// indentation, a final newline.
std::string printCertificate(const llvm::json::Value &certificate);
void printCertificate(const llvm::json::Value &certificate,
                      llvm::raw_ostream &os);

/// Writes `certificate` to `path` ("-" for stdout).
mlir::LogicalResult writeCertificate(const llvm::json::Value &certificate,
                                     llvm::StringRef path, std::string &error);

/// A few lines saying what `certificate` (read from `path`) covers: its
/// hashes, how many functions, allocation sites, regions and closures, where
/// the allocations live, and the conservative findings by kind.
std::string summarizeCertificate(const llvm::json::Value &certificate,
                                 llvm::StringRef path);

/// Receives the certificate `clef-extract-certificate` built and the module
/// it describes (which the receiver may clone, not keep).
using CertificateSink =
    std::function<void(llvm::json::Object certificate, mlir::ModuleOp module)>;

/// `clef-extract-certificate` handing its result to `sink` instead of
/// writing a file.
std::unique_ptr<mlir::Pass> createExtractCertificatePass(CertificateSink sink);

//===----------------------------------------------------------------------===//
// Checking
//===----------------------------------------------------------------------===//

/// One difference between a claimed and a re-derived certificate.
struct CertificateMismatch {
  /// Where in the certificate: `functions["main"].allocations["..."].region`.
  std::string path;
  /// What differs, in words.
  std::string message;
  /// The innermost id on the path (to find its location), or empty.
  std::string id;
};

/// Compares `claimed` with `derived` and lists every difference. Arrays of
/// objects are matched by their `id` (or `name`) field, others by position.
/// `ignore` lists top-level paths not to compare ("hashes.llvm").
llvm::SmallVector<CertificateMismatch>
diffCertificates(const llvm::json::Value &claimed,
                 const llvm::json::Value &derived,
                 llvm::ArrayRef<llvm::StringRef> ignore = {});

} // namespace clef

#endif // CLEF_PASSES_CERTIFICATE_H

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
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>
#include <memory>
#include <string>

namespace clef {

/// The `format` field of every certificate.
inline constexpr const char kCertificateFormat[] = "clef-region-certificate";

/// The version of the certificate format (the `version` field).
inline constexpr int64_t kCertificateVersion = 2;

//===----------------------------------------------------------------------===//
// Hashes
//===----------------------------------------------------------------------===//

/// "sha256:<hex>" of `text`.
std::string hashText(llvm::StringRef text);

/// A stream that hashes what is written to it and passes it on to
/// `forward`, if given: hashing a module or the LLVM IR written for clang
/// never holds its whole text (hundreds of MB for a large program).
class HashingStream : public llvm::raw_ostream {
public:
  explicit HashingStream(llvm::raw_ostream *forward = nullptr);
  ~HashingStream() override;
  /// "sha256:<hex>" of everything written; call once.
  std::string digest();

private:
  void write_impl(const char *ptr, size_t size) override;
  uint64_t current_pos() const override { return pos; }

  llvm::SHA256 sha;
  llvm::raw_ostream *forward;
  uint64_t pos = 0;
};

/// The hash of `module` as the certificate records it: the SHA-256 of the
/// module printed in generic form with locations, each file location named
/// by its file without directories (`--mlir-print-op-generic
/// --mlir-print-debuginfo`).
std::string hashModule(mlir::ModuleOp module);

/// Prints `module` in the form its hash covers: generic, with every
/// location (custom printers leave out some block arguments' locations).
/// Read back, it hashes as `module` does.
void printHashedForm(mlir::ModuleOp module, llvm::raw_ostream &os);

//===----------------------------------------------------------------------===//
// Extraction
//===----------------------------------------------------------------------===//

/// Where each id of a certificate (function, region, allocation site)
/// points in the IR, for diagnostics about it.
using CertificateIndex = llvm::StringMap<mlir::Location>;

/// Builds the certificate of a region-level module (the output of the
/// `clef-memory` pipeline) as one JSON tree, for the checker to compare.
/// `hashes.llvm` is null: only a driver that emits LLVM IR can know it
/// (`StreamedCertificate::setLLVMHash`). `index`, if given, receives the
/// location of every id.
llvm::json::Object extractCertificate(mlir::ModuleOp module,
                                      CertificateIndex *index = nullptr);

/// The certificate of a region-level module, extracted one function at a
/// time and written as it goes: each function's part and each finding is
/// printed to a temporary file as soon as it is read, so the certificate
/// never exists whole in memory (the tree of a 100k-line program takes
/// gigabytes). What `write` prints is byte for byte what
/// `printCertificate(extractCertificate(module))` prints, with the same
/// LLVM hash.
class StreamedCertificate {
public:
  /// Extracts the certificate of `module`; null, with `error` set, if a
  /// temporary file cannot be written.
  static std::unique_ptr<StreamedCertificate> extract(mlir::ModuleOp module,
                                                      std::string &error);
  ~StreamedCertificate();

  /// Records `hash` ("sha256:<hex>") as the hash of the emitted LLVM IR.
  void setLLVMHash(std::string hash);

  /// Writes the certificate to `os`, or to `path` ("-" for stdout).
  mlir::LogicalResult write(llvm::raw_ostream &os, std::string &error) const;
  mlir::LogicalResult write(llvm::StringRef path, std::string &error) const;

private:
  struct Parts;
  explicit StreamedCertificate(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts;
};

/// The certificate as stable, diff-friendly text: sorted keys, two-space
/// indentation, a final newline.
std::string printCertificate(const llvm::json::Value &certificate);
void printCertificate(const llvm::json::Value &certificate,
                      llvm::raw_ostream &os);

/// Writes `certificate` to `path` ("-" for stdout).
mlir::LogicalResult writeCertificate(const llvm::json::Value &certificate,
                                     llvm::StringRef path, std::string &error);

/// Opens `path` ("-" for stdout), runs `write` on it and closes it; `error`
/// says what failed.
mlir::LogicalResult writeTextFile(
    llvm::StringRef path,
    llvm::function_ref<mlir::LogicalResult(llvm::raw_ostream &)> write,
    std::string &error);

/// The deepest nesting of arrays and objects a certificate may have (its
/// own is 6) and the largest certificate read, in bytes.
inline constexpr unsigned kMaxCertificateDepth = 64;
inline constexpr uint64_t kMaxCertificateBytes = uint64_t(1) << 30;

/// Parses `text` as a certificate's JSON after checking, without recursion,
/// that it is at most kMaxCertificateBytes long and nested at most
/// kMaxCertificateDepth deep: the JSON parser recurses once per level, and
/// a hostile file nested 50,000 deep would overflow its stack. None, with
/// `error` set, if it is too large, too deep or not JSON.
std::optional<llvm::json::Value> parseCertificateJSON(llvm::StringRef text,
                                                      std::string &error);

/// A few lines saying what `certificate` (read from `path`) covers: its
/// hashes, how many functions, allocation sites, regions and closures, where
/// the allocations live, and the conservative findings by kind.
std::string summarizeCertificate(const llvm::json::Value &certificate,
                                 llvm::StringRef path);

/// Receives the certificate `clef-extract-certificate` extracted and the
/// module it describes (which the receiver may clone, not keep).
using CertificateSink = std::function<void(
    std::unique_ptr<StreamedCertificate> certificate, mlir::ModuleOp module)>;

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

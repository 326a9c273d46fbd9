//===- Certificate.cpp - The verification certificate ---------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Hashes the IR a certificate describes, prints a certificate as stable
// JSON and summarizes one for people. Extraction is in
// CertificateExtraction.cpp, comparison in CertificateDiff.cpp.
//
//===----------------------------------------------------------------------===//

#include "passes/Certificate/Certificate.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

using namespace mlir;
namespace json = llvm::json;

namespace clef {

//===----------------------------------------------------------------------===//
// Hashes
//===----------------------------------------------------------------------===//

static std::string formatDigest(llvm::SHA256 &sha) {
  std::array<uint8_t, 32> digest = sha.final();
  return "sha256:" + llvm::toHex(digest, /*LowerCase=*/true);
}

std::string hashText(llvm::StringRef text) {
  llvm::SHA256 sha;
  sha.update(text);
  return formatDigest(sha);
}

HashingStream::HashingStream(llvm::raw_ostream *forward) : forward(forward) {
  SetBufferSize(1 << 16);
}

HashingStream::~HashingStream() { flush(); }

std::string HashingStream::digest() {
  flush();
  return formatDigest(sha);
}

void HashingStream::write_impl(const char *ptr, size_t size) {
  sha.update(llvm::StringRef(ptr, size));
  if (forward)
    forward->write(ptr, size);
  pos += size;
}

std::string hashModule(ModuleOp module) {
  HashingStream os;
  module->print(os, OpPrintingFlags().printGenericOpForm().enableDebugInfo(
                        /*enable=*/true, /*prettyForm=*/false));
  return os.digest();
}

void setLLVMHash(json::Object &certificate, llvm::StringRef llvmIR) {
  if (json::Object *hashes = certificate.getObject("hashes"))
    (*hashes)["llvm"] = hashText(llvmIR);
}

void printCertificate(const json::Value &certificate, llvm::raw_ostream &os) {
  {
    // json::OStream prints object keys sorted.
    json::OStream out(os, /*IndentSize=*/2);
    out.value(certificate);
  }
  os << "\n";
}

std::string printCertificate(const json::Value &certificate) {
  std::string text;
  llvm::raw_string_ostream os(text);
  printCertificate(certificate, os);
  return text;
}

LogicalResult
writeTextFile(llvm::StringRef path,
              llvm::function_ref<LogicalResult(llvm::raw_ostream &)> write,
              std::string &error) {
  if (path == "-") {
    LogicalResult written = write(llvm::outs());
    llvm::outs().flush();
    return written;
  }
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_Text);
  if (ec) {
    error = "cannot write " + path.str() + ": " + ec.message();
    return failure();
  }
  if (failed(write(os)))
    return failure();
  os.close();
  if (os.has_error()) {
    error = "cannot write " + path.str() + ": " + os.error().message();
    os.clear_error();
    return failure();
  }
  return success();
}

LogicalResult writeCertificate(const json::Value &certificate,
                               llvm::StringRef path, std::string &error) {
  return writeTextFile(
      path,
      [&](llvm::raw_ostream &os) {
        printCertificate(certificate, os);
        return success();
      },
      error);
}

std::string summarizeCertificate(const json::Value &certificate,
                                 llvm::StringRef path) {
  std::string text;
  llvm::raw_string_ostream os(text);
  const json::Object *root = certificate.getAsObject();
  if (!root)
    return "certificate: " + path.str() + ": not a JSON object\n";
  auto str = [](const json::Object *object, llvm::StringRef key) {
    std::optional<llvm::StringRef> value =
        object ? object->getString(key) : std::nullopt;
    return value ? value->str() : std::string("none");
  };
  const json::Object *hashes = root->getObject("hashes");
  os << "certificate: " << path << " (version "
     << root->getInteger("version").value_or(0) << ")\n";
  os << "  region IR " << str(hashes, "ir") << "\n";
  os << "  LLVM IR   " << str(hashes, "llvm") << "\n";

  int64_t functions = 0, sites = 0, regions = 0, closures = 0;
  std::map<std::string, int64_t> placement, findingKinds;
  if (const json::Array *fns = root->getArray("functions"))
    for (const json::Value &fnValue : *fns) {
      const json::Object *fn = fnValue.getAsObject();
      if (!fn)
        continue;
      ++functions;
      llvm::StringMap<std::string> kinds;
      if (const json::Array *rs = fn->getArray("regions"))
        for (const json::Value &r : *rs)
          if (const json::Object *region = r.getAsObject()) {
            kinds[str(region, "id")] = str(region, "kind");
            regions += str(region, "kind") == "created";
          }
      if (const json::Array *cs = fn->getArray("closures"))
        closures += cs->size();
      if (const json::Array *as = fn->getArray("allocations"))
        for (const json::Value &a : *as) {
          ++sites;
          std::string region = str(a.getAsObject(), "region");
          std::string kind =
              region == "global" ? "process" : kinds.lookup(region);
          ++placement[kind == "created"     ? "in regions of their function"
                      : kind == "parameter" ? "in regions of their caller"
                      : kind == "process"   ? "in the process region"
                                            : "in other regions"];
        }
    }
  os << "  " << functions << " functions, " << sites << " allocation sites, "
     << regions << " regions created, " << closures << " closures\n";
  for (auto &[where, count] : placement)
    os << "  " << count << " allocation sites " << where << "\n";
  int64_t findings = 0;
  if (const json::Array *fs = root->getArray("findings"))
    for (const json::Value &f : *fs) {
      ++findings;
      ++findingKinds[str(f.getAsObject(), "kind")];
    }
  os << "  " << findings << " conservative findings";
  if (!findingKinds.empty()) {
    os << ":";
    llvm::ListSeparator sep(",");
    for (auto &[kind, count] : findingKinds)
      os << sep << " " << count << " " << kind;
  }
  os << "\n";
  return text;
}

} // namespace clef

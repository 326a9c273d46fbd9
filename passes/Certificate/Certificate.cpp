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
#include "llvm/Support/Path.h"
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

namespace {
/// Passes module text on with the directory dropped from every file
/// location: `loc("/a/b/f.clef":1:2)` goes on as `loc("f.clef":1:2)`. The
/// module of `f.mlir` read as `./f.mlir` or by its absolute path then
/// hashes the same. Only a location can print `loc("`: a quote inside a
/// string attribute is printed escaped.
class LocationPathFilter : public llvm::raw_ostream {
public:
  explicit LocationPathFilter(llvm::raw_ostream &os) : os(os) {
    SetBufferSize(1 << 16);
  }
  ~LocationPathFilter() override { finish(); }

  /// Passes on what is still held back.
  void finish() {
    flush();
    if (state != State::Text)
      os << name << (state == State::AfterName ? "\"" : "");
    state = State::Text;
    name.clear();
  }

private:
  static constexpr llvm::StringLiteral kPrefix = "loc(\"";
  enum class State { Text, Name, AfterName };

  void write_impl(const char *ptr, size_t size) override {
    pos += size;
    size_t run = 0; // start of the text passed on unchanged
    for (size_t i = 0; i < size; ++i) {
      char c = ptr[i];
      switch (state) {
      case State::Text:
        matched = c == kPrefix[matched] ? matched + 1 : c == kPrefix[0];
        if (matched == kPrefix.size()) {
          os.write(ptr + run, i + 1 - run);
          state = State::Name;
          matched = 0;
        }
        break;
      case State::Name:
        if (escaped)
          escaped = false;
        else if (c == '\\')
          escaped = true;
        else if (c == '"') {
          state = State::AfterName;
          break;
        }
        name += c;
        break;
      case State::AfterName:
        // A file location's name is followed by `:line:col`.
        os << (c == ':' ? llvm::sys::path::filename(name) : name) << '"';
        name.clear();
        state = State::Text;
        matched = c == kPrefix[0];
        run = i;
        break;
      }
    }
    if (state == State::Text)
      os.write(ptr + run, size - run);
  }
  uint64_t current_pos() const override { return pos; }

  llvm::raw_ostream &os;
  State state = State::Text;
  size_t matched = 0;
  bool escaped = false;
  std::string name;
  uint64_t pos = 0;
};
} // namespace

void printHashedForm(ModuleOp module, llvm::raw_ostream &os) {
  module->print(os, OpPrintingFlags().printGenericOpForm().enableDebugInfo(
                        /*enable=*/true, /*prettyForm=*/false));
}

std::string hashModule(ModuleOp module) {
  HashingStream hashed;
  {
    LocationPathFilter os(hashed);
    printHashedForm(module, os);
  }
  return hashed.digest();
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

std::optional<json::Value> parseCertificateJSON(llvm::StringRef text,
                                                std::string &error) {
  if (text.size() > kMaxCertificateBytes) {
    error = "it is " + std::to_string(text.size()) +
            " bytes long; a certificate has at most " +
            std::to_string(kMaxCertificateBytes);
    return std::nullopt;
  }
  unsigned depth = 0, line = 1, column = 0;
  bool inString = false, escaped = false;
  for (char c : text) {
    ++column;
    if (c == '\n') {
      ++line;
      column = 0;
    }
    if (inString) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxCertificateDepth) {
        error = "it nests arrays and objects more than " +
                std::to_string(kMaxCertificateDepth) + " deep (line " +
                std::to_string(line) + ", column " + std::to_string(column) +
                ")";
        return std::nullopt;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  llvm::Expected<json::Value> parsed = json::parse(text);
  if (!parsed) {
    error = "it is not valid JSON: " + llvm::toString(parsed.takeError());
    return std::nullopt;
  }
  return std::move(*parsed);
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

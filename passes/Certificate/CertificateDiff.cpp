//===- CertificateDiff.cpp - Comparing two certificates -------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Lists every difference between a claimed certificate and the one
// re-derived from the IR, by path, matching array elements by their id.
//
//===----------------------------------------------------------------------===//

#include "passes/Certificate/Certificate.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"

#include <set>

using namespace mlir;
namespace json = llvm::json;

namespace clef {

//===----------------------------------------------------------------------===//
// Comparison
//===----------------------------------------------------------------------===//

namespace {

/// A short rendering of a JSON value for messages.
static std::string render(const json::Value &value) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << value;
  if (text.size() > 100)
    text = text.substr(0, 97) + "...";
  return text;
}

/// The key an array element is matched by: its `id`, else its `name`.
static std::optional<std::string> elementKey(const json::Value &value) {
  const json::Object *object = value.getAsObject();
  if (!object)
    return std::nullopt;
  if (auto id = object->getString("id"))
    return id->str();
  if (auto name = object->getString("name"))
    return name->str();
  return std::nullopt;
}

static bool allKeyed(const json::Array &array) {
  return llvm::all_of(
      array, [](const json::Value &v) { return elementKey(v).has_value(); });
}

class Differ {
public:
  Differ(ArrayRef<llvm::StringRef> ignore) : ignore(ignore) {}

  void diff(const json::Value &claimed, const json::Value &derived,
            const std::string &path, const std::string &id) {
    if (llvm::is_contained(ignore, path))
      return;
    if (claimed.kind() != derived.kind()) {
      report(path, id,
             "is " + render(claimed) + " in the certificate but " +
                 render(derived) + " in the IR");
      return;
    }
    if (const json::Object *c = claimed.getAsObject()) {
      const json::Object *d = derived.getAsObject();
      std::set<std::string> keys;
      for (auto &entry : *c)
        keys.insert(entry.first.str());
      for (auto &entry : *d)
        keys.insert(entry.first.str());
      for (const std::string &key : keys) {
        std::string sub = path.empty() ? key : path + "." + key;
        const json::Value *cv = c->get(key);
        const json::Value *dv = d->get(key);
        if (!cv)
          report(sub, id,
                 "is missing from the certificate (the IR gives " +
                     render(*dv) + ")");
        else if (!dv)
          report(sub, id, "is in the certificate but not in the IR");
        else
          diff(*cv, *dv, sub, id);
      }
      return;
    }
    if (const json::Array *c = claimed.getAsArray()) {
      const json::Array *d = derived.getAsArray();
      if (allKeyed(*c) && allKeyed(*d) && (!c->empty() || !d->empty()) &&
          (hasObjects(*c) || hasObjects(*d))) {
        diffKeyed(*c, *d, path);
        return;
      }
      if (c->size() != d->size())
        report(path, id,
               "has " + std::to_string(c->size()) +
                   " entries in the certificate but " +
                   std::to_string(d->size()) + " in the IR");
      for (size_t i = 0, e = std::min(c->size(), d->size()); i < e; ++i)
        diff((*c)[i], (*d)[i], path + "[" + std::to_string(i) + "]", id);
      return;
    }
    if (claimed != derived)
      report(path, id,
             "is " + render(claimed) + " in the certificate but " +
                 render(derived) + " in the IR");
  }

  SmallVector<CertificateMismatch> mismatches;

private:
  static bool hasObjects(const json::Array &array) {
    return !array.empty() && array.front().getAsObject();
  }

  void diffKeyed(const json::Array &c, const json::Array &d,
                 const std::string &path) {
    llvm::StringMap<const json::Value *> derivedByKey;
    for (const json::Value &v : d)
      derivedByKey[*elementKey(v)] = &v;
    llvm::StringSet<> seen;
    for (const json::Value &v : c) {
      std::string key = *elementKey(v);
      std::string sub = path + "[\"" + key + "\"]";
      if (!seen.insert(key).second) {
        report(sub, key, "appears more than once in the certificate");
        continue;
      }
      auto it = derivedByKey.find(key);
      if (it == derivedByKey.end())
        report(sub, key, "is in the certificate but not in the IR");
      else
        diff(v, *it->second, sub, key);
    }
    for (const json::Value &v : d) {
      std::string key = *elementKey(v);
      if (!seen.contains(key))
        report(path + "[\"" + key + "\"]", key,
               "is in the IR but missing from the certificate");
    }
  }

  void report(const std::string &path, const std::string &id,
              const std::string &message) {
    mismatches.push_back({path, message, id});
  }

  ArrayRef<llvm::StringRef> ignore;
};

} // namespace

SmallVector<CertificateMismatch>
diffCertificates(const json::Value &claimed, const json::Value &derived,
                 ArrayRef<llvm::StringRef> ignore) {
  Differ differ(ignore);
  differ.diff(claimed, derived, "", "");
  return std::move(differ.mismatches);
}

} // namespace clef

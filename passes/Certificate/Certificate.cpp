//===- Certificate.cpp - The verification certificate ---------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Reads region-level IR into the certificate (docs/Certificate.md), hashes
// the IR, prints the certificate as stable JSON and compares two of them.
//
//===----------------------------------------------------------------------===//

#include "passes/Certificate/Certificate.h"

#include "passes/Analysis/EscapeAnalysis.h"
#include "passes/Passes.h"

#include "dialects/Clef/ClefOps.h"
#include "dialects/Clef/ClefTypes.h"
#include "dialects/Region/RegionOps.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <set>

#ifndef CLEF_VERSION
#define CLEF_VERSION "unknown"
#endif

using namespace mlir;
namespace json = llvm::json;

namespace clef {

//===----------------------------------------------------------------------===//
// Hashes
//===----------------------------------------------------------------------===//

std::string hashText(llvm::StringRef text) {
  llvm::SHA256 sha;
  sha.update(text);
  std::array<uint8_t, 32> digest = sha.final();
  return "sha256:" + llvm::toHex(digest, /*LowerCase=*/true);
}

namespace {
/// A stream that hashes what is written to it, so that hashing a module
/// does not hold its whole text (hundreds of MB for a large program).
class SHA256Stream : public llvm::raw_ostream {
public:
  SHA256Stream() { SetBufferSize(1 << 16); }
  ~SHA256Stream() override { flush(); }
  std::string digest() {
    flush();
    std::array<uint8_t, 32> digest = sha.final();
    return "sha256:" + llvm::toHex(digest, /*LowerCase=*/true);
  }

private:
  void write_impl(const char *ptr, size_t size) override {
    sha.update(llvm::StringRef(ptr, size));
    pos += size;
  }
  uint64_t current_pos() const override { return pos; }

  llvm::SHA256 sha;
  uint64_t pos = 0;
};
} // namespace

std::string hashModule(ModuleOp module) {
  SHA256Stream os;
  module->print(os, OpPrintingFlags().printGenericOpForm().enableDebugInfo(
                        /*enable=*/true, /*prettyForm=*/false));
  return os.digest();
}

//===----------------------------------------------------------------------===//
// Extraction
//===----------------------------------------------------------------------===//

namespace {

/// Escape classes from shortest to longest lifetime (docs/EscapeAnalysis.md).
static int escapeRank(llvm::StringRef kind) {
  return llvm::StringSwitch<int>(kind)
      .Case("iteration-local", 0)
      .Case("loop-carried", 1)
      .Case("local", 2)
      .Case("captured", 3)
      .Case("stored", 4)
      .Case("returned", 5)
      .Case("global", 6)
      .Default(-1);
}

static std::string printType(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  return text;
}

static json::Array locations(ArrayRef<Operation *> ops) {
  json::Array result;
  for (Operation *op : ops)
    result.push_back(formatLocation(op->getLoc()));
  return result;
}

/// Whether values of `type` are held in registers, never in a region.
static bool isUnboxed(Type type) {
  return type.isIntOrIndexOrFloat() ||
         isa<mlir::clef::MeasureType, mlir::clef::CharType,
             mlir::clef::UnitType>(type);
}

/// The innermost loop around `op` inside `func`, if any.
static Operation *enclosingLoop(Operation *op, func::FuncOp func) {
  for (Operation *parent = op->getParentOp(); parent && parent != func;
       parent = parent->getParentOp())
    if (isa<LoopLikeOpInterface>(parent))
      return parent;
  return nullptr;
}

/// Builds the part of the certificate about one function.
class FunctionExtractor {
public:
  FunctionExtractor(func::FuncOp func, CertificateIndex &index,
                    json::Array &findings)
      : func(func), name(func.getSymName().str()), index(index),
        findings(findings) {}

  json::Object extract() {
    assignRegionIds();
    json::Object result;
    result["name"] = name;
    result["loc"] = formatLocation(func.getLoc());
    result["visibility"] = func.isPrivate() ? "private" : "public";
    index.try_emplace(name, func.getLoc());

    json::Array regionParams;
    for (BlockArgument arg : func.getArguments())
      if (isa<region::HandleType>(arg.getType()))
        regionParams.push_back(regionIds.lookup(arg));
    result["regionParams"] = std::move(regionParams);

    func.walk([&](Operation *op) { visit(op); });

    json::Array regionArray;
    for (auto &entry : regionEntries)
      regionArray.push_back(std::move(entry));
    result["regions"] = std::move(regionArray);

    // Coeffects: the regions that must be live for the function to run.
    json::Array live;
    for (json::Value &param : *result.getArray("regionParams"))
      live.push_back(param);
    if (usesGlobal)
      live.push_back("global");
    result["coeffects"] = json::Object{{"live", std::move(live)}};
    result["effects"] = json::Object{{"allocates", sorted(allocates)},
                                     {"creates", sorted(creates)},
                                     {"releases", sorted(releases)}};
    result["allocations"] = std::move(allocations);
    result["closures"] = std::move(closures);
    result["units"] = collectUnits();
    result["operational"] = std::move(operational);
    return result;
  }

private:
  const RegionOrigin &originOf(Value handle) {
    auto [it, inserted] = origins.try_emplace(handle);
    if (inserted)
      it->second = getRegionOrigin(handle);
    return it->second;
  }

  /// Gives every region handle of the function a stable id: parameters by
  /// position, created regions by where they are created, the process
  /// region `global`, and any other handle by its order of appearance.
  void assignRegionIds() {
    llvm::StringMap<unsigned> nameCounts;
    unsigned derived = 0;
    auto add = [&](Value handle) {
      if (regionIds.count(handle))
        return;
      RegionOrigin origin = originOf(handle);
      json::Object entry;
      std::string id;
      Location loc = handle.getLoc();
      switch (origin.kind) {
      case RegionOrigin::Kind::None:
        return;
      case RegionOrigin::Kind::Global:
        regionIds[handle] = "global";
        usesGlobal = true;
        return;
      case RegionOrigin::Kind::Created: {
        // By location, not by region variable: the variables' numbering
        // is the solver's business and may change between compilations.
        std::string base =
            name + "/region@" + formatLocation(origin.create->getLoc());
        id = base + "#" + std::to_string(nameCounts[base]++);
        entry["kind"] = "created";
        entry["name"] = origin.name;
        entry["created"] = formatLocation(origin.create->getLoc());
        if (auto create = dyn_cast<region::CreateOp>(origin.create))
          if (std::optional<int64_t> bytes = create.getStackBytes())
            entry["stackBytes"] = *bytes;
        loc = origin.create->getLoc();
        break;
      }
      case RegionOrigin::Kind::Parameter:
        id = name + "/param" + std::to_string(origin.parameterIndex);
        entry["kind"] = "parameter";
        entry["index"] = static_cast<int64_t>(origin.parameterIndex);
        entry["created"] = nullptr;
        break;
      case RegionOrigin::Kind::Derived: {
        id = name + "/h" + std::to_string(derived++);
        entry["kind"] = "derived";
        std::string from;
        if (auto arg = dyn_cast<BlockArgument>(handle))
          from = "argument #" + std::to_string(arg.getArgNumber()) + " of " +
                 arg.getOwner()->getParentOp()->getName().getStringRef().str();
        else
          from = "result of " +
                 handle.getDefiningOp()->getName().getStringRef().str();
        entry["from"] = from + " at " + formatLocation(loc);
        entry["created"] = nullptr;
        break;
      }
      }
      entry["id"] = id;
      entry["released"] = locations(origin.releases);
      regionIds[handle] = id;
      index.try_emplace(id, loc);
      regionEntries.push_back(std::move(entry));
    };
    func.walk<WalkOrder::PreOrder>([&](Operation *op) {
      for (Region &region : op->getRegions())
        for (Block &block : region)
          for (BlockArgument arg : block.getArguments())
            if (isa<region::HandleType>(arg.getType()))
              add(arg);
      for (Value result : op->getResults())
        if (isa<region::HandleType>(result.getType()))
          add(result);
    });
  }

  std::string regionId(Value handle) {
    if (!handle)
      return "global";
    auto it = regionIds.find(handle);
    return it == regionIds.end() ? "unknown" : it->second;
  }

  /// `func@file:line:col#k`: the function, the location and the number of
  /// earlier ids of the same kind at the same location.
  std::string siteId(Operation *op, llvm::StringRef kind = "") {
    std::string base = name + "@" + formatLocation(op->getLoc());
    if (!kind.empty())
      base += "/" + kind.str();
    unsigned n = siteCounts[base]++;
    return base + "#" + std::to_string(n);
  }

  void addFinding(Operation *op, llvm::StringRef kind, llvm::StringRef subject,
                  llvm::StringRef reason) {
    std::string id = siteId(op, kind);
    index.try_emplace(id, op->getLoc());
    findings.push_back(json::Object{{"id", id},
                                    {"kind", kind.str()},
                                    {"function", name},
                                    {"loc", formatLocation(op->getLoc())},
                                    {"subject", subject.str()},
                                    {"reason", reason.str()}});
  }

  void visit(Operation *op) {
    if (auto create = dyn_cast<region::CreateOp>(op)) {
      creates.insert(regionId(create.getResult()));
      if (Operation *loop = enclosingLoop(op, func))
        operational.push_back(
            "region " + regionId(create.getResult()) +
            " is created and released once per iteration of the loop at " +
            formatLocation(loop->getLoc()));
      return;
    }
    if (auto release = dyn_cast<region::ReleaseOp>(op)) {
      releases.insert(regionId(release.getHandle()));
      return;
    }
    if (isa<func::CallOp, mlir::clef::ApplyOp>(op)) {
      // A handle tells the callee where to allocate what it returns; only a
      // result that can hold heap values makes the process region a cost.
      bool heapResult = llvm::any_of(op->getResultTypes(), [](Type type) {
        return !isUnboxed(type) && !isa<region::HandleType>(type);
      });
      for (Value operand : op->getOperands()) {
        if (!isa<region::HandleType>(operand.getType()))
          continue;
        std::string region = regionId(operand);
        allocates.insert(region);
        if (region == "global" && heapResult)
          addFinding(op, "call-in-process-region",
                     isa<func::CallOp>(op)
                         ? "call of @" +
                               cast<func::CallOp>(op).getCallee().str()
                         : std::string("closure application"),
                     "what it allocates for its result is placed in the "
                     "process region and lives until the program exits");
      }
      return;
    }
    if (!EscapeAnalysis::isAllocation(op))
      return;
    visitAllocation(op);
  }

  void visitAllocation(Operation *op) {
    Value handle = getRegionOperand(op);
    RegionOrigin origin = originOf(handle);
    std::string region = regionId(handle);
    if (!handle)
      usesGlobal = true;
    allocates.insert(region);
    std::string id = siteId(op);
    index.try_emplace(id, op->getLoc());
    std::string what = EscapeAnalysis::describeSite(op);

    json::Object site;
    site["id"] = id;
    site["loc"] = formatLocation(op->getLoc());
    site["op"] = op->getName().getStringRef().str();
    site["what"] = what;
    site["type"] = op->getNumResults() ? printType(op->getResult(0).getType())
                                       : std::string("()");
    site["region"] = region;
    site["created"] = origin.create
                          ? json::Value(formatLocation(origin.create->getLoc()))
                          : json::Value(nullptr);
    site["released"] = locations(origin.releases);
    auto kind = op->getAttrOfType<StringAttr>(kEscapeAttrName);
    auto reason = op->getAttrOfType<StringAttr>(kEscapeReasonAttrName);
    if (kind || reason)
      site["escape"] =
          json::Object{{"class", kind ? json::Value(kind.getValue().str())
                                      : json::Value(nullptr)},
                       {"reason", reason ? json::Value(reason.getValue().str())
                                         : json::Value(nullptr)}};
    else
      site["escape"] = nullptr;
    Operation *loop = enclosingLoop(op, func);
    bool regionOutsideLoop =
        loop &&
        (!handle || !loop->isAncestor(handle.getParentBlock()->getParentOp()));
    site["inLoop"] = loop != nullptr;
    allocations.push_back(std::move(site));

    // What the analyses could not prove tight.
    int rank = kind ? escapeRank(kind.getValue()) : -1;
    std::string because =
        kind ? ("its escape class is " + kind.getValue().str() +
                (reason ? ": " + reason.getValue().str() : std::string()))
             : std::string("no escape class was recorded");
    if (origin.kind == RegionOrigin::Kind::None ||
        origin.kind == RegionOrigin::Kind::Global)
      addFinding(op, "process-region", what,
                 "lives until the program exits; " + because);
    else if (origin.kind == RegionOrigin::Kind::Parameter && rank >= 0 &&
             rank <= escapeRank("captured"))
      addFinding(op, "caller-region", what,
                 "placed in " + region +
                     ", a region of the caller, which outlives the call; " +
                     because);
    else if (loop && regionOutsideLoop && rank == 0)
      addFinding(op, "outlives-iteration", what,
                 "placed in " + region + ", which outlives the loop at " +
                     formatLocation(loop->getLoc()) + "; " + because);
    if (loop && regionOutsideLoop)
      operational.push_back(what + " at " + formatLocation(op->getLoc()) +
                            " is allocated in " + region +
                            " on every iteration of the loop at " +
                            formatLocation(loop->getLoc()) +
                            ": the memory it takes grows with the number of "
                            "iterations until the region is released");

    if (auto closure = dyn_cast<mlir::clef::ClosureNewOp>(op))
      visitClosure(closure, id, region);
  }

  void visitClosure(mlir::clef::ClosureNewOp closure, llvm::StringRef id,
                    llvm::StringRef region) {
    json::Array captures;
    for (auto [i, value] : llvm::enumerate(closure.getCaptures())) {
      json::Object capture;
      capture["index"] = static_cast<int64_t>(i);
      capture["type"] = printType(value.getType());
      Operation *def = value.getDefiningOp();
      if (isUnboxed(value.getType())) {
        capture["origin"] = "unboxed";
        capture["region"] = nullptr;
      } else if (def && EscapeAnalysis::isAllocation(def)) {
        capture["origin"] = "allocation";
        capture["region"] = regionId(getRegionOperand(def));
      } else if (isa<BlockArgument>(value) &&
                 cast<BlockArgument>(value).getOwner()->isEntryBlock() &&
                 cast<BlockArgument>(value).getOwner()->getParentOp() == func) {
        capture["origin"] =
            "parameter #" +
            std::to_string(cast<BlockArgument>(value).getArgNumber());
        capture["region"] = nullptr;
      } else {
        capture["origin"] =
            def ? "result of " + def->getName().getStringRef().str()
                : std::string("block argument");
        capture["region"] = nullptr;
      }
      captures.push_back(std::move(capture));
    }
    closures.push_back(json::Object{{"id", id.str()},
                                    {"code", closure.getCode().str()},
                                    {"region", region.str()},
                                    {"captures", std::move(captures)}});
  }

  /// The unit of measure of every float parameter, result and value that
  /// has one.
  json::Array collectUnits() {
    json::Array units;
    auto unitOf = [](Type type) -> std::optional<std::string> {
      if (!isa<mlir::clef::MeasureType>(type))
        return std::nullopt;
      if (auto u = mlir::clef::getUnits(type))
        return u->str();
      return std::nullopt;
    };
    if (!func.isDeclaration())
      for (BlockArgument arg : func.getArguments())
        if (auto unit = unitOf(arg.getType()))
          units.push_back(json::Object{{"kind", "parameter"},
                                       {"index", arg.getArgNumber()},
                                       {"loc", formatLocation(arg.getLoc())},
                                       {"unit", *unit}});
    for (auto [i, type] : llvm::enumerate(func.getResultTypes()))
      if (auto unit = unitOf(type))
        units.push_back(json::Object{{"kind", "result"},
                                     {"index", static_cast<int64_t>(i)},
                                     {"loc", formatLocation(func.getLoc())},
                                     {"unit", *unit}});
    // Values: once per location and unit, in order of appearance.
    llvm::StringSet<> seen;
    auto addValue = [&](Value value, llvm::StringRef what) {
      auto unit = unitOf(value.getType());
      if (!unit)
        return;
      std::string loc = formatLocation(value.getLoc());
      if (!seen.insert(loc + " " + *unit).second)
        return;
      units.push_back(json::Object{{"kind", "value"},
                                   {"loc", loc},
                                   {"of", what.str()},
                                   {"unit", *unit}});
    };
    func.walk<WalkOrder::PreOrder>([&](Operation *op) {
      for (Region &region : op->getRegions())
        for (Block &block : region)
          if (!block.isEntryBlock() || op != func)
            for (BlockArgument arg : block.getArguments())
              addValue(arg, op->getName().getStringRef());
      for (Value result : op->getResults())
        addValue(result, op->getName().getStringRef());
    });
    return units;
  }

  static json::Array sorted(const std::set<std::string> &set) {
    json::Array array;
    for (const std::string &s : set)
      array.push_back(s);
    return array;
  }

  func::FuncOp func;
  std::string name;
  CertificateIndex &index;
  json::Array &findings;
  llvm::DenseMap<Value, std::string> regionIds;
  /// Each handle's origin, computed once: finding the releases walks the
  /// handle's uses, which in the program's entry function can be one per
  /// allocation of the program.
  llvm::DenseMap<Value, RegionOrigin> origins;
  std::vector<json::Object> regionEntries;
  llvm::StringMap<unsigned> siteCounts;
  bool usesGlobal = false;
  std::set<std::string> allocates, creates, releases;
  json::Array allocations, closures, operational;
};

/// The textual pipeline `clefc` runs (the IR the certificate describes is
/// its state after `clef-check-regions`).
static std::string describePipeline(MLIRContext *context) {
  OpPassManager pm("builtin.module");
  buildClefToLLVMPipeline(pm);
  std::string text;
  llvm::raw_string_ostream os(text);
  pm.printAsTextualPipeline(os);
  return text;
}

/// What holds for every run, as re-derived by `clef-check-regions`.
static json::Array structuralClaims() {
  return json::Array{
      "every allocation targets a region that is live there on every path",
      "no value of a region (allocated in it or read out of one of its "
      "values) is used after the region is released",
      "every region a function creates is released exactly once on every "
      "path, or returned to the caller",
      "no function releases a region it received as a parameter",
      "no region is released while a live region still holds values "
      "allocated in it",
      "everything allocated in a stack region between its creation and its "
      "release fits in its stackBytes"};
}

/// What depends on the run.
static json::Array operationalClaims() {
  return json::Array{
      "how much memory a region takes depends on the paths taken and on "
      "run-time sizes (array lengths, string contents, recursion depth)",
      "a region created inside a loop or a recursive function exists once "
      "per iteration or activation; how many exist at once depends on the "
      "run",
      "values in the process region are reclaimed only when the program "
      "exits",
      "a run-time error (array bounds, match failure, division by zero, "
      "failwith, exit) ends the program without running later releases",
      "region handles are not checked at run time unless the checked "
      "runtime is linked (clefc --checked-runtime)"};
}

} // namespace

json::Object extractCertificate(ModuleOp module, CertificateIndex *index) {
  CertificateIndex localIndex;
  CertificateIndex &ids = index ? *index : localIndex;
  json::Array findings;
  SmallVector<func::FuncOp> funcs;
  for (auto func : module.getOps<func::FuncOp>())
    if (!func.isDeclaration())
      funcs.push_back(func);
  llvm::sort(funcs, [](func::FuncOp a, func::FuncOp b) {
    return a.getSymName() < b.getSymName();
  });

  json::Array functions;
  int64_t allocationCount = 0, regionCount = 0, closureCount = 0;
  for (func::FuncOp func : funcs) {
    json::Object fn = FunctionExtractor(func, ids, findings).extract();
    allocationCount += fn.getArray("allocations")->size();
    closureCount += fn.getArray("closures")->size();
    for (const json::Value &region : *fn.getArray("regions"))
      if (region.getAsObject()->getString("kind") == "created")
        ++regionCount;
    functions.push_back(std::move(fn));
  }

  json::Object certificate;
  certificate["format"] = "clef-region-certificate";
  certificate["version"] = kCertificateVersion;
  certificate["compiler"] =
      json::Object{{"name", "clef"},
                   {"version", CLEF_VERSION},
                   {"pipeline", describePipeline(module.getContext())}};
  certificate["hashes"] = json::Object{
      {"ir", hashModule(module)},
      {"irForm", "the module after clef-check-regions, printed in generic "
                 "form with locations"},
      {"llvm", nullptr}};
  certificate["module"] = json::Object{
      {"loc", formatLocation(module.getLoc())},
      {"summary",
       json::Object{{"functions", static_cast<int64_t>(functions.size())},
                    {"allocations", allocationCount},
                    {"regions", regionCount},
                    {"closures", closureCount},
                    {"findings", static_cast<int64_t>(findings.size())}}}};
  certificate["functions"] = std::move(functions);
  certificate["findings"] = std::move(findings);
  certificate["claims"] = json::Object{{"structural", structuralClaims()},
                                       {"operational", operationalClaims()}};
  return certificate;
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

LogicalResult writeCertificate(const json::Value &certificate,
                               llvm::StringRef path, std::string &error) {
  if (path == "-") {
    printCertificate(certificate, llvm::outs());
    llvm::outs().flush();
    return success();
  }
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_Text);
  if (ec) {
    error = "cannot write " + path.str() + ": " + ec.message();
    return failure();
  }
  printCertificate(certificate, os);
  os.close();
  if (os.has_error()) {
    error = "cannot write " + path.str() + ": " + os.error().message();
    os.clear_error();
    return failure();
  }
  return success();
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

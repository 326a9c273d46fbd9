//===- CertificateExtraction.cpp - Reading region IR into a certificate ---===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Reads region-level IR into the certificate (docs/Certificate.md): one
// function at a time, either into one JSON tree (for the checker, which
// compares it with a claimed certificate) or streamed to the output, each
// function's part written as soon as it is read, so that the certificate of
// a large program never exists whole in memory.
//
//===----------------------------------------------------------------------===//

#include "passes/Certificate/Certificate.h"

#include "passes/Analysis/EscapeAnalysis.h"
#include "passes/Passes.h"

#include "dialects/Clef/ClefOps.h"
#include "dialects/Clef/ClefTypes.h"
#include "dialects/Region/RegionOps.h"

#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <set>

#ifndef CLEF_VERSION
#define CLEF_VERSION "unknown"
#endif

using namespace mlir;
namespace json = llvm::json;

namespace clef {

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
  /// Appends the function's findings to `findings`; records the location
  /// of every id in `index` if given.
  FunctionExtractor(func::FuncOp func, CertificateIndex *index,
                    json::Array &findings)
      : func(func), name(func.getSymName().str()), index(index),
        findings(findings) {}

  json::Object extract() {
    assignRegionIds();
    json::Object result;
    result["name"] = name;
    result["loc"] = formatLocation(func.getLoc());
    result["visibility"] = func.isPrivate() ? "private" : "public";
    note(name, func.getLoc());

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
      note(id, loc);
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

  void note(llvm::StringRef id, Location loc) {
    if (index)
      index->try_emplace(id, loc);
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
    note(id, op->getLoc());
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
    note(id, op->getLoc());
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
  CertificateIndex *index;
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

/// The top-level parts of a certificate other than its functions and
/// findings, and the counts its module summary gives.
struct CertificateHead {
  explicit CertificateHead(ModuleOp module)
      : irHash(hashModule(module)), moduleLoc(formatLocation(module.getLoc())),
        pipeline(describePipeline(module.getContext())) {}

  /// Counts what `function` (one entry of `functions`) holds.
  void count(const json::Object &function) {
    ++functions;
    allocations += function.getArray("allocations")->size();
    closures += function.getArray("closures")->size();
    for (const json::Value &region : *function.getArray("regions"))
      if (region.getAsObject()->getString("kind") == "created")
        ++regions;
  }

  json::Object claims() const {
    return json::Object{{"structural", structuralClaims()},
                        {"operational", operationalClaims()}};
  }
  json::Object compiler() const {
    return json::Object{
        {"name", "clef"}, {"version", CLEF_VERSION}, {"pipeline", pipeline}};
  }
  json::Object hashes() const {
    return json::Object{
        {"ir", irHash},
        {"irForm", "the module after clef-check-regions, printed in generic "
                   "form with locations"},
        {"llvm", llvmHash ? json::Value(*llvmHash) : json::Value(nullptr)}};
  }
  json::Object moduleInfo() const {
    return json::Object{{"loc", moduleLoc},
                        {"summary", json::Object{{"functions", functions},
                                                 {"allocations", allocations},
                                                 {"regions", regions},
                                                 {"closures", closures},
                                                 {"findings", findings}}}};
  }

  std::string irHash, moduleLoc, pipeline;
  std::optional<std::string> llvmHash;
  int64_t functions = 0, allocations = 0, regions = 0, closures = 0,
          findings = 0;
};

/// The functions that have a body, by name: the order of `functions`.
static SmallVector<func::FuncOp> certifiedFunctions(ModuleOp module) {
  SmallVector<func::FuncOp> funcs;
  for (auto func : module.getOps<func::FuncOp>())
    if (!func.isDeclaration())
      funcs.push_back(func);
  llvm::sort(funcs, [](func::FuncOp a, func::FuncOp b) {
    return a.getSymName() < b.getSymName();
  });
  return funcs;
}

/// Indents everything written through it by `indent` spaces after each
/// newline: a JSON value printed on its own at the top level comes out as
/// it would nested one level deep.
class IndentingStream : public llvm::raw_ostream {
public:
  IndentingStream(llvm::raw_ostream &os, unsigned width)
      : os(os), width(width) {}
  ~IndentingStream() override { flush(); }

private:
  void write_impl(const char *ptr, size_t size) override {
    llvm::StringRef text(ptr, size);
    while (!text.empty()) {
      auto [line, rest] = text.split('\n');
      os << line;
      if (line.size() < text.size())
        os << '\n' << llvm::indent(width);
      text = rest;
    }
    pos += size;
  }
  uint64_t current_pos() const override { return pos; }

  llvm::raw_ostream &os;
  unsigned width;
  uint64_t pos = 0;
};

/// A JSON array of one top-level attribute, written element by element to
/// a temporary file as printCertificate would print it in place.
class SpilledArray {
public:
  ~SpilledArray() {
    writer.reset();
    indented.reset();
    file.reset();
    if (!path.empty())
      llvm::sys::fs::remove(path);
  }

  LogicalResult open(llvm::StringRef name, std::string &error) {
    int fd;
    if (std::error_code ec =
            llvm::sys::fs::createTemporaryFile(name, "json", fd, path)) {
      error =
          "cannot create a temporary file for the certificate: " + ec.message();
      return failure();
    }
    file = std::make_unique<llvm::raw_fd_ostream>(fd, /*shouldClose=*/true);
    indented = std::make_unique<IndentingStream>(*file, kIndent);
    writer = std::make_unique<json::OStream>(*indented, kIndent);
    writer->arrayBegin();
    return success();
  }

  void push(const json::Value &element) { writer->value(element); }

  /// Ends the array; `copyTo` may follow.
  LogicalResult close(std::string &error) {
    writer->arrayEnd();
    writer.reset();
    indented.reset();
    file->close();
    bool failed = file->has_error();
    if (failed) {
      error =
          "cannot write " + path.str().str() + ": " + file->error().message();
      file->clear_error();
    }
    file.reset();
    return failure(failed);
  }

  LogicalResult copyTo(llvm::raw_ostream &os, std::string &error) const {
    auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!buffer) {
      error = "cannot read back " + path.str().str() + ": " +
              buffer.getError().message();
      return failure();
    }
    os << (*buffer)->getBuffer();
    return success();
  }

private:
  /// printCertificate's indentation, which is also the depth of a
  /// top-level attribute's value.
  static constexpr unsigned kIndent = 2;

  llvm::SmallString<128> path;
  std::unique_ptr<llvm::raw_fd_ostream> file;
  std::unique_ptr<IndentingStream> indented;
  std::unique_ptr<json::OStream> writer;
};

} // namespace

json::Object extractCertificate(ModuleOp module, CertificateIndex *index) {
  CertificateHead head(module);
  json::Array functions, findings;
  for (func::FuncOp func : certifiedFunctions(module)) {
    json::Object function = FunctionExtractor(func, index, findings).extract();
    head.count(function);
    functions.push_back(std::move(function));
  }
  head.findings = findings.size();

  json::Object certificate;
  certificate["claims"] = head.claims();
  certificate["compiler"] = head.compiler();
  certificate["findings"] = std::move(findings);
  certificate["format"] = kCertificateFormat;
  certificate["functions"] = std::move(functions);
  certificate["hashes"] = head.hashes();
  certificate["module"] = head.moduleInfo();
  certificate["version"] = kCertificateVersion;
  return certificate;
}

//===----------------------------------------------------------------------===//
// Streaming
//===----------------------------------------------------------------------===//

struct StreamedCertificate::Parts {
  explicit Parts(ModuleOp module) : head(module) {}

  CertificateHead head;
  SpilledArray functions, findings;
};

StreamedCertificate::StreamedCertificate(std::unique_ptr<Parts> parts)
    : parts(std::move(parts)) {}

StreamedCertificate::~StreamedCertificate() = default;

std::unique_ptr<StreamedCertificate>
StreamedCertificate::extract(ModuleOp module, std::string &error) {
  auto parts = std::make_unique<Parts>(module);
  if (failed(parts->functions.open("clef-cert-functions", error)) ||
      failed(parts->findings.open("clef-cert-findings", error)))
    return nullptr;
  json::Array findings;
  for (func::FuncOp func : certifiedFunctions(module)) {
    json::Object function =
        FunctionExtractor(func, /*index=*/nullptr, findings).extract();
    parts->head.count(function);
    parts->functions.push(json::Value(std::move(function)));
    parts->head.findings += findings.size();
    for (const json::Value &finding : findings)
      parts->findings.push(finding);
    findings.clear();
  }
  if (failed(parts->functions.close(error)) ||
      failed(parts->findings.close(error)))
    return nullptr;
  return std::unique_ptr<StreamedCertificate>(
      new StreamedCertificate(std::move(parts)));
}

void StreamedCertificate::setLLVMHash(std::string hash) {
  parts->head.llvmHash = std::move(hash);
}

LogicalResult StreamedCertificate::write(llvm::raw_ostream &os,
                                         std::string &error) const {
  const CertificateHead &head = parts->head;
  LogicalResult copied = success();
  auto splice = [&](const SpilledArray &array) {
    return [&](llvm::raw_ostream &out) {
      if (succeeded(copied))
        copied = array.copyTo(out, error);
    };
  };
  {
    // The keys in the order printCertificate sorts them.
    json::OStream out(os, /*IndentSize=*/2);
    out.object([&] {
      out.attribute("claims", head.claims());
      out.attribute("compiler", head.compiler());
      out.attributeBegin("findings");
      out.rawValue(splice(parts->findings));
      out.attributeEnd();
      out.attribute("format", kCertificateFormat);
      out.attributeBegin("functions");
      out.rawValue(splice(parts->functions));
      out.attributeEnd();
      out.attribute("hashes", head.hashes());
      out.attribute("module", head.moduleInfo());
      out.attribute("version", kCertificateVersion);
    });
  }
  os << "\n";
  return copied;
}

LogicalResult StreamedCertificate::write(llvm::StringRef path,
                                         std::string &error) const {
  return writeTextFile(
      path, [&](llvm::raw_ostream &os) { return write(os, error); }, error);
}

} // namespace clef

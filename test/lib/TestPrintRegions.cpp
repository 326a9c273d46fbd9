//===- TestPrintRegions.cpp - Print the region inference ------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// `test-print-regions` prints the solution of the joint region constraints
// without changing the IR: per function, its scheme
//   regions of @f: params=[c0, -, c1] results=[c1] global=[] handles=[c1]
// and its classes
//   class k: local|param cN|global (allocated): <reason>
// then, per allocation site, the class it allocates in, and per call the
// caller classes that instantiate the callee's region parameters.
//
//===----------------------------------------------------------------------===//

#include "test/lib/TestPasses.h"

#include "passes/Analysis/EscapeAnalysis.h"
#include "passes/Analysis/RegionInference.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace {

std::string formal(int c) { return c < 0 ? "-" : "c" + std::to_string(c); }

struct TestPrintRegionsPass
    : PassWrapper<TestPrintRegionsPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TestPrintRegionsPass)

  StringRef getArgument() const final { return "test-print-regions"; }
  StringRef getDescription() const final {
    return "Emit remarks with the region scheme of every function, its "
           "region classes, and the class of every allocation and call";
  }

  void runOnOperation() override {
    ::clef::RegionInference inference(getOperation());
    if (!inference.succeeded())
      return signalPassFailure();
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      const ::clef::RegionScheme *scheme = inference.getScheme(func);
      if (!scheme)
        continue;
      printScheme(func, *scheme);
      const ::clef::FunctionRegions *regions = inference.getRegions(func);
      if (!regions)
        continue;
      for (auto [k, cls] : llvm::enumerate(regions->classes)) {
        std::string text;
        llvm::raw_string_ostream os(text);
        os << "class " << k << ": ";
        switch (cls.kind) {
        case ::clef::RegionKind::Global:
          os << "global";
          break;
        case ::clef::RegionKind::Param:
          os << "param " << formal(cls.formal);
          break;
        case ::clef::RegionKind::Local:
          os << "local";
          break;
        }
        if (cls.allocated)
          os << " (allocated)";
        if (!cls.reason.empty())
          os << ": " << cls.reason;
        func.emitRemark() << text;
      }
      for (auto [longer, shorter] : regions->outlives)
        func.emitRemark() << "class " << longer << " outlives class "
                          << shorter;
      for (auto &[loop, carried] : regions->loops) {
        std::string text;
        llvm::raw_string_ostream os(text);
        os << "loop carries";
        for (const ::clef::FunctionRegions::CarriedRegion &c : carried) {
          os << " [class " << c.inner << ": from ";
          os << (c.init < 0 ? std::string("a fresh region")
                            : "class " + std::to_string(c.init));
          os << ", next " << c.next << ", result ";
          os << (c.result < 0 ? std::string("-") : std::to_string(c.result));
          os << "]";
        }
        loop->emitRemark() << text;
      }
      func.walk([&](Operation *op) {
        if (::clef::EscapeAnalysis::isAllocation(op)) {
          op->emitRemark() << ::clef::EscapeAnalysis::describeSite(op)
                           << " in class " << regions->lookup(op->getResult(0));
          return;
        }
        auto it = regions->instances.find(op);
        if (it == regions->instances.end())
          return;
        std::string text;
        llvm::raw_string_ostream os(text);
        os << (isa<mlir::clef::ApplyOp>(op) ? "apply" : "call")
           << " instantiates [";
        llvm::interleaveComma(it->second, os, [&](int c) {
          os << (c < 0 ? std::string("-") : std::to_string(c));
        });
        os << "]";
        op->emitRemark() << text;
      });
    }
    markAllAnalysesPreserved();
  }

  static void printScheme(func::FuncOp func,
                          const ::clef::RegionScheme &scheme) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << "regions of @" << func.getSymName() << ":";
    if (scheme.opaque) {
      os << " opaque";
    } else {
      auto list = [&](StringRef label, ArrayRef<int> classes) {
        os << " " << label << "=[";
        llvm::interleaveComma(classes, os, [&](int c) { os << formal(c); });
        os << "]";
      };
      list("params", scheme.params);
      list("results", scheme.results);
      SmallVector<int> global, handles;
      for (unsigned c : scheme.global.set_bits())
        global.push_back(c);
      for (unsigned c : scheme.handleClasses())
        handles.push_back(c);
      list("global", global);
      list("handles", handles);
      if (scheme.closureCode)
        os << " closure-code";
    }
    func.emitRemark() << text;
  }
};

} // namespace

void ::clef::test::registerTestPrintRegionsPass() {
  PassRegistration<TestPrintRegionsPass>();
}

//===- TestPrintEscapes.cpp - Print the escape analysis -------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// `test-print-escapes` emits one remark per allocation site,
//   file:line:col: remark: <what> <class>: <reason>
// and one per function with its summary, so tests can check both the
// per-site result and what callers are told.
//
//===----------------------------------------------------------------------===//

#include "test/lib/TestPasses.h"

#include "passes/Analysis/EscapeAnalysis.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace {

struct TestPrintEscapesPass
    : PassWrapper<TestPrintEscapesPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TestPrintEscapesPass)

  StringRef getArgument() const final { return "test-print-escapes"; }
  StringRef getDescription() const final {
    return "Emit a remark with the escape class of every allocation site "
           "and the escape summary of every function";
  }

  void runOnOperation() override {
    auto &escapes = getAnalysis<::clef::EscapeAnalysis>();
    // Function by function, the summary first, so that tests can use one
    // CHECK-LABEL per function.
    auto printSite = [&](Operation *site) {
      if (const ::clef::EscapeInfo *info = escapes.lookup(site))
        site->emitRemark() << ::clef::EscapeAnalysis::describeSite(site) << " "
                           << mlir::clef::stringifyEscapeClass(info->kind)
                           << ": " << info->reason;
    };
    for (Operation &op : getOperation().getOps()) {
      if (auto func = dyn_cast<func::FuncOp>(op))
        if (const ::clef::EscapeSummary *summary = escapes.getSummary(func))
          printSummary(func, *summary);
      op.walk<WalkOrder::PreOrder>(printSite);
    }
    markAllAnalysesPreserved();
  }

  static void printSummary(func::FuncOp func,
                           const ::clef::EscapeSummary &summary) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << "summary of @" << func.getSymName() << ":";
    if (summary.opaque) {
      os << " opaque";
    } else {
      auto list = [&](StringRef label, const llvm::SmallBitVector &bits) {
        os << " " << label << "=[";
        llvm::interleaveComma(bits.set_bits(), os);
        os << "]";
      };
      list("result", summary.toResult);
      list("global", summary.toGlobal);
      os << " stored=[";
      bool first = true;
      for (auto [i, into] : llvm::enumerate(summary.storedInto))
        for (unsigned j : into.set_bits()) {
          os << (first ? "" : ", ") << i << "->" << j;
          first = false;
        }
      os << "]";
      list("fresh-stored", summary.freshStoredInto);
      if (summary.resultGlobal)
        os << " result-global";
    }
    func.emitRemark() << text;
  }
};

} // namespace

void ::clef::test::registerTestPrintEscapesPass() {
  PassRegistration<TestPrintEscapesPass>();
}

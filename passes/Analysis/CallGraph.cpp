//===- CallGraph.cpp - Bottom-up SCCs of a module's functions -------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "passes/Analysis/CallGraph.h"

#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseMap.h"

using namespace mlir;

namespace clef {

SmallVector<SmallVector<func::FuncOp>> getBottomUpSCCs(ModuleOp module) {
  SmallVector<func::FuncOp> funcs;
  llvm::DenseMap<Operation *, unsigned> indexOf;
  for (auto func : module.getOps<func::FuncOp>()) {
    indexOf[func] = funcs.size();
    funcs.push_back(func);
  }
  SmallVector<SmallVector<unsigned>> succs(funcs.size());
  SymbolTable symbols(module);
  for (auto [i, func] : llvm::enumerate(funcs)) {
    if (func.isExternal())
      continue;
    func.walk([&, i = i](Operation *op) {
      for (NamedAttribute attr : op->getAttrs()) {
        auto ref = dyn_cast<FlatSymbolRefAttr>(attr.getValue());
        if (!ref)
          continue;
        if (auto callee = symbols.lookup<func::FuncOp>(ref.getValue()))
          succs[i].push_back(indexOf[callee]);
      }
    });
  }

  // Tarjan's algorithm with an explicit stack of (node, next successor).
  SmallVector<SmallVector<func::FuncOp>> sccs;
  SmallVector<int> index(funcs.size(), -1), low(funcs.size(), 0);
  SmallVector<bool> onStack(funcs.size(), false);
  SmallVector<unsigned> stack;
  SmallVector<std::pair<unsigned, unsigned>> work;
  int counter = 0;
  for (unsigned root = 0; root < funcs.size(); ++root) {
    if (index[root] >= 0)
      continue;
    work.push_back({root, 0});
    index[root] = low[root] = counter++;
    stack.push_back(root);
    onStack[root] = true;
    while (!work.empty()) {
      auto &[v, next] = work.back();
      if (next < succs[v].size()) {
        unsigned w = succs[v][next++];
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          stack.push_back(w);
          onStack[w] = true;
          work.push_back({w, 0});
        } else if (onStack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      unsigned done = v;
      work.pop_back();
      if (!work.empty())
        low[work.back().first] = std::min(low[work.back().first], low[done]);
      if (low[done] != index[done])
        continue;
      SmallVector<func::FuncOp> scc;
      unsigned w;
      do {
        w = stack.pop_back_val();
        onStack[w] = false;
        scc.push_back(funcs[w]);
      } while (w != done);
      sccs.push_back(std::move(scc));
    }
  }
  return sccs;
}

} // namespace clef

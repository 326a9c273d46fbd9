//===- Exhaustive.cpp - Whether a match covers every value ----------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Maranget's usefulness check ("Warnings for pattern matching", JFP 2007):
// a match is exhaustive when a row of wildcards is not useful after its
// cases. The cases form a matrix, one column per value still to be matched;
// the first column is split by its head constructors. When they are every
// constructor of the column's type, each constructor is tried in turn on
// the rows that admit it (its arguments become new columns); otherwise a
// missing constructor is matched only by the rows whose first column is a
// wildcard (the default matrix).
//
// Constructors: union cases (a case with several fields has them as one
// tuple argument, or `_` for all), Some/None, []/:: (a list pattern
// `[a; b]` is `a :: b :: []`), true/false, and the single constructor of a
// tuple, a record (its fields in declaration order, missing ones wildcards)
// and unit. Other literals have infinitely many values, so their
// constructors are never complete.
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/Exhaustive.h"

#include <cstdint>
#include <set>

using namespace clef;
using namespace clef::ast;

namespace {

/// One entry of the matrix: a pattern, or a wildcard (null). A list pattern
/// stands for the suffix of its elements from `from` on.
struct Cell {
  const Pattern *pat = nullptr;
  size_t from = 0;
};

using Row = std::vector<Cell>;

/// What a column's head constructor is and how many the type has.
struct Head {
  /// The constructor's index among its type's; ~0u for an infinite literal.
  unsigned tag = 0;
  /// How many constructors the type has (0: infinitely many).
  unsigned count = 0;
};

/// Strips aliases and annotations; a variable, `_` or `()` is a wildcard.
Cell strip(Cell cell) {
  while (cell.pat) {
    switch (cell.pat->kind) {
    case Pattern::As:
    case Pattern::Typed:
      cell.pat = cell.pat->args.empty() ? nullptr : cell.pat->args[0].get();
      cell.from = 0;
      continue;
    case Pattern::Wild:
    case Pattern::Var:
    case Pattern::Unit:
      return Cell{};
    case Pattern::Ctor:
      // A case the checker could not resolve matches nothing known.
      if (!cell.pat->decl && cell.pat->name != "Some" &&
          cell.pat->name != "None")
        return Cell{};
      return cell;
    default:
      return cell;
    }
  }
  return cell;
}

class Checker {
public:
  /// The budget counts rows built; past it the answer is "not useful".
  bool useful(std::vector<Row> rows) {
    if (rows.empty())
      return true;
    if (rows[0].empty())
      return false;
    if (exhausted())
      return false;
    // Flatten or-patterns in the first column.
    std::vector<Row> flat;
    for (Row &row : rows)
      expandOr(row, flat);
    if (exhausted())
      return false;

    std::set<unsigned> tags;
    unsigned count = 0;
    const Pattern *sample = nullptr;
    for (Row &row : flat) {
      Cell head = row[0];
      if (!head.pat)
        continue;
      Head h = headOf(head);
      if (h.count == 0) {
        count = 0;
        sample = nullptr;
        tags.clear();
        break;
      }
      tags.insert(h.tag);
      count = h.count;
      sample = head.pat;
    }
    if (sample && tags.size() == count) {
      for (unsigned tag = 0; tag < count; ++tag)
        if (useful(specialize(flat, sample, tag)))
          return true;
      return false;
    }
    std::vector<Row> rest;
    for (Row &row : flat) {
      if (row[0].pat)
        continue;
      rest.emplace_back(row.begin() + 1, row.end());
      spend(rest.back().size());
    }
    return useful(std::move(rest));
  }

  bool exhausted() const { return budget == 0; }

private:
  void spend(size_t cells) {
    budget = cells + 1 >= budget ? 0 : budget - cells - 1;
  }

  void expandOr(const Row &row, std::vector<Row> &out) {
    Cell head = strip(row[0]);
    if (head.pat && head.pat->kind == Pattern::Or) {
      for (const auto &side : head.pat->args) {
        if (exhausted())
          return;
        Row alt = row;
        alt[0] = Cell{side.get(), 0};
        expandOr(alt, out);
      }
      return;
    }
    out.push_back(row);
    out.back()[0] = head;
    spend(row.size());
  }

  static Head headOf(Cell cell) {
    const Pattern &p = *cell.pat;
    switch (p.kind) {
    case Pattern::Ctor:
      if (!p.decl)
        return {p.caseIndex, 2}; // None = 0, Some = 1
      return {p.caseIndex, static_cast<unsigned>(p.decl->cases.size())};
    case Pattern::Nil:
      return {0, 2};
    case Pattern::Cons:
      return {1, 2};
    case Pattern::List:
      return {cell.from < p.args.size() ? 1u : 0u, 2};
    case Pattern::Lit:
      if (p.literal && p.literal->kind == ExprKind::Bool)
        return {p.literal->boolValue ? 1u : 0u, 2};
      return {~0u, 0};
    case Pattern::Tuple:
    case Pattern::Record:
      return {0, 1};
    default:
      return {~0u, 0};
    }
  }

  /// How many arguments constructor `tag` of the type of `sample` has.
  static size_t arity(const Pattern &sample, unsigned tag) {
    switch (sample.kind) {
    case Pattern::Ctor:
      if (!sample.decl)
        return tag == 1 ? 1 : 0;
      return sample.decl->cases[tag].fieldExprs.size();
    case Pattern::Nil:
    case Pattern::Cons:
    case Pattern::List:
      return tag == 1 ? 2 : 0;
    case Pattern::Tuple:
      return sample.args.size();
    case Pattern::Record:
      return recordFields(sample);
    default:
      return 0;
    }
  }

  static size_t recordFields(const Pattern &p) {
    Type *t = p.type ? TypeContext::prune(p.type) : nullptr;
    if (t && t->kind == TypeKind::Named && t->decl)
      return t->decl->fields.size();
    return 0;
  }

  /// The arguments of `cell`'s constructor (known to be `tag`), `n` of them.
  static void arguments(Cell cell, size_t n, Row &out) {
    const Pattern &p = *cell.pat;
    size_t start = out.size();
    out.resize(start + n);
    switch (p.kind) {
    case Pattern::Ctor: {
      if (n == 0 || p.args.empty())
        return;
      const Pattern *arg = p.args[0].get();
      if (n == 1) {
        out[start] = Cell{arg, 0};
        return;
      }
      Cell inner = strip(Cell{arg, 0});
      if (inner.pat && inner.pat->kind == Pattern::Tuple &&
          inner.pat->args.size() == n)
        for (size_t i = 0; i < n; ++i)
          out[start + i] = Cell{inner.pat->args[i].get(), 0};
      return;
    }
    case Pattern::Cons:
      out[start] = Cell{p.args[0].get(), 0};
      out[start + 1] = Cell{p.args[1].get(), 0};
      return;
    case Pattern::List:
      if (n == 2) {
        out[start] = Cell{p.args[cell.from].get(), 0};
        out[start + 1] = Cell{&p, cell.from + 1};
      }
      return;
    case Pattern::Tuple:
      for (size_t i = 0; i < n && i < p.args.size(); ++i)
        out[start + i] = Cell{p.args[i].get(), 0};
      return;
    case Pattern::Record:
      for (size_t i = 0; i < p.fieldIndices.size() && i < p.args.size(); ++i)
        if (p.fieldIndices[i] < n)
          out[start + p.fieldIndices[i]] = Cell{p.args[i].get(), 0};
      return;
    default:
      return;
    }
  }

  std::vector<Row> specialize(const std::vector<Row> &rows,
                              const Pattern *sample, unsigned tag) {
    size_t n = arity(*sample, tag);
    std::vector<Row> out;
    for (const Row &row : rows) {
      Cell head = row[0];
      if (head.pat && headOf(head).tag != tag)
        continue;
      Row next;
      next.reserve(n + row.size() - 1);
      if (head.pat)
        arguments(head, n, next);
      else
        next.resize(n);
      next.insert(next.end(), row.begin() + 1, row.end());
      spend(next.size());
      out.push_back(std::move(next));
      if (exhausted())
        break;
    }
    return out;
  }

  /// Cells the check may build before it gives up.
  size_t budget = 1u << 20;
};

} // namespace

bool clef::isExhaustive(const std::vector<const Pattern *> &cases) {
  std::vector<Row> rows;
  for (const Pattern *pat : cases)
    rows.push_back(Row{Cell{pat, 0}});
  Checker checker;
  bool missing = checker.useful(std::move(rows));
  return !missing || checker.exhausted();
}

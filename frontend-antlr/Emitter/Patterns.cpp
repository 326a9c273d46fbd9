//===- Patterns.cpp - Emission of patterns and matches --------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Binding the variables of a pattern, testing whether a value matches one,
// and `match` as a chain of tests, with long runs of integer constants
// compiled to a binary search.
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/Emitter/EmitterInternals.h"

using namespace clef;
using namespace clef::ast;
using namespace clef::detail;

//===----------------------------------------------------------------------===//
// Binding patterns
//===----------------------------------------------------------------------===//

void Emitter::bindPattern(Pattern &pat, Value value) {
  if (!value)
    return;
  Loc l = pat.loc;
  switch (pat.kind) {
  case Pattern::Var:
  case Pattern::As: {
    if (pat.kind == Pattern::As)
      bindPattern(*pat.args[0], value);
    VarDecl *var = pat.var;
    if (!var)
      return;
    if (var->isTopLevel && var->needsGlobal) {
      std::string name = var->name;
      if (unsigned n = usedNames[name]++)
        name += "." + std::to_string(n);
      {
        mlir::OpBuilder::InsertionGuard guard(builder);
        setDeclInsertionPoint();
        lastDecl = cl::GlobalOp::create(builder, loc(l), name, value.getType());
      }
      cl::GlobalStoreOp::create(builder, loc(l), name, value);
      globals[var] = name;
      return;
    }
    values[var] = value;
    return;
  }
  case Pattern::Typed:
    bindPattern(*pat.args[0], value);
    return;
  case Pattern::Tuple: {
    auto tupleType = mlir::dyn_cast<cl::TupleType>(value.getType());
    if (!tupleType)
      return;
    for (size_t i = 0; i < pat.args.size(); ++i)
      bindPattern(*pat.args[i], cl::TupleGetOp::create(
                                    builder, loc(pat.args[i]->loc),
                                    tupleType.getElementTypes()[i], value, i));
    return;
  }
  case Pattern::Ctor: {
    if (pat.args.empty())
      return;
    if (!pat.decl) {
      auto optionType = mlir::cast<cl::OptionType>(value.getType());
      bindPattern(*pat.args[0],
                  cl::OptionValueOp::create(
                      builder, loc(l), optionType.getElementType(), value));
      return;
    }
    Type *unionType = concrete(pat.type);
    size_t count = pat.decl->cases[pat.caseIndex].fieldTypes.size();
    Pattern &arg = *pat.args[0];
    if (count == 1) {
      bindPattern(arg,
                  unionField(l, value, pat.decl, pat.caseIndex, 0, unionType));
      return;
    }
    if (arg.kind != Pattern::Tuple)
      return;
    for (size_t i = 0; i < count; ++i)
      bindPattern(*arg.args[i], unionField(arg.args[i]->loc, value, pat.decl,
                                           pat.caseIndex, i, unionType));
    return;
  }
  case Pattern::Cons: {
    auto listType = mlir::cast<cl::ListType>(value.getType());
    bindPattern(*pat.args[0],
                cl::ListHeadOp::create(builder, loc(l),
                                       listType.getElementType(), value));
    bindPattern(*pat.args[1],
                cl::ListTailOp::create(builder, loc(l), listType, value));
    return;
  }
  case Pattern::List: {
    auto listType = mlir::cast<cl::ListType>(value.getType());
    Value rest = value;
    for (auto &arg : pat.args) {
      bindPattern(*arg,
                  cl::ListHeadOp::create(builder, loc(arg->loc),
                                         listType.getElementType(), rest));
      rest = cl::ListTailOp::create(builder, loc(arg->loc), listType, rest);
    }
    return;
  }
  case Pattern::Record: {
    for (size_t i = 0; i < pat.args.size() && i < pat.fieldIndices.size(); ++i)
      bindPattern(*pat.args[i],
                  recordPatternField(pat, i, value, pat.args[i]->loc));
    return;
  }
  case Pattern::Or:
    // Both sides bind the same variables; bind from whichever matched.
    {
      // Collect the variables and select each from the matching side.
      llvm::DenseSet<VarDecl *> vars;
      collectDeclared(*pat.args[0], vars);
      std::vector<VarDecl *> ordered(vars.begin(), vars.end());
      if (ordered.empty())
        return;
      Value leftMatches = emitTest(*pat.args[0], value);
      if (!leftMatches) {
        bindPattern(*pat.args[0], value);
        return;
      }
      llvm::SmallVector<mlir::Type> resultTypes;
      for (VarDecl *var : ordered)
        resultTypes.push_back(lowerOf(var->type));
      auto ifOp = mlir::scf::IfOp::create(builder, loc(l), resultTypes,
                                          leftMatches, true);
      {
        mlir::OpBuilder::InsertionGuard guard(builder);
        for (int side = 0; side < 2; ++side) {
          builder.setInsertionPointToStart(side == 0
                                               ? &ifOp.getThenRegion().front()
                                               : &ifOp.getElseRegion().front());
          bindPattern(*pat.args[side], value);
          llvm::SmallVector<Value> results;
          for (VarDecl *var : ordered)
            results.push_back(values.lookup(var));
          mlir::scf::YieldOp::create(builder, loc(l), results);
        }
      }
      for (size_t i = 0; i < ordered.size(); ++i)
        values[ordered[i]] = ifOp.getResult(i);
      return;
    }
  default:
    return;
  }
}

Value Emitter::recordPatternField(Pattern &pat, size_t i, Value value, Loc at) {
  TypeDecl *decl = TypeContext::prune(pat.type)->decl;
  Type *record = concrete(pat.type);
  FieldDecl &field = decl->fields[pat.fieldIndices[i]];
  mlir::Type ft =
      lower(types.substitute(field.type, decl->paramVars, record->args));
  return cl::RecordGetOp::create(builder, loc(at), ft, value, field.name);
}

Value Emitter::unionField(Loc l, Value value, TypeDecl *decl,
                          unsigned caseIndex, unsigned field, Type *unionType) {
  Type *named = TypeContext::prune(unionType);
  Type *ft = types.substitute(decl->cases[caseIndex].fieldTypes[field],
                              decl->paramVars, named->args);
  return cl::UnionFieldOp::create(builder, loc(l), lower(ft), value,
                                  decl->cases[caseIndex].name, field);
}

//===----------------------------------------------------------------------===//
// Pattern tests
//===----------------------------------------------------------------------===//

/// Whether `pat` matches every value of its type.
static bool isIrrefutable(const Pattern &pat) {
  switch (pat.kind) {
  case Pattern::Wild:
  case Pattern::Var:
  case Pattern::Unit:
    return true;
  case Pattern::As:
  case Pattern::Typed:
  case Pattern::Tuple:
  case Pattern::Record:
    for (auto &arg : pat.args)
      if (!isIrrefutable(*arg))
        return false;
    return true;
  case Pattern::Ctor:
    // Single-case unions.
    return pat.decl && pat.decl->cases.size() == 1 &&
           (pat.args.empty() || isIrrefutable(*pat.args[0]));
  default:
    return false;
  }
}

Value Emitter::emitTest(Pattern &pat, Value value) {
  Loc l = pat.loc;
  if (isIrrefutable(pat))
    return Value();
  auto conj = [&](Value a, Value b) -> Value {
    if (!a)
      return b;
    if (!b)
      return a;
    return mlir::arith::AndIOp::create(builder, loc(l), a, b);
  };
  switch (pat.kind) {
  case Pattern::Wild:
  case Pattern::Var:
  case Pattern::Unit:
    return Value();
  case Pattern::As:
  case Pattern::Typed:
    return emitTest(*pat.args[0], value);
  case Pattern::Lit: {
    Value lit = castUnits(l, emit(*pat.literal), value.getType());
    return cl::CmpOp::create(builder, loc(l), builder.getI1Type(),
                             cl::CmpPredicate::eq, value, lit);
  }
  case Pattern::Tuple: {
    auto tupleType = mlir::cast<cl::TupleType>(value.getType());
    Value result;
    for (size_t i = 0; i < pat.args.size(); ++i) {
      Value element = cl::TupleGetOp::create(
          builder, loc(l), tupleType.getElementTypes()[i], value, i);
      result = conj(result, emitTest(*pat.args[i], element));
    }
    return result;
  }
  case Pattern::Record: {
    Value result;
    for (size_t i = 0; i < pat.args.size() && i < pat.fieldIndices.size(); ++i)
      result = conj(
          result, emitTest(*pat.args[i], recordPatternField(pat, i, value, l)));
    return result;
  }
  case Pattern::Or: {
    Value a = emitTest(*pat.args[0], value);
    Value b = emitTest(*pat.args[1], value);
    if (!a || !b)
      return Value();
    return mlir::arith::OrIOp::create(builder, loc(l), a, b);
  }
  case Pattern::Ctor: {
    Value isCase;
    if (!pat.decl) {
      Value isSome = cl::OptionIsSomeOp::create(builder, loc(l),
                                                builder.getI1Type(), value);
      if (pat.caseIndex == 1) {
        isCase = isSome;
      } else {
        isCase =
            cl::NotOp::create(builder, loc(l), builder.getI1Type(), isSome);
      }
    } else {
      Value tag =
          cl::UnionTagOp::create(builder, loc(l), builder.getI32Type(), value);
      if (pat.decl->cases.size() == 1)
        isCase = Value();
      else
        isCase = mlir::arith::CmpIOp::create(builder, loc(l),
                                             mlir::arith::CmpIPredicate::eq,
                                             tag, constInt(l, pat.caseIndex));
    }
    if (pat.args.empty() || isIrrefutable(*pat.args[0]))
      return isCase;
    // Fields are only read once the case is known.
    return emitAnd(l, isCase, [&]() -> Value {
      Value sub;
      if (!pat.decl) {
        auto optionType = mlir::cast<cl::OptionType>(value.getType());
        Value inner = cl::OptionValueOp::create(
            builder, loc(l), optionType.getElementType(), value);
        sub = emitTest(*pat.args[0], inner);
      } else {
        Type *unionType = concrete(pat.type);
        size_t count = pat.decl->cases[pat.caseIndex].fieldTypes.size();
        Pattern &arg = *pat.args[0];
        if (count == 1) {
          sub = emitTest(
              arg, unionField(l, value, pat.decl, pat.caseIndex, 0, unionType));
        } else if (arg.kind == Pattern::Tuple) {
          for (size_t i = 0; i < count; ++i)
            sub = conj(sub, emitTest(*arg.args[i],
                                     unionField(l, value, pat.decl,
                                                pat.caseIndex, i, unionType)));
        }
      }
      return sub ? sub : constBool(l, true);
    });
  }
  case Pattern::Nil:
    return cl::ListIsNilOp::create(builder, loc(l), builder.getI1Type(), value);
  case Pattern::Cons:
  case Pattern::List: {
    auto listType = mlir::cast<cl::ListType>(value.getType());
    // `[a; b]` is `a :: b :: []`.
    std::function<Value(size_t, Value)> testFrom = [&](size_t i,
                                                       Value list) -> Value {
      bool isCons = pat.kind == Pattern::Cons;
      if (!isCons && i == pat.args.size())
        return cl::ListIsNilOp::create(builder, loc(l), builder.getI1Type(),
                                       list);
      Value isNil =
          cl::ListIsNilOp::create(builder, loc(l), builder.getI1Type(), list);
      Value nonEmpty =
          cl::NotOp::create(builder, loc(l), builder.getI1Type(), isNil);
      if (isCons && isIrrefutable(*pat.args[0]) && isIrrefutable(*pat.args[1]))
        return nonEmpty;
      return emitAnd(l, nonEmpty, [&]() -> Value {
        Value head = cl::ListHeadOp::create(builder, loc(l),
                                            listType.getElementType(), list);
        Value tail = cl::ListTailOp::create(builder, loc(l), listType, list);
        Value headTest = emitTest(*pat.args[isCons ? 0 : i], head);
        Value tailTest =
            isCons ? emitTest(*pat.args[1], tail) : testFrom(i + 1, tail);
        Value both = conj(headTest, tailTest);
        return both ? both : constBool(l, true);
      });
    };
    return testFrom(0, value);
  }
  }
  return Value();
}

//===----------------------------------------------------------------------===//
// Matches
//===----------------------------------------------------------------------===//

Value Emitter::emitMatch(Expr &expr) {
  Value scrutinee = emit(*expr.args[0]);
  if (!scrutinee)
    return scrutinee;
  scrutinee =
      castUnits(expr.args[0]->loc, scrutinee, lowerOf(expr.args[0]->type));
  return emitMatchCases(expr, scrutinee, 0, lowerOf(expr.type));
}

/// The integer an unguarded case's pattern is, if it is an integer literal.
static std::optional<int64_t> constantCase(const MatchCase &mc) {
  if (mc.guard || mc.pattern->kind != Pattern::Lit || !mc.pattern->literal)
    return std::nullopt;
  const Expr &lit = *mc.pattern->literal;
  if (lit.kind != ExprKind::Int && lit.kind != ExprKind::Int64)
    return std::nullopt;
  return lit.intValue;
}

/// Cases are tried in order: each test (with its guard) selects its body or
/// falls through to the next case; the last falls through to a match
/// failure. Every case's code appears once.
Value Emitter::emitMatchCases(Expr &expr, Value scrutinee, size_t i,
                              mlir::Type type) {
  Loc l = expr.loc;
  if (i == expr.cases.size())
    return cl::MatchFailureOp::create(builder, loc(l), type);
  // A long run of integer constants is a search, not a chain of tests: a
  // chain nests one `scf.if` per case, which every later pass recurses
  // through.
  size_t end = i;
  while (end < expr.cases.size() && constantCase(expr.cases[end]))
    ++end;
  if (end - i >= kMinConstantSwitch)
    return emitConstantSwitch(expr, scrutinee, i, end, type);
  MatchCase &mc = expr.cases[i];
  Value test = emitTest(*mc.pattern, scrutinee);
  if (mc.guard) {
    test = emitAnd(mc.loc, test, [&]() -> Value {
      bindPattern(*mc.pattern, scrutinee);
      return emit(*mc.guard);
    });
  }
  auto body = [&]() -> Value {
    bindPattern(*mc.pattern, scrutinee);
    return emit(*mc.body);
  };
  if (!test)
    return body();
  return emitIf(mc.loc, test, type, body,
                [&] { return emitMatchCases(expr, scrutinee, i + 1, type); });
}

/// Cases [first, end) test the scrutinee against integer constants: a
/// binary search over the sorted constants finds the position of the first
/// case that matches (or `end - first` for none), with `scf.if`s nested
/// log2(cases) deep, and a balanced tree of tests on that position selects
/// the case's body, or falls through to the cases after `end`. Every body is
/// emitted once; duplicated constants keep their first case, as the order
/// of the cases says.
Value Emitter::emitConstantSwitch(Expr &expr, Value scrutinee, size_t first,
                                  size_t end, mlir::Type type) {
  Loc l = expr.loc;
  unsigned width = scrutinee.getType().getIntOrFloatBitWidth();
  std::vector<std::pair<int64_t, int64_t>> keys; // (constant, position)
  for (size_t c = first; c < end; ++c)
    keys.emplace_back(*constantCase(expr.cases[c]), c - first);
  // By constant, then position: the first case of a constant comes first.
  llvm::sort(keys);
  keys.erase(std::unique(keys.begin(), keys.end(),
                         [](auto &a, auto &b) { return a.first == b.first; }),
             keys.end());
  int64_t none = end - first;
  auto i32 = builder.getI32Type();
  std::function<Value(size_t, size_t)> search = [&](size_t lo,
                                                    size_t hi) -> Value {
    if (hi - lo == 1) {
      Value eq = cl::CmpOp::create(builder, loc(l), builder.getI1Type(),
                                   cl::CmpPredicate::eq, scrutinee,
                                   constInt(l, keys[lo].first, width));
      return mlir::arith::SelectOp::create(
          builder, loc(l), eq, constInt(l, keys[lo].second), constInt(l, none));
    }
    size_t mid = lo + (hi - lo) / 2;
    Value lt = cl::CmpOp::create(builder, loc(l), builder.getI1Type(),
                                 cl::CmpPredicate::lt, scrutinee,
                                 constInt(l, keys[mid].first, width));
    return emitIf(
        l, lt, i32, [&] { return search(lo, mid); },
        [&] { return search(mid, hi); });
  };
  Value position = search(0, keys.size());
  if (!position)
    return position;
  // Positions 0 .. none - 1 are the cases' bodies, `none` the fall-through.
  std::function<Value(int64_t, int64_t)> select = [&](int64_t lo,
                                                      int64_t hi) -> Value {
    if (hi - lo == 1) {
      if (lo == none)
        return emitMatchCases(expr, scrutinee, end, type);
      MatchCase &mc = expr.cases[first + lo];
      bindPattern(*mc.pattern, scrutinee);
      return emit(*mc.body);
    }
    int64_t mid = lo + (hi - lo) / 2;
    Value lt =
        cl::CmpOp::create(builder, loc(l), builder.getI1Type(),
                          cl::CmpPredicate::lt, position, constInt(l, mid));
    return emitIf(
        l, lt, type, [&] { return select(lo, mid); },
        [&] { return select(mid, hi); });
  };
  return select(0, none + 1);
}

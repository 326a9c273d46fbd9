//===- StructuralPatterns.cpp - Equality, ordering, hashing, %A -----------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// F#'s structural comparison, hashing and `%A` printing of compound values.
// Each is one internal function per clef type (`__clef_cmp_<type>`,
// `__clef_hash_<type>`, `__clef_print_<type>`), generated on first use and
// recursive for recursive types; lists and arrays are traversed with loops
// so that long lists do not grow the stack.
//
// Comparison returns -1, 0 or 1, or 2 when a NaN makes the values unordered.
// F#'s `=` and `<` on compound values use the "PER" semantics of the
// operators on floats: a NaN anywhere makes `=`, `<`, `<=`, `>` and `>=`
// false and `<>` true. So every predicate is a test of that one result:
// `eq` is 0, `lt` is -1, `le` is -1 or 0, and an unordered 2 satisfies only
// `ne`.
//
// One concept, kept in one file on purpose: the three generators share the
// per-type walk over records, unions, tuples, lists and arrays.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ClefToLLVM/Layout.h"
#include "passes/Conversion/ClefToLLVM/LoweringUtils.h"
#include "passes/Conversion/ClefToLLVM/Patterns.h"
#include "passes/Conversion/ClefToLLVM/RuntimeFunctions.h"

#include "dialects/Clef/ClefOps.h"
#include "runtime/clef_runtime.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace mlir;
using namespace mlir::clef;

namespace clef {

/// Compound types are those whose structural operations need traversal.
static bool isCompound(Type type) {
  return isa<mlir::clef::TupleType, RecordType, UnionType, ListType, OptionType,
             ArrayType, RefType>(type);
}

namespace {

/// Emits structural operations on values at the builder's insertion point,
/// generating the per-type helper functions they call.
class StructuralEmitter {
public:
  StructuralEmitter(OpBuilder &b, const TypeConverter &converter,
                    Operation *anchor)
      : b(b), converter(converter), anchor(anchor),
        module(anchor->getParentOfType<ModuleOp>()) {}

  /// Whether `what` ("compared", "hashed", "formatted") is defined on every
  /// value of `type`; emits a diagnostic on the anchor op if not.
  LogicalResult check(Type type, StringRef what) {
    llvm::SmallPtrSet<Attribute, 8> visited;
    return check(type, what, visited);
  }

  /// -1, 0, 1, or 2 when unordered (i32).
  Value compare(Location loc, Type type, Value x, Value y);
  /// A hash consistent with `compare` returning 0 (i32).
  Value hash(Location loc, Type type, Value v);
  /// Pushes the `%A` layout of `v` on the runtime's layout stack; `nested`
  /// asks for union cases with fields to be parenthesized (they are the
  /// argument of a case).
  void print(Location loc, Type type, Value v, bool nested);
  /// Whether `%O` is supported on every value of `type`.
  LogicalResult checkToString(Type type);
  /// Appends .NET's `v.ToString()` to the format builder; `nullText` is what
  /// a null (unit, None) prints as in this position.
  void toString(Location loc, Type type, Value v, StringRef nullText);

private:
  LogicalResult check(Type type, StringRef what,
                      llvm::SmallPtrSetImpl<Attribute> &visited);

  LLVM::LLVMFuncOp getCompareFunction(Type type);
  LLVM::LLVMFuncOp getHashFunction(Type type);
  LLVM::LLVMFuncOp getPrintFunction(Type type);
  LLVM::LLVMFuncOp getToStringFunction(Type type);

  void buildCompare(LLVM::LLVMFuncOp func, Type type);
  void buildHash(LLVM::LLVMFuncOp func, Type type);
  void buildPrint(LLVM::LLVMFuncOp func, Type type);
  void buildToString(LLVM::LLVMFuncOp func, Type type);

  /// Compares fields `first...` of two cells field by field, branching to
  /// `exit` with the first non-zero result; falls through at the end.
  void compareFields(Location loc, LLVM::LLVMFuncOp func,
                     LLVM::LLVMStructType cell, ArrayRef<Type> fieldTypes,
                     unsigned first, Value x, Value y, Block *exit);
  /// Hashes fields `first...` of a cell into `h`.
  Value hashFields(Location loc, LLVM::LLVMStructType cell,
                   ArrayRef<Type> fieldTypes, unsigned first, Value p, Value h);

  void lit(Location loc, StringRef text);
  /// Appends `text` when `cond` holds, without branching.
  void litIf(Location loc, Value cond, StringRef text);
  /// Pushes the layout leaf `text`.
  void word(Location loc, StringRef text);

  Type lower(Type type) { return converter.convertType(type); }
  Value i32(Location loc, int32_t v) { return constI32(b, loc, v); }
  Value sign(Location loc, Value gt, Value lt);
  Value combine(Location loc, Value h, Value x);

  OpBuilder &b;
  const TypeConverter &converter;
  Operation *anchor;
  ModuleOp module;
};

} // namespace

//===----------------------------------------------------------------------===//
// Checks
//===----------------------------------------------------------------------===//

LogicalResult
StructuralEmitter::check(Type type, StringRef what,
                         llvm::SmallPtrSetImpl<Attribute> &visited) {
  if (isa<IntegerType, FloatType, MeasureType, UnitType, CharType, StringType>(
          type)) {
    if (auto i = dyn_cast<IntegerType>(type);
        i && i.getWidth() != 1 && i.getWidth() != 32 && i.getWidth() != 64)
      return anchor->emitOpError("values of type ")
             << type << " cannot be " << what;
    if (auto f = dyn_cast<FloatType>(type); f && !f.isF64())
      return anchor->emitOpError("values of type ")
             << type << " cannot be " << what;
    return success();
  }
  if (isa<ClosureType>(type))
    return anchor->emitOpError("function values cannot be ")
           << what << " (in a value of type " << type << ")";
  if (auto t = dyn_cast<mlir::clef::TupleType>(type)) {
    for (Type e : t.getElementTypes())
      if (failed(check(e, what, visited)))
        return failure();
    return success();
  }
  if (auto l = dyn_cast<ListType>(type))
    return check(l.getElementType(), what, visited);
  if (auto o = dyn_cast<OptionType>(type))
    return check(o.getElementType(), what, visited);
  if (auto a = dyn_cast<ArrayType>(type))
    return check(a.getElementType(), what, visited);
  if (auto r = dyn_cast<RefType>(type))
    return check(r.getElementType(), what, visited);
  if (auto r = dyn_cast<RecordType>(type)) {
    if (!visited.insert(r.getName()).second)
      return success();
    auto decl = lookupModuleSymbol<RecordDeclOp>(module, r.getName());
    if (!decl)
      return anchor->emitOpError("refers to undeclared record ") << r.getName();
    for (unsigned i = 0, e = decl.getFieldNames().size(); i != e; ++i)
      if (failed(check(decl.getFieldType(i), what, visited)))
        return failure();
    return success();
  }
  if (auto u = dyn_cast<UnionType>(type)) {
    if (!visited.insert(u.getName()).second)
      return success();
    auto decl = lookupModuleSymbol<UnionDeclOp>(module, u.getName());
    if (!decl)
      return anchor->emitOpError("refers to undeclared union ") << u.getName();
    for (unsigned i = 0, e = decl.getCaseNames().size(); i != e; ++i)
      for (Type field : decl.getCaseFieldTypes(i))
        if (failed(check(field, what, visited)))
          return failure();
    return success();
  }
  return anchor->emitOpError("values of type ")
         << type << " cannot be " << what;
}

//===----------------------------------------------------------------------===//
// Small pieces
//===----------------------------------------------------------------------===//

static void condBr(OpBuilder &b, Location loc, Value cond, Block *t,
                   ValueRange tArgs, Block *f, ValueRange fArgs = {}) {
  LLVM::CondBrOp::create(b, loc, cond, t, tArgs, f, fArgs);
}

static Value icmp(OpBuilder &b, Location loc, LLVM::ICmpPredicate p, Value x,
                  Value y) {
  return LLVM::ICmpOp::create(b, loc, p, x, y);
}

static Value isNull(OpBuilder &b, Location loc, Value p) {
  Value null = LLVM::ZeroOp::create(b, loc, p.getType());
  return icmp(b, loc, LLVM::ICmpPredicate::eq, p, null);
}

/// A block with one i32 argument that returns it.
static Block *addReturnBlock(OpBuilder &b, Location loc,
                             LLVM::LLVMFuncOp func) {
  OpBuilder::InsertionGuard guard(b);
  Block *exit = func.addBlock();
  Value result = exit->addArgument(b.getI32Type(), loc);
  b.setInsertionPointToStart(exit);
  LLVM::ReturnOp::create(b, loc, result);
  return exit;
}

Value StructuralEmitter::sign(Location loc, Value gt, Value lt) {
  Value g = LLVM::ZExtOp::create(b, loc, b.getI32Type(), gt);
  Value l = LLVM::ZExtOp::create(b, loc, b.getI32Type(), lt);
  return LLVM::SubOp::create(b, loc, g, l);
}

Value StructuralEmitter::combine(Location loc, Value h, Value x) {
  Value scaled = LLVM::MulOp::create(b, loc, h, i32(loc, 31));
  return LLVM::AddOp::create(b, loc, scaled, x);
}

void StructuralEmitter::lit(Location loc, StringRef text) {
  auto [ptr, len] = getStringLiteralBytes(b, loc, text);
  callRuntime(b, loc, RuntimeFn::FmtLit, {ptr, len});
}

void StructuralEmitter::litIf(Location loc, Value cond, StringRef text) {
  auto [ptr, len] = getStringLiteralBytes(b, loc, text);
  Value n = LLVM::SelectOp::create(b, loc, cond, len, constI64(b, loc, 0));
  callRuntime(b, loc, RuntimeFn::FmtLit, {ptr, n});
}

static std::string helperName(StringRef kind, Type type) {
  return ("__clef_" + kind + "_" + mangleType(type)).str();
}

//===----------------------------------------------------------------------===//
// Comparison
//===----------------------------------------------------------------------===//

Value StructuralEmitter::compare(Location loc, Type type, Value x, Value y) {
  using P = LLVM::ICmpPredicate;
  if (type.isInteger(32) || type.isInteger(64))
    return sign(loc, icmp(b, loc, P::sgt, x, y), icmp(b, loc, P::slt, x, y));
  if (type.isInteger(1) || isa<CharType>(type))
    return sign(loc, icmp(b, loc, P::ugt, x, y), icmp(b, loc, P::ult, x, y));
  if (isa<UnitType>(type))
    return i32(loc, 0);
  if (isa<FloatType, MeasureType>(type)) {
    Value ordered =
        sign(loc, LLVM::FCmpOp::create(b, loc, LLVM::FCmpPredicate::ogt, x, y),
             LLVM::FCmpOp::create(b, loc, LLVM::FCmpPredicate::olt, x, y));
    Value unordered =
        LLVM::FCmpOp::create(b, loc, LLVM::FCmpPredicate::uno, x, y);
    return LLVM::SelectOp::create(b, loc, unordered, i32(loc, 2), ordered);
  }
  if (isa<StringType>(type)) {
    Value c = callRuntime(b, loc, RuntimeFn::StringCompare, {x, y});
    Value zero = i32(loc, 0);
    return sign(loc, icmp(b, loc, P::sgt, c, zero),
                icmp(b, loc, P::slt, c, zero));
  }
  return LLVM::CallOp::create(b, loc, getCompareFunction(type),
                              ValueRange{x, y})
      .getResult();
}

LLVM::LLVMFuncOp StructuralEmitter::getCompareFunction(Type type) {
  Type t = lower(type);
  auto fnType = LLVM::LLVMFunctionType::get(b.getI32Type(), {t, t});
  return getOrCreateFunction(
      b, helperName("cmp", type), fnType,
      [&](OpBuilder &, LLVM::LLVMFuncOp func) { buildCompare(func, type); });
}

void StructuralEmitter::compareFields(Location loc, LLVM::LLVMFuncOp func,
                                      LLVM::LLVMStructType cell,
                                      ArrayRef<Type> fieldTypes, unsigned first,
                                      Value x, Value y, Block *exit) {
  for (auto [i, fieldType] : llvm::enumerate(fieldTypes)) {
    Value fx = emitLoadField(b, loc, cell, x, first + i);
    Value fy = emitLoadField(b, loc, cell, y, first + i);
    Value c = compare(loc, fieldType, fx, fy);
    Block *next = func.addBlock();
    condBr(b, loc, icmp(b, loc, LLVM::ICmpPredicate::ne, c, i32(loc, 0)), exit,
           c, next);
    b.setInsertionPointToStart(next);
  }
}

/// The clef types of a record's fields.
static SmallVector<Type> getFieldTypes(RecordDeclOp decl) {
  SmallVector<Type> types;
  for (unsigned i = 0, e = decl.getFieldNames().size(); i != e; ++i)
    types.push_back(decl.getFieldType(i));
  return types;
}

void StructuralEmitter::buildCompare(LLVM::LLVMFuncOp func, Type type) {
  using P = LLVM::ICmpPredicate;
  Location loc = func.getLoc();
  Value x = func.getArgument(0), y = func.getArgument(1);
  Block *exit = addReturnBlock(b, loc, func);

  // Cells compared field by field.
  auto compareCell = [&](ArrayRef<Type> fieldTypes) {
    auto cell = getCellType(converter, fieldTypes);
    compareFields(loc, func, cell, fieldTypes, 0, x, y, exit);
    emitBranch(b, loc, exit, {i32(loc, 0)});
  };
  if (auto t = dyn_cast<mlir::clef::TupleType>(type))
    return compareCell(t.getElementTypes());
  if (auto r = dyn_cast<RefType>(type))
    return compareCell(r.getElementType());
  if (auto r = dyn_cast<RecordType>(type))
    return compareCell(
        getFieldTypes(lookupModuleSymbol<RecordDeclOp>(module, r.getName())));

  if (auto o = dyn_cast<OptionType>(type)) {
    // None < Some.
    Value sx = LLVM::ExtractValueOp::create(b, loc, x, ArrayRef<int64_t>{0});
    Value sy = LLVM::ExtractValueOp::create(b, loc, y, ArrayRef<int64_t>{0});
    Block *same = func.addBlock(), *both = func.addBlock();
    Value c =
        sign(loc, icmp(b, loc, P::ugt, sx, sy), icmp(b, loc, P::ult, sx, sy));
    condBr(b, loc, icmp(b, loc, P::ne, sx, sy), exit, c, same);
    b.setInsertionPointToStart(same);
    condBr(b, loc, sx, both, {}, exit, {i32(loc, 0)});
    b.setInsertionPointToStart(both);
    Value vx = LLVM::ExtractValueOp::create(b, loc, x, ArrayRef<int64_t>{1});
    Value vy = LLVM::ExtractValueOp::create(b, loc, y, ArrayRef<int64_t>{1});
    emitBranch(b, loc, exit, {compare(loc, o.getElementType(), vx, vy)});
    return;
  }

  if (auto u = dyn_cast<UnionType>(type)) {
    // By case index, then by the fields of the common case.
    auto decl = lookupModuleSymbol<UnionDeclOp>(module, u.getName());
    Value tx = emitUnionTag(b, loc, decl, x);
    Value ty = emitUnionTag(b, loc, decl, y);
    Block *same = func.addBlock();
    Value c =
        sign(loc, icmp(b, loc, P::sgt, tx, ty), icmp(b, loc, P::slt, tx, ty));
    condBr(b, loc, icmp(b, loc, P::ne, tx, ty), exit, c, same);
    b.setInsertionPointToStart(same);
    for (unsigned tag = 0, e = decl.getCaseNames().size(); tag != e; ++tag) {
      SmallVector<Type> fields = decl.getCaseFieldTypes(tag);
      if (fields.empty())
        continue;
      Block *match = func.addBlock(), *next = func.addBlock();
      condBr(b, loc, icmp(b, loc, P::eq, tx, i32(loc, tag)), match, {}, next);
      b.setInsertionPointToStart(match);
      compareFields(loc, func, getCaseCellType(converter, decl, tag), fields,
                    getCaseFieldIndex(decl), x, y, exit);
      emitBranch(b, loc, exit, {i32(loc, 0)});
      b.setInsertionPointToStart(next);
    }
    emitBranch(b, loc, exit, {i32(loc, 0)});
    return;
  }

  if (auto l = dyn_cast<ListType>(type)) {
    // Lexicographic: [] is smaller than any cons.
    Type element = l.getElementType();
    auto cell = LLVM::LLVMStructType::getLiteral(b.getContext(),
                                                 {lower(element), x.getType()});
    Block *loop = func.addBlock(), *xNil = func.addBlock(),
          *xCons = func.addBlock(), *cons = func.addBlock(),
          *next = func.addBlock();
    emitBranch(b, loc, loop, {x, y});
    b.setInsertionPointToStart(loop);
    Value cx = loop->addArgument(x.getType(), loc);
    Value cy = loop->addArgument(y.getType(), loc);
    Value yNil = isNull(b, loc, cy);
    condBr(b, loc, isNull(b, loc, cx), xNil, {}, xCons);
    b.setInsertionPointToStart(xNil);
    emitBranch(b, loc, exit,
               {LLVM::SelectOp::create(b, loc, yNil, i32(loc, 0), i32(loc, -1))
                    .getResult()});
    b.setInsertionPointToStart(xCons);
    condBr(b, loc, yNil, exit, {i32(loc, 1)}, cons);
    b.setInsertionPointToStart(cons);
    Value c = compare(loc, element, emitLoadField(b, loc, cell, cx, 0),
                      emitLoadField(b, loc, cell, cy, 0));
    condBr(b, loc, icmp(b, loc, P::ne, c, i32(loc, 0)), exit, c, next);
    b.setInsertionPointToStart(next);
    emitBranch(b, loc, loop,
               {emitLoadField(b, loc, cell, cx, 1),
                emitLoadField(b, loc, cell, cy, 1)});
    return;
  }

  if (auto a = dyn_cast<ArrayType>(type)) {
    // F# orders arrays by length first, then element by element.
    Type element = a.getElementType();
    Type lowered = lower(element);
    auto i64 = b.getI64Type();
    Value nx = LLVM::LoadOp::create(b, loc, i64, x);
    Value ny = LLVM::LoadOp::create(b, loc, i64, y);
    Block *sameLength = func.addBlock(), *loop = func.addBlock(),
          *body = func.addBlock(), *next = func.addBlock();
    Value c =
        sign(loc, icmp(b, loc, P::sgt, nx, ny), icmp(b, loc, P::slt, nx, ny));
    condBr(b, loc, icmp(b, loc, P::ne, nx, ny), exit, c, sameLength);
    b.setInsertionPointToStart(sameLength);
    emitBranch(b, loc, loop, {constI64(b, loc, 0)});
    b.setInsertionPointToStart(loop);
    Value i = loop->addArgument(i64, loc);
    condBr(b, loc, icmp(b, loc, P::slt, i, nx), body, {}, exit, {i32(loc, 0)});
    b.setInsertionPointToStart(body);
    Value ex = LLVM::LoadOp::create(
        b, loc, lowered, emitArrayElementAddress(b, loc, lowered, x, i));
    Value ey = LLVM::LoadOp::create(
        b, loc, lowered, emitArrayElementAddress(b, loc, lowered, y, i));
    Value ce = compare(loc, element, ex, ey);
    condBr(b, loc, icmp(b, loc, P::ne, ce, i32(loc, 0)), exit, ce, next);
    b.setInsertionPointToStart(next);
    emitBranch(b, loc, loop,
               {LLVM::AddOp::create(b, loc, i, constI64(b, loc, 1))});
    return;
  }
  llvm_unreachable("compare of a type that check() rejects");
}

//===----------------------------------------------------------------------===//
// Hashing
//===----------------------------------------------------------------------===//

Value StructuralEmitter::hash(Location loc, Type type, Value v) {
  auto i32Type = b.getI32Type();
  if (type.isInteger(32) || isa<CharType>(type))
    return v;
  if (type.isInteger(1))
    return LLVM::ZExtOp::create(b, loc, i32Type, v);
  if (isa<UnitType>(type))
    return i32(loc, 0);
  if (isa<StringType>(type))
    return callRuntime(b, loc, RuntimeFn::StringHash, {v});
  if (isa<FloatType, MeasureType>(type))
    return emitDoubleHash(b, loc, v);
  if (v.getType().isInteger(64)) {
    Value high = LLVM::LShrOp::create(b, loc, v, constI64(b, loc, 32));
    Value mixed = LLVM::XOrOp::create(b, loc, v, high);
    return LLVM::TruncOp::create(b, loc, i32Type, mixed);
  }
  return LLVM::CallOp::create(b, loc, getHashFunction(type), ValueRange{v})
      .getResult();
}

LLVM::LLVMFuncOp StructuralEmitter::getHashFunction(Type type) {
  auto fnType = LLVM::LLVMFunctionType::get(b.getI32Type(), {lower(type)});
  return getOrCreateFunction(
      b, helperName("hash", type), fnType,
      [&](OpBuilder &, LLVM::LLVMFuncOp func) { buildHash(func, type); });
}

Value StructuralEmitter::hashFields(Location loc, LLVM::LLVMStructType cell,
                                    ArrayRef<Type> fieldTypes, unsigned first,
                                    Value p, Value h) {
  for (auto [i, fieldType] : llvm::enumerate(fieldTypes))
    h = combine(
        loc, h,
        hash(loc, fieldType, emitLoadField(b, loc, cell, p, first + i)));
  return h;
}

void StructuralEmitter::buildHash(LLVM::LLVMFuncOp func, Type type) {
  Location loc = func.getLoc();
  Value v = func.getArgument(0);
  auto hashCell = [&](ArrayRef<Type> fieldTypes) {
    auto cell = getCellType(converter, fieldTypes);
    LLVM::ReturnOp::create(
        b, loc, hashFields(loc, cell, fieldTypes, 0, v, i32(loc, 0)));
  };
  if (auto t = dyn_cast<mlir::clef::TupleType>(type))
    return hashCell(t.getElementTypes());
  if (auto r = dyn_cast<RefType>(type))
    return hashCell(r.getElementType());
  if (auto r = dyn_cast<RecordType>(type))
    return hashCell(
        getFieldTypes(lookupModuleSymbol<RecordDeclOp>(module, r.getName())));

  Block *exit = addReturnBlock(b, loc, func);
  if (auto o = dyn_cast<OptionType>(type)) {
    // The payload of None is never looked at: it may be a null pointer.
    Value some = LLVM::ExtractValueOp::create(b, loc, v, ArrayRef<int64_t>{0});
    Block *someBlock = func.addBlock();
    condBr(b, loc, some, someBlock, {}, exit, {i32(loc, 0)});
    b.setInsertionPointToStart(someBlock);
    Value payload =
        LLVM::ExtractValueOp::create(b, loc, v, ArrayRef<int64_t>{1});
    emitBranch(
        b, loc, exit,
        {combine(loc, i32(loc, 1), hash(loc, o.getElementType(), payload))});
    return;
  }
  if (auto u = dyn_cast<UnionType>(type)) {
    auto decl = lookupModuleSymbol<UnionDeclOp>(module, u.getName());
    Value tag = emitUnionTag(b, loc, decl, v);
    for (unsigned t = 0, e = decl.getCaseNames().size(); t != e; ++t) {
      SmallVector<Type> fields = decl.getCaseFieldTypes(t);
      if (fields.empty())
        continue;
      Block *match = func.addBlock(), *next = func.addBlock();
      condBr(b, loc, icmp(b, loc, LLVM::ICmpPredicate::eq, tag, i32(loc, t)),
             match, {}, next);
      b.setInsertionPointToStart(match);
      emitBranch(b, loc, exit,
                 {hashFields(loc, getCaseCellType(converter, decl, t), fields,
                             getCaseFieldIndex(decl), v, tag)});
      b.setInsertionPointToStart(next);
    }
    emitBranch(b, loc, exit, {tag});
    return;
  }
  if (auto l = dyn_cast<ListType>(type)) {
    Type element = l.getElementType();
    auto cell = LLVM::LLVMStructType::getLiteral(b.getContext(),
                                                 {lower(element), v.getType()});
    Block *loop = func.addBlock(), *body = func.addBlock();
    emitBranch(b, loc, loop, {v, i32(loc, 0)});
    b.setInsertionPointToStart(loop);
    Value cur = loop->addArgument(v.getType(), loc);
    Value h = loop->addArgument(b.getI32Type(), loc);
    condBr(b, loc, isNull(b, loc, cur), exit, h, body);
    b.setInsertionPointToStart(body);
    Value hh = combine(loc, h,
                       hash(loc, element, emitLoadField(b, loc, cell, cur, 0)));
    emitBranch(b, loc, loop, {emitLoadField(b, loc, cell, cur, 1), hh});
    return;
  }
  if (auto a = dyn_cast<ArrayType>(type)) {
    Type element = a.getElementType();
    Type lowered = lower(element);
    auto i64 = b.getI64Type();
    Value n = LLVM::LoadOp::create(b, loc, i64, v);
    Block *loop = func.addBlock(), *body = func.addBlock();
    emitBranch(b, loc, loop,
               {constI64(b, loc, 0),
                LLVM::TruncOp::create(b, loc, b.getI32Type(), n)});
    b.setInsertionPointToStart(loop);
    Value i = loop->addArgument(i64, loc);
    Value h = loop->addArgument(b.getI32Type(), loc);
    condBr(b, loc, icmp(b, loc, LLVM::ICmpPredicate::slt, i, n), body, {}, exit,
           h);
    b.setInsertionPointToStart(body);
    Value e = LLVM::LoadOp::create(
        b, loc, lowered, emitArrayElementAddress(b, loc, lowered, v, i));
    emitBranch(b, loc, loop,
               {LLVM::AddOp::create(b, loc, i, constI64(b, loc, 1)),
                combine(loc, h, hash(loc, element, e))});
    return;
  }
  llvm_unreachable("hash of a type that check() rejects");
}

//===----------------------------------------------------------------------===//
// %A printing
//===----------------------------------------------------------------------===//
//
// `__clef_print_<type>(v, nested)` builds FSharp.Core's layout of `v` with
// the runtime's clef_lay_* calls (runtime/rt_layout.c), in the order
// sformat.fs applies its combinators; `nested` is sformat.fs's precedence
// BracketIfTupleOrNotAtomic (the value is the only argument of a union
// case), which parenthesizes union cases with fields.

void StructuralEmitter::word(Location loc, StringRef text) {
  auto [ptr, len] = getStringLiteralBytes(b, loc, text);
  callRuntime(b, loc, RuntimeFn::LayWord, {ptr, len});
}

void StructuralEmitter::print(Location loc, Type type, Value v, bool nested) {
  if (type.isInteger(32)) {
    callRuntime(b, loc, RuntimeFn::LayInt, {v});
  } else if (type.isInteger(64)) {
    callRuntime(b, loc, RuntimeFn::LayInt64, {v});
  } else if (type.isInteger(1)) {
    Value byte = LLVM::ZExtOp::create(b, loc, b.getI8Type(), v);
    callRuntime(b, loc, RuntimeFn::LayBool, {byte});
  } else if (isa<UnitType>(type)) {
    callRuntime(b, loc, RuntimeFn::LayUnit, {});
  } else if (isa<FloatType, MeasureType>(type)) {
    callRuntime(b, loc, RuntimeFn::LayFloat, {v});
  } else if (isa<StringType>(type)) {
    callRuntime(b, loc, RuntimeFn::LayString, {v});
  } else if (isa<CharType>(type)) {
    callRuntime(b, loc, RuntimeFn::LayChar, {v});
  } else {
    LLVM::CallOp::create(b, loc, getPrintFunction(type),
                         ValueRange{v, constI1(b, loc, nested)});
  }
}

LLVM::LLVMFuncOp StructuralEmitter::getPrintFunction(Type type) {
  auto fnType = LLVM::LLVMFunctionType::get(
      LLVM::LLVMVoidType::get(b.getContext()), {lower(type), b.getI1Type()});
  return getOrCreateFunction(
      b, helperName("print", type), fnType,
      [&](OpBuilder &, LLVM::LLVMFuncOp func) { buildPrint(func, type); });
}

void StructuralEmitter::buildPrint(LLVM::LLVMFuncOp func, Type type) {
  Location loc = func.getLoc();
  Value v = func.getArgument(0), nested = func.getArgument(1);
  auto lay = [&](RuntimeFn fn, ValueRange args = {}) {
    return callRuntime(b, loc, fn, args);
  };
  auto join = [&](int32_t joint) {
    lay(RuntimeFn::LayJoin, {i32(loc, joint)});
  };
  auto seqItem = [&](int32_t sep) {
    lay(RuntimeFn::LaySeqItem, {i32(loc, sep)});
  };
  auto bracket = [&](int32_t kind) {
    lay(RuntimeFn::LayBracket, {i32(loc, kind)});
  };
  auto parenIfNested = [&] {
    lay(RuntimeFn::LayParenIf,
        {LLVM::ZExtOp::create(b, loc, b.getI8Type(), nested)});
  };
  auto leaveAndReturn = [&] {
    lay(RuntimeFn::LayLeave);
    LLVM::ReturnOp::create(b, loc, ValueRange{});
  };

  // objL's guard: past the depth or size limits the value is "...". Union
  // cases (options included) and the empty list count as a node.
  Value count;
  if (isa<UnionType, OptionType>(type))
    count = i32(loc, 1);
  else if (isa<ListType>(type))
    count = LLVM::ZExtOp::create(b, loc, b.getI32Type(), isNull(b, loc, v));
  else
    count = i32(loc, 0);
  Value entered = lay(RuntimeFn::LayEnter, {count});
  Block *body = func.addBlock(), *limited = func.addBlock();
  condBr(b, loc,
         icmp(b, loc, LLVM::ICmpPredicate::ne, entered, constI8(b, loc, 0)),
         body, {}, limited);
  b.setInsertionPointToStart(limited);
  LLVM::ReturnOp::create(b, loc, ValueRange{});
  b.setInsertionPointToStart(body);

  // recdAtomicTupleL: one argument at BracketIfTupleOrNotAtomic, several as
  // a parenthesized comma list.
  auto caseArgs = [&](ArrayRef<Type> fields, auto load) {
    if (fields.size() == 1) {
      print(loc, fields[0], load(0), /*nested=*/true);
      return;
    }
    lay(RuntimeFn::LaySeqBegin);
    for (auto [i, f] : llvm::enumerate(fields)) {
      print(loc, f, load(i), /*nested=*/false);
      seqItem(CLEF_LAY_COMMA);
    }
    bracket(CLEF_LAY_PAREN);
  };

  if (auto t = dyn_cast<mlir::clef::TupleType>(type)) {
    // bracketL (sepListL (rightL ",") elements).
    auto cell = getCellType(converter, t.getElementTypes());
    lay(RuntimeFn::LaySeqBegin);
    for (auto [i, e] : llvm::enumerate(t.getElementTypes())) {
      print(loc, e, emitLoadField(b, loc, cell, v, i), false);
      seqItem(CLEF_LAY_COMMA);
    }
    bracket(CLEF_LAY_PAREN);
    return leaveAndReturn();
  }

  // makeRecordL: `{` ^^ (aboveListL of (`name =` -- value)) ^^ `}`.
  auto printFields = [&](ArrayRef<StringRef> names, ArrayRef<Type> types) {
    auto cell = getCellType(converter, types);
    lay(RuntimeFn::LaySeqBegin);
    for (auto [i, name] : llvm::enumerate(names)) {
      auto [ptr, len] = getStringLiteralBytes(b, loc, name);
      lay(RuntimeFn::LayField, {ptr, len});
      print(loc, types[i], emitLoadField(b, loc, cell, v, i), false);
      join(1);
      seqItem(CLEF_LAY_ABOVE);
    }
    bracket(CLEF_LAY_BRACE);
    leaveAndReturn();
  };
  if (auto r = dyn_cast<RefType>(type))
    // F#'s ref cells are records with one field.
    return printFields({"contents"}, r.getElementType());
  if (auto r = dyn_cast<RecordType>(type)) {
    auto decl = lookupModuleSymbol<RecordDeclOp>(module, r.getName());
    SmallVector<StringRef> names;
    for (Attribute name : decl.getFieldNames())
      names.push_back(cast<StringAttr>(name).getValue());
    return printFields(names, getFieldTypes(decl));
  }

  if (auto o = dyn_cast<OptionType>(type)) {
    Value some = LLVM::ExtractValueOp::create(b, loc, v, ArrayRef<int64_t>{0});
    Block *someBlock = func.addBlock(), *noneBlock = func.addBlock();
    condBr(b, loc, some, someBlock, {}, noneBlock);
    b.setInsertionPointToStart(noneBlock);
    word(loc, "None");
    leaveAndReturn();
    b.setInsertionPointToStart(someBlock);
    word(loc, "Some");
    caseArgs(o.getElementType(), [&](size_t) -> Value {
      return LLVM::ExtractValueOp::create(b, loc, v, ArrayRef<int64_t>{1});
    });
    join(2);
    parenIfNested();
    return leaveAndReturn();
  }

  if (auto u = dyn_cast<UnionType>(type)) {
    // `Case`, or (`Case` --- arguments) in parentheses when nested.
    auto decl = lookupModuleSymbol<UnionDeclOp>(module, u.getName());
    Value tag = emitUnionTag(b, loc, decl, v);
    for (unsigned t = 0, e = decl.getCaseNames().size(); t != e; ++t) {
      StringRef name = cast<StringAttr>(decl.getCaseNames()[t]).getValue();
      SmallVector<Type> fields = decl.getCaseFieldTypes(t);
      Block *match = func.addBlock(), *next = func.addBlock();
      condBr(b, loc, icmp(b, loc, LLVM::ICmpPredicate::eq, tag, i32(loc, t)),
             match, {}, next);
      b.setInsertionPointToStart(match);
      word(loc, name);
      if (!fields.empty()) {
        auto cell = getCaseCellType(converter, decl, t);
        caseArgs(fields, [&](size_t i) {
          return emitLoadField(b, loc, cell, v, i + getCaseFieldIndex(decl));
        });
        join(2);
        parenIfNested();
      }
      leaveAndReturn();
      b.setInsertionPointToStart(next);
    }
    return leaveAndReturn();
  }

  if (auto l = dyn_cast<ListType>(type)) {
    // `[]`, or makeListL of the first element and then boundedUnfoldL of
    // the rest: 100 elements, then "...".
    Type element = l.getElementType();
    auto cell = LLVM::LLVMStructType::getLiteral(b.getContext(),
                                                 {lower(element), v.getType()});
    auto i64 = b.getI64Type();
    Block *empty = func.addBlock(), *first = func.addBlock(),
          *loop = func.addBlock(), *next = func.addBlock(),
          *done = func.addBlock();
    condBr(b, loc, isNull(b, loc, v), empty, {}, first);
    b.setInsertionPointToStart(empty);
    word(loc, "[]");
    leaveAndReturn();
    b.setInsertionPointToStart(first);
    lay(RuntimeFn::LaySeqBegin);
    print(loc, element, emitLoadField(b, loc, cell, v, 0), false);
    seqItem(CLEF_LAY_SEMI);
    emitBranch(b, loc, loop,
               {emitLoadField(b, loc, cell, v, 1), constI64(b, loc, 1)});
    b.setInsertionPointToStart(loop);
    Value cur = loop->addArgument(v.getType(), loc);
    Value index = loop->addArgument(i64, loc);
    Value hasNext =
        LLVM::ZExtOp::create(b, loc, b.getI8Type(),
                             icmp(b, loc, LLVM::ICmpPredicate::ne, cur,
                                  LLVM::ZeroOp::create(b, loc, cur.getType())));
    Value more = lay(RuntimeFn::LayMore, {hasNext, index});
    condBr(b, loc,
           icmp(b, loc, LLVM::ICmpPredicate::ne, more, constI8(b, loc, 0)),
           next, {}, done);
    b.setInsertionPointToStart(next);
    print(loc, element, emitLoadField(b, loc, cell, cur, 0), false);
    seqItem(CLEF_LAY_SEMI);
    emitBranch(b, loc, loop,
               {emitLoadField(b, loc, cell, cur, 1),
                LLVM::AddOp::create(b, loc, index, constI64(b, loc, 1))});
    b.setInsertionPointToStart(done);
    bracket(CLEF_LAY_LIST);
    return leaveAndReturn();
  }

  if (auto a = dyn_cast<ArrayType>(type)) {
    // makeArrayL of boundedUnfoldL: 100 elements, then "...".
    Type element = a.getElementType();
    Type lowered = lower(element);
    auto i64 = b.getI64Type();
    Value n = LLVM::LoadOp::create(b, loc, i64, v);
    Block *loop = func.addBlock(), *next = func.addBlock(),
          *done = func.addBlock();
    lay(RuntimeFn::LaySeqBegin);
    emitBranch(b, loc, loop, {constI64(b, loc, 0)});
    b.setInsertionPointToStart(loop);
    Value i = loop->addArgument(i64, loc);
    Value hasNext = LLVM::ZExtOp::create(
        b, loc, b.getI8Type(), icmp(b, loc, LLVM::ICmpPredicate::slt, i, n));
    Value more = lay(RuntimeFn::LayMore, {hasNext, i});
    condBr(b, loc,
           icmp(b, loc, LLVM::ICmpPredicate::ne, more, constI8(b, loc, 0)),
           next, {}, done);
    b.setInsertionPointToStart(next);
    Value e = LLVM::LoadOp::create(
        b, loc, lowered, emitArrayElementAddress(b, loc, lowered, v, i));
    print(loc, element, e, false);
    seqItem(CLEF_LAY_SEMI);
    emitBranch(b, loc, loop,
               {LLVM::AddOp::create(b, loc, i, constI64(b, loc, 1))});
    b.setInsertionPointToStart(done);
    bracket(CLEF_LAY_ARRAY);
    return leaveAndReturn();
  }
  llvm_unreachable("print of a type that check() rejects");
}

//===----------------------------------------------------------------------===//
// %O: the value's ToString()
//===----------------------------------------------------------------------===//
//
// F# records, unions and ref cells override ToString with `sprintf "%+A"`,
// so they print as `%A` does. Otherwise .NET's ToString applies: `Some(x)`
// (FSharpOption's override), the first three list elements then `; ... ]`
// (FSharpList's override), System.Tuple's `(a, b)`, an array's type name,
// `True`/`False`, and floats as double.ToString(). A null (None, unit)
// prints as `null` inside a list or an option and as nothing inside a
// tuple (StringBuilder.Append of null).

/// The .NET name of an array element type, or "" if not supported.
static std::string dotnetTypeName(Type type) {
  if (type.isInteger(32))
    return "System.Int32";
  if (type.isInteger(64))
    return "System.Int64";
  if (type.isInteger(1))
    return "System.Boolean";
  if (isa<FloatType, MeasureType>(type))
    return "System.Double";
  if (isa<StringType>(type))
    return "System.String";
  if (isa<CharType>(type))
    return "System.Char";
  if (auto a = dyn_cast<ArrayType>(type)) {
    std::string e = dotnetTypeName(a.getElementType());
    return e.empty() ? e : e + "[]";
  }
  return "";
}

LogicalResult StructuralEmitter::checkToString(Type type) {
  if (auto a = dyn_cast<ArrayType>(type)) {
    if (dotnetTypeName(type).empty())
      return anchor->emitOpError("'%O' of an array of ")
             << a.getElementType()
             << " is not supported (its .NET type name depends on the "
                "enclosing module)";
    return success();
  }
  if (auto t = dyn_cast<mlir::clef::TupleType>(type)) {
    for (Type e : t.getElementTypes())
      if (failed(checkToString(e)))
        return failure();
    return success();
  }
  if (auto l = dyn_cast<ListType>(type))
    return checkToString(l.getElementType());
  if (auto o = dyn_cast<OptionType>(type))
    return checkToString(o.getElementType());
  // Records, unions and refs print as %A does.
  return check(type, "formatted with '%O'");
}

void StructuralEmitter::toString(Location loc, Type type, Value v,
                                 StringRef nullText) {
  Value flags = i32(loc, 0), width = i32(loc, -1);
  if (type.isInteger(32)) {
    callRuntime(b, loc, RuntimeFn::FmtInt, {v, flags, width});
  } else if (type.isInteger(64)) {
    callRuntime(b, loc, RuntimeFn::FmtInt64, {v, flags, width});
  } else if (type.isInteger(1)) {
    auto [t, tn] = getStringLiteralBytes(b, loc, "True");
    auto [f, fn] = getStringLiteralBytes(b, loc, "False");
    callRuntime(b, loc, RuntimeFn::FmtLit,
                {LLVM::SelectOp::create(b, loc, v, t, f),
                 LLVM::SelectOp::create(b, loc, v, tn, fn)});
  } else if (isa<UnitType>(type)) {
    lit(loc, nullText);
  } else if (isa<FloatType, MeasureType>(type)) {
    callRuntime(b, loc, RuntimeFn::FmtOFloat, {v, flags, width});
  } else if (isa<StringType>(type)) {
    callRuntime(b, loc, RuntimeFn::FmtString, {v, flags, width});
  } else if (isa<CharType>(type)) {
    callRuntime(b, loc, RuntimeFn::FmtChar, {v, flags, width});
  } else if (isa<OptionType>(type)) {
    Value some = LLVM::ExtractValueOp::create(b, loc, v, ArrayRef<int64_t>{0});
    Value none = LLVM::XOrOp::create(b, loc, some, constI1(b, loc, true));
    litIf(loc, none, nullText);
    LLVM::CallOp::create(b, loc, getToStringFunction(type), ValueRange{v});
  } else if (isa<ArrayType>(type)) {
    lit(loc, dotnetTypeName(type));
  } else if (isa<mlir::clef::TupleType, ListType>(type)) {
    LLVM::CallOp::create(b, loc, getToStringFunction(type), ValueRange{v});
  } else {
    // Records, unions, refs: sprintf "%+A".
    callRuntime(b, loc, RuntimeFn::LayBegin, {i32(loc, -1), i32(loc, -1)});
    print(loc, type, v, /*nested=*/false);
    callRuntime(b, loc, RuntimeFn::LayEnd, {});
  }
}

LLVM::LLVMFuncOp StructuralEmitter::getToStringFunction(Type type) {
  auto fnType = LLVM::LLVMFunctionType::get(
      LLVM::LLVMVoidType::get(b.getContext()), {lower(type)});
  return getOrCreateFunction(
      b, helperName("tostring", type), fnType,
      [&](OpBuilder &, LLVM::LLVMFuncOp func) { buildToString(func, type); });
}

void StructuralEmitter::buildToString(LLVM::LLVMFuncOp func, Type type) {
  Location loc = func.getLoc();
  Value v = func.getArgument(0);
  auto ret = [&] { LLVM::ReturnOp::create(b, loc, ValueRange{}); };

  if (auto o = dyn_cast<OptionType>(type)) {
    // "Some(" + anyToStringShowingNull x + ")"; None printed by the caller.
    Value some = LLVM::ExtractValueOp::create(b, loc, v, ArrayRef<int64_t>{0});
    Block *someBlock = func.addBlock(), *noneBlock = func.addBlock();
    condBr(b, loc, some, someBlock, {}, noneBlock);
    b.setInsertionPointToStart(noneBlock);
    ret();
    b.setInsertionPointToStart(someBlock);
    lit(loc, "Some(");
    toString(loc, o.getElementType(),
             LLVM::ExtractValueOp::create(b, loc, v, ArrayRef<int64_t>{1}),
             "null");
    lit(loc, ")");
    return ret();
  }

  if (auto t = dyn_cast<mlir::clef::TupleType>(type)) {
    auto cell = getCellType(converter, t.getElementTypes());
    lit(loc, "(");
    for (auto [i, e] : llvm::enumerate(t.getElementTypes())) {
      if (i)
        lit(loc, ", ");
      toString(loc, e, emitLoadField(b, loc, cell, v, i), "");
    }
    lit(loc, ")");
    return ret();
  }

  auto l = cast<ListType>(type);
  // [], [a], [a; b], [a; b; c] or [a; b; c; ... ].
  Type element = l.getElementType();
  auto cell = LLVM::LLVMStructType::getLiteral(b.getContext(),
                                               {lower(element), v.getType()});
  Block *close = func.addBlock(), *more = func.addBlock();
  lit(loc, "[");
  Value cur = v;
  for (int k = 0; k < 3; ++k) {
    Block *item = func.addBlock();
    condBr(b, loc, isNull(b, loc, cur), close, {}, item);
    b.setInsertionPointToStart(item);
    if (k)
      lit(loc, "; ");
    toString(loc, element, emitLoadField(b, loc, cell, cur, 0), "null");
    cur = emitLoadField(b, loc, cell, cur, 1);
  }
  condBr(b, loc, isNull(b, loc, cur), close, {}, more);
  b.setInsertionPointToStart(more);
  lit(loc, "; ... ]");
  ret();
  b.setInsertionPointToStart(close);
  lit(loc, "]");
  return ret();
}

//===----------------------------------------------------------------------===//
// Entry points and patterns
//===----------------------------------------------------------------------===//

bool isStructuredFormatType(Type type) { return isCompound(type); }

LogicalResult emitStructuredFormat(OpBuilder &b, Location loc,
                                   const TypeConverter &converter, Type type,
                                   Value v, Operation *op, char conversion,
                                   int32_t flags, int32_t width,
                                   int32_t precision) {
  StructuralEmitter emitter(b, converter, op);
  if (conversion == 'O') {
    // ToString, then Basic.withPadding: spaces, '-' left-justifies.
    if (failed(emitter.checkToString(type)))
      return failure();
    Value start = callRuntime(b, loc, RuntimeFn::FmtLength, {});
    emitter.toString(loc, type, v, "<null>");
    callRuntime(b, loc, RuntimeFn::FmtPadFrom,
                {start, constI32(b, loc, flags & CLEF_FMT_LEFT),
                 constI32(b, loc, width)});
    return success();
  }
  if (failed(emitter.check(type, "formatted with '%A'")))
    return failure();
  // %0A lays out on one line; %NA sets the print width, %.NA the size.
  int32_t printWidth = (flags & CLEF_FMT_ZERO) ? 0 : width;
  callRuntime(b, loc, RuntimeFn::LayBegin,
              {constI32(b, loc, printWidth), constI32(b, loc, precision)});
  emitter.print(loc, type, v, /*nested=*/false);
  callRuntime(b, loc, RuntimeFn::LayEnd, {});
  return success();
}

namespace {

struct CompoundCmpOpLowering : ClefPattern<CmpOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(CmpOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    using P = LLVM::ICmpPredicate;
    Type type = op.getLhs().getType();
    if (!isCompound(type))
      return rewriter.notifyMatchFailure(op, "not a compound value");
    Location loc = op.getLoc();
    StructuralEmitter emitter(rewriter, *getTypeConverter(), op);
    if (failed(emitter.check(type, "compared")))
      return failure();
    Value c = emitter.compare(loc, type, adaptor.getLhs(), adaptor.getRhs());
    auto cst = [&](int32_t v) { return constI32(rewriter, loc, v); };
    switch (op.getPredicate()) {
    case CmpPredicate::eq:
      rewriter.replaceOpWithNewOp<LLVM::ICmpOp>(op, P::eq, c, cst(0));
      break;
    case CmpPredicate::ne:
      rewriter.replaceOpWithNewOp<LLVM::ICmpOp>(op, P::ne, c, cst(0));
      break;
    case CmpPredicate::lt:
      rewriter.replaceOpWithNewOp<LLVM::ICmpOp>(op, P::eq, c, cst(-1));
      break;
    case CmpPredicate::gt:
      rewriter.replaceOpWithNewOp<LLVM::ICmpOp>(op, P::eq, c, cst(1));
      break;
    case CmpPredicate::le: {
      // -1 or 0: c + 1 is 0 or 1 (unsigned), unlike 1 and 2.
      Value shifted = LLVM::AddOp::create(rewriter, loc, c, cst(1));
      rewriter.replaceOpWithNewOp<LLVM::ICmpOp>(op, P::ule, shifted, cst(1));
      break;
    }
    case CmpPredicate::ge:
      // 0 or 1; -1 is huge unsigned.
      rewriter.replaceOpWithNewOp<LLVM::ICmpOp>(op, P::ule, c, cst(1));
      break;
    }
    return success();
  }
};

struct CompoundHashOpLowering : ClefPattern<HashOp> {
  using ClefPattern::ClefPattern;
  LogicalResult
  matchAndRewrite(HashOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = op.getValue().getType();
    if (!isCompound(type))
      return rewriter.notifyMatchFailure(op, "not a compound value");
    StructuralEmitter emitter(rewriter, *getTypeConverter(), op);
    if (failed(emitter.check(type, "hashed")))
      return failure();
    rewriter.replaceOp(op, emitter.hash(op.getLoc(), type, adaptor.getValue()));
    return success();
  }
};

} // namespace

void populateStructuralPatterns(LLVMTypeConverter &converter,
                                RewritePatternSet &patterns) {
  patterns.add<CompoundCmpOpLowering, CompoundHashOpLowering>(converter);
}

} // namespace clef

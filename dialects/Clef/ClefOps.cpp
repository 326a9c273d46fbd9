//===- ClefOps.cpp - Clef dialect operations ------------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "dialects/Clef/ClefOps.h"
#include "dialects/Clef/FormatString.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::clef;

#include "dialects/Clef/ClefEnums.cpp.inc"

//===----------------------------------------------------------------------===//
// Custom directives
//===----------------------------------------------------------------------===//

/// The argument types of `clef.apply` are those of its callee's signature, so
/// the assembly does not repeat them.
static ParseResult parseClosureArgTypes(OpAsmParser &parser, Type calleeType,
                                        SmallVectorImpl<Type> &argTypes) {
  auto closure = dyn_cast<ClosureType>(calleeType);
  if (!closure)
    return parser.emitError(parser.getCurrentLocation(),
                            "expected a !clef.closure callee type");
  llvm::append_range(argTypes, closure.getSignature().getInputs());
  return success();
}

static void printClosureArgTypes(OpAsmPrinter &, Operation *, Type, TypeRange) {
}

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

ParseResult RecordDeclOp::parse(OpAsmParser &parser, OperationState &result) {
  StringAttr name;
  if (parser.parseSymbolName(name, SymbolTable::getSymbolAttrName(),
                             result.attributes))
    return failure();
  SmallVector<Attribute> names, types;
  SmallVector<bool> mutables;
  auto parseField = [&]() -> ParseResult {
    mutables.push_back(succeeded(parser.parseOptionalKeyword("mutable")));
    std::string fieldName;
    Type type;
    if (parser.parseKeywordOrString(&fieldName) || parser.parseColon() ||
        parser.parseType(type))
      return failure();
    names.push_back(parser.getBuilder().getStringAttr(fieldName));
    types.push_back(TypeAttr::get(type));
    return success();
  };
  if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Braces,
                                     parseField) ||
      parser.parseOptionalAttrDict(result.attributes))
    return failure();
  Builder &b = parser.getBuilder();
  result.addAttribute(getFieldNamesAttrName(result.name),
                      b.getArrayAttr(names));
  result.addAttribute(getFieldTypesAttrName(result.name),
                      b.getArrayAttr(types));
  result.addAttribute(getMutableFieldsAttrName(result.name),
                      b.getDenseBoolArrayAttr(mutables));
  return success();
}

void RecordDeclOp::print(OpAsmPrinter &p) {
  p << ' ';
  p.printSymbolName(getSymName());
  p << " {";
  for (unsigned i = 0, e = getFieldNames().size(); i != e; ++i) {
    if (i)
      p << ", ";
    if (getMutableFields()[i])
      p << "mutable ";
    p.printKeywordOrString(cast<StringAttr>(getFieldNames()[i]).getValue());
    p << " : " << getFieldType(i);
  }
  p << "}";
  p.printOptionalAttrDict((*this)->getAttrs(),
                          {getSymNameAttrName(), getFieldNamesAttrName(),
                           getFieldTypesAttrName(),
                           getMutableFieldsAttrName()});
}

LogicalResult RecordDeclOp::verify() {
  size_t n = getFieldNames().size();
  if (getFieldTypes().size() != n ||
      static_cast<size_t>(getMutableFields().size()) != n)
    return emitOpError("field names, types and mutability differ in length");
  if (n == 0)
    return emitOpError("a record has at least one field");
  llvm::StringSet<> seen;
  for (Attribute name : getFieldNames())
    if (!seen.insert(cast<StringAttr>(name).getValue()).second)
      return emitOpError("duplicate field '")
             << cast<StringAttr>(name).getValue() << "'";
  return success();
}

std::optional<unsigned> RecordDeclOp::getFieldIndex(StringRef name) {
  for (auto [i, attr] : llvm::enumerate(getFieldNames()))
    if (cast<StringAttr>(attr).getValue() == name)
      return i;
  return std::nullopt;
}

Type RecordDeclOp::getFieldType(unsigned index) {
  return cast<TypeAttr>(getFieldTypes()[index]).getValue();
}

ParseResult UnionDeclOp::parse(OpAsmParser &parser, OperationState &result) {
  StringAttr name;
  if (parser.parseSymbolName(name, SymbolTable::getSymbolAttrName(),
                             result.attributes))
    return failure();
  Builder &b = parser.getBuilder();
  SmallVector<Attribute> names, caseTypes;
  auto parseCase = [&]() -> ParseResult {
    std::string caseName;
    if (parser.parseKeywordOrString(&caseName))
      return failure();
    SmallVector<Type> fields;
    if (succeeded(parser.parseOptionalLParen())) {
      if (parser.parseTypeList(fields) || parser.parseRParen())
        return failure();
    }
    names.push_back(b.getStringAttr(caseName));
    caseTypes.push_back(b.getTypeArrayAttr(fields));
    return success();
  };
  if (parser.parseCommaSeparatedList(OpAsmParser::Delimiter::Braces,
                                     parseCase) ||
      parser.parseOptionalAttrDict(result.attributes))
    return failure();
  result.addAttribute(getCaseNamesAttrName(result.name), b.getArrayAttr(names));
  result.addAttribute(getCaseTypesAttrName(result.name),
                      b.getArrayAttr(caseTypes));
  return success();
}

void UnionDeclOp::print(OpAsmPrinter &p) {
  p << ' ';
  p.printSymbolName(getSymName());
  p << " {";
  for (unsigned i = 0, e = getCaseNames().size(); i != e; ++i) {
    if (i)
      p << ", ";
    p.printKeywordOrString(cast<StringAttr>(getCaseNames()[i]).getValue());
    SmallVector<Type> fields = getCaseFieldTypes(i);
    if (!fields.empty()) {
      p << "(";
      llvm::interleaveComma(fields, p);
      p << ")";
    }
  }
  p << "}";
  p.printOptionalAttrDict(
      (*this)->getAttrs(),
      {getSymNameAttrName(), getCaseNamesAttrName(), getCaseTypesAttrName()});
}

LogicalResult UnionDeclOp::verify() {
  if (getCaseNames().size() != getCaseTypes().size())
    return emitOpError("case names and field types differ in length");
  if (getCaseNames().empty())
    return emitOpError("a union has at least one case");
  llvm::StringSet<> seen;
  for (Attribute name : getCaseNames())
    if (!seen.insert(cast<StringAttr>(name).getValue()).second)
      return emitOpError("duplicate case '")
             << cast<StringAttr>(name).getValue() << "'";
  return success();
}

std::optional<unsigned> UnionDeclOp::getCaseIndex(StringRef name) {
  for (auto [i, attr] : llvm::enumerate(getCaseNames()))
    if (cast<StringAttr>(attr).getValue() == name)
      return i;
  return std::nullopt;
}

SmallVector<Type> UnionDeclOp::getCaseFieldTypes(unsigned index) {
  SmallVector<Type> types;
  for (Attribute t : cast<ArrayAttr>(getCaseTypes()[index]))
    types.push_back(cast<TypeAttr>(t).getValue());
  return types;
}

//===----------------------------------------------------------------------===//
// Symbol uses
//===----------------------------------------------------------------------===//

template <typename DeclOp>
static DeclOp lookupDecl(Operation *from, SymbolTableCollection &symbols,
                         FlatSymbolRefAttr name, StringRef what) {
  auto decl = symbols.lookupNearestSymbolFrom<DeclOp>(from, name);
  if (!decl)
    from->emitOpError("refers to undeclared ") << what << " " << name;
  return decl;
}

static LogicalResult verifyGlobal(Operation *op, SymbolTableCollection &symbols,
                                  FlatSymbolRefAttr name, Type type) {
  auto global = lookupDecl<GlobalOp>(op, symbols, name, "global");
  if (!global)
    return failure();
  if (global.getType() != type)
    return op->emitOpError("type ")
           << type << " does not match the global's type " << global.getType();
  return success();
}

LogicalResult
GlobalLoadOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  return verifyGlobal(*this, symbolTable, getGlobalAttr(), getType());
}

LogicalResult
GlobalStoreOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  return verifyGlobal(*this, symbolTable, getGlobalAttr(),
                      getValue().getType());
}

static LogicalResult verifyOperandTypes(Operation *op, TypeRange actual,
                                        ArrayRef<Type> expected,
                                        StringRef what) {
  if (actual.size() != expected.size())
    return op->emitOpError("expects ")
           << expected.size() << " " << what << ", got " << actual.size();
  for (auto [i, pair] : llvm::enumerate(llvm::zip(actual, expected)))
    if (std::get<0>(pair) != std::get<1>(pair))
      return op->emitOpError()
             << what << " #" << i << " has type " << std::get<0>(pair)
             << ", expected " << std::get<1>(pair);
  return success();
}

LogicalResult
RecordNewOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto decl = lookupDecl<RecordDeclOp>(*this, symbolTable, getType().getName(),
                                       "record");
  if (!decl)
    return failure();
  SmallVector<Type> expected;
  for (unsigned i = 0, e = decl.getFieldNames().size(); i != e; ++i)
    expected.push_back(decl.getFieldType(i));
  return verifyOperandTypes(*this, getFields().getTypes(), expected, "fields");
}

static LogicalResult verifyRecordField(Operation *op,
                                       SymbolTableCollection &symbols,
                                       RecordType type, StringRef field,
                                       Type valueType, bool mustBeMutable) {
  auto decl = lookupDecl<RecordDeclOp>(op, symbols, type.getName(), "record");
  if (!decl)
    return failure();
  std::optional<unsigned> index = decl.getFieldIndex(field);
  if (!index)
    return op->emitOpError("record ")
           << type.getName() << " has no field '" << field << "'";
  if (decl.getFieldType(*index) != valueType)
    return op->emitOpError("field '")
           << field << "' has type " << decl.getFieldType(*index) << ", not "
           << valueType;
  if (mustBeMutable && !decl.getMutableFields()[*index])
    return op->emitOpError("field '") << field << "' is not mutable";
  return success();
}

LogicalResult
RecordGetOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  return verifyRecordField(*this, symbolTable, getRecord().getType(),
                           getField(), getType(), /*mustBeMutable=*/false);
}

LogicalResult
RecordSetOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  return verifyRecordField(*this, symbolTable, getRecord().getType(),
                           getField(), getValue().getType(),
                           /*mustBeMutable=*/true);
}

static UnionDeclOp lookupCase(Operation *op, SymbolTableCollection &symbols,
                              UnionType type, StringRef caseName,
                              unsigned &index) {
  auto decl = lookupDecl<UnionDeclOp>(op, symbols, type.getName(), "union");
  if (!decl)
    return {};
  std::optional<unsigned> found = decl.getCaseIndex(caseName);
  if (!found) {
    op->emitOpError("union ")
        << type.getName() << " has no case '" << caseName << "'";
    return {};
  }
  index = *found;
  return decl;
}

LogicalResult UnionNewOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  unsigned index;
  UnionDeclOp decl =
      lookupCase(*this, symbolTable, getType(), getCaseName(), index);
  if (!decl)
    return failure();
  SmallVector<Type> expected = decl.getCaseFieldTypes(index);
  if (expected.empty() && getRegion())
    return emitOpError("nullary case '")
           << getCaseName() << "' is not allocated and takes no region";
  return verifyOperandTypes(*this, getFields().getTypes(), expected, "fields");
}

LogicalResult
UnionFieldOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  unsigned index;
  UnionDeclOp decl = lookupCase(*this, symbolTable, getValue().getType(),
                                getCaseName(), index);
  if (!decl)
    return failure();
  SmallVector<Type> fields = decl.getCaseFieldTypes(index);
  if (getIndex() >= fields.size())
    return emitOpError("case '") << getCaseName() << "' has " << fields.size()
                                 << " fields, no field #" << getIndex();
  if (fields[getIndex()] != getType())
    return emitOpError("field #")
           << getIndex() << " of case '" << getCaseName() << "' has type "
           << fields[getIndex()] << ", not " << getType();
  return success();
}

static func::FuncOp lookupFunc(Operation *op, SymbolTableCollection &symbols,
                               FlatSymbolRefAttr name) {
  auto func = symbols.lookupNearestSymbolFrom<func::FuncOp>(op, name);
  if (!func)
    op->emitOpError("refers to undefined function ") << name;
  return func;
}

LogicalResult FuncRefOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  func::FuncOp func = lookupFunc(*this, symbolTable, getCalleeAttr());
  if (!func)
    return failure();
  // Either a plain function, or closure code that ignores its closure (the
  // form region assignment gives function values), with or without the
  // region its application names.
  FunctionType sig = getType().getSignature();
  SmallVector<Type> inputs{getType()};
  llvm::append_range(inputs, sig.getInputs());
  FunctionType code = FunctionType::get(getContext(), inputs, sig.getResults());
  inputs.push_back(region::HandleType::get(getContext()));
  FunctionType codeWithRegion =
      FunctionType::get(getContext(), inputs, sig.getResults());
  FunctionType type = func.getFunctionType();
  if (type != sig && type != code && type != codeWithRegion)
    return emitOpError("function ")
           << getCalleeAttr() << " has type " << type << ", not " << sig;
  return success();
}

LogicalResult
ClosureNewOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  func::FuncOp func = lookupFunc(*this, symbolTable, getCodeAttr());
  if (!func)
    return failure();
  FunctionType sig = getType().getSignature();
  SmallVector<Type> inputs{getType()};
  llvm::append_range(inputs, sig.getInputs());
  FunctionType expected =
      FunctionType::get(getContext(), inputs, sig.getResults());
  // After region assignment, code also takes the region its application
  // names (`clef.apply ... in %r`) as a last parameter.
  inputs.push_back(region::HandleType::get(getContext()));
  FunctionType withRegion =
      FunctionType::get(getContext(), inputs, sig.getResults());
  if (func.getFunctionType() != expected &&
      func.getFunctionType() != withRegion)
    return emitOpError("closure code ")
           << getCodeAttr() << " must have type " << expected << " or "
           << withRegion << ", got " << func.getFunctionType();
  return success();
}

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::verify() {
  Attribute value = getValue();
  if (!isa<IntegerAttr, FloatAttr>(value))
    return emitOpError("value must be an integer or float literal");
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }
OpFoldResult UnitOp::fold(FoldAdaptor) { return UnitAttr::get(getContext()); }
OpFoldResult CharOp::fold(FoldAdaptor) { return getValueAttr(); }
OpFoldResult StringOp::fold(FoldAdaptor) { return getValueAttr(); }

LogicalResult CharOp::verify() {
  int64_t code = getValue();
  if (code < 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
    return emitOpError("invalid Unicode code point ") << code;
  return success();
}

//===----------------------------------------------------------------------===//
// Arithmetic
//===----------------------------------------------------------------------===//

/// Checks a `*` or `/`: ints need three equal types; floats combine units.
static LogicalResult verifyUnitArith(Operation *op, Type lhs, Type rhs,
                                     Type result, bool divide) {
  std::optional<Units> lu = getUnits(lhs), ru = getUnits(rhs),
                       resu = getUnits(result);
  if (!lu || !ru || !resu) {
    if (lhs != rhs || lhs != result)
      return op->emitOpError("integer operands and result must have one type, "
                             "got ")
             << lhs << ", " << rhs << " and " << result;
    return success();
  }
  Units expected = divide ? *lu / *ru : *lu * *ru;
  if (expected != *resu)
    return op->emitOpError("result units must be '")
           << expected.str() << "' ('" << lu->str() << "' "
           << (divide ? "/" : "*") << " '" << ru->str() << "'), got '"
           << resu->str() << "'";
  return success();
}

LogicalResult MulOp::verify() {
  return verifyUnitArith(*this, getLhs().getType(), getRhs().getType(),
                         getType(), /*divide=*/false);
}

LogicalResult DivOp::verify() {
  return verifyUnitArith(*this, getLhs().getType(), getRhs().getType(),
                         getType(), /*divide=*/true);
}

/// Whether structural equality/hashing is defined on the type (F# rejects
/// function types).
static bool isComparable(Type type) { return !isa<ClosureType>(type); }

LogicalResult CmpOp::verify() {
  if (!isComparable(getLhs().getType()))
    return emitOpError("function values cannot be compared");
  return success();
}

LogicalResult HashOp::verify() {
  if (!isComparable(getValue().getType()))
    return emitOpError("function values cannot be hashed");
  return success();
}

LogicalResult MathOp::verify() {
  Units in = *getUnits(getOperand().getType());
  Units out = *getUnits(getType());
  switch (getFn()) {
  case MathFn::sqrt: {
    std::optional<Units> root = in.sqrt();
    if (!root)
      return emitOpError("sqrt needs even unit exponents, got '")
             << in.str() << "'";
    if (*root != out)
      return emitOpError("sqrt of '")
             << in.str() << "' has units '" << root->str() << "', not '"
             << out.str() << "'";
    return success();
  }
  case MathFn::abs:
  case MathFn::floor:
  case MathFn::ceil:
  case MathFn::round:
    if (in != out)
      return emitOpError("result units must equal the operand's units '")
             << in.str() << "'";
    return success();
  default:
    if (!in.isDimensionless() || !out.isDimensionless())
      return emitOpError() << stringifyMathFn(getFn())
                           << " needs a dimensionless operand and result";
    return success();
  }
}

//===----------------------------------------------------------------------===//
// Formatting
//===----------------------------------------------------------------------===//

static LogicalResult verifyFormat(Operation *op, StringRef format,
                                  TypeRange args) {
  std::string error;
  auto pieces = parseFormatString(format, error);
  if (!pieces)
    return op->emitOpError("invalid format string: ") << error;
  unsigned argIndex = 0;
  for (const FormatPiece &piece : *pieces) {
    if (piece.isLiteral)
      continue;
    if (argIndex >= args.size())
      return op->emitOpError("format string has more conversions than the ")
             << args.size() << " arguments";
    Type type = args[argIndex];
    if (!formatAcceptsType(piece.conversion, type))
      return op->emitOpError("'%")
             << piece.conversion << "' cannot format argument #" << argIndex
             << " of type " << type;
    ++argIndex;
  }
  if (argIndex != args.size())
    return op->emitOpError("format string has ")
           << argIndex << " conversions but " << args.size() << " arguments";
  return success();
}

LogicalResult PrintfOp::verify() {
  return verifyFormat(*this, getFormat(), getArgs().getTypes());
}

LogicalResult SprintfOp::verify() {
  return verifyFormat(*this, getFormat(), getArgs().getTypes());
}

LogicalResult ArgvOp::verify() {
  if (!isa<StringType>(getType().getElementType()))
    return emitOpError("result must be !clef.array<!clef.string>");
  return success();
}

//===----------------------------------------------------------------------===//
// Data
//===----------------------------------------------------------------------===//

LogicalResult TupleOp::verify() {
  return verifyOperandTypes(*this, getElements().getTypes(),
                            getType().getElementTypes(), "elements");
}

LogicalResult TupleGetOp::verify() {
  ArrayRef<Type> elements = getTuple().getType().getElementTypes();
  if (getIndex() >= elements.size())
    return emitOpError("index ")
           << getIndex() << " is out of range for a tuple of "
           << elements.size();
  if (elements[getIndex()] != getType())
    return emitOpError("element #")
           << getIndex() << " has type " << elements[getIndex()] << ", not "
           << getType();
  return success();
}

LogicalResult ArrayLitOp::verify() {
  Type element = getType().getElementType();
  for (auto [i, type] : llvm::enumerate(getElements().getTypes()))
    if (type != element)
      return emitOpError("element #")
             << i << " has type " << type << ", expected " << element;
  return success();
}

//===----------------------------------------------------------------------===//
// Function values
//===----------------------------------------------------------------------===//

LogicalResult LambdaOp::verifyRegions() {
  FunctionType sig = getType().getSignature();
  Region &body = getBody();
  if (body.empty())
    return emitOpError("body must not be empty");
  Block &entry = body.front();
  if (entry.getArgumentTypes() != sig.getInputs())
    return emitOpError("parameters ")
           << entry.getArgumentTypes() << " do not match the signature " << sig;
  for (Block &block : body) {
    auto yield = dyn_cast<YieldOp>(block.getTerminator());
    if (yield && yield.getValue().getType() != sig.getResult(0))
      return yield.emitOpError("yields ")
             << yield.getValue().getType() << " but the lambda returns "
             << sig.getResult(0);
  }
  return success();
}

LogicalResult
ApplyOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                          ValueRange operands, DictionaryAttr, OpaqueProperties,
                          RegionRange,
                          SmallVectorImpl<Type> &inferredReturnTypes) {
  if (operands.empty())
    return failure();
  auto closure = dyn_cast<ClosureType>(operands.front().getType());
  if (!closure)
    return emitOptionalError(loc, "callee must be a function value");
  llvm::append_range(inferredReturnTypes, closure.getSignature().getResults());
  return success();
}

LogicalResult ApplyOp::verify() {
  return verifyOperandTypes(*this, getArgs().getTypes(),
                            getCallee().getType().getSignature().getInputs(),
                            "arguments");
}

#define GET_OP_CLASSES
#include "dialects/Clef/ClefOps.cpp.inc"

//===- ClefDialect.cpp - Clef dialect -------------------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "dialects/Clef/ClefDialect.h"
#include "dialects/Clef/ClefOps.h"
#include "dialects/Clef/ClefTypes.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::clef;

#include "dialects/Clef/ClefDialect.cpp.inc"

void ClefDialect::initialize() {
  registerTypes();
  addOperations<
#define GET_OP_LIST
#include "dialects/Clef/ClefOps.cpp.inc"
      >();
}

Operation *ClefDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                            Type type, Location loc) {
  if (isa<UnitType>(type))
    return UnitOp::create(builder, loc);
  if (isa<CharType>(type))
    if (auto code = dyn_cast<IntegerAttr>(value))
      return CharOp::create(builder, loc, type, code);
  if (isa<StringType>(type))
    if (auto text = dyn_cast<StringAttr>(value))
      return StringOp::create(builder, loc, type, text);
  if (auto typed = dyn_cast<TypedAttr>(value))
    if (typed.getType() == type)
      return ConstantOp::create(builder, loc, typed);
  return nullptr;
}

LogicalResult ClefDialect::verifyOperationAttribute(Operation *op,
                                                    NamedAttribute attr) {
  if (attr.getName() == kEntryAttrName) {
    if (!isa<UnitAttr>(attr.getValue()))
      return op->emitError()
             << "'" << kEntryAttrName << "' must be a unit attribute";
    auto func = dyn_cast<func::FuncOp>(op);
    if (!func)
      return op->emitError()
             << "'" << kEntryAttrName << "' only marks a func.func";
    FunctionType type = func.getFunctionType();
    if (type.getNumInputs() != 0 || type.getNumResults() != 1 ||
        !type.getResult(0).isInteger(32))
      return op->emitError() << "the entry function must have type '() -> "
                                "i32', got "
                             << type;
    return success();
  }
  // Written by clef-classify-escapes (docs/EscapeAnalysis.md).
  if (attr.getName() == "clef.escape") {
    auto name = dyn_cast<StringAttr>(attr.getValue());
    if (!name || !symbolizeEscapeClass(name.getValue()))
      return op->emitError()
             << "'clef.escape' must be one of \"iteration-local\", "
                "\"loop-carried\", \"local\", \"captured\", \"stored\", "
                "\"returned\", \"global\"";
    if (!hasEffect<MemoryEffects::Allocate>(op))
      return op->emitError() << "'clef.escape' only marks an allocating op";
    return success();
  }
  if (attr.getName() == "clef.escape_reason") {
    if (!isa<StringAttr>(attr.getValue()))
      return op->emitError()
             << "'clef.escape_reason' must be a string attribute";
    if (!op->hasAttr("clef.escape"))
      return op->emitError()
             << "'clef.escape_reason' explains a 'clef.escape' attribute";
    return success();
  }
  return op->emitError() << "unknown clef attribute '"
                         << attr.getName().getValue() << "'";
}

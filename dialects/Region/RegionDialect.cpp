//===- RegionDialect.cpp - Region dialect ---------------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "dialects/Region/RegionDialect.h"
#include "dialects/Region/RegionOps.h"
#include "dialects/Region/RegionTypes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::region;

#include "dialects/Region/RegionDialect.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "dialects/Region/RegionTypes.cpp.inc"

void RegionDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "dialects/Region/RegionTypes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialects/Region/RegionOps.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Operations
//===----------------------------------------------------------------------===//

LogicalResult ReleaseOp::verify() {
  if (getHandle().getDefiningOp<GlobalOp>())
    return emitOpError("cannot release the process region");
  return success();
}

LogicalResult AllocOp::verify() {
  uint64_t align = getAlignment();
  if (!llvm::isPowerOf2_64(align) || align > 4096)
    return emitOpError("alignment must be a power of two no larger than "
                       "4096, got ")
           << align;
  return success();
}

#define GET_OP_CLASSES
#include "dialects/Region/RegionOps.cpp.inc"

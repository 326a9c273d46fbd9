//===- ActorDialect.cpp - Actor dialect -----------------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "dialects/Actor/ActorDialect.h"
#include "dialects/Actor/ActorOps.h"
#include "dialects/Actor/ActorTypes.h"
#include "dialects/Region/RegionTypes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMTypes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::actor;

#include "dialects/Actor/ActorDialect.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "dialects/Actor/ActorTypes.cpp.inc"

void ActorDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "dialects/Actor/ActorTypes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "dialects/Actor/ActorOps.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// receive
//===----------------------------------------------------------------------===//

Type ReceiveOp::getMessageType() {
  if (getBody().empty() || getBody().getNumArguments() < 1)
    return {};
  auto ref = dyn_cast<RefType>(getBody().getArgument(0).getType());
  return ref ? ref.getMessageType() : Type();
}

LogicalResult ReceiveOp::verify() {
  Block &entry = getBody().front();
  if (entry.getNumArguments() != 4)
    return emitOpError("handler takes 4 arguments (self, state, message, "
                       "message region), got ")
           << entry.getNumArguments();
  auto self = dyn_cast<RefType>(entry.getArgument(0).getType());
  if (!self)
    return emitOpError("argument 0 must be the actor's own !actor.ref, got ")
           << entry.getArgument(0).getType();
  if (!isa<LLVM::LLVMPointerType>(entry.getArgument(1).getType()))
    return emitOpError("argument 1 (the state) must be !llvm.ptr, got ")
           << entry.getArgument(1).getType();
  if (entry.getArgument(2).getType() != self.getMessageType())
    return emitOpError("message argument has type ")
           << entry.getArgument(2).getType() << " but the actor receives "
           << self.getMessageType();
  if (!isa<region::HandleType>(entry.getArgument(3).getType()))
    return emitOpError("argument 3 (the per-message region) must be "
                       "!region.handle, got ")
           << entry.getArgument(3).getType();
  return success();
}

LogicalResult ReceiveOp::verifySymbolUses(SymbolTableCollection &symbols) {
  auto copy = getCopyAttr();
  if (!copy)
    return success();
  auto fn = symbols.lookupNearestSymbolFrom<func::FuncOp>(*this, copy);
  if (!fn)
    return emitOpError("copy function ") << copy << " does not exist";
  MLIRContext *ctx = getContext();
  auto ptr = LLVM::LLVMPointerType::get(ctx);
  auto want =
      FunctionType::get(ctx, {ptr, region::HandleType::get(ctx)}, {ptr});
  if (fn.getFunctionType() != want)
    return emitOpError("copy function ") << copy << " must have type " << want
                                         << ", got " << fn.getFunctionType();
  return success();
}

//===----------------------------------------------------------------------===//
// spawn
//===----------------------------------------------------------------------===//

LogicalResult SpawnOp::verifySymbolUses(SymbolTableCollection &symbols) {
  auto type =
      symbols.lookupNearestSymbolFrom<ReceiveOp>(*this, getActorTypeAttr());
  if (!type)
    return emitOpError("'")
           << getActorType() << "' does not name an actor.receive";
  Type msg = type.getMessageType();
  Type want = getRef().getType().getMessageType();
  if (msg != want)
    return emitOpError("actor ") << getActorTypeAttr() << " receives " << msg
                                 << " but the reference is for " << want;
  return success();
}

//===----------------------------------------------------------------------===//
// stop, wait_all
//===----------------------------------------------------------------------===//

LogicalResult StopOp::verify() {
  auto receive = (*this)->getParentOfType<ReceiveOp>();
  if (!receive)
    return emitOpError("is only valid inside actor.receive");
  if (getSelf() != receive.getSelf())
    return emitOpError("an actor can only stop itself: the operand must be "
                       "the handler's self argument");
  return success();
}

LogicalResult WaitAllOp::verify() {
  if ((*this)->getParentOfType<ReceiveOp>())
    return emitOpError("is invalid inside actor.receive: the actor would "
                       "wait for itself");
  return success();
}

//===----------------------------------------------------------------------===//
// post_and_reply
//===----------------------------------------------------------------------===//

LogicalResult PostAndReplyOp::verify() {
  Block &body = getBuild().front();
  if (body.getNumArguments() != 1)
    return emitOpError("body takes one argument, the reply channel");
  auto ch = dyn_cast<ReplyType>(body.getArgument(0).getType());
  if (!ch || ch.getValueType() != getResult().getType())
    return emitOpError("body argument must be ")
           << ReplyType::get(getContext(), getResult().getType()) << ", got "
           << body.getArgument(0).getType();
  auto yield = dyn_cast<YieldOp>(body.getTerminator());
  if (!yield)
    return emitOpError("body must end in actor.yield");
  Type want = getRef().getType().getMessageType();
  if (yield.getMessage().getType() != want)
    return emitOpError("body yields ") << yield.getMessage().getType()
                                       << " but the actor receives " << want;
  return success();
}

//===----------------------------------------------------------------------===//
// create_pool
//===----------------------------------------------------------------------===//

LogicalResult CreatePoolOp::verify() {
  auto inRange = [&](Value v, const char *what) -> LogicalResult {
    APInt c;
    if (matchPattern(v, m_ConstantInt(&c)) &&
        (c.isNegative() || c.getSExtValue() > 2))
      return emitOpError() << what << " must be 0, 1 or 2, got "
                           << c.getSExtValue();
    return success();
  };
  if (failed(inRange(getStrategy(), "allocation strategy")) ||
      failed(inRange(getTrigger(), "cleanup trigger")))
    return failure();
  APInt size;
  if (matchPattern(getArenaSize(), m_ConstantInt(&size)) &&
      (size.getSExtValue() < 8192 || size.getSExtValue() % 4096 != 0))
    return emitOpError("arena size must be a multiple of 4096 bytes, at "
                       "least 8 KB, got ")
           << size.getSExtValue();
  return success();
}

#define GET_OP_CLASSES
#include "dialects/Actor/ActorOps.cpp.inc"

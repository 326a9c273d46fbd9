//===- Layout.h - Heap layouts of clef values -------------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The shapes of heap cells (docs/DataLayout.md) shared by the data,
// closure and structural lowerings: cell struct types, their sizes, the
// union encoding, type mangling for generated function names.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_PASSES_CONVERSION_CLEFTOLLVM_LAYOUT_H
#define CLEF_PASSES_CONVERSION_CLEFTOLLVM_LAYOUT_H

#include "dialects/Clef/ClefOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"

#include <optional>

namespace mlir {
class TypeConverter;
} // namespace mlir

namespace clef {

/// Bytes a lowered type occupies in a heap cell (padding to its alignment
/// included) and its alignment, for a 64-bit target with naturally aligned
/// scalars. On any other target this over-estimates, so allocations stay
/// large enough.
uint64_t getTypeSize(mlir::Type llvmType);
uint64_t getTypeAlignment(mlir::Type llvmType);

/// The literal struct of the lowered `types`, or null if one does not
/// convert.
mlir::LLVM::LLVMStructType getCellType(const mlir::TypeConverter &converter,
                                       mlir::TypeRange types,
                                       mlir::ArrayRef<mlir::Type> prefix = {});

/// Declarations of nominal types, looked up from the module of `from`.
mlir::clef::RecordDeclOp lookupRecordDecl(mlir::Operation *from,
                                          mlir::clef::RecordType type);
mlir::clef::UnionDeclOp lookupUnionDecl(mlir::Operation *from,
                                        mlir::clef::UnionType type);

/// The cell of a record: its fields in declaration order.
mlir::LLVM::LLVMStructType getRecordCellType(const mlir::TypeConverter &conv,
                                             mlir::clef::RecordDeclOp decl);
/// Whether the cells of a union start with their case's tag: they do unless
/// a single case has fields, whose cells need no tag since every other case
/// is an immediate.
bool unionCellsHaveTag(mlir::clef::UnionDeclOp decl);
/// The index of a case's first field in its cell: 1 after a tag, else 0.
unsigned getCaseFieldIndex(mlir::clef::UnionDeclOp decl);
/// The cell of a union case with fields: {i32 tag, fields...}, or just
/// {fields...} when the union's cells have no tag.
mlir::LLVM::LLVMStructType getCaseCellType(const mlir::TypeConverter &conv,
                                           mlir::clef::UnionDeclOp decl,
                                           unsigned tag);

/// A cons cell: {head, tail}.
mlir::LLVM::LLVMStructType getConsCellType(const mlir::TypeConverter &conv,
                                           mlir::clef::ListType type);

/// A closure is {code, slot...}: one 8-byte slot per capture. A capture
/// wider than a slot is boxed in the closure's region.
constexpr uint64_t kClosureSlotSize = 8;
bool captureFitsInSlot(mlir::Type lowered);

/// The bytes an allocating op takes from its region, each allocation rounded
/// up to 8 bytes as the allocator does, when they are known at compile time
/// (tuples, records, union cases, cons cells, refs, array literals,
/// closures); nullopt when they depend on the run (strings, arrays of a
/// computed length) or the op is not one of these.
std::optional<uint64_t>
getStaticAllocationBytes(mlir::Operation *op,
                         const mlir::TypeConverter &converter);

/// A nullary union case is the odd immediate `2 * tag + 1` in place of a
/// pointer: heap cells are 8-aligned, so the low bit tells them apart.
mlir::Value emitNullaryCase(mlir::OpBuilder &b, mlir::Location loc,
                            unsigned tag);
/// The tag of a union value, testing for an immediate only when the union
/// has both nullary cases and cases with fields, and loading it only when
/// the cells have a tag.
mlir::Value emitUnionTag(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::clef::UnionDeclOp decl, mlir::Value value);

/// The address of field `index` of a cell of type `cell` at `base`.
mlir::Value emitFieldAddress(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::LLVM::LLVMStructType cell, mlir::Value base,
                             unsigned index);
mlir::Value emitLoadField(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::LLVM::LLVMStructType cell, mlir::Value base,
                          unsigned index);
void emitStoreField(mlir::OpBuilder &b, mlir::Location loc,
                    mlir::LLVM::LLVMStructType cell, mlir::Value base,
                    unsigned index, mlir::Value value);

/// Allocates `size` bytes in `region` (the process region if null).
mlir::Value emitAlloc(mlir::OpBuilder &b, mlir::Location loc,
                      mlir::Value region, uint64_t size);

/// Arrays are {i64 length, elements...}: the elements start at this offset.
constexpr uint64_t kArrayHeaderSize = 8;
/// The address of element `index` (i64) of the array at `array`.
mlir::Value emitArrayElementAddress(mlir::OpBuilder &b, mlir::Location loc,
                                    mlir::Type elementType, mlir::Value array,
                                    mlir::Value index);

/// `llvm.br` to `dest` passing `args`.
void emitBranch(mlir::OpBuilder &b, mlir::Location loc, mlir::Block *dest,
                mlir::ValueRange args = {});

/// A name fragment that identifies a clef type (nominal types by name).
std::string mangleType(mlir::Type clefType);
/// A name fragment that identifies a lowered type.
std::string mangleLLVMType(mlir::Type llvmType);

} // namespace clef

#endif // CLEF_PASSES_CONVERSION_CLEFTOLLVM_LAYOUT_H

//===- StackRegions.h - Bounds of regions that fit in a frame ---*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// A region can live in its function's frame when everything ever allocated
// in it is known at compile time: `clef-stack-regions` marks such regions
// and `clef-check-regions` re-derives the bound of every marked one.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_PASSES_STACKREGIONS_H
#define CLEF_PASSES_STACKREGIONS_H

#include "dialects/Region/RegionOps.h"

#include <cstdint>
#include <string>

namespace mlir {
class TypeConverter;
} // namespace mlir

namespace clef {

/// The bytes allocated in the region `create` makes between its creation and
/// its release, when the IR bounds them: every use of its handle is an
/// allocation of a size known at compile time (rounded up to 8 bytes, as the
/// allocator does) that runs at most once per creation (not in a loop
/// nested in the region's block, only under `scf.if`/`scf.index_switch`/
/// `scf.execute_region`), or a `region.release`. Otherwise a failure with
/// `why` set to the first use that prevents it.
mlir::FailureOr<uint64_t>
boundRegionAllocations(mlir::region::CreateOp create,
                       const mlir::TypeConverter &converter, std::string &why);

} // namespace clef

#endif // CLEF_PASSES_STACKREGIONS_H

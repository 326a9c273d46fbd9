//===- Registration.h - Dialects and passes of the tools --------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_DRIVER_REGISTRATION_H
#define CLEF_DRIVER_REGISTRATION_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace clef {

/// The dialects a Clef program passes through, from the clef dialect down to
/// LLVM, with their LLVM IR translation interfaces.
void registerClefDialects(mlir::DialectRegistry &registry);

/// Clef's passes and pipelines plus the upstream passes useful between them
/// (canonicalize, cse, convert-scf-to-cf, ...). Safe to call twice.
void registerClefAndCorePasses();

} // namespace clef

#endif // CLEF_DRIVER_REGISTRATION_H

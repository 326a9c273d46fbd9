//===- clef-opt.cpp - Clef optimizer driver -------------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// mlir-opt for Clef: every dialect, pass and named pipeline of the project,
// plus the upstream passes that run between them.
//
//===----------------------------------------------------------------------===//

#include "driver/Registration.h"
#include "test/lib/TestPasses.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  clef::registerClefAndCorePasses();
  clef::test::registerTestPasses();
  mlir::DialectRegistry registry;
  clef::registerClefDialects(registry);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Clef optimizer driver\n", registry));
}

//===- TestPasses.cpp - Registration of the test passes -------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "test/lib/TestPasses.h"

void clef::test::registerTestPasses() {
  registerTestPrintEscapesPass();
  registerTestPrintRegionsPass();
}

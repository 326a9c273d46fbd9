//===- TestPasses.h - Passes that test analyses -----------------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_TEST_LIB_TESTPASSES_H
#define CLEF_TEST_LIB_TESTPASSES_H

namespace clef::test {

/// Registers the `test-print-*` passes with the global pass registry.
/// Registers every test pass below.
void registerTestPasses();

void registerTestPrintEscapesPass();
void registerTestPrintRegionsPass();

} // namespace clef::test

#endif // CLEF_TEST_LIB_TESTPASSES_H

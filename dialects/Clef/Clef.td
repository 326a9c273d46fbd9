//===- Clef.td - Clef dialect umbrella ---------------------*- tablegen -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

include "dialects/Clef/ClefOps.td"

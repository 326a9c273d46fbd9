//===- Region.td - Region dialect umbrella -----------------*- tablegen -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

include "dialects/Region/RegionOps.td"

//===- Actor.td - Actor dialect umbrella -------------------*- tablegen -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

include "dialects/Actor/ActorOps.td"

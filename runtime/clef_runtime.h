/*===- clef_runtime.h - The Clef runtime ABI ----------------------*- C -*-===*
 *
 * Functions and data layouts that generated code depends on. Every compiled
 * Clef program links libClefRuntime.a (or libClefRuntimeChecked.a).
 *
 * The runtime is built in layers, each with its own header, bottom first
 * (docs/Runtime.md); a layer uses only the layers below it:
 *
 *   clef_base.h     the string layout, run-time errors (and output)
 *   clef_region.h   the region allocator
 *   clef_string.h   strings and conversions
 *   clef_format.h   printf formatting and the %A layout engine
 *   clef_process.h  start-up, exit and the command line
 *
 * Not thread-safe: regions, the page pool, the stdout buffer and the
 * statistics are process-global and unsynchronized; only the formatting
 * builder is per-thread. Actors will need per-thread page caches.
 *
 *===----------------------------------------------------------------------===*/

#ifndef CLEF_RUNTIME_CLEF_RUNTIME_H
#define CLEF_RUNTIME_CLEF_RUNTIME_H

#include "clef_base.h"
#include "clef_format.h"
#include "clef_process.h"
#include "clef_region.h"
#include "clef_string.h"

#endif /* CLEF_RUNTIME_CLEF_RUNTIME_H */

/*===- rt_process.h - Runtime process layer, private part ---------*- C -*-===*
 *
 * The top layer's view of everything below, for its sources and the unit
 * tests. Not installed.
 *
 *===----------------------------------------------------------------------===*/

#ifndef CLEF_RUNTIME_RT_PROCESS_H
#define CLEF_RUNTIME_RT_PROCESS_H

#include "clef_process.h"
#include "rt_string.h"

CLEF_BEGIN_DECLS

/* Validates a CLEF_STACK setting (NULL or empty: the default, 1 GiB).
 * Returns NULL and sets *bytes (rounded up to whole pages), or returns a
 * static error message. */
const char *clef_rt_stack_parse(const char *text, int64_t *bytes);
/* Runs entry on a fresh stack of `bytes` bytes above a guard region, with
 * the stack overflow handler installed (rt_stack.c); returns its result. */
/* Set by the actor layer: adds its CLEF_REGION_STATS lines at exit. */
extern void (*clef_rt_stats_hook)(void);

int32_t clef_rt_run_on_stack(int32_t (*entry)(void), int64_t bytes);

CLEF_END_DECLS

#endif /* CLEF_RUNTIME_RT_PROCESS_H */

/*===- rt_region.h - Runtime region layer, private part -----------*- C -*-===*
 *
 * The allocator's configuration and statistics report, for the layers above
 * and the unit tests. Not installed.
 *
 *===----------------------------------------------------------------------===*/

#ifndef CLEF_RUNTIME_RT_REGION_H
#define CLEF_RUNTIME_RT_REGION_H

#include "clef_region.h"
#include "rt_base.h"

CLEF_BEGIN_DECLS

/* Reads CLEF_PAGE_SIZE, CLEF_POOL_CHUNK and CLEF_REGION_STATS once. */
void clef_rt_config_init(void);
/* Validates a CLEF_PAGE_SIZE / CLEF_POOL_CHUNK pair (NULL = unset). Returns
 * NULL and sets *page and *chunk, or returns a static error message. */
const char *clef_rt_config_parse(const char *pageSize, const char *poolChunk,
                                 int64_t *page, int64_t *chunk);
/* Writes the CLEF_REGION_STATS report to stderr if enabled. */
/* The slow paths of CLEF_REGION_ARENA regions, installed by the layer that
 * owns them (runtime/actor) before it makes one: the allocator below calls
 * up through these hooks, never by name. */
typedef struct clef_region_arena_ops {
  void *(*alloc_slow)(clef_region *r, int64_t size, int64_t align);
  void (*release)(clef_region *r);
  int64_t (*bytes)(const clef_region *r);
} clef_region_arena_ops;
void clef_region_set_arena_ops(const clef_region_arena_ops *ops);

void clef_region_report_stats(void);

CLEF_END_DECLS

#endif /* CLEF_RUNTIME_RT_REGION_H */

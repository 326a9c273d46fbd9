/*===- clef_region.h - Runtime region layer: the allocator --------*- C -*-===*
 *
 * Regions and their statistics. Built only on the base layer; every layer
 * that allocates sits on this one (docs/Runtime.md).
 *
 *===----------------------------------------------------------------------===*/

#ifndef CLEF_RUNTIME_CLEF_REGION_H
#define CLEF_RUNTIME_CLEF_REGION_H

#include "clef_base.h"

CLEF_BEGIN_DECLS

/* Generated code bump-allocates inline:
 *   p = align_up(r->cur, align);
 *   if (p + size <= r->end) r->cur = p + size;
 *   else p = clef_region_alloc_slow(r, size, align);
 * Memory is not zeroed. */
typedef struct clef_region {
  char *cur;    /* next free byte in the current page */
  char *end;    /* end of the current page */
  int64_t kind; /* CLEF_REGION_HEAP or CLEF_REGION_STACK */
  /* Private fields follow; never touch them from generated code. */
} clef_region;

/* A heap region owns pool pages. A stack region is a descriptor generated
 * code builds in its own frame, {buffer, buffer + n, CLEF_REGION_STACK},
 * immediately followed by its n-byte buffer; the compiler proved that
 * everything allocated in it fits, so the slow path never runs for it (if
 * it did, it stops the program). */
/* CLEF_REGION_ARENA: a region made of pool arenas, owned by a layer above
 * (the actor layer), which installs its slow paths (rt_region.h). */
enum { CLEF_REGION_HEAP = 0, CLEF_REGION_STACK = 1, CLEF_REGION_ARENA = 2 };

clef_region *clef_region_global(void);
/* The same descriptor as a symbol: generated code uses its address. */
extern clef_region clef_global_region;
clef_region *clef_region_create(void);
void clef_region_release(clef_region *r);
void *clef_region_alloc(clef_region *r, int64_t size, int64_t align);
void *clef_region_alloc_slow(clef_region *r, int64_t size, int64_t align);
/* Ends a stack region: later allocations in it stop the program, and the
 * checking build fills its buffer with a poison byte. */
void clef_region_release_stack(clef_region *r);

/* Counters behind CLEF_REGION_STATS (cumulative since process start). */
typedef struct clef_region_stats {
  int64_t regions_created;  /* clef_region_create calls */
  int64_t regions_released; /* clef_region_release calls */
  int64_t regions_live;     /* created - released (global excluded) */
  int64_t pages;            /* pool pages handed to regions, reuse included */
  int64_t pages_in_use;     /* pool pages currently owned by regions */
  int64_t pages_peak;       /* maximum of pages_in_use */
  int64_t large_allocs;     /* dedicated mappings for large objects */
  int64_t bytes_in_use;     /* page and large-object bytes owned by regions */
  int64_t bytes_peak;       /* maximum of bytes_in_use */
  int64_t largest_region;   /* most bytes one region ever owned */
  int64_t stack_regions;    /* stack regions released (never in pages) */
  int64_t os_bytes;         /* bytes currently mapped from the OS */
  int64_t page_size;        /* CLEF_PAGE_SIZE in effect */
  int64_t pool_chunk;       /* CLEF_POOL_CHUNK in effect */
} clef_region_stats;

void clef_region_get_stats(clef_region_stats *out);
/* Bytes currently owned by r (pages and large objects). */
int64_t clef_region_bytes(const clef_region *r);
/* 1 in libClefRuntimeChecked.a, 0 in libClefRuntime.a. */
int32_t clef_rt_is_checked(void);

CLEF_END_DECLS

#endif /* CLEF_RUNTIME_CLEF_REGION_H */

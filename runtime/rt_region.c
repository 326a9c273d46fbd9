/*===- rt_region.c - Region allocator -----------------------------*- C -*-===*
 *
 * Regions are lists of fixed-size pages carved from mmap'ed pool chunks.
 * Generated code bumps r->cur inline; this file handles the slow path,
 * large objects, release and statistics. Released pages go back to a LIFO
 * free list (so the next region reuses cache-warm pages); the checking build
 * instead poisons them and never reuses them.
 *
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "rt_region.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#ifndef CLEF_RUNTIME_CHECKED
#define CLEF_RUNTIME_CHECKED 0
#endif

/* The checking build fills and poisons every page and never reuses one, so
 * it defaults to small pages to keep that work proportional to use. */
enum {
  kDefaultPageSize = CLEF_RUNTIME_CHECKED ? 4096 : 64 * 1024,
  kDefaultPoolChunk = 4 * 1024 * 1024,
  kOsPage = 4096,
  kUninitByte = 0xCB,
  kReleasedByte = 0xDD,
};

/* Every page and large mapping starts with this header; 16 bytes keeps the
 * first object 16-aligned. */
typedef struct PageHeader {
  struct PageHeader *next;
  int64_t size; /* mapping length for large objects, page size otherwise */
} PageHeader;

enum RegionState {
  kStateFree = 0x0F4EE,
  kStateLive = 0x11FE,
  kStateGlobal = 0x610BA1,
  kStateReleased = 0xDEAD,
};

typedef struct Region {
  clef_region pub;   /* must stay first: generated code sees only this */
  PageHeader *pages; /* newest first; pages->... is the current page */
  PageHeader *lastPage;
  PageHeader *large;
  int64_t numPages;
  int64_t bytes;
  uint32_t state;
  struct Region *nextFree;
} Region;

/*===-- Configuration -----------------------------------------------------===*/

static int configured;
static int64_t pageSize = kDefaultPageSize;
static int64_t poolChunk = kDefaultPoolChunk;
static int statsEnabled;

static int isPowerOfTwo(int64_t v) { return v > 0 && (v & (v - 1)) == 0; }

const char *clef_rt_config_parse(const char *pageText, const char *chunkText,
                                 int64_t *page, int64_t *chunk) {
  int64_t ps = kDefaultPageSize, pc;
  if (pageText && *pageText &&
      (clef_rt_parse_bytes(pageText, &ps) != 0 || !isPowerOfTwo(ps) ||
       ps < kOsPage || ps > ((int64_t)1 << 30)))
    return "invalid CLEF_PAGE_SIZE: expected a power of two between 4096 "
           "and 1G bytes";
  if (chunkText && *chunkText) {
    if (clef_rt_parse_bytes(chunkText, &pc) != 0 || pc < ps || pc % ps != 0 ||
        pc > ((int64_t)1 << 40))
      return "invalid CLEF_POOL_CHUNK: expected a multiple of the page size";
  } else {
    pc = ps > kDefaultPoolChunk ? ps : kDefaultPoolChunk;
  }
  *page = ps;
  *chunk = pc;
  return NULL;
}

void clef_rt_config_init(void) {
  if (configured)
    return;
  configured = 1;
  const char *pageText = getenv("CLEF_PAGE_SIZE");
  const char *chunkText = getenv("CLEF_POOL_CHUNK");
  const char *err =
      clef_rt_config_parse(pageText, chunkText, &pageSize, &poolChunk);
  if (err)
    clef_rt_fatal("%s (CLEF_PAGE_SIZE=%s, CLEF_POOL_CHUNK=%s)", err,
                  pageText ? pageText : "", chunkText ? chunkText : "");
  const char *stats = getenv("CLEF_REGION_STATS");
  statsEnabled = stats && *stats && strcmp(stats, "0") != 0;
}

/*===-- Statistics --------------------------------------------------------===*/

static clef_region_stats stats;

static void noteBytes(Region *r, int64_t delta) {
  r->bytes += delta;
  stats.bytes_in_use += delta;
  if (stats.bytes_in_use > stats.bytes_peak)
    stats.bytes_peak = stats.bytes_in_use;
  if (r->bytes > stats.largest_region)
    stats.largest_region = r->bytes;
}

void clef_region_get_stats(clef_region_stats *out) {
  clef_rt_config_init();
  *out = stats;
  out->regions_live = stats.regions_created - stats.regions_released;
  out->page_size = pageSize;
  out->pool_chunk = poolChunk;
}

static const clef_region_arena_ops *arenaOps;

void clef_region_set_arena_ops(const clef_region_arena_ops *ops) {
  arenaOps = ops;
}

int64_t clef_region_bytes(const clef_region *r) {
  if (r->kind == CLEF_REGION_ARENA)
    return arenaOps->bytes(r);
  return ((const Region *)r)->bytes;
}

int32_t clef_rt_is_checked(void) { return CLEF_RUNTIME_CHECKED; }

void clef_region_report_stats(void) {
  if (!statsEnabled)
    return;
  char line[512];
  int n = snprintf(line, sizeof line,
                   "clef: regions created %lld, released %lld, pages %lld "
                   "(peak %lld), peak bytes in regions %lld, largest region "
                   "%lld bytes\n",
                   (long long)stats.regions_created,
                   (long long)stats.regions_released, (long long)stats.pages,
                   (long long)stats.pages_peak, (long long)stats.bytes_peak,
                   (long long)stats.largest_region);
  clef_rt_err_write(line, (size_t)n);
  n = snprintf(line, sizeof line,
               "clef: large objects %lld, page size %lld, os bytes %lld, "
               "stack regions %lld\n",
               (long long)stats.large_allocs, (long long)pageSize,
               (long long)stats.os_bytes, (long long)stats.stack_regions);
  clef_rt_err_write(line, (size_t)n);
}

/*===-- OS memory ---------------------------------------------------------===*/

static void *osMap(int64_t len) {
  void *p = mmap(NULL, (size_t)len, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    clef_rt_fatal("out of memory");
  stats.os_bytes += len;
  return p;
}

static void osUnmap(void *p, int64_t len) {
  munmap(p, (size_t)len);
  stats.os_bytes -= len;
}

/* Drops the physical memory but keeps the addresses reserved and
 * inaccessible, so a stale pointer faults instead of reading a later
 * mapping that the kernel placed there. */
static void osPoison(void *p, int64_t len) {
  madvise(p, (size_t)len, MADV_DONTNEED);
  if (mprotect(p, (size_t)len, PROT_NONE) != 0)
    clef_rt_fatal("cannot poison released pages (errno %d)", errno);
}

/*===-- Page pool ---------------------------------------------------------===*/

static PageHeader *freePages;
static char *chunkCur, *chunkEnd;

static PageHeader *takePage(void) {
  PageHeader *page = freePages;
  if (page) {
    freePages = page->next;
  } else {
    if (chunkCur == chunkEnd) {
      chunkCur = osMap(poolChunk);
      chunkEnd = chunkCur + poolChunk;
    }
    page = (PageHeader *)chunkCur;
    chunkCur += pageSize;
    if (CLEF_RUNTIME_CHECKED)
      memset(page, kUninitByte, (size_t)pageSize);
  }
  page->size = pageSize;
  ++stats.pages;
  if (++stats.pages_in_use > stats.pages_peak)
    stats.pages_peak = stats.pages_in_use;
  return page;
}

/*===-- Region descriptors ------------------------------------------------===*/

static Region globalRegion = {.state = kStateGlobal};
/* The process region's public part under a name generated code can take the
 * address of, so that allocating in it needs no call. */
extern clef_region clef_global_region __attribute__((alias("globalRegion")));
static Region *freeRegions;

static Region *newDescriptor(void) {
  if (!freeRegions) {
    /* One OS page of descriptors at a time: create stays O(1) amortized. */
    Region *slab = osMap(kOsPage);
    size_t n = kOsPage / sizeof(Region);
    for (size_t i = 0; i < n; ++i) {
      slab[i].state = kStateFree;
      slab[i].nextFree = i + 1 < n ? &slab[i + 1] : NULL;
    }
    freeRegions = slab;
  }
  Region *r = freeRegions;
  freeRegions = r->nextFree;
  return r;
}

clef_region *clef_region_global(void) { return &globalRegion.pub; }

clef_region *clef_region_create(void) {
  clef_rt_config_init();
  Region *r = newDescriptor();
  /* No page yet: the first allocation takes one, so unused regions are
   * free. cur == end == NULL sends every non-empty inline bump to the slow
   * path. */
  r->pub.cur = r->pub.end = NULL;
  r->pub.kind = CLEF_REGION_HEAP;
  r->pages = r->lastPage = r->large = NULL;
  r->numPages = r->bytes = 0;
  r->state = kStateLive;
  r->nextFree = NULL;
  ++stats.regions_created;
  return &r->pub;
}

void clef_region_release_stack(clef_region *r) {
  if (r->kind != CLEF_REGION_STACK)
    clef_rt_fatal("a heap region was released as a stack region");
  if (CLEF_RUNTIME_CHECKED && r->end) {
    char *buffer = (char *)(r + 1);
    memset(buffer, kReleasedByte, (size_t)(r->end - buffer));
  }
  r->cur = r->end = NULL;
  ++stats.stack_regions;
}

void clef_region_release(clef_region *pub) {
  if (pub->kind == CLEF_REGION_ARENA) {
    arenaOps->release(pub);
    return;
  }
  Region *r = (Region *)pub;
  if (pub->kind == CLEF_REGION_STACK)
    clef_rt_fatal("a stack region was released as a heap region");
  if (r->state == kStateGlobal)
    clef_rt_fatal("the global region cannot be released");
  if (r->state != kStateLive)
    clef_rt_fatal("region released twice");
  ++stats.regions_released;
  stats.pages_in_use -= r->numPages;
  stats.bytes_in_use -= r->bytes;

  for (PageHeader *l = r->large, *next; l; l = next) {
    next = l->next;
    if (CLEF_RUNTIME_CHECKED)
      osPoison(l, l->size);
    else
      osUnmap(l, l->size);
  }
  if (CLEF_RUNTIME_CHECKED) {
    for (PageHeader *p = r->pages, *next; p; p = next) {
      next = p->next;
      osPoison(p, pageSize);
    }
  } else if (r->pages) {
    /* O(1) splice; the pages keep their contents (no zeroing). */
    r->lastPage->next = freePages;
    freePages = r->pages;
  }

  r->pub.cur = r->pub.end = NULL;
  r->pages = r->lastPage = r->large = NULL;
  r->numPages = r->bytes = 0;
  if (CLEF_RUNTIME_CHECKED) {
    /* Never reused, so a second release or a late allocation is caught. */
    r->state = kStateReleased;
  } else {
    r->state = kStateFree;
    r->nextFree = freeRegions;
    freeRegions = r;
  }
}

/*===-- Allocation --------------------------------------------------------===*/

static char *alignUp(char *p, int64_t align) {
  return (char *)(((uintptr_t)p + (uintptr_t)align - 1) &
                  ~((uintptr_t)align - 1));
}

static void *allocLarge(Region *r, int64_t size, int64_t align) {
  int64_t slack = align > (int64_t)sizeof(PageHeader) ? align : 0;
  int64_t need = (int64_t)sizeof(PageHeader) + slack + size;
  int64_t len = (need + kOsPage - 1) & ~(int64_t)(kOsPage - 1);
  PageHeader *h = osMap(len);
  if (CLEF_RUNTIME_CHECKED)
    memset(h, kUninitByte, (size_t)len);
  h->size = len;
  h->next = r->large;
  r->large = h;
  ++stats.large_allocs;
  noteBytes(r, len);
  return alignUp((char *)(h + 1), align);
}

void *clef_region_alloc_slow(clef_region *pub, int64_t size, int64_t align) {
  if (pub->kind == CLEF_REGION_ARENA)
    return arenaOps->alloc_slow(pub, size, align);
  Region *r = (Region *)pub;
  clef_rt_config_init();
  /* The compiler sized the buffer of a stack region for everything
   * allocated in it; running out means that claim was wrong. */
  if (pub->kind == CLEF_REGION_STACK)
    clef_rt_fatal(pub->end ? "internal error: stack region overflow"
                           : "allocation in a released region");
  if (r->state != kStateLive && r->state != kStateGlobal)
    clef_rt_fatal("allocation in a released region");
  if (align < 1)
    align = 1;
  if (!isPowerOfTwo(align) || align > pageSize)
    clef_rt_fatal("invalid allocation alignment %lld", (long long)align);
  if (size < 0 || size > ((int64_t)1 << 46))
    clef_rt_fatal("invalid allocation size %lld", (long long)size);
  /* Sizes are rounded up to 8 bytes so that `cur` stays 8-aligned:
   * generated code bumps without realigning (docs/Runtime.md). */
  size = (size + 7) & ~(int64_t)7;

  if (r->pub.cur) {
    char *p = alignUp(r->pub.cur, align);
    if (p + size <= r->pub.end) {
      r->pub.cur = p + size;
      return p;
    }
  }
  int64_t offset = (int64_t)sizeof(PageHeader);
  offset = (offset + align - 1) & ~(align - 1);
  /* Big objects get their own mapping so they neither waste the rest of a
   * page nor force oversized pages. */
  if (size > pageSize / 4 || offset + size > pageSize)
    return allocLarge(r, size, align);

  PageHeader *page = takePage();
  page->next = r->pages;
  r->pages = page;
  if (!r->lastPage)
    r->lastPage = page;
  ++r->numPages;
  noteBytes(r, pageSize);
  char *p = (char *)page + offset;
  r->pub.cur = p + size;
  r->pub.end = (char *)page + pageSize;
  return p;
}

void *clef_region_alloc(clef_region *r, int64_t size, int64_t align) {
  if (align > 0 && (align & (align - 1)) == 0 && size >= 0 && r->cur) {
    size = (size + 7) & ~(int64_t)7;
    char *p = alignUp(r->cur, align);
    if (p + size <= r->end) {
      r->cur = p + size;
      return p;
    }
  }
  return clef_region_alloc_slow(r, size, align);
}

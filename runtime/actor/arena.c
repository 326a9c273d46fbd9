/*===- arena.c - Arena pools and arena regions --------------------*- C -*-===*
 *
 * An arena pool hands out arenas of ArenaSize bytes and keeps up to
 * PoolSize released ones ready. An arena region is a region descriptor
 * (clef_region, kind CLEF_REGION_ARENA) that grows by whole arenas, so
 * generated code bump-allocates in it exactly as in a page region, and
 * releasing it is one walk over its arenas: O(arenas), never O(objects).
 *
 * Pools are shared by all workers: taking and returning arenas holds the
 * pool's mutex (a few instructions; the system calls happen outside it). A
 * region itself is used by one thread at a time and needs no lock.
 *
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "actor_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

enum {
  kOsPage = 4096,
  kHugePage = 2 * 1024 * 1024,
  kDefaultArenaSize = 1024 * 1024,
  kDefaultPoolSize = 16,
};

static const char *strategyName(int32_t s) {
  switch (s) {
  case CLEF_FAST_RELEASE:
    return "FastRelease";
  case CLEF_BULK_OPERATIONS:
    return "BulkOperations";
  default:
    return "Predictable";
  }
}

static const char *triggerName(int32_t t) {
  switch (t) {
  case CLEF_ON_ACTOR_TERMINATION:
    return "OnActorTermination";
  case CLEF_ON_ARENA_FULL:
    return "OnArenaFull";
  default:
    return "Immediate";
  }
}

/*===-- Counters ----------------------------------------------------------===*/

void clef_counters_bytes(ArenaCounters *c, int64_t delta) {
  int64_t now =
      atomic_fetch_add_explicit(&c->bytesInUse, delta, memory_order_relaxed) +
      delta;
  int64_t peak = atomic_load_explicit(&c->peakBytes, memory_order_relaxed);
  while (now > peak && !atomic_compare_exchange_weak_explicit(
                           &c->peakBytes, &peak, now, memory_order_relaxed,
                           memory_order_relaxed)) {
  }
}

static void add(_Atomic int64_t *c, int64_t v) {
  atomic_fetch_add_explicit(c, v, memory_order_relaxed);
}

static int64_t get(const _Atomic int64_t *c) {
  return atomic_load_explicit((_Atomic int64_t *)(uintptr_t)c,
                              memory_order_relaxed);
}

/*===-- OS memory ---------------------------------------------------------===*/

static _Atomic int poolsCreated;

static void *osMap(clef_arena_pool *pool, int64_t len, int huge) {
  add(&pool->osMaps, 1);
  add(&pool->osMapsAfterStart, 1);
  if (huge && len % kHugePage == 0) {
    /* Huge pages where the OS gives them: hugetlbfs first, else a 2 MiB
     * aligned mapping that transparent huge pages may back. */
    void *p = mmap(NULL, (size_t)len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
    if (p != MAP_FAILED)
      return p;
    char *raw = mmap(NULL, (size_t)(len + kHugePage), PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
      clef_rt_fatal("out of memory");
    char *aligned = (char *)(((uintptr_t)raw + kHugePage - 1) &
                             ~(uintptr_t)(kHugePage - 1));
    if (aligned > raw)
      munmap(raw, (size_t)(aligned - raw));
    char *tail = aligned + len;
    if (raw + len + kHugePage > tail)
      munmap(tail, (size_t)(raw + len + kHugePage - tail));
    madvise(aligned, (size_t)len, MADV_HUGEPAGE);
    return aligned;
  }
  void *p = mmap(NULL, (size_t)len, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    clef_rt_fatal("out of memory");
  return p;
}

static void osUnmap(clef_arena_pool *pool, void *p, int64_t len) {
  add(&pool->osUnmaps, 1);
  munmap(p, (size_t)len);
}

/*===-- Pools -------------------------------------------------------------===*/

static pthread_mutex_t poolsLock = PTHREAD_MUTEX_INITIALIZER;
static clef_arena_pool *allPools;
static _Atomic(clef_arena_pool *) defaultPool;

static const char *validate(const clef_arena_config *c) {
  if (c->arena_size < 8192 || c->arena_size % kOsPage != 0 ||
      c->arena_size > ((int64_t)1 << 40))
    return "ArenaSize must be a multiple of 4096 bytes, at least 8 KB";
  if (c->pool_size < 0)
    return "PoolSize must not be negative";
  if (c->strategy < CLEF_FAST_RELEASE || c->strategy > CLEF_PREDICTABLE)
    return "unknown AllocationStrategy";
  if (c->trigger < CLEF_ON_ACTOR_TERMINATION || c->trigger > CLEF_IMMEDIATE)
    return "unknown CleanupTrigger";
  if (c->strategy == CLEF_PREDICTABLE && c->pool_size < 1)
    return "a Predictable pool needs PoolSize of at least 1";
  return NULL;
}

static clef_arena_pool *newPool(const clef_arena_config *config) {
  const char *err = validate(config);
  if (err)
    clef_rt_fatal("invalid arena configuration: %s (ArenaSize %lld, "
                  "PoolSize %d)",
                  err, (long long)config->arena_size, (int)config->pool_size);
  clef_arena_pool *p = calloc(1, sizeof *p);
  if (!p)
    clef_rt_fatal("out of memory");
  p->cfg = *config;
  pthread_mutex_init(&p->lock, NULL);
  if (config->strategy == CLEF_PREDICTABLE) {
    /* Reserve and touch the whole pool now: one mapping, every page
     * faulted in, so no later allocation makes a system call. */
    int64_t len = config->arena_size * config->pool_size;
    char *block = mmap(NULL, (size_t)len, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (block == MAP_FAILED)
      clef_rt_fatal("out of memory");
    add(&p->osMaps, 1);
    for (int64_t off = 0; off < len; off += kOsPage)
      ((volatile char *)block)[off] = 0;
    for (int32_t i = config->pool_size; i-- > 0;) {
      Arena *a = (Arena *)(block + (int64_t)i * config->arena_size);
      a->size = config->arena_size;
      a->next = p->free;
      p->free = a;
    }
    p->numFree = config->pool_size;
  }
  pthread_mutex_lock(&poolsLock);
  p->id = atomic_fetch_add(&poolsCreated, 1);
  p->next = allPools;
  allPools = p;
  pthread_mutex_unlock(&poolsLock);
  return p;
}

clef_arena_pool *clef_arena_pool_create(const clef_arena_config *config) {
  clef_rt_config_init();
  clef_arena_pool *p = newPool(config);
  atomic_store(&defaultPool, p);
  return p;
}

clef_arena_pool *clef_arena_pool_default(void) {
  clef_arena_pool *p = atomic_load(&defaultPool);
  if (p)
    return p;
  clef_rt_config_init();
  clef_arena_config c = {kDefaultArenaSize, kDefaultPoolSize, CLEF_FAST_RELEASE,
                         CLEF_ON_ACTOR_TERMINATION};
  clef_arena_pool *fresh = newPool(&c);
  clef_arena_pool *expected = NULL;
  /* Two first spawns may race; the loser's pool stays listed but unused. */
  if (!atomic_compare_exchange_strong(&defaultPool, &expected, fresh))
    return expected;
  return fresh;
}

void clef_arena_pool_config(const clef_arena_pool *pool,
                            clef_arena_config *out) {
  *out = pool->cfg;
}

void clef_arena_pool_stats(const clef_arena_pool *p, clef_pool_stats *out) {
  clef_arena_pool *pool = (clef_arena_pool *)(uintptr_t)p;
  out->arenas_taken = get(&pool->c.arenasTaken);
  out->arenas_returned = get(&pool->c.arenasReturned);
  pthread_mutex_lock(&pool->lock);
  out->arenas_free = pool->numFree;
  pthread_mutex_unlock(&pool->lock);
  out->os_maps = get(&pool->osMaps);
  out->os_unmaps = get(&pool->osUnmaps);
  out->os_maps_after_start = get(&pool->osMapsAfterStart);
  out->copies = get(&pool->c.copies);
  out->copied_bytes = get(&pool->c.copiedBytes);
  out->bytes_in_use = get(&pool->c.bytesInUse);
  out->peak_bytes = get(&pool->c.peakBytes);
}

static void chargeTake(clef_arena_pool *pool, ArenaCounters *owner,
                       int64_t bytes) {
  add(&pool->c.arenasTaken, 1);
  clef_counters_bytes(&pool->c, bytes);
  if (owner) {
    add(&owner->arenasTaken, 1);
    clef_counters_bytes(owner, bytes);
  }
}

static Arena *takeArena(clef_arena_pool *pool, ArenaCounters *owner) {
  pthread_mutex_lock(&pool->lock);
  Arena *a = pool->free;
  if (a) {
    pool->free = a->next;
    --pool->numFree;
  }
  pthread_mutex_unlock(&pool->lock);
  if (!a) {
    if (pool->cfg.strategy == CLEF_PREDICTABLE)
      clef_rt_fatal("arena pool exhausted: a Predictable pool holds %d arenas "
                    "of %lld bytes and allocates no more",
                    (int)pool->cfg.pool_size, (long long)pool->cfg.arena_size);
    a = osMap(pool, pool->cfg.arena_size,
              pool->cfg.strategy == CLEF_BULK_OPERATIONS);
    a->size = pool->cfg.arena_size;
  }
  a->next = NULL;
  chargeTake(pool, owner, pool->cfg.arena_size);
  return a;
}

/* Gives back a list of arenas: up to PoolSize stay ready, untouched; the
 * rest are unmapped after the lock is dropped. */
static void returnArenas(clef_arena_pool *pool, ArenaCounters *owner,
                         Arena *list, int64_t count, int64_t bytes) {
  if (!list)
    return;
  Arena *unmap = NULL;
  pthread_mutex_lock(&pool->lock);
  for (Arena *a = list, *next; a; a = next) {
    next = a->next;
    if (pool->numFree < pool->cfg.pool_size) {
      a->next = pool->free;
      pool->free = a;
      ++pool->numFree;
    } else {
      a->next = unmap;
      unmap = a;
    }
  }
  pthread_mutex_unlock(&pool->lock);
  for (Arena *a = unmap, *next; a; a = next) {
    next = a->next;
    osUnmap(pool, a, a->size);
  }
  add(&pool->c.arenasReturned, count);
  clef_counters_bytes(&pool->c, -bytes);
  if (owner) {
    add(&owner->arenasReturned, count);
    clef_counters_bytes(owner, -bytes);
  }
}

void clef_arena_count_copy(clef_arena_pool *pool, ArenaCounters *owner,
                           int64_t bytes) {
  add(&pool->c.copies, 1);
  add(&pool->c.copiedBytes, bytes);
  if (owner) {
    add(&owner->copies, 1);
    add(&owner->copiedBytes, bytes);
  }
}

/*===-- Arena regions -----------------------------------------------------===*/

/* The region entry points' slow paths for arena regions: the allocator sits
 * below this layer and reaches them only through these hooks. */
static const clef_region_arena_ops arenaOps = {
    clef_arena_alloc_slow, clef_arena_region_release, clef_arena_region_bytes};

void clef_arena_region_init(ArenaRegion *r, clef_arena_pool *pool,
                            ArenaCounters *owner, char *buf, int64_t bufSize) {
  clef_region_set_arena_ops(&arenaOps);
  r->pub.cur = buf;
  r->pub.end = buf ? buf + bufSize : NULL;
  r->pub.kind = CLEF_REGION_ARENA;
  r->pool = pool;
  r->arenas = r->large = NULL;
  r->numArenas = r->bytes = 0;
  r->owner = owner;
  r->state = kArenaRegionLive;
  r->heapDescriptor = 0;
}

clef_region *clef_arena_region_create(clef_arena_pool *pool) {
  ArenaRegion *r = malloc(sizeof *r);
  if (!r)
    clef_rt_fatal("out of memory");
  clef_arena_region_init(r, pool ? pool : clef_arena_pool_default(), NULL, NULL,
                         0);
  r->heapDescriptor = 1;
  return &r->pub;
}

void clef_arena_region_reset(ArenaRegion *r) {
  /* Large mappings never go to the pool: they are not arena-sized. */
  int64_t largeBytes = 0, largeCount = 0;
  for (Arena *l = r->large, *next; l; l = next) {
    next = l->next;
    largeBytes += l->size;
    ++largeCount;
    osUnmap(r->pool, l, l->size);
  }
  if (largeCount) {
    add(&r->pool->c.arenasReturned, largeCount);
    clef_counters_bytes(&r->pool->c, -largeBytes);
    if (r->owner) {
      add(&r->owner->arenasReturned, largeCount);
      clef_counters_bytes(r->owner, -largeBytes);
    }
  }
  returnArenas(r->pool, r->owner, r->arenas, r->numArenas - largeCount,
               r->bytes - largeBytes);
  r->arenas = r->large = NULL;
  r->numArenas = r->bytes = 0;
  r->pub.cur = r->pub.end = NULL;
}

void clef_arena_region_move(ArenaRegion *to, ArenaRegion *from) {
  to->pub = from->pub;
  to->pool = from->pool;
  to->arenas = from->arenas;
  to->large = from->large;
  to->numArenas = from->numArenas;
  to->bytes = from->bytes;
  to->owner = from->owner;
  to->state = kArenaRegionLive;
  from->arenas = from->large = NULL;
  from->numArenas = from->bytes = 0;
  from->pub.cur = from->pub.end = NULL;
}

void clef_arena_region_release(clef_region *pub) {
  ArenaRegion *r = (ArenaRegion *)pub;
  if (pub->kind != CLEF_REGION_ARENA)
    clef_rt_fatal("not an arena region");
  if (r->state != kArenaRegionLive)
    clef_rt_fatal("region released twice");
  clef_arena_region_reset(r);
  r->state = kArenaRegionReleased;
  if (r->heapDescriptor)
    free(r);
}

int64_t clef_arena_region_arenas(const clef_region *r) {
  return ((const ArenaRegion *)r)->numArenas;
}

int64_t clef_arena_region_bytes(const clef_region *r) {
  return ((const ArenaRegion *)r)->bytes;
}

static char *alignUp(char *p, int64_t align) {
  return (char *)(((uintptr_t)p + (uintptr_t)align - 1) &
                  ~((uintptr_t)align - 1));
}

void *clef_arena_alloc_slow(clef_region *pub, int64_t size, int64_t align) {
  ArenaRegion *r = (ArenaRegion *)pub;
  if (r->state != kArenaRegionLive)
    clef_rt_fatal("allocation in a released region");
  if (align < 1)
    align = 1;
  int64_t arenaSize = r->pool->cfg.arena_size;
  if ((align & (align - 1)) != 0 || align > kOsPage)
    clef_rt_fatal("invalid allocation alignment %lld", (long long)align);
  if (size < 0 || size > ((int64_t)1 << 46))
    clef_rt_fatal("invalid allocation size %lld", (long long)size);
  size = (size + 7) & ~(int64_t)7;
  if (pub->cur) {
    char *p = alignUp(pub->cur, align);
    if (p + size <= pub->end) {
      pub->cur = p + size;
      return p;
    }
  }
  int64_t offset = (int64_t)sizeof(Arena);
  offset = (offset + align - 1) & ~(align - 1);
  if (offset + size > arenaSize) {
    /* Bigger than an arena: a dedicated mapping of whole OS pages. */
    if (r->pool->cfg.strategy == CLEF_PREDICTABLE)
      clef_rt_fatal("allocation of %lld bytes does not fit an arena of a "
                    "Predictable pool (%lld bytes)",
                    (long long)size, (long long)arenaSize);
    int64_t len = (offset + size + kOsPage - 1) & ~(int64_t)(kOsPage - 1);
    Arena *l = osMap(r->pool, len, 0);
    l->size = len;
    l->next = r->large;
    r->large = l;
    ++r->numArenas;
    r->bytes += len;
    chargeTake(r->pool, r->owner, len);
    return (char *)l + offset;
  }
  Arena *a = takeArena(r->pool, r->owner);
  a->next = r->arenas;
  r->arenas = a;
  ++r->numArenas;
  r->bytes += arenaSize;
  char *p = (char *)a + offset;
  pub->cur = p + size;
  pub->end = (char *)a + arenaSize;
  return p;
}

/*===-- Statistics --------------------------------------------------------===*/

int clef_arena_stats_enabled(void) {
  const char *s = getenv("CLEF_REGION_STATS");
  return s && *s && strcmp(s, "0") != 0;
}

void clef_arena_report_stats(void) {
  pthread_mutex_lock(&poolsLock);
  /* Oldest pool first: reverse the creation-ordered list. */
  clef_arena_pool *order[256];
  int n = 0;
  for (clef_arena_pool *p = allPools; p && n < 256; p = p->next)
    order[n++] = p;
  pthread_mutex_unlock(&poolsLock);
  for (int i = n; i-- > 0;) {
    clef_pool_stats s;
    clef_arena_pool_stats(order[i], &s);
    char line[512];
    int len = snprintf(
        line, sizeof line,
        "clef: pool %d (%s, %s, arena %lld bytes, pool size %d): arenas "
        "taken %lld, returned %lld, copies %lld, copied bytes %lld, peak "
        "bytes %lld, os maps %lld, os unmaps %lld\n",
        (int)order[i]->id, strategyName(order[i]->cfg.strategy),
        triggerName(order[i]->cfg.trigger), (long long)order[i]->cfg.arena_size,
        (int)order[i]->cfg.pool_size, (long long)s.arenas_taken,
        (long long)s.arenas_returned, (long long)s.copies,
        (long long)s.copied_bytes, (long long)s.peak_bytes,
        (long long)s.os_maps, (long long)s.os_unmaps);
    clef_rt_err_write(line, (size_t)len);
  }
}

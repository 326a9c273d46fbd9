/* One allocation interface, four implementations, chosen at compile time,
 * so each C peer is one source file built four ways:
 *
 *   (default)        malloc/free: the program frees what it no longer
 *                    needs (BENCH_FREES is 1).
 *   -DBENCH_BUMP     a hand-written bump arena: arena_alloc bumps a pointer
 *                    in 1 MiB chunks, arena_reset rewinds (keeping the
 *                    chunks), nothing is freed one object at a time.
 *   -DBENCH_APR      APR pools (apr_palloc, apr_pool_clear), -lapr-1.
 *   -DBENCH_GC       the Boehm collector (GC_MALLOC), -lgc; arenas are
 *                    ignored and nothing is freed by hand.
 *
 * A program allocates with arena_alloc(a, n), frees an object with
 * bench_free(p) when BENCH_FREES, and resets arenas at the points where a
 * region would end. */
#ifndef BENCH_ALLOC_H
#define BENCH_ALLOC_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

static void bench_oom(void) {
  fputs("out of memory\n", stderr);
  exit(1);
}

#if defined(BENCH_GC)
#include <gc.h>
#define BENCH_FREES 0
typedef struct Arena {
  int unused;
} Arena;
static void bench_init(void) { GC_INIT(); }
static Arena *arena_new(void) { return NULL; }
static inline void *arena_alloc(Arena *a, size_t n) {
  (void)a;
  void *p = GC_MALLOC(n);
  if (!p)
    bench_oom();
  return p;
}
static void arena_reset(Arena *a) { (void)a; }
static inline void bench_free(void *p) { (void)p; }

#elif defined(BENCH_APR)
#include <apr_pools.h>
#define BENCH_FREES 0
typedef apr_pool_t Arena;
static void bench_init(void) { apr_initialize(); }
static Arena *arena_new(void) {
  apr_pool_t *p;
  if (apr_pool_create(&p, NULL) != APR_SUCCESS)
    bench_oom();
  return p;
}
static inline void *arena_alloc(Arena *a, size_t n) {
  void *p = apr_palloc(a, n);
  if (!p)
    bench_oom();
  return p;
}
static void arena_reset(Arena *a) { apr_pool_clear(a); }
static inline void bench_free(void *p) { (void)p; }

#elif defined(BENCH_BUMP)
#define BENCH_FREES 0
#define ARENA_CHUNK (1u << 20)
typedef struct Chunk {
  struct Chunk *next;
  size_t size;
} Chunk;
typedef struct Arena {
  char *cur, *end;
  Chunk *first, *current;
} Arena;
static void bench_init(void) {}
static Chunk *chunk_new(size_t size) {
  Chunk *c = malloc(sizeof(Chunk) + size);
  if (!c)
    bench_oom();
  c->next = NULL;
  c->size = size;
  return c;
}
static Arena *arena_new(void) {
  Arena *a = malloc(sizeof(Arena));
  if (!a)
    bench_oom();
  a->first = a->current = chunk_new(ARENA_CHUNK);
  a->cur = (char *)(a->first + 1);
  a->end = a->cur + a->first->size;
  return a;
}
static void *arena_slow(Arena *a, size_t n) {
  /* The next kept chunk if it is big enough, else a new one after it. */
  Chunk *c = a->current->next;
  if (!c || c->size < n) {
    Chunk *fresh = chunk_new(n > ARENA_CHUNK ? n : ARENA_CHUNK);
    fresh->next = c;
    a->current->next = fresh;
    c = fresh;
  }
  a->current = c;
  a->cur = (char *)(c + 1);
  a->end = a->cur + c->size;
  void *p = a->cur;
  a->cur += n;
  return p;
}
static inline void *arena_alloc(Arena *a, size_t n) {
  n = (n + 15) & ~(size_t)15;
  if ((size_t)(a->end - a->cur) >= n) {
    void *p = a->cur;
    a->cur += n;
    return p;
  }
  return arena_slow(a, n);
}
static void arena_reset(Arena *a) {
  a->current = a->first;
  a->cur = (char *)(a->first + 1);
  a->end = a->cur + a->first->size;
}
static inline void bench_free(void *p) { (void)p; }

#else /* malloc/free */
#define BENCH_FREES 1
typedef struct Arena {
  int unused;
} Arena;
static void bench_init(void) {}
static Arena *arena_new(void) { return NULL; }
static inline void *arena_alloc(Arena *a, size_t n) {
  (void)a;
  void *p = malloc(n);
  if (!p)
    bench_oom();
  return p;
}
static void arena_reset(Arena *a) { (void)a; }
static inline void bench_free(void *p) { free(p); }
#endif

#endif /* BENCH_ALLOC_H */

/*===- deque.h - Chase-Lev work-stealing deque --------------------*- C -*-===*
 *
 * The owner pushes and pops at the bottom, thieves steal from the top
 * (Chase & Lev, SPAA 2005, in the C11 formulation of Lê, Pop, Cohen and
 * Zappa Nardelli, PPoPP 2013). The fences of that formulation are written
 * as sequentially consistent accesses to `top` and `bottom`, which is the
 * same ordering and which ThreadSanitizer models exactly. The array grows
 * by doubling; retired arrays are kept until the deque is destroyed, since
 * a thief may still read one.
 *
 *===----------------------------------------------------------------------===*/

#ifndef CLEF_RUNTIME_ACTOR_DEQUE_H
#define CLEF_RUNTIME_ACTOR_DEQUE_H

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct DequeArray {
  int64_t mask;
  struct DequeArray *retired; /* the array this one replaced */
  _Atomic(void *) items[];
} DequeArray;

typedef struct Deque {
  _Atomic int64_t top;
  char pad[56]; /* keep thieves' top off the owner's cache line */
  _Atomic int64_t bottom;
  _Atomic(DequeArray *) array;
} Deque;

static inline DequeArray *dequeNewArray(int64_t capacity) {
  DequeArray *a =
      malloc(sizeof(DequeArray) + (size_t)capacity * sizeof(_Atomic(void *)));
  if (!a)
    abort();
  a->mask = capacity - 1;
  a->retired = NULL;
  for (int64_t i = 0; i < capacity; ++i)
    atomic_init(&a->items[i], NULL);
  return a;
}

static inline void dequeInit(Deque *d) {
  atomic_init(&d->top, 0);
  atomic_init(&d->bottom, 0);
  atomic_init(&d->array, dequeNewArray(256));
}

/* Owner only. */
static inline void dequePush(Deque *d, void *item) {
  int64_t b = atomic_load_explicit(&d->bottom, memory_order_relaxed);
  int64_t t = atomic_load_explicit(&d->top, memory_order_acquire);
  DequeArray *a = atomic_load_explicit(&d->array, memory_order_relaxed);
  if (b - t > a->mask) {
    DequeArray *bigger = dequeNewArray(2 * (a->mask + 1));
    for (int64_t i = t; i < b; ++i)
      atomic_store_explicit(
          &bigger->items[i & bigger->mask],
          atomic_load_explicit(&a->items[i & a->mask], memory_order_relaxed),
          memory_order_relaxed);
    bigger->retired = a;
    atomic_store_explicit(&d->array, bigger, memory_order_release);
    a = bigger;
  }
  atomic_store_explicit(&a->items[b & a->mask], item, memory_order_relaxed);
  atomic_store_explicit(&d->bottom, b + 1, memory_order_release);
}

/* Owner only. NULL when empty. */
static inline void *dequePop(Deque *d) {
  int64_t b = atomic_load_explicit(&d->bottom, memory_order_relaxed) - 1;
  DequeArray *a = atomic_load_explicit(&d->array, memory_order_relaxed);
  atomic_store_explicit(&d->bottom, b, memory_order_seq_cst);
  int64_t t = atomic_load_explicit(&d->top, memory_order_seq_cst);
  if (t > b) {
    atomic_store_explicit(&d->bottom, b + 1, memory_order_relaxed);
    return NULL;
  }
  void *item =
      atomic_load_explicit(&a->items[b & a->mask], memory_order_relaxed);
  if (t == b) {
    /* The last item: race the thieves for it. */
    if (!atomic_compare_exchange_strong_explicit(
            &d->top, &t, t + 1, memory_order_seq_cst, memory_order_relaxed))
      item = NULL;
    atomic_store_explicit(&d->bottom, b + 1, memory_order_relaxed);
  }
  return item;
}

/* Any thread. NULL when empty or when another thief won the race. */
static inline void *dequeSteal(Deque *d, int *lostRace) {
  int64_t t = atomic_load_explicit(&d->top, memory_order_seq_cst);
  int64_t b = atomic_load_explicit(&d->bottom, memory_order_seq_cst);
  *lostRace = 0;
  if (t >= b)
    return NULL;
  DequeArray *a = atomic_load_explicit(&d->array, memory_order_acquire);
  void *item =
      atomic_load_explicit(&a->items[t & a->mask], memory_order_relaxed);
  if (!atomic_compare_exchange_strong_explicit(
          &d->top, &t, t + 1, memory_order_seq_cst, memory_order_relaxed)) {
    *lostRace = 1;
    return NULL;
  }
  return item;
}

static inline int dequeMaybeNonEmpty(Deque *d) {
  return atomic_load_explicit(&d->top, memory_order_seq_cst) <
         atomic_load_explicit(&d->bottom, memory_order_seq_cst);
}

#endif /* CLEF_RUNTIME_ACTOR_DEQUE_H */

/*===- actor_internal.h - Private declarations of the actor layer -*- C -*-===*
 *
 * Shared by the actor layer's translation units and its unit tests; not
 * installed.
 *
 *===----------------------------------------------------------------------===*/

#ifndef CLEF_RUNTIME_ACTOR_ACTOR_INTERNAL_H
#define CLEF_RUNTIME_ACTOR_ACTOR_INTERNAL_H

#include "../rt_process.h"
#include "clef_actor.h"

void *clef_arena_alloc_slow(clef_region *r, int64_t size, int64_t align);
int64_t clef_arena_region_bytes(const clef_region *r);

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*===-- Counters ----------------------------------------------------------===*/

/* Arena accounting kept per pool and per actor type. */
typedef struct ArenaCounters {
  _Atomic int64_t arenasTaken, arenasReturned, copies, copiedBytes;
  _Atomic int64_t bytesInUse, peakBytes;
} ArenaCounters;

void clef_counters_bytes(ArenaCounters *c, int64_t delta);

/*===-- Arenas and arena regions (arena.c) --------------------------------===*/

/* Every arena and dedicated large mapping starts with this header. */
typedef struct Arena {
  struct Arena *next;
  int64_t size;
} Arena;

struct clef_arena_pool {
  clef_arena_config cfg;
  int32_t id;
  pthread_mutex_t lock;
  Arena *free; /* LIFO: the most recently returned arena is reused first */
  int64_t numFree;
  ArenaCounters c;
  _Atomic int64_t osMaps, osUnmaps, osMapsAfterStart;
  struct clef_arena_pool *next; /* all pools, for the statistics */
};

typedef struct ArenaRegion {
  clef_region pub; /* kind == CLEF_REGION_ARENA; must stay first */
  clef_arena_pool *pool;
  Arena *arenas; /* newest first: arenas->... holds cur */
  Arena *large;
  int64_t numArenas; /* arenas and large mappings */
  int64_t bytes;
  ArenaCounters *owner; /* the actor type charged, or NULL */
  uint32_t state;
  int32_t heapDescriptor; /* made by clef_arena_region_create */
} ArenaRegion;

enum { kArenaRegionLive = 0xA4E1, kArenaRegionReleased = 0xA4ED };

void clef_arena_region_init(ArenaRegion *r, clef_arena_pool *pool,
                            ArenaCounters *owner, char *buf, int64_t bufSize);
/* Returns every arena to the pool; the region is empty and stays live. */
void clef_arena_region_reset(ArenaRegion *r);
/* Moves the contents of `from` into `to` (an empty, released-or-reset
 * descriptor); `from` becomes empty. */
void clef_arena_region_move(ArenaRegion *to, ArenaRegion *from);
void clef_arena_count_copy(clef_arena_pool *pool, ArenaCounters *owner,
                           int64_t bytes);
/* Prints the per-pool CLEF_REGION_STATS lines. */
void clef_arena_report_stats(void);
int clef_arena_stats_enabled(void);

/*===-- Actors (actor.c) --------------------------------------------------===*/

/* A mailbox is Vyukov's intrusive multi-producer single-consumer queue:
 * a push is one atomic exchange (wait-free), and the exchange order is the
 * queue order, so two sends ordered by happens-before (one sender, on
 * whatever worker it runs) are received in that order. */
typedef struct MsgNode {
  _Atomic(struct MsgNode *) next;
} MsgNode;

typedef struct Mailbox {
  _Atomic(MsgNode *) head; /* producers */
  MsgNode *tail;           /* the consumer */
  MsgNode stub;
} Mailbox;

enum { kActorIdle = 0, kActorScheduled = 1 };
/* Bytes of state an actor holds before its region takes an arena. */
enum { kActorInlineBytes = 128 };

typedef struct ActorTypeRt ActorTypeRt;

struct clef_actor {
  ArenaRegion region; /* the actor's region; its descriptor never moves */
  Mailbox mailbox;
  /* incarnation << 1 | alive: a ref (index, incarnation) is live iff this
   * equals its incarnation << 1 | 1. */
  _Atomic uint64_t life;
  _Atomic int32_t sched;   /* kActorIdle or kActorScheduled */
  _Atomic int32_t senders; /* sends in progress (they pin the mailbox) */
  clef_actor_type *type;
  ActorTypeRt *trt;
  void *state;
  uint32_t index;
  uint32_t incarnation;
  int32_t stopRequested;
  int32_t started;
  /* Where the region stood after the last live-state copy. */
  char *markCur;
  int64_t markArenas;
  struct clef_actor *runNext; /* injection queue and free-slot links */
  _Alignas(16) char inlineState[kActorInlineBytes];
};

/*===-- Scheduler (scheduler.c) -------------------------------------------===*/

/* Makes `a` runnable (the caller just set its sched flag). */
void clef_sched_submit(clef_actor *a);
/* Starts the workers on the first spawn. */
void clef_sched_start(void);
/* Called by a thread about to block inside a receive: hands its worker
 * slot to another thread so that the other actors keep running. Returns
 * whether the slot was handed off. */
int clef_sched_block_begin(void);
/* The actor the calling thread is running, or NULL. */
clef_actor *clef_sched_current(void);
/* Whether the calling thread is a worker thread, and holds a slot. */
int clef_sched_on_worker(void);
int clef_sched_has_slot(void);
/* Installs the failure and statistics hooks of the core runtime. */
void clef_actor_install_hooks(void);

/* Runs one scheduling quantum of `a` on the calling worker (actor.c). */
void clef_actor_run(clef_actor *a);

#ifdef __cplusplus
}
#endif

#endif /* CLEF_RUNTIME_ACTOR_ACTOR_INTERNAL_H */

/*===- clef_actor.h - The Clef actor runtime ABI ------------------*- C -*-===*
 *
 * Actors, arena pools, the work-stealing scheduler and the dead-letter
 * office: the layer of the runtime that compiled actor programs call. It is
 * part of libClefRuntime.a and thread-safe (unlike the core region
 * allocator, which stays single-threaded: actor code allocates only in
 * arena regions, CLEF_REGION_ARENA, which this layer owns).
 *
 * See docs/Actors.md for the model, the memory rules and the scheduler.
 *
 *===----------------------------------------------------------------------===*/

#ifndef CLEF_RUNTIME_ACTOR_CLEF_ACTOR_H
#define CLEF_RUNTIME_ACTOR_CLEF_ACTOR_H

#include "../clef_process.h"
#include "../clef_region.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*===-- Arena pools -------------------------------------------------------===*/

/* A region descriptor made of pool arenas has kind CLEF_REGION_ARENA
 * (clef_region.h). */

typedef enum clef_allocation_strategy {
  CLEF_FAST_RELEASE = 0,    /* released arenas go back to the pool untouched */
  CLEF_BULK_OPERATIONS = 1, /* huge-page arenas, released in bulk */
  CLEF_PREDICTABLE = 2,     /* whole pool mapped and touched at creation */
} clef_allocation_strategy;

typedef enum clef_cleanup_trigger {
  CLEF_ON_ACTOR_TERMINATION =
      0,                  /* the region is reclaimed when the actor stops */
  CLEF_ON_ARENA_FULL = 1, /* live state copied when the region grew */
  CLEF_IMMEDIATE = 2,     /* live state copied after every message */
} clef_cleanup_trigger;

/* The prelude's ArenaConfig record, field for field. */
typedef struct clef_arena_config {
  int64_t arena_size; /* bytes per arena: a multiple of 4096, at least 8K */
  int32_t pool_size;  /* arenas kept ready */
  int32_t strategy;   /* clef_allocation_strategy */
  int32_t trigger;    /* clef_cleanup_trigger */
} clef_arena_config;

typedef struct clef_arena_pool clef_arena_pool;

/* Arena.createProcessPool: makes a pool and makes it the default pool that
 * later clef_actor_spawn calls use. Invalid configurations stop the program
 * ("clef: invalid arena configuration: ..."). */
clef_arena_pool *clef_arena_pool_create(const clef_arena_config *config);
/* The pool Actor.spawn uses: the latest created, else 1 MB arenas,
 * FastRelease, OnActorTermination, 16 arenas kept. */
clef_arena_pool *clef_arena_pool_default(void);
void clef_arena_pool_config(const clef_arena_pool *pool,
                            clef_arena_config *out);

/* A region made of the pool's arenas; thread-safe against other regions
 * (one region is used by one thread at a time). Release it with
 * clef_region_release or clef_arena_region_release. */
clef_region *clef_arena_region_create(clef_arena_pool *pool);
void clef_arena_region_release(clef_region *r);
/* Arenas the region owns (dedicated large mappings included). */
int64_t clef_arena_region_arenas(const clef_region *r);

typedef struct clef_pool_stats {
  int64_t arenas_taken;        /* arenas handed to regions */
  int64_t arenas_returned;     /* arenas given back by regions */
  int64_t arenas_free;         /* arenas ready in the pool now */
  int64_t os_maps;             /* mmap calls (arenas, large objects) */
  int64_t os_unmaps;           /* munmap calls */
  int64_t os_maps_after_start; /* mmap calls after the pool was created */
  int64_t copies;              /* live-state copies (OnArenaFull, Immediate) */
  int64_t copied_bytes;        /* bytes the copies wrote */
  int64_t bytes_in_use;        /* arena bytes owned by regions now */
  int64_t peak_bytes;          /* maximum of bytes_in_use */
} clef_pool_stats;
void clef_arena_pool_stats(const clef_arena_pool *pool, clef_pool_stats *out);

/*===-- Actors ------------------------------------------------------------===*/

typedef struct clef_actor clef_actor;
/* An actor reference: a slot index and an incarnation. Refs to a stopped
 * actor stay valid values; sends through them are dead letters. */
typedef uint64_t clef_actor_ref;
typedef struct clef_actor_type clef_actor_type;

/* One per actor class, emitted by the compiler as a constant; the runtime
 * keeps its statistics in `rt` (initialize to NULL). */
struct clef_actor_type {
  const char *name;
  /* Receive: `msg` points to the message bytes, `msg_region` is the
   * per-message region (the message's heap parts and the handler's
   * temporaries), released when this returns. */
  void (*receive)(clef_actor *self, void *state, void *msg,
                  clef_region *msg_region);
  /* Copies the live state (the fields and what they reach) into `to` and
   * returns the new state pointer. Required by OnArenaFull and Immediate
   * pools; may be NULL otherwise. */
  void *(*copy_state)(void *state, clef_region *to);
  /* Optional: writes a description of a message for the failure report. */
  void (*describe)(const void *msg, char *buf, size_t size);
  void *rt;
};

/* Two-phase spawn: create gives the actor's region, in which the caller
 * builds the state (the constructor's fields); start makes the actor live
 * and returns its reference. */
clef_actor *clef_actor_create(clef_arena_pool *pool, clef_actor_type *type);
clef_region *clef_actor_region(clef_actor *a);
clef_actor_ref clef_actor_start(clef_actor *a, void *state);
/* create + start with a state of `size` bytes copied from `init` (may be
 * NULL for a stateless actor). */
clef_actor_ref clef_actor_spawn(clef_arena_pool *pool, clef_actor_type *type,
                                const void *init, int64_t size);

clef_actor_ref clef_actor_self(clef_actor *a);
void *clef_actor_state(clef_actor *a);
/* this.Stop (): the actor handles no message after the current one. Only
 * valid inside that actor's receive. */
void clef_actor_stop(clef_actor *a);

/* Tell: copies `size` bytes of message into the receiver's mailbox. */
void clef_actor_send(clef_actor_ref to, const void *msg, int64_t size);
/* Tell with the message's heap parts in `region` (an arena region that the
 * sender gives up: a move). It becomes the handler's per-message region. */
void clef_actor_send_region(clef_actor_ref to, const void *msg, int64_t size,
                            clef_region *region);

/* Actor.waitAll: returns when every spawned actor has stopped. */
void clef_actor_wait_all(void);
/* Actors spawned and not yet stopped. */
int64_t clef_actor_live(void);
/* Worker threads that run actors (CLEF_WORKERS, default one per core). */
int32_t clef_actor_workers(void);

/*===-- Reply channels (PostAndReply) -------------------------------------===*/

typedef struct clef_reply_channel clef_reply_channel;
/* A channel for one reply. `region` (may be NULL) is where the replier
 * allocates the reply's heap parts: the caller's region, which is safe to
 * use because the caller is blocked until the reply. */
clef_reply_channel *clef_reply_channel_create(clef_region *region);
clef_region *clef_reply_channel_region(clef_reply_channel *ch);
/* reply.Reply v: copies `size` bytes (at most 64). Replying twice stops the
 * program. */
void clef_reply(clef_reply_channel *ch, const void *value, int64_t size);
/* Blocks until the reply, copies it to `out` and destroys the channel.
 * Inside a receive this blocks only the calling actor: its worker hands
 * its place in the scheduler to another thread. */
void clef_reply_wait(clef_reply_channel *ch, void *out, int64_t size);
/* PostAndReply: `build(ctx, ch, msg)` writes a message of `size` bytes
 * carrying ch; sends it, waits, and copies the reply into out. */
void clef_actor_post_and_reply(clef_actor_ref to, int64_t size,
                               void (*build)(void *ctx, clef_reply_channel *ch,
                                             void *msg),
                               void *ctx, clef_region *reply_region, void *out,
                               int64_t out_size);

/*===-- Dead-letter office ------------------------------------------------===*/

enum { CLEF_DEAD_ACTOR_TERMINATED = 1 };
/* All letters received so far and not drained. */
int64_t clef_dead_letter_count(void);
/* Removes the letters addressed to actors of `type` (NULL: all), in arrival
 * order, calling fn for each (may be NULL). Returns how many. */
int64_t clef_dead_letter_drain(const clef_actor_type *type,
                               void (*fn)(void *ctx, const clef_actor_type *t,
                                          int32_t reason, const void *msg,
                                          int64_t size),
                               void *ctx);

/*===-- Statistics --------------------------------------------------------===*/

typedef struct clef_actor_type_stats {
  int64_t spawned, stopped, failed, messages, dead_letters;
  int64_t arenas_taken, arenas_returned, copies, copied_bytes;
  int64_t bytes_in_use, peak_bytes;
  int64_t release_ns; /* total time spent reclaiming stopped actors' regions */
  int64_t release_arenas; /* arenas those reclamations returned */
} clef_actor_type_stats;
void clef_actor_type_get_stats(clef_actor_type *type,
                               clef_actor_type_stats *out);

#ifdef __cplusplus
}
#endif

#endif /* CLEF_RUNTIME_ACTOR_CLEF_ACTOR_H */

/*===- actor.c - Actors: spawn, send, receive, stop, dead letters -*- C -*-===*
 *
 * The rules of docs/Actors.md, in the order a message meets them:
 *
 * - A send copies the message into an envelope and pushes it on the
 *   receiver's mailbox (one atomic exchange). Messages from one sender to
 *   one receiver therefore arrive in send order, whichever workers they
 *   ran on.
 * - A sender that finds the receiver idle marks it scheduled and submits
 *   it; the worker that runs it is its only consumer, so an actor handles
 *   one message at a time.
 * - After a stop (this.Stop () or a failing receive) the worker marks the
 *   actor dead, waits for the sends already in progress, moves everything
 *   queued to the dead-letter office, reclaims the region and only then
 *   counts the actor as stopped. Later sends see it dead and go straight to
 *   the dead-letter office.
 *
 * Actor descriptors live in slots that are never freed: a slot is reused
 * only by the next actor of the same type, with a new incarnation number,
 * so a stale ActorRef always reaches a valid descriptor and is recognized.
 *
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "actor_internal.h"

#include <sched.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

enum {
  kChunkShift = 12,
  kChunkSlots = 1 << kChunkShift,
  kMaxChunks = 1 << 14, /* 67M actors at once */
  kBatch = 64,          /* messages per scheduling quantum */
  kReplyBytes = 64,
};

/*===-- Envelopes ---------------------------------------------------------===*/

typedef struct Envelope {
  MsgNode node; /* first: the mailbox links envelopes */
  int64_t size;
  clef_region *region; /* moved with the message, or NULL */
  int64_t pad;
  _Alignas(16) char payload[];
} Envelope;

static Envelope *newEnvelope(const void *msg, int64_t size) {
  if (size < 0)
    clef_rt_fatal("invalid message size %lld", (long long)size);
  Envelope *e = malloc(sizeof(Envelope) + (size_t)size);
  if (!e)
    clef_rt_fatal("out of memory");
  e->size = size;
  e->region = NULL;
  if (size && msg)
    memcpy(e->payload, msg, (size_t)size);
  return e;
}

static void freeEnvelope(Envelope *e) {
  if (e->region)
    clef_arena_region_release(e->region);
  free(e);
}

/*===-- Mailboxes (Vyukov's intrusive MPSC queue) -------------------------===*/

static void mailboxInit(Mailbox *m) {
  atomic_init(&m->stub.next, NULL);
  atomic_init(&m->head, &m->stub);
  m->tail = &m->stub;
}

static void mailboxPush(Mailbox *m, MsgNode *n) {
  atomic_store_explicit(&n->next, NULL, memory_order_relaxed);
  MsgNode *prev = atomic_exchange_explicit(&m->head, n, memory_order_seq_cst);
  atomic_store_explicit(&prev->next, n, memory_order_release);
}

/* NULL when empty, or while a producer is between its exchange and its
 * link (the caller then retries through the scheduling protocol). */
static MsgNode *mailboxPop(Mailbox *m) {
  MsgNode *tail = m->tail;
  MsgNode *next = atomic_load_explicit(&tail->next, memory_order_acquire);
  if (tail == &m->stub) {
    if (!next)
      return NULL;
    m->tail = next;
    tail = next;
    next = atomic_load_explicit(&next->next, memory_order_acquire);
  }
  if (next) {
    m->tail = next;
    return tail;
  }
  if (tail != atomic_load_explicit(&m->head, memory_order_seq_cst))
    return NULL;
  mailboxPush(m, &m->stub);
  next = atomic_load_explicit(&tail->next, memory_order_acquire);
  if (next) {
    m->tail = next;
    return tail;
  }
  return NULL;
}

/*===-- Actor types -------------------------------------------------------===*/

struct ActorTypeRt {
  ArenaCounters c;
  _Atomic int64_t spawned, stopped, failed, messages, deadLetters;
  _Atomic int64_t releaseNs, releaseArenas;
  pthread_mutex_t freeLock;
  clef_actor *freeSlots;
  clef_actor_type *type;
  ActorTypeRt *next;
};

static pthread_mutex_t typesLock = PTHREAD_MUTEX_INITIALIZER;
static ActorTypeRt *allTypes;

static void installHooks(void);

static ActorTypeRt *typeRt(clef_actor_type *type) {
  _Atomic(void *) *slot = (_Atomic(void *) *)&type->rt;
  ActorTypeRt *t = atomic_load_explicit(slot, memory_order_acquire);
  if (t)
    return t;
  installHooks();
  pthread_mutex_lock(&typesLock);
  t = atomic_load_explicit(slot, memory_order_relaxed);
  if (!t) {
    t = calloc(1, sizeof *t);
    if (!t)
      clef_rt_fatal("out of memory");
    pthread_mutex_init(&t->freeLock, NULL);
    t->type = type;
    t->next = allTypes;
    allTypes = t;
    atomic_store_explicit(slot, t, memory_order_release);
  }
  pthread_mutex_unlock(&typesLock);
  return t;
}

static int64_t load(_Atomic int64_t *c) {
  return atomic_load_explicit(c, memory_order_relaxed);
}

static void bump(_Atomic int64_t *c, int64_t v) {
  atomic_fetch_add_explicit(c, v, memory_order_relaxed);
}

void clef_actor_type_get_stats(clef_actor_type *type,
                               clef_actor_type_stats *out) {
  ActorTypeRt *t = typeRt(type);
  out->spawned = load(&t->spawned);
  out->stopped = load(&t->stopped);
  out->failed = load(&t->failed);
  out->messages = load(&t->messages);
  out->dead_letters = load(&t->deadLetters);
  out->arenas_taken = load(&t->c.arenasTaken);
  out->arenas_returned = load(&t->c.arenasReturned);
  out->copies = load(&t->c.copies);
  out->copied_bytes = load(&t->c.copiedBytes);
  out->bytes_in_use = load(&t->c.bytesInUse);
  out->peak_bytes = load(&t->c.peakBytes);
  out->release_ns = load(&t->releaseNs);
  out->release_arenas = load(&t->releaseArenas);
}

/*===-- Slots -------------------------------------------------------------===*/

static _Atomic(clef_actor *) chunks[kMaxChunks];
static pthread_mutex_t chunksLock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic uint32_t nextIndex;

static clef_actor *slotAt(uint32_t index) {
  clef_actor *chunk =
      atomic_load_explicit(&chunks[index >> kChunkShift], memory_order_acquire);
  return chunk ? &chunk[index & (kChunkSlots - 1)] : NULL;
}

static clef_actor *newSlot(clef_actor_type *type) {
  uint32_t index = atomic_fetch_add(&nextIndex, 1);
  if ((index >> kChunkShift) >= kMaxChunks)
    clef_rt_fatal("too many live actors");
  clef_actor *a = slotAt(index);
  if (!a) {
    pthread_mutex_lock(&chunksLock);
    a = slotAt(index);
    if (!a) {
      size_t len = (size_t)kChunkSlots * sizeof(clef_actor);
      clef_actor *chunk = mmap(NULL, len, PROT_READ | PROT_WRITE,
                               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (chunk == MAP_FAILED)
        clef_rt_fatal("out of memory");
      atomic_store_explicit(&chunks[index >> kChunkShift], chunk,
                            memory_order_release);
      a = &chunk[index & (kChunkSlots - 1)];
    }
    pthread_mutex_unlock(&chunksLock);
  }
  /* A fresh slot (mapped zeroed): its type never changes. */
  a->index = index;
  a->type = type;
  a->trt = typeRt(type);
  atomic_init(&a->life, 0);
  atomic_init(&a->sched, kActorIdle);
  atomic_init(&a->senders, 0);
  return a;
}

static clef_actor *lookup(clef_actor_ref ref) {
  uint32_t index = (uint32_t)(ref >> 32);
  if (index >= atomic_load_explicit(&nextIndex, memory_order_acquire))
    return NULL;
  return slotAt(index);
}

/*===-- Lifecycle ---------------------------------------------------------===*/

static _Atomic int64_t liveActors;
static pthread_mutex_t waitLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t waitCond = PTHREAD_COND_INITIALIZER;

static __thread clef_actor *tlsActor;
static __thread Envelope *tlsEnvelope;
static __thread int tlsInHandler;
static __thread jmp_buf tlsFailure;
static __thread ArenaRegion tlsMessageRegion;
static __thread int tlsMessageRegionReady;

clef_actor *clef_sched_current(void) { return tlsActor; }

clef_actor *clef_actor_create(clef_arena_pool *pool, clef_actor_type *type) {
  ActorTypeRt *t = typeRt(type);
  if (!pool)
    pool = clef_arena_pool_default();
  if (pool->cfg.trigger != CLEF_ON_ACTOR_TERMINATION && !type->copy_state)
    clef_rt_fatal("actor type %s has no live-state copy function, which an "
                  "OnArenaFull or Immediate pool needs",
                  type->name);
  pthread_mutex_lock(&t->freeLock);
  clef_actor *a = t->freeSlots;
  if (a)
    t->freeSlots = a->runNext;
  pthread_mutex_unlock(&t->freeLock);
  if (!a)
    a = newSlot(type);
  a->runNext = NULL;
  clef_arena_region_init(&a->region, pool, &t->c, a->inlineState,
                         kActorInlineBytes);
  mailboxInit(&a->mailbox);
  a->state = NULL;
  a->stopRequested = 0;
  a->started = 0;
  ++a->incarnation;
  if (a->incarnation == 0)
    a->incarnation = 1;
  atomic_store_explicit(&a->sched, kActorIdle, memory_order_relaxed);
  return a;
}

clef_region *clef_actor_region(clef_actor *a) { return &a->region.pub; }

static void markRegion(clef_actor *a) {
  a->markCur = a->region.pub.cur;
  a->markArenas = a->region.numArenas;
}

static clef_actor_ref refOf(clef_actor *a) {
  return ((uint64_t)a->index << 32) | a->incarnation;
}

clef_actor_ref clef_actor_start(clef_actor *a, void *state) {
  if (a->started)
    clef_rt_fatal("actor started twice");
  a->started = 1;
  a->state = state;
  markRegion(a);
  clef_sched_start();
  bump(&a->trt->spawned, 1);
  atomic_fetch_add(&liveActors, 1);
  /* Publishes the actor: every field above happens-before any send that
   * sees it alive. */
  atomic_store(&a->life, ((uint64_t)a->incarnation << 1) | 1);
  return refOf(a);
}

clef_actor_ref clef_actor_spawn(clef_arena_pool *pool, clef_actor_type *type,
                                const void *init, int64_t size) {
  clef_actor *a = clef_actor_create(pool, type);
  void *state = NULL;
  if (size > 0) {
    state = clef_region_alloc(&a->region.pub, size, 16);
    memcpy(state, init, (size_t)size);
  }
  return clef_actor_start(a, state);
}

clef_actor_ref clef_actor_self(clef_actor *a) { return refOf(a); }

void *clef_actor_state(clef_actor *a) { return a->state; }

void clef_actor_stop(clef_actor *a) {
  if (tlsActor != a)
    clef_rt_fatal("Stop () called outside the actor's Receive");
  a->stopRequested = 1;
}

int64_t clef_actor_live(void) { return atomic_load(&liveActors); }

void clef_actor_wait_all(void) {
  if (tlsActor)
    clef_rt_fatal("Actor.waitAll () cannot be called inside an actor");
  pthread_mutex_lock(&waitLock);
  while (atomic_load(&liveActors) > 0)
    pthread_cond_wait(&waitCond, &waitLock);
  pthread_mutex_unlock(&waitLock);
}

/*===-- Dead-letter office ------------------------------------------------===*/

typedef struct DeadLetter {
  struct DeadLetter *next;
  clef_actor_type *type;
  int32_t reason;
  Envelope *envelope;
} DeadLetter;

static pthread_mutex_t deadLock = PTHREAD_MUTEX_INITIALIZER;
static DeadLetter *deadHead, *deadTail;
static int64_t deadCount;

static void deadLetter(clef_actor *a, Envelope *e) {
  DeadLetter *d = malloc(sizeof *d);
  if (!d)
    clef_rt_fatal("out of memory");
  d->next = NULL;
  d->type = a->type;
  d->reason = CLEF_DEAD_ACTOR_TERMINATED;
  d->envelope = e;
  bump(&typeRt(a->type)->deadLetters, 1);
  pthread_mutex_lock(&deadLock);
  if (deadTail)
    deadTail->next = d;
  else
    deadHead = d;
  deadTail = d;
  ++deadCount;
  pthread_mutex_unlock(&deadLock);
}

int64_t clef_dead_letter_count(void) {
  pthread_mutex_lock(&deadLock);
  int64_t n = deadCount;
  pthread_mutex_unlock(&deadLock);
  return n;
}

int64_t clef_dead_letter_drain(const clef_actor_type *type,
                               void (*fn)(void *, const clef_actor_type *,
                                          int32_t, const void *, int64_t),
                               void *ctx) {
  DeadLetter *taken = NULL, **takenTail = &taken;
  int64_t n = 0;
  pthread_mutex_lock(&deadLock);
  DeadLetter **link = &deadHead;
  deadTail = NULL;
  while (*link) {
    DeadLetter *d = *link;
    if (!type || d->type == type) {
      *link = d->next;
      d->next = NULL;
      *takenTail = d;
      takenTail = &d->next;
      ++n;
      --deadCount;
    } else {
      deadTail = d;
      link = &d->next;
    }
  }
  pthread_mutex_unlock(&deadLock);
  for (DeadLetter *d = taken, *next; d; d = next) {
    next = d->next;
    if (fn)
      fn(ctx, d->type, d->reason, d->envelope->payload, d->envelope->size);
    freeEnvelope(d->envelope);
    free(d);
  }
  return n;
}

/*===-- Sending -----------------------------------------------------------===*/

static void deliver(clef_actor_ref to, Envelope *e) {
  clef_actor *a = lookup(to);
  if (!a || (uint32_t)to == 0)
    clef_rt_fatal("invalid actor reference %llu", (unsigned long long)to);
  uint64_t alive = ((uint64_t)(uint32_t)to << 1) | 1;
  /* The pin: a stopping actor waits for senders to reach zero before it
   * drains, so a send that saw it alive lands before the drain. */
  atomic_fetch_add(&a->senders, 1);
  if (atomic_load(&a->life) != alive) {
    atomic_fetch_sub(&a->senders, 1);
    deadLetter(a, e);
    return;
  }
  mailboxPush(&a->mailbox, &e->node);
  int32_t idle = kActorIdle;
  if (atomic_compare_exchange_strong(&a->sched, &idle, kActorScheduled))
    clef_sched_submit(a);
  atomic_fetch_sub(&a->senders, 1);
}

void clef_actor_send(clef_actor_ref to, const void *msg, int64_t size) {
  deliver(to, newEnvelope(msg, size));
}

void clef_actor_send_region(clef_actor_ref to, const void *msg, int64_t size,
                            clef_region *region) {
  if (region && region->kind != CLEF_REGION_ARENA)
    clef_rt_fatal("a message region must be an arena region");
  Envelope *e = newEnvelope(msg, size);
  e->region = region;
  deliver(to, e);
}

/*===-- Running -----------------------------------------------------------===*/

static void reportFailure(const char *exn, const char *msg, size_t len) {
  clef_actor *a = tlsActor;
  char what[256] = "";
  if (a->type->describe && tlsEnvelope) {
    char buf[200];
    buf[0] = '\0';
    a->type->describe(tlsEnvelope->payload, buf, sizeof buf);
    buf[sizeof buf - 1] = '\0';
    snprintf(what, sizeof what, " handling %s", buf);
  }
  char line[1024];
  int n = snprintf(line, sizeof line, "clef: actor %s stopped%s: %s: %.*s\n",
                   a->type->name, what, exn, (int)len, msg);
  if (n >= (int)sizeof line)
    n = (int)sizeof line - 1;
  clef_rt_err_write(line, (size_t)n);
}

static void unhandledHook(const char *exn, const char *msg, size_t len) {
  if (!tlsInHandler)
    return;
  reportFailure(exn, msg, len);
  tlsInHandler = 0;
  longjmp(tlsFailure, 1);
}

/* Bytes a region holds: full arenas before the newest, the newest up to
 * cur, and large mappings whole. */
static int64_t usedBytes(ArenaRegion *r) {
  int64_t used = 0;
  for (Arena *l = r->large; l; l = l->next)
    used += l->size;
  int first = 1;
  for (Arena *a = r->arenas; a; a = a->next) {
    used += first ? r->pub.cur - (char *)(a + 1) : a->size - (int64_t)sizeof *a;
    first = 0;
  }
  return used;
}

static void copyLiveState(clef_actor *a) {
  ArenaRegion fresh;
  clef_arena_region_init(&fresh, a->region.pool, &a->trt->c, NULL, 0);
  void *state = a->type->copy_state(a->state, &fresh.pub);
  clef_arena_count_copy(a->region.pool, &a->trt->c, usedBytes(&fresh));
  clef_arena_region_reset(&a->region);
  clef_arena_region_move(&a->region, &fresh);
  a->state = state;
  markRegion(a);
}

static void afterMessage(clef_actor *a) {
  int32_t trigger = a->region.pool->cfg.trigger;
  if (trigger == CLEF_ON_ACTOR_TERMINATION)
    return;
  int grew = a->region.numArenas > a->markArenas;
  int allocated = grew || a->region.pub.cur != a->markCur;
  if (trigger == CLEF_ON_ARENA_FULL ? grew : allocated)
    copyLiveState(a);
}

static void handle(clef_actor *a, Envelope *e) {
  ArenaRegion *mr;
  if (e->region) {
    mr = (ArenaRegion *)e->region; /* released with the envelope */
  } else {
    mr = &tlsMessageRegion;
    if (!tlsMessageRegionReady) {
      clef_arena_region_init(mr, a->region.pool, &a->trt->c, NULL, 0);
      tlsMessageRegionReady = 1;
    }
    mr->pool = a->region.pool;
    mr->owner = &a->trt->c;
  }
  tlsEnvelope = e;
  volatile int failed = 0;
  if (setjmp(tlsFailure) == 0) {
    tlsInHandler = 1;
    a->type->receive(a, a->state, e->payload, &mr->pub);
    tlsInHandler = 0;
  } else {
    failed = 1;
  }
  tlsEnvelope = NULL;
  bump(&a->trt->messages, 1);
  if (!e->region)
    clef_arena_region_reset(mr);
  freeEnvelope(e);
  if (failed) {
    bump(&a->trt->failed, 1);
    a->stopRequested = 1;
  } else if (!a->stopRequested) {
    afterMessage(a);
  }
}

static int64_t nowNs(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void terminate(clef_actor *a) {
  atomic_store(&a->life, (uint64_t)a->incarnation << 1);
  while (atomic_load(&a->senders) != 0)
    sched_yield();
  for (MsgNode *n; (n = mailboxPop(&a->mailbox));)
    deadLetter(a, (Envelope *)n);
  int64_t arenas = a->region.numArenas;
  int64_t t0 = nowNs();
  clef_arena_region_reset(&a->region);
  int64_t t1 = nowNs();
  bump(&a->trt->releaseNs, t1 - t0);
  bump(&a->trt->releaseArenas, arenas);
  a->state = NULL;
  bump(&a->trt->stopped, 1);
  ActorTypeRt *t = a->trt;
  pthread_mutex_lock(&t->freeLock);
  a->runNext = t->freeSlots;
  t->freeSlots = a;
  pthread_mutex_unlock(&t->freeLock);
  if (atomic_fetch_sub(&liveActors, 1) == 1) {
    pthread_mutex_lock(&waitLock);
    pthread_cond_broadcast(&waitCond);
    pthread_mutex_unlock(&waitLock);
  }
}

void clef_actor_run(clef_actor *a) {
  tlsActor = a;
  int more = 0;
  for (int n = 0;; ++n) {
    if (n == kBatch) {
      more = 1;
      break;
    }
    MsgNode *node = mailboxPop(&a->mailbox);
    if (!node)
      break;
    handle(a, (Envelope *)node);
    if (a->stopRequested) {
      terminate(a);
      tlsActor = NULL;
      return;
    }
    if (!clef_sched_has_slot()) {
      /* This thread blocked in the receive and gave its slot away: let a
       * worker run the rest of the mailbox. */
      more = 1;
      break;
    }
  }
  tlsActor = NULL;
  if (more) {
    clef_sched_submit(a);
    return;
  }
  /* Read as the consumer, before giving the actor up. */
  int pending = a->mailbox.tail != &a->mailbox.stub;
  /* Pinned like a sender: once idle, another worker may run and stop the
   * actor, and its slot must not be reused before this check is done. */
  atomic_fetch_add(&a->senders, 1);
  atomic_store(&a->sched, kActorIdle);
  if (pending || atomic_load(&a->mailbox.head) != &a->mailbox.stub) {
    int32_t idle = kActorIdle;
    if (atomic_compare_exchange_strong(&a->sched, &idle, kActorScheduled)) {
      if (!pending)
        sched_yield(); /* a producer is between its exchange and its link */
      clef_sched_submit(a);
    }
  }
  atomic_fetch_sub(&a->senders, 1);
}

/*===-- Reply channels ----------------------------------------------------===*/

struct clef_reply_channel {
  pthread_mutex_t lock;
  pthread_cond_t done;
  int32_t replied;
  int64_t size;
  clef_region *region;
  _Alignas(16) char value[kReplyBytes];
};

clef_reply_channel *clef_reply_channel_create(clef_region *region) {
  clef_reply_channel *ch = malloc(sizeof *ch);
  if (!ch)
    clef_rt_fatal("out of memory");
  pthread_mutex_init(&ch->lock, NULL);
  pthread_cond_init(&ch->done, NULL);
  ch->replied = 0;
  ch->size = 0;
  ch->region = region;
  return ch;
}

clef_region *clef_reply_channel_region(clef_reply_channel *ch) {
  return ch->region;
}

void clef_reply(clef_reply_channel *ch, const void *value, int64_t size) {
  if (size < 0 || size > kReplyBytes)
    clef_rt_fatal("invalid reply size %lld", (long long)size);
  pthread_mutex_lock(&ch->lock);
  if (ch->replied) {
    pthread_mutex_unlock(&ch->lock);
    clef_rt_fatal("a reply channel was replied to twice");
  }
  if (size)
    memcpy(ch->value, value, (size_t)size);
  ch->size = size;
  ch->replied = 1;
  pthread_cond_signal(&ch->done);
  pthread_mutex_unlock(&ch->lock);
}

void clef_reply_wait(clef_reply_channel *ch, void *out, int64_t size) {
  pthread_mutex_lock(&ch->lock);
  if (!ch->replied) {
    pthread_mutex_unlock(&ch->lock);
    /* Blocking inside a receive: let another thread take this worker's
     * place first, so only this actor waits. */
    if (tlsActor)
      clef_sched_block_begin();
    pthread_mutex_lock(&ch->lock);
    while (!ch->replied)
      pthread_cond_wait(&ch->done, &ch->lock);
  }
  int64_t n = size < ch->size ? size : ch->size;
  if (n > 0)
    memcpy(out, ch->value, (size_t)n);
  pthread_mutex_unlock(&ch->lock);
  pthread_mutex_destroy(&ch->lock);
  pthread_cond_destroy(&ch->done);
  free(ch);
}

void clef_actor_post_and_reply(clef_actor_ref to, int64_t size,
                               void (*build)(void *, clef_reply_channel *,
                                             void *),
                               void *ctx, clef_region *replyRegion, void *out,
                               int64_t outSize) {
  clef_reply_channel *ch = clef_reply_channel_create(replyRegion);
  Envelope *e = newEnvelope(NULL, size);
  build(ctx, ch, e->payload);
  deliver(to, e);
  clef_reply_wait(ch, out, outSize);
}

/*===-- Statistics --------------------------------------------------------===*/

static void reportStats(void) {
  if (!clef_arena_stats_enabled())
    return;
  clef_arena_report_stats();
  pthread_mutex_lock(&typesLock);
  ActorTypeRt *order[256];
  int n = 0;
  for (ActorTypeRt *t = allTypes; t && n < 256; t = t->next)
    order[n++] = t;
  pthread_mutex_unlock(&typesLock);
  for (int i = n; i-- > 0;) {
    clef_actor_type_stats s;
    clef_actor_type_get_stats(order[i]->type, &s);
    char line[512];
    int len = snprintf(
        line, sizeof line,
        "clef: actor type %s: spawned %lld, stopped %lld, failed %lld, "
        "messages %lld, dead letters %lld, arenas taken %lld, returned "
        "%lld, copies %lld, copied bytes %lld, peak bytes %lld\n",
        order[i]->type->name, (long long)s.spawned, (long long)s.stopped,
        (long long)s.failed, (long long)s.messages, (long long)s.dead_letters,
        (long long)s.arenas_taken, (long long)s.arenas_returned,
        (long long)s.copies, (long long)s.copied_bytes,
        (long long)s.peak_bytes);
    clef_rt_err_write(line, (size_t)len);
  }
}

static pthread_once_t hooksOnce = PTHREAD_ONCE_INIT;

static void setHooks(void) {
  clef_rt_unhandled_hook = unhandledHook;
  clef_rt_stats_hook = reportStats;
}

static void installHooks(void) { pthread_once(&hooksOnce, setHooks); }

void clef_actor_install_hooks(void) { installHooks(); }

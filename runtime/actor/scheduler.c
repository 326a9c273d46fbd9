/*===- scheduler.c - Work-stealing scheduler over worker threads --*- C -*-===*
 *
 * CLEF_WORKERS worker *slots* (default: one per online core), each with a
 * Chase-Lev deque of runnable actors. A thread holding a slot runs actors
 * from its own deque, then from the injection queue (where threads without
 * a slot, such as main, submit), then steals from the other slots.
 *
 * Blocking compensation: a handler that blocks (PostAndReply) gives its
 * slot to a spare thread (started on demand), so CLEF_WORKERS threads keep
 * running actors whatever blocks. When the reply comes, the blocked thread
 * finishes its message without a slot, reschedules the actor and becomes a
 * spare itself. No actor ever waits behind another actor's blocked call.
 *
 * Idle workers sleep on a condition variable. A sleeper registers itself
 * (sleepers++) and then looks for work once more; a submitter publishes the
 * work and then reads sleepers: with both sequentially consistent, either
 * the sleeper sees the work or the submitter sees the sleeper.
 *
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "actor_internal.h"
#include "deque.h"

#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct Slot {
  Deque deque;
  int32_t id;
  uint32_t rng;
} Slot;

typedef struct Thread {
  Slot *slot; /* NULL while blocked in a receive or parked as a spare */
  pthread_cond_t wake;
  struct Thread *nextSpare;
} Thread;

static int32_t numSlots;
static Slot *slots;
static pthread_once_t startOnce = PTHREAD_ONCE_INIT;

static __thread Thread *tlsThread;

/* Threads without a slot submit here. FIFO, intrusive through runNext. */
static pthread_mutex_t injectLock = PTHREAD_MUTEX_INITIALIZER;
static clef_actor *injectHead, *injectTail;
static _Atomic int64_t injectCount;

static pthread_mutex_t idleLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t idleCond = PTHREAD_COND_INITIALIZER;
static _Atomic int32_t sleepers;

static pthread_mutex_t spareLock = PTHREAD_MUTEX_INITIALIZER;
static Thread *spares;

static void inject(clef_actor *a) {
  pthread_mutex_lock(&injectLock);
  a->runNext = NULL;
  if (injectTail)
    injectTail->runNext = a;
  else
    injectHead = a;
  injectTail = a;
  atomic_fetch_add(&injectCount, 1);
  pthread_mutex_unlock(&injectLock);
}

static clef_actor *injectPop(void) {
  if (atomic_load(&injectCount) == 0)
    return NULL;
  pthread_mutex_lock(&injectLock);
  clef_actor *a = injectHead;
  if (a) {
    injectHead = a->runNext;
    if (!injectHead)
      injectTail = NULL;
    atomic_fetch_sub(&injectCount, 1);
  }
  pthread_mutex_unlock(&injectLock);
  return a;
}

static void wakeOne(void) {
  if (atomic_load(&sleepers) > 0) {
    pthread_mutex_lock(&idleLock);
    pthread_cond_signal(&idleCond);
    pthread_mutex_unlock(&idleLock);
  }
}

void clef_sched_submit(clef_actor *a) {
  Thread *t = tlsThread;
  if (t && t->slot)
    dequePush(&t->slot->deque, a);
  else
    inject(a);
  wakeOne();
}

static clef_actor *findWork(Slot *s) {
  clef_actor *a = dequePop(&s->deque);
  if (a)
    return a;
  if ((a = injectPop()))
    return a;
  for (int round = 0; round < 4; ++round) {
    int lost = 0;
    s->rng = s->rng * 1103515245u + 12345u;
    int32_t start = (int32_t)((s->rng >> 8) % (uint32_t)numSlots);
    for (int32_t k = 0; k < numSlots; ++k) {
      Slot *v = &slots[(start + k) % numSlots];
      if (v == s)
        continue;
      int lostHere;
      a = dequeSteal(&v->deque, &lostHere);
      if (a)
        return a;
      lost |= lostHere;
    }
    if (!lost)
      break;
  }
  return NULL;
}

static clef_actor *idleWait(Slot *s) {
  pthread_mutex_lock(&idleLock);
  atomic_fetch_add(&sleepers, 1);
  clef_actor *a = findWork(s);
  if (!a)
    pthread_cond_wait(&idleCond, &idleLock);
  atomic_fetch_sub(&sleepers, 1);
  pthread_mutex_unlock(&idleLock);
  return a;
}

static void parkSpare(Thread *t) {
  pthread_mutex_lock(&spareLock);
  t->nextSpare = spares;
  spares = t;
  while (!t->slot)
    pthread_cond_wait(&t->wake, &spareLock);
  pthread_mutex_unlock(&spareLock);
}

static void *threadMain(void *arg) {
  Thread *t = arg;
  tlsThread = t;
  for (;;) {
    if (!t->slot) {
      parkSpare(t);
      continue;
    }
    clef_actor *a = findWork(t->slot);
    if (!a)
      a = idleWait(t->slot);
    if (a)
      clef_actor_run(a);
  }
  return NULL;
}

static void startThread(Slot *s) {
  Thread *t = calloc(1, sizeof *t);
  if (!t)
    clef_rt_fatal("out of memory");
  t->slot = s;
  pthread_cond_init(&t->wake, NULL);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t tid;
  int err = pthread_create(&tid, &attr, threadMain, t);
  pthread_attr_destroy(&attr);
  if (err)
    clef_rt_fatal("cannot start a worker thread (error %d)", err);
}

static void giveSlot(Slot *s) {
  pthread_mutex_lock(&spareLock);
  Thread *t = spares;
  if (t) {
    spares = t->nextSpare;
    t->slot = s;
    pthread_cond_signal(&t->wake);
  }
  pthread_mutex_unlock(&spareLock);
  if (!t)
    startThread(s);
}

int clef_sched_block_begin(void) {
  Thread *t = tlsThread;
  if (!t || !t->slot)
    return 0;
  Slot *s = t->slot;
  t->slot = NULL;
  giveSlot(s);
  return 1;
}

int clef_sched_on_worker(void) { return tlsThread != NULL; }

int clef_sched_has_slot(void) { return tlsThread && tlsThread->slot; }

static int32_t parseWorkers(void) {
  const char *text = getenv("CLEF_WORKERS");
  if (text && *text) {
    char *end;
    errno = 0;
    long n = strtol(text, &end, 10);
    if (*end || errno || n < 1 || n > 1024)
      clef_rt_fatal("invalid CLEF_WORKERS: expected a number of worker "
                    "threads from 1 to 1024 (CLEF_WORKERS=%s)",
                    text);
    return (int32_t)n;
  }
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  return cores < 1 ? 1 : cores > 1024 ? 1024 : (int32_t)cores;
}

static void start(void) {
  numSlots = parseWorkers();
  slots = calloc((size_t)numSlots, sizeof *slots);
  if (!slots)
    clef_rt_fatal("out of memory");
  for (int32_t i = 0; i < numSlots; ++i) {
    dequeInit(&slots[i].deque);
    slots[i].id = i;
    slots[i].rng = 0x9E3779B9u * (uint32_t)(i + 1);
  }
  for (int32_t i = 0; i < numSlots; ++i)
    startThread(&slots[i]);
}

void clef_sched_start(void) { pthread_once(&startOnce, start); }

int32_t clef_actor_workers(void) {
  clef_sched_start();
  return numSlots;
}

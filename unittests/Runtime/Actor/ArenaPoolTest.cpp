//===- ArenaPoolTest.cpp - Arena pools and actor regions ------------------===//
//
// Each strategy and cleanup trigger of CONCURRENCY.md's arena pools has a
// test showing its observable difference: OS calls after start under
// Predictable, RSS after each message under Immediate, live-state copies
// under OnArenaFull. Creating a pool makes it the default, so every test
// that creates one puts a default-configured pool back afterwards.
//
//===----------------------------------------------------------------------===//

#include "ActorTestUtil.h"

#include <gtest/gtest.h>

#include <atomic>
#include <vector>

using namespace clef_actor_test;

namespace {

constexpr int64_t KB = 1024, MB = 1024 * KB;

void restoreDefaultPool() {
  clef_arena_config c{1 * MB, 16, CLEF_FAST_RELEASE, CLEF_ON_ACTOR_TERMINATION};
  clef_arena_pool_create(&c);
}

clef_pool_stats poolStats(clef_arena_pool *p) {
  clef_pool_stats s;
  clef_arena_pool_stats(p, &s);
  return s;
}

clef_actor_type_stats typeStats(clef_actor_type *t) {
  clef_actor_type_stats s;
  clef_actor_type_get_stats(t, &s);
  return s;
}

/// The allocation sequence generated code emits inline.
void *inlineBump(clef_region *r, int64_t size, int64_t align) {
  uintptr_t p =
      ((uintptr_t)r->cur + (uintptr_t)align - 1) & ~((uintptr_t)align - 1);
  if (p + (uintptr_t)size <= (uintptr_t)r->end) {
    r->cur = reinterpret_cast<char *>(p + size);
    return reinterpret_cast<void *>(p);
  }
  return clef_region_alloc_slow(r, size, align);
}

TEST(ArenaPool, TheDefaultPoolIsOneMegabyteFastReleaseOnTermination) {
  clef_arena_config c;
  clef_arena_pool_config(clef_arena_pool_default(), &c);
  EXPECT_EQ(c.arena_size, 1 * MB);
  EXPECT_EQ(c.strategy, CLEF_FAST_RELEASE);
  EXPECT_EQ(c.trigger, CLEF_ON_ACTOR_TERMINATION);
  // The latest created pool is the default.
  clef_arena_config d{64 * KB, 3, CLEF_FAST_RELEASE, CLEF_ON_ACTOR_TERMINATION};
  clef_arena_pool *p = clef_arena_pool_create(&d);
  EXPECT_EQ(clef_arena_pool_default(), p);
  restoreDefaultPool();
  EXPECT_NE(clef_arena_pool_default(), p);
}

TEST(ArenaPool, ArenaRegionsGrowByWholeArenasAndBumpInline) {
  clef_arena_config c{64 * KB, 4, CLEF_FAST_RELEASE, CLEF_ON_ACTOR_TERMINATION};
  clef_arena_pool *pool = clef_arena_pool_create(&c);
  clef_region *r = clef_arena_region_create(pool);
  EXPECT_EQ(r->kind, CLEF_REGION_ARENA);
  EXPECT_EQ(r->cur, nullptr); // no arena until the first allocation
  std::vector<char *> ps;
  for (int i = 0; i < 3000; ++i) {
    auto *p = static_cast<char *>(inlineBump(r, 40, 8));
    std::memset(p, i & 0xff, 40);
    ps.push_back(p);
  }
  for (int i = 0; i < 3000; ++i)
    ASSERT_EQ((unsigned char)ps[i][39], (unsigned)(i & 0xff));
  // 3000 * 40 bytes need two 64 KB arenas.
  EXPECT_EQ(clef_arena_region_arenas(r), 2);
  EXPECT_EQ(clef_region_bytes(r), 128 * KB);
  // Bigger than an arena: a dedicated mapping.
  void *big = clef_region_alloc(r, 100 * KB, 16);
  std::memset(big, 1, 100 * KB);
  EXPECT_EQ(clef_arena_region_arenas(r), 3);
  clef_pool_stats before = poolStats(pool);
  clef_region_release(r); // the core entry point dispatches on the kind
  clef_pool_stats after = poolStats(pool);
  EXPECT_EQ(after.arenas_returned - before.arenas_returned, 3);
  EXPECT_EQ(after.arenas_free, 2);
  EXPECT_EQ(after.bytes_in_use, 0);
  restoreDefaultPool();
}

TEST(ArenaPool, ArenasBeyondPoolSizeGoBackToTheOS) {
  clef_arena_config c{64 * KB, 2, CLEF_FAST_RELEASE, CLEF_ON_ACTOR_TERMINATION};
  clef_arena_pool *pool = clef_arena_pool_create(&c);
  clef_region *r = clef_arena_region_create(pool);
  for (int i = 0; i < 5; ++i)
    clef_region_alloc(r, 60 * KB, 8); // one arena each
  EXPECT_EQ(clef_arena_region_arenas(r), 5);
  clef_arena_region_release(r);
  clef_pool_stats s = poolStats(pool);
  EXPECT_EQ(s.os_maps, 5);
  EXPECT_EQ(s.os_unmaps, 3);
  EXPECT_EQ(s.arenas_free, 2);
  // The kept arenas are reused: no new mapping.
  r = clef_arena_region_create(pool);
  clef_region_alloc(r, 60 * KB, 8);
  clef_region_alloc(r, 60 * KB, 8);
  EXPECT_EQ(poolStats(pool).os_maps, 5);
  clef_arena_region_release(r);
  restoreDefaultPool();
}

TEST(ArenaPool, BulkOperationsArenasAreHugePageAligned) {
  clef_arena_config c{2 * MB, 1, CLEF_BULK_OPERATIONS,
                      CLEF_ON_ACTOR_TERMINATION};
  clef_arena_pool *pool = clef_arena_pool_create(&c);
  clef_region *r = clef_arena_region_create(pool);
  char *p = static_cast<char *>(clef_region_alloc(r, 64, 8));
  EXPECT_EQ(((uintptr_t)(p - 16)) % (2 * MB), 0u);
  clef_arena_region_release(r);
  restoreDefaultPool();
}

TEST(ArenaPool, InvalidConfigurationsAreReported) {
  clef_arena_config bad{1000, 4, CLEF_FAST_RELEASE, CLEF_ON_ACTOR_TERMINATION};
  EXPECT_EXIT(clef_arena_pool_create(&bad), testing::ExitedWithCode(1),
              "invalid arena configuration: ArenaSize must be a multiple");
  clef_arena_config neg{64 * KB, -1, CLEF_FAST_RELEASE,
                        CLEF_ON_ACTOR_TERMINATION};
  EXPECT_EXIT(clef_arena_pool_create(&neg), testing::ExitedWithCode(1),
              "PoolSize must not be negative");
}

/*===-- Predictable: no OS call after start -------------------------------===*/

struct Chunky {
  int32_t dummy;
};

clef_actor_type chunkyType =
    makeType("Chunky", [](clef_actor *self, void *, void *m, clef_region *) {
      int32_t v = *static_cast<int32_t *>(m);
      if (v < 0) {
        clef_actor_stop(self);
        return;
      }
      // 40 KB in the actor's region: a fresh 64 KB arena each time.
      void *p = clef_region_alloc(clef_actor_region(self), 40 * KB, 8);
      std::memset(p, v, 40 * KB);
    });

/// Twenty actors one after the other, each taking three arenas.
void chunkyWorkload(clef_arena_pool *pool) {
  for (int i = 0; i < 20; ++i) {
    clef_actor *a = clef_actor_create(pool, &chunkyType);
    clef_actor_ref r = clef_actor_start(a, nullptr);
    for (int32_t k = 0; k < 3; ++k)
      send(r, k);
    send(r, int32_t{-1});
    clef_actor_wait_all();
  }
}

TEST(ArenaPool, PredictableMakesNoSystemCallAfterStart) {
  clef_arena_config p{64 * KB, 8, CLEF_PREDICTABLE, CLEF_ON_ACTOR_TERMINATION};
  clef_arena_pool *predictable = clef_arena_pool_create(&p);
  clef_pool_stats s0 = poolStats(predictable);
  EXPECT_EQ(s0.arenas_free, 8); // reserved and touched at creation
  chunkyWorkload(predictable);
  clef_pool_stats s = poolStats(predictable);
  EXPECT_EQ(s.os_maps_after_start, 0);
  EXPECT_EQ(s.os_unmaps, 0);
  EXPECT_EQ(s.arenas_taken, 60);

  // The same workload on a FastRelease pool keeping no arena maps each one.
  clef_arena_config f{64 * KB, 0, CLEF_FAST_RELEASE, CLEF_ON_ACTOR_TERMINATION};
  clef_arena_pool *fast = clef_arena_pool_create(&f);
  chunkyWorkload(fast);
  EXPECT_EQ(poolStats(fast).os_maps_after_start, 60);

  // A Predictable pool that runs out says so instead of calling the OS.
  clef_arena_config tiny{64 * KB, 1, CLEF_PREDICTABLE,
                         CLEF_ON_ACTOR_TERMINATION};
  clef_arena_pool *t = clef_arena_pool_create(&tiny);
  EXPECT_EXIT(
      {
        clef_region *r = clef_arena_region_create(t);
        clef_region_alloc(r, 40 * KB, 8);
        clef_region_alloc(r, 40 * KB, 8);
      },
      testing::ExitedWithCode(1), "arena pool exhausted");
  restoreDefaultPool();
}

/*===-- Live-state copies: Immediate and OnArenaFull ----------------------===*/

struct Node {
  int64_t value;
  Node *next;
};

/// The actor's fields: a count, the last few values (live) and a blob
/// replaced by each message (the old one is garbage).
struct Keeper {
  int64_t count;
  Node *recent;
  char *blob;
  int64_t blobSize;
};

/// What the compiler will generate from the class: a deep copy of the
/// fields and what they reach.
void *copyKeeper(void *state, clef_region *to) {
  auto *s = static_cast<Keeper *>(state);
  auto *n = static_cast<Keeper *>(clef_region_alloc(to, sizeof(Keeper), 8));
  *n = *s;
  Node **link = &n->recent;
  for (Node *x = s->recent; x; x = x->next) {
    auto *c = static_cast<Node *>(clef_region_alloc(to, sizeof(Node), 8));
    c->value = x->value;
    *link = c;
    link = &c->next;
  }
  *link = nullptr;
  if (s->blob) {
    n->blob = static_cast<char *>(clef_region_alloc(to, s->blobSize, 8));
    std::memcpy(n->blob, s->blob, (size_t)s->blobSize);
  }
  return n;
}

struct KeeperMsg {
  int32_t kind; // 0 add value, 1 ask sum, 2 stop
  int32_t value;
  int64_t blobSize;
  clef_reply_channel *ch;
};

clef_actor_type keeperType = makeType(
    "Keeper",
    [](clef_actor *self, void *st, void *m, clef_region *) {
      auto *s = static_cast<Keeper *>(st);
      auto *msg = static_cast<KeeperMsg *>(m);
      clef_region *r = clef_actor_region(self);
      if (msg->kind == 2) {
        clef_actor_stop(self);
        return;
      }
      if (msg->kind == 1) {
        int64_t sum = s->count * 1000000;
        for (Node *x = s->recent; x; x = x->next)
          sum += x->value;
        clef_reply(msg->ch, &sum, sizeof sum);
        return;
      }
      ++s->count;
      auto *n = static_cast<Node *>(clef_region_alloc(r, sizeof(Node), 8));
      n->value = msg->value;
      n->next = s->recent;
      // Keep the last four values live; the rest become garbage.
      int k = 0;
      for (Node *x = n; x; x = x->next)
        if (++k == 4)
          x->next = nullptr;
      s->recent = n;
      if (msg->blobSize) {
        s->blob = static_cast<char *>(clef_region_alloc(r, msg->blobSize, 8));
        std::memset(s->blob, msg->value, (size_t)msg->blobSize);
        s->blobSize = msg->blobSize;
      }
    },
    copyKeeper);

void buildSumAsk(void *, clef_reply_channel *ch, void *msg) {
  *static_cast<KeeperMsg *>(msg) = KeeperMsg{1, 0, 0, ch};
}

int64_t askSum(clef_actor_ref r) {
  int64_t sum = -1;
  clef_actor_post_and_reply(r, sizeof(KeeperMsg), buildSumAsk, nullptr, nullptr,
                            &sum, sizeof sum);
  return sum;
}

clef_actor_ref spawnKeeper(clef_arena_pool *pool) {
  clef_actor *a = clef_actor_create(pool, &keeperType);
  auto *s = static_cast<Keeper *>(
      clef_region_alloc(clef_actor_region(a), sizeof(Keeper), 8));
  *s = Keeper{0, nullptr, nullptr, 0};
  return clef_actor_start(a, s);
}

/// RSS after each of `n` messages that each replace a 200 KB blob.
std::vector<int64_t> rssPerMessage(clef_arena_pool *pool, int n) {
  clef_actor_ref k = spawnKeeper(pool);
  std::vector<int64_t> rss;
  for (int i = 0; i < n; ++i) {
    send(k, KeeperMsg{0, i, 200 * KB, nullptr});
    askSum(k); // the message, and its copy, are done
    rss.push_back(rssBytes());
  }
  // The live state survived every copy: count and the last four values.
  int64_t expect = (int64_t)n * 1000000 + (n - 1) + (n - 2) + (n - 3) + (n - 4);
  EXPECT_EQ(askSum(k), expect);
  send(k, KeeperMsg{2, 0, 0, nullptr});
  clef_actor_wait_all();
  return rss;
}

TEST(ArenaPool, ImmediateKeepsOnlyTheLiveStateAfterEachMessage) {
  constexpr int kMessages = 60; // 12 MB of replaced blobs
  clef_arena_config im{1 * MB, 2, CLEF_FAST_RELEASE, CLEF_IMMEDIATE};
  clef_arena_pool *immediate = clef_arena_pool_create(&im);
  std::vector<int64_t> a = rssPerMessage(immediate, kMessages);
  clef_pool_stats s = poolStats(immediate);
  // Every message that allocated was followed by a copy.
  EXPECT_EQ(s.copies, kMessages);
  EXPECT_GE(s.copied_bytes, (int64_t)kMessages * 200 * KB);
  int64_t growth = a.back() - a[4];
  EXPECT_LT(growth, 3 * MB) << "RSS grew under Immediate";

  clef_arena_config term{1 * MB, 2, CLEF_FAST_RELEASE,
                         CLEF_ON_ACTOR_TERMINATION};
  clef_arena_pool *onTerm = clef_arena_pool_create(&term);
  std::vector<int64_t> b = rssPerMessage(onTerm, kMessages);
  EXPECT_EQ(poolStats(onTerm).copies, 0);
  EXPECT_GT(b.back() - b[4], 8 * MB) << "garbage should stay until the end";
  restoreDefaultPool();
}

TEST(ArenaPool, OnArenaFullCopiesTheLiveStateWhenTheRegionFills) {
  constexpr int kMessages = 500; // 2 KB each: about 1 MB of garbage
  clef_arena_config full{64 * KB, 4, CLEF_FAST_RELEASE, CLEF_ON_ARENA_FULL};
  clef_arena_pool *pool = clef_arena_pool_create(&full);
  clef_actor_ref k = spawnKeeper(pool);
  for (int i = 0; i < kMessages; ++i)
    send(k, KeeperMsg{0, i, 2 * KB, nullptr});
  int64_t expect = (int64_t)kMessages * 1000000 + (kMessages - 1) +
                   (kMessages - 2) + (kMessages - 3) + (kMessages - 4);
  EXPECT_EQ(askSum(k), expect);
  send(k, KeeperMsg{2, 0, 0, nullptr});
  clef_actor_wait_all();
  clef_pool_stats s = poolStats(pool);
  // About one copy per 64 KB of garbage: some, and far fewer than messages.
  EXPECT_GE(s.copies, 10);
  EXPECT_LE(s.copies, kMessages / 10);
  // Each copy holds only the live state: the fields, four nodes, one blob.
  EXPECT_LE(s.copied_bytes, s.copies * (int64_t)(3 * KB));
  EXPECT_LE(s.peak_bytes, 4 * 64 * KB);
  restoreDefaultPool();
}

TEST(ArenaPool, CopyingTriggersNeedACopyFunction) {
  clef_arena_config full{64 * KB, 4, CLEF_FAST_RELEASE, CLEF_ON_ARENA_FULL};
  clef_arena_pool *pool = clef_arena_pool_create(&full);
  EXPECT_EXIT(clef_actor_create(pool, &chunkyType), testing::ExitedWithCode(1),
              "actor type Chunky has no live-state copy function");
  restoreDefaultPool();
}

/*===-- Termination reclaims the region -----------------------------------===*/

TEST(ArenaPool, TerminationReclaimsEveryArena) {
  clef_arena_config c{64 * KB, 64, CLEF_FAST_RELEASE,
                      CLEF_ON_ACTOR_TERMINATION};
  clef_arena_pool *pool = clef_arena_pool_create(&c);
  clef_actor_type_stats before = typeStats(&chunkyType);
  clef_actor *a = clef_actor_create(pool, &chunkyType);
  clef_actor_ref r = clef_actor_start(a, nullptr);
  for (int32_t k = 0; k < 10; ++k)
    send(r, k);
  send(r, int32_t{-1});
  clef_actor_wait_all();
  clef_actor_type_stats after = typeStats(&chunkyType);
  EXPECT_EQ(after.release_arenas - before.release_arenas, 10);
  EXPECT_EQ(after.arenas_taken - before.arenas_taken,
            after.arenas_returned - before.arenas_returned);
  EXPECT_EQ(poolStats(pool).bytes_in_use, 0);
  restoreDefaultPool();
}

TEST(ArenaPool, StatisticsArePrintedPerPoolAndPerActorType) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  auto run = [] {
    setenv("CLEF_REGION_STATS", "1", 1);
    clef_rt_init(0, nullptr);
    clef_arena_config c{64 * KB, 2, CLEF_PREDICTABLE, CLEF_IMMEDIATE};
    clef_arena_pool *pool = clef_arena_pool_create(&c);
    clef_actor_ref k = spawnKeeper(pool);
    send(k, KeeperMsg{0, 1, 1 * KB, nullptr});
    send(k, KeeperMsg{2, 0, 0, nullptr});
    clef_actor_wait_all();
    clef_rt_exit(0);
  };
  EXPECT_EXIT(
      run(), testing::ExitedWithCode(0),
      "clef: pool 0 \\(Predictable, Immediate, arena 65536 bytes, pool size "
      "2\\): arenas taken [0-9]+, returned [0-9]+, copies 1, copied bytes "
      "[0-9]+, peak bytes [0-9]+, os maps 1, os unmaps 0\n"
      "clef: actor type Keeper: spawned 1, stopped 1, failed 0, messages 2, "
      "dead letters 0, arenas taken");
}

} // namespace

//===- ActorStressTest.cpp - Counted stress tests -------------------------===//
//
// Every message is counted: a lost, duplicated or reordered message fails
// the test. Sizes are the full ones by default and divided by
// CLEF_STRESS_SCALE (the ThreadSanitizer run uses 10). Each test prints its
// figures (messages per second, RSS) on stdout.
//
//===----------------------------------------------------------------------===//

#include "ActorTestUtil.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <vector>

using namespace clef_actor_test;

namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

/*===-- Many actors, many messages ----------------------------------------===*/

constexpr int32_t kPerActor = 100;

std::atomic<int64_t> sinkTotal{0}, sinkBad{0}, sinkStopped{0};

struct SinkState {
  int32_t expected;
};

clef_actor_type sinkType =
    makeType("Sink", [](clef_actor *self, void *st, void *m, clef_region *) {
      auto *s = static_cast<SinkState *>(st);
      int32_t seq = *static_cast<int32_t *>(m);
      if (seq != s->expected)
        ++sinkBad;
      s->expected = seq + 1;
      sinkTotal.fetch_add(1, std::memory_order_relaxed);
      if (seq == kPerActor - 1) {
        ++sinkStopped;
        clef_actor_stop(self);
      }
    });

struct FeederState {
  clef_actor_ref *targets;
  int64_t count;
  int32_t round;
};

struct FeedMsg {
  int32_t kind; // 0 one round, 1 ack, 2 stop
  clef_reply_channel *ch;
};

clef_actor_type feederType =
    makeType("Feeder", [](clef_actor *self, void *st, void *m, clef_region *) {
      auto *s = static_cast<FeederState *>(st);
      auto *msg = static_cast<FeedMsg *>(m);
      if (msg->kind == 0) {
        for (int64_t i = 0; i < s->count; ++i)
          send(s->targets[i], s->round);
        ++s->round;
      } else if (msg->kind == 1) {
        clef_reply(msg->ch, &s->round, sizeof s->round);
      } else {
        clef_actor_stop(self);
      }
    });

void buildAck(void *, clef_reply_channel *ch, void *msg) {
  *static_cast<FeedMsg *>(msg) = FeedMsg{1, ch};
}

TEST(ActorStress, HundredThousandActorsTimesHundredMessages) {
  const int64_t actors = scaled(100000);
  constexpr int kFeeders = 4;
  std::vector<clef_actor_ref> sinks(actors);
  auto t0 = Clock::now();
  for (int64_t i = 0; i < actors; ++i) {
    SinkState s{0};
    sinks[i] = clef_actor_spawn(nullptr, &sinkType, &s, sizeof s);
  }
  double spawnSeconds = seconds(t0);
  std::vector<clef_actor_ref> feeders;
  int64_t per = actors / kFeeders;
  for (int f = 0; f < kFeeders; ++f) {
    FeederState s{sinks.data() + f * per,
                  f == kFeeders - 1 ? actors - f * per : per, 0};
    feeders.push_back(clef_actor_spawn(nullptr, &feederType, &s, sizeof s));
  }
  auto t1 = Clock::now();
  for (int32_t round = 0; round < kPerActor; ++round) {
    for (clef_actor_ref f : feeders)
      send(f, FeedMsg{0, nullptr});
    if (round % 10 == 9) // bounded backlog: wait for the feeders
      for (clef_actor_ref f : feeders) {
        int32_t r = 0;
        clef_actor_post_and_reply(f, sizeof(FeedMsg), buildAck, nullptr,
                                  nullptr, &r, sizeof r);
      }
  }
  for (clef_actor_ref f : feeders)
    send(f, FeedMsg{2, nullptr});
  clef_actor_wait_all();
  double runSeconds = seconds(t1);
  EXPECT_EQ(sinkBad.load(), 0);
  EXPECT_EQ(sinkTotal.load(), actors * kPerActor);
  EXPECT_EQ(sinkStopped.load(), actors);
  EXPECT_EQ(drain(&sinkType).count, 0);
  std::printf("[ stress ] %lld actors x %d messages: spawn %.3f s "
              "(%.0f ns/actor), %.3f s, %.2f M messages/s, %d workers, "
              "RSS %.1f MB\n",
              (long long)actors, kPerActor, spawnSeconds,
              spawnSeconds * 1e9 / (double)actors, runSeconds,
              (double)(actors * kPerActor) / runSeconds / 1e6,
              clef_actor_workers(), (double)rssBytes() / 1048576.0);
}

/*===-- Spawning and stopping children in a loop --------------------------===*/

constexpr int32_t kChildMessages = 10;
std::atomic<int64_t> childTotal{0}, childBad{0};

struct ChildState {
  int32_t expected;
  int64_t sum;
};

clef_actor_type childType =
    makeType("Child", [](clef_actor *self, void *st, void *m, clef_region *) {
      auto *s = static_cast<ChildState *>(st);
      int32_t v = *static_cast<int32_t *>(m);
      if (v < 0) {
        if (s->expected != kChildMessages)
          ++childBad;
        clef_actor_stop(self);
        return;
      }
      if (v != s->expected)
        ++childBad;
      ++s->expected;
      // Some state in the child's own region, reclaimed when it stops.
      auto *p = static_cast<int64_t *>(
          clef_region_alloc(clef_actor_region(self), 512, 8));
      p[0] = v;
      s->sum += p[0];
      childTotal.fetch_add(1, std::memory_order_relaxed);
    });

struct ParentMsg {
  int32_t kind; // 0 spawn a child, 1 ack
  clef_reply_channel *ch;
};

clef_actor_type parentType =
    makeType("Parent", [](clef_actor *self, void *, void *m, clef_region *) {
      auto *msg = static_cast<ParentMsg *>(m);
      if (msg->kind == 1) {
        int32_t ok = 1;
        clef_reply(msg->ch, &ok, sizeof ok);
        return;
      }
      if (msg->kind == 2) {
        clef_actor_stop(self);
        return;
      }
      ChildState c{0, 0};
      clef_actor_ref child =
          clef_actor_spawn(nullptr, &childType, &c, sizeof c);
      for (int32_t i = 0; i < kChildMessages; ++i)
        send(child, i);
      send(child, int32_t{-1});
    });

void buildParentAck(void *, clef_reply_channel *ch, void *msg) {
  *static_cast<ParentMsg *>(msg) = ParentMsg{1, ch};
}

TEST(ActorStress, SpawningAndStoppingChildrenKeepsRSSFlat) {
  const int64_t children = scaled(200000);
  clef_actor_ref parent = clef_actor_spawn(nullptr, &parentType, nullptr, 0);
  int64_t rssWarm = 0;
  auto t0 = Clock::now();
  for (int64_t i = 0; i < children; ++i) {
    send(parent, ParentMsg{0, nullptr});
    if (i % 1000 == 999) {
      int32_t ok = 0;
      clef_actor_post_and_reply(parent, sizeof(ParentMsg), buildParentAck,
                                nullptr, nullptr, &ok, sizeof ok);
      while (clef_actor_live() > 1 + 2000) // children still running
        usleep(100);
    }
    if (i == children / 10)
      rssWarm = rssBytes();
  }
  send(parent, ParentMsg{2, nullptr});
  clef_actor_wait_all();
  double secs = seconds(t0);
  int64_t rssEnd = rssBytes();
  int64_t messages = children * (kChildMessages + 2);
  EXPECT_EQ(childBad.load(), 0);
  EXPECT_EQ(childTotal.load(), children * kChildMessages);
  EXPECT_EQ(drain(&childType).count, 0);
  clef_actor_type_stats s;
  clef_actor_type_get_stats(&childType, &s);
  EXPECT_EQ(s.arenas_taken, s.arenas_returned);
  EXPECT_LT(rssEnd - rssWarm, 16 * 1048576) << "RSS grew";
  std::printf("[ stress ] %lld children spawned and stopped, %lld messages: "
              "%.3f s, %.2f M messages/s, RSS after 10%% %.1f MB, at the end "
              "%.1f MB\n",
              (long long)children, (long long)messages, secs,
              (double)messages / secs / 1e6, (double)rssWarm / 1048576.0,
              (double)rssEnd / 1048576.0);
}

/*===-- A failing actor among healthy ones --------------------------------===*/

constexpr int32_t kHealthyMessages = 1000;
std::atomic<int64_t> healthyTotal{0}, healthyBad{0};

clef_actor_type healthyType =
    makeType("Healthy", [](clef_actor *self, void *st, void *m, clef_region *) {
      auto *s = static_cast<SinkState *>(st);
      int32_t v = *static_cast<int32_t *>(m);
      if (v != s->expected)
        ++healthyBad;
      s->expected = v + 1;
      healthyTotal.fetch_add(1, std::memory_order_relaxed);
      if (v == kHealthyMessages - 1)
        clef_actor_stop(self);
    });

std::atomic<int64_t> fragileHandled{0};

clef_actor_type fragileType =
    makeType("Fragile", [](clef_actor *, void *, void *m, clef_region *) {
      int32_t v = *static_cast<int32_t *>(m);
      ++fragileHandled;
      if (v == kHealthyMessages / 2)
        clef_rt_index_out_of_range();
    });

TEST(ActorStress, AFailingActorAmongHealthyOnes) {
  constexpr int kHealthy = 50;
  testing::internal::CaptureStderr();
  std::vector<clef_actor_ref> healthy;
  for (int i = 0; i < kHealthy; ++i) {
    SinkState s{0};
    healthy.push_back(clef_actor_spawn(nullptr, &healthyType, &s, sizeof s));
  }
  clef_actor_ref fragile = clef_actor_spawn(nullptr, &fragileType, nullptr, 0);
  for (int32_t v = 0; v < kHealthyMessages; ++v) {
    for (clef_actor_ref h : healthy)
      send(h, v);
    send(fragile, v);
  }
  clef_actor_wait_all();
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(healthyBad.load(), 0);
  EXPECT_EQ(healthyTotal.load(), (int64_t)kHealthy * kHealthyMessages);
  EXPECT_EQ(fragileHandled.load(), kHealthyMessages / 2 + 1);
  // Everything after the failing message is a dead letter, counted.
  EXPECT_EQ(drain(&fragileType).count, kHealthyMessages / 2 - 1);
  EXPECT_EQ(drain(&healthyType).count, 0);
  EXPECT_NE(err.find("clef: actor Fragile stopped: "
                     "System.IndexOutOfRangeException"),
            std::string::npos)
      << err;
}

} // namespace

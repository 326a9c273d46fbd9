//===- ActorTest.cpp - The rules actors depend on -------------------------===//
//
// One test per rule of "Details the behaviour depends on" (stopping,
// blocking, ordering) plus one-at-a-time handling; each fails when the
// runtime breaks its rule. Tests that need a fixed number of workers run
// in a fresh process (a threadsafe death test) because the workers start
// once per process.
//
//===----------------------------------------------------------------------===//

#include "ActorTestUtil.h"

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <string>
#include <vector>

using namespace clef_actor_test;

namespace {

/*===-- Ordering per sender-receiver pair ---------------------------------===*/

constexpr int kSenders = 4;
constexpr int kBursts = 40;
constexpr int kBurst = 100;

struct OrderMsg {
  int32_t kind; // 0 tell, 1 ask (reply with seq), 2 stop
  int32_t sender;
  int32_t seq;
  clef_reply_channel *ch;
};

struct OrderState {
  int32_t last[kSenders + 1];
  int64_t received;
};

std::atomic<int64_t> orderViolations{0};
std::atomic<int64_t> orderReceived{0};

clef_actor_type receiverType = makeType(
    "OrderReceiver", [](clef_actor *self, void *st, void *m, clef_region *) {
      auto *s = static_cast<OrderState *>(st);
      auto *msg = static_cast<OrderMsg *>(m);
      if (msg->kind == 2) {
        orderReceived = s->received;
        clef_actor_stop(self);
        return;
      }
      if (msg->seq != s->last[msg->sender] + 1)
        ++orderViolations;
      s->last[msg->sender] = msg->seq;
      ++s->received;
      if (msg->kind == 1)
        clef_reply(msg->ch, &msg->seq, sizeof msg->seq);
    });

struct SenderState {
  clef_actor_ref to;
  int32_t id;
  int32_t next;
};

struct BurstMsg {
  int32_t stop;
};

void buildAsk(void *ctx, clef_reply_channel *ch, void *msg) {
  auto *m = static_cast<OrderMsg *>(msg);
  *m = *static_cast<OrderMsg *>(ctx);
  m->ch = ch;
}

clef_actor_type senderType = makeType(
    "OrderSender", [](clef_actor *self, void *st, void *m, clef_region *) {
      auto *s = static_cast<SenderState *>(st);
      if (static_cast<BurstMsg *>(m)->stop) {
        clef_actor_stop(self);
        return;
      }
      for (int i = 0; i < kBurst; ++i) {
        OrderMsg msg{0, s->id, s->next++, nullptr};
        if (i % 25 == 24) {
          // PostAndReply is a way of sending too: it keeps the order.
          msg.kind = 1;
          int32_t echoed = -1;
          clef_actor_post_and_reply(s->to, sizeof msg, buildAsk, &msg, nullptr,
                                    &echoed, sizeof echoed);
          if (echoed != msg.seq)
            ++orderViolations;
        } else {
          send(s->to, msg);
        }
      }
    });

TEST(ActorRules, MessagesFromOneSenderArriveInSendOrder) {
  OrderState init{};
  for (int32_t &l : init.last)
    l = -1;
  clef_actor_ref r =
      clef_actor_spawn(nullptr, &receiverType, &init, sizeof init);
  std::vector<clef_actor_ref> senders;
  for (int i = 0; i < kSenders; ++i) {
    SenderState s{r, i, 0};
    senders.push_back(clef_actor_spawn(nullptr, &senderType, &s, sizeof s));
  }
  // Bursts interleave, so each sender runs on whichever worker is free and
  // its sends come from different threads over time.
  int32_t mainSeq = 0;
  for (int b = 0; b < kBursts; ++b) {
    for (clef_actor_ref s : senders)
      send(s, BurstMsg{0});
    for (int i = 0; i < 10; ++i)
      send(r, OrderMsg{0, kSenders, mainSeq++, nullptr});
  }
  for (clef_actor_ref s : senders)
    send(s, BurstMsg{1});
  // Stop the receiver only after the senders are done.
  while (clef_actor_live() > 1)
    usleep(1000);
  send(r, OrderMsg{2, 0, 0, nullptr});
  clef_actor_wait_all();
  EXPECT_EQ(orderViolations.load(), 0);
  EXPECT_EQ(orderReceived.load(),
            (int64_t)kSenders * kBursts * kBurst + kBursts * 10);
}

/*===-- One message at a time ---------------------------------------------===*/

std::atomic<int> inside{0};
std::atomic<int64_t> overlaps{0};
std::atomic<int64_t> oneCount{0};

struct CountState {
  int64_t count; // deliberately not atomic
};

clef_actor_type exclusiveType = makeType(
    "Exclusive", [](clef_actor *self, void *st, void *m, clef_region *) {
      auto *s = static_cast<CountState *>(st);
      if (inside.fetch_add(1) != 0)
        ++overlaps;
      for (volatile int i = 0; i < 200; ++i) {
      }
      if (*static_cast<int32_t *>(m) < 0) {
        oneCount = s->count;
        clef_actor_stop(self);
      } else {
        ++s->count;
      }
      inside.fetch_sub(1);
    });

struct FanState {
  clef_actor_ref to;
};

clef_actor_type fanType =
    makeType("Fan", [](clef_actor *self, void *st, void *m, clef_region *) {
      auto *s = static_cast<FanState *>(st);
      int32_t n = *static_cast<int32_t *>(m);
      for (int32_t i = 0; i < n; ++i)
        send(s->to, int32_t{1});
      clef_actor_stop(self);
    });

TEST(ActorRules, AnActorHandlesOneMessageAtATime) {
  CountState c{0};
  clef_actor_ref x = clef_actor_spawn(nullptr, &exclusiveType, &c, sizeof c);
  constexpr int kFans = 6, kEach = 3000;
  for (int i = 0; i < kFans; ++i) {
    FanState f{x};
    send(clef_actor_spawn(nullptr, &fanType, &f, sizeof f), int32_t{kEach});
  }
  for (int i = 0; i < kEach; ++i)
    send(x, int32_t{1});
  while (clef_actor_live() > 1)
    usleep(1000);
  send(x, int32_t{-1});
  clef_actor_wait_all();
  EXPECT_EQ(overlaps.load(), 0);
  EXPECT_EQ(oneCount.load(), (int64_t)(kFans + 1) * kEach);
}

/*===-- Stopping and dead letters -----------------------------------------===*/

std::atomic<int64_t> stopHandled{0};
std::string stopSeen; // written by the actor, read after waitAll

clef_actor_type stopperType =
    makeType("Stopper", [](clef_actor *self, void *, void *m, clef_region *) {
      int32_t v = *static_cast<int32_t *>(m);
      stopSeen += std::to_string(v) + " ";
      ++stopHandled;
      if (v == 3)
        clef_actor_stop(self);
    });

TEST(ActorRules, AfterStopEveryMessageIsADeadLetter) {
  clef_actor_ref a = clef_actor_spawn(nullptr, &stopperType, nullptr, 0);
  for (int32_t v = 1; v <= 10; ++v)
    send(a, v);
  clef_actor_wait_all();
  // Handled up to the stop, and nothing after it.
  EXPECT_EQ(stopSeen, "1 2 3 ");
  // Everything else was queued or sent later: all dead letters, in order,
  // and all of them there when waitAll returned.
  DeadLetters d = drain(&stopperType);
  EXPECT_EQ(d.text, "4 5 6 7 8 9 10");
  EXPECT_EQ(d.count, 7);
  // A send after the stop goes straight to the office.
  send(a, int32_t{11});
  EXPECT_EQ(drain(&stopperType).text, "11");
  clef_actor_type_stats s;
  clef_actor_type_get_stats(&stopperType, &s);
  EXPECT_EQ(s.stopped, 1);
  EXPECT_EQ(s.messages, 3);
}

TEST(ActorRules, StopOutsideTheActorIsAnError) {
  clef_actor *a = clef_actor_create(nullptr, &stopperType);
  clef_actor_start(a, nullptr);
  EXPECT_EXIT(clef_actor_stop(a), testing::ExitedWithCode(1),
              "Stop \\(\\) called outside the actor's Receive");
  send(clef_actor_self(a), int32_t{3});
  clef_actor_wait_all();
  drain(&stopperType);
}

/*===-- A failing receive -------------------------------------------------===*/

std::string failSeen;

clef_actor_type failingType = [] {
  clef_actor_type t =
      makeType("Failing", [](clef_actor *, void *, void *m, clef_region *r) {
        int32_t v = *static_cast<int32_t *>(m);
        failSeen += std::to_string(v) + " ";
        if (v == 3) {
          static const char text[] = "boom";
          clef_string *s = clef_string_alloc(r, 4);
          std::memcpy(s->data, text, 4);
          clef_rt_failwith(s);
        }
      });
  t.describe = [](const void *m, char *buf, size_t n) {
    snprintf(buf, n, "Value %d", *static_cast<const int32_t *>(m));
  };
  return t;
}();

TEST(ActorRules, AFailingReceiveStopsOnlyThatActor) {
  testing::internal::CaptureStderr();
  clef_actor_ref a = clef_actor_spawn(nullptr, &failingType, nullptr, 0);
  CountState c{0};
  clef_actor_ref healthy =
      clef_actor_spawn(nullptr, &exclusiveType, &c, sizeof c);
  oneCount = 0;
  for (int32_t v = 1; v <= 6; ++v) {
    send(a, v);
    send(healthy, int32_t{1});
  }
  while (clef_actor_live() > 1)
    usleep(1000);
  send(healthy, int32_t{-1});
  clef_actor_wait_all();
  std::string err = testing::internal::GetCapturedStderr();
  // The failing message is reported, not dead-lettered.
  EXPECT_NE(err.find("clef: actor Failing stopped handling Value 3: "
                     "System.Exception: boom"),
            std::string::npos)
      << err;
  EXPECT_EQ(failSeen, "1 2 3 ");
  EXPECT_EQ(drain(&failingType).text, "4 5 6");
  EXPECT_EQ(oneCount.load(), 6); // the other actor went on
  clef_actor_type_stats s;
  clef_actor_type_get_stats(&failingType, &s);
  EXPECT_EQ(s.failed, 1);
  EXPECT_EQ(s.stopped, 1);
  // Outside an actor a run-time error still ends the process.
  EXPECT_EXIT(clef_rt_divide_by_zero(), testing::ExitedWithCode(1),
              "System.DivideByZeroException");
}

/*===-- Blocking PostAndReply with one worker -----------------------------===*/

struct GateMsg {
  int32_t kind; // 0: ask (reply when opened), 1: open
  clef_reply_channel *ch;
};

struct GateState {
  clef_reply_channel *waiting;
};

clef_actor_type gateType =
    makeType("Gate", [](clef_actor *self, void *st, void *m, clef_region *) {
      auto *s = static_cast<GateState *>(st);
      auto *msg = static_cast<GateMsg *>(m);
      if (msg->kind == 0) {
        s->waiting = msg->ch;
        return;
      }
      int32_t v = 42;
      clef_reply(s->waiting, &v, sizeof v);
      clef_actor_stop(self);
    });

std::atomic<int32_t> askerGot{0};

void buildGateAsk(void *, clef_reply_channel *ch, void *msg) {
  *static_cast<GateMsg *>(msg) = GateMsg{0, ch};
}

clef_actor_type askerType =
    makeType("Asker", [](clef_actor *self, void *st, void *, clef_region *) {
      clef_actor_ref gate = *static_cast<clef_actor_ref *>(st);
      int32_t v = 0;
      clef_actor_post_and_reply(gate, sizeof(GateMsg), buildGateAsk, nullptr,
                                nullptr, &v, sizeof v);
      askerGot = v;
      clef_actor_stop(self);
    });

struct AskCount {
  clef_reply_channel *ch; // NULL: count one
};

clef_actor_type counterType =
    makeType("Counter", [](clef_actor *self, void *st, void *m, clef_region *) {
      auto *s = static_cast<CountState *>(st);
      auto *msg = static_cast<AskCount *>(m);
      if (!msg->ch) {
        ++s->count;
        return;
      }
      clef_reply(msg->ch, &s->count, sizeof s->count);
      clef_actor_stop(self);
    });

void buildCountAsk(void *, clef_reply_channel *ch, void *msg) {
  *static_cast<AskCount *>(msg) = AskCount{ch};
}

/// Runs in a fresh process with one worker: the asker blocks that worker's
/// thread in PostAndReply; the counter must still run, and the gate must
/// still get the message that makes it reply.
int blockingScenario() {
  alarm(30); // a deadlock fails the test instead of hanging it
  setenv("CLEF_WORKERS", "1", 1);
  if (clef_actor_workers() != 1)
    return 2;
  GateState g{nullptr};
  clef_actor_ref gate = clef_actor_spawn(nullptr, &gateType, &g, sizeof g);
  clef_actor_ref asker =
      clef_actor_spawn(nullptr, &askerType, &gate, sizeof gate);
  send(asker, int32_t{0});
  CountState c{0};
  clef_actor_ref counter =
      clef_actor_spawn(nullptr, &counterType, &c, sizeof c);
  for (int i = 0; i < 1000; ++i)
    send(counter, AskCount{nullptr});
  int64_t counted = 0;
  clef_actor_post_and_reply(counter, sizeof(AskCount), buildCountAsk, nullptr,
                            nullptr, &counted, sizeof counted);
  if (counted != 1000 || askerGot != 0)
    return 3;
  send(gate, GateMsg{1, nullptr});
  clef_actor_wait_all();
  return askerGot == 42 ? 0 : 4;
}

TEST(ActorRules, PostAndReplyInsideReceiveBlocksOnlyThatActor) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(exit(blockingScenario()), testing::ExitedWithCode(0), "");
}

/*===-- Workers -----------------------------------------------------------===*/

TEST(ActorRules, WorkersDefaultToOnePerCoreAndObeyCLEF_WORKERS) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        setenv("CLEF_WORKERS", "3", 1);
        exit(clef_actor_workers() == 3 ? 0 : 1);
      },
      testing::ExitedWithCode(0), "");
  EXPECT_EXIT(
      {
        unsetenv("CLEF_WORKERS");
        exit(clef_actor_workers() == sysconf(_SC_NPROCESSORS_ONLN) ? 0 : 1);
      },
      testing::ExitedWithCode(0), "");
  EXPECT_EXIT(
      {
        setenv("CLEF_WORKERS", "zero", 1);
        clef_actor_workers();
      },
      testing::ExitedWithCode(1), "invalid CLEF_WORKERS");
}

TEST(ActorRules, WaitAllInsideAnActorIsAnError) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  static clef_actor_type waiter =
      makeType("Waiter", [](clef_actor *, void *, void *, clef_region *) {
        clef_actor_wait_all();
      });
  EXPECT_EXIT(
      {
        send(clef_actor_spawn(nullptr, &waiter, nullptr, 0), int32_t{0});
        sleep(20);
      },
      testing::ExitedWithCode(1), "cannot be called inside an actor");
}

} // namespace

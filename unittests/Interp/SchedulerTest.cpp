//===- SchedulerTest.cpp - The interpreter's cooperative tasks ------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "interp/Scheduler.h"

#include "gtest/gtest.h"

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using clef::interp::Scheduler;

namespace {

constexpr size_t kStack = 256u << 10;

TEST(Scheduler, TasksInterleaveThroughYield) {
  Scheduler s;
  std::vector<std::string> log;
  auto worker = [&](std::string name) {
    return [&log, &s, name] {
      for (int i = 0; i < 3; ++i) {
        log.push_back(name + std::to_string(i));
        s.yield();
      }
    };
  };
  s.spawn("a", worker("a"), kStack);
  s.spawn("b", worker("b"), kStack);
  EXPECT_TRUE(s.run());
  EXPECT_EQ(log,
            (std::vector<std::string>{"a0", "b0", "a1", "b1", "a2", "b2"}));
  EXPECT_EQ(s.finished(), (std::vector<Scheduler::TaskId>{0, 1}));
}

/// A suspension deep inside a recursion resumes with every frame intact.
int depthSum(Scheduler &s, int n, std::vector<int> &log) {
  if (n == 0) {
    log.push_back(-1);
    s.yield();
    return 0;
  }
  int local = n * 10;
  int below = depthSum(s, n - 1, log);
  log.push_back(n);
  return local + below;
}

TEST(Scheduler, SuspendsInsideRecursion) {
  Scheduler s;
  std::vector<int> log;
  int result = -1;
  s.spawn(
      "deep", [&] { result = depthSum(s, 100, log); }, kStack);
  s.spawn(
      "other", [&] { log.push_back(1000); }, kStack);
  EXPECT_TRUE(s.run());
  EXPECT_EQ(result, 50500);
  // The other task ran while the first was 100 frames deep.
  ASSERT_GE(log.size(), 2u);
  EXPECT_EQ(log[0], -1);
  EXPECT_EQ(log[1], 1000);
  EXPECT_EQ(log.back(), 100);
}

TEST(Scheduler, ParkAndWakeHandOver) {
  Scheduler s;
  std::vector<std::string> log;
  int mailbox = 0;
  Scheduler::TaskId receiver = s.spawn(
      "receiver",
      [&] {
        log.push_back("wait");
        s.park();
        log.push_back("got " + std::to_string(mailbox));
      },
      kStack);
  s.spawn(
      "sender",
      [&] {
        mailbox = 42;
        log.push_back("send");
        s.wake(receiver);
        log.push_back("sent");
      },
      kStack);
  EXPECT_TRUE(s.run());
  EXPECT_EQ(log, (std::vector<std::string>{"wait", "send", "sent", "got 42"}));
}

TEST(Scheduler, WakeBeforeParkIsKept) {
  Scheduler s;
  bool done = false;
  Scheduler::TaskId self = Scheduler::kNoTask;
  self = s.spawn(
      "t",
      [&] {
        s.wake(self);
        s.park(); // Returns at once: the wake came first.
        done = true;
      },
      kStack);
  EXPECT_TRUE(s.run());
  EXPECT_TRUE(done);
}

TEST(Scheduler, AFailingTaskDoesNotStopTheOthers) {
  Scheduler s;
  std::vector<std::string> log;
  Scheduler::TaskId bad = s.spawn(
      "bad",
      [&] {
        log.push_back("bad starts");
        s.yield();
        throw std::runtime_error("boom");
      },
      kStack);
  Scheduler::TaskId good = s.spawn(
      "good",
      [&] {
        for (int i = 0; i < 3; ++i) {
          log.push_back("good " + std::to_string(i));
          s.yield();
        }
      },
      kStack);
  EXPECT_TRUE(s.run());
  EXPECT_EQ(s.state(bad), Scheduler::State::Failed);
  EXPECT_EQ(s.state(good), Scheduler::State::Done);
  ASSERT_TRUE(s.error(bad));
  try {
    std::rethrow_exception(s.error(bad));
  } catch (const std::runtime_error &e) {
    EXPECT_STREQ(e.what(), "boom");
  }
  EXPECT_EQ(log, (std::vector<std::string>{"bad starts", "good 0", "good 1",
                                           "good 2"}));
  EXPECT_EQ(s.finished(), (std::vector<Scheduler::TaskId>{bad, good}));
}

TEST(Scheduler, VirtualTimeOrdersSleepers) {
  Scheduler s;
  std::vector<std::string> log;
  auto sleeper = [&](std::string name, uint64_t ticks) {
    return [&, name, ticks] {
      s.sleep(ticks);
      log.push_back(name + "@" + std::to_string(s.now()));
    };
  };
  s.spawn("slow", sleeper("slow", 20), kStack);
  s.spawn("fast", sleeper("fast", 10), kStack);
  s.spawn("tie", sleeper("tie", 10), kStack);
  EXPECT_TRUE(s.run());
  EXPECT_EQ(log, (std::vector<std::string>{"fast@10", "tie@10", "slow@20"}));
}

TEST(Scheduler, RunUntilOneTaskAndDeadlock) {
  auto s = std::make_unique<Scheduler>();
  bool cleanedUp = false;
  struct Cleanup {
    bool &flag;
    ~Cleanup() { flag = true; }
  };
  Scheduler::TaskId stuck = s->spawn(
      "stuck",
      [&] {
        Cleanup c{cleanedUp};
        s->park(); // Nobody wakes it.
      },
      kStack);
  Scheduler::TaskId main = s->spawn(
      "main", [] {}, kStack);
  EXPECT_TRUE(s->run(main));
  EXPECT_EQ(s->state(stuck), Scheduler::State::Parked);
  // Waiting for every task: the parked one can never finish.
  EXPECT_FALSE(s->run());
  EXPECT_FALSE(cleanedUp);
  // Destruction cancels it: its stack unwinds.
  s.reset();
  EXPECT_TRUE(cleanedUp);
}

TEST(Scheduler, TasksHaveTheirOwnStacks) {
  Scheduler s;
  const char *seen[2] = {nullptr, nullptr};
  Scheduler::TaskId a = s.spawn(
      "a",
      [&] { seen[0] = static_cast<const char *>(__builtin_frame_address(0)); },
      1u << 20);
  Scheduler::TaskId b = s.spawn(
      "b",
      [&] { seen[1] = static_cast<const char *>(__builtin_frame_address(0)); },
      4u << 20);
  EXPECT_TRUE(s.run());
  for (Scheduler::TaskId t : {a, b}) {
    const char *low = s.stackLow(t);
    EXPECT_GE(s.stackSize(t), t == a ? 1u << 20 : 4u << 20);
    EXPECT_GT(seen[t], low);
    EXPECT_LT(seen[t], low + s.stackSize(t));
  }
  EXPECT_EQ(s.current(), Scheduler::kNoTask);
}

} // namespace

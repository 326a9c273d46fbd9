//===- Scheduler.h - Cooperative tasks of the interpreter -------*- C++ -*-===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The interpreter's scheduler seam: a deterministic, single-threaded,
// cooperative scheduler of tasks. Each task runs on its own stack (a
// Boost.Context fiber), so an evaluation can suspend at any depth of the
// recursive evaluator and be resumed later exactly there. The main program
// is the first task; actors (one task per actor) and async workflows (one
// task per started computation) are further tasks, and their blocking
// operations (PostAndReply, Async.Sleep, RunSynchronously, Actor.waitAll)
// are park/wake and sleep here (docs/DifferentialTesting.md).
//
// Determinism: ready tasks run in FIFO order, time is virtual (a sleep
// ends when no task can run any more and it is the earliest), so the same
// program always interleaves the same way.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_INTERP_SCHEDULER_H
#define CLEF_INTERP_SCHEDULER_H

#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace clef {
namespace interp {

class Scheduler {
public:
  using TaskId = unsigned;
  static constexpr TaskId kNoTask = ~0u;
  enum class State { Ready, Running, Parked, Sleeping, Done, Failed };

  Scheduler();
  /// Cancels every task that has not finished: each is resumed once more
  /// and its suspension point throws Cancelled, so its stack unwinds.
  ~Scheduler();
  Scheduler(const Scheduler &) = delete;
  Scheduler &operator=(const Scheduler &) = delete;

  /// Thrown at a suspension point of a task the scheduler cancels. Code
  /// running in a task must let it pass (never swallow it).
  struct Cancelled {};

  /// Creates a task that runs `body` on a stack of `stackSize` bytes (a
  /// guard page below it). It is ready, after the tasks ready already. An
  /// exception escaping `body` makes the task Failed, with the exception
  /// kept; other tasks go on.
  TaskId spawn(std::string name, std::function<void()> body, size_t stackSize);

  /// Runs tasks until `until` has finished (kNoTask: until every task has)
  /// or no task can run: the rest are parked with nobody left to wake
  /// them. Called from outside any task. Returns whether `until` (every
  /// task) finished.
  bool run(TaskId until = kNoTask);

  //===--- Inside a task
  //---------------------------------------------------===//

  /// Lets every other ready task run once, then goes on.
  void yield();
  /// Suspends the current task until wake() (a wake that came first is
  /// kept, so none is lost).
  void park();
  /// Suspends the current task for `ticks` of virtual time.
  void sleep(uint64_t ticks);

  //===--- From anywhere
  //---------------------------------------------------===//

  /// Makes a parked task ready (after those ready already); remembered for
  /// its next park() when it is not parked yet.
  void wake(TaskId task);
  /// The running task, or kNoTask outside any task.
  TaskId current() const { return running; }
  /// Whether another task than the current one is ready to run.
  bool othersReady() const { return !ready.empty(); }
  uint64_t now() const { return clock; }

  State state(TaskId task) const;
  const std::string &name(TaskId task) const;
  /// What escaped the body of a Failed task.
  std::exception_ptr error(TaskId task) const;
  /// The stack of a task: its lowest usable address and its size. A
  /// recursive evaluator compares its frames against it.
  const char *stackLow(TaskId task) const;
  size_t stackSize(TaskId task) const;
  /// Tasks in the order they finished (Done or Failed).
  const std::vector<TaskId> &finished() const { return finishOrder; }

private:
  struct Task;
  void resume(Task &task);
  void suspend(Task &task);
  static void entry(Scheduler *self, Task *task);

  std::vector<std::unique_ptr<Task>> tasks;
  std::deque<TaskId> ready;
  /// Sleepers in wake-up order: (time, sequence number, task).
  std::vector<std::tuple<uint64_t, uint64_t, TaskId>> sleepers;
  std::vector<TaskId> finishOrder;
  TaskId running = kNoTask;
  uint64_t clock = 0;
  uint64_t sleepSeq = 0;
  /// The scheduler's own stack, for the sanitizers' fiber switches.
  const void *hostStackBottom = nullptr;
  size_t hostStackSize = 0;
  void *hostFakeStack = nullptr;
};

} // namespace interp
} // namespace clef

#endif // CLEF_INTERP_SCHEDULER_H

//===- Scheduler.cpp - Cooperative tasks of the interpreter ---------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Every task is a Boost.Context fiber on a stack of its own, mapped with
// MAP_NORESERVE (pages are taken only as deep as the task recurses) above a
// PROT_NONE guard page. Control only ever passes between the scheduler's
// loop and one task: a task suspends back to the loop, which picks the next
// one. Under AddressSanitizer each switch is announced to it.
//
//===----------------------------------------------------------------------===//

#include "interp/Scheduler.h"

#include <boost/context/fiber.hpp>

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <sys/mman.h>
#include <tuple>
#include <unistd.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CLEF_ASAN_FIBERS 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define CLEF_ASAN_FIBERS 1
#endif
#ifdef CLEF_ASAN_FIBERS
#include <sanitizer/common_interface_defs.h>
#endif

namespace ctx = boost::context;
using namespace clef::interp;

namespace {

/// A task's stack: `size` usable bytes above one guard page. Where they
/// lie is written to `low` and `usableSize`.
struct GuardedStack {
  size_t size;
  char **low;
  size_t *usableSize;

  ctx::stack_context allocate() {
    size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    size_t usable = (size + page - 1) / page * page;
    void *base =
        mmap(nullptr, usable + page, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
    if (base == MAP_FAILED) {
      fprintf(stderr, "clef-interp: cannot map a task stack of %zu bytes\n",
              usable);
      abort();
    }
    mprotect(base, page, PROT_NONE);
    *low = static_cast<char *>(base) + page;
    *usableSize = usable;
    ctx::stack_context sctx;
    sctx.size = usable + page;
    sctx.sp = static_cast<char *>(base) + usable + page;
    return sctx;
  }

  void deallocate(ctx::stack_context &sctx) {
    munmap(static_cast<char *>(sctx.sp) - sctx.size, sctx.size);
  }
};

void startSwitch(void **fakeStack, const void *bottom, size_t size) {
#ifdef CLEF_ASAN_FIBERS
  __sanitizer_start_switch_fiber(fakeStack, bottom, size);
#else
  (void)fakeStack, (void)bottom, (void)size;
#endif
}

void finishSwitch(void *fakeStack, const void **bottom, size_t *size) {
#ifdef CLEF_ASAN_FIBERS
  __sanitizer_finish_switch_fiber(fakeStack, bottom, size);
#else
  (void)fakeStack, (void)bottom, (void)size;
#endif
}

} // namespace

struct Scheduler::Task {
  TaskId id;
  std::string name;
  std::function<void()> body;
  State state = State::Ready;
  std::exception_ptr error;
  /// The task's context while it is not running; empty once it finished.
  ctx::fiber fiber;
  /// The scheduler's context while the task runs.
  ctx::fiber host;
  char *low = nullptr;
  size_t size = 0;
  void *fakeStack = nullptr;
  bool wakePending = false;
  bool cancelled = false;
};

Scheduler::Scheduler() = default;

Scheduler::~Scheduler() {
  for (auto &task : tasks) {
    if (!task->fiber)
      continue;
    task->cancelled = true;
    resume(*task);
  }
}

Scheduler::TaskId Scheduler::spawn(std::string name, std::function<void()> body,
                                   size_t stackSize) {
  auto task = std::make_unique<Task>();
  Task *t = task.get();
  t->id = static_cast<TaskId>(tasks.size());
  t->name = std::move(name);
  t->body = std::move(body);
  GuardedStack stack{stackSize, &t->low, &t->size};
  t->fiber = ctx::fiber(std::allocator_arg, stack,
                        [this, t](ctx::fiber &&host) -> ctx::fiber {
                          t->host = std::move(host);
                          entry(this, t);
                          // The last switch: this stack's fake frames die.
                          startSwitch(nullptr, hostStackBottom, hostStackSize);
                          return std::move(t->host);
                        });
  tasks.push_back(std::move(task));
  ready.push_back(t->id);
  return t->id;
}

void Scheduler::entry(Scheduler *self, Task *task) {
  finishSwitch(nullptr, &self->hostStackBottom, &self->hostStackSize);
  if (task->cancelled) {
    task->state = State::Done;
    return;
  }
  try {
    task->body();
    task->state = State::Done;
  } catch (Cancelled &) {
    task->state = State::Done;
  } catch (...) {
    task->error = std::current_exception();
    task->state = State::Failed;
  }
  task->body = nullptr;
}

void Scheduler::resume(Task &task) {
  assert(running == kNoTask && "tasks are resumed from the scheduler loop");
  running = task.id;
  if (task.state == State::Ready)
    task.state = State::Running;
  startSwitch(&hostFakeStack, task.low, task.size);
  task.fiber = std::move(task.fiber).resume();
  finishSwitch(hostFakeStack, nullptr, nullptr);
  running = kNoTask;
  if (!task.fiber)
    finishOrder.push_back(task.id);
}

void Scheduler::suspend(Task &task) {
  startSwitch(&task.fakeStack, hostStackBottom, hostStackSize);
  task.host = std::move(task.host).resume();
  finishSwitch(task.fakeStack, &hostStackBottom, &hostStackSize);
  if (task.cancelled)
    throw Cancelled{};
}

bool Scheduler::run(TaskId until) {
  auto isOver = [&] {
    if (until != kNoTask)
      return tasks[until]->state == State::Done ||
             tasks[until]->state == State::Failed;
    return finishOrder.size() == tasks.size();
  };
  while (!isOver()) {
    if (ready.empty()) {
      if (sleepers.empty())
        return false;
      // Nothing can run before the earliest sleeper wakes: advance to it.
      std::pop_heap(sleepers.begin(), sleepers.end(),
                    std::greater<std::tuple<uint64_t, uint64_t, TaskId>>());
      auto [time, seq, id] = sleepers.back();
      sleepers.pop_back();
      clock = std::max(clock, time);
      tasks[id]->state = State::Ready;
      ready.push_back(id);
      continue;
    }
    TaskId id = ready.front();
    ready.pop_front();
    resume(*tasks[id]);
  }
  return true;
}

void Scheduler::yield() {
  Task &task = *tasks[running];
  ready.push_back(task.id);
  task.state = State::Ready;
  suspend(task);
  task.state = State::Running;
}

void Scheduler::park() {
  Task &task = *tasks[running];
  if (task.wakePending) {
    task.wakePending = false;
    return;
  }
  task.state = State::Parked;
  suspend(task);
  task.state = State::Running;
}

void Scheduler::wake(TaskId id) {
  Task &task = *tasks[id];
  if (task.state == State::Parked) {
    task.state = State::Ready;
    ready.push_back(id);
  } else if (task.state == State::Ready || task.state == State::Running) {
    task.wakePending = true;
  }
}

void Scheduler::sleep(uint64_t ticks) {
  Task &task = *tasks[running];
  sleepers.emplace_back(clock + ticks, sleepSeq++, task.id);
  std::push_heap(sleepers.begin(), sleepers.end(),
                 std::greater<std::tuple<uint64_t, uint64_t, TaskId>>());
  task.state = State::Sleeping;
  suspend(task);
  task.state = State::Running;
}

Scheduler::State Scheduler::state(TaskId id) const { return tasks[id]->state; }
const std::string &Scheduler::name(TaskId id) const { return tasks[id]->name; }
std::exception_ptr Scheduler::error(TaskId id) const {
  return tasks[id]->error;
}
const char *Scheduler::stackLow(TaskId id) const { return tasks[id]->low; }
size_t Scheduler::stackSize(TaskId id) const { return tasks[id]->size; }

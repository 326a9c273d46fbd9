//===- InterpreterTasksTest.cpp - The evaluator as a scheduler's task -----===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// The program runs as the main task of a scheduler that has another task
// already. With yieldEvery, the evaluator suspends in the middle of a deep
// recursion and is resumed there: the other task runs in between, and the
// program's result is unchanged.
//
//===----------------------------------------------------------------------===//

#include "interp/Interpreter.h"
#include "interp/Scheduler.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include "gtest/gtest.h"

#include <string>

using clef::interp::Scheduler;

namespace {

struct Outcome {
  int code;
  std::string out, err;
};

Outcome interpret(const std::string &source, Scheduler &scheduler,
                  uint64_t yieldEvery, size_t stackSize = 64u << 20) {
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(source, "test.clef"), llvm::SMLoc());
  mlir::SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  clef::InterpreterOptions options;
  options.fileName = "test.clef";
  options.stackSize = stackSize;
  options.yieldEvery = yieldEvery;
  options.scheduler = &scheduler;
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  int code = clef::interpretClef(sourceMgr, &context, options);
  std::string out = testing::internal::GetCapturedStdout();
  std::string err = testing::internal::GetCapturedStderr();
  return {code, out, err};
}

/// A task that takes `turns` turns, yielding after each.
Scheduler::TaskId spawnCounter(Scheduler &s, int turns, int &count) {
  return s.spawn(
      "counter",
      [&s, turns, &count] {
        for (int i = 0; i < turns; ++i) {
          ++count;
          s.yield();
        }
      },
      256u << 10);
}

const char *kDeep = R"(
let rec depth n = if n = 0 then 0 else 1 + depth (n - 1)
printfn "depth %d" (depth 20000)
)";

TEST(InterpreterTasks, EvaluationSuspendsAndResumesMidRecursion) {
  Scheduler s;
  int count = 0;
  Scheduler::TaskId counter = spawnCounter(s, 50, count);
  Outcome run = interpret(kDeep, s, /*yieldEvery=*/100);
  EXPECT_EQ(run.code, 0);
  EXPECT_EQ(run.out, "depth 20000\n");
  EXPECT_EQ(run.err, "");
  // The counter took all its turns while the program was still running:
  // it finished first although the program's task was ready as early.
  EXPECT_EQ(count, 50);
  ASSERT_EQ(s.finished().size(), 2u);
  EXPECT_EQ(s.finished()[0], counter);
}

TEST(InterpreterTasks, WithoutPreemptionTheProgramRunsToTheEnd) {
  Scheduler s;
  int count = 0;
  spawnCounter(s, 50, count);
  Outcome run = interpret(kDeep, s, /*yieldEvery=*/0);
  EXPECT_EQ(run.out, "depth 20000\n");
  // The counter had its first turn only; the program never yielded.
  EXPECT_EQ(count, 1);
  EXPECT_TRUE(s.run());
  EXPECT_EQ(count, 50);
}

TEST(InterpreterTasks, SameInterleavingEveryRun) {
  std::vector<int> counts;
  for (int i = 0; i < 3; ++i) {
    Scheduler s;
    int count = 0;
    spawnCounter(s, 1000000, count);
    interpret(kDeep, s, /*yieldEvery=*/37);
    counts.push_back(count);
  }
  EXPECT_GT(counts[0], 100);
  EXPECT_EQ(counts[0], counts[1]);
  EXPECT_EQ(counts[1], counts[2]);
}

TEST(InterpreterTasks, AFailingProgramLeavesTheOtherTaskRunning) {
  Scheduler s;
  int count = 0;
  Scheduler::TaskId counter = spawnCounter(s, 100000, count);
  Outcome run = interpret(R"(
let rec depth n = if n = 0 then failwith "boom" else 1 + depth (n - 1)
printfn "start"
printfn "%d" (depth 5000)
)",
                          s, /*yieldEvery=*/10);
  EXPECT_EQ(run.code, 1);
  EXPECT_EQ(run.out, "start\n");
  EXPECT_EQ(run.err, "Unhandled exception. System.Exception: boom\n");
  EXPECT_GT(count, 100);
  EXPECT_LT(count, 100000);
  EXPECT_EQ(s.state(counter), Scheduler::State::Ready);
  EXPECT_TRUE(s.run());
  EXPECT_EQ(count, 100000);
}

TEST(InterpreterTasks, StackLimitIsTheTasksOwn) {
  Scheduler s;
  int count = 0;
  spawnCounter(s, 10, count);
  Outcome run = interpret(R"(
let rec depth n = if n = 0 then 0 else 1 + depth (n - 1)
printfn "%d" (depth 100000000)
)",
                          s, /*yieldEvery=*/1000, /*stackSize=*/16u << 20);
  EXPECT_EQ(run.code, clef::kInterpLimit);
  EXPECT_EQ(run.err,
            "clef-interp: stack limit exceeded (recursion too deep)\n");
  EXPECT_TRUE(s.run());
  EXPECT_EQ(count, 10);
}

} // namespace

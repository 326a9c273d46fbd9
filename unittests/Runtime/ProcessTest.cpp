//===- ProcessTest.cpp - Start-up, exit, errors and configuration ---------===//
//
// Configuration is read once per process, so tests of environment variables
// use the "threadsafe" death-test style: the child re-executes the test
// binary and starts with a fresh runtime.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

using namespace clef_test;

namespace {

using testing::ExitedWithCode;

void initWithProgramName() {
  static char prog[] = "prog";
  static char *argv[] = {prog, nullptr};
  clef_rt_init(1, argv);
}

TEST(Config, ParseBytes) {
  int64_t v = 0;
  EXPECT_EQ(clef_rt_parse_bytes("65536", &v), 0);
  EXPECT_EQ(v, 65536);
  EXPECT_EQ(clef_rt_parse_bytes("64K", &v), 0);
  EXPECT_EQ(v, 65536);
  EXPECT_EQ(clef_rt_parse_bytes("4m", &v), 0);
  EXPECT_EQ(v, 4 << 20);
  EXPECT_EQ(clef_rt_parse_bytes("1G", &v), 0);
  EXPECT_EQ(v, 1 << 30);
  for (const char *bad : {"", "K", "-4096", "12x", "4KB", " 4096",
                          "99999999999999999999", "9000000000000G"})
    EXPECT_NE(clef_rt_parse_bytes(bad, &v), 0) << bad;
}

TEST(Config, ParsePair) {
  int64_t page = 0, chunk = 0;
  EXPECT_EQ(clef_rt_config_parse(nullptr, nullptr, &page, &chunk), nullptr);
  EXPECT_EQ(page, CLEF_TEST_CHECKED ? 4096 : 65536);
  EXPECT_EQ(chunk, 4 << 20);
  EXPECT_EQ(clef_rt_config_parse("", "", &page, &chunk), nullptr);
  EXPECT_EQ(clef_rt_config_parse("4096", "8192", &page, &chunk), nullptr);
  EXPECT_EQ(page, 4096);
  EXPECT_EQ(chunk, 8192);
  // The default chunk grows to hold at least one page.
  EXPECT_EQ(clef_rt_config_parse("8M", nullptr, &page, &chunk), nullptr);
  EXPECT_EQ(chunk, 8 << 20);
  EXPECT_NE(clef_rt_config_parse("2048", nullptr, &page, &chunk), nullptr);
  EXPECT_NE(clef_rt_config_parse("12288", nullptr, &page, &chunk), nullptr);
  EXPECT_NE(clef_rt_config_parse("2G", nullptr, &page, &chunk), nullptr);
  EXPECT_NE(clef_rt_config_parse("abc", nullptr, &page, &chunk), nullptr);
  EXPECT_NE(clef_rt_config_parse(nullptr, "1000", &page, &chunk), nullptr);
  EXPECT_NE(clef_rt_config_parse("64K", "96K", &page, &chunk), nullptr);
  EXPECT_NE(clef_rt_config_parse("64K", "32K", &page, &chunk), nullptr);
}

class ProcessDeathTest : public testing::Test {
protected:
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
  void TearDown() override { GTEST_FLAG_SET(death_test_style, "fast"); }
};

TEST_F(ProcessDeathTest, EnvironmentSetsPageSize) {
  EXPECT_EXIT(
      {
        setenv("CLEF_PAGE_SIZE", "16K", 1);
        setenv("CLEF_POOL_CHUNK", "1M", 1);
        initWithProgramName();
        clef_region *r = clef_region_create();
        char *a = static_cast<char *>(clef_region_alloc(r, 8, 8));
        clef_region_stats s = stats();
        bool ok = s.page_size == 16384 && s.pool_chunk == 1 << 20 &&
                  r->end - a == 16384 - 16 && s.os_bytes >= (1 << 20);
        exit(ok ? 0 : 2);
      },
      ExitedWithCode(0), "");
}

TEST_F(ProcessDeathTest, EnvironmentIsReadLazily) {
  EXPECT_EXIT(
      {
        setenv("CLEF_PAGE_SIZE", "8192", 1);
        clef_region *r = clef_region_create(); // before clef_rt_init
        clef_region_alloc(r, 8, 8);
        initWithProgramName();
        exit(stats().page_size == 8192 ? 0 : 2);
      },
      ExitedWithCode(0), "");
}

TEST_F(ProcessDeathTest, BadPageSizeIsRejected) {
  EXPECT_EXIT(
      {
        setenv("CLEF_PAGE_SIZE", "1000", 1);
        clef_rt_init(0, nullptr);
      },
      ExitedWithCode(1), "^clef: invalid CLEF_PAGE_SIZE");
}

TEST_F(ProcessDeathTest, BadPoolChunkIsRejected) {
  EXPECT_EXIT(
      {
        setenv("CLEF_POOL_CHUNK", "lots", 1);
        clef_region_create();
      },
      ExitedWithCode(1), "^clef: invalid CLEF_POOL_CHUNK");
}

TEST_F(ProcessDeathTest, StatsAreReportedAtFinish) {
  EXPECT_EXIT(
      {
        setenv("CLEF_REGION_STATS", "1", 1);
        setenv("CLEF_PAGE_SIZE", "64K", 1);
        clef_rt_init(0, nullptr);
        clef_region *a = clef_region_create();
        clef_region *b = clef_region_create();
        clef_region_alloc(a, 16, 8);
        clef_region_alloc(b, 16, 8);
        for (int i = 0; i < 5; ++i) // the fifth needs a second page
          clef_region_alloc(b, 16000, 8);
        clef_region_release(a);
        clef_region_release(b);
        clef_region *c = clef_region_create();
        clef_region_alloc(c, 16, 8);
        exit(clef_rt_finish(3));
      },
      ExitedWithCode(3),
      "^clef: regions created 3, released 2, pages 4 \\(peak 3\\), peak "
      "bytes in regions 196608, largest region 131072 bytes\n"
      "clef: large objects 0, page size 65536, os bytes [0-9]+, stack regions "
      "0\n$");
}

TEST_F(ProcessDeathTest, StatsAreReportedAtExit) {
  EXPECT_EXIT(
      {
        setenv("CLEF_REGION_STATS", "1", 1);
        clef_rt_init(0, nullptr);
        clef_rt_exit(4);
      },
      ExitedWithCode(4),
      "^clef: regions created 0, released 0, pages 0 \\(peak 0\\), peak "
      "bytes in regions 0, largest region 0 bytes\n");
}

TEST_F(ProcessDeathTest, NoStatsByDefault) {
  EXPECT_EXIT(
      {
        unsetenv("CLEF_REGION_STATS");
        clef_rt_init(0, nullptr);
        clef_rt_exit(0);
      },
      ExitedWithCode(0), "^$");
}

TEST_F(ProcessDeathTest, ExitFlushesStdoutFirst) {
  EXPECT_EXIT(
      {
        fflush(stdout);
        dup2(2, 1); // observe the order of both streams through stderr
        clef_rt_init(0, nullptr);
        clef_fmt_begin();
        clef_fmt_lit("out", 3);
        clef_fmt_print(1);
        clef_fmt_begin();
        clef_fmt_lit("err", 3);
        clef_fmt_eprint(1);
        clef_fmt_begin();
        clef_fmt_lit("tail", 4);
        clef_fmt_print(0);
        clef_rt_exit(0);
      },
      ExitedWithCode(0), "^out\nerr\ntail$");
}

TEST(Process, Arguments) {
  char *argv[] = {const_cast<char *>("prog"), const_cast<char *>("a1"),
                  const_cast<char *>("second"), nullptr};
  clef_rt_init(3, argv);
  EXPECT_EQ(clef_rt_arg_count(), 2);
  EXPECT_EQ(text(clef_rt_arg(clef_region_global(), 0)), "a1");
  EXPECT_EQ(text(clef_rt_arg(clef_region_global(), 1)), "second");
  EXPECT_EQ(clef_rt_finish(5), 5);
}

//===-- Run-time errors ---------------------------------------------------===//

TEST(ErrorDeathTest, Failwith) {
  EXPECT_EXIT(clef_rt_failwith(str("boom")), ExitedWithCode(1),
              "^Unhandled exception\\. System\\.Exception: boom\n$");
}

TEST(ErrorDeathTest, FailwithFlushesStdoutFirst) {
  EXPECT_EXIT(
      {
        fflush(stdout);
        dup2(2, 1);
        clef_fmt_begin();
        clef_fmt_lit("partial", 7);
        clef_fmt_print(1);
        clef_rt_failwith(str("late"));
      },
      ExitedWithCode(1),
      "^partial\nUnhandled exception\\. System\\.Exception: late\n$");
}

TEST(ErrorDeathTest, IndexOutOfRange) {
  EXPECT_EXIT(clef_rt_index_out_of_range(), ExitedWithCode(1),
              "^Unhandled exception\\. System\\.IndexOutOfRangeException: "
              "Index was outside the bounds of the array\\.\n$");
}

TEST(ErrorDeathTest, DivideByZero) {
  EXPECT_EXIT(clef_rt_divide_by_zero(), ExitedWithCode(1),
              "^Unhandled exception\\. System\\.DivideByZeroException: "
              "Attempted to divide by zero\\.\n$");
}

TEST(ErrorDeathTest, MatchFailure) {
  EXPECT_EXIT(clef_rt_match_failure("prog.clef", 12, 5), ExitedWithCode(1),
              "^Unhandled exception\\. "
              "Microsoft\\.FSharp\\.Core\\.MatchFailureException: The match "
              "cases were incomplete at prog\\.clef:12:5\n$");
}

TEST(ErrorDeathTest, InvalidArgument) {
  EXPECT_EXIT(clef_rt_invalid_argument(str("The input list was empty.")),
              ExitedWithCode(1),
              "^Unhandled exception\\. System\\.ArgumentException: The input "
              "list was empty\\.\n$");
}

TEST(ErrorDeathTest, ArgumentIndexOutOfRange) {
  EXPECT_EXIT(clef_rt_arg(clef_region_global(), 99), ExitedWithCode(1),
              "IndexOutOfRangeException");
}

} // namespace

namespace {

TEST(Stack, Parse) {
  int64_t v = 0;
  EXPECT_EQ(clef_rt_stack_parse(nullptr, &v), nullptr);
  EXPECT_GE(v, 64 << 20); // 1 GiB, or 64 MiB under valgrind
  EXPECT_EQ(clef_rt_stack_parse("", &v), nullptr);
  EXPECT_EQ(clef_rt_stack_parse("64K", &v), nullptr);
  EXPECT_EQ(v, 64 << 10);
  EXPECT_EQ(clef_rt_stack_parse("100000", &v), nullptr);
  EXPECT_EQ(v % 4096, 0); // whole pages
  EXPECT_GE(v, 100000);
  for (const char *bad : {"1K", "63K", "2048G", "x", "-1M"})
    EXPECT_NE(clef_rt_stack_parse(bad, &v), nullptr) << bad;
}

int32_t returnSeven() { return 7; }

TEST(Stack, RunsOnItsOwnStack) {
  EXPECT_EQ(clef_rt_run_on_stack(returnSeven, 1 << 20), 7);
}

volatile int32_t forever = 1;

int32_t recurseForever() {
  volatile char frame[256];
  frame[0] = 1;
  return forever ? recurseForever() + frame[0] : 0;
}

TEST(StackDeathTest, OverflowIsReported) {
  EXPECT_EXIT(
      {
        clef_rt_out_write("kept", 4);
        clef_rt_run_on_stack(recurseForever, 1 << 20);
      },
      ExitedWithCode(134), "^Stack overflow\\.\n");
}

} // namespace

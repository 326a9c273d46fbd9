//===- RegionTest.cpp - Region allocator tests ----------------------------===//
//
// Statistics are process-global and the tests share one process, so they
// compare counters before and after rather than absolute values.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdint>
#include <set>
#include <sys/wait.h>
#include <vector>

using namespace clef_test;

namespace {

constexpr bool kChecked = CLEF_TEST_CHECKED;

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CLEF_TEST_ASAN 1
#endif
#endif

/// Whether a death test's child died of a memory fault. Under
/// AddressSanitizer its handler reports the SEGV (kFaultReport) and then
/// aborts (abort_on_error) or exits with 1.
bool diedOfFault(int status) {
#ifdef CLEF_TEST_ASAN
  if ((WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT) ||
      (WIFEXITED(status) && WEXITSTATUS(status) != 0))
    return true;
#endif
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV;
}
#ifdef CLEF_TEST_ASAN
constexpr const char *kFaultReport = "AddressSanitizer: SEGV";
#else
constexpr const char *kFaultReport = "";
#endif

bool aligned(const void *p, int64_t align) {
  return (reinterpret_cast<uintptr_t>(p) & (uintptr_t)(align - 1)) == 0;
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

TEST(Region, CreateAllocRelease) {
  clef_region_stats before = stats();
  clef_region *r = clef_region_create();
  // No page until the first allocation.
  EXPECT_EQ(r->cur, nullptr);
  EXPECT_EQ(stats().pages, before.pages);
  auto *p = static_cast<int64_t *>(clef_region_alloc(r, 24, 8));
  ASSERT_NE(p, nullptr);
  p[0] = 1, p[1] = 2, p[2] = 3;
  clef_region_stats mid = stats();
  EXPECT_EQ(mid.regions_created, before.regions_created + 1);
  EXPECT_EQ(mid.pages, before.pages + 1);
  EXPECT_EQ(mid.pages_in_use, before.pages_in_use + 1);
  EXPECT_EQ(clef_region_bytes(r), mid.page_size);
  clef_region_release(r);
  clef_region_stats after = stats();
  EXPECT_EQ(after.regions_released, before.regions_released + 1);
  EXPECT_EQ(after.pages_in_use, before.pages_in_use);
  EXPECT_EQ(after.bytes_in_use, before.bytes_in_use);
}

TEST(Region, DefaultConfiguration) {
  clef_region_stats s = stats();
  EXPECT_EQ(s.page_size, kChecked ? 4096 : 64 * 1024);
  EXPECT_EQ(s.pool_chunk, 4 * 1024 * 1024);
}

TEST(Region, BumpIsContiguous) {
  clef_region *r = clef_region_create();
  char *a = static_cast<char *>(clef_region_alloc(r, 16, 8));
  char *b = static_cast<char *>(clef_region_alloc(r, 16, 8));
  char *c = static_cast<char *>(inlineBump(r, 3, 1));
  char *d = static_cast<char *>(inlineBump(r, 8, 8));
  EXPECT_EQ(b, a + 16);
  EXPECT_EQ(c, b + 16);
  EXPECT_EQ(d, c + 8); // c + 3 rounded up to 8
  EXPECT_EQ(r->cur, d + 8);
  clef_region_release(r);
}

TEST(Region, BumpStaysEightAligned) {
  // Generated code bumps 8-aligned objects without realigning, so every
  // runtime allocation (odd-length strings included) keeps `cur` aligned.
  clef_region *r = clef_region_create();
  for (int64_t size : {0, 1, 3, 9, 17, 100}) {
    clef_region_alloc(r, size, 1);
    EXPECT_TRUE(aligned(r->cur, 8)) << "size " << size;
    clef_string_alloc(r, size);
    EXPECT_TRUE(aligned(r->cur, 8)) << "string of " << size;
  }
  clef_region_release(r);
}

TEST(Region, Alignment) {
  clef_region *r = clef_region_create();
  for (int64_t align = 1; align <= stats().page_size; align *= 2) {
    for (int64_t size : {0, 1, 3, 17, 100}) {
      void *p = clef_region_alloc(r, size, align);
      EXPECT_TRUE(aligned(p, align)) << "align " << align << " size " << size;
      void *q = inlineBump(r, size + 1, align);
      EXPECT_TRUE(aligned(q, align)) << "align " << align << " size " << size;
      memset(q, 0x5A, (size_t)size + 1);
    }
  }
  // align 0 is treated as 1.
  EXPECT_NE(clef_region_alloc(r, 5, 0), nullptr);
  clef_region_release(r);
}

TEST(Region, ManyPagesAreDisjoint) {
  clef_region *r = clef_region_create();
  clef_region_stats before = stats();
  std::vector<int32_t *> objs;
  for (int i = 0; i < 20000; ++i) {
    auto *p = static_cast<int32_t *>(inlineBump(r, 40, 8));
    for (int j = 0; j < 10; ++j)
      p[j] = i;
    objs.push_back(p);
  }
  for (int i = 0; i < 20000; ++i)
    for (int j = 0; j < 10; ++j)
      ASSERT_EQ(objs[i][j], i);
  int64_t pages = stats().pages - before.pages;
  EXPECT_GE(pages, 20000 * 40 / before.page_size);
  EXPECT_LE(pages, 20000 * 40 / before.page_size + 2);
  EXPECT_EQ(clef_region_bytes(r), pages * before.page_size);
  EXPECT_GE(stats().largest_region, clef_region_bytes(r));
  clef_region_release(r);
}

TEST(Region, LargeObjectsGetTheirOwnMapping) {
  clef_region *r = clef_region_create();
  clef_region_stats before = stats();
  char *small = static_cast<char *>(clef_region_alloc(r, 64, 8));
  char *cur = r->cur;
  int64_t size = 3 * 1024 * 1024 + 5;
  char *big = static_cast<char *>(clef_region_alloc(r, size, 16));
  ASSERT_NE(big, nullptr);
  EXPECT_TRUE(aligned(big, 16));
  memset(big, 7, (size_t)size);
  EXPECT_EQ(big[size - 1], 7);
  // The current page is untouched: small objects keep filling it.
  EXPECT_EQ(r->cur, cur);
  EXPECT_EQ(clef_region_alloc(r, 8, 8), small + 64);
  clef_region_stats mid = stats();
  EXPECT_EQ(mid.large_allocs, before.large_allocs + 1);
  EXPECT_GE(clef_region_bytes(r), mid.page_size + size);
  EXPECT_GE(mid.os_bytes, before.os_bytes + size);
  // Just over a quarter page is "large"; an aligned page-sized one too.
  clef_region_alloc(r, mid.page_size / 4 + 1, 8);
  void *pageAligned = clef_region_alloc(r, 10, mid.page_size);
  EXPECT_TRUE(aligned(pageAligned, mid.page_size));
  // (The page-aligned one may also fit in the current page.)
  EXPECT_GE(stats().large_allocs, before.large_allocs + 2);
  int64_t mapped = stats().os_bytes;
  clef_region_release(r);
  if (!kChecked)
    EXPECT_LE(stats().os_bytes, mapped - size);
}

TEST(Region, PagesAreReusedAfterRelease) {
  if (kChecked)
    GTEST_SKIP() << "the checking runtime never reuses pages";
  // Fill exactly three pages (each starts with a 16-byte header), so the
  // objects of a second region with the same shape land on the same
  // addresses.
  int64_t perPage = (stats().page_size - 16) / 64;
  clef_region *r1 = clef_region_create();
  std::set<char *> objs1;
  for (int64_t i = 0; i < 3 * perPage; ++i)
    objs1.insert(static_cast<char *>(inlineBump(r1, 64, 8)));
  EXPECT_EQ(clef_region_bytes(r1), 3 * stats().page_size);
  clef_region_release(r1);
  clef_region_stats before = stats();
  clef_region *r2 = clef_region_create();
  int misses = 0;
  for (int64_t i = 0; i < 2 * perPage; ++i)
    misses += !objs1.count(static_cast<char *>(inlineBump(r2, 64, 8)));
  EXPECT_EQ(misses, 0);
  EXPECT_EQ(stats().os_bytes, before.os_bytes);
  clef_region_release(r2);
}

TEST(Region, CreateReleaseDoesNotGrow) {
  // Warm up, then the steady state must map nothing new.
  for (int i = 0; i < 100; ++i) {
    clef_region *r = clef_region_create();
    clef_region_alloc(r, 32, 8);
    clef_region_release(r);
  }
  if (kChecked)
    return; // descriptors and pages are deliberately never recycled
  int64_t os = stats().os_bytes;
  for (int i = 0; i < 100000; ++i) {
    clef_region *r = clef_region_create();
    clef_region_alloc(r, 32, 8);
    clef_region *inner = clef_region_create();
    clef_region_alloc(inner, 1000, 8);
    clef_region_release(inner);
    clef_region_release(r);
  }
  EXPECT_EQ(stats().os_bytes, os);
}

TEST(Region, PeakCounters) {
  clef_region_stats before = stats();
  std::vector<clef_region *> rs;
  for (int i = 0; i < 5; ++i) {
    rs.push_back(clef_region_create());
    clef_region_alloc(rs.back(), 16, 8);
  }
  clef_region_stats mid = stats();
  EXPECT_GE(mid.pages_peak, before.pages_in_use + 5);
  EXPECT_GE(mid.bytes_peak, before.bytes_in_use + 5 * mid.page_size);
  EXPECT_EQ(mid.regions_live, before.regions_live + 5);
  for (clef_region *r : rs)
    clef_region_release(r);
  EXPECT_EQ(stats().pages_peak, mid.pages_peak);
  EXPECT_EQ(stats().regions_live, before.regions_live);
}

TEST(Region, GlobalRegionAllocates) {
  clef_region *g = clef_region_global();
  EXPECT_EQ(g, clef_region_global());
  // Generated code takes the address of the exported descriptor instead.
  EXPECT_EQ(g, &clef_global_region);
  auto *p = static_cast<double *>(clef_region_alloc(g, sizeof(double), 8));
  *p = 2.5;
  EXPECT_EQ(*p, 2.5);
}

TEST(RegionDeathTest, ReleasingTheGlobalRegionFails) {
  EXPECT_EXIT(clef_region_release(clef_region_global()),
              testing::ExitedWithCode(1),
              "clef: the global region cannot be released");
}

TEST(RegionDeathTest, DoubleReleaseIsReported) {
  EXPECT_EXIT(
      {
        clef_region *r = clef_region_create();
        clef_region_alloc(r, 8, 8);
        clef_region_release(r);
        clef_region_release(r);
      },
      testing::ExitedWithCode(1), "clef: region released twice");
}

TEST(RegionDeathTest, BadAlignmentIsReported) {
  clef_region *r = clef_region_create();
  EXPECT_EXIT(clef_region_alloc(r, 8, 3), testing::ExitedWithCode(1),
              "clef: invalid allocation alignment 3");
  EXPECT_EXIT(clef_region_alloc(r, -1, 8), testing::ExitedWithCode(1),
              "clef: invalid allocation size -1");
  clef_region_release(r);
}

TEST(RegionDeathTest, OutOfMemory) {
  EXPECT_EXIT(
      {
        clef_region *r = clef_region_create();
        clef_region_alloc(r, (int64_t)1 << 45, 8);
      },
      testing::ExitedWithCode(1), "clef: out of memory");
}

//===-- Checking runtime --------------------------------------------------===//

TEST(CheckedRegion, FreshMemoryIsPatterned) {
  if (!kChecked)
    GTEST_SKIP() << "only the checking runtime fills allocations";
  clef_region *r = clef_region_create();
  auto *p = static_cast<unsigned char *>(clef_region_alloc(r, 32, 8));
  auto *q = static_cast<unsigned char *>(inlineBump(r, 32, 8));
  auto *big = static_cast<unsigned char *>(clef_region_alloc(r, 1 << 20, 8));
  for (int i = 0; i < 32; ++i) {
    EXPECT_EQ(p[i], 0xCB);
    EXPECT_EQ(q[i], 0xCB);
    EXPECT_EQ(big[i * 1000], 0xCB);
  }
  clef_region_release(r);
}

TEST(CheckedRegionDeathTest, UseAfterReleaseFaults) {
  if (!kChecked)
    GTEST_SKIP() << "only the checking runtime poisons released pages";
  EXPECT_EXIT(
      {
        clef_region *r = clef_region_create();
        auto *p = static_cast<volatile int64_t *>(clef_region_alloc(r, 8, 8));
        *p = 42;
        clef_region_release(r);
        (void)*p;
      },
      diedOfFault, kFaultReport);
}

TEST(CheckedRegionDeathTest, LargeObjectUseAfterReleaseFaults) {
  if (!kChecked)
    GTEST_SKIP() << "only the checking runtime poisons released pages";
  EXPECT_EXIT(
      {
        clef_region *r = clef_region_create();
        auto *p =
            static_cast<volatile char *>(clef_region_alloc(r, 1 << 20, 8));
        p[1000] = 1;
        clef_region_release(r);
        // A new mapping must not land on the poisoned addresses.
        clef_region *r2 = clef_region_create();
        clef_region_alloc(r2, 1 << 20, 8);
        (void)p[1000];
      },
      diedOfFault, kFaultReport);
}

TEST(CheckedRegionDeathTest, AllocationAfterReleaseIsReported) {
  if (!kChecked)
    GTEST_SKIP() << "released descriptors are recycled in the normal runtime";
  EXPECT_EXIT(
      {
        clef_region *r = clef_region_create();
        clef_region_release(r);
        inlineBump(r, 8, 8);
      },
      testing::ExitedWithCode(1), "clef: allocation in a released region");
}

TEST(CheckedRegion, PagesAreNeverReused) {
  if (!kChecked)
    GTEST_SKIP();
  clef_region *r1 = clef_region_create();
  char *p1 = static_cast<char *>(clef_region_alloc(r1, 64, 8));
  clef_region_release(r1);
  clef_region *r2 = clef_region_create();
  char *p2 = static_cast<char *>(clef_region_alloc(r2, 64, 8));
  EXPECT_NE(p1, p2);
  clef_region_release(r2);
}

} // namespace

/// A stack region as generated code lays it out: the descriptor, then the
/// buffer.
struct StackRegion {
  clef_region r;
  alignas(8) char buffer[32];

  StackRegion() {
    r.cur = buffer;
    r.end = buffer + sizeof buffer;
    r.kind = CLEF_REGION_STACK;
  }
};

TEST(StackRegion, AllocatesInItsBuffer) {
  StackRegion s;
  clef_region_stats before = stats();
  void *a = inlineBump(&s.r, 12, 8);
  void *b = clef_region_alloc(&s.r, 16, 8);
  EXPECT_EQ(a, s.buffer);
  EXPECT_EQ(b, s.buffer + 16);
  clef_region_release_stack(&s.r);
  clef_region_stats after = stats();
  EXPECT_EQ(after.stack_regions, before.stack_regions + 1);
  EXPECT_EQ(after.pages, before.pages);
  EXPECT_EQ(after.regions_created, before.regions_created);
}

TEST(StackRegion, CheckedReleasePoisonsTheBuffer) {
  if (!kChecked)
    GTEST_SKIP() << "only the checking runtime poisons released buffers";
  StackRegion s;
  auto *p = static_cast<unsigned char *>(inlineBump(&s.r, 8, 8));
  p[0] = 1;
  clef_region_release_stack(&s.r);
  for (unsigned char byte : s.buffer)
    EXPECT_EQ(byte, 0xDD);
}

TEST(StackRegionDeathTest, OverflowStops) {
  EXPECT_EXIT(
      {
        StackRegion s;
        inlineBump(&s.r, 24, 8);
        inlineBump(&s.r, 16, 8);
      },
      testing::ExitedWithCode(1), "internal error: stack region overflow");
}

TEST(StackRegionDeathTest, AllocationAfterReleaseStops) {
  EXPECT_EXIT(
      {
        StackRegion s;
        clef_region_release_stack(&s.r);
        inlineBump(&s.r, 8, 8);
      },
      testing::ExitedWithCode(1), "allocation in a released region");
}

TEST(StackRegionDeathTest, KindsCannotBeMixed) {
  EXPECT_EXIT(
      {
        StackRegion s;
        clef_region_release(&s.r);
      },
      testing::ExitedWithCode(1),
      "a stack region was released as a heap region");
  EXPECT_EXIT(clef_region_release_stack(clef_region_create()),
              testing::ExitedWithCode(1),
              "a heap region was released as a stack region");
}

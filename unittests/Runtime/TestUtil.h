//===- TestUtil.h - Helpers shared by the runtime unit tests ----*- C++ -*-===//
//
// The tests are compiled twice: against libClefRuntime.a and against
// libClefRuntimeChecked.a (CLEF_TEST_CHECKED=1).
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_UNITTESTS_RUNTIME_TESTUTIL_H
#define CLEF_UNITTESTS_RUNTIME_TESTUTIL_H

// The installed ABI, and the private headers of the layers (rt_*.h).
#include "clef_runtime.h"
#include "rt_format.h"
#include "rt_process.h"

#include <cstring>
#include <string>

namespace clef_test {

/// A string in the global region: tests do not care about its lifetime.
inline clef_string *str(const std::string &s) {
  clef_string *r = clef_string_alloc(clef_region_global(), (int64_t)s.size());
  std::memcpy(r->data, s.data(), s.size());
  return r;
}

inline std::string text(const clef_string *s) {
  return std::string(s->data, (size_t)s->len);
}

/// Runs the appends in `f` on a fresh builder and returns the text.
template <typename F> std::string format(F f) {
  clef_fmt_begin();
  f();
  return text(clef_fmt_to_string(clef_region_global()));
}

inline clef_region_stats stats() {
  clef_region_stats s;
  clef_region_get_stats(&s);
  return s;
}

} // namespace clef_test

#endif // CLEF_UNITTESTS_RUNTIME_TESTUTIL_H

//===- ActorTestUtil.h - Helpers for the actor runtime tests ----*- C++ -*-===//
//
// Actor types are C descriptors; the tests define their receive functions
// as captureless lambdas over small POD states.
//
//===----------------------------------------------------------------------===//

#ifndef CLEF_UNITTESTS_RUNTIME_ACTOR_ACTORTESTUTIL_H
#define CLEF_UNITTESTS_RUNTIME_ACTOR_ACTORTESTUTIL_H

#include "actor/clef_actor.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

namespace clef_actor_test {

/// An actor type with the given receive function.
inline clef_actor_type
makeType(const char *name,
         void (*receive)(clef_actor *, void *, void *, clef_region *),
         void *(*copy)(void *, clef_region *) = nullptr) {
  clef_actor_type t;
  t.name = name;
  t.receive = receive;
  t.copy_state = copy;
  t.describe = nullptr;
  t.rt = nullptr;
  return t;
}

template <typename T> void send(clef_actor_ref to, const T &msg) {
  clef_actor_send(to, &msg, sizeof msg);
}

/// Resident set size of this process in bytes.
inline int64_t rssBytes() {
  FILE *f = std::fopen("/proc/self/statm", "r");
  long pages = 0, resident = 0;
  if (f) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2)
      resident = 0;
    std::fclose(f);
  }
  return (int64_t)resident * sysconf(_SC_PAGESIZE);
}

/// Scales stress sizes down under ThreadSanitizer (CLEF_STRESS_SCALE=n
/// divides them by n).
inline int64_t scaled(int64_t n) {
  const char *s = std::getenv("CLEF_STRESS_SCALE");
  long k = s ? std::atol(s) : 1;
  return k > 1 ? n / k : n;
}

struct DeadLetters {
  std::string text; // the letters' first int32 fields, space-separated
  int64_t count = 0;
};

inline void collectLetter(void *ctx, const clef_actor_type *, int32_t reason,
                          const void *msg, int64_t size) {
  auto *d = static_cast<DeadLetters *>(ctx);
  int32_t v = 0;
  if (size >= 4)
    std::memcpy(&v, msg, 4);
  d->text += (d->text.empty() ? "" : " ") + std::to_string(v);
  d->count += reason == CLEF_DEAD_ACTOR_TERMINATED;
}

inline DeadLetters drain(const clef_actor_type *type) {
  DeadLetters d;
  clef_dead_letter_drain(type, collectLetter, &d);
  return d;
}

} // namespace clef_actor_test

#endif // CLEF_UNITTESTS_RUNTIME_ACTOR_ACTORTESTUTIL_H

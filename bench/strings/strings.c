/* String building: same algorithm and output as strings.clef. A string is
 * a length and its bytes, as in the Clef runtime; each + makes a new
 * string. With malloc/free every intermediate string is freed when it is
 * no longer needed; the arena builds (bump, APR) use one arena per round,
 * reset after it; the GC build frees nothing by hand. */
#include "../common/alloc.h"

#include <string.h>

typedef struct Str {
  long len;
  char data[];
} Str;

static Str *str_new(Arena *a, long len) {
  Str *s = arena_alloc(a, sizeof(Str) + len + 1);
  s->len = len;
  s->data[len] = 0;
  return s;
}

static Str *str_format(Arena *a, const char *fmt, int i, const char *t) {
  char buf[64];
  int n = snprintf(buf, sizeof buf, fmt, i, t);
  Str *s = str_new(a, n);
  memcpy(s->data, buf, n);
  return s;
}

static Str *str_of_int(Arena *a, int i) {
  char buf[16];
  int n = snprintf(buf, sizeof buf, "%d", i);
  Str *s = str_new(a, n);
  memcpy(s->data, buf, n);
  return s;
}

static Str *concat2(Arena *a, const Str *x, const char *y, long ylen) {
  Str *s = str_new(a, x->len + ylen);
  memcpy(s->data, x->data, x->len);
  memcpy(s->data + x->len, y, ylen);
  return s;
}

static Str *piece(Arena *a, int r, int i) {
  Str *p = str_format(a, "%d:%s", i, i % 2 == 0 ? "even" : "odd");
  Str *q = concat2(a, p, "/", 1);
  Str *rs = str_of_int(a, r);
  Str *s = concat2(a, q, rs->data, rs->len);
  bench_free(p);
  bench_free(q);
  bench_free(rs);
  return s;
}

int main(int argc, char **argv) {
  bench_init();
  int rounds = argc > 1 ? atoi(argv[1]) : 200;
  Arena *arena = arena_new();
  long long total = 0;
  int chars = 0;
  enum { NPARTS = 1000 };
  for (int r = 1; r <= rounds; r++) {
    Str *parts[NPARTS];
    long len = 0;
    for (int i = 0; i < NPARTS; i++) {
      parts[i] = piece(arena, r, i);
      len += parts[i]->len + (i > 0 ? 2 : 0);
    }
    Str *s = str_new(arena, len);
    char *p = s->data;
    for (int i = 0; i < NPARTS; i++) {
      if (i > 0) {
        memcpy(p, ", ", 2);
        p += 2;
      }
      memcpy(p, parts[i]->data, parts[i]->len);
      p += parts[i]->len;
      bench_free(parts[i]);
    }
    total += s->len;
    chars = (chars + (unsigned char)s->data[s->len / 2]) % 1000003;
    bench_free(s);
    arena_reset(arena);
  }
  printf("%d rounds, total length %lld, checksum %d\n", rounds, total, chars);
  return 0;
}

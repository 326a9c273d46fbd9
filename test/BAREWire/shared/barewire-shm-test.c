/* Two processes share one BAREWire buffer (runtime/barewire/bw_shared.c):
 * this process creates it and writes records; a second process (this
 * program again, started with --reader) opens it by name and reads the
 * records in place while they are written.
 *
 *   barewire-shm-test small|large ITERATIONS [inplace|copy|unsafe]
 *
 * small records are BARE `struct { lo: u32 hi: u32 }` (8 bytes, one atomic
 * word); large ones `struct { gen: u64 a: u64 b: u64 c: u64 check: u64 }`
 * (40 bytes, under the seqlock). Every record written satisfies an
 * invariant (hi = ~lo; check = gen ^ a ^ b ^ c), so a torn read shows.
 * inplace reads through bw_shared_load8 / bw_shared_read_inplace (no copy),
 * copy through bw_shared_read, unsafe reads a large record's bytes with
 * neither (to show what the seqlock prevents).
 *
 * Handshake: header word 0 is set by the reader once it has mapped the
 * buffer; the writer starts only then, and sets word 1 when it is done; the
 * reader answers in words 2..4 (reads, torn reads, bytes it copied) and sets
 * word 5. */
#define _GNU_SOURCE
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "barewire.h"

extern char **environ;

enum { RECORDS = 16 };

static const char kSchema[] =
    "type Small struct { lo: u32 hi: u32 }\n"
    "type Large struct { gen: u64 a: u64 b: u64 c: u64 check: u64 }\n";

/* The all-zero record is the default value (not yet written). */
static int torn_small(uint64_t w) {
  uint32_t lo = (uint32_t)w, hi = (uint32_t)(w >> 32);
  return w != 0 && hi != (uint32_t)~lo;
}

static int torn_large(const uint8_t *rec) {
  uint64_t f[5];
  memcpy(f, rec, sizeof f);
  return (f[0] ^ f[1] ^ f[2] ^ f[3]) != f[4];
}

typedef struct check_ctx {
  int torn;
} check_ctx;

static void check_inplace(const uint8_t *rec, void *ctx) {
  ((check_ctx *)ctx)->torn = torn_large(rec);
}

static int reader(const char *name, const char *mode) {
  bw_shared *s = bw_shared_open(name);
  if (!s) {
    fprintf(stderr, "reader: cannot open %s: %s\n", name, strerror(errno));
    return 1;
  }
  int large = bw_shared_record_size(s) > 8;
  bw_shared_flag_store(s, 0, 1); /* mapped: the writer may start */
  uint64_t reads = 0, torn = 0;
  uint8_t copy[64];
  for (;;) {
    int done = bw_shared_flag_load(s, 1) != 0;
    for (uint64_t i = 0; i < RECORDS; ++i) {
      int bad;
      if (!large) {
        if (!strcmp(mode, "copy")) {
          uint64_t w = 0;
          bw_shared_read(s, i, &w);
          bad = torn_small(w);
        } else {
          bad = torn_small(bw_shared_load8(s, i));
        }
      } else if (!strcmp(mode, "copy")) {
        bw_shared_read(s, i, copy);
        bad = torn_large(copy);
      } else if (!strcmp(mode, "unsafe")) {
        /* No sequence number: volatile reads of the bytes as they are. */
        const volatile uint8_t *p = bw_shared_record(s, i);
        for (unsigned k = 0; k < 40; ++k)
          copy[k] = p[k];
        bad = torn_large(copy);
      } else {
        check_ctx c = {0};
        bw_shared_read_inplace(s, i, check_inplace, &c);
        bad = c.torn;
      }
      ++reads;
      torn += (uint64_t)bad;
    }
    if (done)
      break;
  }
  bw_shared_flag_store(s, 2, reads);
  bw_shared_flag_store(s, 3, torn);
  bw_shared_flag_store(s, 4, bw_shared_bytes_copied());
  bw_shared_flag_wake(s, 5, 1);
  bw_shared_close(s);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 4 && !strcmp(argv[1], "--reader"))
    return reader(argv[2], argv[3]);
  if (argc < 3) {
    fprintf(stderr, "usage: barewire-shm-test small|large ITERATIONS "
                    "[inplace|copy|unsafe]\n");
    return 2;
  }
  int large = !strcmp(argv[1], "large");
  uint64_t iters = strtoull(argv[2], NULL, 10);
  const char *mode = argc > 3 ? argv[3] : "inplace";

  clef_region *r = clef_region_create();
  bw_schema *schema = bw_parse_schema(r, kSchema, sizeof kSchema - 1, NULL);
  const bw_type *t = bw_schema_lookup(schema, large ? "Large" : "Small");
  uint32_t size = large ? 40 : 8;

  char name[64];
  snprintf(name, sizeof name, "/clef-barewire-test-%d", (int)getpid());
  bw_shared *s = bw_shared_create(name, size, RECORDS);
  if (!s) {
    fprintf(stderr, "create %s: %s\n", name, strerror(errno));
    return 1;
  }
  /* A fresh buffer holds default values: zero records. */
  int zero = 1;
  for (uint64_t i = 0; i < RECORDS; ++i)
    for (uint32_t k = 0; k < size; ++k)
      zero &= bw_shared_record(s, i)[k] == 0;
  printf("fresh buffer zeroed: %s\n", zero ? "yes" : "no");

  pid_t pid;
  char reader_flag[] = "--reader", mode_arg[16];
  snprintf(mode_arg, sizeof mode_arg, "%s", mode);
  char *child_argv[] = {argv[0], reader_flag, name, mode_arg, NULL};
  if (posix_spawn(&pid, argv[0], NULL, NULL, child_argv, environ)) {
    perror("posix_spawn");
    return 1;
  }
  while (!bw_shared_flag_load(s, 0)) {
    int st;
    if (waitpid(pid, &st, WNOHANG) == pid) {
      fprintf(stderr, "reader exited before the handshake\n");
      return 1;
    }
    sched_yield();
  }

  /* Write: each record is the BARE encoding of a value, put in place. */
  bw_value fields[5];
  bw_value v;
  v.seq.count = large ? 5 : 2;
  v.seq.items = fields;
  uint8_t rec[40];
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (uint64_t g = 1; g <= iters; ++g) {
    if (large) {
      fields[0].u = g;
      fields[1].u = g * 0x9e3779b97f4a7c15ull;
      fields[2].u = ~g;
      fields[3].u = g << 17;
      fields[4].u = fields[0].u ^ fields[1].u ^ fields[2].u ^ fields[3].u;
    } else {
      fields[0].u = (uint32_t)(g * 2654435761u);
      fields[1].u = (uint32_t)~fields[0].u;
    }
    if (bw_encode_into(t, &v, rec, sizeof rec, NULL) != size)
      return 1;
    bw_shared_write(s, g % RECORDS, rec);
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  bw_shared_flag_store(s, 1, 1);
  while (!bw_shared_flag_load(s, 5))
    bw_shared_flag_wait(s, 5, 0);
  int st;
  waitpid(pid, &st, 0);

  /* The last record written decodes from the shared bytes. */
  uint64_t last = iters % RECORDS;
  bw_value back;
  bw_error e;
  uint8_t snap[40];
  bw_shared_read(s, last, snap);
  int dec = bw_decode(r, t, snap, size, NULL, &back, &e) == 0 &&
            back.seq.items[0].u == fields[0].u;
  uint64_t reads = bw_shared_flag_load(s, 2), torn = bw_shared_flag_load(s, 3);
  uint64_t copied = bw_shared_flag_load(s, 4);
  double secs =
      (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf(
      "records: %u bytes x %d, writes: %llu (%.1f ns each), reader exit: %d\n",
      size, RECORDS, (unsigned long long)iters, secs * 1e9 / (double)iters,
      WIFEXITED(st) ? WEXITSTATUS(st) : -1);
  printf("reader: %llu reads, %llu torn, %llu bytes copied (%s)\n",
         (unsigned long long)reads, (unsigned long long)torn,
         (unsigned long long)copied, mode);
  printf("last record decodes as BARE: %s\n", dec ? "yes" : "no");
  bw_shared_close(s);

  /* The name is gone once its creator closes it. */
  bw_shared *again = bw_shared_open(name);
  printf("open after close: %s\n", again ? "opened" : strerror(errno));
  clef_region_release(r);
  return 0;
}

/* Shared buffers: n fixed-size records in POSIX shared memory (shm_open +
 * mmap), mapped read-write into every process that opens the name.
 *
 * Layout: a 128-byte header (magic, record size, count, eight handshake
 * words), then one slot per record, 8-byte aligned. A record of at most 8
 * bytes is one 64-bit word accessed atomically. A larger one is a sequence
 * word followed by the record's bytes: a writer makes the sequence odd,
 * stores the bytes, makes it even (release); a reader takes the sequence
 * (acquire), reads, and retries if the sequence was odd or has changed.
 * Writers of one record must not race each other (one writer per record);
 * readers never block writers. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "barewire.h"

#define BW_SHARED_MAGIC 0x3142455241574542ull /* "BEWARAB1" */
#define BW_HEADER 128

typedef struct header {
  uint64_t magic;
  uint32_t record_size;
  uint32_t slot_size;
  uint64_t count;
  uint64_t pad[5];
  _Atomic uint64_t flags[8];
} header;

_Static_assert(sizeof(header) == BW_HEADER, "shared header size");

struct bw_shared {
  header *h;
  uint8_t *slots;
  size_t map_size;
  uint32_t record_size, slot_size;
  uint64_t count;
  int creator;
  char name[256];
};

static _Atomic uint64_t bytes_copied;

uint64_t bw_shared_bytes_copied(void) { return atomic_load(&bytes_copied); }

static int shm_name(const char *name, char out[256]) {
  int n = snprintf(out, 256, "%s%s", name[0] == '/' ? "" : "/", name);
  if (n <= 1 || n >= 256 || strchr(out + 1, '/')) {
    errno = EINVAL;
    return -1;
  }
  return 0;
}

static uint32_t slot_size_for(uint32_t record_size) {
  if (record_size <= 8)
    return 8;
  return 8 + ((record_size + 7u) & ~7u);
}

/* Names this process created and has not closed, unlinked at exit. */
static char *created[64];
static int ncreated;
static int atexit_set;

static void unlink_created(void) {
  for (int k = 0; k < ncreated; ++k)
    if (created[k]) {
      shm_unlink(created[k]);
      free(created[k]);
      created[k] = NULL;
    }
}

static bw_shared *map_it(int fd, const char *nm, int creator) {
  struct stat st;
  if (fstat(fd, &st) || (size_t)st.st_size < BW_HEADER) {
    if (!errno)
      errno = EINVAL;
    return NULL;
  }
  void *p =
      mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED)
    return NULL;
  header *h = p;
  if (!creator) {
    uint64_t need = BW_HEADER + (uint64_t)h->slot_size * h->count;
    if (h->magic != BW_SHARED_MAGIC ||
        h->slot_size != slot_size_for(h->record_size) ||
        h->count > ((uint64_t)1 << 40) || need > (uint64_t)st.st_size) {
      munmap(p, (size_t)st.st_size);
      errno = EINVAL;
      return NULL;
    }
  }
  bw_shared *s = calloc(1, sizeof *s);
  if (!s) {
    munmap(p, (size_t)st.st_size);
    return NULL;
  }
  s->h = h;
  s->slots = (uint8_t *)p + BW_HEADER;
  s->map_size = (size_t)st.st_size;
  s->record_size = h->record_size;
  s->slot_size = h->slot_size;
  s->count = h->count;
  s->creator = creator;
  snprintf(s->name, sizeof s->name, "%s", nm);
  return s;
}

bw_shared *bw_shared_create(const char *name, uint32_t record_size,
                            uint64_t count) {
  char nm[256];
  if (shm_name(name, nm))
    return NULL;
  if (record_size == 0 || count == 0 || count > ((uint64_t)1 << 40)) {
    errno = EINVAL;
    return NULL;
  }
  uint32_t slot = slot_size_for(record_size);
  uint64_t size = BW_HEADER + (uint64_t)slot * count;
  int fd = shm_open(nm, O_CREAT | O_EXCL | O_RDWR, 0600);
  if (fd < 0)
    return NULL;
  if (ftruncate(fd, (off_t)size)) {
    int e = errno;
    close(fd);
    shm_unlink(nm);
    errno = e;
    return NULL;
  }
  /* A fresh buffer holds zeros: the default value of fixed-size records. */
  void *p = mmap(NULL, BW_HEADER, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) {
    int e = errno;
    close(fd);
    shm_unlink(nm);
    errno = e;
    return NULL;
  }
  header *h = p;
  h->record_size = record_size;
  h->slot_size = slot;
  h->count = count;
  atomic_store_explicit((_Atomic uint64_t *)&h->magic, BW_SHARED_MAGIC,
                        memory_order_release);
  munmap(p, BW_HEADER);
  errno = 0;
  bw_shared *s = map_it(fd, nm, 1);
  int e = errno;
  close(fd);
  if (!s) {
    shm_unlink(nm);
    errno = e;
    return NULL;
  }
  if (ncreated < 64) {
    created[ncreated++] = strdup(nm);
    if (!atexit_set) {
      atexit(unlink_created);
      atexit_set = 1;
    }
  }
  return s;
}

bw_shared *bw_shared_open(const char *name) {
  char nm[256];
  if (shm_name(name, nm))
    return NULL;
  int fd = shm_open(nm, O_RDWR, 0);
  if (fd < 0)
    return NULL;
  errno = 0;
  bw_shared *s = map_it(fd, nm, 0);
  int e = errno;
  close(fd);
  errno = e;
  return s;
}

int bw_shared_unlink(const char *name) {
  char nm[256];
  if (shm_name(name, nm))
    return -1;
  for (int k = 0; k < ncreated; ++k)
    if (created[k] && !strcmp(created[k], nm)) {
      free(created[k]);
      created[k] = NULL;
    }
  return shm_unlink(nm);
}

void bw_shared_close(bw_shared *s) {
  if (!s)
    return;
  munmap(s->h, s->map_size);
  if (s->creator)
    bw_shared_unlink(s->name);
  free(s);
}

uint32_t bw_shared_record_size(const bw_shared *s) { return s->record_size; }
uint64_t bw_shared_count(const bw_shared *s) { return s->count; }

static uint8_t *slot(bw_shared *s, uint64_t i) {
  if (i >= s->count)
    abort();
  return s->slots + (size_t)i * s->slot_size;
}

uint8_t *bw_shared_record(bw_shared *s, uint64_t i) {
  uint8_t *p = slot(s, i);
  return s->record_size <= 8 ? p : p + 8;
}

/* The payload of a large record is copied in bulk, in 8-byte words with
 * relaxed atomic loads and stores. The seqlock is a data race by design: a
 * reader may load bytes while the writer stores them and throws them away
 * when the sequence number tells. Plain memcpy there would be undefined
 * behaviour in C11 (a data race on non-atomic objects); relaxed atomic word
 * accesses make every racing access atomic, so the program stays defined,
 * and the fences around them (release after the odd sequence on the writer,
 * acquire before the re-check on the reader) give the fence-to-fence
 * synchronisation that orders the words against the sequence number (the
 * construction of Boehm, "Can Seqlocks Get Along with Programming Language
 * Memory Models?", MSPC 2012; the Linux kernel's seqcount does the same with
 * compiler barriers and READ_ONCE-style accesses). A relaxed 64-bit access
 * compiles to a plain aligned move on x86-64 and AArch64, so the loop runs
 * at memcpy speed; ThreadSanitizer sees only atomic accesses and reports
 * nothing. The slot's payload is 8-byte aligned and padded to a whole word,
 * so only the caller's side of the last word is partial. */
static void store_words(uint8_t *dst, const uint8_t *src, uint32_t n) {
  _Atomic uint64_t *w = (_Atomic uint64_t *)dst;
  uint32_t whole = n / 8;
  for (uint32_t k = 0; k < whole; ++k) {
    uint64_t v;
    memcpy(&v, src + 8 * (size_t)k, 8);
    atomic_store_explicit(&w[k], v, memory_order_relaxed);
  }
  if (n % 8) {
    uint64_t v = 0;
    memcpy(&v, src + 8 * (size_t)whole, n % 8);
    atomic_store_explicit(&w[whole], v, memory_order_relaxed);
  }
}

static void load_words(uint8_t *dst, uint8_t *src, uint32_t n) {
  _Atomic uint64_t *w = (_Atomic uint64_t *)src;
  uint32_t whole = n / 8;
  for (uint32_t k = 0; k < whole; ++k) {
    uint64_t v = atomic_load_explicit(&w[k], memory_order_relaxed);
    memcpy(dst + 8 * (size_t)k, &v, 8);
  }
  if (n % 8) {
    uint64_t v = atomic_load_explicit(&w[whole], memory_order_relaxed);
    memcpy(dst + 8 * (size_t)whole, &v, n % 8);
  }
}

void bw_shared_write(bw_shared *s, uint64_t i, const void *src) {
  uint8_t *p = slot(s, i);
  if (s->record_size <= 8) {
    uint64_t v = 0;
    memcpy(&v, src, s->record_size);
    atomic_store_explicit((_Atomic uint64_t *)p, v, memory_order_release);
    return;
  }
  _Atomic uint64_t *seq = (_Atomic uint64_t *)p;
  uint64_t q = atomic_load_explicit(seq, memory_order_relaxed);
  atomic_store_explicit(seq, q + 1, memory_order_relaxed);
  atomic_thread_fence(memory_order_release);
  store_words(p + 8, src, s->record_size);
  atomic_store_explicit(seq, q + 2, memory_order_release);
}

uint64_t bw_shared_load8(bw_shared *s, uint64_t i) {
  if (s->record_size > 8)
    abort();
  return atomic_load_explicit((_Atomic uint64_t *)slot(s, i),
                              memory_order_acquire);
}

static uint64_t begin_read(_Atomic uint64_t *seq) {
  for (;;) {
    uint64_t q = atomic_load_explicit(seq, memory_order_acquire);
    if (!(q & 1))
      return q;
  }
}

static int end_read(_Atomic uint64_t *seq, uint64_t q) {
  atomic_thread_fence(memory_order_acquire);
  return atomic_load_explicit(seq, memory_order_relaxed) == q;
}

void bw_shared_read(bw_shared *s, uint64_t i, void *dst) {
  uint8_t *p = slot(s, i);
  if (s->record_size <= 8) {
    uint64_t v =
        atomic_load_explicit((_Atomic uint64_t *)p, memory_order_acquire);
    memcpy(dst, &v, s->record_size);
  } else {
    _Atomic uint64_t *seq = (_Atomic uint64_t *)p;
    uint64_t q;
    do {
      q = begin_read(seq);
      load_words(dst, p + 8, s->record_size);
    } while (!end_read(seq, q));
  }
  atomic_fetch_add(&bytes_copied, s->record_size);
}

/* In place, the caller's f reads the mapped bytes itself (that is the
 * point: no copy), with whatever loads it likes, so those loads do race
 * with a concurrent writer: this is the one access of the seqlock outside
 * the C11 model, as in the kernel's seqcount readers. It stays sound in
 * practice because f is called through a pointer between the acquire load
 * of the sequence and the acquire fence of the re-check, so its loads can
 * neither be hoisted above the one nor sunk below the other, and whatever
 * f saw in a window whose sequence changed is discarded (f runs again). f
 * must tolerate inconsistent bytes until it returns: no lengths or offsets
 * from the record used unchecked. A reader that must stay inside the model
 * (or run under ThreadSanitizer without reports) uses bw_shared_read. */
void bw_shared_read_inplace(bw_shared *s, uint64_t i,
                            void (*f)(const uint8_t *rec, void *ctx),
                            void *ctx) {
  uint8_t *p = slot(s, i);
  if (s->record_size <= 8) {
    f(p, ctx);
    return;
  }
  _Atomic uint64_t *seq = (_Atomic uint64_t *)p;
  uint64_t q;
  do {
    q = begin_read(seq);
    f(p + 8, ctx);
  } while (!end_read(seq, q));
}

uint64_t bw_shared_flag_load(bw_shared *s, unsigned slot_no) {
  return atomic_load_explicit(&s->h->flags[slot_no & 7], memory_order_acquire);
}

void bw_shared_flag_store(bw_shared *s, unsigned slot_no, uint64_t v) {
  atomic_store_explicit(&s->h->flags[slot_no & 7], v, memory_order_release);
}

/* Blocking waits on a header word, across processes: a short spin, then a
 * futex on the word's low 32 bits (the mapping is shared, so not
 * FUTEX_PRIVATE). */
uint64_t bw_shared_flag_wait(bw_shared *s, unsigned slot_no, uint64_t old) {
  _Atomic uint64_t *w = &s->h->flags[slot_no & 7];
  for (int k = 0; k < 4000; ++k) {
    uint64_t v = atomic_load_explicit(w, memory_order_acquire);
    if (v != old)
      return v;
  }
  for (;;) {
    uint64_t v = atomic_load_explicit(w, memory_order_acquire);
    if (v != old)
      return v;
    syscall(SYS_futex, (uint32_t *)w, FUTEX_WAIT, (uint32_t)old, NULL, NULL, 0);
  }
}

void bw_shared_flag_wake(bw_shared *s, unsigned slot_no, uint64_t v) {
  _Atomic uint64_t *w = &s->h->flags[slot_no & 7];
  atomic_store_explicit(w, v, memory_order_release);
  syscall(SYS_futex, (uint32_t *)w, FUTEX_WAKE, 0x7fffffff, NULL, NULL, 0);
}

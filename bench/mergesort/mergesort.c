/* Merge sort on immutable singly linked lists: same algorithm and output as
 * mergesort.clef. Every step builds new cells as the functional version
 * does; with malloc/free each function frees the cells of the lists it
 * consumed (a list is owned by one function at a time), the arena builds
 * (bump, APR) allocate everything in one arena, the GC build frees
 * nothing by hand. */
#include "../common/alloc.h"

typedef struct Cell {
  int head;
  struct Cell *tail;
} Cell;

static Arena *arena;

static Cell *cons(int head, Cell *tail) {
  Cell *c = arena_alloc(arena, sizeof(Cell));
  c->head = head;
  c->tail = tail;
  return c;
}

static Cell *random_list(int n, long long seed) {
  Cell *acc = NULL;
  for (; n > 0; n--) {
    seed = (seed * 1103515245LL + 12345LL) % 2147483648LL;
    acc = cons((int)(seed % 1000000LL), acc);
  }
  return acc;
}

/* acc reversed onto tail; consumes acc. */
static Cell *rev_append(Cell *acc, Cell *tail) {
  while (acc) {
    Cell *next = acc->tail;
    tail = cons(acc->head, tail);
    bench_free(acc);
    acc = next;
  }
  return tail;
}

/* Deals xs alternately onto two new lists; consumes xs. */
static void split(Cell *xs, Cell **left, Cell **right) {
  Cell *l = NULL, *r = NULL;
  while (xs) {
    Cell *next = xs->tail;
    Cell *t = cons(xs->head, l);
    l = r;
    r = t;
    bench_free(xs);
    xs = next;
  }
  *left = l;
  *right = r;
}

/* Consumes a and b. */
static Cell *merge(Cell *a, Cell *b) {
  Cell *acc = NULL;
  for (;;) {
    if (!a)
      return rev_append(acc, b);
    if (!b)
      return rev_append(acc, a);
    if (a->head <= b->head) {
      Cell *next = a->tail;
      acc = cons(a->head, acc);
      bench_free(a);
      a = next;
    } else {
      Cell *next = b->tail;
      acc = cons(b->head, acc);
      bench_free(b);
      b = next;
    }
  }
}

static Cell *msort(Cell *xs) {
  if (!xs || !xs->tail)
    return xs;
  Cell *left, *right;
  split(xs, &left, &right);
  Cell *sl = msort(left);
  Cell *sr = msort(right);
  return merge(sl, sr);
}

int main(int argc, char **argv) {
  bench_init();
  arena = arena_new();
  int n = argc > 1 ? atoi(argv[1]) : 1000000;
  Cell *sorted = msort(random_list(n, 42));
  long long sum = 0;
  int count = 0, descents = 0, prev = 0, last = 0;
  for (Cell *c = sorted; c; c = c->tail, count++) {
    if (c->head < prev)
      descents++;
    sum += (long long)c->head * (count % 7 + 1);
    prev = last = c->head;
  }
  if (!sorted) {
    fputs("empty list\n", stderr);
    return 1;
  }
  printf("sorted %d ints, %d descents\n", count, descents);
  printf("first %d, last %d\n", sorted->head, last);
  printf("checksum %lld\n", sum);
  return 0;
}

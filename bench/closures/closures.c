/* A closure-heavy pipeline: same algorithm and output as closures.clef.
 * A closure is a heap object with a code pointer and its captures; the
 * composition acc >> f is a closure capturing acc and f. Lists are singly
 * linked cells. With malloc/free each intermediate list is freed once the
 * next is built; the arena builds (bump, APR) put the closures in one arena
 * and each round's lists in another, reset after the round; the GC build
 * frees nothing by hand. */
#include "../common/alloc.h"

#define MODULUS 1000003

typedef struct Closure Closure;
struct Closure {
  int (*code)(Closure *self, int x);
  int k;
  Closure *f, *g;
};

static int add_code(Closure *c, int x) { return (x + c->k) % MODULUS; }
static int mul_code(Closure *c, int x) { return (x * c->k) % MODULUS; }
static int id_code(Closure *c, int x) {
  (void)c;
  return x;
}
static int compose_code(Closure *c, int x) {
  return c->g->code(c->g, c->f->code(c->f, x));
}

static Closure *closure(Arena *a, int (*code)(Closure *, int), int k,
                        Closure *f, Closure *g) {
  Closure *c = arena_alloc(a, sizeof(Closure));
  c->code = code;
  c->k = k;
  c->f = f;
  c->g = g;
  return c;
}

typedef struct Cell {
  int head;
  struct Cell *tail;
} Cell;

static void free_list(Cell *xs) {
  while (xs) {
    Cell *next = xs->tail;
    bench_free(xs);
    xs = next;
  }
}

/* The list of f x for x in xs, in order (built front to back). */
static Cell *map(Arena *a, Closure *f, Cell *xs) {
  Cell *head = NULL, **tail = &head;
  for (; xs; xs = xs->tail) {
    Cell *c = arena_alloc(a, sizeof(Cell));
    c->head = f->code(f, xs->head);
    *tail = c;
    tail = &c->tail;
  }
  *tail = NULL;
  return head;
}

static Cell *filter_not_div3(Arena *a, Cell *xs) {
  Cell *head = NULL, **tail = &head;
  for (; xs; xs = xs->tail)
    if (xs->head % 3 != 0) {
      Cell *c = arena_alloc(a, sizeof(Cell));
      c->head = xs->head;
      *tail = c;
      tail = &c->tail;
    }
  *tail = NULL;
  return head;
}

static int equal(Cell *a, Cell *b) {
  for (; a && b; a = a->tail, b = b->tail)
    if (a->head != b->head)
      return 0;
  return !a && !b;
}

int main(int argc, char **argv) {
  bench_init();
  int rounds = argc > 1 ? atoi(argv[1]) : 300;
  Arena *longArena = arena_new(), *roundArena = arena_new();
  enum { NOPS = 100 };
  Closure *ops[NOPS];
  for (int i = 0; i < NOPS; i++)
    ops[i] = i % 2 == 0 ? closure(longArena, add_code, i, NULL, NULL)
                        : closure(longArena, mul_code, i % 5 + 2, NULL, NULL);
  Closure *composed = closure(longArena, id_code, 0, NULL, NULL);
  for (int i = 0; i < NOPS; i++)
    composed = closure(longArena, compose_code, 0, composed, ops[i]);
  int checksum = 0, agreed = 0;
  for (int r = 1; r <= rounds; r++) {
    Cell *data = NULL, **tail = &data;
    for (int i = 0; i < 1000; i++) {
      Cell *c = arena_alloc(roundArena, sizeof(Cell));
      c->head = (i * 7 + r) % MODULUS;
      *tail = c;
      tail = &c->tail;
    }
    *tail = NULL;
    Cell *stepped = data;
    for (int i = 0; i < NOPS; i++) {
      Cell *next = map(roundArena, ops[i], stepped);
      if (BENCH_FREES && stepped != data)
        free_list(stepped);
      stepped = next;
    }
    Cell *direct = map(roundArena, composed, data);
    Cell *kept = filter_not_div3(roundArena, stepped);
    int total = 0;
    for (Cell *c = kept; c; c = c->tail)
      total = (total + c->head) % MODULUS;
    if (equal(stepped, direct))
      agreed++;
    checksum = (checksum + total) % MODULUS;
    if (BENCH_FREES) {
      free_list(data);
      free_list(stepped);
      free_list(direct);
      free_list(kept);
    }
    arena_reset(roundArena);
  }
  printf("%d rounds, %d agree, checksum %d\n", rounds, agreed, checksum);
  return 0;
}

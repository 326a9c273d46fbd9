/* binary-trees: same algorithm and output as binarytrees.clef. Built four
 * ways through ../common/alloc.h: malloc/free (each short-lived tree freed
 * after its check), a bump arena and APR pools (one arena for the stretch
 * tree, one for the long-lived tree, one reset after each short-lived
 * tree) and the Boehm GC. A leaf is NULL. */
#include "../common/alloc.h"

typedef struct Node {
  struct Node *l, *r;
} Node;

static Node *make(Arena *a, int d) {
  Node *n = arena_alloc(a, sizeof(Node));
  if (d == 0) {
    n->l = n->r = NULL;
  } else {
    n->l = make(a, d - 1);
    n->r = make(a, d - 1);
  }
  return n;
}

static int check(const Node *t) {
  return t ? 1 + check(t->l) + check(t->r) : 0;
}

static void release(Node *t) {
  if (t) {
    release(t->l);
    release(t->r);
    bench_free(t);
  }
}

int main(int argc, char **argv) {
  bench_init();
  int min_depth = 4;
  int n = argc > 1 ? atoi(argv[1]) : 18;
  int max_depth = n > min_depth + 2 ? n : min_depth + 2;
  int stretch = max_depth + 1;
  Arena *scratch = arena_new();
  Node *s = make(scratch, stretch);
  printf("stretch tree of depth %d\t check: %d\n", stretch, check(s));
  if (BENCH_FREES)
    release(s);
  arena_reset(scratch);
  Arena *longArena = arena_new();
  Node *long_lived = make(longArena, max_depth);
  for (int depth = min_depth; depth <= max_depth; depth += 2) {
    int iterations = 1 << (max_depth - depth + min_depth);
    int sum = 0;
    for (int i = 0; i < iterations; i++) {
      Node *t = make(scratch, depth);
      sum += check(t);
      if (BENCH_FREES)
        release(t);
      arena_reset(scratch);
    }
    printf("%d\t trees of depth %d\t check: %d\n", iterations, depth, sum);
  }
  printf("long lived tree of depth %d\t check: %d\n", max_depth,
         check(long_lived));
  return 0;
}

/* Game of Life as a state-passing loop: same algorithm and output as
 * life.clef. Each generation allocates a new board (an array of row
 * pointers, each row an array of ints). With malloc/free the old board is
 * freed after each step; the arena builds (bump, APR) alternate two arenas,
 * resetting the one that held the generation before last, which is what a
 * region per generation gives; the GC build frees nothing by hand. */
#include "../common/alloc.h"

static int **new_board(Arena *a, int size) {
  int **b = arena_alloc(a, size * sizeof(int *));
  for (int i = 0; i < size; i++)
    b[i] = arena_alloc(a, size * sizeof(int));
  return b;
}

static void free_board(int **b, int size) {
  for (int i = 0; i < size; i++)
    bench_free(b[i]);
  bench_free(b);
}

static int **step(Arena *a, int **board, int size) {
  int h = size, w = size;
  int **next = new_board(a, size);
  for (int i = 0; i < h; i++)
    for (int j = 0; j < w; j++) {
      int n = 0;
      for (int di = 0; di <= 2; di++)
        for (int dj = 0; dj <= 2; dj++)
          if (di != 1 || dj != 1)
            n += board[(i + di - 1 + h) % h][(j + dj - 1 + w) % w];
      next[i][j] = n == 3 || (n == 2 && board[i][j] == 1);
    }
  return next;
}

int main(int argc, char **argv) {
  bench_init();
  int gens = argc > 1 ? atoi(argv[1]) : 1000;
  int size = argc > 2 ? atoi(argv[2]) : 64;
  Arena *arenas[2] = {arena_new(), arena_new()};
  int cur = 0;
  int **board = new_board(arenas[cur], size);
  long long seed = 42;
  for (int i = 0; i < size; i++)
    for (int j = 0; j < size; j++) {
      seed = (seed * 1103515245LL + 12345LL) % 2147483648LL;
      board[i][j] = seed % 3 == 0;
    }
  for (int g = gens; g > 0; g--) {
    int **next = step(arenas[1 - cur], board, size);
    if (BENCH_FREES)
      free_board(board, size);
    arena_reset(arenas[cur]);
    cur = 1 - cur;
    board = next;
  }
  int population = 0, checksum = 0;
  for (int i = 0; i < size; i++)
    for (int j = 0; j < size; j++)
      if (board[i][j] == 1) {
        population++;
        checksum = (checksum + i * size + j) % 1000003;
      }
  printf("generation %d: population %d, checksum %d\n", gens, population,
         checksum);
  return 0;
}

/* peakrss OUT PROGRAM ARGS...: runs PROGRAM with ARGS, then writes to the
 * file OUT one line "WALL_SECONDS PEAK_RSS_KIB EXIT_STATUS" (the exit
 * status is 128+N for a signal N). A small C parent keeps ru_maxrss honest:
 * Linux counts the memory of the process that forked the child until it
 * execs, so a child forked from Python starts at Python's size. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fputs("usage: peakrss OUT PROGRAM [ARGS...]\n", stderr);
    return 2;
  }
  struct timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  pid_t pid = fork();
  if (pid < 0) {
    perror("peakrss: fork");
    return 2;
  }
  if (pid == 0) {
    execvp(argv[2], argv + 2);
    perror("peakrss: exec");
    _exit(127);
  }
  int status;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) < 0) {
    perror("peakrss: wait4");
    return 2;
  }
  clock_gettime(CLOCK_MONOTONIC, &end);
  double wall =
      (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  FILE *out = fopen(argv[1], "w");
  if (!out) {
    perror("peakrss: output");
    return 2;
  }
  fprintf(out, "%.6f %ld %d\n", wall, ru.ru_maxrss, code);
  fclose(out);
  return code;
}

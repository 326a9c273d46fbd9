/*===- rt_process.c - Start-up, exit and the command line ---------*- C -*-===*
 *
 * The process layer: what the generated main calls first and last.
 *
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "rt_process.h"

#include <stdlib.h>
#include <string.h>

static int32_t savedArgc;
static char **savedArgv;
static int finished;

static void flushAtExit(void) { clef_rt_out_flush(); }

void clef_rt_init(int32_t argc, char **argv) {
  savedArgc = argc;
  savedArgv = argv;
  clef_rt_config_init();
  /* Covers exits that bypass clef_rt_finish (e.g. C code calling exit). */
  atexit(flushAtExit);
}

void (*clef_rt_stats_hook)(void);

static void finish(void) {
  clef_rt_out_flush();
  if (!finished) {
    finished = 1;
    clef_region_report_stats();
    if (clef_rt_stats_hook)
      clef_rt_stats_hook();
  }
}

int32_t clef_rt_main(int32_t argc, char **argv, int32_t (*entry)(void)) {
  clef_rt_init(argc, argv);
  const char *text = getenv("CLEF_STACK");
  int64_t bytes;
  const char *err = clef_rt_stack_parse(text, &bytes);
  if (err)
    clef_rt_fatal("%s (CLEF_STACK=%s)", err, text);
  return clef_rt_finish(clef_rt_run_on_stack(entry, bytes));
}

int32_t clef_rt_finish(int32_t code) {
  finish();
  return code;
}

void clef_rt_exit(int32_t code) {
  finish();
  exit(code);
}

int32_t clef_rt_arg_count(void) { return savedArgc > 1 ? savedArgc - 1 : 0; }

clef_string *clef_rt_arg(clef_region *r, int32_t i) {
  if (i < 0 || i >= clef_rt_arg_count())
    clef_rt_index_out_of_range();
  const char *a = savedArgv[i + 1];
  size_t n = strlen(a);
  clef_string *s = clef_string_alloc(r, (int64_t)n);
  memcpy(s->data, a, n);
  return s;
}

/*===- rt_process.c - Start-up, exit, output and run-time errors --*- C -*-===*
 *
 * stdout goes through one 64 KiB buffer written with write(2): fewer system
 * calls than stdio and no locking. It is flushed when full, at exit, before
 * anything is written to stderr, and after every print when stdout is a
 * terminal (so interactive output appears as it is produced). A mutex
 * serializes the buffer, since actors print from several worker threads.
 *
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "rt_internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*===-- Output ------------------------------------------------------------===*/

enum { kOutBufSize = 64 * 1024 };
static char outBuf[kOutBufSize];
static size_t outLen;
static int outIsTty = -1;
static pthread_mutex_t outLock = PTHREAD_MUTEX_INITIALIZER;

void (*clef_rt_unhandled_hook)(const char *exn, const char *msg, size_t len);
void (*clef_rt_stats_hook)(void);

static void writeAll(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      return; /* Like .NET, a closed pipe is not a program error here. */
    }
    p += w;
    n -= (size_t)w;
  }
}

static void flushLocked(void) {
  if (outLen) {
    writeAll(1, outBuf, outLen);
    outLen = 0;
  }
}

void clef_rt_out_flush(void) {
  pthread_mutex_lock(&outLock);
  flushLocked();
  pthread_mutex_unlock(&outLock);
}

void clef_rt_out_write(const char *p, size_t n) {
  pthread_mutex_lock(&outLock);
  if (n > kOutBufSize - outLen) {
    flushLocked();
    if (n >= kOutBufSize) {
      writeAll(1, p, n);
      pthread_mutex_unlock(&outLock);
      return;
    }
  }
  memcpy(outBuf + outLen, p, n);
  outLen += n;
  if (outIsTty < 0)
    outIsTty = isatty(1);
  if (outIsTty)
    flushLocked();
  pthread_mutex_unlock(&outLock);
}

void clef_rt_err_write(const char *p, size_t n) {
  pthread_mutex_lock(&outLock);
  flushLocked();
  writeAll(2, p, n);
  pthread_mutex_unlock(&outLock);
}

/*===-- Process -----------------------------------------------------------===*/

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

static void finish(void) {
  clef_rt_out_flush();
  if (!finished) {
    finished = 1;
    clef_region_report_stats();
    if (clef_rt_stats_hook)
      clef_rt_stats_hook();
  }
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

/*===-- Errors ------------------------------------------------------------===*/

void clef_rt_fatal(const char *fmt, ...) {
  char msg[512];
  int n = snprintf(msg, sizeof msg, "clef: ");
  va_list ap;
  va_start(ap, fmt);
  n += vsnprintf(msg + n, sizeof msg - (size_t)n - 1, fmt, ap);
  va_end(ap);
  if (n > (int)sizeof msg - 2)
    n = (int)sizeof msg - 2;
  msg[n++] = '\n';
  clef_rt_err_write(msg, (size_t)n);
  exit(1);
}

void clef_rt_unhandled(const char *exn, const char *msg, size_t len) {
  static const char head[] = "Unhandled exception. ";
  if (clef_rt_unhandled_hook)
    clef_rt_unhandled_hook(exn, msg, len);
  clef_rt_out_flush();
  writeAll(2, head, sizeof head - 1);
  writeAll(2, exn, strlen(exn));
  writeAll(2, ": ", 2);
  writeAll(2, msg, len);
  writeAll(2, "\n", 1);
  exit(1);
}

static CLEF_NORETURN void unhandledC(const char *exn, const char *msg) {
  clef_rt_unhandled(exn, msg, strlen(msg));
}

void clef_rt_failwith(const clef_string *msg) {
  clef_rt_unhandled("System.Exception", msg->data, (size_t)msg->len);
}

void clef_rt_invalid_argument(const clef_string *msg) {
  clef_rt_unhandled("System.ArgumentException", msg->data, (size_t)msg->len);
}

void clef_rt_index_out_of_range(void) {
  unhandledC("System.IndexOutOfRangeException",
             "Index was outside the bounds of the array.");
}

void clef_rt_divide_by_zero(void) {
  unhandledC("System.DivideByZeroException", "Attempted to divide by zero.");
}

void clef_rt_match_failure(const char *file, int32_t line, int32_t col) {
  char msg[1024];
  int n =
      snprintf(msg, sizeof msg, "The match cases were incomplete at %s:%d:%d",
               file ? file : "", (int)line, (int)col);
  if (n >= (int)sizeof msg)
    n = (int)sizeof msg - 1;
  clef_rt_unhandled("Microsoft.FSharp.Core.MatchFailureException", msg,
                    (size_t)n);
}

void clef_rt_format_error(const clef_string *input) {
  static const char pre[] = "The input string '";
  static const char post[] = "' was not in a correct format.";
  if (clef_rt_unhandled_hook) {
    char msg[1024];
    int n = snprintf(msg, sizeof msg, "%s%.*s%s", pre,
                     (int)(input->len < 900 ? input->len : 900), input->data,
                     post);
    clef_rt_unhandled_hook("System.FormatException", msg, (size_t)n);
  }
  clef_rt_out_flush();
  static const char head[] = "Unhandled exception. System.FormatException: ";
  writeAll(2, head, sizeof head - 1);
  writeAll(2, pre, sizeof pre - 1);
  writeAll(2, input->data, (size_t)input->len);
  writeAll(2, post, sizeof post - 1);
  writeAll(2, "\n", 1);
  exit(1);
}

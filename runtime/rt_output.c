/*===- rt_output.c - Buffered stdout, unbuffered stderr -----------*- C -*-===*
 *
 * stdout goes through one 64 KiB buffer written with write(2): fewer system
 * calls than stdio and no locking. It is flushed when full, at exit, before
 * anything is written to stderr, and after every print when stdout is a
 * terminal (so interactive output appears as it is produced). A mutex
 * serializes the buffer, since actors print from several worker threads.
 *
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "rt_base.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

enum { kOutBufSize = 64 * 1024 };
static char outBuf[kOutBufSize];
static size_t outLen;
static int outIsTty = -1;
static pthread_mutex_t outLock = PTHREAD_MUTEX_INITIALIZER;

void clef_rt_write_fd(int fd, const char *p, size_t n) {
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
    clef_rt_write_fd(1, outBuf, outLen);
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
      clef_rt_write_fd(1, p, n);
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
  clef_rt_write_fd(2, p, n);
  pthread_mutex_unlock(&outLock);
}

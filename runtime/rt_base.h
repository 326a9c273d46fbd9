/*===- rt_base.h - Runtime base layer, private part ---------------*- C -*-===*
 *
 * Output, fatal errors and the parsing of size settings: what every layer
 * above needs and the runtime's users do not see. Not installed; shared
 * with the runtime's unit tests.
 *
 *===----------------------------------------------------------------------===*/

#ifndef CLEF_RUNTIME_RT_BASE_H
#define CLEF_RUNTIME_RT_BASE_H

#include "clef_base.h"

#include <stddef.h>

CLEF_BEGIN_DECLS

/* Buffered stdout and unbuffered stderr (rt_output.c). */
void clef_rt_out_write(const char *p, size_t n);
void clef_rt_out_flush(void);
void clef_rt_err_write(const char *p, size_t n);
/* Writes straight to a file descriptor, retrying on EINTR. Async-signal
 * safe. */
void clef_rt_write_fd(int fd, const char *p, size_t n);

/* Prints "clef: <message>" on stderr after flushing stdout; exits with 1. */
CLEF_NORETURN void clef_rt_fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* Prints ".NET-style" unhandled exception line and exits with 1. */
/* Set by the actor layer: sees every run-time error first, and does not
 * return when the error is a failing Receive (that actor stops, the program
 * goes on). */
extern void (*clef_rt_unhandled_hook)(const char *exn, const char *msg,
                                      size_t len);
CLEF_NORETURN void clef_rt_unhandled(const char *exn, const char *msg,
                                     size_t len);

/* Parses "65536", "64K", "4M", "1G" (binary multiples). 0 on success. */
int clef_rt_parse_bytes(const char *text, int64_t *out);

CLEF_END_DECLS

#endif /* CLEF_RUNTIME_RT_BASE_H */

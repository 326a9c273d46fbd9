/*===- rt_internal.h - Runtime-private declarations ---------------*- C -*-===*
 *
 * Shared between the runtime's translation units and its unit tests; not
 * installed.
 *
 *===----------------------------------------------------------------------===*/

#ifndef CLEF_RUNTIME_RT_INTERNAL_H
#define CLEF_RUNTIME_RT_INTERNAL_H

#include "clef_runtime.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Prints "clef: <message>" on stderr after flushing stdout; exits with 1. */
CLEF_NORETURN void clef_rt_fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* Prints ".NET-style" unhandled exception line and exits with 1. */
CLEF_NORETURN void clef_rt_unhandled(const char *exn, const char *msg,
                                     size_t len);

/* Buffered stdout and unbuffered stderr. */
void clef_rt_out_write(const char *p, size_t n);
void clef_rt_out_flush(void);
void clef_rt_err_write(const char *p, size_t n);

/* Reads CLEF_PAGE_SIZE, CLEF_POOL_CHUNK and CLEF_REGION_STATS once. */
void clef_rt_config_init(void);
/* Validates a CLEF_PAGE_SIZE / CLEF_POOL_CHUNK pair (NULL = unset). Returns
 * NULL and sets *page and *chunk, or returns a static error message. */
const char *clef_rt_config_parse(const char *pageSize, const char *poolChunk,
                                 int64_t *page, int64_t *chunk);
/* Parses "65536", "64K", "4M", "1G" (binary multiples). 0 on success. */
int clef_rt_parse_bytes(const char *text, int64_t *out);
/* Writes the CLEF_REGION_STATS report to stderr if enabled. */
void clef_region_report_stats(void);

/* .NET Core 3.0+ shortest round-trip formatting of a finite or non-finite
 * double, as double.ToString() prints it. Returns the length; buf holds at
 * least 40 bytes. */
size_t clef_rt_format_double_roundtrip(double v, char *buf);

/* The format builder's bytes (valid until the next append) and truncation,
 * for the %A layout engine. */
const char *clef_rt_fmt_data(void);
void clef_rt_fmt_truncate(size_t len);

/* Encodes code point c as UTF-8 into out (4 bytes); returns the length. */
size_t clef_rt_utf8_encode(int32_t c, char *out);

/* .NET string lengths are UTF-16 code units: 4-byte UTF-8 sequences count
 * twice, continuation bytes not at all. Padding and %A widths use it. */
int64_t clef_rt_utf16_length(const char *p, size_t n);

/* The actor layer (runtime/actor). Arena regions (kind CLEF_REGION_ARENA)
 * take the region entry points' slow paths there. */
void *clef_arena_alloc_slow(clef_region *r, int64_t size, int64_t align);
void clef_arena_region_release(clef_region *r);
int64_t clef_arena_region_bytes(const clef_region *r);
/* Set by the actor layer. The unhandled hook sees every run-time error
 * first and does not return when the error is a failing Receive; the stats
 * hook adds the per-pool and per-actor-type CLEF_REGION_STATS lines. */
extern void (*clef_rt_unhandled_hook)(const char *exn, const char *msg,
                                      size_t len);
extern void (*clef_rt_stats_hook)(void);

#ifdef __cplusplus
}
#endif

#endif /* CLEF_RUNTIME_RT_INTERNAL_H */

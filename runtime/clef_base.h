/*===- clef_base.h - Runtime base layer: strings' layout, errors --*- C -*-===*
 *
 * The bottom layer of the runtime (docs/Runtime.md): the string layout that
 * every layer shares, and the run-time errors generated code raises. It
 * depends on nothing but libc.
 *
 *===----------------------------------------------------------------------===*/

#ifndef CLEF_RUNTIME_CLEF_BASE_H
#define CLEF_RUNTIME_CLEF_BASE_H

#include <stdint.h>

#ifdef __cplusplus
#define CLEF_BEGIN_DECLS extern "C" {
#define CLEF_END_DECLS }
#define CLEF_NORETURN [[noreturn]]
#else
#define CLEF_BEGIN_DECLS
#define CLEF_END_DECLS
#define CLEF_NORETURN _Noreturn
#endif

CLEF_BEGIN_DECLS

/*===-- Strings -----------------------------------------------------------===*/

/* {len; data[len]} in UTF-8. Runtime-allocated strings carry one extra NUL
 * byte after data; string literals emitted by the compiler need not. The
 * string layer (clef_string.h) allocates and operates on them. */
typedef struct clef_string {
  int64_t len;
  char data[];
} clef_string;

/*===-- Run-time errors ---------------------------------------------------===*/

/* Run-time errors print .NET's first line of an unhandled exception on
 * stderr (after flushing stdout) and exit with code 1. */
CLEF_NORETURN void clef_rt_failwith(const clef_string *msg);
CLEF_NORETURN void clef_rt_index_out_of_range(void);
CLEF_NORETURN void clef_rt_divide_by_zero(void);
CLEF_NORETURN void clef_rt_match_failure(const char *file, int32_t line,
                                         int32_t col);
CLEF_NORETURN void clef_rt_invalid_argument(const clef_string *msg);
CLEF_NORETURN void clef_rt_format_error(const clef_string *input);

CLEF_END_DECLS

#endif /* CLEF_RUNTIME_CLEF_BASE_H */

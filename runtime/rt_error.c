/*===- rt_error.c - Fatal errors and .NET's unhandled exceptions --*- C -*-===*
 *
 * Every error flushes stdout first, so what the program printed before it
 * is kept, then prints one line on stderr and exits with code 1.
 *
 *===----------------------------------------------------------------------===*/

#include "rt_base.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void (*clef_rt_unhandled_hook)(const char *exn, const char *msg, size_t len);

void clef_rt_unhandled(const char *exn, const char *msg, size_t len) {
  static const char head[] = "Unhandled exception. ";
  if (clef_rt_unhandled_hook)
    clef_rt_unhandled_hook(exn, msg, len);
  clef_rt_out_flush();
  clef_rt_write_fd(2, head, sizeof head - 1);
  clef_rt_write_fd(2, exn, strlen(exn));
  clef_rt_write_fd(2, ": ", 2);
  clef_rt_write_fd(2, msg, len);
  clef_rt_write_fd(2, "\n", 1);
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
    int n =
        snprintf(msg, sizeof msg, "%s%.*s%s", pre,
                 (int)(input->len < 900 ? input->len : 900), input->data, post);
    clef_rt_unhandled_hook("System.FormatException", msg, (size_t)n);
  }
  clef_rt_out_flush();
  static const char head[] = "Unhandled exception. System.FormatException: ";
  clef_rt_write_fd(2, head, sizeof head - 1);
  clef_rt_write_fd(2, pre, sizeof pre - 1);
  clef_rt_write_fd(2, input->data, (size_t)input->len);
  clef_rt_write_fd(2, post, sizeof post - 1);
  clef_rt_write_fd(2, "\n", 1);
  exit(1);
}

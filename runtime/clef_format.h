/*===- clef_format.h - Runtime formatting layer -------------------*- C -*-===*
 *
 * printf-family formatting and the %A layout engine. Built on the string
 * layer (docs/Runtime.md).
 *
 *===----------------------------------------------------------------------===*/

#ifndef CLEF_RUNTIME_CLEF_FORMAT_H
#define CLEF_RUNTIME_CLEF_FORMAT_H

#include "clef_string.h"

CLEF_BEGIN_DECLS

/*===-- Formatting --------------------------------------------------------===*/

/* One builder per thread: begin, append the pieces left to right, then print
 * or materialize. Evaluate every argument before clef_fmt_begin. */
enum {
  CLEF_FMT_LEFT = 1,  /* '-' */
  CLEF_FMT_ZERO = 2,  /* '0' */
  CLEF_FMT_PLUS = 4,  /* '+' */
  CLEF_FMT_SPACE = 8, /* ' ' */
};
/* width and prec are -1 when absent. */
void clef_fmt_begin(void);
void clef_fmt_lit(const char *p, int64_t len);
void clef_fmt_int(int32_t v, int32_t flags, int32_t width);
void clef_fmt_int64(int64_t v, int32_t flags, int32_t width);
void clef_fmt_float(double v, int8_t conv, int32_t flags, int32_t width,
                    int32_t prec);
void clef_fmt_string(const clef_string *s, int32_t flags, int32_t width);
void clef_fmt_bool(int8_t b, int32_t flags, int32_t width);
void clef_fmt_char(int32_t c, int32_t flags, int32_t width);
void clef_fmt_A_float(double v);
void clef_fmt_A_string(const clef_string *s);
void clef_fmt_A_char(int32_t c);
/* %O of a float: double.ToString() ("1", "0.1", "1E+20"), space-padded. */
void clef_fmt_O_float(double v, int32_t flags, int32_t width);
/* The builder's length in bytes. */
int64_t clef_fmt_length(void);
/* Pads what was appended since `start` with spaces to `width` (%O). */
void clef_fmt_pad_from(int64_t start, int32_t flags, int32_t width);
void clef_fmt_print(int8_t newline);
void clef_fmt_eprint(int8_t newline);
clef_string *clef_fmt_to_string(clef_region *r);

/*===-- %A layout (rt_layout.c) -------------------------------------------===*/

/* Generated code builds FSharp.Core's layout of a %A value bottom-up on a
 * stack, calling these in the order sformat.fs applies its combinators, and
 * clef_lay_end squashes it to the print width and appends it to the format
 * builder (docs/Runtime.md). */
enum {
  CLEF_LAY_UNBREAKABLE = -1, /* joints: ^^ */
  /* Breakable i (++ -- ---) is i; Broken i (@@) is 16 + i. */
  CLEF_LAY_BROKEN = 16,
};
enum { CLEF_LAY_SEMI = 0, CLEF_LAY_COMMA = 1, CLEF_LAY_ABOVE = 2 };
enum {
  CLEF_LAY_LIST = 0,
  CLEF_LAY_ARRAY = 1,
  CLEF_LAY_PAREN = 2,
  CLEF_LAY_BRACE = 3,
};
/* width: PrintWidth (-1: 80, 0: one line); size: PrintSize (-1: 10000). */
void clef_lay_begin(int32_t width, int32_t size);
/* Squashes the layout and appends it to the format builder. */
void clef_lay_end(void);
/* Entering a compound value: 0 (and a "..." pushed) past the depth or size
 * limits; else counts `count` nodes. Pair a successful enter with leave. */
int8_t clef_lay_enter(int32_t count);
void clef_lay_leave(void);
/* Leaves (each counts as a node, or is "..." past the limits). */
void clef_lay_int(int32_t v);
void clef_lay_int64(int64_t v);
void clef_lay_float(double v);
void clef_lay_bool(int8_t v);
void clef_lay_char(int32_t c);
void clef_lay_string(const clef_string *s);
void clef_lay_unit(void);
/* wordL text; `text` must live until clef_lay_end. */
void clef_lay_word(const char *text, int64_t len);
/* A record field's `name =` (counts a node). */
void clef_lay_field(const char *name, int64_t len);
/* Pops r and l and pushes them joined. */
void clef_lay_join(int32_t joint);
/* A sequence: begin, then after pushing each item seq_item(separator). */
void clef_lay_seq_begin(void);
void clef_lay_seq_item(int32_t sep);
/* Before the list/array element at `index`: whether to lay it out; else a
 * "..." item may have been added and the sequence is complete. */
int8_t clef_lay_more(int8_t hasNext, int64_t index);
/* Wraps the top of the stack in brackets (parentheses when `cond`). */
void clef_lay_bracket(int32_t kind);
void clef_lay_paren_if(int8_t cond);

CLEF_END_DECLS

#endif /* CLEF_RUNTIME_CLEF_FORMAT_H */

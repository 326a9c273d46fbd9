/*===- clef_runtime.h - The Clef runtime ABI ----------------------*- C -*-===*
 *
 * Functions and data layouts that generated code depends on. Every compiled
 * Clef program links libClefRuntime.a (or libClefRuntimeChecked.a).
 *
 * Not thread-safe: regions, the page pool, the stdout buffer and the
 * statistics are process-global and unsynchronized; only the formatting
 * builder is per-thread. Actors will need per-thread page caches.
 *
 * See docs/Runtime.md for the ABI rationale.
 *
 *===----------------------------------------------------------------------===*/

#ifndef CLEF_RUNTIME_CLEF_RUNTIME_H
#define CLEF_RUNTIME_CLEF_RUNTIME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#define CLEF_NORETURN [[noreturn]]
#else
#define CLEF_NORETURN _Noreturn
#endif

/*===-- Strings -----------------------------------------------------------===*/

/* {len; data[len]} in UTF-8. Runtime-allocated strings carry one extra NUL
 * byte after data; string literals emitted by the compiler need not. */
typedef struct clef_string {
  int64_t len;
  char data[];
} clef_string;

/*===-- Regions -----------------------------------------------------------===*/

/* Generated code bump-allocates inline:
 *   p = align_up(r->cur, align);
 *   if (p + size <= r->end) r->cur = p + size;
 *   else p = clef_region_alloc_slow(r, size, align);
 * Memory is not zeroed. */
typedef struct clef_region {
  char *cur;    /* next free byte in the current page */
  char *end;    /* end of the current page */
  int64_t kind; /* CLEF_REGION_HEAP or CLEF_REGION_STACK */
  /* Private fields follow; never touch them from generated code. */
} clef_region;

/* A heap region owns pool pages. A stack region is a descriptor generated
 * code builds in its own frame, {buffer, buffer + n, CLEF_REGION_STACK},
 * immediately followed by its n-byte buffer; the compiler proved that
 * everything allocated in it fits, so the slow path never runs for it (if
 * it did, it stops the program). */
enum { CLEF_REGION_HEAP = 0, CLEF_REGION_STACK = 1 };

clef_region *clef_region_global(void);
/* The same descriptor as a symbol: generated code uses its address. */
extern clef_region clef_global_region;
clef_region *clef_region_create(void);
void clef_region_release(clef_region *r);
void *clef_region_alloc(clef_region *r, int64_t size, int64_t align);
void *clef_region_alloc_slow(clef_region *r, int64_t size, int64_t align);
/* Ends a stack region: later allocations in it stop the program, and the
 * checking build fills its buffer with a poison byte. */
void clef_region_release_stack(clef_region *r);

/* Counters behind CLEF_REGION_STATS (cumulative since process start). */
typedef struct clef_region_stats {
  int64_t regions_created;  /* clef_region_create calls */
  int64_t regions_released; /* clef_region_release calls */
  int64_t regions_live;     /* created - released (global excluded) */
  int64_t pages;            /* pool pages handed to regions, reuse included */
  int64_t pages_in_use;     /* pool pages currently owned by regions */
  int64_t pages_peak;       /* maximum of pages_in_use */
  int64_t large_allocs;     /* dedicated mappings for large objects */
  int64_t bytes_in_use;     /* page and large-object bytes owned by regions */
  int64_t bytes_peak;       /* maximum of bytes_in_use */
  int64_t largest_region;   /* most bytes one region ever owned */
  int64_t stack_regions;    /* stack regions released (never in pages) */
  int64_t os_bytes;         /* bytes currently mapped from the OS */
  int64_t page_size;        /* CLEF_PAGE_SIZE in effect */
  int64_t pool_chunk;       /* CLEF_POOL_CHUNK in effect */
} clef_region_stats;

void clef_region_get_stats(clef_region_stats *out);
/* Bytes currently owned by r (pages and large objects). */
int64_t clef_region_bytes(const clef_region *r);
/* 1 in libClefRuntimeChecked.a, 0 in libClefRuntime.a. */
int32_t clef_rt_is_checked(void);

/*===-- Process -----------------------------------------------------------===*/

void clef_rt_init(int32_t argc, char **argv);
CLEF_NORETURN void clef_rt_exit(int32_t code);
int32_t clef_rt_finish(int32_t code);
/* Command-line arguments after the program name (F#'s argv). */
int32_t clef_rt_arg_count(void);
clef_string *clef_rt_arg(clef_region *r, int32_t i);

/* Run-time errors print .NET's first line of an unhandled exception on
 * stderr (after flushing stdout) and exit with code 1. */
CLEF_NORETURN void clef_rt_failwith(const clef_string *msg);
CLEF_NORETURN void clef_rt_index_out_of_range(void);
CLEF_NORETURN void clef_rt_divide_by_zero(void);
CLEF_NORETURN void clef_rt_match_failure(const char *file, int32_t line,
                                         int32_t col);
CLEF_NORETURN void clef_rt_invalid_argument(const clef_string *msg);
CLEF_NORETURN void clef_rt_format_error(const clef_string *input);

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

/*===-- Conversions and strings -------------------------------------------===*/

/* Lengths, indices and comparisons are in UTF-8 bytes. */
clef_string *clef_string_concat(clef_region *r, const clef_string *a,
                                const clef_string *b);
clef_string *clef_string_of_int(clef_region *r, int32_t v);
clef_string *clef_string_of_int64(clef_region *r, int64_t v);
clef_string *clef_string_of_float(clef_region *r, double v);
clef_string *clef_string_of_char(clef_region *r, int32_t c);
clef_string *clef_string_of_bool(clef_region *r, int8_t b);
clef_string *clef_string_replicate(clef_region *r, int32_t n,
                                   const clef_string *s);
clef_string *clef_string_sub(clef_region *r, const clef_string *s,
                             int64_t start, int64_t len);
/* Allocates an uninitialized string of len bytes (NUL after data). */
clef_string *clef_string_alloc(clef_region *r, int64_t len);
int32_t clef_string_compare(const clef_string *a, const clef_string *b);
int8_t clef_string_equal(const clef_string *a, const clef_string *b);
int32_t clef_string_hash(const clef_string *s);
int32_t clef_float_to_int(double v);
double clef_float_parse(const clef_string *s);
int32_t clef_int_parse(const clef_string *s);
int64_t clef_int64_parse(const clef_string *s);
int32_t clef_char_parse(const clef_string *s);

#ifdef __cplusplus
}
#endif

#endif /* CLEF_RUNTIME_CLEF_RUNTIME_H */

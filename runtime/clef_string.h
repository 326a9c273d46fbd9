/*===- clef_string.h - Runtime string layer -----------------------*- C -*-===*
 *
 * Strings in regions, and conversions between strings and numbers. Built on
 * the region layer (docs/Runtime.md).
 *
 *===----------------------------------------------------------------------===*/

#ifndef CLEF_RUNTIME_CLEF_STRING_H
#define CLEF_RUNTIME_CLEF_STRING_H

#include "clef_region.h"

CLEF_BEGIN_DECLS

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

CLEF_END_DECLS

#endif /* CLEF_RUNTIME_CLEF_STRING_H */

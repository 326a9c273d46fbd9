/*===- rt_string.h - Runtime string layer, private part -----------*- C -*-===*
 *
 * Encodings the formatting layer shares with the conversions. Not
 * installed.
 *
 *===----------------------------------------------------------------------===*/

#ifndef CLEF_RUNTIME_RT_STRING_H
#define CLEF_RUNTIME_RT_STRING_H

#include "clef_string.h"
#include "rt_region.h"

CLEF_BEGIN_DECLS

/* Encodes code point c as UTF-8 into out (4 bytes); returns the length. */
size_t clef_rt_utf8_encode(int32_t c, char *out);

/* .NET Core 3.0+ shortest round-trip formatting of a finite or non-finite
 * double, as double.ToString() prints it. Returns the length; buf holds at
 * least 40 bytes. */
size_t clef_rt_format_double_roundtrip(double v, char *buf);
/* "NaN", "Infinity" or "-Infinity" into buf; returns the length. */
size_t clef_rt_format_nonfinite(double v, char *buf);

CLEF_END_DECLS

#endif /* CLEF_RUNTIME_RT_STRING_H */

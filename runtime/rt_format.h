/*===- rt_format.h - Runtime formatting layer, private part -------*- C -*-===*
 *
 * What the %A layout engine (rt_layout.c) shares with the format builder
 * (rt_format.c). Not installed.
 *
 *===----------------------------------------------------------------------===*/

#ifndef CLEF_RUNTIME_RT_FORMAT_H
#define CLEF_RUNTIME_RT_FORMAT_H

#include "clef_format.h"
#include "rt_string.h"

CLEF_BEGIN_DECLS

/* The format builder's bytes (valid until the next append) and truncation,
 * for the %A layout engine. */
const char *clef_rt_fmt_data(void);
void clef_rt_fmt_truncate(size_t len);

/* .NET string lengths are UTF-16 code units: 4-byte UTF-8 sequences count
 * twice, continuation bytes not at all. Padding and %A widths use it. */
int64_t clef_rt_utf16_length(const char *p, size_t n);

CLEF_END_DECLS

#endif /* CLEF_RUNTIME_RT_FORMAT_H */

/* Helpers shared by the BAREWire sources (not part of the API). */
#ifndef CLEF_BW_INTERNAL_H
#define CLEF_BW_INTERNAL_H

#include <stddef.h>

#include "barewire.h"

/* A zeroed allocation in r. */
void *bw_alloc(clef_region *r, size_t size);
/* A NUL-terminated copy of s[0, n) in r. */
char *bw_strdup(clef_region *r, const char *s, size_t n);

/* A growable text buffer (malloc), for the printers. */
typedef struct bw_text {
  char *data;
  size_t len, cap;
} bw_text;
void bw_text_put(bw_text *t, const char *s);
void bw_text_putn(bw_text *t, const char *s, size_t n);
void bw_text_printf(bw_text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Moves the text into r (NUL-terminated) and frees the buffer. */
char *bw_text_finish(clef_region *r, bw_text *t);

#endif

/*===- rt_env.c - Size settings from the environment --------------*- C -*-===*
 *
 * CLEF_PAGE_SIZE, CLEF_POOL_CHUNK and CLEF_STACK take decimal byte counts
 * with an optional binary suffix; the layers that read them validate the
 * ranges.
 *
 *===----------------------------------------------------------------------===*/

#include "rt_base.h"

int clef_rt_parse_bytes(const char *text, int64_t *out) {
  if (!text || !*text)
    return -1;
  int64_t v = 0;
  const char *p = text;
  for (; *p >= '0' && *p <= '9'; ++p) {
    if (v > (INT64_MAX - 9) / 10)
      return -1;
    v = v * 10 + (*p - '0');
  }
  if (p == text)
    return -1;
  int shift = 0;
  switch (*p) {
  case 'k':
  case 'K':
    shift = 10, ++p;
    break;
  case 'm':
  case 'M':
    shift = 20, ++p;
    break;
  case 'g':
  case 'G':
    shift = 30, ++p;
    break;
  default:
    break;
  }
  if (*p != '\0' || v > (INT64_MAX >> shift))
    return -1;
  *out = v << shift;
  return 0;
}

/* BARE varints (uint: 7 bits per byte, least significant group first, the
 * high bit set on every byte but the last) and strict UTF-8. */
#include "barewire.h"

size_t bw_uint_size(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

size_t bw_put_uint(uint8_t *dst, uint64_t v) {
  size_t n = 0;
  while (v >= 0x80) {
    dst[n++] = (uint8_t)(v | 0x80);
    v >>= 7;
  }
  dst[n++] = (uint8_t)v;
  return n;
}

/* Canonical means the shortest form: no final 0x00 group after the first
 * byte, and at most 64 bits (the tenth byte may only be 0x01). */
int bw_get_uint(const uint8_t *p, size_t n, uint64_t *out) {
  uint64_t v = 0;
  for (size_t i = 0; i < 10; ++i) {
    if (i >= n)
      return 0;
    uint8_t b = p[i];
    if (i == 9) {
      if (b != 1)
        return -1; /* 0: overlong; >1: past 64 bits or longer */
      v |= (uint64_t)1 << 63;
      *out = v;
      return 10;
    }
    v |= (uint64_t)(b & 0x7f) << (7 * i);
    if (!(b & 0x80)) {
      if (b == 0 && i > 0)
        return -1;
      *out = v;
      return (int)i + 1;
    }
  }
  return -1; /* unreachable */
}

int64_t bw_utf8_invalid_at(const uint8_t *p, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t b = p[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    size_t need;
    uint32_t cp, min;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
      min = 0x10000;
    } else {
      return (int64_t)i; /* continuation byte, C0/C1, F5..FF */
    }
    if (n - i <= need)
      return (int64_t)i;
    for (size_t k = 1; k <= need; ++k) {
      uint8_t c = p[i + k];
      if ((c & 0xc0) != 0x80)
        return (int64_t)i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      return (int64_t)i;
    i += need + 1;
  }
  return -1;
}

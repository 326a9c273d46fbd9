/* Random valid values of a schema type, for the interop tests and the
 * benchmarks (clef-bare random). Deterministic for a seed. */
#include <stdlib.h>
#include <string.h>

#include "bw_random.h"

static uint64_t next(uint64_t *s) {
  /* splitmix64 */
  uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static uint64_t below(uint64_t *s, uint64_t n) { return n ? next(s) % n : 0; }

/* Integers of every size, edges included. */
static uint64_t any_bits(uint64_t *s, unsigned bits) {
  uint64_t mask = bits == 64 ? ~0ull : ((1ull << bits) - 1);
  switch (below(s, 6)) {
  case 0:
    return 0;
  case 1:
    return mask;
  case 2:
    return below(s, 200);
  default:
    return (next(s) & mask) >> below(s, bits);
  }
}

static int64_t any_signed(uint64_t *s, unsigned bits) {
  uint64_t u = any_bits(s, bits);
  /* sign-extend */
  if (bits < 64 && (u >> (bits - 1)) & 1)
    u |= ~0ull << bits;
  return (int64_t)u;
}

static void put_cp(uint8_t *b, size_t *n, uint32_t cp) {
  if (cp < 0x80) {
    b[(*n)++] = (uint8_t)cp;
  } else if (cp < 0x800) {
    b[(*n)++] = (uint8_t)(0xc0 | cp >> 6);
    b[(*n)++] = (uint8_t)(0x80 | (cp & 63));
  } else if (cp < 0x10000) {
    b[(*n)++] = (uint8_t)(0xe0 | cp >> 12);
    b[(*n)++] = (uint8_t)(0x80 | ((cp >> 6) & 63));
    b[(*n)++] = (uint8_t)(0x80 | (cp & 63));
  } else {
    b[(*n)++] = (uint8_t)(0xf0 | cp >> 18);
    b[(*n)++] = (uint8_t)(0x80 | ((cp >> 12) & 63));
    b[(*n)++] = (uint8_t)(0x80 | ((cp >> 6) & 63));
    b[(*n)++] = (uint8_t)(0x80 | (cp & 63));
  }
}

static void random_str(clef_region *r, uint64_t *s, bw_value *v) {
  size_t chars = (size_t)below(s, 12);
  uint8_t *b = clef_region_alloc(r, (int64_t)chars * 4 + 1, 1);
  size_t n = 0;
  for (size_t k = 0; k < chars; ++k) {
    uint32_t cp;
    switch (below(s, 4)) {
    case 0:
      cp = 0x20 + (uint32_t)below(s, 0x5f);
      break;
    case 1:
      cp = 0x80 + (uint32_t)below(s, 0x780);
      break;
    case 2:
      cp = 0x800 + (uint32_t)below(s, 0xd800 - 0x800);
      break;
    default:
      cp = 0x10000 + (uint32_t)below(s, 0x100000);
      break;
    }
    put_cp(b, &n, cp);
  }
  b[n] = 0;
  v->bytes.ptr = b;
  v->bytes.len = n;
}

static void random_bytes(clef_region *r, uint64_t *s, bw_value *v, size_t n) {
  uint8_t *b = clef_region_alloc(r, (int64_t)n + 1, 1);
  for (size_t k = 0; k < n; ++k)
    b[k] = (uint8_t)next(s);
  v->bytes.ptr = b;
  v->bytes.len = n;
}

static int same_key(const bw_type *t, const bw_value *a, const bw_value *b) {
  uint8_t ba[64], bb[64];
  int64_t na = bw_encode_into(t, a, ba, sizeof ba, NULL);
  int64_t nb = bw_encode_into(t, b, bb, sizeof bb, NULL);
  return na >= 0 && na == nb && !memcmp(ba, bb, (size_t)na);
}

void bw_random_value(clef_region *r, const bw_type *t, uint64_t *s,
                     unsigned depth, bw_value *v) {
  t = bw_resolve(t);
  memset(v, 0, sizeof *v);
  /* Past the depth, aggregates are their smallest values. */
  int small = depth > 4;
  switch (t->kind) {
  case BW_UINT:
  case BW_U64:
    v->u = any_bits(s, 64);
    return;
  case BW_INT:
  case BW_I64:
    v->i = any_signed(s, 64);
    return;
  case BW_U8:
    v->u = any_bits(s, 8);
    return;
  case BW_U16:
    v->u = any_bits(s, 16);
    return;
  case BW_U32:
    v->u = any_bits(s, 32);
    return;
  case BW_I8:
    v->i = any_signed(s, 8);
    return;
  case BW_I16:
    v->i = any_signed(s, 16);
    return;
  case BW_I32:
    v->i = any_signed(s, 32);
    return;
  case BW_F32:
    /* Any bit pattern but NaN (JavaScript does not keep NaN payloads). */
    do
      v->u = next(s) & 0xffffffffu;
    while (((v->u >> 23) & 0xff) == 0xff && (v->u & 0x7fffff));
    return;
  case BW_F64:
    do
      v->u = next(s);
    while (((v->u >> 52) & 0x7ff) == 0x7ff && (v->u & 0xfffffffffffffull));
    return;
  case BW_BOOL:
    v->u = below(s, 2);
    return;
  case BW_STR:
    random_str(r, s, v);
    return;
  case BW_DATA:
    random_bytes(r, s, v, (size_t)below(s, 17));
    return;
  case BW_DATA_FIXED:
    random_bytes(r, s, v, (size_t)t->length);
    return;
  case BW_VOID:
    return;
  case BW_ENUM:
    v->u = t->members[below(s, t->nmembers)].tag;
    return;
  case BW_OPTIONAL:
    if (!small && below(s, 2)) {
      v->opt = clef_region_alloc(r, sizeof(bw_value), 8);
      bw_random_value(r, t->elem, s, depth + 1, v->opt);
    }
    return;
  case BW_LIST:
  case BW_LIST_FIXED: {
    uint64_t n = t->kind == BW_LIST_FIXED ? t->length : small ? 0 : below(s, 5);
    v->seq.count = n;
    v->seq.items = clef_region_alloc(
        r, (int64_t)(n ? n : 1) * (int64_t)sizeof(bw_value), 8);
    for (uint64_t k = 0; k < n; ++k)
      bw_random_value(r, t->elem, s, depth + 1, &v->seq.items[k]);
    return;
  }
  case BW_MAP: {
    uint64_t want = small ? 0 : below(s, 5), n = 0;
    v->seq.items = clef_region_alloc(
        r, (int64_t)(want ? want : 1) * 2 * (int64_t)sizeof(bw_value), 8);
    for (uint64_t k = 0; k < want; ++k) {
      bw_value *key = &v->seq.items[2 * n];
      bw_random_value(r, t->key, s, depth + 1, key);
      int dup = 0;
      for (uint64_t j = 0; j < n && !dup; ++j)
        dup = same_key(t->key, key, &v->seq.items[2 * j]);
      if (dup)
        continue;
      bw_random_value(r, t->elem, s, depth + 1, &v->seq.items[2 * n + 1]);
      ++n;
    }
    v->seq.count = n;
    return;
  }
  case BW_UNION: {
    const bw_member *m = &t->members[below(s, t->nmembers)];
    v->uni.tag = m->tag;
    if (bw_resolve(m->type)->kind != BW_VOID) {
      v->uni.val = clef_region_alloc(r, sizeof(bw_value), 8);
      bw_random_value(r, m->type, s, depth + 1, v->uni.val);
    }
    return;
  }
  case BW_STRUCT:
    v->seq.count = t->nmembers;
    v->seq.items = clef_region_alloc(
        r, (int64_t)t->nmembers * (int64_t)sizeof(bw_value), 8);
    for (size_t k = 0; k < t->nmembers; ++k)
      bw_random_value(r, t->members[k].type, s, depth + 1, &v->seq.items[k]);
    return;
  default:
    return;
  }
}

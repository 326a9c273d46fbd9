/* The BARE decoder: a message of a schema type into a region-allocated
 * bw_value tree. Every check the draft makes of a message is here, each with
 * its own error kind and the offset of the offending item. No read goes
 * past the input, and every allocation is bounded by the input's size:
 * lengths and counts are checked against the bytes left (each element of a
 * list or map takes at least one byte) before anything is allocated. */
#include <stdlib.h>
#include <string.h>

#include "barewire.h"
#include "bw_internal.h"

typedef struct dec {
  clef_region *r;
  const uint8_t *buf;
  size_t len, pos;
  bw_limits lim;
  uint32_t depth;
  bw_error *err;
} dec;

static int fail(dec *d, bw_error_kind k, size_t at, uint64_t tag) {
  d->err->kind = k;
  d->err->offset = (int64_t)at;
  d->err->tag = tag;
  return -1;
}

static size_t left(const dec *d) { return d->len - d->pos; }

static int get_uint(dec *d, uint64_t *v) {
  int n = bw_get_uint(d->buf + d->pos, left(d), v);
  if (n == 0)
    return fail(d, BW_ERR_TRUNCATED, d->pos, 0);
  if (n < 0)
    return fail(d, BW_ERR_NONCANONICAL, d->pos, 0);
  d->pos += (size_t)n;
  return 0;
}

static int get_fixed(dec *d, size_t n, uint64_t *v) {
  if (left(d) < n)
    return fail(d, BW_ERR_TRUNCATED, d->pos, 0);
  uint64_t x = 0;
  for (size_t k = 0; k < n; ++k)
    x |= (uint64_t)d->buf[d->pos + k] << (8 * k);
  d->pos += n;
  *v = x;
  return 0;
}

/* A length or count prefix: at most the limit and at most the bytes left
 * (times the least bytes per element). */
static int get_length(dec *d, uint64_t *n, uint64_t min_bytes_each) {
  size_t at = d->pos;
  if (get_uint(d, n))
    return -1;
  if (*n > d->lim.max_length)
    return fail(d, BW_ERR_LENGTH_LIMIT, at, 0);
  if (min_bytes_each && *n > left(d) / min_bytes_each)
    return fail(d, BW_ERR_LENGTH_LIMIT, at, 0);
  return 0;
}

static const uint8_t *copy_bytes(dec *d, size_t n) {
  if (d->lim.borrow) {
    const uint8_t *q = d->buf + d->pos;
    d->pos += n;
    return q;
  }
  uint8_t *p = clef_region_alloc(d->r, (int64_t)n + 1, 1);
  memcpy(p, d->buf + d->pos, n);
  p[n] = 0;
  d->pos += n;
  return p;
}

static int value(dec *d, const bw_type *t, bw_value *out);

/* One more level of nesting, for the aggregate that starts at `at`. */
static int enter(dec *d, size_t at) {
  if (++d->depth > d->lim.max_depth)
    return fail(d, BW_ERR_LENGTH_LIMIT, at, 0);
  return 0;
}

static const bw_member *find_tag(const bw_type *t, uint64_t tag) {
  for (size_t k = 0; k < t->nmembers; ++k)
    if (t->members[k].tag == tag)
      return &t->members[k];
  return NULL;
}

static uint64_t hash_bytes(const uint8_t *p, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t k = 0; k < n; ++k)
    h = (h ^ p[k]) * 1099511628211ull;
  return h;
}

/* Maps: keys are compared by their encoded bytes, which identify the value
 * since only canonical encodings are accepted. */
static int map_value(dec *d, const bw_type *t, bw_value *out) {
  uint64_t n;
  if (get_length(d, &n, 2))
    return -1;
  bw_value *items = bw_alloc(d->r, (size_t)n * 2 * sizeof(bw_value));
  size_t cap = 1;
  while (cap < n * 2)
    cap <<= 1;
  /* Slot: 1 + the pair index, 0 empty. n <= bytes left / 2. */
  size_t *slots = n ? calloc(cap, sizeof(size_t)) : NULL;
  size_t *starts = n ? malloc((size_t)n * 2 * sizeof(size_t)) : NULL;
  if (n && (!slots || !starts)) {
    free(slots);
    free(starts);
    return fail(d, BW_ERR_LENGTH_LIMIT, d->pos, 0);
  }
  int rc = 0;
  for (uint64_t k = 0; k < n && !rc; ++k) {
    size_t ks = d->pos;
    if ((rc = value(d, t->key, &items[2 * k])))
      break;
    size_t ke = d->pos;
    starts[2 * k] = ks;
    starts[2 * k + 1] = ke;
    size_t h = (size_t)hash_bytes(d->buf + ks, ke - ks) & (cap - 1);
    for (;;) {
      size_t s = slots[h];
      if (!s) {
        slots[h] = (size_t)k + 1;
        break;
      }
      size_t os = starts[2 * (s - 1)], oe = starts[2 * (s - 1) + 1];
      if (oe - os == ke - ks && !memcmp(d->buf + os, d->buf + ks, ke - ks)) {
        rc = fail(d, BW_ERR_DUPLICATE_KEY, ks, 0);
        break;
      }
      h = (h + 1) & (cap - 1);
    }
    if (!rc)
      rc = value(d, t->elem, &items[2 * k + 1]);
  }
  free(slots);
  free(starts);
  if (rc)
    return -1;
  out->seq.count = n;
  out->seq.items = items;
  return 0;
}

static int value(dec *d, const bw_type *t, bw_value *out) {
  t = bw_resolve(t);
  size_t at = d->pos;
  uint64_t v;
  switch (t->kind) {
  case BW_UINT:
    return get_uint(d, &out->u);
  case BW_INT:
    if (get_uint(d, &v))
      return -1;
    out->i = (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
    return 0;
  case BW_U8:
    return get_fixed(d, 1, &out->u);
  case BW_U16:
    return get_fixed(d, 2, &out->u);
  case BW_U32:
  case BW_F32:
    return get_fixed(d, 4, &out->u);
  case BW_U64:
  case BW_F64:
    return get_fixed(d, 8, &out->u);
  case BW_I8:
    if (get_fixed(d, 1, &v))
      return -1;
    out->i = (int8_t)v;
    return 0;
  case BW_I16:
    if (get_fixed(d, 2, &v))
      return -1;
    out->i = (int16_t)v;
    return 0;
  case BW_I32:
    if (get_fixed(d, 4, &v))
      return -1;
    out->i = (int32_t)v;
    return 0;
  case BW_I64:
    if (get_fixed(d, 8, &v))
      return -1;
    out->i = (int64_t)v;
    return 0;
  case BW_BOOL:
    if (get_fixed(d, 1, &v))
      return -1;
    if (v > 1)
      return fail(d, BW_ERR_INVALID_BOOL, at, v);
    out->u = v;
    return 0;
  case BW_STR: {
    uint64_t n;
    if (get_length(d, &n, 1))
      return -1;
    int64_t bad = bw_utf8_invalid_at(d->buf + d->pos, (size_t)n);
    if (bad >= 0)
      return fail(d, BW_ERR_INVALID_UTF8, d->pos + (size_t)bad, 0);
    out->bytes.len = n;
    out->bytes.ptr = copy_bytes(d, (size_t)n);
    return 0;
  }
  case BW_DATA: {
    uint64_t n;
    if (get_length(d, &n, 1))
      return -1;
    out->bytes.len = n;
    out->bytes.ptr = copy_bytes(d, (size_t)n);
    return 0;
  }
  case BW_DATA_FIXED:
    if (t->length > left(d))
      return fail(d, BW_ERR_TRUNCATED, at, 0);
    out->bytes.len = t->length;
    out->bytes.ptr = copy_bytes(d, (size_t)t->length);
    return 0;
  case BW_VOID:
    return 0;
  case BW_ENUM:
    if (get_uint(d, &v))
      return -1;
    if (!find_tag(t, v))
      return fail(d, BW_ERR_UNKNOWN_TAG, at, v);
    out->u = v;
    return 0;
  case BW_OPTIONAL:
    if (get_fixed(d, 1, &v))
      return -1;
    if (v > 1)
      return fail(d, BW_ERR_INVALID_BOOL, at, v);
    out->opt = NULL;
    if (v == 1) {
      if (enter(d, at))
        return -1;
      out->opt = bw_alloc(d->r, sizeof(bw_value));
      if (value(d, t->elem, out->opt))
        return -1;
      --d->depth;
    }
    return 0;
  case BW_LIST:
  case BW_LIST_FIXED: {
    uint64_t n;
    if (t->kind == BW_LIST) {
      if (get_length(d, &n, 1))
        return -1;
    } else {
      n = t->length;
      /* Each element takes at least a byte (void is only a union member),
       * so this bounds the allocation by the input too. */
      if (n > left(d))
        return fail(d, BW_ERR_TRUNCATED, at, 0);
    }
    if (enter(d, at))
      return -1;
    bw_value *items = bw_alloc(d->r, (size_t)n * sizeof(bw_value));
    for (uint64_t k = 0; k < n; ++k)
      if (value(d, t->elem, &items[k]))
        return -1;
    --d->depth;
    out->seq.count = n;
    out->seq.items = items;
    return 0;
  }
  case BW_MAP: {
    if (enter(d, at))
      return -1;
    if (map_value(d, t, out))
      return -1;
    --d->depth;
    return 0;
  }
  case BW_UNION: {
    if (get_uint(d, &v))
      return -1;
    const bw_member *m = find_tag(t, v);
    if (!m)
      return fail(d, BW_ERR_UNKNOWN_TAG, at, v);
    out->uni.tag = v;
    out->uni.val = NULL;
    if (bw_resolve(m->type)->kind != BW_VOID) {
      if (enter(d, at))
        return -1;
      out->uni.val = bw_alloc(d->r, sizeof(bw_value));
      if (value(d, m->type, out->uni.val))
        return -1;
      --d->depth;
    }
    return 0;
  }
  case BW_STRUCT: {
    if (enter(d, at))
      return -1;
    bw_value *items = bw_alloc(d->r, t->nmembers * sizeof(bw_value));
    for (size_t k = 0; k < t->nmembers; ++k)
      if (value(d, t->members[k].type, &items[k]))
        return -1;
    --d->depth;
    out->seq.count = t->nmembers;
    out->seq.items = items;
    return 0;
  }
  case BW_NAMED:
  case BW_KIND_COUNT:
    break;
  }
  return fail(d, BW_ERR_INVALID_VALUE, at, 0);
}

int bw_decode(clef_region *r, const bw_type *t, const uint8_t *buf, size_t len,
              const bw_limits *lim, bw_value *out, bw_error *err) {
  bw_error scratch;
  dec d;
  d.r = r;
  d.buf = buf;
  d.len = len;
  d.pos = 0;
  d.lim = lim ? *lim : bw_default_limits();
  d.depth = 0;
  d.err = err ? err : &scratch;
  d.err->kind = BW_OK;
  d.err->offset = 0;
  d.err->tag = 0;
  memset(out, 0, sizeof *out);
  if (value(&d, t, out))
    return -1;
  if (d.pos != len)
    return fail(&d, BW_ERR_TRAILING_BYTES, d.pos, 0);
  return 0;
}

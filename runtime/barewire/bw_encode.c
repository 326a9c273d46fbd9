/* The BARE encoder. A first pass validates the value against the type and
 * computes the exact size; the second writes canonical forms only (shortest
 * varints, bools and optional flags 0/1). Map keys are checked for
 * duplicates on their written bytes. */
#include <stdlib.h>
#include <string.h>

#include "barewire.h"
#include "bw_internal.h"

static int efail(bw_error *e, bw_error_kind k, uint64_t at, uint64_t tag) {
  e->kind = k;
  e->offset = (int64_t)at;
  e->tag = tag;
  return -1;
}

static const bw_member *find_tag(const bw_type *t, uint64_t tag) {
  for (size_t k = 0; k < t->nmembers; ++k)
    if (t->members[k].tag == tag)
      return &t->members[k];
  return NULL;
}

static uint64_t zigzag(int64_t v) {
  return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

/* Adds the size of v to *pos, validating it. depth bounds recursion. */
static int size_of(const bw_type *t, const bw_value *v, uint64_t *pos,
                   bw_error *e, unsigned depth) {
  t = bw_resolve(t);
  uint64_t at = *pos;
  if (depth > 4096)
    return efail(e, BW_ERR_LENGTH_LIMIT, at, 0);
  switch (t->kind) {
  case BW_UINT:
    *pos += bw_uint_size(v->u);
    return 0;
  case BW_INT:
    *pos += bw_uint_size(zigzag(v->i));
    return 0;
  case BW_U8:
    if (v->u > 0xff)
      return efail(e, BW_ERR_INVALID_VALUE, at, 0);
    *pos += 1;
    return 0;
  case BW_U16:
    if (v->u > 0xffff)
      return efail(e, BW_ERR_INVALID_VALUE, at, 0);
    *pos += 2;
    return 0;
  case BW_U32:
    if (v->u > 0xffffffffu)
      return efail(e, BW_ERR_INVALID_VALUE, at, 0);
    *pos += 4;
    return 0;
  case BW_F32:
    if (v->u > 0xffffffffu)
      return efail(e, BW_ERR_INVALID_VALUE, at, 0);
    *pos += 4;
    return 0;
  case BW_U64:
  case BW_F64:
  case BW_I64:
    *pos += 8;
    return 0;
  case BW_I8:
    if (v->i < -128 || v->i > 127)
      return efail(e, BW_ERR_INVALID_VALUE, at, 0);
    *pos += 1;
    return 0;
  case BW_I16:
    if (v->i < -32768 || v->i > 32767)
      return efail(e, BW_ERR_INVALID_VALUE, at, 0);
    *pos += 2;
    return 0;
  case BW_I32:
    if (v->i < INT32_MIN || v->i > INT32_MAX)
      return efail(e, BW_ERR_INVALID_VALUE, at, 0);
    *pos += 4;
    return 0;
  case BW_BOOL:
    if (v->u > 1)
      return efail(e, BW_ERR_INVALID_BOOL, at, v->u);
    *pos += 1;
    return 0;
  case BW_STR: {
    int64_t bad = bw_utf8_invalid_at(v->bytes.ptr, (size_t)v->bytes.len);
    uint64_t hdr = bw_uint_size(v->bytes.len);
    if (bad >= 0)
      return efail(e, BW_ERR_INVALID_UTF8, at + hdr + (uint64_t)bad, 0);
    *pos += hdr + v->bytes.len;
    return 0;
  }
  case BW_DATA:
    *pos += bw_uint_size(v->bytes.len) + v->bytes.len;
    return 0;
  case BW_DATA_FIXED:
    if (v->bytes.len != t->length)
      return efail(e, BW_ERR_INVALID_VALUE, at, 0);
    *pos += t->length;
    return 0;
  case BW_VOID:
    return 0;
  case BW_ENUM:
    if (!find_tag(t, v->u))
      return efail(e, BW_ERR_UNKNOWN_TAG, at, v->u);
    *pos += bw_uint_size(v->u);
    return 0;
  case BW_OPTIONAL:
    *pos += 1;
    return v->opt ? size_of(t->elem, v->opt, pos, e, depth + 1) : 0;
  case BW_LIST:
  case BW_LIST_FIXED:
    if (t->kind == BW_LIST_FIXED && v->seq.count != t->length)
      return efail(e, BW_ERR_INVALID_VALUE, at, 0);
    if (t->kind == BW_LIST)
      *pos += bw_uint_size(v->seq.count);
    for (uint64_t k = 0; k < v->seq.count; ++k)
      if (size_of(t->elem, &v->seq.items[k], pos, e, depth + 1))
        return -1;
    return 0;
  case BW_MAP:
    *pos += bw_uint_size(v->seq.count);
    for (uint64_t k = 0; k < v->seq.count; ++k) {
      if (size_of(t->key, &v->seq.items[2 * k], pos, e, depth + 1))
        return -1;
      if (size_of(t->elem, &v->seq.items[2 * k + 1], pos, e, depth + 1))
        return -1;
    }
    return 0;
  case BW_UNION: {
    const bw_member *m = find_tag(t, v->uni.tag);
    if (!m)
      return efail(e, BW_ERR_UNKNOWN_TAG, at, v->uni.tag);
    *pos += bw_uint_size(v->uni.tag);
    if (bw_resolve(m->type)->kind == BW_VOID)
      return 0;
    if (!v->uni.val)
      return efail(e, BW_ERR_INVALID_VALUE, at, 0);
    return size_of(m->type, v->uni.val, pos, e, depth + 1);
  }
  case BW_STRUCT:
    if (v->seq.count != t->nmembers)
      return efail(e, BW_ERR_INVALID_VALUE, at, 0);
    for (size_t k = 0; k < t->nmembers; ++k)
      if (size_of(t->members[k].type, &v->seq.items[k], pos, e, depth + 1))
        return -1;
    return 0;
  case BW_NAMED:
  case BW_KIND_COUNT:
    break;
  }
  return efail(e, BW_ERR_INVALID_VALUE, at, 0);
}

int64_t bw_encoded_size(const bw_type *t, const bw_value *v, bw_error *err) {
  bw_error scratch;
  bw_error *e = err ? err : &scratch;
  e->kind = BW_OK;
  e->offset = 0;
  e->tag = 0;
  uint64_t pos = 0;
  if (size_of(t, v, &pos, e, 0))
    return -1;
  return (int64_t)pos;
}

typedef struct enc {
  uint8_t *dst;
  size_t pos;
  bw_error *err;
} enc;

static void put_fixed(enc *w, uint64_t v, size_t n) {
  for (size_t k = 0; k < n; ++k)
    w->dst[w->pos++] = (uint8_t)(v >> (8 * k));
}

static uint64_t hash_bytes(const uint8_t *p, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t k = 0; k < n; ++k)
    h = (h ^ p[k]) * 1099511628211ull;
  return h;
}

static int write_value(enc *w, const bw_type *t, const bw_value *v);

static int write_map(enc *w, const bw_type *t, const bw_value *v) {
  uint64_t n = v->seq.count;
  w->pos += bw_put_uint(w->dst + w->pos, n);
  size_t cap = 1;
  while (cap < n * 2)
    cap <<= 1;
  size_t *slots = n ? calloc(cap, sizeof(size_t)) : NULL;
  size_t *spans = n ? malloc((size_t)n * 2 * sizeof(size_t)) : NULL;
  if (n && (!slots || !spans)) {
    free(slots);
    free(spans);
    return efail(w->err, BW_ERR_LENGTH_LIMIT, w->pos, 0);
  }
  int rc = 0;
  for (uint64_t k = 0; k < n && !rc; ++k) {
    size_t ks = w->pos;
    write_value(w, t->key, &v->seq.items[2 * k]);
    size_t ke = w->pos;
    spans[2 * k] = ks;
    spans[2 * k + 1] = ke;
    size_t h = (size_t)hash_bytes(w->dst + ks, ke - ks) & (cap - 1);
    for (;;) {
      size_t s = slots[h];
      if (!s) {
        slots[h] = (size_t)k + 1;
        break;
      }
      size_t os = spans[2 * (s - 1)], oe = spans[2 * (s - 1) + 1];
      if (oe - os == ke - ks && !memcmp(w->dst + os, w->dst + ks, ke - ks)) {
        rc = efail(w->err, BW_ERR_DUPLICATE_KEY, ks, 0);
        break;
      }
      h = (h + 1) & (cap - 1);
    }
    if (!rc)
      rc = write_value(w, t->elem, &v->seq.items[2 * k + 1]);
  }
  free(slots);
  free(spans);
  return rc;
}

/* The value was validated by size_of: only duplicate keys can fail here. */
static int write_value(enc *w, const bw_type *t, const bw_value *v) {
  t = bw_resolve(t);
  switch (t->kind) {
  case BW_UINT:
    w->pos += bw_put_uint(w->dst + w->pos, v->u);
    return 0;
  case BW_INT:
    w->pos += bw_put_uint(w->dst + w->pos, zigzag(v->i));
    return 0;
  case BW_U8:
  case BW_BOOL:
    put_fixed(w, v->u, 1);
    return 0;
  case BW_I8:
    put_fixed(w, (uint64_t)v->i, 1);
    return 0;
  case BW_U16:
    put_fixed(w, v->u, 2);
    return 0;
  case BW_I16:
    put_fixed(w, (uint64_t)v->i, 2);
    return 0;
  case BW_U32:
  case BW_F32:
    put_fixed(w, v->u, 4);
    return 0;
  case BW_I32:
    put_fixed(w, (uint64_t)v->i, 4);
    return 0;
  case BW_U64:
  case BW_F64:
    put_fixed(w, v->u, 8);
    return 0;
  case BW_I64:
    put_fixed(w, (uint64_t)v->i, 8);
    return 0;
  case BW_STR:
  case BW_DATA:
    w->pos += bw_put_uint(w->dst + w->pos, v->bytes.len);
    __attribute__((fallthrough));
  case BW_DATA_FIXED:
    if (v->bytes.len)
      memcpy(w->dst + w->pos, v->bytes.ptr, v->bytes.len);
    w->pos += v->bytes.len;
    return 0;
  case BW_VOID:
    return 0;
  case BW_ENUM:
    w->pos += bw_put_uint(w->dst + w->pos, v->u);
    return 0;
  case BW_OPTIONAL:
    w->dst[w->pos++] = v->opt ? 1 : 0;
    return v->opt ? write_value(w, t->elem, v->opt) : 0;
  case BW_LIST:
  case BW_LIST_FIXED:
    if (t->kind == BW_LIST)
      w->pos += bw_put_uint(w->dst + w->pos, v->seq.count);
    for (uint64_t k = 0; k < v->seq.count; ++k)
      if (write_value(w, t->elem, &v->seq.items[k]))
        return -1;
    return 0;
  case BW_MAP:
    return write_map(w, t, v);
  case BW_UNION: {
    w->pos += bw_put_uint(w->dst + w->pos, v->uni.tag);
    const bw_member *m = find_tag(t, v->uni.tag);
    if (bw_resolve(m->type)->kind == BW_VOID)
      return 0;
    return write_value(w, m->type, v->uni.val);
  }
  case BW_STRUCT:
    for (size_t k = 0; k < t->nmembers; ++k)
      if (write_value(w, t->members[k].type, &v->seq.items[k]))
        return -1;
    return 0;
  case BW_NAMED:
  case BW_KIND_COUNT:
    break;
  }
  return efail(w->err, BW_ERR_INVALID_VALUE, w->pos, 0);
}

int64_t bw_encode_into(const bw_type *t, const bw_value *v, uint8_t *dst,
                       size_t cap, bw_error *err) {
  bw_error scratch;
  bw_error *e = err ? err : &scratch;
  int64_t n = bw_encoded_size(t, v, e);
  if (n < 0)
    return -1;
  if ((uint64_t)n > cap) {
    efail(e, BW_ERR_LENGTH_LIMIT, cap, 0);
    return -1;
  }
  enc w = {dst, 0, e};
  if (write_value(&w, t, v))
    return -1;
  return (int64_t)w.pos;
}

int bw_encode(clef_region *r, const bw_type *t, const bw_value *v,
              uint8_t **out, size_t *out_len, bw_error *err) {
  bw_error scratch;
  bw_error *e = err ? err : &scratch;
  int64_t n = bw_encoded_size(t, v, e);
  if (n < 0)
    return -1;
  uint8_t *dst = clef_region_alloc(r, n ? n : 1, 1);
  enc w = {dst, 0, e};
  if (write_value(&w, t, v))
    return -1;
  *out = dst;
  *out_len = w.pos;
  return 0;
}

/* BAREWire type descriptors: builders and names. */
#include <string.h>

#include "barewire.h"
#include "bw_internal.h"

static const char *const kKindNames[BW_KIND_COUNT] = {
    "uint", "int",    "u8",     "u16",  "u32",      "u64",  "i8",
    "i16",  "i32",    "i64",    "f32",  "f64",      "bool", "str",
    "data", "data[]", "void",   "enum", "optional", "list", "list[]",
    "map",  "union",  "struct", "named"};

const char *bw_kind_name(bw_kind k) {
  return (unsigned)k < BW_KIND_COUNT ? kKindNames[k] : "?";
}

static const char *const kErrorNames[BW_ERROR_KIND_COUNT] = {
    "Ok",           "Truncated",   "NonCanonical", "InvalidBool",
    "InvalidUtf8",  "UnknownTag",  "LengthLimit",  "TrailingBytes",
    "DuplicateKey", "InvalidValue"};

const char *bw_error_name(bw_error_kind k) {
  return (unsigned)k < BW_ERROR_KIND_COUNT ? kErrorNames[k] : "?";
}

bw_limits bw_default_limits(void) {
  bw_limits l;
  l.max_length = 64u << 20;
  l.max_depth = 256;
  l.borrow = 0;
  return l;
}

void *bw_alloc(clef_region *r, size_t size) {
  void *p = clef_region_alloc(r, (int64_t)(size ? size : 1), 8);
  memset(p, 0, size);
  return p;
}

char *bw_strdup(clef_region *r, const char *s, size_t n) {
  char *p = clef_region_alloc(r, (int64_t)n + 1, 1);
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

bw_type *bw_type_new(clef_region *r, bw_kind k) {
  bw_type *t = bw_alloc(r, sizeof *t);
  t->kind = k;
  return t;
}

bw_type *bw_type_prim(clef_region *r, bw_kind k) { return bw_type_new(r, k); }

bw_type *bw_type_wrap(clef_region *r, bw_kind k, bw_type *elem,
                      uint64_t length) {
  bw_type *t = bw_type_new(r, k);
  t->elem = elem;
  t->length = length;
  return t;
}

bw_type *bw_type_map(clef_region *r, bw_type *key, bw_type *value) {
  bw_type *t = bw_type_new(r, BW_MAP);
  t->key = key;
  t->elem = value;
  return t;
}

bw_type *bw_type_members(clef_region *r, bw_kind k, size_t n) {
  bw_type *t = bw_type_new(r, k);
  t->nmembers = n;
  t->members = bw_alloc(r, n * sizeof(bw_member));
  return t;
}

bw_type *bw_type_named(clef_region *r, const char *name, bw_type *target) {
  bw_type *t = bw_type_new(r, BW_NAMED);
  t->name = name;
  t->elem = target;
  return t;
}

const bw_type *bw_resolve(const bw_type *t) {
  /* Alias chains are acyclic in a checked schema; the bound only guards a
   * hand-built cycle of aliases. */
  for (int i = 0; t && t->kind == BW_NAMED && i < 4096; ++i)
    t = t->elem;
  return t;
}

/* Prints schemas back in the draft's schema language. Tags and enum values
 * are written only where they differ from the implicit one (the previous
 * plus one, from 0), so parse . print is the identity on printed text. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "barewire.h"
#include "bw_internal.h"

void bw_text_putn(bw_text *t, const char *s, size_t n) {
  if (t->len + n + 1 > t->cap) {
    size_t nc = t->cap ? t->cap : 256;
    while (nc < t->len + n + 1)
      nc *= 2;
    char *nd = realloc(t->data, nc);
    if (!nd)
      abort();
    t->data = nd;
    t->cap = nc;
  }
  memcpy(t->data + t->len, s, n);
  t->len += n;
  t->data[t->len] = 0;
}

void bw_text_put(bw_text *t, const char *s) { bw_text_putn(t, s, strlen(s)); }

void bw_text_printf(bw_text *t, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  if ((size_t)n < sizeof buf) {
    bw_text_putn(t, buf, (size_t)n);
    return;
  }
  char *big = malloc((size_t)n + 1);
  if (!big)
    abort();
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  bw_text_putn(t, big, (size_t)n);
  free(big);
}

char *bw_text_finish(clef_region *r, bw_text *t) {
  char *out = bw_strdup(r, t->data ? t->data : "", t->len);
  free(t->data);
  t->data = NULL;
  t->len = t->cap = 0;
  return out;
}

static void indent(bw_text *o, int n) {
  for (int k = 0; k < n; ++k)
    bw_text_put(o, "  ");
}

static void print_type(bw_text *o, const bw_type *t, int depth) {
  switch (t->kind) {
  case BW_NAMED:
    bw_text_put(o, t->name);
    return;
  case BW_DATA_FIXED:
    bw_text_printf(o, "data[%llu]", (unsigned long long)t->length);
    return;
  case BW_OPTIONAL:
    bw_text_put(o, "optional<");
    print_type(o, t->elem, depth);
    bw_text_put(o, ">");
    return;
  case BW_LIST:
  case BW_LIST_FIXED:
    bw_text_put(o, "list<");
    print_type(o, t->elem, depth);
    bw_text_put(o, ">");
    if (t->kind == BW_LIST_FIXED)
      bw_text_printf(o, "[%llu]", (unsigned long long)t->length);
    return;
  case BW_MAP:
    bw_text_put(o, "map<");
    print_type(o, t->key, depth);
    bw_text_put(o, "><");
    print_type(o, t->elem, depth);
    bw_text_put(o, ">");
    return;
  case BW_ENUM: {
    bw_text_put(o, "enum {\n");
    uint64_t next = 0;
    for (size_t k = 0; k < t->nmembers; ++k) {
      indent(o, depth + 1);
      bw_text_put(o, t->members[k].name);
      if (t->members[k].tag != next)
        bw_text_printf(o, " = %llu", (unsigned long long)t->members[k].tag);
      bw_text_put(o, "\n");
      next = t->members[k].tag + 1;
    }
    indent(o, depth);
    bw_text_put(o, "}");
    return;
  }
  case BW_UNION: {
    bw_text_put(o, "union {");
    uint64_t next = 0;
    for (size_t k = 0; k < t->nmembers; ++k) {
      bw_text_put(o, k ? " | " : " ");
      print_type(o, t->members[k].type, depth);
      if (t->members[k].tag != next)
        bw_text_printf(o, " = %llu", (unsigned long long)t->members[k].tag);
      next = t->members[k].tag + 1;
    }
    bw_text_put(o, " }");
    return;
  }
  case BW_STRUCT:
    bw_text_put(o, "struct {\n");
    for (size_t k = 0; k < t->nmembers; ++k) {
      indent(o, depth + 1);
      bw_text_printf(o, "%s: ", t->members[k].name);
      print_type(o, t->members[k].type, depth + 1);
      bw_text_put(o, "\n");
    }
    indent(o, depth);
    bw_text_put(o, "}");
    return;
  default:
    bw_text_put(o, bw_kind_name(t->kind));
    return;
  }
}

char *bw_print_type(clef_region *r, const bw_type *t) {
  bw_text o = {0};
  print_type(&o, t, 0);
  return bw_text_finish(r, &o);
}

char *bw_print_schema(clef_region *r, const bw_schema *s) {
  bw_text o = {0};
  for (size_t k = 0; k < s->ntypes; ++k) {
    bw_text_printf(&o, "type %s ", s->types[k].name);
    print_type(&o, s->types[k].type, 0);
    bw_text_put(&o, "\n");
  }
  return bw_text_finish(r, &o);
}

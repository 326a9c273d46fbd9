/* JSON form of BARE values (bw_json.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bw_json.h"

typedef struct jp {
  clef_region *r;
  const char *s;
  size_t pos;
  char *msg;
  size_t msgcap;
  int failed;
} jp;

static int jfail(jp *p, const char *what) {
  if (!p->failed)
    snprintf(p->msg, p->msgcap, "at character %zu: %s", p->pos, what);
  p->failed = 1;
  return -1;
}

static void ws(jp *p) {
  while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n' ||
         p->s[p->pos] == '\r')
    ++p->pos;
}

static int eat(jp *p, char c) {
  ws(p);
  if (p->s[p->pos] != c) {
    char m[32];
    snprintf(m, sizeof m, "expected '%c'", c);
    return jfail(p, m);
  }
  ++p->pos;
  return 0;
}

static int peek(jp *p, char c) {
  ws(p);
  return p->s[p->pos] == c;
}

static int word(jp *p, const char *w) {
  ws(p);
  size_t n = strlen(w);
  if (strncmp(p->s + p->pos, w, n))
    return 0;
  p->pos += n;
  return 1;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static void put_utf8(bw_text *o, uint32_t cp) {
  char b[4];
  size_t n;
  if (cp < 0x80) {
    b[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    b[0] = (char)(0xc0 | cp >> 6);
    b[1] = (char)(0x80 | (cp & 63));
    n = 2;
  } else if (cp < 0x10000) {
    b[0] = (char)(0xe0 | cp >> 12);
    b[1] = (char)(0x80 | ((cp >> 6) & 63));
    b[2] = (char)(0x80 | (cp & 63));
    n = 3;
  } else {
    b[0] = (char)(0xf0 | cp >> 18);
    b[1] = (char)(0x80 | ((cp >> 12) & 63));
    b[2] = (char)(0x80 | ((cp >> 6) & 63));
    b[3] = (char)(0x80 | (cp & 63));
    n = 4;
  }
  bw_text_putn(o, b, n);
}

/* A JSON string into t (UTF-8 as written, \u escapes decoded). */
static int jstring(jp *p, bw_text *t) {
  if (eat(p, '"'))
    return -1;
  for (;;) {
    char c = p->s[p->pos];
    if (!c)
      return jfail(p, "unterminated string");
    ++p->pos;
    if (c == '"')
      return 0;
    if (c != '\\') {
      bw_text_putn(t, &c, 1);
      continue;
    }
    c = p->s[p->pos++];
    switch (c) {
    case '"':
    case '\\':
    case '/':
      bw_text_putn(t, &c, 1);
      break;
    case 'n':
      bw_text_put(t, "\n");
      break;
    case 't':
      bw_text_put(t, "\t");
      break;
    case 'r':
      bw_text_put(t, "\r");
      break;
    case 'b':
      bw_text_put(t, "\b");
      break;
    case 'f':
      bw_text_put(t, "\f");
      break;
    case 'u': {
      uint32_t cp = 0;
      for (int k = 0; k < 4; ++k) {
        int h = hexval(p->s[p->pos]);
        if (h < 0)
          return jfail(p, "bad \\u escape");
        cp = cp * 16 + (uint32_t)h;
        ++p->pos;
      }
      if (cp >= 0xd800 && cp < 0xdc00 && p->s[p->pos] == '\\' &&
          p->s[p->pos + 1] == 'u') {
        uint32_t lo = 0;
        size_t save = p->pos;
        p->pos += 2;
        int ok = 1;
        for (int k = 0; k < 4; ++k) {
          int h = hexval(p->s[p->pos]);
          if (h < 0) {
            ok = 0;
            break;
          }
          lo = lo * 16 + (uint32_t)h;
          ++p->pos;
        }
        if (ok && lo >= 0xdc00 && lo < 0xe000) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        } else {
          p->pos = save;
        }
      }
      put_utf8(t, cp);
      break;
    }
    default:
      return jfail(p, "bad escape");
    }
  }
}

static int jnumber(jp *p, int64_t *v) {
  ws(p);
  char *end;
  errno = 0;
  long long x = strtoll(p->s + p->pos, &end, 10);
  if (end == p->s + p->pos || errno)
    return jfail(p, "expected an integer");
  p->pos = (size_t)(end - p->s);
  *v = x;
  return 0;
}

static int jvalue(jp *p, const bw_type *t, bw_value *out);

static int jhex(jp *p, bw_value *out) {
  bw_text t = {0};
  if (jstring(p, &t)) {
    free(t.data);
    return -1;
  }
  if (t.len % 2) {
    free(t.data);
    return jfail(p, "odd hex length");
  }
  uint8_t *b = clef_region_alloc(p->r, (int64_t)t.len / 2 + 1, 1);
  for (size_t k = 0; k < t.len / 2; ++k) {
    int hi = hexval(t.data[2 * k]), lo = hexval(t.data[2 * k + 1]);
    if (hi < 0 || lo < 0) {
      free(t.data);
      return jfail(p, "bad hex digit");
    }
    b[k] = (uint8_t)(hi * 16 + lo);
  }
  out->bytes.ptr = b;
  out->bytes.len = t.len / 2;
  free(t.data);
  return 0;
}

static int jvalue(jp *p, const bw_type *t, bw_value *out) {
  if (p->failed)
    return -1;
  t = bw_resolve(t);
  memset(out, 0, sizeof *out);
  switch (t->kind) {
  case BW_UINT:
  case BW_U64:
  case BW_INT:
  case BW_I64: {
    bw_text s = {0};
    if (jstring(p, &s)) {
      free(s.data);
      return -1;
    }
    char *end;
    errno = 0;
    if (t->kind == BW_INT || t->kind == BW_I64)
      out->i = strtoll(s.data ? s.data : "", &end, 10);
    else
      out->u = strtoull(s.data ? s.data : "", &end, 10);
    int bad = !s.data || *end || errno ||
              ((t->kind == BW_UINT || t->kind == BW_U64) && s.data[0] == '-');
    free(s.data);
    return bad ? jfail(p, "expected a decimal string") : 0;
  }
  case BW_U8:
  case BW_U16:
  case BW_U32:
  case BW_ENUM: {
    int64_t v;
    if (jnumber(p, &v))
      return -1;
    out->u = (uint64_t)v;
    return v < 0 ? jfail(p, "negative") : 0;
  }
  case BW_I8:
  case BW_I16:
  case BW_I32:
    return jnumber(p, &out->i);
  case BW_F32:
  case BW_F64: {
    bw_text s = {0};
    if (jstring(p, &s)) {
      free(s.data);
      return -1;
    }
    char *end;
    errno = 0;
    out->u = strtoull(s.data ? s.data : "", &end, 16);
    int bad = !s.data || *end || errno;
    free(s.data);
    return bad ? jfail(p, "expected hex float bits") : 0;
  }
  case BW_BOOL:
    if (word(p, "true")) {
      out->u = 1;
      return 0;
    }
    if (word(p, "false")) {
      out->u = 0;
      return 0;
    }
    return jfail(p, "expected a bool");
  case BW_STR: {
    bw_text s = {0};
    if (jstring(p, &s)) {
      free(s.data);
      return -1;
    }
    out->bytes.ptr =
        (const uint8_t *)bw_strdup(p->r, s.data ? s.data : "", s.len);
    out->bytes.len = s.len;
    free(s.data);
    return 0;
  }
  case BW_DATA:
  case BW_DATA_FIXED:
    return jhex(p, out);
  case BW_VOID:
    return word(p, "null") ? 0 : jfail(p, "expected null");
  case BW_OPTIONAL:
    if (word(p, "null"))
      return 0;
    if (eat(p, '['))
      return -1;
    out->opt = bw_alloc(p->r, sizeof(bw_value));
    if (jvalue(p, t->elem, out->opt))
      return -1;
    return eat(p, ']');
  case BW_LIST:
  case BW_LIST_FIXED:
  case BW_MAP: {
    if (eat(p, '['))
      return -1;
    size_t cap = 8, n = 0, per = t->kind == BW_MAP ? 2 : 1;
    bw_value *items = malloc(cap * per * sizeof *items);
    if (!peek(p, ']')) {
      for (;;) {
        if (n == cap) {
          cap *= 2;
          items = realloc(items, cap * per * sizeof *items);
        }
        if (t->kind == BW_MAP) {
          if (eat(p, '[') || jvalue(p, t->key, &items[2 * n]) || eat(p, ',') ||
              jvalue(p, t->elem, &items[2 * n + 1]) || eat(p, ']'))
            break;
        } else if (jvalue(p, t->elem, &items[n])) {
          break;
        }
        ++n;
        if (!peek(p, ','))
          break;
        ++p->pos;
      }
    }
    if (!p->failed)
      eat(p, ']');
    out->seq.count = n;
    out->seq.items = bw_alloc(p->r, n * per * sizeof *items);
    memcpy(out->seq.items, items, n * per * sizeof *items);
    free(items);
    return p->failed ? -1 : 0;
  }
  case BW_UNION: {
    int64_t tag;
    if (eat(p, '{') || !word(p, "\"tag\"") || eat(p, ':') || jnumber(p, &tag) ||
        eat(p, ',') || !word(p, "\"val\"") || eat(p, ':'))
      return jfail(p, "expected {\"tag\": n, \"val\": v}");
    out->uni.tag = (uint64_t)tag;
    const bw_member *m = NULL;
    for (size_t k = 0; k < t->nmembers; ++k)
      if (t->members[k].tag == (uint64_t)tag)
        m = &t->members[k];
    if (!m || bw_resolve(m->type)->kind == BW_VOID) {
      if (!word(p, "null"))
        return jfail(p, "expected null for this tag");
    } else {
      out->uni.val = bw_alloc(p->r, sizeof(bw_value));
      if (jvalue(p, m->type, out->uni.val))
        return -1;
    }
    return eat(p, '}');
  }
  case BW_STRUCT: {
    if (eat(p, '{'))
      return -1;
    out->seq.count = t->nmembers;
    out->seq.items = bw_alloc(p->r, t->nmembers * sizeof(bw_value));
    for (size_t k = 0; k < t->nmembers; ++k) {
      if (k && eat(p, ','))
        return -1;
      bw_text s = {0};
      if (jstring(p, &s)) {
        free(s.data);
        return -1;
      }
      int same = s.data && !strcmp(s.data, t->members[k].name);
      free(s.data);
      if (!same)
        return jfail(p, "fields must come in schema order");
      if (eat(p, ':') || jvalue(p, t->members[k].type, &out->seq.items[k]))
        return -1;
    }
    return eat(p, '}');
  }
  default:
    return jfail(p, "unsupported type");
  }
}

int bw_json_read(clef_region *r, const bw_type *t, const char *text,
                 bw_value *out, char *msg, size_t msgcap) {
  jp p = {r, text, 0, msg, msgcap, 0};
  if (jvalue(&p, t, out))
    return -1;
  ws(&p);
  if (p.s[p.pos])
    return jfail(&p, "trailing characters");
  return 0;
}

static void put_hex(bw_text *o, const uint8_t *p, uint64_t n) {
  static const char d[] = "0123456789abcdef";
  for (uint64_t k = 0; k < n; ++k) {
    char b[2] = {d[p[k] >> 4], d[p[k] & 15]};
    bw_text_putn(o, b, 2);
  }
}

static void put_jstring(bw_text *o, const uint8_t *p, uint64_t n) {
  bw_text_put(o, "\"");
  for (uint64_t k = 0; k < n; ++k) {
    uint8_t c = p[k];
    if (c == '"' || c == '\\') {
      char b[2] = {'\\', (char)c};
      bw_text_putn(o, b, 2);
    } else if (c < 0x20 || c == 0x7f) {
      bw_text_printf(o, "\\u%04x", c);
    } else {
      bw_text_putn(o, (const char *)&c, 1);
    }
  }
  bw_text_put(o, "\"");
}

void bw_json_write(bw_text *o, const bw_type *t, const bw_value *v) {
  t = bw_resolve(t);
  switch (t->kind) {
  case BW_UINT:
  case BW_U64:
    bw_text_printf(o, "\"%llu\"", (unsigned long long)v->u);
    return;
  case BW_INT:
  case BW_I64:
    bw_text_printf(o, "\"%lld\"", (long long)v->i);
    return;
  case BW_U8:
  case BW_U16:
  case BW_U32:
  case BW_ENUM:
    bw_text_printf(o, "%llu", (unsigned long long)v->u);
    return;
  case BW_I8:
  case BW_I16:
  case BW_I32:
    bw_text_printf(o, "%lld", (long long)v->i);
    return;
  case BW_F32:
    bw_text_printf(o, "\"0x%08llx\"", (unsigned long long)v->u);
    return;
  case BW_F64:
    bw_text_printf(o, "\"0x%016llx\"", (unsigned long long)v->u);
    return;
  case BW_BOOL:
    bw_text_put(o, v->u ? "true" : "false");
    return;
  case BW_STR:
    put_jstring(o, v->bytes.ptr, v->bytes.len);
    return;
  case BW_DATA:
  case BW_DATA_FIXED:
    bw_text_put(o, "\"");
    put_hex(o, v->bytes.ptr, v->bytes.len);
    bw_text_put(o, "\"");
    return;
  case BW_VOID:
    bw_text_put(o, "null");
    return;
  case BW_OPTIONAL:
    if (!v->opt) {
      bw_text_put(o, "null");
      return;
    }
    bw_text_put(o, "[");
    bw_json_write(o, t->elem, v->opt);
    bw_text_put(o, "]");
    return;
  case BW_LIST:
  case BW_LIST_FIXED:
    bw_text_put(o, "[");
    for (uint64_t k = 0; k < v->seq.count; ++k) {
      if (k)
        bw_text_put(o, ",");
      bw_json_write(o, t->elem, &v->seq.items[k]);
    }
    bw_text_put(o, "]");
    return;
  case BW_MAP:
    bw_text_put(o, "[");
    for (uint64_t k = 0; k < v->seq.count; ++k) {
      bw_text_put(o, k ? ",[" : "[");
      bw_json_write(o, t->key, &v->seq.items[2 * k]);
      bw_text_put(o, ",");
      bw_json_write(o, t->elem, &v->seq.items[2 * k + 1]);
      bw_text_put(o, "]");
    }
    bw_text_put(o, "]");
    return;
  case BW_UNION: {
    bw_text_printf(o, "{\"tag\":%llu,\"val\":", (unsigned long long)v->uni.tag);
    const bw_member *m = NULL;
    for (size_t k = 0; k < t->nmembers; ++k)
      if (t->members[k].tag == v->uni.tag)
        m = &t->members[k];
    if (m && v->uni.val)
      bw_json_write(o, m->type, v->uni.val);
    else
      bw_text_put(o, "null");
    bw_text_put(o, "}");
    return;
  }
  case BW_STRUCT:
    bw_text_put(o, "{");
    for (size_t k = 0; k < t->nmembers; ++k) {
      bw_text_printf(o, "%s\"%s\":", k ? "," : "", t->members[k].name);
      bw_json_write(o, t->members[k].type, &v->seq.items[k]);
    }
    bw_text_put(o, "}");
    return;
  default:
    bw_text_put(o, "null");
  }
}

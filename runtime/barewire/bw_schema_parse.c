/* The BARE schema language (draft-devault-bare, "BARE Schema Language
 * Specification"): a lexer, a recursive-descent parser for
 *
 *   schema     = *( "type" NAME any-type )
 *   any-type   = uint | int | u8 .. i64 | f32 | f64 | bool | str | void
 *              | "data" [ "[" integer "]" ] | NAME
 *              | "optional" "<" any-type ">"
 *              | "list" "<" any-type ">" [ "[" integer "]" ]
 *              | "map" "<" any-type ">" "<" any-type ">"
 *              | "enum" "{" 1*( VALUE [ "=" integer ] ) "}"
 *              | "union" "{" [ "|" ] member *( "|" member ) [ "|" ] "}"
 *              | "struct" "{" 1*( field ":" any-type ) "}"
 *   member     = any-type [ "=" integer ]
 *
 * with `#` comments, and the checks that make a schema invalid: names in
 * their case (user types UPPER *(ALPHA / DIGIT); enum values UPPER *(ALPHA /
 * DIGIT / "_"), CONSTANT_CASE or PascalCase; fields LOWER *(ALPHA / DIGIT /
 * "_"), camelCase, snake_case or mixed_Case, draft -14), every name defined
 * once and before it is used (so no recursive types), lengths of at least
 * 1, no empty enum, union or struct, enum values and union tags unique and
 * ascending (draft -12), unique field names, no repeated union member type,
 * void only as a union member, map keys of a primitive type other than
 * f32/f64 (data included, draft -13) or an enum, and the map syntax
 * map<K><V> (map[K]V is the syntax of the drafts before -03). Each
 * error is located (line, column) at the offending token or type. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "barewire.h"
#include "bw_internal.h"

typedef enum tok_kind { T_EOF, T_NAME, T_INT, T_PUNCT, T_BAD } tok_kind;

typedef struct tok {
  tok_kind kind;
  const char *p;
  size_t n;
  int32_t line, col;
} tok;

typedef struct parser {
  clef_region *r;
  const char *src;
  size_t len, pos;
  int32_t line, col;
  tok cur;
  bw_diag *diag;
  int failed;
  /* Named references, resolved after parsing. */
  bw_type **refs;
  size_t nrefs, caprefs;
  bw_user_type *types;
  size_t ntypes, captypes;
} parser;

static void errorf(parser *ps, int32_t line, int32_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void errorf(parser *ps, int32_t line, int32_t col, const char *fmt,
                   ...) {
  if (ps->failed)
    return;
  ps->failed = 1;
  ps->diag->line = line;
  ps->diag->col = col;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(ps->diag->message, sizeof ps->diag->message, fmt, ap);
  va_end(ap);
}

static int is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }

static void advance(parser *ps) {
  const char *s = ps->src;
  for (;;) {
    while (ps->pos < ps->len && (s[ps->pos] == ' ' || s[ps->pos] == '\t' ||
                                 s[ps->pos] == '\n' || s[ps->pos] == '\r')) {
      if (s[ps->pos] == '\n') {
        ++ps->line;
        ps->col = 1;
      } else {
        ++ps->col;
      }
      ++ps->pos;
    }
    if (ps->pos < ps->len && s[ps->pos] == '#') {
      while (ps->pos < ps->len && s[ps->pos] != '\n')
        ++ps->pos;
      continue;
    }
    break;
  }
  tok t;
  t.p = s + ps->pos;
  t.line = ps->line;
  t.col = ps->col;
  if (ps->pos >= ps->len) {
    t.kind = T_EOF;
    t.n = 0;
  } else if (is_alpha(s[ps->pos]) || s[ps->pos] == '_') {
    size_t e = ps->pos;
    while (e < ps->len && (is_alpha(s[e]) || is_digit(s[e]) || s[e] == '_'))
      ++e;
    t.kind = T_NAME;
    t.n = e - ps->pos;
  } else if (is_digit(s[ps->pos])) {
    size_t e = ps->pos;
    while (e < ps->len && (is_digit(s[e]) || is_alpha(s[e]) || s[e] == '_'))
      ++e;
    t.kind = T_INT;
    t.n = e - ps->pos;
  } else if (strchr("<>[]{}|=:", s[ps->pos])) {
    t.kind = T_PUNCT;
    t.n = 1;
  } else {
    t.kind = T_BAD;
    t.n = 1;
  }
  ps->pos += t.n;
  ps->col += (int32_t)t.n;
  ps->cur = t;
}

static int is_tok(const parser *ps, const char *text) {
  size_t n = strlen(text);
  return (ps->cur.kind == T_NAME || ps->cur.kind == T_PUNCT) &&
         ps->cur.n == n && !memcmp(ps->cur.p, text, n);
}

static void describe(const tok *t, char *out, size_t cap) {
  if (t->kind == T_EOF)
    snprintf(out, cap, "end of file");
  else
    snprintf(out, cap, "'%.*s'", (int)(t->n > 40 ? 40 : t->n), t->p);
}

static int expect(parser *ps, const char *text) {
  if (ps->failed)
    return -1;
  if (!is_tok(ps, text)) {
    char d[64];
    describe(&ps->cur, d, sizeof d);
    errorf(ps, ps->cur.line, ps->cur.col, "expected '%s', found %s", text, d);
    return -1;
  }
  advance(ps);
  return 0;
}

static int parse_integer(parser *ps, uint64_t *out) {
  if (ps->failed)
    return -1;
  if (ps->cur.kind != T_INT) {
    char d[64];
    describe(&ps->cur, d, sizeof d);
    errorf(ps, ps->cur.line, ps->cur.col, "expected an integer, found %s", d);
    return -1;
  }
  uint64_t v = 0;
  for (size_t k = 0; k < ps->cur.n; ++k) {
    char c = ps->cur.p[k];
    if (!is_digit(c)) {
      errorf(ps, ps->cur.line, ps->cur.col, "'%.*s' is not a decimal integer",
             (int)ps->cur.n, ps->cur.p);
      return -1;
    }
    if (v > (UINT64_MAX - (uint64_t)(c - '0')) / 10) {
      errorf(ps, ps->cur.line, ps->cur.col,
             "integer '%.*s' does not fit in 64 bits", (int)ps->cur.n,
             ps->cur.p);
      return -1;
    }
    v = v * 10 + (uint64_t)(c - '0');
  }
  *out = v;
  advance(ps);
  return 0;
}

static const struct {
  const char *name;
  bw_kind kind;
} kPrims[] = {
    {"uint", BW_UINT}, {"int", BW_INT}, {"u8", BW_U8},     {"u16", BW_U16},
    {"u32", BW_U32},   {"u64", BW_U64}, {"i8", BW_I8},     {"i16", BW_I16},
    {"i32", BW_I32},   {"i64", BW_I64}, {"f32", BW_F32},   {"f64", BW_F64},
    {"bool", BW_BOOL}, {"str", BW_STR}, {"void", BW_VOID},
};

static int is_keyword(const tok *t) {
  static const char *const kw[] = {"type", "data", "optional", "list",
                                   "map",  "enum", "union",    "struct"};
  for (size_t k = 0; k < sizeof kw / sizeof *kw; ++k)
    if (t->n == strlen(kw[k]) && !memcmp(t->p, kw[k], t->n))
      return 1;
  for (size_t k = 0; k < sizeof kPrims / sizeof *kPrims; ++k)
    if (t->n == strlen(kPrims[k].name) && !memcmp(t->p, kPrims[k].name, t->n))
      return 1;
  return 0;
}

static bw_type *located(parser *ps, bw_kind k, const tok *at) {
  bw_type *t = bw_type_new(ps->r, k);
  t->line = at->line;
  t->col = at->col;
  return t;
}

static bw_type *parse_type(parser *ps);

static int check_length(parser *ps, uint64_t n, const tok *at) {
  if (n == 0) {
    errorf(ps, at->line, at->col, "a fixed length must be at least 1");
    return -1;
  }
  return 0;
}

static bw_member *grow_members(parser *ps, bw_member *m, size_t n,
                               size_t *cap) {
  if (n < *cap)
    return m;
  size_t nc = *cap ? *cap * 2 : 4;
  bw_member *nm = bw_alloc(ps->r, nc * sizeof *nm);
  if (n)
    memcpy(nm, m, n * sizeof *nm);
  *cap = nc;
  return nm;
}

static bw_type *parse_enum(parser *ps, const tok *at) {
  if (expect(ps, "{"))
    return NULL;
  bw_type *t = located(ps, BW_ENUM, at);
  size_t cap = 0;
  uint64_t next = 0;
  int have_prev = 0;
  while (!ps->failed && !is_tok(ps, "}")) {
    tok name = ps->cur;
    if (name.kind != T_NAME) {
      char d[64];
      describe(&name, d, sizeof d);
      errorf(ps, name.line, name.col, "expected an enum value name, found %s",
             d);
      return NULL;
    }
    int ok = is_upper(name.p[0]);
    for (size_t k = 1; k < name.n; ++k)
      ok &= is_alpha(name.p[k]) || is_digit(name.p[k]) || name.p[k] == '_';
    if (!ok) {
      errorf(ps, name.line, name.col,
             "enum value '%.*s' must start with an upper-case letter "
             "(UPPER *(ALPHA / DIGIT / \"_\"))",
             (int)name.n, name.p);
      return NULL;
    }
    advance(ps);
    if (have_prev && next == 0) {
      errorf(ps, name.line, name.col, "enum value overflows 64 bits");
      return NULL;
    }
    uint64_t v = next;
    tok vat = name;
    if (is_tok(ps, "=")) {
      advance(ps);
      vat = ps->cur;
      if (parse_integer(ps, &v))
        return NULL;
    }
    for (size_t k = 0; k < t->nmembers; ++k) {
      if (strlen(t->members[k].name) == name.n &&
          !memcmp(t->members[k].name, name.p, name.n)) {
        errorf(ps, name.line, name.col, "enum value '%.*s' is defined twice",
               (int)name.n, name.p);
        return NULL;
      }
      if (t->members[k].tag == v) {
        errorf(ps, vat.line, vat.col,
               "enum value %llu is used twice (by '%s' and '%.*s')",
               (unsigned long long)v, t->members[k].name, (int)name.n, name.p);
        return NULL;
      }
    }
    if (have_prev && v < next) {
      errorf(ps, vat.line, vat.col,
             "enum values must be ascending ('%.*s' = %llu after %llu)",
             (int)name.n, name.p, (unsigned long long)v,
             (unsigned long long)(next - 1));
      return NULL;
    }
    t->members = grow_members(ps, t->members, t->nmembers, &cap);
    t->members[t->nmembers].name = bw_strdup(ps->r, name.p, name.n);
    t->members[t->nmembers].tag = v;
    ++t->nmembers;
    next = v + 1;
    have_prev = 1;
  }
  if (ps->failed)
    return NULL;
  if (t->nmembers == 0) {
    errorf(ps, at->line, at->col, "an enum must have at least one value");
    return NULL;
  }
  advance(ps);
  return t;
}

static bw_type *parse_union(parser *ps, const tok *at) {
  if (expect(ps, "{"))
    return NULL;
  bw_type *t = located(ps, BW_UNION, at);
  size_t cap = 0;
  uint64_t next = 0;
  int have_prev = 0;
  if (is_tok(ps, "|"))
    advance(ps);
  while (!ps->failed && !is_tok(ps, "}")) {
    tok mat = ps->cur;
    bw_type *m = parse_type(ps);
    if (!m)
      return NULL;
    if (have_prev && next == 0) {
      errorf(ps, mat.line, mat.col, "union tag overflows 64 bits");
      return NULL;
    }
    uint64_t tag = next;
    tok tat = mat;
    if (is_tok(ps, "=")) {
      advance(ps);
      tat = ps->cur;
      if (parse_integer(ps, &tag))
        return NULL;
    }
    for (size_t k = 0; k < t->nmembers; ++k)
      if (t->members[k].tag == tag) {
        errorf(ps, tat.line, tat.col, "union tag %llu is used twice",
               (unsigned long long)tag);
        return NULL;
      }
    if (have_prev && tag < next) {
      errorf(ps, tat.line, tat.col,
             "union tags must be ascending (%llu after %llu)",
             (unsigned long long)tag, (unsigned long long)(next - 1));
      return NULL;
    }
    t->members = grow_members(ps, t->members, t->nmembers, &cap);
    t->members[t->nmembers].type = m;
    t->members[t->nmembers].tag = tag;
    ++t->nmembers;
    next = tag + 1;
    have_prev = 1;
    if (is_tok(ps, "|")) {
      advance(ps);
    } else if (!is_tok(ps, "}")) {
      char d[64];
      describe(&ps->cur, d, sizeof d);
      errorf(ps, ps->cur.line, ps->cur.col, "expected '|' or '}', found %s", d);
      return NULL;
    }
  }
  if (ps->failed)
    return NULL;
  if (t->nmembers == 0) {
    errorf(ps, at->line, at->col, "a union must have at least one member");
    return NULL;
  }
  advance(ps);
  return t;
}

static bw_type *parse_struct(parser *ps, const tok *at) {
  if (expect(ps, "{"))
    return NULL;
  bw_type *t = located(ps, BW_STRUCT, at);
  size_t cap = 0;
  while (!ps->failed && !is_tok(ps, "}")) {
    tok name = ps->cur;
    if (name.kind != T_NAME || !is_alpha(name.p[0])) {
      char d[64];
      describe(&name, d, sizeof d);
      errorf(ps, name.line, name.col, "expected a field name, found %s", d);
      return NULL;
    }
    if (is_upper(name.p[0])) {
      errorf(ps, name.line, name.col,
             "field '%.*s' must start with a lower-case letter (LOWER *(ALPHA "
             "/ DIGIT / \"_\"))",
             (int)name.n, name.p);
      return NULL;
    }
    advance(ps);
    if (expect(ps, ":"))
      return NULL;
    bw_type *ft = parse_type(ps);
    if (!ft)
      return NULL;
    for (size_t k = 0; k < t->nmembers; ++k)
      if (strlen(t->members[k].name) == name.n &&
          !memcmp(t->members[k].name, name.p, name.n)) {
        errorf(ps, name.line, name.col, "field '%.*s' is defined twice",
               (int)name.n, name.p);
        return NULL;
      }
    t->members = grow_members(ps, t->members, t->nmembers, &cap);
    t->members[t->nmembers].name = bw_strdup(ps->r, name.p, name.n);
    t->members[t->nmembers].type = ft;
    ++t->nmembers;
  }
  if (ps->failed)
    return NULL;
  if (t->nmembers == 0) {
    errorf(ps, at->line, at->col, "a struct must have at least one field");
    return NULL;
  }
  advance(ps);
  return t;
}

static bw_type *parse_type(parser *ps) {
  if (ps->failed)
    return NULL;
  tok at = ps->cur;
  if (at.kind != T_NAME) {
    char d[64];
    describe(&at, d, sizeof d);
    errorf(ps, at.line, at.col, "expected a type, found %s", d);
    return NULL;
  }
  for (size_t k = 0; k < sizeof kPrims / sizeof *kPrims; ++k)
    if (at.n == strlen(kPrims[k].name) && !memcmp(at.p, kPrims[k].name, at.n)) {
      advance(ps);
      return located(ps, kPrims[k].kind, &at);
    }
  if (is_tok(ps, "data")) {
    advance(ps);
    if (!is_tok(ps, "["))
      return located(ps, BW_DATA, &at);
    advance(ps);
    tok lat = ps->cur;
    uint64_t n;
    if (parse_integer(ps, &n) || check_length(ps, n, &lat) || expect(ps, "]"))
      return NULL;
    bw_type *t = located(ps, BW_DATA_FIXED, &at);
    t->length = n;
    return t;
  }
  if (is_tok(ps, "optional") || is_tok(ps, "list")) {
    int list = is_tok(ps, "list");
    advance(ps);
    if (expect(ps, "<"))
      return NULL;
    bw_type *e = parse_type(ps);
    if (!e || expect(ps, ">"))
      return NULL;
    bw_type *t = located(ps, list ? BW_LIST : BW_OPTIONAL, &at);
    t->elem = e;
    if (list && is_tok(ps, "[")) {
      advance(ps);
      tok lat = ps->cur;
      uint64_t n;
      if (parse_integer(ps, &n) || check_length(ps, n, &lat) || expect(ps, "]"))
        return NULL;
      t->kind = BW_LIST_FIXED;
      t->length = n;
    }
    return t;
  }
  if (is_tok(ps, "map")) {
    advance(ps);
    if (is_tok(ps, "[")) {
      errorf(ps, ps->cur.line, ps->cur.col,
             "use 'map<K><V>' ('map[K]V' is the syntax of drafts before "
             "-03)");
      return NULL;
    }
    if (expect(ps, "<"))
      return NULL;
    bw_type *k = parse_type(ps);
    if (!k || expect(ps, ">") || expect(ps, "<"))
      return NULL;
    bw_type *v = parse_type(ps);
    if (!v || expect(ps, ">"))
      return NULL;
    bw_type *t = located(ps, BW_MAP, &at);
    t->key = k;
    t->elem = v;
    return t;
  }
  if (is_tok(ps, "enum")) {
    advance(ps);
    return parse_enum(ps, &at);
  }
  if (is_tok(ps, "union")) {
    advance(ps);
    return parse_union(ps, &at);
  }
  if (is_tok(ps, "struct")) {
    advance(ps);
    return parse_struct(ps, &at);
  }
  if (is_keyword(&at)) {
    errorf(ps, at.line, at.col, "'%.*s' is not a type", (int)at.n, at.p);
    return NULL;
  }
  /* A user type name. */
  advance(ps);
  bw_type *t = located(ps, BW_NAMED, &at);
  t->name = bw_strdup(ps->r, at.p, at.n);
  if (ps->nrefs == ps->caprefs) {
    size_t nc = ps->caprefs ? ps->caprefs * 2 : 16;
    bw_type **nr = realloc(ps->refs, nc * sizeof *nr);
    if (!nr) {
      errorf(ps, at.line, at.col, "out of memory");
      return NULL;
    }
    ps->refs = nr;
    ps->caprefs = nc;
  }
  ps->refs[ps->nrefs++] = t;
  return t;
}

static int valid_type_name(const tok *t) {
  if (!is_upper(t->p[0]))
    return 0;
  for (size_t k = 1; k < t->n; ++k)
    if (!is_alpha(t->p[k]) && !is_digit(t->p[k]))
      return 0;
  return 1;
}

bw_type *bw_schema_lookup(const bw_schema *s, const char *name) {
  for (size_t k = 0; k < s->ntypes; ++k)
    if (!strcmp(s->types[k].name, name))
      return s->types[k].type;
  return NULL;
}

/*===--- Checks over the whole schema -------------------------------------*/

static int is_void(const bw_type *t) {
  const bw_type *r = bw_resolve(t);
  return r && r->kind == BW_VOID;
}

static void check_type(parser *ps, const bw_type *t, int in_union);

static void check_children(parser *ps, const bw_type *t) {
  switch (t->kind) {
  case BW_OPTIONAL:
  case BW_LIST:
  case BW_LIST_FIXED:
    check_type(ps, t->elem, 0);
    break;
  case BW_MAP: {
    check_type(ps, t->key, 0);
    check_type(ps, t->elem, 0);
    const bw_type *k = bw_resolve(t->key);
    if (!ps->failed && k &&
        (k->kind == BW_F32 || k->kind == BW_F64 || k->kind == BW_VOID ||
         k->kind == BW_OPTIONAL || k->kind == BW_LIST ||
         k->kind == BW_LIST_FIXED || k->kind == BW_MAP || k->kind == BW_UNION ||
         k->kind == BW_STRUCT))
      errorf(ps, t->key->line, t->key->col,
             "a map key must be a primitive type other than f32, f64 and "
             "void, or an enum (found %s)",
             bw_kind_name(k->kind));
    break;
  }
  case BW_UNION:
    for (size_t k = 0; k < t->nmembers && !ps->failed; ++k) {
      check_type(ps, t->members[k].type, 1);
      for (size_t j = 0; j < k && !ps->failed; ++j) {
        clef_region *r = ps->r;
        char *a = bw_print_type(r, t->members[j].type);
        char *b = bw_print_type(r, t->members[k].type);
        if (!strcmp(a, b))
          errorf(ps, t->members[k].type->line, t->members[k].type->col,
                 "type '%s' is repeated in a union", b);
      }
    }
    break;
  case BW_STRUCT:
    for (size_t k = 0; k < t->nmembers; ++k)
      check_type(ps, t->members[k].type, 0);
    break;
  default:
    break;
  }
}

static void check_type(parser *ps, const bw_type *t, int in_union) {
  if (ps->failed)
    return;
  if (!in_union && is_void(t)) {
    errorf(ps, t->line, t->col, "void (here%s%s) may only be a union member",
           t->kind == BW_NAMED ? " through " : "",
           t->kind == BW_NAMED ? t->name : "");
    return;
  }
  if (t->kind != BW_NAMED)
    check_children(ps, t);
}

bw_schema *bw_parse_schema(clef_region *r, const char *src, size_t len,
                           bw_diag *diag) {
  bw_diag scratch;
  parser ps;
  memset(&ps, 0, sizeof ps);
  ps.r = r;
  ps.src = src;
  ps.len = len;
  ps.line = 1;
  ps.col = 1;
  ps.diag = diag ? diag : &scratch;
  ps.diag->line = 0;
  ps.diag->col = 0;
  ps.diag->message[0] = 0;
  for (size_t k = 0; k < len; ++k)
    if (src[k] == 0) {
      errorf(&ps, 1, 1, "the schema contains a NUL byte");
      return NULL;
    }
  advance(&ps);
  while (!ps.failed && ps.cur.kind != T_EOF) {
    if (!is_tok(&ps, "type")) {
      char d[64];
      describe(&ps.cur, d, sizeof d);
      errorf(&ps, ps.cur.line, ps.cur.col, "expected 'type', found %s", d);
      break;
    }
    advance(&ps);
    tok name = ps.cur;
    if (name.kind != T_NAME || is_keyword(&name)) {
      char d[64];
      describe(&name, d, sizeof d);
      errorf(&ps, name.line, name.col, "expected a type name, found %s", d);
      break;
    }
    if (!valid_type_name(&name)) {
      errorf(&ps, name.line, name.col,
             "type name '%.*s' must be UPPER *(ALPHA / DIGIT)", (int)name.n,
             name.p);
      break;
    }
    for (size_t k = 0; k < ps.ntypes; ++k)
      if (strlen(ps.types[k].name) == name.n &&
          !memcmp(ps.types[k].name, name.p, name.n)) {
        errorf(&ps, name.line, name.col, "type '%.*s' is defined twice",
               (int)name.n, name.p);
        break;
      }
    if (ps.failed)
      break;
    advance(&ps);
    size_t first_ref = ps.nrefs;
    bw_type *t = parse_type(&ps);
    if (!t)
      break;
    /* References resolve to the types defined so far: a type is defined
     * before it is used, itself included. */
    for (size_t k = first_ref; k < ps.nrefs && !ps.failed; ++k) {
      bw_type *ref = ps.refs[k];
      for (size_t j = 0; j < ps.ntypes; ++j)
        if (!strcmp(ps.types[j].name, ref->name))
          ref->elem = ps.types[j].type;
      if (ref->elem)
        continue;
      int later = !strncmp(name.p, ref->name, name.n) && !ref->name[name.n];
      for (size_t j = (size_t)(ps.cur.p - src); !later && j + 4 < len; ++j) {
        /* A definition further down: say so. */
        size_t n = strlen(ref->name), e = j + 4;
        if (strncmp(src + j, "type", 4))
          continue;
        while (e < len && (src[e] == ' ' || src[e] == '\t' || src[e] == '\n'))
          ++e;
        if (e + n <= len && !strncmp(src + e, ref->name, n) &&
            (e + n == len || !(is_alpha(src[e + n]) || is_digit(src[e + n]))))
          later = 1;
      }
      errorf(&ps, ref->line, ref->col,
             later ? "type '%s' is used before its definition (recursive "
                     "and forward references are not allowed)"
                   : "type '%s' is not defined",
             ref->name);
    }
    if (ps.failed)
      break;
    if (ps.ntypes == ps.captypes) {
      size_t nc = ps.captypes ? ps.captypes * 2 : 16;
      bw_user_type *nt = bw_alloc(r, nc * sizeof *nt);
      if (ps.ntypes)
        memcpy(nt, ps.types, ps.ntypes * sizeof *nt);
      ps.types = nt;
      ps.captypes = nc;
    }
    bw_user_type *u = &ps.types[ps.ntypes++];
    u->name = bw_strdup(r, name.p, name.n);
    u->type = t;
    u->line = name.line;
    u->col = name.col;
  }
  if (!ps.failed && ps.ntypes == 0)
    errorf(&ps, ps.cur.line, ps.cur.col, "a schema must define a type");
  bw_schema *s = NULL;
  if (!ps.failed) {
    s = bw_alloc(r, sizeof *s);
    s->ntypes = ps.ntypes;
    s->types = ps.types;
  }
  for (size_t k = 0; k < ps.ntypes && !ps.failed; ++k) {
    const bw_type *t = ps.types[k].type;
    /* A user type that is void is allowed: it names a union member. */
    if (t->kind == BW_VOID)
      continue;
    if (t->kind == BW_NAMED && is_void(t))
      continue;
    check_type(&ps, t, 0);
  }
  free(ps.refs);
  return ps.failed ? NULL : s;
}

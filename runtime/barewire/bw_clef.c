/* The type mapping between Clef and BARE (docs/BAREWire.md):
 *
 *   int i32, int64 i64, byte u8, uint32 u32, uint64 u64, float f64, bool,
 *   string str, byte[] data, unit void, 'T option optional<T>,
 *   'T list (and 'T[]) list<T>, 'T[] from list<T>[n] keeps n,
 *   Map<'K,'V> map<K><V>, tuples a struct { item1 .. itemN },
 *   (recursive Clef types have no schema: the draft defines every type
 *   before its use),
 *   records a struct (declaration order), unions a union (case index as
 *   tag; case C of union U is the user type UC: void when nullary, its field
 *   type for one field, a struct { item1 .. } for several), unions of
 *   nullary cases only an enum (case Red is the value RED, DarkRed
 *   DARK_RED).
 *
 * bw_clef_from_schema inverts it (types with no Clef counterpart are a
 * located error); bw_schema_of is BAREWire.schemaOf. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "barewire.h"
#include "bw_internal.h"

/*===--- Naming ------------------------------------------------------------*/

/* DarkRed -> DARK_RED */
static char *upper_snake(clef_region *r, const char *s) {
  bw_text o = {0};
  for (size_t k = 0; s[k]; ++k) {
    char c = s[k];
    if (k && isupper((unsigned char)c) && !isupper((unsigned char)s[k - 1]) &&
        s[k - 1] != '_')
      bw_text_put(&o, "_");
    char u = (char)toupper((unsigned char)c);
    bw_text_putn(&o, &u, 1);
  }
  return bw_text_finish(r, &o);
}

/* DARK_RED -> DarkRed */
static char *pascal(clef_region *r, const char *s) {
  bw_text o = {0};
  int up = 1;
  for (size_t k = 0; s[k]; ++k) {
    char c = s[k];
    if (c == '_') {
      up = 1;
      continue;
    }
    char x =
        up ? (char)toupper((unsigned char)c) : (char)tolower((unsigned char)c);
    bw_text_putn(&o, &x, 1);
    up = 0;
  }
  return bw_text_finish(r, &o);
}

static char *concat(clef_region *r, const char *a, const char *b) {
  size_t na = strlen(a), nb = strlen(b);
  char *p = clef_region_alloc(r, (int64_t)(na + nb + 1), 1);
  memcpy(p, a, na);
  memcpy(p + na, b, nb + 1);
  return p;
}

static const char *const kClefKeywords[] = {
    "abstract", "and",       "as",       "assert",  "base",      "begin",
    "class",    "default",   "delegate", "do",      "done",      "downcast",
    "downto",   "elif",      "else",     "end",     "exception", "extern",
    "false",    "finally",   "fixed",    "for",     "fun",       "function",
    "global",   "if",        "in",       "inherit", "inline",    "interface",
    "internal", "lazy",      "let",      "match",   "member",    "module",
    "mutable",  "namespace", "new",      "not",     "null",      "of",
    "open",     "or",        "override", "private", "public",    "rec",
    "return",   "select",    "static",   "struct",  "then",      "to",
    "true",     "try",       "type",     "upcast",  "use",       "val",
    "void",     "when",      "while",    "with",    "yield"};

static int is_clef_keyword(const char *s) {
  for (size_t k = 0; k < sizeof kClefKeywords / sizeof *kClefKeywords; ++k)
    if (!strcmp(s, kClefKeywords[k]))
      return 1;
  return 0;
}

/*===--- Schema -> Clef ----------------------------------------------------*/

typedef struct toclef {
  clef_region *r;
  const bw_schema *s;
  bw_diag *diag;
  int failed;
  /* One Clef declaration per user type that is a struct, union or enum
   * (NULL for aliases, which are expanded where used). */
  bw_clef_type **decl_of;
  bw_clef_type **extra; /* declarations for anonymous nested types */
  size_t nextra, capextra;
} toclef;

static void cfail(toclef *c, const bw_type *at, const char *fmt,
                  const char *a) {
  if (c->failed)
    return;
  c->failed = 1;
  c->diag->line = at->line;
  c->diag->col = at->col;
  snprintf(c->diag->message, sizeof c->diag->message, fmt, a);
}

static bw_clef_type *cnew(clef_region *r, bw_clef_kind k) {
  bw_clef_type *t = bw_alloc(r, sizeof *t);
  t->kind = k;
  return t;
}

static long user_index(const toclef *c, const bw_type *target) {
  for (size_t k = 0; k < c->s->ntypes; ++k)
    if (c->s->types[k].type == target)
      return (long)k;
  return -1;
}

static bw_clef_type *clef_of(toclef *c, const bw_type *t, const char *hint);

static void add_extra(toclef *c, bw_clef_type *d) {
  if (c->nextra == c->capextra) {
    size_t nc = c->capextra ? c->capextra * 2 : 8;
    bw_clef_type **n = bw_alloc(c->r, nc * sizeof *n);
    if (c->nextra)
      memcpy(n, c->extra, c->nextra * sizeof *n);
    c->extra = n;
    c->capextra = nc;
  }
  c->extra[c->nextra++] = d;
}

/* Fills decl (a record or union named name) from the struct, union or enum
 * t. */
static void fill_decl(toclef *c, bw_clef_type *decl, const bw_type *t,
                      const char *name) {
  decl->name = name;
  if (t->kind == BW_STRUCT) {
    decl->kind = BWC_RECORD;
    decl->nfields = t->nmembers;
    decl->fields = bw_alloc(c->r, t->nmembers * sizeof(bw_clef_field));
    for (size_t k = 0; k < t->nmembers && !c->failed; ++k) {
      if (is_clef_keyword(t->members[k].name))
        cfail(c, t, "field '%s' is a Clef keyword", t->members[k].name);
      decl->fields[k].name = t->members[k].name;
      decl->fields[k].type =
          clef_of(c, t->members[k].type,
                  concat(c->r, name, pascal(c->r, t->members[k].name)));
    }
    return;
  }
  decl->kind = BWC_UNION;
  decl->nfields = t->nmembers;
  decl->fields = bw_alloc(c->r, t->nmembers * sizeof(bw_clef_field));
  for (size_t k = 0; k < t->nmembers && !c->failed; ++k) {
    if (t->members[k].tag != k) {
      cfail(c, t,
            "%s: tags must be 0, 1, 2, ... in order to map to a Clef union "
            "(case index as tag)",
            name);
      return;
    }
    bw_clef_field *f = &decl->fields[k];
    if (t->kind == BW_ENUM) {
      f->name = pascal(c->r, t->members[k].name);
      continue;
    }
    const bw_type *m = t->members[k].type;
    const bw_type *res = bw_resolve(m);
    char num[32];
    snprintf(num, sizeof num, "Case%zu", k);
    if (m->kind == BW_NAMED) {
      size_t pl = strlen(name);
      f->name = (!strncmp(m->name, name, pl) && m->name[pl] &&
                 isupper((unsigned char)m->name[pl]))
                    ? m->name + pl
                    : m->name;
      /* Keep the prelude's cases visible: Shape.None stays ShapeNone. */
      if (!strcmp(f->name, "None") || !strcmp(f->name, "Some") ||
          !strcmp(f->name, "Ok") || !strcmp(f->name, "Error"))
        f->name = m->name;
    } else {
      f->name = bw_strdup(c->r, num, strlen(num));
    }
    if (res->kind == BW_VOID)
      continue;
    /* A case of several fields: struct { item1 .. itemN } not otherwise
     * named by the schema. */
    int tuple = res->kind == BW_STRUCT && res->nmembers >= 2;
    for (size_t j = 0; tuple && j < res->nmembers; ++j) {
      char want[32];
      snprintf(want, sizeof want, "item%zu", j + 1);
      tuple = !strcmp(res->members[j].name, want);
    }
    if (tuple) {
      f->nfields = res->nmembers;
      f->fields = bw_alloc(c->r, res->nmembers * sizeof(bw_clef_type *));
      for (size_t j = 0; j < res->nmembers; ++j)
        f->fields[j] =
            clef_of(c, res->members[j].type, concat(c->r, name, f->name));
    } else {
      f->nfields = 1;
      f->fields = bw_alloc(c->r, sizeof(bw_clef_type *));
      f->fields[0] = clef_of(c, m, concat(c->r, name, f->name));
    }
  }
}

static bw_clef_type *clef_of(toclef *c, const bw_type *t, const char *hint) {
  if (c->failed)
    return NULL;
  bw_clef_type *x = NULL;
  switch (t->kind) {
  case BW_NAMED: {
    long i = user_index(c, t->elem);
    if (i >= 0 && c->decl_of[i])
      return c->decl_of[i];
    return clef_of(c, t->elem, t->name);
  }
  case BW_U8:
    return cnew(c->r, BWC_BYTE);
  case BW_U32:
    return cnew(c->r, BWC_UINT32);
  case BW_U64:
    return cnew(c->r, BWC_UINT64);
  case BW_I32:
    return cnew(c->r, BWC_INT);
  case BW_I64:
    return cnew(c->r, BWC_INT64);
  case BW_F64:
    return cnew(c->r, BWC_FLOAT);
  case BW_BOOL:
    return cnew(c->r, BWC_BOOL);
  case BW_STR:
    return cnew(c->r, BWC_STRING);
  case BW_DATA:
    return cnew(c->r, BWC_BYTES);
  case BW_VOID:
    return cnew(c->r, BWC_UNIT);
  case BW_OPTIONAL:
  case BW_LIST:
  case BW_LIST_FIXED:
    x = cnew(c->r, t->kind == BW_OPTIONAL ? BWC_OPTION
                   : t->kind == BW_LIST   ? BWC_LIST
                                          : BWC_ARRAY);
    x->length = t->kind == BW_LIST_FIXED ? t->length : 0;
    x->elem = clef_of(c, t->elem, hint);
    return x;
  case BW_MAP:
    x = cnew(c->r, BWC_MAP);
    x->key = clef_of(c, t->key, hint);
    x->elem = clef_of(c, t->elem, hint);
    return x;
  case BW_STRUCT:
  case BW_UNION:
  case BW_ENUM:
    /* An anonymous aggregate: a declaration of its own, named after where
     * it appears. */
    x = cnew(c->r, BWC_RECORD);
    add_extra(c, x);
    fill_decl(c, x, t, hint);
    return x;
  default:
    cfail(c, t,
          "BARE type '%s' has no Clef counterpart (the type mapping "
          "covers u8 u32 u64 i32 i64 f64 bool str data void optional "
          "list map struct union enum)",
          bw_kind_name(t->kind));
    return NULL;
  }
}

bw_clef_decls *bw_clef_from_schema(clef_region *r, const bw_schema *s,
                                   bw_diag *diag) {
  bw_diag scratch;
  toclef c;
  memset(&c, 0, sizeof c);
  c.r = r;
  c.s = s;
  c.diag = diag ? diag : &scratch;
  c.decl_of = bw_alloc(r, (s->ntypes + 1) * sizeof(bw_clef_type *));
  /* Declarations first, so references (recursion included) find them. */
  for (size_t k = 0; k < s->ntypes; ++k) {
    bw_kind kd = s->types[k].type->kind;
    if (kd == BW_STRUCT || kd == BW_UNION || kd == BW_ENUM)
      c.decl_of[k] = cnew(r, kd == BW_STRUCT ? BWC_RECORD : BWC_UNION);
  }
  for (size_t k = 0; k < s->ntypes && !c.failed; ++k) {
    if (c.decl_of[k]) {
      fill_decl(&c, c.decl_of[k], s->types[k].type, s->types[k].name);
    } else if (s->types[k].type->kind != BW_VOID) {
      /* An alias: checked here, expanded where used. */
      clef_of(&c, s->types[k].type, s->types[k].name);
    }
  }
  if (c.failed)
    return NULL;
  bw_clef_decls *d = bw_alloc(r, sizeof *d);
  d->types = bw_alloc(r, (s->ntypes + c.nextra) * sizeof(bw_clef_type *));
  for (size_t k = 0; k < s->ntypes; ++k)
    if (c.decl_of[k])
      d->types[d->ntypes++] = c.decl_of[k];
  for (size_t k = 0; k < c.nextra; ++k)
    d->types[d->ntypes++] = c.extra[k];
  return d;
}

/*===--- Printing Clef -----------------------------------------------------*/

static void print_clef(bw_text *o, const bw_clef_type *t, int atomic) {
  static const char *const names[] = {"int",    "int64", "byte", "uint32",
                                      "uint64", "float", "bool", "string",
                                      "byte[]", "unit"};
  switch (t->kind) {
  case BWC_OPTION:
  case BWC_LIST:
  case BWC_ARRAY:
    print_clef(o, t->elem, 1);
    bw_text_put(o, t->kind == BWC_OPTION ? " option"
                   : t->kind == BWC_LIST ? " list"
                                         : "[]");
    return;
  case BWC_MAP:
    bw_text_put(o, "Map<");
    print_clef(o, t->key, 0);
    bw_text_put(o, ", ");
    print_clef(o, t->elem, 0);
    bw_text_put(o, ">");
    return;
  case BWC_TUPLE:
    if (atomic)
      bw_text_put(o, "(");
    for (size_t k = 0; k < t->nfields; ++k) {
      if (k)
        bw_text_put(o, " * ");
      print_clef(o, t->fields[k].type, 1);
    }
    if (atomic)
      bw_text_put(o, ")");
    return;
  case BWC_RECORD:
  case BWC_UNION:
    bw_text_put(o, t->name);
    return;
  default:
    bw_text_put(o, names[t->kind]);
    return;
  }
}

char *bw_clef_print_decls(clef_region *r, const bw_clef_decls *d) {
  bw_text o = {0};
  for (size_t k = 0; k < d->ntypes; ++k) {
    const bw_clef_type *t = d->types[k];
    bw_text_printf(&o, "%s %s =", k ? "and" : "type", t->name);
    if (t->kind == BWC_RECORD) {
      bw_text_put(&o, " { ");
      for (size_t j = 0; j < t->nfields; ++j) {
        bw_text_printf(&o, "%s%s: ", j ? "; " : "", t->fields[j].name);
        print_clef(&o, t->fields[j].type, 0);
      }
      bw_text_put(&o, " }\n");
      continue;
    }
    bw_text_put(&o, "\n");
    for (size_t j = 0; j < t->nfields; ++j) {
      const bw_clef_field *f = &t->fields[j];
      bw_text_printf(&o, "    | %s", f->name);
      for (size_t i = 0; i < f->nfields; ++i) {
        bw_text_put(&o, i ? " * " : " of ");
        print_clef(&o, f->fields[i], 1);
      }
      bw_text_put(&o, "\n");
    }
  }
  return bw_text_finish(r, &o);
}

/*===--- Clef -> schema (BAREWire.schemaOf) -------------------------------*/

typedef struct toschema {
  clef_region *r;
  bw_diag *diag;
  int failed;
  const bw_clef_type **seen; /* records and unions with a user type */
  bw_type **named;           /* ... and the BW_NAMED node for each */
  char *done;                /* ... and whether its definition is out */
  size_t nseen, capseen;
  bw_user_type *types;
  size_t ntypes, captypes;
} toschema;

static void sfail(toschema *c, const char *fmt, const char *a) {
  if (c->failed)
    return;
  c->failed = 1;
  c->diag->line = 0;
  c->diag->col = 0;
  snprintf(c->diag->message, sizeof c->diag->message, fmt, a);
}

static void add_user(toschema *c, const char *name, bw_type *t) {
  if (c->ntypes == c->captypes) {
    size_t nc = c->captypes ? c->captypes * 2 : 8;
    bw_user_type *n = bw_alloc(c->r, nc * sizeof *n);
    if (c->ntypes)
      memcpy(n, c->types, c->ntypes * sizeof *n);
    c->types = n;
    c->captypes = nc;
  }
  bw_user_type *u = &c->types[c->ntypes++];
  u->name = name;
  u->type = t;
}

static bw_type *bare_of(toschema *c, const bw_clef_type *t);

static bw_type *struct_of(toschema *c, size_t n, bw_clef_type *const *types,
                          const bw_clef_field *fields) {
  bw_type *s = bw_type_members(c->r, BW_STRUCT, n);
  for (size_t k = 0; k < n; ++k) {
    char nm[32];
    snprintf(nm, sizeof nm, "item%zu", k + 1);
    s->members[k].name = (fields && fields[k].name)
                             ? fields[k].name
                             : bw_strdup(c->r, nm, strlen(nm));
    s->members[k].type = bare_of(c, fields ? fields[k].type : types[k]);
  }
  return s;
}

static bw_type *declare(toschema *c, const bw_clef_type *t) {
  for (size_t k = 0; k < c->nseen; ++k)
    if (c->seen[k] == t ||
        (c->seen[k]->name && t->name && !strcmp(c->seen[k]->name, t->name))) {
      /* The draft defines every type before its use: no recursion. */
      if (!c->done[k])
        sfail(c,
              "%s is recursive, and a BARE schema has no recursive "
              "types (each is defined before it is used)",
              t->name);
      return c->named[k];
    }
  if (c->nseen == c->capseen) {
    size_t nc = c->capseen ? c->capseen * 2 : 8;
    const bw_clef_type **ns = bw_alloc(c->r, nc * sizeof *ns);
    bw_type **nn = bw_alloc(c->r, nc * sizeof *nn);
    char *nd = bw_alloc(c->r, nc);
    if (c->nseen) {
      memcpy(ns, c->seen, c->nseen * sizeof *ns);
      memcpy(nn, c->named, c->nseen * sizeof *nn);
      memcpy(nd, c->done, c->nseen);
    }
    c->seen = ns;
    c->named = nn;
    c->done = nd;
    c->capseen = nc;
  }
  bw_type *ref = bw_type_named(c->r, t->name, NULL);
  size_t self = c->nseen;
  c->seen[self] = t;
  c->named[self] = ref;
  c->done[self] = 0;
  ++c->nseen;
  bw_type *body;
  if (t->kind == BWC_RECORD) {
    body = struct_of(c, t->nfields, NULL, t->fields);
  } else {
    int nullary = 1;
    for (size_t k = 0; k < t->nfields; ++k)
      nullary &= t->fields[k].nfields == 0;
    if (nullary) {
      body = bw_type_members(c->r, BW_ENUM, t->nfields);
      for (size_t k = 0; k < t->nfields; ++k) {
        body->members[k].name = upper_snake(c->r, t->fields[k].name);
        body->members[k].tag = k;
      }
    } else {
      body = bw_type_members(c->r, BW_UNION, t->nfields);
      for (size_t k = 0; k < t->nfields; ++k) {
        const bw_clef_field *f = &t->fields[k];
        bw_type *ct = f->nfields == 0 ? bw_type_prim(c->r, BW_VOID)
                      : f->nfields == 1
                          ? bare_of(c, f->fields[0])
                          : struct_of(c, f->nfields, f->fields, NULL);
        char *cname = concat(c->r, t->name, f->name);
        add_user(c, cname, ct);
        body->members[k].type = bw_type_named(c->r, cname, ct);
        body->members[k].tag = k;
      }
    }
  }
  ref->elem = body;
  add_user(c, t->name, body);
  c->done[self] = 1;
  return ref;
}

static int valid_key(const bw_type *k) {
  k = bw_resolve(k);
  switch (k->kind) {
  case BW_F32:
  case BW_F64:
  case BW_VOID:
  case BW_OPTIONAL:
  case BW_LIST:
  case BW_LIST_FIXED:
  case BW_MAP:
  case BW_UNION:
  case BW_STRUCT:
    return 0;
  default:
    return 1;
  }
}

static bw_type *bare_of(toschema *c, const bw_clef_type *t) {
  if (c->failed || !t)
    return bw_type_prim(c->r, BW_VOID);
  switch (t->kind) {
  case BWC_INT:
    return bw_type_prim(c->r, BW_I32);
  case BWC_INT64:
    return bw_type_prim(c->r, BW_I64);
  case BWC_BYTE:
    return bw_type_prim(c->r, BW_U8);
  case BWC_UINT32:
    return bw_type_prim(c->r, BW_U32);
  case BWC_UINT64:
    return bw_type_prim(c->r, BW_U64);
  case BWC_FLOAT:
    return bw_type_prim(c->r, BW_F64);
  case BWC_BOOL:
    return bw_type_prim(c->r, BW_BOOL);
  case BWC_STRING:
    return bw_type_prim(c->r, BW_STR);
  case BWC_BYTES:
    return bw_type_prim(c->r, BW_DATA);
  case BWC_UNIT:
    return bw_type_prim(c->r, BW_VOID);
  case BWC_OPTION:
    return bw_type_wrap(c->r, BW_OPTIONAL, bare_of(c, t->elem), 0);
  case BWC_LIST:
    return bw_type_wrap(c->r, BW_LIST, bare_of(c, t->elem), 0);
  case BWC_ARRAY:
    return bw_type_wrap(c->r, t->length ? BW_LIST_FIXED : BW_LIST,
                        bare_of(c, t->elem), t->length);
  case BWC_MAP: {
    bw_type *k = bare_of(c, t->key);
    if (!valid_key(k)) {
      sfail(c,
            "a Map keyed by %s has no BARE form (map keys are primitive "
            "types other than f32/f64, or enums)",
            bw_kind_name(bw_resolve(k)->kind));
      return k;
    }
    return bw_type_map(c->r, k, bare_of(c, t->elem));
  }
  case BWC_TUPLE:
    return struct_of(c, t->nfields, NULL, t->fields);
  case BWC_RECORD:
  case BWC_UNION:
    return declare(c, t);
  default:
    sfail(c, "%s", "unknown Clef type");
    return bw_type_prim(c->r, BW_VOID);
  }
}

bw_schema *bw_schema_of(clef_region *r, const bw_clef_type *t,
                        const char *root_name, bw_diag *diag) {
  bw_diag scratch;
  toschema c;
  memset(&c, 0, sizeof c);
  c.r = r;
  c.diag = diag ? diag : &scratch;
  if (t->kind == BWC_TUPLE) {
    add_user(&c, root_name, struct_of(&c, t->nfields, NULL, t->fields));
  } else if (t->kind == BWC_RECORD || t->kind == BWC_UNION) {
    declare(&c, t);
  } else {
    bw_type *b = bare_of(&c, t);
    if (!c.failed && bw_resolve(b)->kind == BW_VOID)
      sfail(&c, "%s",
            "unit alone has no BARE message form (void is only a "
            "union member)");
    add_user(&c, root_name, b);
  }
  if (c.failed)
    return NULL;
  bw_schema *s = bw_alloc(r, sizeof *s);
  s->ntypes = c.ntypes;
  s->types = c.types;
  return s;
}

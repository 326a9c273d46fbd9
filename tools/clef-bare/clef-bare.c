/* clef-bare: BARE schemas for Clef (docs/BAREWire.md).
 *
 *   clef-bare SCHEMA.bare                 Clef type declarations
 *   clef-bare print SCHEMA.bare           the schema, normalized
 *   clef-bare schema-of SCHEMA.bare       BAREWire.schemaOf of each
 *                                         generated Clef type
 *   clef-bare decode SCHEMA TYPE [--max-length N] [--borrow]
 *                                         hex messages (one a line, stdin)
 *                                         to JSON values or errors
 *   clef-bare encode SCHEMA TYPE          JSON values (one a line) to hex
 *   clef-bare vectors FILE.vec            checks a conformance vector file
 *   clef-bare random SCHEMA TYPE N SEED   N random valid values: HEX JSON
 *
 * Invalid schemas give `FILE:LINE:COL: error: ...` and exit 1. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "barewire.h"
#include "bw_json.h"
#include "bw_random.h"

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  for (;;) {
    if (n + 4096 > cap) {
      cap *= 2;
      buf = realloc(buf, cap);
    }
    size_t got = fread(buf + n, 1, cap - n - 1, f);
    n += got;
    if (got == 0)
      break;
  }
  fclose(f);
  buf[n] = 0;
  *len = n;
  return buf;
}

static bw_schema *load_schema(clef_region *r, const char *path) {
  size_t len;
  char *src = read_file(path, &len);
  if (!src) {
    fprintf(stderr, "clef-bare: cannot read %s: %s\n", path, strerror(errno));
    exit(1);
  }
  bw_diag d;
  bw_schema *s = bw_parse_schema(r, src, len, &d);
  free(src);
  if (!s) {
    fprintf(stderr, "%s:%d:%d: error: %s\n", path, d.line, d.col, d.message);
    exit(1);
  }
  return s;
}

static bw_type *lookup(const bw_schema *s, const char *name) {
  bw_type *t = bw_schema_lookup(s, name);
  if (!t) {
    fprintf(stderr, "clef-bare: no type '%s' in the schema\n", name);
    exit(1);
  }
  return t;
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

/* Hex digits (spaces allowed between bytes; "-" is the empty message). */
static uint8_t *parse_hex(const char *s, size_t *n) {
  size_t len = strlen(s);
  uint8_t *b = malloc(len / 2 + 1);
  size_t k = 0;
  if (!strcmp(s, "-")) {
    *n = 0;
    return b;
  }
  for (size_t i = 0; s[i];) {
    if (s[i] == ' ' || s[i] == '\t') {
      ++i;
      continue;
    }
    int hi = hexval(s[i]), lo = s[i + 1] ? hexval(s[i + 1]) : -1;
    if (hi < 0 || lo < 0) {
      free(b);
      return NULL;
    }
    b[k++] = (uint8_t)(hi * 16 + lo);
    i += 2;
  }
  *n = k;
  return b;
}

static void print_hex(FILE *f, const uint8_t *p, size_t n) {
  if (!n)
    fputc('-', f);
  for (size_t k = 0; k < n; ++k)
    fprintf(f, "%02x", p[k]);
}

static void chomp(char *line) {
  size_t n = strlen(line);
  while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
    line[--n] = 0;
}

static void print_error(FILE *f, const bw_error *e) {
  fprintf(f, "error %s %lld", bw_error_name(e->kind), (long long)e->offset);
  if (e->kind == BW_ERR_UNKNOWN_TAG)
    fprintf(f, " %llu", (unsigned long long)e->tag);
}

static int cmd_decode(const char *schema, const char *type, uint64_t max_len,
                      int borrow) {
  clef_region *r = clef_region_create();
  bw_schema *s = load_schema(r, schema);
  bw_type *t = lookup(s, type);
  bw_limits lim = bw_default_limits();
  if (max_len)
    lim.max_length = max_len;
  lim.borrow = (uint32_t)borrow;
  char *line = NULL;
  size_t cap = 0;
  while (getline(&line, &cap, stdin) > 0) {
    chomp(line);
    if (!line[0])
      continue;
    size_t n;
    uint8_t *msg = parse_hex(line, &n);
    if (!msg) {
      printf("error BadHex 0\n");
      continue;
    }
    clef_region *vr = clef_region_create();
    bw_value v;
    bw_error e;
    if (bw_decode(vr, t, msg, n, &lim, &v, &e)) {
      print_error(stdout, &e);
    } else {
      bw_text o = {0};
      bw_json_write(&o, t, &v);
      fputs(o.data, stdout);
      free(o.data);
    }
    fputc('\n', stdout);
    clef_region_release(vr);
    free(msg);
  }
  free(line);
  clef_region_release(r);
  return 0;
}

static int cmd_encode(const char *schema, const char *type) {
  clef_region *r = clef_region_create();
  bw_schema *s = load_schema(r, schema);
  bw_type *t = lookup(s, type);
  char *line = NULL;
  size_t cap = 0;
  while (getline(&line, &cap, stdin) > 0) {
    chomp(line);
    if (!line[0])
      continue;
    clef_region *vr = clef_region_create();
    bw_value v;
    char msg[200];
    if (bw_json_read(vr, t, line, &v, msg, sizeof msg)) {
      printf("error BadJson 0 (%s)\n", msg);
      clef_region_release(vr);
      continue;
    }
    uint8_t *out;
    size_t n;
    bw_error e;
    if (bw_encode(vr, t, &v, &out, &n, &e))
      print_error(stdout, &e);
    else
      print_hex(stdout, out, n);
    fputc('\n', stdout);
    clef_region_release(vr);
  }
  free(line);
  clef_region_release(r);
  return 0;
}

/*===--- Vector files -------------------------------------------------------
 *   schema FILE                     (relative to the vector file)
 *   limit N                         max_length for the following lines
 *   ok TYPE HEX JSON                decodes to JSON, which encodes to HEX
 *   bad TYPE HEX KIND OFFSET [TAG]  decoding fails so
 *   badenc TYPE KIND OFFSET JSON    encoding JSON fails so
 * `#` starts a comment line (each vector cites the draft's section). */

static char *next_field(char **p) {
  while (**p == ' ' || **p == '\t')
    ++*p;
  if (!**p)
    return NULL;
  char *start = *p;
  while (**p && **p != ' ' && **p != '\t')
    ++*p;
  if (**p)
    *(*p)++ = 0;
  return start;
}

static int cmd_vectors(const char *path) {
  size_t len;
  char *text = read_file(path, &len);
  if (!text) {
    fprintf(stderr, "clef-bare: cannot read %s\n", path);
    return 1;
  }
  clef_region *r = clef_region_create();
  bw_schema *s = NULL;
  bw_limits lim = bw_default_limits();
  int ok = 0, bad = 0;
  char *save = NULL;
  for (char *line = strtok_r(text, "\n", &save); line;
       line = strtok_r(NULL, "\n", &save)) {
    chomp(line);
    char *p = line;
    char *verb = next_field(&p);
    if (!verb || verb[0] == '#')
      continue;
    if (!strcmp(verb, "schema")) {
      char *file = next_field(&p);
      char full[4096];
      const char *slash = strrchr(path, '/');
      if (file && file[0] == '/')
        snprintf(full, sizeof full, "%s", file);
      else
        snprintf(full, sizeof full, "%.*s%s",
                 slash ? (int)(slash - path + 1) : 0, path, file ? file : "");
      s = load_schema(r, full);
      continue;
    }
    if (!strcmp(verb, "limit")) {
      char *n = next_field(&p);
      lim.max_length =
          n ? strtoull(n, NULL, 10) : bw_default_limits().max_length;
      continue;
    }
    const char *where = line;
    char *type = next_field(&p);
    if (!s || !type) {
      fprintf(stderr, "%s: line '%s': no schema or type\n", path, where);
      ++bad;
      continue;
    }
    bw_type *t = lookup(s, type);
    clef_region *vr = clef_region_create();
    char what[512] = "";
    if (!strcmp(verb, "ok") || !strcmp(verb, "bad")) {
      char *hex = next_field(&p);
      size_t n = 0;
      uint8_t *msg = hex ? parse_hex(hex, &n) : NULL;
      bw_value v;
      bw_error e;
      int rc = msg ? bw_decode(vr, t, msg, n, &lim, &v, &e) : -1;
      if (!msg) {
        snprintf(what, sizeof what, "bad hex");
      } else if (!strcmp(verb, "ok")) {
        while (*p == ' ')
          ++p;
        if (rc) {
          snprintf(what, sizeof what, "decoding failed: %s at %lld",
                   bw_error_name(e.kind), (long long)e.offset);
        } else {
          bw_text o = {0};
          bw_json_write(&o, t, &v);
          if (strcmp(o.data, p)) {
            snprintf(what, sizeof what, "decoded %s, expected %s", o.data, p);
          } else {
            /* The value encodes back to the same (canonical) bytes. */
            bw_value w;
            char jm[200];
            uint8_t *enc;
            size_t en;
            if (bw_json_read(vr, t, p, &w, jm, sizeof jm))
              snprintf(what, sizeof what, "bad JSON: %s", jm);
            else if (bw_encode(vr, t, &w, &enc, &en, &e))
              snprintf(what, sizeof what, "encoding failed: %s",
                       bw_error_name(e.kind));
            else if (en != n || memcmp(enc, msg, n))
              snprintf(what, sizeof what, "re-encoded to other bytes");
          }
          free(o.data);
        }
      } else {
        char *kind = next_field(&p), *off = next_field(&p),
             *tag = next_field(&p);
        if (!rc)
          snprintf(what, sizeof what, "decoded, expected %s",
                   kind ? kind : "?");
        else if (!kind || strcmp(kind, bw_error_name(e.kind)) || !off ||
                 strtoll(off, NULL, 10) != e.offset ||
                 (tag && strtoull(tag, NULL, 10) != e.tag))
          snprintf(what, sizeof what, "got %s at %lld (tag %llu)",
                   bw_error_name(e.kind), (long long)e.offset,
                   (unsigned long long)e.tag);
      }
      free(msg);
    } else if (!strcmp(verb, "badenc")) {
      char *kind = next_field(&p), *off = next_field(&p);
      while (*p == ' ')
        ++p;
      bw_value v;
      char jm[200];
      uint8_t *enc;
      size_t en;
      bw_error e;
      if (bw_json_read(vr, t, p, &v, jm, sizeof jm))
        snprintf(what, sizeof what, "bad JSON: %s", jm);
      else if (!bw_encode(vr, t, &v, &enc, &en, &e))
        snprintf(what, sizeof what, "encoded, expected %s", kind ? kind : "?");
      else if (!kind || strcmp(kind, bw_error_name(e.kind)) || !off ||
               strtoll(off, NULL, 10) != e.offset)
        snprintf(what, sizeof what, "got %s at %lld", bw_error_name(e.kind),
                 (long long)e.offset);
    } else {
      snprintf(what, sizeof what, "unknown verb '%s'", verb);
    }
    clef_region_release(vr);
    if (what[0]) {
      printf("MISMATCH %s %s: %s\n", verb, type, what);
      ++bad;
    } else {
      ++ok;
    }
  }
  printf("vectors: %d ok, %d mismatched\n", ok, bad);
  free(text);
  clef_region_release(r);
  return bad ? 1 : 0;
}

static int cmd_gen(const char *schema, int mode) {
  clef_region *r = clef_region_create();
  bw_schema *s = load_schema(r, schema);
  if (mode == 1) {
    fputs(bw_print_schema(r, s), stdout);
    return 0;
  }
  bw_diag d;
  bw_clef_decls *decls = bw_clef_from_schema(r, s, &d);
  if (!decls) {
    fprintf(stderr, "%s:%d:%d: error: %s\n", schema, d.line, d.col, d.message);
    return 1;
  }
  if (mode == 0) {
    fputs(bw_clef_print_decls(r, decls), stdout);
    return 0;
  }
  for (size_t k = 0; k < decls->ntypes; ++k) {
    bw_schema *of = bw_schema_of(r, decls->types[k], decls->types[k]->name, &d);
    printf("# schemaOf<%s>\n", decls->types[k]->name);
    if (!of) {
      printf("error: %s\n", d.message);
      continue;
    }
    fputs(bw_print_schema(r, of), stdout);
  }
  return 0;
}

static int cmd_random(const char *schema, const char *type, long n,
                      uint64_t seed) {
  clef_region *r = clef_region_create();
  bw_schema *s = load_schema(r, schema);
  bw_type *t = lookup(s, type);
  for (long k = 0; k < n; ++k) {
    clef_region *vr = clef_region_create();
    bw_value v;
    bw_random_value(vr, t, &seed, 0, &v);
    uint8_t *out;
    size_t len;
    bw_error e;
    if (bw_encode(vr, t, &v, &out, &len, &e)) {
      fprintf(stderr, "clef-bare: a random value did not encode: %s\n",
              bw_error_name(e.kind));
      return 1;
    }
    print_hex(stdout, out, len);
    bw_text o = {0};
    bw_json_write(&o, t, &v);
    printf(" %s\n", o.data);
    free(o.data);
    clef_region_release(vr);
  }
  clef_region_release(r);
  return 0;
}

static void usage(void) {
  fprintf(stderr, "usage: clef-bare SCHEMA.bare\n"
                  "       clef-bare print|schema-of SCHEMA.bare\n"
                  "       clef-bare decode SCHEMA TYPE [--max-length N] "
                  "[--borrow] < hex lines\n"
                  "       clef-bare encode SCHEMA TYPE < JSON lines\n"
                  "       clef-bare vectors FILE.vec\n"
                  "       clef-bare random SCHEMA TYPE N SEED\n");
}

int main(int argc, char **argv) {
  if (argc == 2 && argv[1][0] != '-')
    return cmd_gen(argv[1], 0);
  if (argc == 3 && !strcmp(argv[1], "gen"))
    return cmd_gen(argv[2], 0);
  if (argc == 3 && !strcmp(argv[1], "print"))
    return cmd_gen(argv[2], 1);
  if (argc == 3 && !strcmp(argv[1], "schema-of"))
    return cmd_gen(argv[2], 2);
  if (argc == 3 && !strcmp(argv[1], "vectors"))
    return cmd_vectors(argv[2]);
  if (argc >= 4 && !strcmp(argv[1], "decode")) {
    uint64_t max_len = 0;
    int borrow = 0;
    for (int k = 4; k < argc; ++k) {
      if (!strcmp(argv[k], "--borrow")) {
        borrow = 1;
      } else if (!strcmp(argv[k], "--max-length") && k + 1 < argc) {
        max_len = strtoull(argv[++k], NULL, 10);
      } else {
        usage();
        return 2;
      }
    }
    return cmd_decode(argv[2], argv[3], max_len, borrow);
  }
  if (argc == 4 && !strcmp(argv[1], "encode"))
    return cmd_encode(argv[2], argv[3]);
  if (argc == 6 && !strcmp(argv[1], "random"))
    return cmd_random(argv[2], argv[3], strtol(argv[4], NULL, 10),
                      strtoull(argv[5], NULL, 10));
  usage();
  return 2;
}

/* BAREWire: the BARE message encoding (IETF draft-devault-bare) as a C
 * library over the runtime's regions.
 *
 * - A schema is a graph of bw_type nodes (every BARE type); named user types
 *   may refer to each other, recursion included.
 * - bw_decode reads a message into a bw_value tree allocated in a region, so
 *   the decoded value lives exactly as long as that region. Every invalid
 *   input gives a bw_error (kind and byte offset), never a crash or a read
 *   past the input; no allocation is ever larger than a bound derived from
 *   the input's own size and the caller's limits.
 * - bw_encode writes only canonical forms and refuses values that the draft
 *   would call invalid (the same error kinds, with the offset at which the
 *   bad value would have been written).
 * - bw_parse_schema reads the draft's schema language with located errors;
 *   bw_print_schema prints it back; bw_clef_* map schemas to Clef types and
 *   back (docs/BAREWire.md, "Type mapping").
 * - bw_shared_* map a buffer of fixed-size records into several processes.
 *
 * Plain C11; depends only on clef_runtime.h (the region allocator).
 * Not thread-safe, except the shared-buffer accessors documented below.
 */
#ifndef CLEF_BAREWIRE_H
#define CLEF_BAREWIRE_H

#include <stddef.h>
#include <stdint.h>

#include "clef_runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/*===--- Types -------------------------------------------------------------*/

typedef enum bw_kind {
  BW_UINT,
  BW_INT,
  BW_U8,
  BW_U16,
  BW_U32,
  BW_U64,
  BW_I8,
  BW_I16,
  BW_I32,
  BW_I64,
  BW_F32,
  BW_F64,
  BW_BOOL,
  BW_STR,
  BW_DATA,
  BW_DATA_FIXED,
  BW_VOID,
  BW_ENUM,
  BW_OPTIONAL,
  BW_LIST,
  BW_LIST_FIXED,
  BW_MAP,
  BW_UNION,
  BW_STRUCT,
  /* A reference to a named user type, resolved by bw_parse_schema (or by the
   * builder through bw_type_resolve). */
  BW_NAMED,
  BW_KIND_COUNT
} bw_kind;

typedef struct bw_type bw_type;

/* An enum value (name, tag), a union member (tag, type) or a struct field
 * (name, type). */
typedef struct bw_member {
  const char *name;
  uint64_t tag;
  bw_type *type;
} bw_member;

struct bw_type {
  bw_kind kind;
  uint64_t length; /* data[length], list<T>[length] */
  bw_type *elem;   /* optional, list, map value; BW_NAMED: the target */
  bw_type *key;    /* map key */
  size_t nmembers;
  bw_member *members; /* enum, union, struct */
  const char *name;   /* BW_NAMED: the user type's name */
  int32_t line, col;  /* where a parsed schema wrote it (1-based; 0: none) */
};

const char *bw_kind_name(bw_kind k);

/* Builders: every node is allocated in the region. */
bw_type *bw_type_new(clef_region *r, bw_kind k);
bw_type *bw_type_prim(clef_region *r, bw_kind k);
bw_type *bw_type_wrap(clef_region *r, bw_kind k, bw_type *elem,
                      uint64_t length);
bw_type *bw_type_map(clef_region *r, bw_type *key, bw_type *value);
bw_type *bw_type_members(clef_region *r, bw_kind k, size_t n);
bw_type *bw_type_named(clef_region *r, const char *name, bw_type *target);

/* Follows BW_NAMED links to the type a name stands for. */
const bw_type *bw_resolve(const bw_type *t);

/*===--- Values ------------------------------------------------------------*/

/* One decoded (or to-be-encoded) value. Which field holds it follows the
 * resolved type:
 *   uint, u8..u64, enum, bool      u
 *   int, i8..i64                   i
 *   f32, f64                       u (the IEEE bit pattern, bit-exact)
 *   str, data, data[n]             bytes (str: UTF-8, NUL after len)
 *   void                           nothing
 *   optional                       opt: NULL when absent
 *   union                          uni.tag, uni.val
 *   list, list[n], struct          seq.count, seq.items (struct: fields)
 *   map                            seq.count pairs, items[2i] key,
 *                                  items[2i+1] value, in message order */
typedef struct bw_value bw_value;
struct bw_value {
  union {
    uint64_t u;
    int64_t i;
    struct {
      const uint8_t *ptr;
      uint64_t len;
    } bytes;
    bw_value *opt;
    struct {
      uint64_t tag;
      bw_value *val;
    } uni;
    struct {
      uint64_t count;
      bw_value *items;
    } seq;
  };
};

/*===--- Errors ------------------------------------------------------------*/

/* BareError. The offset is the byte offset in the message of the first
 * byte of the offending item (for TRAILING_BYTES: of the first extra byte).
 */
typedef enum bw_error_kind {
  BW_OK = 0,
  BW_ERR_TRUNCATED,      /* the message ends inside a value */
  BW_ERR_NONCANONICAL,   /* overlong varint, or 10th byte beyond 64 bits */
  BW_ERR_INVALID_BOOL,   /* bool (or optional's flag) other than 0/1 */
  BW_ERR_INVALID_UTF8,   /* str that is not UTF-8 */
  BW_ERR_UNKNOWN_TAG,    /* union tag or enum value not in the schema */
  BW_ERR_LENGTH_LIMIT,   /* a length beyond the input or the limit */
  BW_ERR_TRAILING_BYTES, /* bytes after the message */
  BW_ERR_DUPLICATE_KEY,  /* a map key repeated */
  /* Encoder only: the value does not fit the type (a list[n] with another
   * count, a u8 above 255, ...). */
  BW_ERR_INVALID_VALUE,
  BW_ERROR_KIND_COUNT
} bw_error_kind;

typedef struct bw_error {
  bw_error_kind kind;
  int64_t offset;
  uint64_t tag; /* BW_ERR_UNKNOWN_TAG: the tag or enum value */
} bw_error;

const char *bw_error_name(bw_error_kind k);

typedef struct bw_limits {
  /* Largest str/data byte length and list/map count accepted (also never
   * more than the bytes left in the input). */
  uint64_t max_length;
  /* Deepest nesting of aggregate values; deeper is BW_ERR_LENGTH_LIMIT. */
  uint32_t max_depth;
  /* Nonzero: str and data values point into the input (zero-copy; the
   * input must outlive the value, and a str is then not NUL-terminated)
   * instead of being copied into the region. */
  uint32_t borrow;
} bw_limits;

/* max_length = 64 MiB, max_depth = 256, borrow = 0. */
bw_limits bw_default_limits(void);

/*===--- Decoding and encoding --------------------------------------------*/

/* Decodes the whole of buf[0, len) as one value of t into *out. Returns 0,
 * or -1 with *err set. Allocates only in r (and a scratch table for map
 * keys, freed before return). lim may be NULL for the defaults. */
int bw_decode(clef_region *r, const bw_type *t, const uint8_t *buf, size_t len,
              const bw_limits *lim, bw_value *out, bw_error *err);

/* The encoded size of v, or -1 with *err when v is not a valid value of t. */
int64_t bw_encoded_size(const bw_type *t, const bw_value *v, bw_error *err);

/* Encodes v (validated first) into dst, which has room for
 * bw_encoded_size bytes. Returns the size written, or -1 with *err. */
int64_t bw_encode_into(const bw_type *t, const bw_value *v, uint8_t *dst,
                       size_t cap, bw_error *err);

/* Encodes into a fresh region allocation: *out, *out_len. 0 or -1. */
int bw_encode(clef_region *r, const bw_type *t, const bw_value *v,
              uint8_t **out, size_t *out_len, bw_error *err);

/* Varint primitives (exposed for tests and the shared layout). */
size_t bw_uint_size(uint64_t v);
size_t bw_put_uint(uint8_t *dst, uint64_t v);
/* Reads a canonical uint; returns bytes used, 0 for truncated input, -1
 * for a non-canonical one. */
int bw_get_uint(const uint8_t *p, size_t n, uint64_t *v);

/* Checks strict UTF-8 (no overlongs, surrogates or values past U+10FFFF);
 * returns the offset of the first bad byte, or -1 when valid. */
int64_t bw_utf8_invalid_at(const uint8_t *p, size_t n);

/*===--- Schemas -----------------------------------------------------------*/

typedef struct bw_user_type {
  const char *name;
  bw_type *type;
  int32_t line, col;
} bw_user_type;

typedef struct bw_schema {
  size_t ntypes;
  bw_user_type *types; /* in definition order */
} bw_schema;

typedef struct bw_diag {
  int32_t line, col;
  char message[256];
} bw_diag;

/* Parses schema text (the draft's schema language). On error returns NULL
 * with *diag set to the first error's position and message. */
bw_schema *bw_parse_schema(clef_region *r, const char *src, size_t len,
                           bw_diag *diag);

/* The named type, or NULL. */
bw_type *bw_schema_lookup(const bw_schema *s, const char *name);

/* Prints the schema text of s: one `type Name ...` per user type. The
 * result is NUL-terminated and allocated in r. */
char *bw_print_schema(clef_region *r, const bw_schema *s);
/* Prints one type expression (user types by name). */
char *bw_print_type(clef_region *r, const bw_type *t);

/*===--- Clef types --------------------------------------------------------*/

/* The Clef side of the type mapping (CONCURRENCY.md, BAREWire): the subset
 * of Clef types that have a BARE form. The compiler builds one of these for
 * BAREWire.schemaOf<'T>; clef-bare builds them from a schema. */
typedef enum bw_clef_kind {
  BWC_INT,
  BWC_INT64,
  BWC_BYTE,
  BWC_UINT32,
  BWC_UINT64,
  BWC_FLOAT,
  BWC_BOOL,
  BWC_STRING,
  BWC_BYTES,
  BWC_UNIT,
  BWC_OPTION,
  BWC_LIST,
  BWC_ARRAY,
  BWC_MAP,
  BWC_TUPLE,
  BWC_RECORD,
  BWC_UNION,
  BWC_KIND_COUNT
} bw_clef_kind;

typedef struct bw_clef_type bw_clef_type;

/* A record field, a union case (its fields: 0 for a nullary case) or a
 * tuple component (name NULL). */
typedef struct bw_clef_field {
  const char *name;
  size_t nfields;        /* union cases only */
  bw_clef_type **fields; /* union cases only */
  bw_clef_type *type;    /* record fields, tuple components */
} bw_clef_field;

struct bw_clef_type {
  bw_clef_kind kind;
  const char *name;   /* records and unions */
  bw_clef_type *elem; /* option, list, array; map value */
  bw_clef_type *key;  /* map key */
  size_t nfields;
  bw_clef_field *fields; /* record fields, union cases, tuple parts */
  uint64_t length;       /* array from list<T>[n]: n (0: any) */
};

typedef struct bw_clef_decls {
  size_t ntypes;
  bw_clef_type **types; /* the records and unions, in order */
} bw_clef_decls;

/* Maps a schema to Clef declarations. Types with no Clef counterpart
 * (u16, uint, ...) are an error located at the type. */
bw_clef_decls *bw_clef_from_schema(clef_region *r, const bw_schema *s,
                                   bw_diag *diag);

/* Prints Clef type declarations (a `type ... and ...` group). */
char *bw_clef_print_decls(clef_region *r, const bw_clef_decls *d);

/* BAREWire.schemaOf: the schema of a Clef type. Every record and union it
 * reaches becomes a named user type (nullary-only unions an enum), defined
 * before its first use; the root, when it is not itself a record or union,
 * is `type <root_name> ...` last. Returns the schema (print it with
 * bw_print_schema), or NULL with *diag set (e.g. a map keyed by float). */
bw_schema *bw_schema_of(clef_region *r, const bw_clef_type *t,
                        const char *root_name, bw_diag *diag);

/*===--- Shared buffers ----------------------------------------------------*/

/* A buffer of n fixed-size records (each `record_size` bytes of BARE
 * layout, e.g. a struct of fixed-width fields) in POSIX shared memory,
 * mapped read-write by the creating process and by every opener.
 *
 * Records of at most 8 bytes are read and written with single atomic
 * accesses: a reader never sees a torn record. Larger records carry a
 * sequence number (a seqlock): bw_shared_write makes the number odd, writes,
 * makes it even; bw_shared_read retries until it reads a whole record under
 * one even number, so it never returns a torn record either. */
typedef struct bw_shared bw_shared;

/* Creates (exclusively) the named buffer; the name stays until
 * bw_shared_close by the creator (or bw_shared_unlink). NULL with errno. */
bw_shared *bw_shared_create(const char *name, uint32_t record_size,
                            uint64_t count);
/* Opens an existing buffer read-write. NULL with errno (ENOENT when the
 * name does not exist). */
bw_shared *bw_shared_open(const char *name);
void bw_shared_close(bw_shared *s);
int bw_shared_unlink(const char *name);

uint32_t bw_shared_record_size(const bw_shared *s);
uint64_t bw_shared_count(const bw_shared *s);

/* In-place access: the record's bytes in the mapping (no copy). Only safe
 * to read directly for records of at most 8 bytes through
 * bw_shared_load8, or under a seqlock read. */
uint8_t *bw_shared_record(bw_shared *s, uint64_t i);

/* Writes record i (record_size bytes from src). */
void bw_shared_write(bw_shared *s, uint64_t i, const void *src);
/* Copies a consistent snapshot of record i into dst (counted in the copy
 * counter). */
void bw_shared_read(bw_shared *s, uint64_t i, void *dst);
/* Reads a record of at most 8 bytes in place (one atomic load, no copy). */
uint64_t bw_shared_load8(bw_shared *s, uint64_t i);
/* A seqlock read in place: calls f(record, ctx) on the mapped bytes until it
 * has run once under a stable even sequence number; f must only read. */
void bw_shared_read_inplace(bw_shared *s, uint64_t i,
                            void (*f)(const uint8_t *rec, void *ctx),
                            void *ctx);

/* A 64-bit word in the buffer's header, for handshakes between processes
 * (slot 0..7): atomic load (acquire) and store (release). */
uint64_t bw_shared_flag_load(bw_shared *s, unsigned slot);
void bw_shared_flag_store(bw_shared *s, unsigned slot, uint64_t v);
/* Blocks until the word differs from old (spin, then futex); returns it. */
uint64_t bw_shared_flag_wait(bw_shared *s, unsigned slot, uint64_t old);
/* Stores v and wakes the processes waiting on the word. */
void bw_shared_flag_wake(bw_shared *s, unsigned slot, uint64_t v);

/* Bytes this process copied out of shared buffers (bw_shared_read). */
uint64_t bw_shared_bytes_copied(void);

#ifdef __cplusplus
}
#endif

#endif

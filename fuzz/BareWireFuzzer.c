/* libFuzzer target for the BARE decoder (runtime/barewire, docs/Fuzzing.md).
 *
 * The first byte of an input picks a message type among every user type of
 * a fixed set of schemas (all BARE types, nested aggregates, a 40-deep
 * optional); the rest is the message. Besides memory errors and leaks, it
 * checks the codec's own invariant: a message that decodes re-encodes to
 * exactly its bytes (only canonical encodings are accepted, so decoding is
 * injective), and an input that does not decode reports an offset within
 * the message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "barewire.h"

static const char kSchema[] =
    "type Color enum { RED GREEN BLUE = 7 }\n"
    "type Point struct { x: i16 y: i16 }\n"
    "type Nothing void\n"
    "type Shape union { Nothing | u8 | str = 5 | Point }\n"
    "type Scalars struct { a: uint b: int c: u8 d: u16 e: u32 f: u64 g: i8\n"
    "  h: i16 i: i32 j: i64 k: f32 l: f64 m: bool }\n"
    "type Bytes struct { s: str d: data d4: data[4] }\n"
    "type Aggregates struct { color: Color opt: optional<u8>\n"
    "  optp: optional<Point> strs: list<str> fixed: list<u16>[3]\n"
    "  nested: list<list<u8>> m1: map<str><u8> m2: map<u8><str>\n"
    "  m3: map<uint><bool> m4: map<i64><Point> m5: map<data><Color>\n"
    "  shape: Shape shapes: list<Shape> }\n"
    "type Message union { Scalars | Bytes | Aggregates | Shape }\n"
    "type Batch list<Message>\n"
    "type Index map<str><list<optional<Message>>>\n"
    "type Uint uint\n"
    "type Str str\n"
    "type Deep "
    "optional<optional<optional<optional<optional<optional<optional<\n"
    "  optional<optional<optional<list<optional<optional<optional<optional<\n"
    "  "
    "optional<optional<optional<optional<optional<list<Message>>>>>>>>>>>>>>>>>"
    ">>>>\n";

static clef_region *schema_region;
static const bw_type *types[64];
static size_t ntypes;

static void setup(void) {
  schema_region = clef_region_create();
  bw_diag d;
  bw_schema *s =
      bw_parse_schema(schema_region, kSchema, sizeof kSchema - 1, &d);
  if (!s)
    abort();
  for (size_t k = 0; k < s->ntypes && ntypes < 64; ++k)
    if (bw_resolve(s->types[k].type)->kind != BW_VOID)
      types[ntypes++] = s->types[k].type;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!ntypes)
    setup();
  if (size == 0)
    return 0;
  const bw_type *t = types[data[0] % ntypes];
  const uint8_t *msg = data + 1;
  size_t len = size - 1;
  bw_limits lim = bw_default_limits();
  lim.max_length = 1u << 20;
  clef_region *r = clef_region_create();
  bw_value v;
  bw_error e;
  if (bw_decode(r, t, msg, len, &lim, &v, &e) == 0) {
    uint8_t *out;
    size_t n;
    if (bw_encode(r, t, &v, &out, &n, &e) || n != len || memcmp(out, msg, len))
      __builtin_trap();
  } else if (e.kind == BW_OK || e.offset < 0 || (size_t)e.offset > len) {
    __builtin_trap();
  }
  clef_region_release(r);
  return 0;
}

/* The JSON form of BARE values that clef-bare reads and writes, shared with
 * the bare-ts peer script (test/BAREWire/peer/peer.mjs):
 *
 *   uint int u64 i64      "123" (a decimal string: 64 bits exactly)
 *   u8 u16 u32 i8 i16 i32 123
 *   f32 f64               "0x3ff0000000000000" (the IEEE bits, exact)
 *   bool                  true / false
 *   str                   "text"
 *   data, data[n]         "00ff.." (hex)
 *   void                  null
 *   enum                  the value as a number
 *   optional              null, or [value]
 *   list, list[n]         [ ... ]
 *   map                   [[key, value], ...] in message order
 *   union                 {"tag": n, "val": value}   (void: "val": null)
 *   struct                {"field": value, ...} in field order
 */
#ifndef CLEF_BARE_JSON_H
#define CLEF_BARE_JSON_H

#include "../../runtime/barewire/bw_internal.h"
#include "barewire.h"

/* Parses the JSON form of a value of t; 0, or -1 with a message. */
int bw_json_read(clef_region *r, const bw_type *t, const char *text,
                 bw_value *out, char *msg, size_t msgcap);
/* Prints the JSON form of v (a valid value of t). */
void bw_json_write(bw_text *o, const bw_type *t, const bw_value *v);

#endif

/* Random valid values of a schema type (clef-bare random). */
#ifndef CLEF_BARE_RANDOM_H
#define CLEF_BARE_RANDOM_H

#include "barewire.h"

/* A random valid value of t; *seed advances. Recursion stops growing past
 * a small depth (optionals absent, lists and maps empty). Maps never repeat
 * a key. */
void bw_random_value(clef_region *r, const bw_type *t, uint64_t *seed,
                     unsigned depth, bw_value *v);

#endif

/*===- rt_process.h - Runtime process layer, private part ---------*- C -*-===*
 *
 * The top layer's view of everything below, for its sources and the unit
 * tests. Not installed.
 *
 *===----------------------------------------------------------------------===*/

#ifndef CLEF_RUNTIME_RT_PROCESS_H
#define CLEF_RUNTIME_RT_PROCESS_H

#include "clef_process.h"
#include "rt_string.h"

#endif /* CLEF_RUNTIME_RT_PROCESS_H */

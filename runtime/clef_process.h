/*===- clef_process.h - Runtime process layer ---------------------*- C -*-===*
 *
 * Start-up, exit and the command line: the top layer, which sees every
 * layer below (docs/Runtime.md).
 *
 *===----------------------------------------------------------------------===*/

#ifndef CLEF_RUNTIME_CLEF_PROCESS_H
#define CLEF_RUNTIME_CLEF_PROCESS_H

#include "clef_string.h"

CLEF_BEGIN_DECLS

/* The generated main: clef_rt_init, then entry (the program) on a stack of
 * CLEF_STACK bytes (1 GiB by default) whose overflow prints "Stack
 * overflow.", then clef_rt_finish with entry's result. */
int32_t clef_rt_main(int32_t argc, char **argv, int32_t (*entry)(void));

/* The same in pieces, for C programs that embed the runtime (entry then
 * runs on the caller's stack). */
void clef_rt_init(int32_t argc, char **argv);
CLEF_NORETURN void clef_rt_exit(int32_t code);
int32_t clef_rt_finish(int32_t code);
/* Command-line arguments after the program name (F#'s argv). */
int32_t clef_rt_arg_count(void);
clef_string *clef_rt_arg(clef_region *r, int32_t i);

CLEF_END_DECLS

#endif /* CLEF_RUNTIME_CLEF_PROCESS_H */

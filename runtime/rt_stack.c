/*===- rt_stack.c - The program's stack and stack overflow --------*- C -*-===*
 *
 * A Clef program runs on a stack of its own, CLEF_STACK bytes (1 GiB by
 * default, 64 MiB under valgrind) reserved with mmap and touched lazily, so
 *deep non-tail recursion (`let rec f n = n :: f (n + 1)`) goes as deep as OCaml
 *5's or the compiler's own, and costs memory only as deep as it goes. Below the
 * stack lies a guard region that is never accessible. A fault there (or a
 * fault with the stack pointer there, for a frame that jumped over it) is
 * a stack overflow: the SIGSEGV handler, running on an alternate signal
 * stack since the program's is exhausted, flushes stdout, prints .NET's
 * "Stack overflow." and the function that overflowed, and exits with 134,
 * the status .NET's abort leaves. Any other fault kills the process as if
 * no handler were installed (the checking runtime's poisoned pages rely
 * on it).
 *
 * The stack belongs to a thread that runs the program while the process's
 * first thread waits for it: a thread is the one portable way to run C
 * code on a stack of one's choosing, and debuggers and valgrind know it.
 *
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "rt_process.h"

#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <ucontext.h>
#include <unistd.h>

/* Under valgrind, sigaltstack costs time and memory in proportion to the
 * thread's stack (about 15 s and 1 GB for 1 GiB): the default is smaller
 * there. The header comes with valgrind; without it the runtime cannot tell
 * and CLEF_STACK sets the size. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define CLEF_ON_VALGRIND() RUNNING_ON_VALGRIND
#endif
#endif
#ifndef CLEF_ON_VALGRIND
#define CLEF_ON_VALGRIND() 0
#endif

enum {
  kMinStack = 64 * 1024,
  /* Address space only: a frame larger than this would jump over it (the
   * stack pointer test below still recognises that). */
  kGuardSize = 1024 * 1024,
  kAltStackSize = 64 * 1024,
  kOverflowExit = 134,
};
static const int64_t kDefaultStack = (int64_t)1 << 30;
static const int64_t kValgrindStack = (int64_t)64 << 20;
static const int64_t kMaxStack = (int64_t)1 << 40;

const char *clef_rt_stack_parse(const char *text, int64_t *bytes) {
  int64_t v = CLEF_ON_VALGRIND() ? kValgrindStack : kDefaultStack;
  if (text && *text &&
      (clef_rt_parse_bytes(text, &v) != 0 || v < kMinStack || v > kMaxStack))
    return "invalid CLEF_STACK: expected a size from 64K to 1024G bytes";
  int64_t page = (int64_t)sysconf(_SC_PAGESIZE);
  *bytes = (v + page - 1) & ~(page - 1);
  return NULL;
}

/*===-- Naming the function that overflowed -------------------------------===*/

static uintptr_t programBias; /* load address of the executable (PIE) */

static int findProgramBias(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size, (void)data;
  programBias = (uintptr_t)info->dlpi_addr; /* the first object: the program */
  return 1;
}

static void writeText(const char *s) { clef_rt_write_fd(2, s, strlen(s)); }

/* Looks pc up in the executable's symbol table (.symtab; a stripped
 * program has none, and then no name is printed) and prints "   at f".
 * Clef functions are local symbols named clef_<name>; others are the
 * runtime's or libc's. Only system calls and plain memory reads: this runs
 * in a signal handler. */
static void printFunction(uintptr_t pc) {
  int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return;
  struct stat st;
  if (fstat(fd, &st) != 0 || st.st_size < (off_t)sizeof(Elf64_Ehdr)) {
    close(fd);
    return;
  }
  size_t size = (size_t)st.st_size;
  const unsigned char *file = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (file == MAP_FAILED)
    return;
  const Elf64_Ehdr *eh = (const Elf64_Ehdr *)file;
  const char *best = NULL;
  int bestLocal = 0;
  if (memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 &&
      eh->e_ident[EI_CLASS] == ELFCLASS64 && eh->e_shoff < size &&
      eh->e_shentsize == sizeof(Elf64_Shdr) &&
      eh->e_shnum <= (size - eh->e_shoff) / sizeof(Elf64_Shdr)) {
    const Elf64_Shdr *sh = (const Elf64_Shdr *)(file + eh->e_shoff);
    uintptr_t offset = pc - programBias;
    for (unsigned i = 0; i < eh->e_shnum && !best; ++i) {
      if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum)
        continue;
      const Elf64_Shdr *strs = &sh[sh[i].sh_link];
      if (sh[i].sh_offset > size || sh[i].sh_size > size - sh[i].sh_offset ||
          strs->sh_offset > size || strs->sh_size > size - strs->sh_offset)
        continue;
      const Elf64_Sym *syms = (const Elf64_Sym *)(file + sh[i].sh_offset);
      size_t n = sh[i].sh_size / sizeof(Elf64_Sym);
      const char *names = (const char *)file + strs->sh_offset;
      for (size_t k = 0; k < n; ++k) {
        const Elf64_Sym *s = &syms[k];
        if (ELF64_ST_TYPE(s->st_info) != STT_FUNC ||
            s->st_name >= strs->sh_size)
          continue;
        if (offset >= s->st_value && offset - s->st_value < s->st_size) {
          best = names + s->st_name;
          bestLocal = ELF64_ST_BIND(s->st_info) == STB_LOCAL;
          break;
        }
      }
    }
  }
  if (best &&
      memchr(best, '\0', (size_t)(file + size - (const unsigned char *)best))) {
    writeText("   at ");
    if (bestLocal && strncmp(best, "clef_", 5) == 0)
      writeText(best + 5);
    else
      writeText(best);
    writeText("\n");
  }
  munmap((void *)file, size);
}

/*===-- The fault handler -------------------------------------------------===*/

static char *guardLo, *guardHi; /* [guardLo, guardHi): never accessible */

static void contextRegisters(void *context, uintptr_t *pc, uintptr_t *sp) {
  ucontext_t *uc = context;
  *pc = *sp = 0;
#if defined(__x86_64__)
  *pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
  *sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
#elif defined(__aarch64__)
  *pc = (uintptr_t)uc->uc_mcontext.pc;
  *sp = (uintptr_t)uc->uc_mcontext.sp;
#else
  (void)uc;
#endif
}

static void onFault(int sig, siginfo_t *info, void *context) {
  uintptr_t pc, sp;
  contextRegisters(context, &pc, &sp);
  uintptr_t addr = (uintptr_t)info->si_addr;
  uintptr_t lo = (uintptr_t)guardLo, hi = (uintptr_t)guardHi;
  int inGuard = addr >= lo && addr < hi;
  /* A frame bigger than the guard leaves the stack pointer below the
   * stack but may fault anywhere. */
  int spBelow = sp && sp < hi && sp >= lo - kGuardSize;
  if (guardLo && info->si_code > 0 && (inGuard || spBelow)) {
    clef_rt_out_flush();
    writeText("Stack overflow.\n");
    if (pc)
      printFunction(pc);
    _exit(kOverflowExit);
  }
  /* Not an overflow: die of the signal as if there were no handler. A
   * fault re-executes the instruction and faults again; a sent signal is
   * raised again. */
  signal(sig, SIG_DFL);
  if (info->si_code <= 0)
    raise(sig);
}

/*===-- Running on the stack ----------------------------------------------===*/

typedef struct Job {
  int32_t (*entry)(void);
  int32_t result;
  void *altStack;
} Job;

static void *runJob(void *p) {
  Job *job = p;
  stack_t alt;
  memset(&alt, 0, sizeof alt);
  alt.ss_sp = job->altStack;
  alt.ss_size = kAltStackSize;
  if (sigaltstack(&alt, NULL) != 0)
    clef_rt_fatal("cannot install the signal stack");
  job->result = job->entry();
  return NULL;
}

int32_t clef_rt_run_on_stack(int32_t (*entry)(void), int64_t bytes) {
  dl_iterate_phdr(findProgramBias, NULL);
  size_t total = (size_t)bytes + kGuardSize;
  /* Mapped writable and then the guard taken away, not the other way
   * round: valgrind shadows an mprotect'ed range byte by byte, which makes
   * a 1 GiB stack cost seconds and a gigabyte under it. */
  char *base = mmap(NULL, total, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED || mprotect(base, kGuardSize, PROT_NONE) != 0)
    clef_rt_fatal("cannot reserve a stack of %lld bytes (CLEF_STACK)",
                  (long long)bytes);
  void *altStack = mmap(NULL, kAltStackSize, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (altStack == MAP_FAILED)
    clef_rt_fatal("out of memory");
  guardLo = base;
  guardHi = base + kGuardSize;

  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = onFault;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&action.sa_mask);
  sigaction(SIGSEGV, &action, NULL);
  sigaction(SIGBUS, &action, NULL);

  Job job = {entry, 0, altStack};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstack(&attr, base + kGuardSize, (size_t)bytes);
  pthread_t thread;
  if (pthread_create(&thread, &attr, runJob, &job) != 0)
    clef_rt_fatal("cannot start the program's thread");
  pthread_attr_destroy(&attr);
  pthread_join(thread, NULL);
  return job.result;
}

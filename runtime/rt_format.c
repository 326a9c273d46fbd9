/*===- rt_format.c - printf/sprintf/%A formatting -----------------*- C -*-===*
 *
 * Reproduces FSharp.Core's printf.fs on .NET Core 3.0+: numbers are first
 * converted as .NET's invariant-culture ToString("f6"/"e6"/"g6"/...) does,
 * then padded by F#'s justification rules (which differ from C's in corner
 * cases, e.g. "%-08.2f" pads with zeros on the right). Widths count UTF-16
 * code units, as .NET's String.PadLeft does.
 *
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "rt_format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*===-- The per-thread builder --------------------------------------------===*/

typedef struct Builder {
  char *data;
  size_t len, cap;
} Builder;

static _Thread_local Builder builder;

static void reserve(size_t extra) {
  if (builder.len + extra <= builder.cap)
    return;
  size_t cap = builder.cap ? builder.cap * 2 : 256;
  while (cap < builder.len + extra)
    cap *= 2;
  char *p = realloc(builder.data, cap);
  if (!p)
    clef_rt_fatal("out of memory");
  builder.data = p;
  builder.cap = cap;
}

static void append(const char *p, size_t n) {
  reserve(n);
  memcpy(builder.data + builder.len, p, n);
  builder.len += n;
}

static void appendChars(char c, size_t n) {
  reserve(n);
  memset(builder.data + builder.len, c, n);
  builder.len += n;
}

void clef_fmt_begin(void) { builder.len = 0; }

void clef_fmt_lit(const char *p, int64_t len) { append(p, (size_t)len); }

void clef_fmt_print(int8_t newline) {
  if (newline)
    append("\n", 1);
  clef_rt_out_write(builder.data, builder.len);
  builder.len = 0;
}

void clef_fmt_eprint(int8_t newline) {
  if (newline)
    append("\n", 1);
  clef_rt_err_write(builder.data, builder.len);
  builder.len = 0;
}

clef_string *clef_fmt_to_string(clef_region *r) {
  clef_string *s = clef_string_alloc(r, (int64_t)builder.len);
  if (builder.len)
    memcpy(s->data, builder.data, builder.len);
  builder.len = 0;
  return s;
}

/*===-- Padding -----------------------------------------------------------===*/

int64_t clef_rt_utf16_length(const char *p, size_t n) {
  int64_t units = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char b = (unsigned char)p[i];
    if ((b & 0xC0) != 0x80)
      units += b >= 0xF0 ? 2 : 1;
  }
  return units;
}

/* str.PadLeft(width, pad) or str.PadRight(width, pad), with an optional
 * one-character prefix placed before str (and so before left padding only
 * when the prefix is part of the padded text). */
static void appendPadded(const char *s, size_t n, int64_t width, int left,
                         char pad) {
  int64_t fill = width - clef_rt_utf16_length(s, n);
  if (!left && fill > 0)
    appendChars(pad, (size_t)fill);
  append(s, n);
  if (left && fill > 0)
    appendChars(pad, (size_t)fill);
}

enum { kLeft = CLEF_FMT_LEFT, kZero = CLEF_FMT_ZERO };

/* F#'s GenericNumber justification. str is .NET's conversion of the value;
 * isNumber is false for NaN and infinities, isPositive is `v >= 0`. */
static void appendNumber(const char *str, size_t n, int isNumber,
                         int isPositive, int isFloat, int gIntegral,
                         int32_t flags, int32_t width) {
  const char *prefix = (flags & CLEF_FMT_PLUS)    ? "+"
                       : (flags & CLEF_FMT_SPACE) ? " "
                                                  : "";
  size_t plen = strlen(prefix);
  int withPrefix = isNumber && isPositive;
  if (width < 0) {
    if (withPrefix)
      append(prefix, plen);
    append(str, n);
    return;
  }
  char tmp[512];
  if (flags & kLeft) {
    if (!isNumber) {
      appendPadded(str, n, width, 1, ' ');
      return;
    }
    /* Integers never zero-pad on the right; floats do, except %g values
     * that print as integers. */
    char pad = isFloat && (flags & kZero) && !gIntegral ? '0' : ' ';
    size_t m = 0;
    if (withPrefix && plen)
      tmp[m++] = prefix[0];
    memcpy(tmp + m, str, n);
    appendPadded(tmp, m + n, width, 1, pad);
    return;
  }
  if (flags & kZero) {
    if (!isNumber) {
      appendPadded(str, n, width, 0, ' ');
    } else if (isPositive) {
      append(prefix, plen);
      appendPadded(str, n, width - (int64_t)plen, 0, '0');
    } else if (n && str[0] == '-') {
      append("-", 1);
      appendPadded(str + 1, n - 1, width - 1, 0, '0');
    } else {
      appendPadded(str, n, width, 0, '0');
    }
    return;
  }
  size_t m = 0;
  if (withPrefix && plen)
    tmp[m++] = prefix[0];
  memcpy(tmp + m, str, n);
  appendPadded(tmp, m + n, width, 0, ' ');
}

void clef_fmt_int64(int64_t v, int32_t flags, int32_t width) {
  char s[32];
  int n = snprintf(s, sizeof s, "%lld", (long long)v);
  appendNumber(s, (size_t)n, 1, v >= 0, 0, 0, flags, width);
}

void clef_fmt_int(int32_t v, int32_t flags, int32_t width) {
  clef_fmt_int64(v, flags, width);
}

/* Basic.withPadding: strings, bools and chars pad with spaces only. */
static void appendBasic(const char *s, size_t n, int32_t flags, int32_t width) {
  if (width < 0)
    append(s, n);
  else
    appendPadded(s, n, width, flags & kLeft, ' ');
}

void clef_fmt_string(const clef_string *s, int32_t flags, int32_t width) {
  appendBasic(s->data, (size_t)s->len, flags, width);
}

void clef_fmt_bool(int8_t b, int32_t flags, int32_t width) {
  if (b)
    appendBasic("true", 4, flags, width);
  else
    appendBasic("false", 5, flags, width);
}

void clef_fmt_char(int32_t c, int32_t flags, int32_t width) {
  char s[4];
  appendBasic(s, clef_rt_utf8_encode(c, s), flags, width);
}

/*===-- Floats ------------------------------------------------------------===*/

/* .NET's exponent has at least three digits in "e" format: 1.0e+000. */
static size_t widenExponent(char *buf, size_t n) {
  char *e = strpbrk(buf, "eE");
  if (!e)
    return n;
  char *digits = e + 2;
  size_t nd = n - (size_t)(digits - buf);
  if (nd >= 3)
    return n;
  size_t add = 3 - nd;
  memmove(digits + add, digits, nd + 1);
  memset(digits, '0', add);
  return n + add;
}

/* ToString(conv + prec, InvariantCulture); glibc's printf is exact and
 * rounds half-even like .NET Core 3.0+'s Dragon4. buf holds 512 bytes. */
static size_t dotnetFloat(double v, char conv, int prec, char *buf) {
  if (!isfinite(v))
    return clef_rt_format_nonfinite(v, buf);
  int n;
  switch (conv) {
  case 'e':
  case 'E':
    n = snprintf(buf, 512, conv == 'e' ? "%.*e" : "%.*E", prec, v);
    return widenExponent(buf, (size_t)n);
  case 'g':
  case 'G':
    if (prec == 0) { /* "G0" means the shortest round-trip form */
      n = (int)clef_rt_format_double_roundtrip(v, buf);
      if (conv == 'g')
        for (char *p = buf; *p; ++p)
          if (*p == 'E')
            *p = 'e';
      return (size_t)n;
    }
    n = snprintf(buf, 512, conv == 'g' ? "%.*g" : "%.*G", prec, v);
    return (size_t)n;
  default:
    n = snprintf(buf, 512, "%.*f", prec, v);
    return (size_t)n;
  }
}

/* v % 1.0 = 0.0 without libm: doubles of magnitude >= 2^52 are integers. */
static int isIntegral(double v) {
  double a = __builtin_fabs(v);
  return a >= 4503599627370496.0 || a == (double)(int64_t)a;
}

void clef_fmt_float(double v, int8_t conv, int32_t flags, int32_t width,
                    int32_t prec) {
  if (prec < 0)
    prec = 6;
  else if (prec > 99)
    prec = 99;
  char buf[512];
  size_t n = dotnetFloat(v, (char)conv, prec, buf);
  int isNumber = isfinite(v);
  int isG = conv == 'g' || conv == 'G';
  int gIntegral = isG && isNumber && isIntegral(v);
  appendNumber(buf, n, isNumber, v >= 0.0, 1, gIntegral, flags, width);
}

/*===-- %A leaves ---------------------------------------------------------===*/

void clef_fmt_A_float(double v) {
  if (isnan(v)) {
    append("nan", 3);
    return;
  }
  if (isinf(v)) {
    if (v > 0)
      append("infinity", 8);
    else
      append("-infinity", 9);
    return;
  }
  char buf[64];
  int n = snprintf(buf, sizeof buf, "%.10g", v);
  append(buf, (size_t)n);
  /* F# marks integral-looking floats so they read back as floats. */
  if (strspn(buf, "-0123456789") == (size_t)n)
    append(".0", 2);
}

/* FSharp.Core's formatString wraps the text in quotes without escaping
 * anything: sprintf "%A" "a\"b" is "a"b" with the quote unescaped. */
void clef_fmt_A_string(const clef_string *s) {
  append("\"", 1);
  append(s->data, (size_t)s->len);
  append("\"", 1);
}

/* FSharp.Core's formatChar: \' \\ \b are escaped, other control characters
 * print as a backslash and three decimal digits ('\n' is '\010'). */
void clef_fmt_A_char(int32_t c) {
  char buf[8];
  size_t n;
  if (c == '\'') {
    n = 2, memcpy(buf, "\\'", 2);
  } else if (c == '\\') {
    n = 2, memcpy(buf, "\\\\", 2);
  } else if (c == '\b') {
    n = 2, memcpy(buf, "\\b", 2);
  } else if ((c >= 0 && c < 0x20) || (c >= 0x7F && c < 0xA0)) {
    n = (size_t)snprintf(buf, sizeof buf, "\\%d%d%d", (c / 100) % 10,
                         (c / 10) % 10, c % 10);
  } else {
    n = clef_rt_utf8_encode(c, buf);
  }
  append("'", 1);
  append(buf, n);
  append("'", 1);
}

/*===-- %O and the layout engine's access to the builder ------------------===*/

void clef_fmt_O_float(double v, int32_t flags, int32_t width) {
  char buf[64];
  size_t n = clef_rt_format_double_roundtrip(v, buf);
  appendBasic(buf, n, flags, width);
}

int64_t clef_fmt_length(void) { return (int64_t)builder.len; }

void clef_fmt_pad_from(int64_t start, int32_t flags, int32_t width) {
  if (width < 0 || start < 0 || (size_t)start > builder.len)
    return;
  size_t from = (size_t)start, n = builder.len - from;
  int64_t fill = width - clef_rt_utf16_length(builder.data + from, n);
  if (fill <= 0)
    return;
  appendChars(' ', (size_t)fill);
  if (!(flags & kLeft)) {
    memmove(builder.data + from + fill, builder.data + from, n);
    memset(builder.data + from, ' ', (size_t)fill);
  }
}

const char *clef_rt_fmt_data(void) { return builder.data; }

void clef_rt_fmt_truncate(size_t len) {
  if (len < builder.len)
    builder.len = len;
}

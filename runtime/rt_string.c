/*===- rt_string.c - Strings and conversions ----------------------*- C -*-===*
 *
 * Strings are UTF-8 byte sequences; lengths, indices and ordering are by
 * byte, which agrees with .NET's UTF-16 semantics for ASCII text.
 *
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "rt_string.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

clef_string *clef_string_alloc(clef_region *r, int64_t len) {
  if (len < 0)
    clef_rt_fatal("invalid string length %lld", (long long)len);
  clef_string *s = clef_region_alloc(r, (int64_t)sizeof(clef_string) + len + 1,
                                     _Alignof(clef_string));
  s->len = len;
  s->data[len] = '\0';
  return s;
}

static clef_string *fromBytes(clef_region *r, const char *p, size_t n) {
  clef_string *s = clef_string_alloc(r, (int64_t)n);
  memcpy(s->data, p, n);
  return s;
}

size_t clef_rt_utf8_encode(int32_t c, char *out) {
  uint32_t u = (uint32_t)c;
  if (u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF))
    u = 0xFFFD; /* what .NET substitutes for an unpaired surrogate */
  if (u < 0x80) {
    out[0] = (char)u;
    return 1;
  }
  if (u < 0x800) {
    out[0] = (char)(0xC0 | (u >> 6));
    out[1] = (char)(0x80 | (u & 0x3F));
    return 2;
  }
  if (u < 0x10000) {
    out[0] = (char)(0xE0 | (u >> 12));
    out[1] = (char)(0x80 | ((u >> 6) & 0x3F));
    out[2] = (char)(0x80 | (u & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (u >> 18));
  out[1] = (char)(0x80 | ((u >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((u >> 6) & 0x3F));
  out[3] = (char)(0x80 | (u & 0x3F));
  return 4;
}

clef_string *clef_string_concat(clef_region *r, const clef_string *a,
                                const clef_string *b) {
  clef_string *s = clef_string_alloc(r, a->len + b->len);
  memcpy(s->data, a->data, (size_t)a->len);
  memcpy(s->data + a->len, b->data, (size_t)b->len);
  return s;
}

clef_string *clef_string_of_int64(clef_region *r, int64_t v) {
  char buf[32];
  int n = snprintf(buf, sizeof buf, "%lld", (long long)v);
  return fromBytes(r, buf, (size_t)n);
}

clef_string *clef_string_of_int(clef_region *r, int32_t v) {
  return clef_string_of_int64(r, v);
}

clef_string *clef_string_of_float(clef_region *r, double v) {
  char buf[48];
  return fromBytes(r, buf, clef_rt_format_double_roundtrip(v, buf));
}

clef_string *clef_string_of_char(clef_region *r, int32_t c) {
  char buf[4];
  return fromBytes(r, buf, clef_rt_utf8_encode(c, buf));
}

clef_string *clef_string_of_bool(clef_region *r, int8_t b) {
  return b ? fromBytes(r, "True", 4) : fromBytes(r, "False", 5);
}

clef_string *clef_string_replicate(clef_region *r, int32_t n,
                                   const clef_string *s) {
  if (n < 0) {
    char msg[96];
    int len = snprintf(msg, sizeof msg,
                       "The input must be non-negative.\ncount = %d "
                       "(Parameter 'count')",
                       (int)n);
    clef_rt_unhandled("System.ArgumentException", msg, (size_t)len);
  }
  if (s->len && n > INT64_MAX / 2 / s->len)
    clef_rt_fatal("out of memory");
  clef_string *out = clef_string_alloc(r, s->len * n);
  for (int32_t i = 0; i < n; ++i)
    memcpy(out->data + (int64_t)i * s->len, s->data, (size_t)s->len);
  return out;
}

/* String.Substring(start, len). */
clef_string *clef_string_sub(clef_region *r, const clef_string *s,
                             int64_t start, int64_t len) {
  static const char exn[] = "System.ArgumentOutOfRangeException";
  if (start < 0 || start > s->len) {
    static const char msg[] = "startIndex cannot be larger than length of "
                              "string. (Parameter 'startIndex')";
    static const char neg[] =
        "StartIndex cannot be less than zero. (Parameter 'startIndex')";
    if (start < 0)
      clef_rt_unhandled(exn, neg, sizeof neg - 1);
    clef_rt_unhandled(exn, msg, sizeof msg - 1);
  }
  if (len < 0 || len > s->len - start) {
    static const char neg[] =
        "Length cannot be less than zero. (Parameter 'length')";
    static const char msg[] = "Index and length must refer to a location "
                              "within the string. (Parameter 'length')";
    if (len < 0)
      clef_rt_unhandled(exn, neg, sizeof neg - 1);
    clef_rt_unhandled(exn, msg, sizeof msg - 1);
  }
  return fromBytes(r, s->data + start, (size_t)len);
}

/* Like String.CompareOrdinal: the difference of the first differing
 * units, else of the lengths. */
int32_t clef_string_compare(const clef_string *a, const clef_string *b) {
  int64_t n = a->len < b->len ? a->len : b->len;
  for (int64_t i = 0; i < n; ++i) {
    unsigned char x = (unsigned char)a->data[i];
    unsigned char y = (unsigned char)b->data[i];
    if (x != y)
      return (int32_t)x - (int32_t)y;
  }
  int64_t d = a->len - b->len;
  return d < INT32_MIN ? INT32_MIN : d > INT32_MAX ? INT32_MAX : (int32_t)d;
}

int8_t clef_string_equal(const clef_string *a, const clef_string *b) {
  return a->len == b->len && memcmp(a->data, b->data, (size_t)a->len) == 0;
}

/* FNV-1a. .NET randomizes string hashes per process, so no program can
 * depend on particular values; this one is stable across runs. */
int32_t clef_string_hash(const clef_string *s) {
  uint32_t h = 2166136261u;
  for (int64_t i = 0; i < s->len; ++i) {
    h ^= (unsigned char)s->data[i];
    h *= 16777619u;
  }
  return (int32_t)h;
}

/* x64 cvttsd2si semantics: NaN and out-of-range values give int.MinValue. */
int32_t clef_float_to_int(double v) {
  if (!(v > -2147483649.0 && v < 2147483648.0))
    return INT32_MIN;
  return (int32_t)v;
}

/*===-- Shortest round-trip -----------------------------------------------===*/

size_t clef_rt_format_nonfinite(double v, char *buf) {
  const char *s = isnan(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
  strcpy(buf, s);
  return strlen(s);
}

size_t clef_rt_format_double_roundtrip(double v, char *buf) {
  if (!isfinite(v))
    return clef_rt_format_nonfinite(v, buf);
  char *out = buf;
  if (signbit(v))
    *out++ = '-';
  if (v == 0) {
    *out++ = '0';
    *out = '\0';
    return (size_t)(out - buf);
  }
  /* The shortest correctly rounded digit string that reads back as v. */
  char sci[40];
  for (int prec = 0; prec < 17; ++prec) {
    snprintf(sci, sizeof sci, "%.*e", prec, __builtin_fabs(v));
    if (strtod(sci, NULL) == __builtin_fabs(v))
      break;
  }
  char digits[20];
  int nd = 0;
  const char *p = sci;
  for (; *p != 'e'; ++p)
    if (*p != '.')
      digits[nd++] = *p;
  while (nd > 1 && digits[nd - 1] == '0')
    --nd;
  int scale = atoi(p + 1) + 1; /* digits are 0.d1d2... * 10^scale */

  /* .NET 5+ switches to scientific notation past 17 integer digits or
   * below 1e-5 (number.Scale < -3). */
  int maxDigits = nd > 17 ? nd : 17;
  if (scale > maxDigits || scale < -3) {
    *out++ = digits[0];
    if (nd > 1) {
      *out++ = '.';
      memcpy(out, digits + 1, (size_t)nd - 1);
      out += nd - 1;
    }
    out += sprintf(out, "E%c%02d", scale - 1 < 0 ? '-' : '+', abs(scale - 1));
  } else if (scale <= 0) {
    *out++ = '0';
    *out++ = '.';
    for (int i = 0; i < -scale; ++i)
      *out++ = '0';
    memcpy(out, digits, (size_t)nd);
    out += nd;
  } else {
    for (int i = 0; i < scale; ++i)
      *out++ = i < nd ? digits[i] : '0';
    if (nd > scale) {
      *out++ = '.';
      memcpy(out, digits + scale, (size_t)(nd - scale));
      out += nd - scale;
    }
  }
  *out = '\0';
  return (size_t)(out - buf);
}

/*===-- Parsing -----------------------------------------------------------===*/

static int isWhite(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static void trim(const clef_string *s, const char **b, const char **e) {
  *b = s->data;
  *e = s->data + s->len;
  while (*b < *e && isWhite(**b))
    ++*b;
  while (*e > *b && isWhite((*e)[-1]))
    --*e;
}

static int equalsIgnoreCase(const char *p, size_t n, const char *word) {
  return strlen(word) == n && strncasecmp(p, word, n) == 0;
}

/* Double.Parse(s, InvariantCulture): optional sign, digits with optional
 * fraction and exponent, or NaN / Infinity; surrounding white space. */
double clef_float_parse(const clef_string *s) {
  const char *b, *e;
  trim(s, &b, &e);
  const char *p = b;
  int neg = 0;
  if (p < e && (*p == '+' || *p == '-'))
    neg = *p++ == '-';
  size_t rest = (size_t)(e - p);
  if (equalsIgnoreCase(p, rest, "infinity"))
    return neg ? -INFINITY : INFINITY;
  if (equalsIgnoreCase(p, rest, "nan"))
    return NAN;
  int digits = 0;
  while (p < e && *p >= '0' && *p <= '9')
    ++p, ++digits;
  if (p < e && *p == '.')
    for (++p; p < e && *p >= '0' && *p <= '9'; ++p)
      ++digits;
  if (digits && p < e && (*p == 'e' || *p == 'E')) {
    const char *q = p + 1;
    if (q < e && (*q == '+' || *q == '-'))
      ++q;
    if (q < e && *q >= '0' && *q <= '9') {
      while (q < e && *q >= '0' && *q <= '9')
        ++q;
      p = q;
    }
  }
  if (!digits || p != e)
    clef_rt_format_error(s);
  size_t n = (size_t)(e - b);
  char small[128];
  char *copy = n < sizeof small ? small : malloc(n + 1);
  if (!copy)
    clef_rt_fatal("out of memory");
  memcpy(copy, b, n);
  copy[n] = '\0';
  double v = strtod(copy, NULL);
  if (copy != small)
    free(copy);
  return v;
}

/* The FormatException of FSharp.Core's ParseInt32/ParseInt64: .NET's
 * message naming the text it parsed (the trimmed input, or the digits after
 * a 0x/0o/0b prefix), or, when nothing is left after the sign and prefix,
 * FSharp.Core's own message. */
static void integerFormatError(const char *text, size_t n) {
  static const char none[] = "Input string was not in a correct format.";
  static const char pre[] = "The input string '";
  static const char post[] = "' was not in a correct format.";
  if (n == 0)
    clef_rt_unhandled("System.FormatException", none, sizeof none - 1);
  size_t len = sizeof pre - 1 + n + sizeof post - 1;
  char *msg = malloc(len);
  if (!msg)
    clef_rt_fatal("out of memory");
  memcpy(msg, pre, sizeof pre - 1);
  memcpy(msg + sizeof pre - 1, text, n);
  memcpy(msg + sizeof pre - 1 + n, post, sizeof post - 1);
  clef_rt_unhandled("System.FormatException", msg, len);
}

/* F#'s `int "..."` and `int64 "..."` (ParseInt32, ParseInt64): decimal, or
 * 0x/0o/0b with the bits taken as an unsigned value of `bits` bits. */
static uint64_t parseInteger(const clef_string *s, unsigned bits,
                             const char *overflow, size_t overflowLen) {
  const char *b, *e;
  trim(s, &b, &e);
  const char *p = b;
  int neg = 0;
  if (p < e && (*p == '+' || *p == '-'))
    neg = *p++ == '-';
  unsigned base = 10;
  if (e - p >= 2 && p[0] == '0') {
    char k = p[1];
    base = (k == 'x' || k == 'X')   ? 16
           : (k == 'o' || k == 'O') ? 8
           : (k == 'b' || k == 'B') ? 2
                                    : 10;
    if (base != 10)
      p += 2;
  }
  if (p == e)
    integerFormatError(p, 0);
  const char *digits = base == 10 ? b : p;
  uint64_t maxSigned = bits == 64 ? (uint64_t)INT64_MAX : (uint64_t)INT32_MAX;
  uint64_t maxUnsigned = bits == 64 ? UINT64_MAX : (uint64_t)UINT32_MAX;
  uint64_t limit = base == 10 ? maxSigned + (uint64_t)neg : maxUnsigned;
  uint64_t v = 0;
  for (; p < e; ++p) {
    unsigned d;
    char c = *p;
    if (c >= '0' && c <= '9')
      d = (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f')
      d = (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      d = (unsigned)(c - 'A' + 10);
    else
      d = 99;
    if (d >= base)
      integerFormatError(digits, (size_t)(e - digits));
    if (v > (limit - d) / base)
      clef_rt_unhandled("System.OverflowException", overflow, overflowLen);
    v = v * base + d;
  }
  return neg ? 0u - v : v;
}

int32_t clef_int_parse(const clef_string *s) {
  static const char msg[] =
      "Value was either too large or too small for an Int32.";
  return (int32_t)(uint32_t)parseInteger(s, 32, msg, sizeof msg - 1);
}

int64_t clef_int64_parse(const clef_string *s) {
  static const char msg[] =
      "Value was either too large or too small for an Int64.";
  return (int64_t)parseInteger(s, 64, msg, sizeof msg - 1);
}

/* F#'s `char "..."` (Char.Parse): exactly one UTF-16 code unit. */
int32_t clef_char_parse(const clef_string *s) {
  const unsigned char *p = (const unsigned char *)s->data;
  int64_t n = s->len;
  int32_t c = -1;
  if (n == 1 && p[0] < 0x80)
    c = p[0];
  else if (n == 2 && (p[0] & 0xE0) == 0xC0)
    c = ((p[0] & 0x1F) << 6) | (p[1] & 0x3F);
  else if (n == 3 && (p[0] & 0xF0) == 0xE0)
    c = ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
  if (c < 0) {
    static const char msg[] = "String must be exactly one character long.";
    clef_rt_unhandled("System.FormatException", msg, sizeof msg - 1);
  }
  return c;
}

//===- FormatTest.cpp - printf/sprintf/%A formatting tests ----------------===//
//
// Expected strings are what F# on .NET prints for the same format.
//
//===----------------------------------------------------------------------===//

#include "TestUtil.h"

#include <gtest/gtest.h>

#include <climits>
#include <cmath>
#include <limits>

using namespace clef_test;

namespace {

constexpr int32_t L = CLEF_FMT_LEFT, Z = CLEF_FMT_ZERO, P = CLEF_FMT_PLUS,
                  S = CLEF_FMT_SPACE;
const double kInf = std::numeric_limits<double>::infinity();
const double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string fint(int32_t v, int32_t flags = 0, int32_t width = -1) {
  return format([&] { clef_fmt_int(v, flags, width); });
}
std::string ffloat(double v, char conv = 'f', int32_t flags = 0,
                   int32_t width = -1, int32_t prec = -1) {
  return format([&] { clef_fmt_float(v, (int8_t)conv, flags, width, prec); });
}
std::string fA(double v) {
  return format([&] { clef_fmt_A_float(v); });
}

TEST(Format, Integers) {
  EXPECT_EQ(fint(42), "42");
  EXPECT_EQ(fint(-42), "-42");
  EXPECT_EQ(fint(INT32_MIN), "-2147483648");
  EXPECT_EQ(fint(42, 0, 5), "   42");        // %5d
  EXPECT_EQ(fint(42, L, 5) + "|", "42   |"); // %-5d|
  EXPECT_EQ(fint(42, Z, 5), "00042");        // %05d
  EXPECT_EQ(fint(-42, Z, 5), "-0042");
  EXPECT_EQ(fint(42, P), "+42"); // %+d
  EXPECT_EQ(fint(0, P), "+0");
  EXPECT_EQ(fint(-42, P), "-42");
  EXPECT_EQ(fint(42, S), " 42"); // % d
  EXPECT_EQ(fint(42, P | Z, 5), "+0042");
  EXPECT_EQ(fint(42, P, 5), "  +42");
  EXPECT_EQ(fint(42, L | Z, 5), "42   "); // '-' disables zero padding
  EXPECT_EQ(fint(42, L | P, 5), "+42  ");
  EXPECT_EQ(fint(12345, 0, 3), "12345");
  EXPECT_EQ(format([] { clef_fmt_int64(INT64_MAX, 0, -1); }),
            "9223372036854775807");
  EXPECT_EQ(format([] { clef_fmt_int64(-5, Z, 4); }), "-005");
}

TEST(Format, FixedPoint) {
  EXPECT_EQ(ffloat(3.14159), "3.141590"); // %f
  EXPECT_EQ(ffloat(3.14159, 'f', 0, -1, 2), "3.14");
  EXPECT_EQ(ffloat(3.14159, 'f', 0, 8, 3), "   3.142");
  EXPECT_EQ(ffloat(-3.14159, 'f', Z, 8, 2), "-0003.14");
  EXPECT_EQ(ffloat(3.14159, 'f', L, 8, 2) + "|", "3.14    |");
  // F# pads left-justified floats with the zero flag on the right.
  EXPECT_EQ(ffloat(3.14159, 'f', L | Z, 8, 2), "3.140000");
  EXPECT_EQ(ffloat(2.0, 'f', P, -1, 1), "+2.0");
  EXPECT_EQ(ffloat(2.0, 'f', S, -1, 1), " 2.0");
  EXPECT_EQ(ffloat(0.0, 'f', 0, -1, 0), "0");
  EXPECT_EQ(ffloat(2.5, 'f', 0, -1, 0), "2"); // exact tie: round half even
  EXPECT_EQ(ffloat(0.125, 'f', 0, -1, 2), "0.12");
  EXPECT_EQ(ffloat(1e20, 'f', 0, -1, 2), "100000000000000000000.00");
  EXPECT_EQ(ffloat(-0.0), "-0.000000");
  EXPECT_EQ(ffloat(1.0, 'f', 0, -1, 150).size(), 2u + 99u); // precision <= 99
}

TEST(Format, NonFiniteFloats) {
  EXPECT_EQ(ffloat(kNaN), "NaN");
  EXPECT_EQ(ffloat(kInf), "Infinity");
  EXPECT_EQ(ffloat(-kInf), "-Infinity");
  EXPECT_EQ(ffloat(kInf, 'f', P), "Infinity"); // no sign for non-numbers
  EXPECT_EQ(ffloat(kNaN, 'f', Z, 6), "   NaN");
  EXPECT_EQ(ffloat(kNaN, 'f', L | Z, 6), "NaN   ");
  EXPECT_EQ(ffloat(kNaN, 'e'), "NaN");
  EXPECT_EQ(ffloat(-kInf, 'g'), "-Infinity");
}

TEST(Format, Exponential) {
  EXPECT_EQ(ffloat(3.14159, 'e'), "3.141590e+000");
  EXPECT_EQ(ffloat(3.14159, 'E'), "3.141590E+000");
  EXPECT_EQ(ffloat(12345.678, 'e', 0, -1, 2), "1.23e+004");
  EXPECT_EQ(ffloat(1e-300, 'e', 0, -1, 1), "1.0e-300");
  EXPECT_EQ(ffloat(0.0, 'e', 0, -1, 0), "0e+000");
}

TEST(Format, General) {
  EXPECT_EQ(ffloat(3.14159, 'g'), "3.14159");
  EXPECT_EQ(ffloat(1e20, 'g'), "1e+20");
  EXPECT_EQ(ffloat(1e20, 'G'), "1E+20");
  EXPECT_EQ(ffloat(0.0001, 'g'), "0.0001");
  EXPECT_EQ(ffloat(0.00001, 'g'), "1e-05");
  EXPECT_EQ(ffloat(100000.0, 'g'), "100000");
  EXPECT_EQ(ffloat(1000000.0, 'g'), "1e+06");
  EXPECT_EQ(ffloat(1.0 / 3.0, 'g', 0, -1, 3), "0.333");
  EXPECT_EQ(ffloat(5.0, 'g', L | Z, 4), "5   "); // integral: space padded
  EXPECT_EQ(ffloat(5.5, 'g', L | Z, 4), "5.50");
  EXPECT_EQ(ffloat(5.0, 'g', Z, 4), "0005");
}

TEST(Format, AFloat) {
  EXPECT_EQ(fA(3.14), "3.14");
  EXPECT_EQ(fA(1.0), "1.0");
  EXPECT_EQ(fA(100.0), "100.0");
  EXPECT_EQ(fA(-2.0), "-2.0");
  EXPECT_EQ(fA(-0.0), "-0.0");
  EXPECT_EQ(fA(0.1), "0.1");
  EXPECT_EQ(fA(1e20), "1e+20");
  EXPECT_EQ(fA(1e-5), "1e-05");
  EXPECT_EQ(fA(1.0 / 3.0), "0.3333333333");
  EXPECT_EQ(fA(123456789012.0), "1.23456789e+11");
  EXPECT_EQ(fA(1234567890.0), "1234567890.0");
  EXPECT_EQ(fA(kNaN), "nan");
  EXPECT_EQ(fA(kInf), "infinity");
  EXPECT_EQ(fA(-kInf), "-infinity");
}

TEST(Format, AString) {
  EXPECT_EQ(format([] { clef_fmt_A_string(str("abc")); }), "\"abc\"");
  // FSharp.Core quotes %A strings without escaping their contents.
  EXPECT_EQ(format([] { clef_fmt_A_string(str("a\"b")); }), "\"a\"b\"");
  EXPECT_EQ(format([] { clef_fmt_A_string(str("a\\n")); }), "\"a\\n\"");
  EXPECT_EQ(format([] { clef_fmt_A_string(str("")); }), "\"\"");
}

// A list of ints laid out as generated code does (sformat.fs's makeListL
// over boundedUnfoldL).
void layIntList(int32_t n) {
  clef_lay_enter(n == 0);
  clef_lay_seq_begin();
  for (int32_t i = 0; i < n; ++i) {
    if (i && !clef_lay_more(1, i))
      break;
    clef_lay_int(i + 1);
    clef_lay_seq_item(CLEF_LAY_SEMI);
  }
  clef_lay_bracket(CLEF_LAY_LIST);
  clef_lay_leave();
}

TEST(Format, LayoutWrapsAt80Columns) {
  // F# breaks a long list after the last `;` that fits in 80 columns and
  // aligns the next line after the `[`.
  std::string s = format([] {
    clef_fmt_lit("x = ", 4);
    clef_lay_begin(-1, -1);
    layIntList(30);
    clef_lay_end();
  });
  EXPECT_EQ(s, "x = [1; 2; 3; 4; 5; 6; 7; 8; 9; 10; 11; 12; 13; 14; 15; 16; "
               "17; 18; 19; 20; 21; 22;\n 23; 24; 25; 26; 27; 28; 29; 30]");
  // %0A: one line, whatever the width.
  s = format([] {
    clef_lay_begin(0, -1);
    layIntList(30);
    clef_lay_end();
  });
  EXPECT_EQ(s.find('\n'), std::string::npos);
  // %20A: a print width of 20. The `;` after 7 belongs to the left side of
  // the next breakable joint, where no break is open: like F#, it may stick
  // out past the width.
  s = format([] {
    clef_lay_begin(20, -1);
    layIntList(8);
    clef_lay_end();
  });
  EXPECT_EQ(s, "[1; 2; 3; 4; 5; 6; 7;\n 8]");
}

TEST(Format, LayoutPrintLength) {
  // 100 elements print in full; from 101 on, the rest is one `...`.
  std::string hundred = format([] {
    clef_lay_begin(0, -1);
    layIntList(100);
    clef_lay_end();
  });
  EXPECT_EQ(hundred.substr(hundred.size() - 10), "; 99; 100]");
  std::string more = format([] {
    clef_lay_begin(0, -1);
    layIntList(150);
    clef_lay_end();
  });
  EXPECT_EQ(more.substr(more.size() - 15), "; 99; 100; ...]");
}

TEST(Format, LayoutPrintSize) {
  // %.5A: after five nodes every value is `...`.
  std::string s = format([] {
    clef_lay_begin(-1, 5);
    layIntList(10);
    clef_lay_end();
  });
  EXPECT_EQ(s, "[1; 2; 3; 4; 5; ...]");
}

TEST(Format, LayoutRecordAboveList) {
  // { X = 1
  //   Y = "é" } : fields are broken joints aligned after `{ `; widths
  // count UTF-16 code units.
  std::string s = format([] {
    clef_lay_begin(-1, -1);
    clef_lay_enter(0);
    clef_lay_seq_begin();
    clef_lay_field("X", 1);
    clef_lay_int(1);
    clef_lay_join(1);
    clef_lay_seq_item(CLEF_LAY_ABOVE);
    clef_lay_field("Y", 1);
    clef_lay_string(str("\xc3\xa9"));
    clef_lay_join(1);
    clef_lay_seq_item(CLEF_LAY_ABOVE);
    clef_lay_bracket(CLEF_LAY_BRACE);
    clef_lay_leave();
    clef_lay_end();
  });
  EXPECT_EQ(s, "{ X = 1\n  Y = \"\xc3\xa9\" }");
}

TEST(Format, PadFrom) {
  EXPECT_EQ(format([] {
              clef_fmt_lit("<", 1);
              clef_fmt_lit("ab", 2);
              clef_fmt_pad_from(1, 0, 5);
              clef_fmt_lit(">", 1);
            }),
            "<   ab>");
  EXPECT_EQ(format([] {
              clef_fmt_lit("ab", 2);
              clef_fmt_pad_from(0, CLEF_FMT_LEFT, 4);
            }),
            "ab  ");
  EXPECT_EQ(format([] { clef_fmt_O_float(1.0, 0, -1); }), "1");
  EXPECT_EQ(format([] { clef_fmt_O_float(1e20, 0, -1); }), "1E+20");
}

TEST(Format, AChar) {
  EXPECT_EQ(format([] { clef_fmt_A_char('a'); }), "'a'");
  EXPECT_EQ(format([] { clef_fmt_A_char('\''); }), "'\\''");
  EXPECT_EQ(format([] { clef_fmt_A_char('"'); }), "'\"'");
  EXPECT_EQ(format([] { clef_fmt_A_char('\\'); }), "'\\\\'");
  EXPECT_EQ(format([] { clef_fmt_A_char('\n'); }), "'\\010'");
  EXPECT_EQ(format([] { clef_fmt_A_char('\t'); }), "'\\009'");
  EXPECT_EQ(format([] { clef_fmt_A_char('\b'); }), "'\\b'");
  EXPECT_EQ(format([] { clef_fmt_A_char(0xE9); }), "'\xC3\xA9'");
}

TEST(Format, StringsBoolsChars) {
  EXPECT_EQ(format([] { clef_fmt_string(str("abc"), 0, -1); }), "abc");
  EXPECT_EQ(format([] { clef_fmt_string(str("abc"), 0, 5); }), "  abc");
  EXPECT_EQ(format([] { clef_fmt_string(str("abc"), L, 5); }), "abc  ");
  EXPECT_EQ(format([] { clef_fmt_string(str("abc"), Z, 5); }), "  abc");
  EXPECT_EQ(format([] { clef_fmt_string(str("abcdef"), 0, 3); }), "abcdef");
  // Widths count characters (UTF-16 units), not bytes.
  EXPECT_EQ(format([] { clef_fmt_string(str("\xC3\xA9"), 0, 3); }),
            "  \xC3\xA9");
  EXPECT_EQ(format([] { clef_fmt_string(str("\xF0\x9F\x98\x80"), 0, 3); }),
            " \xF0\x9F\x98\x80");
  EXPECT_EQ(format([] { clef_fmt_bool(1, 0, -1); }), "true");
  EXPECT_EQ(format([] { clef_fmt_bool(0, 0, -1); }), "false");
  EXPECT_EQ(format([] { clef_fmt_bool(1, L, 6); }), "true  ");
  EXPECT_EQ(format([] { clef_fmt_bool(0, Z, 7); }), "  false");
  EXPECT_EQ(format([] { clef_fmt_char('x', 0, -1); }), "x");
  EXPECT_EQ(format([] { clef_fmt_char('x', 0, 3); }), "  x");
  EXPECT_EQ(format([] { clef_fmt_char('x', L, 3); }), "x  ");
  EXPECT_EQ(format([] { clef_fmt_char(0x20AC, 0, -1); }), "\xE2\x82\xAC");
  EXPECT_EQ(format([] { clef_fmt_char(0x1F600, 0, -1); }), "\xF0\x9F\x98\x80");
}

TEST(Format, PiecesAreConcatenated) {
  std::string s = format([] {
    clef_fmt_lit("x = ", 4);
    clef_fmt_int(3, 0, -1);
    clef_fmt_lit(", y = ", 6);
    clef_fmt_float(2.5, 'f', 0, -1, 1);
    clef_fmt_lit("%", 1);
  });
  EXPECT_EQ(s, "x = 3, y = 2.5%");
}

TEST(Format, ToStringAllocatesInTheRegion) {
  clef_region *r = clef_region_create();
  clef_fmt_begin();
  clef_fmt_lit("hello", 5);
  clef_string *s = clef_fmt_to_string(r);
  EXPECT_EQ(text(s), "hello");
  EXPECT_EQ(s->data[5], '\0');
  EXPECT_GT(clef_region_bytes(r), 0);
  // The builder is reset afterwards.
  EXPECT_EQ(text(clef_fmt_to_string(r)), "");
  clef_region_release(r);
}

TEST(Format, LongOutputGrowsTheBuilder) {
  std::string expected;
  std::string s = format([&] {
    for (int i = 0; i < 10000; ++i) {
      clef_fmt_int(i, 0, -1);
      expected += std::to_string(i);
    }
  });
  EXPECT_EQ(s, expected);
}

TEST(Format, PrintWritesToStdout) {
  testing::internal::CaptureStdout();
  clef_fmt_begin();
  clef_fmt_lit("one", 3);
  clef_fmt_print(1);
  clef_fmt_begin();
  clef_fmt_int(2, 0, -1);
  clef_fmt_print(0);
  clef_rt_out_flush();
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "one\n2");
}

TEST(Format, EprintWritesToStderr) {
  testing::internal::CaptureStderr();
  clef_fmt_begin();
  clef_fmt_lit("oops", 4);
  clef_fmt_eprint(1);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "oops\n");
}

} // namespace

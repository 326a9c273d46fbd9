//===- StringTest.cpp - String and conversion tests -----------------------===//

#include "TestUtil.h"

#include <gtest/gtest.h>

#include <climits>
#include <cmath>
#include <limits>

using namespace clef_test;

namespace {

const double kInf = std::numeric_limits<double>::infinity();
const double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string ofFloat(double v) {
  return text(clef_string_of_float(clef_region_global(), v));
}

TEST(String, AllocIsNulTerminated) {
  clef_region *r = clef_region_create();
  clef_string *s = clef_string_alloc(r, 3);
  EXPECT_EQ(s->len, 3);
  EXPECT_EQ(s->data[3], '\0');
  EXPECT_EQ(reinterpret_cast<uintptr_t>(s) % alignof(int64_t), 0u);
  clef_region_release(r);
}

TEST(String, Concat) {
  clef_region *r = clef_region_create();
  clef_string *s = clef_string_concat(r, str("foo"), str("bar"));
  EXPECT_EQ(text(s), "foobar");
  EXPECT_EQ(s->data[6], '\0');
  EXPECT_EQ(text(clef_string_concat(r, str(""), str(""))), "");
  clef_region_release(r);
}

TEST(String, OfInt) {
  clef_region *g = clef_region_global();
  EXPECT_EQ(text(clef_string_of_int(g, 0)), "0");
  EXPECT_EQ(text(clef_string_of_int(g, -17)), "-17");
  EXPECT_EQ(text(clef_string_of_int(g, INT32_MIN)), "-2147483648");
  EXPECT_EQ(text(clef_string_of_int64(g, INT64_MIN)), "-9223372036854775808");
}

TEST(String, OfFloat) {
  EXPECT_EQ(ofFloat(3.5), "3.5");
  EXPECT_EQ(ofFloat(1.0), "1");
  EXPECT_EQ(ofFloat(100.0), "100");
  EXPECT_EQ(ofFloat(0.1), "0.1");
  EXPECT_EQ(ofFloat(-2.25), "-2.25");
  EXPECT_EQ(ofFloat(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(ofFloat(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(ofFloat(123456.789), "123456.789");
  EXPECT_EQ(ofFloat(1e20), "1E+20");
  EXPECT_EQ(ofFloat(1e17), "1E+17");
  EXPECT_EQ(ofFloat(1e16), "10000000000000000");
  EXPECT_EQ(ofFloat(9007199254740992.0), "9007199254740992");
  EXPECT_EQ(ofFloat(0.0001), "0.0001");
  EXPECT_EQ(ofFloat(0.00001), "1E-05");
  EXPECT_EQ(ofFloat(1.5e-7), "1.5E-07");
  EXPECT_EQ(ofFloat(5e-324), "5E-324");
  EXPECT_EQ(ofFloat(1.7976931348623157e308), "1.7976931348623157E+308");
  EXPECT_EQ(ofFloat(0.0), "0");
  EXPECT_EQ(ofFloat(-0.0), "-0");
  EXPECT_EQ(ofFloat(kNaN), "NaN");
  EXPECT_EQ(ofFloat(kInf), "Infinity");
  EXPECT_EQ(ofFloat(-kInf), "-Infinity");
}

TEST(String, OfCharAndBool) {
  clef_region *g = clef_region_global();
  EXPECT_EQ(text(clef_string_of_char(g, 'a')), "a");
  EXPECT_EQ(text(clef_string_of_char(g, 0xE9)), "\xC3\xA9");
  EXPECT_EQ(text(clef_string_of_char(g, 0x20AC)), "\xE2\x82\xAC");
  EXPECT_EQ(text(clef_string_of_char(g, 0x1F600)), "\xF0\x9F\x98\x80");
  EXPECT_EQ(text(clef_string_of_char(g, 0xD800)), "\xEF\xBF\xBD");
  EXPECT_EQ(text(clef_string_of_bool(g, 1)), "True");
  EXPECT_EQ(text(clef_string_of_bool(g, 0)), "False");
}

TEST(String, Replicate) {
  clef_region *g = clef_region_global();
  EXPECT_EQ(text(clef_string_replicate(g, 3, str("ab"))), "ababab");
  EXPECT_EQ(text(clef_string_replicate(g, 0, str("ab"))), "");
  EXPECT_EQ(text(clef_string_replicate(g, 5, str(""))), "");
}

TEST(StringDeathTest, ReplicateNegative) {
  EXPECT_EXIT(clef_string_replicate(clef_region_global(), -1, str("a")),
              testing::ExitedWithCode(1),
              "Unhandled exception\\. System\\.ArgumentException: The input "
              "must be non-negative\\.");
}

TEST(String, Sub) {
  clef_region *g = clef_region_global();
  EXPECT_EQ(text(clef_string_sub(g, str("hello"), 1, 3)), "ell");
  EXPECT_EQ(text(clef_string_sub(g, str("hello"), 5, 0)), "");
  EXPECT_EQ(text(clef_string_sub(g, str("hello"), 0, 5)), "hello");
}

TEST(StringDeathTest, SubOutOfRange) {
  EXPECT_EXIT(clef_string_sub(clef_region_global(), str("hello"), 3, 3),
              testing::ExitedWithCode(1),
              "System\\.ArgumentOutOfRangeException: Index and length must "
              "refer to a location within the string");
  EXPECT_EXIT(clef_string_sub(clef_region_global(), str("hello"), -1, 1),
              testing::ExitedWithCode(1),
              "System\\.ArgumentOutOfRangeException: StartIndex cannot be "
              "less than zero");
}

TEST(String, CompareEqualHash) {
  EXPECT_LT(clef_string_compare(str("a"), str("b")), 0);
  EXPECT_GT(clef_string_compare(str("b"), str("a")), 0);
  EXPECT_EQ(clef_string_compare(str("abc"), str("abc")), 0);
  EXPECT_GT(clef_string_compare(str("abc"), str("ab")), 0);
  EXPECT_LT(clef_string_compare(str(""), str("a")), 0);
  EXPECT_EQ(clef_string_compare(str("a"), str("c")), -2); // CompareOrdinal
  EXPECT_GT(clef_string_compare(str("\xC3\xA9"), str("z")), 0); // unsigned
  EXPECT_TRUE(clef_string_equal(str("abc"), str("abc")));
  EXPECT_FALSE(clef_string_equal(str("abc"), str("abd")));
  EXPECT_FALSE(clef_string_equal(str("abc"), str("ab")));
  EXPECT_EQ(clef_string_hash(str("hello")), clef_string_hash(str("hello")));
  EXPECT_NE(clef_string_hash(str("hello")), clef_string_hash(str("hellp")));
  EXPECT_EQ(clef_string_hash(str("")), (int32_t)2166136261u);
}

TEST(Conversion, FloatToInt) {
  EXPECT_EQ(clef_float_to_int(3.9), 3);
  EXPECT_EQ(clef_float_to_int(-3.9), -3);
  EXPECT_EQ(clef_float_to_int(0.5), 0);
  EXPECT_EQ(clef_float_to_int(-0.0), 0);
  EXPECT_EQ(clef_float_to_int(2147483647.0), INT32_MAX);
  EXPECT_EQ(clef_float_to_int(2147483647.9), INT32_MAX);
  EXPECT_EQ(clef_float_to_int(-2147483648.0), INT32_MIN);
  EXPECT_EQ(clef_float_to_int(-2147483648.9), INT32_MIN);
  EXPECT_EQ(clef_float_to_int(2147483648.0), INT32_MIN);
  EXPECT_EQ(clef_float_to_int(1e10), INT32_MIN);
  EXPECT_EQ(clef_float_to_int(-1e10), INT32_MIN);
  EXPECT_EQ(clef_float_to_int(kNaN), INT32_MIN);
  EXPECT_EQ(clef_float_to_int(kInf), INT32_MIN);
  EXPECT_EQ(clef_float_to_int(-kInf), INT32_MIN);
}

TEST(Conversion, FloatParse) {
  EXPECT_EQ(clef_float_parse(str("3.25")), 3.25);
  EXPECT_EQ(clef_float_parse(str("  -1e3 ")), -1000.0);
  EXPECT_EQ(clef_float_parse(str("+.5")), 0.5);
  EXPECT_EQ(clef_float_parse(str("7.")), 7.0);
  EXPECT_EQ(clef_float_parse(str("0.1")), 0.1);
  EXPECT_TRUE(std::isnan(clef_float_parse(str("NaN"))));
  EXPECT_EQ(clef_float_parse(str("-Infinity")), -kInf);
  EXPECT_EQ(clef_float_parse(str("infinity")), kInf);
}

TEST(ConversionDeathTest, FloatParseRejectsGarbage) {
  EXPECT_EXIT(clef_float_parse(str("abc")), testing::ExitedWithCode(1),
              "Unhandled exception\\. System\\.FormatException: The input "
              "string 'abc' was not in a correct format\\.");
  EXPECT_EXIT(clef_float_parse(str("1e")), testing::ExitedWithCode(1),
              "FormatException");
  EXPECT_EXIT(clef_float_parse(str("0x10")), testing::ExitedWithCode(1),
              "FormatException");
  EXPECT_EXIT(clef_float_parse(str("")), testing::ExitedWithCode(1),
              "FormatException");
}

TEST(Conversion, IntParse) {
  EXPECT_EQ(clef_int_parse(str("42")), 42);
  EXPECT_EQ(clef_int_parse(str(" -17 ")), -17);
  EXPECT_EQ(clef_int_parse(str("+8")), 8);
  EXPECT_EQ(clef_int_parse(str("2147483647")), INT32_MAX);
  EXPECT_EQ(clef_int_parse(str("-2147483648")), INT32_MIN);
  EXPECT_EQ(clef_int_parse(str("0x1F")), 31);
  EXPECT_EQ(clef_int_parse(str("0xFFFFFFFF")), -1);
  EXPECT_EQ(clef_int_parse(str("0o17")), 15);
  EXPECT_EQ(clef_int_parse(str("0b101")), 5);
  EXPECT_EQ(clef_int_parse(str("007")), 7);
}

TEST(ConversionDeathTest, IntParseErrors) {
  EXPECT_EXIT(clef_int_parse(str("12a")), testing::ExitedWithCode(1),
              "System\\.FormatException: The input string '12a' was not in "
              "a correct format\\.");
  EXPECT_EXIT(clef_int_parse(str(" 1 2 ")), testing::ExitedWithCode(1),
              "The input string '1 2' was not in a correct format\\.");
  EXPECT_EXIT(clef_int_parse(str("0xZ")), testing::ExitedWithCode(1),
              "The input string 'Z' was not in a correct format\\.");
  // Nothing after the sign or prefix: FSharp.Core's own message.
  EXPECT_EXIT(clef_int_parse(str("")), testing::ExitedWithCode(1),
              "System\\.FormatException: Input string was not in a correct "
              "format\\.");
  EXPECT_EXIT(clef_int_parse(str("-")), testing::ExitedWithCode(1),
              "System\\.FormatException: Input string was not in a correct "
              "format\\.");
  EXPECT_EXIT(clef_int_parse(str("0x")), testing::ExitedWithCode(1),
              "System\\.FormatException: Input string was not in a correct "
              "format\\.");
  EXPECT_EXIT(clef_int_parse(str("2147483648")), testing::ExitedWithCode(1),
              "System\\.OverflowException: Value was either too large or too "
              "small for an Int32\\.");
}

} // namespace

//===- FormatStringTest.cpp - printf format strings -----------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "dialects/Clef/FormatString.h"
#include "dialects/Clef/ClefDialect.h"
#include "dialects/Clef/ClefTypes.h"

#include "mlir/IR/MLIRContext.h"
#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::clef;

namespace {

TEST(FormatString, Pieces) {
  std::string error;
  auto pieces = parseFormatString("x=%-5d|%08.3f %% %s%c", error);
  ASSERT_TRUE(pieces.has_value()) << error;
  ASSERT_EQ(pieces->size(), 7u);
  EXPECT_TRUE((*pieces)[0].isLiteral);
  EXPECT_EQ((*pieces)[0].text, "x=");
  EXPECT_EQ((*pieces)[1].conversion, 'd');
  EXPECT_EQ((*pieces)[1].flags, FormatPiece::LeftAlign);
  EXPECT_EQ((*pieces)[1].width, 5);
  EXPECT_EQ((*pieces)[2].text, "|");
  EXPECT_EQ((*pieces)[3].conversion, 'f');
  EXPECT_EQ((*pieces)[3].flags, FormatPiece::ZeroPad);
  EXPECT_EQ((*pieces)[3].width, 8);
  EXPECT_EQ((*pieces)[3].precision, 3);
  EXPECT_EQ((*pieces)[4].text, " % ");
  EXPECT_EQ((*pieces)[5].conversion, 's');
  EXPECT_EQ((*pieces)[6].conversion, 'c');
}

TEST(FormatString, Errors) {
  std::string error;
  EXPECT_FALSE(parseFormatString("%q", error).has_value());
  EXPECT_EQ(error, "unsupported format specifier '%q'");
  error.clear();
  EXPECT_FALSE(parseFormatString("abc %", error).has_value());
  EXPECT_EQ(error, "incomplete format specifier '%'");
  error.clear();
  EXPECT_FALSE(parseFormatString("%*d", error).has_value());
  error.clear();
  EXPECT_FALSE(parseFormatString("%.f", error).has_value());
  error.clear();
  EXPECT_FALSE(parseFormatString("%99999d", error).has_value());
}

TEST(FormatString, ArgumentTypes) {
  MLIRContext context;
  context.loadDialect<ClefDialect>();
  Type i32 = IntegerType::get(&context, 32), f64 = Float64Type::get(&context);
  Type str = StringType::get(&context);
  Units metres;
  metres.setExponent("m", 1);
  Type measured = MeasureType::get(&context, metres);
  EXPECT_TRUE(formatAcceptsType('d', i32));
  EXPECT_FALSE(formatAcceptsType('d', f64));
  EXPECT_TRUE(formatAcceptsType('f', measured));
  EXPECT_TRUE(formatAcceptsType('s', str));
  EXPECT_FALSE(formatAcceptsType('s', i32));
  EXPECT_TRUE(formatAcceptsType('A', str));
  EXPECT_TRUE(formatAcceptsType('b', IntegerType::get(&context, 1)));
  EXPECT_TRUE(formatAcceptsType('c', CharType::get(&context)));
}

} // namespace

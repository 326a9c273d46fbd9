//===- UnitsTest.cpp - Units of measure algebra ---------------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//

#include "dialects/Clef/Units.h"
#include "dialects/Clef/ClefDialect.h"
#include "dialects/Clef/ClefTypes.h"

#include "mlir/IR/MLIRContext.h"
#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::clef;

namespace {

Units parse(llvm::StringRef text) {
  std::string error;
  std::optional<Units> units = Units::parse(text, error);
  EXPECT_TRUE(units.has_value()) << text.str() << ": " << error;
  return units.value_or(Units());
}

std::string parseError(llvm::StringRef text) {
  std::string error;
  EXPECT_FALSE(Units::parse(text, error).has_value()) << text.str();
  return error;
}

TEST(Units, CanonicalSpelling) {
  EXPECT_EQ(parse("m").str(), "m");
  EXPECT_EQ(parse("kg m/s^2").str(), "kg m/s^2");
  EXPECT_EQ(parse("m kg / s s").str(), "kg m/s^2");
  EXPECT_EQ(parse("kg*m*s^-2").str(), "kg m/s^2");
  EXPECT_EQ(parse("1/s").str(), "1/s");
  EXPECT_EQ(parse("m^-1").str(), "1/m");
  EXPECT_EQ(parse("m/m").str(), "1");
  EXPECT_EQ(parse("(m/s)^2").str(), "m^2/s^2");
  EXPECT_EQ(parse("'u^2").str(), "'u^2");
}

TEST(Units, Algebra) {
  Units m = parse("m"), s = parse("s");
  EXPECT_EQ((m / s).str(), "m/s");
  EXPECT_EQ((m * m).str(), "m^2");
  EXPECT_EQ((m / m).str(), "1");
  EXPECT_TRUE((m / m).isDimensionless());
  EXPECT_EQ(parse("m^2/s^4").sqrt()->str(), "m/s^2");
  EXPECT_FALSE(parse("m^3").sqrt().has_value());
  EXPECT_EQ(parse("m/s").pow(-2).str(), "s^2/m^2");
}

TEST(Units, Errors) {
  EXPECT_EQ(parseError("m^"), "expected an integer exponent after '^'");
  EXPECT_EQ(parseError("(m"), "expected ')'");
  EXPECT_EQ(parseError("m $"), "unexpected '$'");
  EXPECT_EQ(parseError(""), "expected a unit");
}

TEST(Units, FloatTypes) {
  MLIRContext context;
  context.loadDialect<ClefDialect>();
  Type f64 = Float64Type::get(&context);
  EXPECT_EQ(getFloatType(&context, Units()), f64);
  Type speed = getFloatType(&context, parse("m/s"));
  ASSERT_TRUE(isa<MeasureType>(speed));
  EXPECT_EQ(getUnits(speed)->str(), "m/s");
  EXPECT_TRUE(getUnits(f64)->isDimensionless());
  EXPECT_FALSE(getUnits(IntegerType::get(&context, 32)).has_value());
  // Types are uniqued by their canonical units.
  EXPECT_EQ(speed, getFloatType(&context, parse("m s^-1")));
}

} // namespace

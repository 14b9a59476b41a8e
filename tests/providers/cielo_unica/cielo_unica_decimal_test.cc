#include "providers/cielo_unica/cielo_unica_decimal.h"

#include <limits>

#include "gtest/gtest.h"

namespace cancela::providers::cielo_unica {
namespace {

TEST(ReaisFromMinorUnits, WritesTwoDecimalsExactly) {
  EXPECT_EQ(ReaisFromMinorUnits(0), "0.00");
  EXPECT_EQ(ReaisFromMinorUnits(1), "0.01");
  EXPECT_EQ(ReaisFromMinorUnits(10), "0.10");
  EXPECT_EQ(ReaisFromMinorUnits(99), "0.99");
  EXPECT_EQ(ReaisFromMinorUnits(100), "1.00");
  EXPECT_EQ(ReaisFromMinorUnits(7000000), "70000.00");
  // 0.1 + 0.2 style values that floating point gets wrong.
  EXPECT_EQ(ReaisFromMinorUnits(30), "0.30");
  EXPECT_EQ(ReaisFromMinorUnits(1999999999999999), "19999999999999.99");
  EXPECT_EQ(ReaisFromMinorUnits(std::numeric_limits<int64_t>::max()), "92233720368547758.07");
  EXPECT_FALSE(ReaisFromMinorUnits(-1).has_value());
}

TEST(MinorUnitsFromReais, ReadsTheDigits) {
  EXPECT_EQ(MinorUnitsFromReais("0.01"), 1);
  EXPECT_EQ(MinorUnitsFromReais("70000.0"), 7000000);
  EXPECT_EQ(MinorUnitsFromReais("12"), 1200);
  EXPECT_EQ(MinorUnitsFromReais("1.500"), 150);
  EXPECT_EQ(MinorUnitsFromReais("0"), 0);
  EXPECT_EQ(MinorUnitsFromReais("92233720368547758.07"), std::numeric_limits<int64_t>::max());
}

TEST(MinorUnitsFromReais, RefusesWhatIsNotAnExactAmount) {
  for (const char* bad : {"", ".5", "1.", "-1.00", "+1", "1e2", "0.001", "1,50", "abc",
                          "92233720368547758.08", "1.2.3", " 1"}) {
    EXPECT_FALSE(MinorUnitsFromReais(bad).has_value()) << bad;
  }
}

TEST(MinorUnitsFromReais, RoundTripsEveryCentavoUpToTenThousandReais) {
  for (int64_t c = 0; c <= 1000000; c += 7) {
    EXPECT_EQ(MinorUnitsFromReais(*ReaisFromMinorUnits(c)), c);
  }
}

TEST(ParseKeepingDecimals, KeepsTheNumbersTextSoAmountsStayExact) {
  auto parsed = ParseKeepingDecimals(
      R"({"a": {"value": 0.29}, "b": [1, 2.675, {"c": 70000.0}], "n": 515027, "s": "x", "t": true, "z": null})");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(GetReais((*parsed)["a"], "value"), 29);
  EXPECT_EQ((*parsed)["b"][1], "2.675");
  EXPECT_EQ(GetReais((*parsed)["b"][2], "c"), 7000000);
  EXPECT_EQ((*parsed)["n"], 515027);
  EXPECT_EQ(GetReais(*parsed, "n"), 51502700);
  EXPECT_EQ((*parsed)["s"], "x");
  EXPECT_EQ((*parsed)["t"], true);
  EXPECT_TRUE((*parsed)["z"].is_null());
  EXPECT_FALSE(GetReais((*parsed)["b"][2], "missing").has_value());
}

TEST(ParseKeepingDecimals, RefusesMalformedJson) {
  EXPECT_FALSE(ParseKeepingDecimals("{\"a\": ").has_value());
  EXPECT_FALSE(ParseKeepingDecimals("not json").has_value());
  EXPECT_FALSE(ParseKeepingDecimals("{} trailing").has_value());
}

}  // namespace
}  // namespace cancela::providers::cielo_unica

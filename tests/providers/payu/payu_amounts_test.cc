// Exact conversions between minor units and PayU's decimal major units.

#include "providers/payu/payu_amounts.h"

#include "gtest/gtest.h"
#include "service/core/currency.h"

namespace cancela::providers::payu {
namespace {

TEST(PayuAmountsTest, FormatsMinorUnitsAsDecimalMajorUnits) {
  EXPECT_EQ(FormatMajorUnits(95000, 2), "950");
  EXPECT_EQ(FormatMajorUnits(3999, 2), "39.99");
  EXPECT_EQ(FormatMajorUnits(95050, 2), "950.5");
  EXPECT_EQ(FormatMajorUnits(5, 2), "0.05");
  EXPECT_EQ(FormatMajorUnits(0, 2), "0");
  EXPECT_EQ(FormatMajorUnits(1500, 0), "1500");
  EXPECT_EQ(FormatMajorUnits(922337203685477580, 2), "9223372036854775.8");
}

TEST(PayuAmountsTest, ParsesDecimalTextExactly) {
  EXPECT_EQ(ParseMajorUnits("950", 2), 95000);
  EXPECT_EQ(ParseMajorUnits("39.99", 2), 3999);
  EXPECT_EQ(ParseMajorUnits("0.1", 2), 10);
  EXPECT_EQ(ParseMajorUnits("10.50", 2), 1050);
  EXPECT_EQ(ParseMajorUnits("1500.000", 0), 1500);
  EXPECT_EQ(ParseMajorUnits("1.005", 2), std::nullopt);  // would need rounding
  EXPECT_EQ(ParseMajorUnits("-1", 2), std::nullopt);
  EXPECT_EQ(ParseMajorUnits("1e3", 2), std::nullopt);
  EXPECT_EQ(ParseMajorUnits("", 2), std::nullopt);
  EXPECT_EQ(ParseMajorUnits(".5", 2), std::nullopt);
  EXPECT_EQ(ParseMajorUnits("5.", 2), std::nullopt);
  EXPECT_EQ(ParseMajorUnits("99999999999999999999", 2), std::nullopt);  // overflow
}

TEST(PayuAmountsTest, RoundTripsEveryCentOfARange) {
  for (int64_t minor = 0; minor < 20000; ++minor) {
    ASSERT_EQ(ParseMajorUnits(FormatMajorUnits(minor, 2), 2), minor);
  }
}

TEST(PayuAmountsTest, ReadsJsonNumbersByTheirTextNeverRoundingThem) {
  EXPECT_EQ(AmountOf(nlohmann::json::parse("39.99"), 2), 3999);
  EXPECT_EQ(AmountOf(nlohmann::json::parse("0.29"), 2), 29);  // 0.29 * 100 is 28.999... in binary
  EXPECT_EQ(AmountOf(nlohmann::json::parse("65000"), 2), 6500000);
  EXPECT_EQ(AmountOf(nlohmann::json::parse("950.0"), 2), 95000);
  EXPECT_EQ(AmountOf(nlohmann::json("1400.55"), 2), 140055);
  EXPECT_EQ(AmountOf(nlohmann::json::parse("1.005"), 2), std::nullopt);
  EXPECT_EQ(AmountOf(nlohmann::json::parse("1e21"), 2), std::nullopt);
  EXPECT_EQ(AmountOf(nlohmann::json::parse("1234567890123456.7"), 2), std::nullopt);
  EXPECT_EQ(AmountOf(nlohmann::json(nullptr), 2), std::nullopt);
}

TEST(PayuAmountsTest, PayusCurrenciesHaveTheExponentsOfCancelasApi) {
  for (const char* currency : {"ARS", "BRL", "CLP", "COP", "MXN", "PEN", "USD"}) {
    ASSERT_TRUE(CurrencyExponent(currency).has_value()) << currency;
    EXPECT_EQ(CurrencyExponent(currency), core::MinorUnitExponent(currency)) << currency;
  }
  EXPECT_EQ(CurrencyExponent("EUR"), std::nullopt);
  EXPECT_EQ(CurrencyExponent("PAB"), std::nullopt);  // Panama settles in USD at PayU
}

}  // namespace
}  // namespace cancela::providers::payu

// Settings: defaults are the documented values, every [I]/[U] item can be changed, and errors
// name the field, never a credential.

#include "providers/cielo_checkout/cielo_checkout_settings.h"

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace cancela::providers::cielo_checkout {
namespace {

nlohmann::json Minimal() {
  return {{"base_url", "https://cieloecommerce.cielo.com.br/"},
          {"client_id", {{"value", "b521b6b2-b9b4-4a30-881d-3b63dece0006"}}},
          {"client_secret", {{"value", "TOPSECRET-value-0123"}}}};
}

TEST(CieloCheckoutSettingsTest, DefaultsAreTheDocumentedValues) {
  auto s = ParseSettings(Minimal());
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->base_url, "https://cieloecommerce.cielo.com.br");
  EXPECT_EQ(s->token_url, "https://cieloecommerce.cielo.com.br/api/public/v2/token");
  EXPECT_EQ(s->min_cancel_interval, absl::Seconds(5));
  EXPECT_EQ(s->query_window_days, 45);
  EXPECT_EQ(s->cancellable_methods, std::set<PaymentMethod>{PaymentMethod::kCreditCard});
  EXPECT_EQ(s->void_amount_unit, AmountUnit::kCents);
  EXPECT_EQ(s->default_token_lifetime, absl::Seconds(1200));
  EXPECT_TRUE(s->return_code_reasons.empty());
}

TEST(CieloCheckoutSettingsTest, EveryUncertainItemIsASetting) {
  nlohmann::json j = Minimal();
  j["token_url"] = "https://auth.example/token";
  j["min_cancel_interval_ms"] = 0;
  j["query_window_days"] = 60;
  j["cancellable_payment_types"] = {"creditCard", "debitCard", "Pix"};
  j["void_amount_unit"] = "reais";
  j["default_token_lifetime_s"] = 600;
  j["token_refresh_margin_s"] = 5;
  j["return_code_reasons"] = {{"51", "AMOUNT_EXCEEDS_REMAINING"}, {"57", "NOT_ELIGIBLE"}};
  auto s = ParseSettings(j);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->token_url, "https://auth.example/token");
  EXPECT_EQ(s->min_cancel_interval, absl::ZeroDuration());
  EXPECT_EQ(s->query_window_days, 60);
  EXPECT_EQ(s->cancellable_methods.size(), 3u);
  EXPECT_EQ(s->void_amount_unit, AmountUnit::kReais);
  EXPECT_EQ(s->token_refresh_margin, absl::Seconds(5));
  EXPECT_EQ(s->return_code_reasons.at("51"), v1::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING);
}

TEST(CieloCheckoutSettingsTest, ErrorsNameTheFieldAndNeverTheSecret) {
  auto with = [](const char* key, nlohmann::json value) {
    nlohmann::json j = Minimal();
    j[key] = std::move(value);
    return ParseSettings(j).status();
  };
  const std::pair<const char*, nlohmann::json> bad[] = {
      {"base_url", "ftp://x"},
      {"unknown_key", 1},
      {"query_window_days", 0},
      {"min_cancel_interval_ms", -1},
      {"cancellable_payment_types", nlohmann::json::array()},
      {"cancellable_payment_types", {"boleto"}},
      {"void_amount_unit", "dollars"},
      {"return_code_reasons", {{"51", "NOT_A_REASON"}}},
      {"client_id", {{"value", "has:colon"}}},
      {"client_secret", {{"value", ""}}},
  };
  for (const auto& [key, value] : bad) {
    const absl::Status s = with(key, value);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << key;
    EXPECT_TRUE(absl::StrContains(s.message(), key)) << s.message();
    EXPECT_FALSE(absl::StrContains(s.message(), "TOPSECRET")) << s.message();
  }
  nlohmann::json missing = Minimal();
  missing.erase("client_secret");
  EXPECT_TRUE(absl::StrContains(ParseSettings(missing).status().message(), "client_secret"));
}

}  // namespace
}  // namespace cancela::providers::cielo_checkout

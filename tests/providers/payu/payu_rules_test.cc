// Every row of PayU's per-country table, just inside and just outside its boundary.

#include "providers/payu/payu_rules.h"

#include <functional>

#include "common/errors.h"
#include "gtest/gtest.h"
#include "tests/providers/payu/payu_test_support.h"

namespace cancela::providers::payu {
namespace {

using testing::Approval;
using testing::AuthorizedSale;
using testing::CapturedSale;
using testing::Command;
using testing::DefaultSettings;

absl::Duration Days(int n) { return absl::Hours(24 * n); }
constexpr absl::Duration kTick = absl::Seconds(1);

// A time boundary: at `inside` after the approval the request passes; at `outside` it is refused
// with `reason` (and TOO_EARLY says exactly how long to wait).
struct TimeCase {
  std::string name;
  std::string country;
  OperationKind kind;
  std::function<void(SaleSnapshot&)> adjust;  // brand, network, card type
  std::optional<int64_t> amount;              // nullopt: total
  absl::Duration inside;
  absl::Duration outside;
  std::string reason;
};

void PrintTo(const TimeCase& c, std::ostream* os) { *os << c.name; }

class PayuTimeBoundaryTest : public ::testing::TestWithParam<TimeCase> {};

TEST_P(PayuTimeBoundaryTest, PassesJustInsideAndIsRefusedJustOutside) {
  const TimeCase& c = GetParam();
  const Settings settings = DefaultSettings();
  SaleSnapshot sale = c.kind == OperationKind::kVoid ? AuthorizedSale(c.country) : CapturedSale(c.country);
  if (c.adjust) c.adjust(sale);
  const CancelCommand command = Command(c.kind, sale, c.amount);

  EXPECT_TRUE(CheckRules(settings, command, sale, Approval() + c.inside).ok())
      << CheckRules(settings, command, sale, Approval() + c.inside);
  const absl::Status outside = CheckRules(settings, command, sale, Approval() + c.outside);
  EXPECT_EQ(ErrorReasonOf(outside), c.reason) << outside;
  EXPECT_EQ(outside.code(), absl::StatusCode::kFailedPrecondition);
  if (c.reason == "TOO_EARLY") {
    EXPECT_EQ(GetErrorDetails(outside).retry_after, c.inside - c.outside);
  }
}

auto Brand(std::string brand) {
  return [brand](SaleSnapshot& s) { s.brand = brand; };
}
auto Network(std::string network) {
  return [network](SaleSnapshot& s) { s.network = network; };
}

std::vector<TimeCase> TimeCases() {
  const auto kVoid = OperationKind::kVoid;
  const auto kRefund = OperationKind::kRefund;
  const absl::Duration ten_minutes = absl::Minutes(10);
  std::vector<TimeCase> cases = {
      {"AR_void_14_days", "AR", kVoid, nullptr, std::nullopt, Days(14), Days(14) + kTick, "WINDOW_EXPIRED"},
      {"BR_void_7_days", "BR", kVoid, nullptr, std::nullopt, Days(7), Days(7) + kTick, "WINDOW_EXPIRED"},
      {"CL_void_3_hours", "CL", kVoid, nullptr, std::nullopt, absl::Hours(3), absl::Hours(3) + kTick,
       "WINDOW_EXPIRED"},
      {"MX_void_30_days", "MX", kVoid, nullptr, std::nullopt, Days(30), Days(30) + kTick, "WINDOW_EXPIRED"},
      {"MX_void_amex_7_days", "MX", kVoid, Brand("AMEX"), std::nullopt, Days(7), Days(7) + kTick,
       "WINDOW_EXPIRED"},
      {"MX_void_not_before_10_minutes", "MX", kVoid, nullptr, std::nullopt, ten_minutes,
       ten_minutes - kTick, "TOO_EARLY"},
      {"PE_void_visa_21_days", "PE", kVoid, Brand("VISA"), std::nullopt, Days(21), Days(21) + kTick,
       "WINDOW_EXPIRED"},
      {"PE_void_mastercard_28_days", "PE", kVoid, Brand("MASTERCARD"), std::nullopt, Days(28),
       Days(28) + kTick, "WINDOW_EXPIRED"},
      {"PE_void_amex_30_days", "PE", kVoid, Brand("AMEX"), std::nullopt, Days(30), Days(30) + kTick,
       "WINDOW_EXPIRED"},
      {"PE_void_diners_11_days", "PE", kVoid, Brand("DINERS"), std::nullopt, Days(11), Days(11) + kTick,
       "WINDOW_EXPIRED"},
      {"PE_void_other_brand_shortest_11_days", "PE", kVoid, Brand("ELO"), std::nullopt, Days(11),
       Days(11) + kTick, "WINDOW_EXPIRED"},
      {"AR_refund_365_days", "AR", kRefund, nullptr, std::nullopt, Days(365), Days(365) + kTick,
       "WINDOW_EXPIRED"},
      {"AR_partial_refund_180_days", "AR", kRefund, nullptr, 10000, Days(180), Days(180) + kTick,
       "WINDOW_EXPIRED"},
      {"BR_refund_cielo_120_days", "BR", kRefund, Network("CIELO"), std::nullopt, Days(120),
       Days(120) + kTick, "WINDOW_EXPIRED"},
      {"BR_refund_redecard_90_days", "BR", kRefund, Network("REDECARD"), std::nullopt, Days(90),
       Days(90) + kTick, "WINDOW_EXPIRED"},
      {"BR_refund_pix_90_days", "BR", kRefund,
       [](SaleSnapshot& s) {
         s.method = PaymentMethod::kPix;
         s.brand = "PIX";
         s.network = "PIX";
       },
       std::nullopt, Days(90), Days(90) + kTick, "WINDOW_EXPIRED"},
      {"CL_refund_90_days", "CL", kRefund, nullptr, std::nullopt, Days(90), Days(90) + kTick,
       "WINDOW_EXPIRED"},
      {"CL_refund_prepaid_first_hour", "CL", kRefund, [](SaleSnapshot& s) { s.prepaid_card = true; },
       std::nullopt, absl::Hours(1), absl::Hours(1) + kTick, "WINDOW_EXPIRED"},
      {"CO_refund_2_years", "CO", kRefund, nullptr, std::nullopt, Days(730), Days(730) + kTick,
       "WINDOW_EXPIRED"},
      {"MX_refund_180_days", "MX", kRefund, nullptr, std::nullopt, Days(180), Days(180) + kTick,
       "WINDOW_EXPIRED"},
      {"MX_refund_bancomer_45_days", "MX", kRefund, Network("BANCOMER"), std::nullopt, Days(45),
       Days(45) + kTick, "WINDOW_EXPIRED"},
      {"PA_refund_180_days", "PA", kRefund, nullptr, std::nullopt, Days(180), Days(180) + kTick,
       "WINDOW_EXPIRED"},
      {"PE_refund_180_days", "PE", kRefund, nullptr, std::nullopt, Days(180), Days(180) + kTick,
       "WINDOW_EXPIRED"},
      {"PE_partial_visanet_after_1_day", "PE", kRefund, Network("VISANET"), 10000, Days(1),
       Days(1) - kTick, "TOO_EARLY"},
  };
  for (const char* country : {"AR", "BR", "CL", "CO", "MX", "PA", "PE"}) {
    cases.push_back({absl::StrCat(country, "_refund_not_before_10_minutes"), country, kRefund, nullptr,
                     std::nullopt, ten_minutes, ten_minutes - kTick, "TOO_EARLY"});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(EveryCountry, PayuTimeBoundaryTest, ::testing::ValuesIn(TimeCases()),
                         [](const ::testing::TestParamInfo<TimeCase>& p) { return p.param.name; });

// An amount boundary: `inside` passes, `outside` is INVALID_ARGUMENT/AMOUNT_INVALID.
struct AmountCase {
  std::string name;
  std::string country;
  std::string currency;
  int64_t inside;
  int64_t outside;
};

void PrintTo(const AmountCase& c, std::ostream* os) { *os << c.name; }

class PayuAmountBoundaryTest : public ::testing::TestWithParam<AmountCase> {};

TEST_P(PayuAmountBoundaryTest, PassesJustInsideAndIsRefusedJustOutside) {
  const AmountCase& c = GetParam();
  SaleSnapshot sale = CapturedSale(c.country);
  sale.currency = c.currency;
  const absl::Time now = Approval() + Days(2);
  EXPECT_TRUE(CheckRules(DefaultSettings(), Command(OperationKind::kRefund, sale, c.inside), sale, now).ok());
  const absl::Status outside =
      CheckRules(DefaultSettings(), Command(OperationKind::kRefund, sale, c.outside), sale, now);
  EXPECT_EQ(outside.code(), absl::StatusCode::kInvalidArgument) << outside;
  EXPECT_EQ(ErrorReasonOf(outside), "AMOUNT_INVALID");
}

INSTANTIATE_TEST_SUITE_P(
    EveryCountry, PayuAmountBoundaryTest,
    ::testing::Values(AmountCase{"AR_whole_pesos_only", "AR", "ARS", 9500, 9550},
                      AmountCase{"MX_whole_pesos_only", "MX", "MXN", 100, 199},
                      AmountCase{"CL_at_least_10_CLP", "CL", "CLP", 10, 9},
                      AmountCase{"CO_at_least_100_COP", "CO", "COP", 10000, 9999},
                      AmountCase{"PE_at_least_1_PEN", "PE", "PEN", 100, 99},
                      AmountCase{"PE_at_least_1_USD", "PE", "USD", 100, 99}),
    [](const ::testing::TestParamInfo<AmountCase>& p) { return p.param.name; });

// Countries without those rules take cents and small amounts.
TEST(PayuRulesTest, CountriesWithoutAmountRulesTakeAnyCent) {
  for (const char* country : {"BR", "CO", "PA", "PE"}) {
    SaleSnapshot sale = CapturedSale(country);
    const int64_t amount = std::string(country) == "CO" ? 10001 : 101;
    EXPECT_TRUE(CheckRules(DefaultSettings(), Command(OperationKind::kRefund, sale, amount), sale,
                           Approval() + Days(2))
                    .ok())
        << country;
  }
  SaleSnapshot br = CapturedSale("BR");
  EXPECT_TRUE(CheckRules(DefaultSettings(), Command(OperationKind::kRefund, br, 1), br,
                         Approval() + Days(2)).ok());
}

TEST(PayuRulesTest, NoVoidsInColombiaAndPanama) {
  for (const char* country : {"CO", "PA"}) {
    SaleSnapshot sale = AuthorizedSale(country);
    const absl::Status s =
        CheckRules(DefaultSettings(), Command(OperationKind::kVoid, sale), sale, Approval() + absl::Minutes(20));
    EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented) << country;
    EXPECT_EQ(ErrorReasonOf(s), "OPERATION_NOT_SUPPORTED") << country;
    EXPECT_EQ(GetErrorDetails(s).metadata["country"], country);
  }
  for (const char* country : {"AR", "BR", "CL", "MX", "PE"}) {
    SaleSnapshot sale = AuthorizedSale(country);
    EXPECT_TRUE(CheckRules(DefaultSettings(), Command(OperationKind::kVoid, sale), sale,
                           Approval() + absl::Minutes(20)).ok())
        << country;
  }
}

TEST(PayuRulesTest, ColombiaHasNoPartialRefundsForInternationalCards) {
  SaleSnapshot sale = CapturedSale("CO");
  const absl::Time now = Approval() + Days(2);
  EXPECT_TRUE(CheckRules(DefaultSettings(), Command(OperationKind::kRefund, sale, 20000), sale, now).ok());
  sale.international_card = true;
  const absl::Status partial =
      CheckRules(DefaultSettings(), Command(OperationKind::kRefund, sale, 20000), sale, now);
  EXPECT_EQ(ErrorReasonOf(partial), "PARTIAL_NOT_ALLOWED") << partial;
  EXPECT_TRUE(CheckRules(DefaultSettings(), Command(OperationKind::kRefund, sale), sale, now).ok());
  // Elsewhere an international card may be refunded in part.
  SaleSnapshot ar = CapturedSale("AR");
  ar.international_card = true;
  EXPECT_TRUE(CheckRules(DefaultSettings(), Command(OperationKind::kRefund, ar, 10000), ar, now).ok());
}

TEST(PayuRulesTest, PeruHasNoPartialRefundsForInstalmentSalesButOneInstalmentIsNone) {
  SaleSnapshot sale = CapturedSale("PE");
  const absl::Time now = Approval() + Days(2);
  sale.installments = 1;
  EXPECT_TRUE(CheckRules(DefaultSettings(), Command(OperationKind::kRefund, sale, 20000), sale, now).ok());
  sale.installments = 2;
  const absl::Status partial =
      CheckRules(DefaultSettings(), Command(OperationKind::kRefund, sale, 20000), sale, now);
  EXPECT_EQ(ErrorReasonOf(partial), "PARTIAL_NOT_ALLOWED") << partial;
  EXPECT_TRUE(CheckRules(DefaultSettings(), Command(OperationKind::kRefund, sale), sale, now).ok());
  SaleSnapshot mx = CapturedSale("MX");
  mx.installments = 6;
  EXPECT_TRUE(CheckRules(DefaultSettings(), Command(OperationKind::kRefund, mx, 10000), mx, now).ok());
}

TEST(PayuRulesTest, ChileHasNoRefundsForWebPayPlus) {
  SaleSnapshot sale = CapturedSale("CL");
  sale.network = "WEBPAY_PLUS";
  const absl::Status s =
      CheckRules(DefaultSettings(), Command(OperationKind::kRefund, sale), sale, Approval() + Days(2));
  EXPECT_EQ(ErrorReasonOf(s), "SALE_NOT_ELIGIBLE") << s;
}

TEST(PayuRulesTest, BrazilPixTakesOneRefundOnly) {
  SaleSnapshot sale = CapturedSale("BR");
  sale.method = PaymentMethod::kPix;
  sale.brand = "PIX";
  const absl::Time now = Approval() + Days(2);
  EXPECT_TRUE(CheckRules(DefaultSettings(), Command(OperationKind::kRefund, sale, 100), sale, now).ok());
  EXPECT_EQ(LimitsFor(DefaultSettings(), sale).max_partial_cancels, 1);
  sale.cancelled_minor_units = 100;
  EXPECT_EQ(ErrorReasonOf(CheckRules(DefaultSettings(), Command(OperationKind::kRefund, sale), sale, now)),
            "PARTIAL_LIMIT_REACHED");
  // Pix elsewhere, or with the setting off, is refused.
  auto json = testing::SettingsJson();
  json["allow_pix_refunds"] = false;
  sale.cancelled_minor_units = 0;
  EXPECT_EQ(ErrorReasonOf(CheckRules(*ParseSettings(json), Command(OperationKind::kRefund, sale), sale, now)),
            "SALE_NOT_ELIGIBLE");
}

TEST(PayuRulesTest, VoidsAreForAuthorisationsAndRefundsForCaptures) {
  const absl::Time now = Approval() + absl::Hours(1);
  SaleSnapshot captured = CapturedSale("AR");
  EXPECT_EQ(ErrorReasonOf(CheckRules(DefaultSettings(), Command(OperationKind::kVoid, captured), captured, now)),
            "SALE_NOT_VOIDABLE");
  SaleSnapshot authorized = AuthorizedSale("AR");
  EXPECT_EQ(ErrorReasonOf(CheckRules(DefaultSettings(), Command(OperationKind::kRefund, authorized),
                                     authorized, now)),
            "SALE_NOT_CAPTURED");
  EXPECT_EQ(ErrorReasonOf(CheckRules(DefaultSettings(), Command(OperationKind::kVoid, authorized, 100),
                                     authorized, now)),
            "PARTIAL_NOT_ALLOWED");
  captured.state = SaleState::kRefunded;
  EXPECT_EQ(ErrorReasonOf(CheckRules(DefaultSettings(), Command(OperationKind::kRefund, captured), captured, now)),
            "SALE_ALREADY_CANCELLED");
}

TEST(PayuRulesTest, AmountsAboveWhatRemainsAndOtherCurrenciesAreRefused) {
  SaleSnapshot sale = CapturedSale("CO");
  sale.cancelled_minor_units = 60000;
  const absl::Time now = Approval() + Days(2);
  EXPECT_TRUE(CheckRules(DefaultSettings(), Command(OperationKind::kRefund, sale, 40000), sale, now).ok());
  const absl::Status over = CheckRules(DefaultSettings(), Command(OperationKind::kRefund, sale, 40001), sale, now);
  EXPECT_EQ(ErrorReasonOf(over), "REFUND_EXCEEDS_BALANCE");
  EXPECT_EQ(GetErrorDetails(over).metadata["remainingMinorUnits"], "40000");
  CancelCommand usd = Command(OperationKind::kRefund, sale, 100);
  usd.currency = "USD";
  EXPECT_EQ(ErrorReasonOf(CheckRules(DefaultSettings(), usd, sale, now)), "CURRENCY_INVALID");
}

TEST(PayuRulesTest, CashSalesAreNotRefundedThroughTheApi) {
  SaleSnapshot sale = CapturedSale("CO");
  sale.method = PaymentMethod::kOther;
  sale.brand = "EFECTY";
  EXPECT_EQ(ErrorReasonOf(CheckRules(DefaultSettings(), Command(OperationKind::kRefund, sale), sale,
                                     Approval() + Days(2))),
            "SALE_NOT_ELIGIBLE");
}

TEST(PayuRulesTest, TheAccountCountryOrTheOrdersCountryDecides) {
  SaleSnapshot sale = CapturedSale("CO");
  const absl::Time now = Approval() + Days(2);
  auto json = testing::SettingsJson();
  json["country"] = "PE";
  EXPECT_EQ(ErrorReasonOf(CheckRules(*ParseSettings(json), Command(OperationKind::kRefund, sale), sale, now)),
            "SALE_NOT_ELIGIBLE");
  sale.country.clear();  // PayU did not say: the account's country applies
  json["country"] = "CO";
  EXPECT_TRUE(CheckRules(*ParseSettings(json), Command(OperationKind::kRefund, sale), sale, now).ok());
  EXPECT_EQ(ErrorReasonOf(CheckRules(DefaultSettings(), Command(OperationKind::kRefund, sale), sale, now)),
            "SALE_NOT_ELIGIBLE");
}

TEST(PayuRulesTest, AccountsOverrideWhatPayuLeavesOpen) {
  auto json = testing::SettingsJson();
  // Colombia's minimum is 100 COP in the API page and 300 COP in the SDK page [U].
  json["country_rules"] = {{"CO", {{"min_refund_minor_units", {{"COP", 30000}}}}},
                           {"PA", {{"void_supported", true}, {"void_window_hours", 24}}}};
  const Settings settings = *ParseSettings(json);
  SaleSnapshot co = CapturedSale("CO");
  const absl::Time now = Approval() + Days(2);
  EXPECT_EQ(ErrorReasonOf(CheckRules(settings, Command(OperationKind::kRefund, co, 29999), co, now)),
            "AMOUNT_INVALID");
  EXPECT_TRUE(CheckRules(settings, Command(OperationKind::kRefund, co, 30000), co, now).ok());
  SaleSnapshot pa = AuthorizedSale("PA");
  EXPECT_TRUE(CheckRules(settings, Command(OperationKind::kVoid, pa), pa, Approval() + absl::Hours(24)).ok());
  EXPECT_EQ(ErrorReasonOf(CheckRules(settings, Command(OperationKind::kVoid, pa), pa,
                                     Approval() + absl::Hours(24) + kTick)),
            "WINDOW_EXPIRED");
}

TEST(PayuRulesTest, TheTableHasTheSevenCountriesOfTheSeed) {
  std::vector<std::string> countries;
  for (const CountryRules& row : DefaultCountryRules()) countries.push_back(row.country);
  EXPECT_EQ(countries, (std::vector<std::string>{"AR", "BR", "CL", "CO", "MX", "PA", "PE"}));
}

}  // namespace
}  // namespace cancela::providers::payu

#pragma once
// PayU's void and refund rules per country, as data: one row per country in
// payu_country_rules.cc, each value traceable to the seed (seeds/payu-latam-voids-refunds.md,
// "Considerações por país") or to providers.md §3.5. Accounts may override the values PayU's
// documents leave open (settings.country_rules).

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace cancela::providers::payu {

struct CountryRules {
  std::string country;                  // ISO 3166-1 alpha-2
  std::vector<std::string> currencies;  // what PayU settles there

  // VOID: an authorised, uncaptured sale; measured from the authorisation.
  bool void_supported = true;
  absl::Duration void_window = absl::InfiniteDuration();
  std::map<std::string, absl::Duration> void_window_by_brand;  // brand names as BrandOf()
  absl::Duration void_min_delay = absl::ZeroDuration();

  // REFUND / PARTIAL_REFUND: a captured sale; measured from the approval.
  absl::Duration refund_min_delay = absl::Minutes(10);
  absl::Duration refund_window = absl::InfiniteDuration();
  std::map<std::string, absl::Duration> refund_window_by_network;  // network names as NetworkOf()
  std::optional<absl::Duration> partial_refund_window;              // when shorter than refunds'
  std::map<std::string, absl::Duration> partial_min_delay_by_network;
  std::optional<absl::Duration> prepaid_refund_window;  // prepaid cards: only this soon
  std::set<std::string> networks_without_refunds;

  bool whole_units_only = false;  // "reembolsos com casas decimais não são aceitos"
  std::map<std::string, int64_t> min_refund_minor_units;  // by currency
  bool partial_for_international_cards = true;
  bool partial_with_installments = true;  // one instalment counts as none
  bool pix_single_refund = false;         // one refund per Pix transaction
};

// The seven countries PayU Latam serves, in the order of the seed: AR, BR, CL, CO, MX, PA, PE.
const std::vector<CountryRules>& DefaultCountryRules();

// Upper-case, spaces and dashes as '_', and PayU's aliases folded ("AMERICAN_EXPRESS" -> "AMEX",
// "MASTER" -> "MASTERCARD", "DINERS_CLUB" -> "DINERS", "REDE" -> "REDECARD").
std::string BrandOf(const std::string& payment_method);
std::string NetworkOf(const std::string& network);

}  // namespace cancela::providers::payu

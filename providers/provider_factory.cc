#include "providers/provider_factory.h"

#include "absl/strings/str_cat.h"
#include "providers/cielo_checkout/cielo_checkout_provider.h"
#include "providers/cielo_ecommerce/cielo_ecommerce_provider.h"
#include "providers/payu/payu_provider.h"
#include "providers/zoop/zoop_provider.h"
#include "providers/cielo_unica/cielo_unica_provider.h"

namespace cancela::providers {

absl::StatusOr<std::unique_ptr<Provider>> MakeProvider(const std::string& provider,
                                                       const nlohmann::json& settings,
                                                       http::HttpTransport& transport,
                                                       const Clock& clock) {
  if (provider == "cielo_ecommerce") {
    return cielo_ecommerce::MakeCieloEcommerceProvider(settings, transport, clock);
  }
  if (provider == "payu") return payu::MakePayuProvider(settings, transport, clock);
  if (provider == "cielo_checkout") {
    return cielo_checkout::MakeCieloCheckoutProvider(settings, transport, clock);
  }
  if (provider == "zoop") return zoop::MakeZoopProvider(settings, transport, clock);
  if (provider == "cielo_unica") return cielo_unica::MakeCieloUnicaProvider(settings, transport, clock);
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown provider \"", provider, "\"; this version supports: cielo_ecommerce, cielo_unica, cielo_checkout, payu, zoop"));
}

}  // namespace cancela::providers

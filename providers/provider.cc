#include "providers/provider.h"

#include "absl/strings/str_cat.h"

namespace cancela::providers {
namespace {

struct IdVisitor {
  std::string_view operator()(const CieloEcommerceSaleRef&) const { return "cielo_ecommerce"; }
  std::string_view operator()(const CieloCheckoutSaleRef&) const { return "cielo_checkout"; }
  std::string_view operator()(const CieloUnicaSaleRef&) const { return "cielo_unica"; }
  std::string_view operator()(const PayuSaleRef&) const { return "payu"; }
  std::string_view operator()(const ZoopSaleRef&) const { return "zoop"; }
};

struct KeyVisitor {
  std::string operator()(const CieloEcommerceSaleRef& s) const { return s.payment_id; }
  std::string operator()(const CieloCheckoutSaleRef& s) const { return s.order_number; }
  std::string operator()(const CieloUnicaSaleRef& s) const {
    return absl::StrCat(s.merchant_id, "/", s.authorization_code, "/", s.nsu, "/", s.tid, "/",
                        s.sale_date);
  }
  std::string operator()(const PayuSaleRef& s) const {
    return absl::StrCat(s.order_id, "/", s.parent_transaction_id);
  }
  std::string operator()(const ZoopSaleRef& s) const {
    return absl::StrCat(s.on_behalf_of, "/", s.transaction_id);
  }
};

}  // namespace

std::string_view ProviderIdOf(const SaleRef& sale) { return std::visit(IdVisitor{}, sale); }
std::string SaleKeyOf(const SaleRef& sale) { return std::visit(KeyVisitor{}, sale); }

}  // namespace cancela::providers

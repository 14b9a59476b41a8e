#pragma once
// Succeeded operations and sale facts as the letter tests need them.

#include <string>

#include "cancela/v1/sale_reference.pb.h"
#include "providers/provider.h"
#include "service/store/operation_record.h"

namespace cancela::testing {

// 2026-11-20 15:00 in Brasília (18:00 UTC).
inline absl::Time LetterTestTime() { return absl::FromUnixSeconds(1795197600); }

// A partial refund of R$ 1.234,56 of a Cielo E-commerce sale, SUCCEEDED.
inline store::OperationRecord SucceededRefund(const std::string& operation_id =
                                                  "op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B") {
  store::OperationRecord r;
  r.operation_id = operation_id;
  r.tenant = "acme";
  r.kind = v1::OPERATION_KIND_REFUND;
  r.provider_account = "cielo-ecommerce/loja-centro";
  r.provider = "cielo_ecommerce";
  v1::SaleReference sale;
  sale.mutable_cielo_ecommerce()->set_payment_id("5eed0000-0000-4000-8000-000000000001");
  r.sale_reference = sale.SerializeAsString();
  r.total = false;
  r.amount_minor_units = 123456;
  r.currency = "BRL";
  r.status = v1::OPERATION_STATUS_SUCCEEDED;
  r.pending_detail = v1::PENDING_DETAIL_UNSPECIFIED;
  r.sale_amount_minor_units = 250000;
  r.echo.status = "2";
  r.echo.code = "0";
  r.echo.reference = "AUTH-778899";
  r.create_time = LetterTestTime();
  r.update_time = LetterTestTime() + absl::Seconds(2);
  r.history = {{v1::OPERATION_STATUS_PENDING, v1::PENDING_DETAIL_SUBMITTING, r.create_time, "accepted"},
               {v1::OPERATION_STATUS_SUCCEEDED, v1::PENDING_DETAIL_UNSPECIFIED,
                r.create_time + absl::Seconds(1), "done"}};
  return r;
}

// What Cielo reports of that sale: a Visa credit card sold ten days before, masked number.
inline providers::SaleSnapshot VisaSale() {
  providers::SaleSnapshot s;
  s.state = providers::SaleState::kCaptured;
  s.method = providers::PaymentMethod::kCreditCard;
  s.brand = "Visa";
  s.currency = "BRL";
  s.authorized_minor_units = 250000;
  s.captured_minor_units = 250000;
  s.sale_time = LetterTestTime() - absl::Hours(24 * 10);
  s.card_last_four = "455187******0183";
  s.reference = "NSU123456";
  return s;
}

}  // namespace cancela::testing

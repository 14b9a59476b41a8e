#include "providers/sandbox/cielo_ecommerce_wire.h"

#include "providers/sandbox/brasilia_time.h"
#include "providers/sandbox/json_text.h"

namespace cancela::sandbox {
namespace {

using Json = nlohmann::ordered_json;

constexpr char kOperationSuccessful[] = "Operation Successful";
constexpr char kPixRefundRequested[] = "Devolução solicitada com sucesso";

// Tid, ProofOfSale and AuthorizationCode head every card answer.
void AddCardIdentifiers(const CieloSale& sale, Json* body) {
  (*body)["Tid"] = sale.tid;
  (*body)["ProofOfSale"] = sale.proof_of_sale;
  (*body)["AuthorizationCode"] = sale.authorization_code;
}

}  // namespace

Json CieloLinks(const std::string& payment_id, const CieloEndpoints& endpoints, bool with_void) {
  Json links = Json::array();
  Json self;
  self["Method"] = "GET";
  self["Rel"] = "self";
  self["Href"] = endpoints.query_base + "/1/sales/" + payment_id;
  links.push_back(std::move(self));
  if (with_void) {
    Json void_link;
    void_link["Method"] = "PUT";
    void_link["Rel"] = "void";
    void_link["Href"] = endpoints.transactional_base + "/1/sales/" + payment_id + "/void";
    links.push_back(std::move(void_link));
  }
  return links;
}

Json CieloQueryBody(const CieloSale& sale, const CieloEndpoints& endpoints) {
  Json payment;
  payment["PaymentId"] = sale.payment_id;
  payment["Type"] = std::string(CieloPaymentTypeName(sale.type));
  payment["Amount"] = sale.amount;
  if (sale.captured_at.has_value()) payment["CapturedAmount"] = sale.captured_amount;
  if (sale.voided_amount > 0) payment["VoidedAmount"] = sale.voided_amount;
  payment["Currency"] = "BRL";
  payment["Status"] = sale.status;
  payment["ReceivedDate"] = FormatBrasilia(sale.received_at);
  if (sale.captured_at.has_value()) payment["CapturedDate"] = FormatBrasilia(*sale.captured_at);
  if (sale.voided_at.has_value()) payment["VoidedDate"] = FormatBrasilia(*sale.voided_at);
  if (sale.is_pix()) {
    // Cielo2 Pix: no Tid or ProofOfSale; AuthorizationCode carries the EndToEndId.
    payment["AuthorizationCode"] = sale.end_to_end_id;
    payment["EndToEndId"] = sale.end_to_end_id;
  } else {
    AddCardIdentifiers(sale, &payment);
    Json card;
    card["CardNumber"] = sale.masked_card_number;
    card["Brand"] = sale.brand;
    payment[sale.type == CieloPaymentType::kDebitCard ? "DebitCard" : "CreditCard"] =
        std::move(card);
  }
  if (!sale.refunds.empty()) {
    Json refunds = Json::array();
    for (const CieloRefund& refund : sale.refunds) {
      Json entry;
      entry["Amount"] = refund.amount;
      entry["Status"] = refund.status;
      entry["ReceivedDate"] = FormatBrasilia(refund.received_at);
      refunds.push_back(std::move(entry));
    }
    payment["Refunds"] = std::move(refunds);
  }
  const bool voidable = sale.status == cielo_status::kAuthorized ||
                        sale.status == cielo_status::kPaymentConfirmed;
  payment["Links"] = CieloLinks(sale.payment_id, endpoints, voidable);

  Json body;
  body["MerchantOrderId"] = sale.merchant_order_id;
  body["Payment"] = std::move(payment);
  return body;
}

std::string CieloErrorBody(int code, std::string_view message) {
  Json error;
  error["Code"] = code;
  error["Message"] = std::string(message);
  Json list = Json::array();
  list.push_back(std::move(error));
  return DumpJson(list);
}

Json CieloCardVoidTotalBody(const CieloSale& sale, const CieloEndpoints& endpoints) {
  Json body;
  body["Status"] = sale.status;
  AddCardIdentifiers(sale, &body);
  body["ReturnCode"] = "9";
  body["ReturnMessage"] = kOperationSuccessful;
  body["Links"] = CieloLinks(sale.payment_id, endpoints, /*with_void=*/false);
  return body;
}

Json CieloCardVoidPartialBody(const CieloSale& sale, const CieloEndpoints& endpoints) {
  Json body;
  body["Status"] = sale.status;
  AddCardIdentifiers(sale, &body);
  body["ReasonCode"] = 0;
  body["ReasonMessage"] = "Successful";
  body["ProviderReturnCode"] = "0";
  body["ProviderReturnMessage"] = kOperationSuccessful;
  body["ReturnCode"] = "0";
  body["ReturnMessage"] = kOperationSuccessful;
  body["Links"] = CieloLinks(sale.payment_id, endpoints, /*with_void=*/true);
  return body;
}

Json CieloCardVoidDeclinedBody(const CieloSale& sale, std::string_view code,
                               std::string_view message, const CieloEndpoints& endpoints) {
  Json body;
  body["Status"] = sale.status;
  AddCardIdentifiers(sale, &body);
  // ReasonCode 7 (Denied), never 0: a client must not read a refusal as a partial success.
  body["ReasonCode"] = 7;
  body["ReasonMessage"] = "Denied";
  body["ProviderReturnCode"] = std::string(code);
  body["ProviderReturnMessage"] = std::string(message);
  body["ReturnCode"] = std::string(code);
  body["ReturnMessage"] = std::string(message);
  body["Links"] = CieloLinks(sale.payment_id, endpoints, /*with_void=*/true);
  return body;
}

Json CieloPixRefundScheduledBody(const CieloSale& sale, const CieloEndpoints& endpoints) {
  Json body;
  body["Status"] = sale.status;
  body["ReasonCode"] = 8;
  body["ReasonMessage"] = "Scheduled";
  body["ProviderReturnCode"] = "0";
  body["ProviderReturnMessage"] = kPixRefundRequested;
  body["ReturnCode"] = "0";
  body["ReturnMessage"] = kPixRefundRequested;
  body["AuthorizationCode"] = sale.end_to_end_id;
  body["Links"] = CieloLinks(sale.payment_id, endpoints, /*with_void=*/true);
  return body;
}

Json CieloPixRefundDeclinedBody(const CieloSale& sale, std::string_view code,
                                std::string_view message, const CieloEndpoints& endpoints) {
  Json body;
  body["Status"] = sale.status;
  body["ReasonCode"] = 7;
  body["ReasonMessage"] = "Denied";
  body["ProviderReturnCode"] = std::string(code);
  body["ProviderReturnMessage"] = std::string(message);
  body["ReturnCode"] = std::string(code);
  body["ReturnMessage"] = std::string(message);
  body["AuthorizationCode"] = sale.end_to_end_id;
  body["Links"] = CieloLinks(sale.payment_id, endpoints, /*with_void=*/true);
  return body;
}

}  // namespace cancela::sandbox

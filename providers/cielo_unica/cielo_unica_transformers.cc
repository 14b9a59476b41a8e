#include "providers/cielo_unica/cielo_unica_transformers.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "common/json_access.h"
#include "providers/cielo_unica/cielo_unica_decimal.h"

namespace cancela::providers::cielo_unica {
namespace {

std::string FormEncode(std::string_view value) {
  std::string out;
  for (unsigned char c : value) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

absl::Status Invalid(const std::string& why) {
  return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_RESPONSE_INVALID,
                   absl::StrCat("Cielo API Única answered something unreadable: ", why));
}

// DD-MM-YYYY, the API's date form in requests and list queries.
std::string DayMonthYear(absl::CivilDay day) {
  return absl::FormatTime("%d-%m-%Y", absl::FromCivil(day, absl::UTCTimeZone()),
                          absl::UTCTimeZone());
}

std::string Quoted(const std::string& s) { return nlohmann::json(s).dump(); }

// Ids come as numbers in the examples; accept their text too.
std::optional<int64_t> IdOf(const nlohmann::json& object, std::string_view key) {
  return json::GetIntLenient(object, key);
}

std::optional<absl::Time> ParseInstant(std::string text) {
  if (!text.empty() && (text.back() == 'Z' || text.back() == 'z')) {
    text.pop_back();
    text += "+00:00";
  }
  absl::Time t;
  std::string ignored;
  for (const char* format : {"%Y-%m-%dT%H:%M:%E*S%Ez", "%Y-%m-%dT%H:%M:%E*S%z"}) {
    if (absl::ParseTime(format, text, &t, &ignored)) return t;
  }
  return std::nullopt;
}

// The amount object {currency, value}, or nullopt.
std::optional<int64_t> AmountOf(const nlohmann::json& object, std::string_view key) {
  const nlohmann::json* amount = json::Find(object, key);
  if (amount == nullptr || !amount->is_object()) return std::nullopt;
  return GetReais(*amount, "value");
}

absl::StatusOr<Cancellation> CancellationFrom(const nlohmann::json& t) {
  if (!t.is_object()) return Invalid("a transaction is not an object");
  Cancellation c;
  c.control_id = IdOf(t, "controlID").value_or(0);
  c.merchant_id = json::GetStringLenient(t, "merchantID").value_or("");
  c.authorization_code = json::GetStringLenient(t, "authorizationCode").value_or("");
  c.nsu = json::GetStringLenient(t, "nsu").value_or(json::GetStringLenient(t, "Nsu").value_or(""));
  c.refund_minor_units = AmountOf(t, "refundAmount");
  c.sale_minor_units = AmountOf(t, "saleAmount");
  const nlohmann::json* status = json::Find(t, "status");
  if (status == nullptr || !status->is_object()) return Invalid("a transaction has no status");
  c.status_type = json::GetString(*status, "type").value_or("");
  c.status = BatchStatusOf(c.status_type);
  if (const nlohmann::json* detail = json::Find(*status, "detail"); detail && detail->is_object()) {
    c.detail_code = json::GetIntLenient(*detail, "code");
    c.detail_message = json::GetString(*detail, "message").value_or("");
  }
  return c;
}

absl::StatusOr<Batch> BatchFrom(const nlohmann::json& root) {
  if (!root.is_object()) return Invalid("the batch is not an object");
  Batch batch;
  batch.refund_id = IdOf(root, "refundID").value_or(0);
  batch.refund_date = json::GetString(root, "refundDate").value_or("");
  batch.requested_at = ParseInstant(batch.refund_date);
  const nlohmann::json* transactions = json::Find(root, "transactions");
  if (transactions == nullptr || !transactions->is_array()) return Invalid("no transactions list");
  for (const nlohmann::json& t : *transactions) {
    auto c = CancellationFrom(t);
    if (!c.ok()) return c.status();
    batch.cancellations.push_back(*std::move(c));
  }
  return batch;
}

}  // namespace

std::string TokenRequestBody(const Secret& client_id, const Secret& client_secret) {
  return absl::StrCat("client_id=", FormEncode(client_id.Reveal()),
                      "&client_secret=", FormEncode(client_secret.Reveal()),
                      "&grant_type=client_credentials");
}

absl::StatusOr<http::OAuthToken> ParseTokenResponse(const http::Response& response,
                                                    absl::Duration fallback) {
  if (response.status == 400 || response.status == 401 || response.status == 403) {
    return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_AUTH_FAILED,
                     absl::StrCat("Cielo refused the account's client credentials (HTTP ",
                                  response.status, ")"));
  }
  if (response.status != 200) {
    return MakeError(absl::StatusCode::kUnavailable, v1::PROVIDER_UNAVAILABLE,
                     absl::StrCat("Cielo's token endpoint answered HTTP ", response.status));
  }
  auto root = json::Parse(response.body);
  if (!root || !root->is_object()) return Invalid("the token answer is not a JSON object");
  auto token = json::GetString(*root, "access_token");
  if (!token || token->empty()) return Invalid("the token answer has no access_token");
  http::OAuthToken out;
  out.access_token = Secret(*token);
  const auto expires_in = json::GetIntLenient(*root, "expires_in");
  out.lifetime = expires_in && *expires_in > 0 ? absl::Seconds(*expires_in) : fallback;
  return out;
}

absl::StatusOr<std::string> CancelRequestBody(const Settings& settings,
                                              const CancelCommand& command) {
  const auto& sale = std::get<CieloUnicaSaleRef>(command.sale);
  const auto refund = ReaisFromMinorUnits(command.amount_minor_units);
  const auto sale_amount = ReaisFromMinorUnits(sale.sale_amount_minor_units);
  absl::CivilDay day;
  if (!refund || !sale_amount || !absl::ParseCivilTime(sale.sale_date, &day)) {
    return MakeError(absl::StatusCode::kInvalidArgument, v1::AMOUNT_INVALID,
                     "the amounts and the sale date must be positive and well formed");
  }
  // Written by hand rather than through nlohmann so the decimals stay the exact digits.
  std::vector<std::string> fields;
  fields.push_back(absl::StrCat("\"merchantID\":", sale.merchant_id));
  fields.push_back(absl::StrCat("\"authorizationCode\":", Quoted(sale.authorization_code)));
  if (!sale.nsu.empty()) {
    fields.push_back(absl::StrCat("\"nsu\":", settings.nsu_as_number ? sale.nsu : Quoted(sale.nsu)));
  }
  if (!sale.tid.empty()) fields.push_back(absl::StrCat("\"transactionID\":", Quoted(sale.tid)));
  if (!sale.card_last_four.empty()) {
    fields.push_back(absl::StrCat("\"cardNumberLast4Digits\":", Quoted(sale.card_last_four)));
  }
  fields.push_back(absl::StrCat("\"refundAmount\":{\"currency\":\"BRL\",\"value\":", *refund, "}"));
  fields.push_back(absl::StrCat("\"saleAmount\":{\"currency\":\"BRL\",\"value\":", *sale_amount, "}"));
  fields.push_back(absl::StrCat("\"transactionDate\":",
                                Quoted(absl::StrCat(DayMonthYear(day), " ",
                                                    settings.transaction_time))));
  const std::string transaction = absl::StrCat("{", absl::StrJoin(fields, ","), "}");
  switch (settings.request_envelope) {
    case RequestEnvelope::kBareObject:
      return transaction;
    case RequestEnvelope::kTransactionsArray:
      break;
  }
  return absl::StrCat("{\"transactions\":[", transaction, "]}");
}

absl::StatusOr<Batch> ParseBatch(std::string_view body) {
  auto root = ParseKeepingDecimals(body);
  if (!root) return Invalid("the body is not JSON");
  return BatchFrom(*root);
}

absl::StatusOr<std::vector<Batch>> ParseBatchList(std::string_view body) {
  auto root = ParseKeepingDecimals(body);
  if (!root) return Invalid("the body is not JSON");
  const nlohmann::json* list = nullptr;
  if (root->is_array()) {
    list = &*root;
  } else if (root->is_object() && json::Find(*root, "transactions") != nullptr) {
    auto one = BatchFrom(*root);
    if (!one.ok()) return one.status();
    return std::vector<Batch>{*std::move(one)};
  } else if (root->is_object()) {
    for (const auto& [key, value] : root->items()) {
      if (value.is_array()) list = &value;
    }
  }
  if (list == nullptr) return Invalid("the list answer holds no batches");
  std::vector<Batch> out;
  for (const nlohmann::json& entry : *list) {
    auto batch = BatchFrom(entry);
    if (!batch.ok()) return batch.status();
    out.push_back(*std::move(batch));
  }
  return out;
}

ApiError ParseApiError(std::string_view body) {
  ApiError e;
  auto root = json::Parse(body);
  if (!root || !root->is_object()) return e;
  e.code = json::GetStringLenient(*root, "errorCode").value_or("");
  e.message = json::GetString(*root, "errorMessage").value_or("");
  return e;
}

ProviderResult ResultOf(const Batch& batch, const Cancellation& c) {
  ProviderResult r;
  r.echo.status = c.status_type;
  r.echo.code = c.detail_code ? absl::StrCat(*c.detail_code) : "";
  r.echo.message = c.detail_message;
  r.echo.reference = EchoReference(batch.refund_id, c.control_id);
  const std::string where = absl::StrCat("batch ", batch.refund_id, ", cancellation ", c.control_id);
  switch (c.status) {
    case BatchStatus::kPending:
      r.outcome = Outcome::kScheduled;
      r.note = absl::StrCat("Cielo queued the cancellation for its nightly batch (", where, ")");
      return r;
    case BatchStatus::kDone:
      r.outcome = Outcome::kSucceeded;
      r.note = absl::StrCat("Cielo carried out the cancellation (", where, ")");
      return r;
    case BatchStatus::kFailed:
      r.outcome = Outcome::kFailed;
      r.failure_reason = v1::FAILURE_REASON_PROVIDER_UNAVAILABLE;
      r.failure_message =
          "Cielo's systems failed to process the cancellation; nothing was cancelled and it may "
          "be requested again";
      r.note = absl::StrCat("Cielo reports a communication failure (", where, ")");
      return r;
    case BatchStatus::kRejected: {
      const DetailMeaning meaning = MeaningOfDetailCode(c.detail_code.value_or(-1));
      r.outcome = Outcome::kFailed;
      r.failure_reason = meaning.reason;
      r.failure_message = absl::StrCat("Cielo rejected the cancellation (code ",
                                       c.detail_code.value_or(-1), ": ", meaning.meaning, ")");
      if (meaning.duplicate) {
        absl::StrAppend(&r.failure_message,
                        "; the same cancellation is already in flight at Cielo: follow that one, "
                        "do not send another");
      }
      r.note = absl::StrCat("Cielo rejected the cancellation (", where, ")");
      return r;
    }
    case BatchStatus::kUnknown:
      break;
  }
  r.outcome = Outcome::kScheduled;
  r.note = absl::StrCat("Cielo reports an unknown status \"", c.status_type,
                        "\"; kept pending (", where, ")");
  return r;
}

std::string EchoReference(int64_t refund_id, int64_t control_id) {
  return absl::StrCat(refund_id, "/", control_id);
}

std::optional<EchoIds> ParseEchoReference(const std::string& reference) {
  std::vector<std::string> parts = absl::StrSplit(reference, '/');
  EchoIds ids;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &ids.refund_id) ||
      !absl::SimpleAtoi(parts[1], &ids.control_id) || ids.refund_id <= 0) {
    return std::nullopt;
  }
  return ids;
}

const Cancellation* FindCancellation(const Batch& batch, const CancelCommand& command,
                                     int64_t control_id) {
  const auto& sale = std::get<CieloUnicaSaleRef>(command.sale);
  for (const Cancellation& c : batch.cancellations) {
    if (control_id != 0 && c.control_id == control_id) return &c;
  }
  for (const Cancellation& c : batch.cancellations) {
    const bool same_sale = c.merchant_id == sale.merchant_id &&
                           c.authorization_code == sale.authorization_code &&
                           (sale.nsu.empty() || c.nsu.empty() || c.nsu == sale.nsu);
    if (same_sale && c.refund_minor_units == command.amount_minor_units) return &c;
  }
  return nullptr;
}

std::string RefundsUrl(const Settings& settings) {
  return absl::StrCat(settings.base_url, settings.refunds_path);
}

std::string BatchUrl(const Settings& settings, int64_t refund_id, const std::string& merchant_id) {
  return absl::StrCat(RefundsUrl(settings), "/", refund_id, "/", merchant_id);
}

std::string ListUrl(const Settings& settings, const std::string& merchant_id, absl::CivilDay from,
                    absl::CivilDay to, const std::string& authorization_code, int page) {
  return absl::StrCat(RefundsUrl(settings), "?cancelStartDate=", DayMonthYear(from),
                      "&cancelEndDate=", DayMonthYear(to), "&rows=", settings.list_rows, "&page=", page,
                      "&merchantId=", merchant_id,
                      "&authorizationCode=", FormEncode(authorization_code));
}

std::string LanguageCode(LetterLanguage language) {
  return language == LetterLanguage::kEnglish ? "EN_US" : "PT_BR";
}

std::string LetterPdfBody(const std::string& merchant_id, int64_t control_id,
                          LetterLanguage language) {
  return absl::StrCat("{\"merchantId\":", merchant_id, ",\"cancellationId\":", control_id,
                      ",\"language\":\"", LanguageCode(language), "\"}");
}

std::string LetterZipBody(const std::string& merchant_id, const std::vector<int64_t>& control_ids,
                          LetterLanguage language) {
  return absl::StrCat("{\"merchantId\":", merchant_id, ",\"cancellations\":[",
                      absl::StrJoin(control_ids, ","), "],\"language\":\"",
                      LanguageCode(language), "\"}");
}

}  // namespace cancela::providers::cielo_unica

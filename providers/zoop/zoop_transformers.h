#pragma once
// Pure translations between Zoop's Marketplace API JSON and cancela's provider types. No I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/secret.h"
#include "nlohmann/json.hpp"
#include "providers/http/http_transport.h"
#include "providers/provider.h"
#include "providers/zoop/zoop_settings.h"

namespace cancela::providers::zoop {

// "Basic base64(key:)": the API key is the user, the password is empty [C].
std::string BasicAuthorization(const Secret& api_key);

// {base}/{version}/marketplaces/{mkp}/transactions/{id}[/void | /receivables]
std::string TransactionUrl(const Settings& settings, const std::string& transaction_id);
std::string VoidUrl(const Settings& settings, const std::string& transaction_id);
std::string ReceivablesUrl(const Settings& settings, const std::string& transaction_id);

// {"amount": <cents>, "on_behalf_of": "<seller>"} [C].
std::string VoidBody(int64_t amount_minor_units, const std::string& on_behalf_of);

// Zoop answers amounts as decimal strings ("5.00"); exact conversion to cents, nullopt for
// anything that is not a non-negative number with at most two decimals.
std::optional<int64_t> ParseDecimalCents(const nlohmann::json& value);

// "2020-06-15T21:10:09+00:00", "2020-07-06T14:01:51+0000" or "2020-06-15 21:09:44" (no zone:
// taken as UTC [I]).
std::optional<absl::Time> ParseZoopTime(const std::string& text);

// The envelope {"error": {...}} Zoop sends on refusals (checked on any HTTP status [I]).
struct ZoopError {
  int status_code = 0;
  std::string type;
  std::string category;
  std::string message;
};
std::optional<ZoopError> ParseErrorEnvelope(const nlohmann::json& body);

// One entry of a transaction's history[].
struct HistoryEntry {
  std::string id;
  std::string operation_type;  // created, authorization, void, void_partial [U], …
  std::string status;          // succeeded, failed, pending
  int64_t amount_minor_units = 0;
  std::string response_code;
  std::string response_message;
  std::optional<absl::Time> created_at;
};

struct ParsedTransaction {
  std::string id;
  std::string status;  // as Zoop writes it
  std::string on_behalf_of;
  bool voided = false;
  SaleSnapshot sale;
  std::vector<HistoryEntry> history;  // in Zoop's order (oldest first)
};

// A transaction object (the GET answer, the void answer, a webhook's payload.object).
absl::StatusOr<ParsedTransaction> ParseTransactionObject(const nlohmann::json& object);

// GET …/transactions/{id}. Errors: NOT_FOUND/SALE_NOT_FOUND, INTERNAL/PROVIDER_AUTH_FAILED,
// UNAVAILABLE/PROVIDER_UNAVAILABLE (5xx), INTERNAL/PROVIDER_RESPONSE_INVALID.
absl::StatusOr<ParsedTransaction> ParseTransactionResponse(const http::Response& response);

// GET …/transactions/{id}/receivables: true when any instalment is already paid out [I].
// A 404 (no receivables yet) is "not settled".
absl::StatusOr<bool> ParseReceivablesSettled(const http::Response& response);

// The void answer. Only an explicit success is success; anything unreadable is kUnknown.
ProviderResult ParseVoidResponse(const http::Response& response, const CancelCommand& command);

}  // namespace cancela::providers::zoop

#include "service/core/list_query.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/json_access.h"
#include "service/core/fingerprint.h"
#include "service/core/request_validation.h"

namespace cancela::core {
namespace {

absl::Status Invalid(const char* field, absl::string_view why) {
  return MakeError(absl::StatusCode::kInvalidArgument, v1::FIELD_INVALID,
                   absl::StrCat(field, ": ", why), {{"field", field}});
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

// Tokens are bound to the filters and the tenant they were issued for.
std::string FilterDigest(const store::ListFilter& f) {
  std::string canonical = absl::StrCat(f.tenant.size(), ":", f.tenant, "|", f.provider_account.size(),
                                       ":", f.provider_account, "|", f.provider, "|",
                                       f.sale_key.size(), ":", f.sale_key, "|",
                                       absl::FormatTime(f.create_time_start), "|",
                                       absl::FormatTime(f.create_time_end), "|");
  for (v1::OperationStatus s : f.statuses) absl::StrAppend(&canonical, static_cast<int>(s), ",");
  return Sha256Hex(canonical).substr(0, 16);
}

}  // namespace

absl::StatusOr<ListQuery> ValidateListRequest(const v1::ListOperationsRequest& request,
                                              const std::string& tenant) {
  ListQuery query;
  store::ListFilter& f = query.filter;
  f.tenant = tenant;
  if (request.page_size() < 0 || request.page_size() > kMaxPageSize) {
    return Invalid("page_size", "from 0 (the default, 50) to 500");
  }
  if (request.page_size() > 0) query.page_size = request.page_size();
  if (request.provider_account().size() > 128) return Invalid("provider_account", "too long");
  f.provider_account = request.provider_account();
  if (request.has_sale()) {
    auto sale = ValidateSaleReference(request.sale());
    if (!sale.ok()) return sale.status();
    f.provider = std::string(providers::ProviderIdOf(*sale));
    f.sale_key = providers::SaleKeyOf(*sale);
  }
  for (int status : request.statuses()) {
    if (status == v1::OPERATION_STATUS_UNSPECIFIED || !v1::OperationStatus_IsValid(status)) {
      return Invalid("statuses", "PENDING, SUCCEEDED or FAILED");
    }
    f.statuses.push_back(static_cast<v1::OperationStatus>(status));
  }
  if (request.has_create_time_start()) f.create_time_start = FromTimestamp(request.create_time_start());
  if (request.has_create_time_end()) f.create_time_end = FromTimestamp(request.create_time_end());
  if (f.create_time_end <= f.create_time_start) {
    return Invalid("create_time_end", "must be after create_time_start");
  }

  if (!request.page_token().empty()) {
    std::string decoded;
    std::optional<nlohmann::json> token;
    if (request.page_token().size() <= 512 &&
        absl::WebSafeBase64Unescape(request.page_token(), &decoded)) {
      token = json::Parse(decoded);
    }
    const auto micros = token ? json::GetInt(*token, "t") : std::nullopt;
    const auto id = token ? json::GetString(*token, "id") : std::nullopt;
    const auto digest = token ? json::GetString(*token, "f") : std::nullopt;
    if (!micros || !id || !digest || !IsWellFormedOperationId(*id)) {
      return Invalid("page_token", "not a token this server issued");
    }
    if (*digest != FilterDigest(f)) {
      return Invalid("page_token", "was issued for other filters; repeat the same filters");
    }
    query.after = store::ListCursor{absl::FromUnixMicros(*micros), *id};
  }
  return query;
}

std::string MakePageToken(const ListQuery& query, const store::ListCursor& last) {
  nlohmann::json token = {{"t", absl::ToUnixMicros(last.create_time)},
                          {"id", last.operation_id},
                          {"f", FilterDigest(query.filter)}};
  return absl::WebSafeBase64Escape(token.dump());
}

}  // namespace cancela::core

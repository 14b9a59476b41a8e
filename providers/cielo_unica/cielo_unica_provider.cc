#include "providers/cielo_unica/cielo_unica_provider.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors.h"
#include "common/log.h"
#include "providers/cielo_unica/cielo_unica_letters.h"
#include "providers/cielo_unica/cielo_unica_rules.h"
#include "providers/cielo_unica/cielo_unica_transformers.h"

namespace cancela::providers::cielo_unica {
namespace {

// A list entry older than the lost request by more than this is another, earlier cancellation.
constexpr absl::Duration kClockSkew = absl::Minutes(10);

const CieloUnicaSaleRef& SaleOf(const CancelCommand& command) {
  return std::get<CieloUnicaSaleRef>(command.sale);
}

ProviderResult NotSent(v1::FailureReason reason, std::string message, std::string note) {
  ProviderResult r;
  r.outcome = Outcome::kFailed;
  r.failure_reason = reason;
  r.failure_message = std::move(message);
  r.note = std::move(note);
  return r;
}

// A token that could not be had: nothing was sent.
ProviderResult TokenFailure(const absl::Status& status) {
  const bool auth = ErrorReasonOf(status) == "PROVIDER_AUTH_FAILED";
  return NotSent(auth ? v1::FAILURE_REASON_PROVIDER_AUTHENTICATION
                      : v1::FAILURE_REASON_PROVIDER_UNAVAILABLE,
                 auth ? "Cielo refused the account's credentials; nothing was sent"
                      : "Cielo's token service could not be reached; nothing was sent",
                 absl::StrCat("no token: ", status.message()));
}

void AlertIfUnknown(const Cancellation& c) {
  if (c.status != BatchStatus::kUnknown) return;
  log::Warn("Cielo API Única status not in the table; kept pending",
            {{"provider", "cielo_unica"}, {"status_type", c.status_type},
             {"control_id", absl::StrCat(c.control_id)}});
}

absl::Status LetterError(const http::Result& result) {
  if (result.failure != http::Failure::kNone) {
    return MakeError(absl::StatusCode::kUnavailable, v1::PROVIDER_UNAVAILABLE,
                     absl::StrCat("Cielo's letter service is unreachable: ", result.detail));
  }
  const int status = result.response.status;
  const ApiError error = ParseApiError(result.response.body);
  const std::string said = absl::StrCat("HTTP ", status, error.code.empty() ? "" : ", code ",
                                        error.code);
  if (status == 401 || status == 403) {
    return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_AUTH_FAILED,
                     absl::StrCat("Cielo refused the account's credentials for letters (", said, ")"));
  }
  if (status >= 400 && status < 500) {
    return MakeRetryableError(absl::StatusCode::kUnavailable, v1::LETTER_NOT_READY,
                              absl::StrCat("Cielo has not issued the letter (", said, ")"),
                              absl::Hours(1), {{"providerCode", error.code}});
  }
  return MakeError(absl::StatusCode::kUnavailable, v1::PROVIDER_UNAVAILABLE,
                   absl::StrCat("Cielo's letter service failed (", said, ")"));
}

}  // namespace

CieloUnicaProvider::CieloUnicaProvider(Settings settings, http::HttpTransport& transport,
                                       const Clock& clock)
    : settings_(std::move(settings)),
      transport_(transport),
      clock_(clock),
      tokens_([this](absl::Time deadline) { return FetchToken(deadline); }, clock_,
              settings_.token_refresh_margin) {}

absl::Time CieloUnicaProvider::Deadline(absl::Time deadline) const {
  return std::min(deadline, absl::Now() + settings_.request_timeout);
}

http::Request CieloUnicaProvider::BaseRequest(const std::string& method, const std::string& url,
                                              absl::Time deadline, bool idempotent) const {
  http::Request request;
  request.method = method;
  request.url = url;
  request.deadline = Deadline(deadline);
  request.idempotent = idempotent;
  request.client_certificate_file = settings_.tls.client_certificate_file;
  request.client_key_file = settings_.tls.client_key_file;
  request.ca_bundle_file = settings_.tls.ca_bundle_file;
  return request;
}

absl::StatusOr<http::OAuthToken> CieloUnicaProvider::FetchToken(absl::Time deadline) {
  http::Request request = BaseRequest("POST", settings_.token_url, deadline, /*idempotent=*/false);
  if (!settings_.token_uses_client_certificate) {
    request.client_certificate_file.clear();
    request.client_key_file.clear();
  }
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"}};
  request.body = TokenRequestBody(settings_.client_id, settings_.client_secret);
  const http::Result result = transport_.Send(request);
  if (result.failure != http::Failure::kNone) {
    return MakeError(absl::StatusCode::kUnavailable, v1::PROVIDER_UNAVAILABLE,
                     absl::StrCat("Cielo's token endpoint is unreachable: ", result.detail));
  }
  return ParseTokenResponse(result.response, settings_.default_token_lifetime);
}

absl::StatusOr<http::Result> CieloUnicaProvider::SendAuthorized(http::Request request) {
  const size_t auth_header = request.headers.size();
  request.headers.emplace_back("Authorization", "");
  for (int attempt = 0;; ++attempt) {
    auto token = tokens_.Get(request.deadline);
    if (!token.ok()) return token.status();
    request.headers[auth_header].second = absl::StrCat("Bearer ", token->Reveal());
    http::Result result = transport_.Send(request);
    // A 401 is refused before anything runs, so one more try with a fresh token is safe.
    if (result.failure != http::Failure::kNone || result.response.status != 401 || attempt == 1) {
      return result;
    }
    tokens_.Invalidate(*token);
  }
}

absl::StatusOr<SaleSnapshot> CieloUnicaProvider::GetSale(const SaleRef& sale,
                                                         absl::Time /*deadline*/) {
  return SnapshotOf(sale);  // the API has no sale query
}

absl::Status CieloUnicaProvider::CheckRules(const CancelCommand& command, const SaleSnapshot& sale,
                                            absl::Time now) const {
  return cielo_unica::CheckRules(settings_, command, sale, now);
}

SaleLimits CieloUnicaProvider::Limits(const CancelCommand& command,
                                      const SaleSnapshot& /*sale*/) const {
  return LimitsFor(settings_, command);
}

ProviderResult CieloUnicaProvider::Cancel(const CancelCommand& command, absl::Time deadline) {
  auto body = CancelRequestBody(settings_, command);
  if (!body.ok()) {
    return NotSent(v1::FAILURE_REASON_INVALID_REQUEST, std::string(body.status().message()),
                   "not sent: the request cannot be expressed");
  }
  http::Request request = BaseRequest("POST", RefundsUrl(settings_), deadline, false);
  request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  request.body = *std::move(body);
  auto sent = SendAuthorized(std::move(request));
  if (!sent.ok()) return TokenFailure(sent.status());
  const http::Result& result = *sent;
  if (result.failure == http::Failure::kNotSent) {
    return NotSent(v1::FAILURE_REASON_PROVIDER_UNAVAILABLE,
                   "Cielo could not be reached; nothing was sent",
                   absl::StrCat("not sent: ", result.detail));
  }
  ProviderResult unknown;
  unknown.outcome = Outcome::kUnknown;
  if (result.failure == http::Failure::kMaybeSent) {
    unknown.note = absl::StrCat("no answer from Cielo (", result.detail,
                                "); will look for the request in Cielo's list, never resend");
    return unknown;
  }
  const int status = result.response.status;
  if (status == 401) {
    return NotSent(v1::FAILURE_REASON_PROVIDER_AUTHENTICATION,
                   "Cielo refused the account's token twice; nothing was cancelled",
                   "HTTP 401 after a token refresh");
  }
  if (status >= 200 && status < 300) {
    auto batch = ParseBatch(result.response.body);
    const Cancellation* mine =
        batch.ok() ? (batch->cancellations.size() == 1 ? &batch->cancellations[0]
                                                       : FindCancellation(*batch, command, 0))
                   : nullptr;
    if (mine == nullptr) {
      unknown.note = absl::StrCat("Cielo accepted the request but its answer is unreadable (HTTP ",
                                  status, "); will ask Cielo");
      return unknown;
    }
    AlertIfUnknown(*mine);
    return ResultOf(*batch, *mine);
  }
  const ApiError error = ParseApiError(result.response.body);
  if (status >= 400 && status < 500) {
    ProviderResult r = NotSent(
        v1::FAILURE_REASON_INVALID_REQUEST,
        absl::StrCat("Cielo refused the request (HTTP ", status,
                     error.code.empty() ? "" : absl::StrCat(", code ", error.code), ")"),
        absl::StrCat("refused with HTTP ", status));
    r.echo.code = error.code;
    r.echo.message = error.message;
    return r;
  }
  // A 5xx from Cielo's gateway says nothing about whether the cancellation was queued.
  unknown.note = absl::StrCat("Cielo answered HTTP ", status, "; will look for the request in "
                              "Cielo's list, never resend");
  return unknown;
}

ProviderResult CieloUnicaProvider::FromBatchQuery(const CancelCommand& command, int64_t refund_id,
                                                  int64_t control_id, absl::Time deadline) {
  ProviderResult still;  // what is known already: queued
  still.outcome = Outcome::kScheduled;
  still.echo.status = "pending";
  still.echo.reference = EchoReference(refund_id, control_id);
  auto sent = SendAuthorized(
      BaseRequest("GET", BatchUrl(settings_, refund_id, SaleOf(command).merchant_id), deadline, true));
  if (!sent.ok()) {
    still.note = absl::StrCat("Cielo batch query failed: ", sent.status().message());
    return still;
  }
  if (sent->failure != http::Failure::kNone || sent->response.status != 200) {
    still.note = absl::StrCat("Cielo batch query failed: ",
                              sent->failure != http::Failure::kNone
                                  ? sent->detail
                                  : absl::StrCat("HTTP ", sent->response.status));
    return still;
  }
  auto batch = ParseBatch(sent->response.body);
  if (!batch.ok()) {
    still.note = absl::StrCat("Cielo batch query failed: ", batch.status().message());
    return still;
  }
  const Cancellation* mine = FindCancellation(*batch, command, control_id);
  if (mine == nullptr) {
    still.note = "Cielo's batch does not list the cancellation yet";
    return still;
  }
  AlertIfUnknown(*mine);
  return ResultOf(*batch, *mine);
}

ProviderResult CieloUnicaProvider::FromListQuery(const CancelCommand& command,
                                                 const ReconcileBasis& basis, absl::Time deadline) {
  ProviderResult unknown;
  unknown.outcome = Outcome::kUnknown;
  const CieloUnicaSaleRef& sale = SaleOf(command);
  const absl::CivilDay today = absl::ToCivilDay(clock_.Now(), BrasiliaTime());
  const absl::CivilDay first = absl::ToCivilDay(basis.sent_at, BrasiliaTime()) - 1;
  std::optional<std::pair<Batch, Cancellation>> found;
  int calls = 0;
  // Windows of at most list_query_days days, from the day before sending up to today.
  for (absl::CivilDay from = first; from <= today; from += settings_.list_query_days) {
    const absl::CivilDay to = std::min(today, from + (settings_.list_query_days - 1));
    for (int page = 1; page <= settings_.list_max_pages; ++page) {
      ++calls;
      auto sent = SendAuthorized(BaseRequest(
          "GET", ListUrl(settings_, sale.merchant_id, from, to, sale.authorization_code, page),
          deadline, true));
      if (!sent.ok()) {
        unknown.note = absl::StrCat("Cielo list query failed: ", sent.status().message());
        return unknown;
      }
      if (sent->failure != http::Failure::kNone) {
        unknown.note = absl::StrCat("Cielo list query failed: ", sent->detail);
        return unknown;
      }
      if (sent->response.status == 404) break;  // nothing in this window
      if (sent->response.status != 200) {
        unknown.note = absl::StrCat("Cielo list query failed: HTTP ", sent->response.status);
        return unknown;
      }
      auto batches = ParseBatchList(sent->response.body);
      if (!batches.ok()) {
        unknown.note = absl::StrCat("Cielo list query failed: ", batches.status().message());
        return unknown;
      }
      size_t entries = 0;
      for (const Batch& batch : *batches) {
        entries += batch.cancellations.size();
        if (batch.requested_at && *batch.requested_at < basis.sent_at - kClockSkew) continue;
        const Cancellation* match = FindCancellation(batch, command, 0);
        if (match == nullptr) continue;
        const bool earlier = found && found->first.requested_at && batch.requested_at &&
                             *batch.requested_at < *found->first.requested_at;
        if (!found || earlier) found.emplace(batch, *match);
      }
      if (entries < static_cast<size_t>(settings_.list_rows)) break;  // the last page
    }
  }
  if (!found) {
    unknown.note = absl::StrCat("Cielo lists no such request yet (", calls,
                                " list queries); asked again later, never resent");
    return unknown;
  }
  AlertIfUnknown(found->second);
  ProviderResult r = ResultOf(found->first, found->second);
  r.note = absl::StrCat("found again through Cielo's list query, not resent; ", r.note);
  return r;
}

ProviderResult CieloUnicaProvider::Reconcile(const CancelCommand& command,
                                             const ReconcileBasis& basis, absl::Time deadline) {
  if (auto ids = ParseEchoReference(basis.recorded.reference)) {
    return FromBatchQuery(command, ids->refund_id, ids->control_id, deadline);
  }
  return FromListQuery(command, basis, deadline);
}

absl::StatusOr<IssuedLetters> CieloUnicaProvider::FetchLetters(
    const std::vector<LetterSubject>& subjects, LetterLanguage language, absl::Time deadline) {
  auto calls = PlanLetterCalls(subjects, settings_.letters_per_request);
  if (!calls.ok()) return calls.status();
  IssuedLetters out;
  out.pdfs.resize(subjects.size());
  for (const LetterCall& call : *calls) {
    const bool single = call.control_ids.size() == 1;
    http::Request request = BaseRequest(
        "POST", absl::StrCat(settings_.base_url,
                             single ? settings_.letter_pdf_path : settings_.letter_zip_path),
        deadline, /*idempotent=*/true);  // issuing a letter again moves no money
    request.headers = {{"Content-Type", "application/json"},
                       {"Accept", single ? "application/pdf" : "application/zip"}};
    request.body = single ? LetterPdfBody(call.merchant_id, call.control_ids[0], language)
                          : LetterZipBody(call.merchant_id, call.control_ids, language);
    auto sent = SendAuthorized(std::move(request));
    if (!sent.ok()) return sent.status();
    if (sent->failure != http::Failure::kNone || sent->response.status != 200) {
      return LetterError(*sent);
    }
    std::vector<std::string> pdfs;
    if (single) {
      if (!LooksLikePdf(sent->response.body)) {
        return MakeError(absl::StatusCode::kInternal, v1::PROVIDER_RESPONSE_INVALID,
                         "Cielo's letter is not a PDF");
      }
      pdfs.push_back(std::move(sent->response.body));
    } else {
      auto unzipped = PdfsFromZip(sent->response.body, call.control_ids);
      if (!unzipped.ok()) return unzipped.status();
      pdfs = *std::move(unzipped);
    }
    for (size_t i = 0; i < call.subjects.size(); ++i) {
      out.pdfs[call.subjects[i]] = std::move(pdfs[i]);
    }
  }
  return out;
}

absl::StatusOr<std::unique_ptr<Provider>> MakeCieloUnicaProvider(const nlohmann::json& settings,
                                                                 http::HttpTransport& transport,
                                                                 const Clock& clock) {
  auto parsed = ParseSettings(settings);
  if (!parsed.ok()) return parsed.status();
  return std::unique_ptr<Provider>(new CieloUnicaProvider(*std::move(parsed), transport, clock));
}

}  // namespace cancela::providers::cielo_unica

// The authorization matrix (issue 10), end to end: every RPC × what the caller presents × whose
// object it names, against a real server on loopback and the Cielo E-commerce sandbox, each
// tenant with its own merchant there. A cell checks the code and the ErrorInfo reason; that
// another tenant's object is answered exactly like a missing one; and that a denied call reached
// no provider, changed nothing in the store and left an audit row when it asked to move money.
// Beside the matrix: page tokens, another merchant's sale, the poller's credentials, and Cielo
// API Única's official letters (fetched from the provider, so a leak there would be a request).

#include <unistd.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "providers/sandbox/cielo_ecommerce_seed.h"
#include "providers/sandbox/cielo_unica_seed.h"
#include "providers/sandbox/cielo_unica_simulator.h"
#include "service/store/sqlite_store.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/providers/cielo_unica/tls_files.h"

namespace cancela::testing {
namespace {

enum class Rpc {
  kRefund,
  kVoid,
  kGetStatus,
  kGetStatusRefresh,
  kWatchStatus,
  kListOperations,
  kGetLetter,
  kBatchGetLetters,
};

// What the caller sends as `authorization`. kAcme and kGlobex are the tenants' own tokens.
enum class Credential {
  kAcme,
  kGlobex,
  kNone,
  kUnknown,
  kEmpty,
  kWrongScheme,    // "Basic <acme's token>"
  kSchemeOnly,     // "Bearer "
  kHuge,           // an unknown 4 KiB token, within the metadata limit
  kTwoTokens,      // acme's and globex's, as two entries
  kSameTokenTwice,  // acme's, twice
  kOversize,       // 32 KiB, over the server's metadata limit
};

// Whose object the call names.
enum class Owner { kAcme, kGlobex, kNobody };

struct Cell {
  Rpc rpc;
  Credential credential;
  Owner owner;
};

struct Tenant {
  const char* name;
  const char* token;
  const char* account;
  const char* merchant;  // the sandbox merchant behind the account
};
const Tenant kTenants[] = {{"acme", kAcmeToken, kCentroNoSpacing, "loja-centro"},
                           {"globex", kGlobexToken, kGlobex, "globex"}};

constexpr char kHugeTokenByte = 'h';
constexpr char kMissingOperation[] = "op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B";

// The tenant a credential names, if it names exactly one.
std::optional<int> CallerOf(Credential credential) {
  if (credential == Credential::kAcme) return 0;
  if (credential == Credential::kGlobex) return 1;
  return std::nullopt;
}

std::optional<int> OwnerIndex(Owner owner) {
  if (owner == Owner::kAcme) return 0;
  if (owner == Owner::kGlobex) return 1;
  return std::nullopt;
}

struct Refusal {
  grpc::StatusCode code;
  std::string reason;  // empty: gRPC itself refuses, before cancela sees the call
};

// How a call presenting `credential` is refused whatever it names; nullopt when it names a tenant.
std::optional<Refusal> AuthenticationRefusal(Credential credential) {
  switch (credential) {
    case Credential::kAcme:
    case Credential::kGlobex:
      return std::nullopt;
    case Credential::kNone:
    case Credential::kEmpty:
      return Refusal{grpc::StatusCode::UNAUTHENTICATED, "CREDENTIALS_MISSING"};
    case Credential::kOversize:
      return Refusal{grpc::StatusCode::RESOURCE_EXHAUSTED, ""};
    default:
      return Refusal{grpc::StatusCode::UNAUTHENTICATED, "CREDENTIALS_INVALID"};
  }
}

void Present(grpc::ClientContext& context, Credential credential) {
  auto bearer = [&context](const std::string& token) {
    context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
  };
  switch (credential) {
    case Credential::kAcme: bearer(kAcmeToken); break;
    case Credential::kGlobex: bearer(kGlobexToken); break;
    case Credential::kNone: break;
    case Credential::kUnknown: bearer("token-that-no-tenant-has"); break;
    case Credential::kEmpty: context.AddMetadata("authorization", ""); break;
    case Credential::kWrongScheme:
      context.AddMetadata("authorization", absl::StrCat("Basic ", kAcmeToken));
      break;
    case Credential::kSchemeOnly: context.AddMetadata("authorization", "Bearer "); break;
    case Credential::kHuge: bearer(std::string(4096, kHugeTokenByte)); break;
    case Credential::kTwoTokens: bearer(kAcmeToken); bearer(kGlobexToken); break;
    case Credential::kSameTokenTwice: bearer(kAcmeToken); bearer(kAcmeToken); break;
    case Credential::kOversize: bearer(std::string(32 * 1024, 'o')); break;
  }
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
}

// What a call names: an account and a sale (Refund, Void), an account to filter by
// (ListOperations) or an operation (the others).
struct Target {
  std::string account;
  std::string sale;
  std::string operation_id;
};

// A target that does not exist, spelled with as many characters as `target`, so that replies
// about the two can be compared byte for byte once one name is put in place of the other.
Target MissingLike(const Target& target) {
  Target missing = target;
  const size_t slash = target.account.find('/');
  missing.account = absl::StrCat(target.account.substr(0, slash + 1),
                                 std::string(target.account.size() - slash - 1, 'z'));
  if (!target.operation_id.empty()) missing.operation_id = kMissingOperation;
  return missing;
}

// What the caller got back.
struct Reply {
  grpc::Status status;
  std::vector<std::string> operation_ids;  // operations or letters returned
  std::vector<v1::LetterFailure> failures;  // BatchGetLetters' items without a letter
  std::string next_page_token;
  v1::OperationStatus operation_status = v1::OPERATION_STATUS_UNSPECIFIED;  // Refund, Void
};

// The reply as bytes, with `from`'s names put in `to`'s place.
std::string Normalized(const Reply& reply, const Target& from, const Target& to) {
  std::vector<std::pair<std::string, std::string>> swap;
  if (!from.account.empty()) swap.emplace_back(from.account, to.account);
  if (!from.operation_id.empty()) swap.emplace_back(from.operation_id, to.operation_id);
  std::string out = absl::StrCat(reply.status.error_code(), "|", reply.status.error_message(), "|",
                                 reply.status.error_details(), "|", reply.next_page_token, "|",
                                 absl::StrJoin(reply.operation_ids, ","));
  for (const v1::LetterFailure& failure : reply.failures) out += failure.SerializeAsString();
  return absl::StrReplaceAll(out, swap);
}

// Everything a denied call must leave as it was.
struct World {
  int64_t provider_requests = 0;         // protocol requests the sandbox received, of any kind
  std::vector<std::string> operations;   // every stored operation of either tenant, with state
  std::vector<std::string> letters;      // letters stored for the seeded operations
  std::vector<std::vector<store::AuditRecord>> audit;  // acme's, globex's, and tenant ""'s rows
};

const char* NameOf(Rpc rpc) {
  switch (rpc) {
    case Rpc::kRefund: return "Refund";
    case Rpc::kVoid: return "Void";
    case Rpc::kGetStatus: return "GetStatus";
    case Rpc::kGetStatusRefresh: return "GetStatusRefresh";
    case Rpc::kWatchStatus: return "WatchStatus";
    case Rpc::kListOperations: return "ListOperations";
    case Rpc::kGetLetter: return "GetLetter";
    case Rpc::kBatchGetLetters: return "BatchGetLetters";
  }
  return "";
}

const char* NameOf(Credential credential) {
  switch (credential) {
    case Credential::kAcme: return "AcmeToken";
    case Credential::kGlobex: return "GlobexToken";
    case Credential::kNone: return "NoToken";
    case Credential::kUnknown: return "UnknownToken";
    case Credential::kEmpty: return "EmptyAuthorization";
    case Credential::kWrongScheme: return "BasicScheme";
    case Credential::kSchemeOnly: return "BearerWithoutToken";
    case Credential::kHuge: return "HugeToken";
    case Credential::kTwoTokens: return "TwoTenantsTokens";
    case Credential::kSameTokenTwice: return "SameTokenTwice";
    case Credential::kOversize: return "OversizeToken";
  }
  return "";
}

const char* NameOf(Owner owner) {
  switch (owner) {
    case Owner::kAcme: return "AcmesObject";
    case Owner::kGlobex: return "GlobexsObject";
    case Owner::kNobody: return "MissingObject";
  }
  return "";
}

// Protocol requests a simulated provider received, of any kind.
int64_t RequestsIn(const sandbox::Ledger& ledger) {
  const nlohmann::json requests = ledger.ToJson()["requests"];
  int64_t total = 0;
  for (const auto& [method, count] : requests.items()) total += count.get<int64_t>();
  return total;
}

bool MovesMoney(Rpc rpc) { return rpc == Rpc::kRefund || rpc == Rpc::kVoid; }

nlohmann::json SaleFor(Rpc rpc, const char* merchant) {
  if (rpc == Rpc::kVoid) {
    return {{"type", "CreditCard"}, {"status", "authorized"}, {"amount", 7500},
            {"received_days_ago", 0}, {"merchant", merchant}};
  }
  if (rpc == Rpc::kGetStatus || rpc == Rpc::kGetStatusRefresh || rpc == Rpc::kWatchStatus) {
    // A Pix refund stays PENDING until the Pix network settles it: refresh has a reason to ask.
    return {{"type", "Pix"}, {"status", "paid"}, {"amount", 8000}, {"received_days_ago", 10},
            {"merchant", merchant}};
  }
  return {{"type", "CreditCard"}, {"status", "captured"}, {"amount", 10000},
          {"received_days_ago", 10}, {"captured_days_ago", 10}, {"merchant", merchant}};
}

// Each tenant's accounts answer for that tenant's own sandbox merchant.
class AuthorizationE2eTest : public E2eTest {
 protected:
  void Configure(server::Config& config) const override {
    for (server::ProviderAccountConfig& account : config.provider_accounts) {
      if (account.name != kGlobex) continue;
      account.settings["merchant_id"] = {{"value", sandbox::cielo_seed::kGlobexMerchantId}};
      account.settings["merchant_key"] = {{"value", sandbox::cielo_seed::kGlobexMerchantKey}};
    }
  }

  void SetUp() override {
    E2eTest::SetUp();
    if (HasFatalFailure()) return;
    // The server's store, read as an operator would, beside the running server.
    auto opened = store::SqliteStore::Open(temp_dir_ + "/cancela.db");
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = *std::move(opened);
  }
  void TearDown() override {
    store_.reset();
    E2eTest::TearDown();
  }

  int64_t ProviderRequests() const {
    return RequestsIn(sandbox_->simulator().ledger());
  }

  // A refund of the tenant's sale by the tenant itself, as a seed.
  std::string RefundedBy(const Tenant& tenant, const std::string& sale, std::optional<int64_t> amount) {
    v1::RefundResponse response;
    const grpc::Status status = Refund(RefundOf(sale, amount, NewKey(), tenant.account), &response,
                                       tenant.token);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.operation().operation_id();
  }

  Reply Call(Rpc rpc, Credential credential, const Target& target) {
    Reply reply;
    grpc::ClientContext context;
    Present(context, credential);
    switch (rpc) {
      case Rpc::kRefund: {
        v1::RefundResponse response;
        reply.status = stub_->Refund(&context, RefundOf(target.sale, 1000, NewKey(), target.account),
                                     &response);
        if (reply.status.ok()) reply.operation_ids.push_back(response.operation().operation_id());
        reply.operation_status = response.operation().status();
        break;
      }
      case Rpc::kVoid: {
        v1::VoidResponse response;
        reply.status = stub_->Void(&context, VoidOf(target.sale, std::nullopt, NewKey(), target.account),
                                   &response);
        if (reply.status.ok()) reply.operation_ids.push_back(response.operation().operation_id());
        reply.operation_status = response.operation().status();
        break;
      }
      case Rpc::kGetStatus:
      case Rpc::kGetStatusRefresh: {
        v1::GetStatusRequest request;
        request.set_operation_id(target.operation_id);
        request.set_refresh(rpc == Rpc::kGetStatusRefresh);
        v1::GetStatusResponse response;
        reply.status = stub_->GetStatus(&context, request, &response);
        if (reply.status.ok()) reply.operation_ids.push_back(response.operation().operation_id());
        break;
      }
      case Rpc::kWatchStatus: {
        v1::WatchStatusRequest request;
        request.set_operation_id(target.operation_id);
        auto reader = stub_->WatchStatus(&context, request);
        v1::WatchStatusResponse message;
        if (reader->Read(&message)) {
          // The operation stays PENDING: having seen it, stop watching.
          reply.operation_ids.push_back(message.operation().operation_id());
          context.TryCancel();
          (void)reader->Finish();
        } else {
          reply.status = reader->Finish();
        }
        break;
      }
      case Rpc::kListOperations: {
        v1::ListOperationsRequest request;
        request.set_provider_account(target.account);
        v1::ListOperationsResponse response;
        reply.status = stub_->ListOperations(&context, request, &response);
        for (const v1::Operation& op : response.operations()) {
          reply.operation_ids.push_back(op.operation_id());
        }
        reply.next_page_token = response.next_page_token();
        break;
      }
      case Rpc::kGetLetter: {
        v1::GetLetterRequest request;
        request.set_operation_id(target.operation_id);
        v1::GetLetterResponse response;
        reply.status = stub_->GetLetter(&context, request, &response);
        if (reply.status.ok()) reply.operation_ids.push_back(response.letter().operation_id());
        break;
      }
      case Rpc::kBatchGetLetters: {
        v1::BatchGetLettersRequest request;
        request.add_operation_ids(target.operation_id);
        auto reader = stub_->BatchGetLetters(&context, request);
        v1::BatchGetLettersResponse item;
        while (reader->Read(&item)) {
          if (item.has_letter()) reply.operation_ids.push_back(item.letter().operation_id());
          if (item.has_failure()) reply.failures.push_back(item.failure());
        }
        reply.status = reader->Finish();
        break;
      }
    }
    return reply;
  }

  World Observe(const std::vector<std::string>& seeded_operations) {
    World world;
    world.provider_requests = ProviderRequests();
    for (const Tenant& tenant : kTenants) {
      store::ListFilter filter;
      filter.tenant = tenant.name;
      auto records = store_->ListOperations(filter, std::nullopt, 1000);
      EXPECT_TRUE(records.ok()) << records.status();
      if (!records.ok()) continue;
      for (const store::OperationRecord& r : *records) {
        world.operations.push_back(absl::StrCat(tenant.name, " ", r.operation_id, " ", r.status, "/",
                                                r.pending_detail, " history ", r.history.size(),
                                                " attempts ", r.attempt_count));
      }
    }
    for (const std::string& id : seeded_operations) {
      for (v1::LetterLanguage language : {v1::LETTER_LANGUAGE_PT_BR, v1::LETTER_LANGUAGE_EN_US}) {
        auto letter = store_->FindLetter(id, language);
        EXPECT_TRUE(letter.ok()) << letter.status();
        if (letter.ok() && letter->has_value()) world.letters.push_back(absl::StrCat(id, language));
      }
    }
    for (const char* tenant : {"acme", "globex", ""}) {
      auto rows = store_->ListAudit(tenant, 100000);
      EXPECT_TRUE(rows.ok()) << rows.status();
      world.audit.push_back(rows.ok() ? *rows : std::vector<store::AuditRecord>{});
    }
    return world;
  }

  std::unique_ptr<store::Store> store_;
};

class AuthorizationMatrixE2eTest : public AuthorizationE2eTest,
                                   public ::testing::WithParamInterface<Cell> {
 protected:
  void SetUp() override {
    AuthorizationE2eTest::SetUp();
    if (HasFatalFailure()) return;
    // Each tenant's object of the kind this RPC names.
    const Rpc rpc = GetParam().rpc;
    for (int t = 0; t < 2; ++t) {
      const Tenant& tenant = kTenants[t];
      Target& target = targets_[t];
      target.account = tenant.account;
      target.sale = sandbox_->CreateSale(SaleFor(rpc, tenant.merchant));
      if (MovesMoney(rpc)) continue;
      const bool pending = rpc == Rpc::kGetStatus || rpc == Rpc::kGetStatusRefresh ||
                           rpc == Rpc::kWatchStatus;
      target.operation_id = RefundedBy(tenant, target.sale, pending ? std::optional<int64_t>(2000)
                                                                    : std::nullopt);
      ASSERT_FALSE(target.operation_id.empty());
      seeded_.push_back(target.operation_id);
    }
  }

  Target TargetOf(Owner owner) const {
    const std::optional<int> index = OwnerIndex(owner);
    return index ? targets_[*index] : MissingLike(targets_[0]);
  }

  Target targets_[2];
  std::vector<std::string> seeded_;
};

TEST_P(AuthorizationMatrixE2eTest, AnswersAsExpectedAndADeniedCallTouchesNothing) {
  const Cell cell = GetParam();
  const Target target = TargetOf(cell.owner);
  const std::optional<int> caller = CallerOf(cell.credential);
  const std::optional<int> owner = OwnerIndex(cell.owner);
  const bool granted = caller && owner && *caller == *owner;

  const World before = Observe(seeded_);
  const Reply reply = Call(cell.rpc, cell.credential, target);
  const World after = Observe(seeded_);
  const CallerError error = ReadError(reply.status);

  const std::string seen = reply.status.error_message() + reply.status.error_details();
  EXPECT_FALSE(absl::StrContains(seen, kAcmeToken)) << seen;
  EXPECT_FALSE(absl::StrContains(seen, kGlobexToken)) << seen;
  EXPECT_FALSE(absl::StrContains(seen, std::string(16, kHugeTokenByte))) << seen;

  if (const std::optional<Refusal> refusal = AuthenticationRefusal(cell.credential)) {
    EXPECT_EQ(reply.status.error_code(), refusal->code) << reply.status.error_message();
    if (!refusal->reason.empty()) {
      EXPECT_EQ(error.domain, "cancela");
      EXPECT_EQ(error.reason, refusal->reason) << reply.status.error_message();
    }
    EXPECT_TRUE(reply.operation_ids.empty());
  } else if (granted) {
    ASSERT_TRUE(reply.status.ok()) << reply.status.error_message();
    ASSERT_EQ(reply.operation_ids.size(), 1u);
    if (MovesMoney(cell.rpc)) {
      EXPECT_EQ(reply.operation_status, v1::OPERATION_STATUS_SUCCEEDED);
    } else {
      EXPECT_EQ(reply.operation_ids[0], target.operation_id);
    }
    EXPECT_TRUE(reply.failures.empty());
    // The calls that ask the provider did, so the denied cells' "no request" means something.
    if (cell.rpc != Rpc::kGetStatus && cell.rpc != Rpc::kWatchStatus &&
        cell.rpc != Rpc::kListOperations) {
      EXPECT_GT(after.provider_requests, before.provider_requests);
    }
  } else {
    // A tenant naming what is not its own: as if it did not exist.
    switch (cell.rpc) {
      case Rpc::kRefund:
      case Rpc::kVoid:
        EXPECT_EQ(reply.status.error_code(), grpc::StatusCode::NOT_FOUND);
        EXPECT_EQ(error.reason, "PROVIDER_ACCOUNT_NOT_FOUND") << reply.status.error_message();
        break;
      case Rpc::kListOperations:
        EXPECT_TRUE(reply.status.ok()) << reply.status.error_message();
        EXPECT_TRUE(reply.next_page_token.empty());
        break;
      case Rpc::kBatchGetLetters:
        EXPECT_TRUE(reply.status.ok()) << reply.status.error_message();
        ASSERT_EQ(reply.failures.size(), 1u);
        EXPECT_EQ(reply.failures[0].operation_id(), target.operation_id);
        EXPECT_EQ(reply.failures[0].reason(), "OPERATION_NOT_FOUND");
        break;
      default:
        EXPECT_EQ(reply.status.error_code(), grpc::StatusCode::NOT_FOUND);
        EXPECT_EQ(error.reason, "OPERATION_NOT_FOUND") << reply.status.error_message();
    }
    if (!reply.status.ok()) {
      EXPECT_EQ(error.domain, "cancela");
    }
    EXPECT_TRUE(reply.operation_ids.empty()) << "another tenant's operations must never appear";
  }

  if (cell.rpc == Rpc::kListOperations && caller) {
    // Unfiltered, a tenant's list holds its own operations and nothing else.
    const Reply everything = Call(cell.rpc, cell.credential, Target{});
    ASSERT_TRUE(everything.status.ok()) << everything.status.error_message();
    EXPECT_EQ(everything.operation_ids, std::vector<std::string>{targets_[*caller].operation_id});
  }

  if (granted) return;
  EXPECT_EQ(after.provider_requests, before.provider_requests) << "a denied call reached the provider";
  EXPECT_EQ(after.operations, before.operations) << "a denied call changed the store";
  EXPECT_EQ(after.letters, before.letters) << "a denied call produced a letter";
  // Money-moving calls of a known caller are audited under the caller, and only there.
  const bool audited = MovesMoney(cell.rpc) && caller.has_value();
  for (size_t t = 0; t < after.audit.size(); ++t) {
    SCOPED_TRACE(absl::StrCat("audit of tenant #", t));
    if (!audited || static_cast<int>(t) != *caller) {
      EXPECT_EQ(after.audit[t].size(), before.audit[t].size());
      continue;
    }
    ASSERT_EQ(after.audit[t].size(), before.audit[t].size() + 1);
    const store::AuditRecord& row = after.audit[t].back();
    EXPECT_EQ(row.tenant, kTenants[t].name);
    EXPECT_EQ(row.action, cell.rpc == Rpc::kRefund ? "refund.rejected" : "void.rejected");
    EXPECT_EQ(row.result, "NOT_FOUND:PROVIDER_ACCOUNT_NOT_FOUND");
    EXPECT_TRUE(row.operation_id.empty());
  }

  // Another tenant's object gets the very reply a missing one gets: nothing tells them apart.
  if (caller && owner) {
    const Target missing = MissingLike(target);
    ASSERT_EQ(missing.account.size(), target.account.size());
    ASSERT_EQ(missing.operation_id.size(), target.operation_id.size());
    const Reply about_missing = Call(cell.rpc, cell.credential, missing);
    EXPECT_EQ(Normalized(reply, target, missing), Normalized(about_missing, missing, missing));
  }
}

std::vector<Cell> AllCells() {
  std::vector<Cell> cells;
  for (Rpc rpc : {Rpc::kRefund, Rpc::kVoid, Rpc::kGetStatus, Rpc::kGetStatusRefresh,
                  Rpc::kWatchStatus, Rpc::kListOperations, Rpc::kGetLetter,
                  Rpc::kBatchGetLetters}) {
    for (Credential credential :
         {Credential::kNone, Credential::kUnknown, Credential::kGlobex, Credential::kAcme}) {
      for (Owner owner : {Owner::kAcme, Owner::kGlobex, Owner::kNobody}) {
        cells.push_back({rpc, credential, owner});
      }
    }
    // Malformed credentials are refused before anything is looked up: naming acme's object, which
    // several of them carry acme's token for, is enough.
    for (Credential credential :
         {Credential::kEmpty, Credential::kWrongScheme, Credential::kSchemeOnly, Credential::kHuge,
          Credential::kTwoTokens, Credential::kSameTokenTwice, Credential::kOversize}) {
      cells.push_back({rpc, credential, Owner::kAcme});
    }
  }
  return cells;
}

INSTANTIATE_TEST_SUITE_P(EveryRpc, AuthorizationMatrixE2eTest, ::testing::ValuesIn(AllCells()),
                         [](const ::testing::TestParamInfo<Cell>& cell) {
                           return absl::StrCat(NameOf(cell.param.rpc), "_",
                                               NameOf(cell.param.credential), "_",
                                               NameOf(cell.param.owner));
                         });

// Malformed requests that a tenant would be told about field by field: without credentials the
// caller learns nothing but UNAUTHENTICATED, because no handler looked at the request.
TEST_F(AuthorizationE2eTest, CredentialsAreCheckedBeforeTheRequestIsRead) {
  const std::string sale = sandbox_->CreateSale(SaleFor(Rpc::kRefund, kTenants[0].merchant));
  for (Credential credential : {Credential::kNone, Credential::kUnknown}) {
    SCOPED_TRACE(NameOf(credential));
    const std::string reason = AuthenticationRefusal(credential)->reason;
    std::vector<std::pair<const char*, grpc::Status>> answers;
    {
      grpc::ClientContext context;
      Present(context, credential);
      v1::RefundRequest request = RefundOf(sale, -5, "short", "no/such/account");
      v1::RefundResponse response;
      answers.emplace_back("Refund", stub_->Refund(&context, request, &response));
    }
    {
      grpc::ClientContext context;
      Present(context, credential);
      v1::VoidResponse response;
      answers.emplace_back("Void", stub_->Void(&context, v1::VoidRequest(), &response));
    }
    {
      grpc::ClientContext context;
      Present(context, credential);
      v1::GetStatusRequest request;
      request.set_operation_id("../etc/passwd");
      request.set_refresh(true);
      v1::GetStatusResponse response;
      answers.emplace_back("GetStatus", stub_->GetStatus(&context, request, &response));
    }
    {
      grpc::ClientContext context;
      Present(context, credential);
      v1::WatchStatusRequest request;
      request.set_operation_id("not-an-operation");
      auto reader = stub_->WatchStatus(&context, request);
      v1::WatchStatusResponse ignored;
      while (reader->Read(&ignored)) {
      }
      answers.emplace_back("WatchStatus", reader->Finish());
    }
    {
      grpc::ClientContext context;
      Present(context, credential);
      v1::ListOperationsRequest request;
      request.set_page_size(100000);
      request.set_page_token("forged");
      v1::ListOperationsResponse response;
      answers.emplace_back("ListOperations", stub_->ListOperations(&context, request, &response));
    }
    {
      grpc::ClientContext context;
      Present(context, credential);
      v1::GetLetterRequest request;
      request.set_language(static_cast<v1::LetterLanguage>(9));
      v1::GetLetterResponse response;
      answers.emplace_back("GetLetter", stub_->GetLetter(&context, request, &response));
    }
    {
      grpc::ClientContext context;
      Present(context, credential);
      auto reader = stub_->BatchGetLetters(&context, v1::BatchGetLettersRequest());
      v1::BatchGetLettersResponse ignored;
      while (reader->Read(&ignored)) {
      }
      answers.emplace_back("BatchGetLetters", reader->Finish());
    }
    for (const auto& [rpc, status] : answers) {
      SCOPED_TRACE(rpc);
      ExpectRejected(status, grpc::StatusCode::UNAUTHENTICATED, reason);
    }
  }
  EXPECT_EQ(ProviderRequests(), 0);
}

TEST_F(AuthorizationE2eTest, APageTokenServesOnlyTheTenantItWasIssuedTo) {
  const Tenant& acme = kTenants[0];
  for (int i = 0; i < 2; ++i) {
    RefundedBy(acme, sandbox_->CreateSale(SaleFor(Rpc::kRefund, acme.merchant)), std::nullopt);
    clock_.Advance(absl::Seconds(1));
  }
  auto list = [this](const std::string& page_token, Credential credential,
                     v1::ListOperationsResponse* response) {
    grpc::ClientContext context;
    Present(context, credential);
    v1::ListOperationsRequest request;
    request.set_page_size(1);
    request.set_page_token(page_token);
    return stub_->ListOperations(&context, request, response);
  };
  v1::ListOperationsResponse first;
  ASSERT_TRUE(list("", Credential::kAcme, &first).ok());
  ASSERT_EQ(first.operations_size(), 1);
  ASSERT_FALSE(first.next_page_token().empty());

  // The same filters and the same token, from globex: refused, and nothing of acme's comes back.
  v1::ListOperationsResponse theirs;
  const grpc::Status refused = list(first.next_page_token(), Credential::kGlobex, &theirs);
  ExpectRejected(refused, grpc::StatusCode::INVALID_ARGUMENT, "FIELD_INVALID");
  EXPECT_EQ(ReadError(refused).metadata["field"], "page_token");
  EXPECT_EQ(theirs.operations_size(), 0);
  ExpectRejected(list(first.next_page_token(), Credential::kUnknown, &theirs),
                 grpc::StatusCode::UNAUTHENTICATED, "CREDENTIALS_INVALID");
  EXPECT_EQ(theirs.operations_size(), 0);

  // acme itself continues where it left off.
  v1::ListOperationsResponse second;
  ASSERT_TRUE(list(first.next_page_token(), Credential::kAcme, &second).ok());
  ASSERT_EQ(second.operations_size(), 1);
  EXPECT_NE(second.operations(0).operation_id(), first.operations(0).operation_id());
}

TEST_F(AuthorizationE2eTest, AnotherMerchantsSaleThroughOnesOwnAccountIsNotFoundAndNeverCancelled) {
  const Tenant& acme = kTenants[0];
  const Tenant& globex = kTenants[1];
  const std::string theirs = sandbox_->CreateSale(SaleFor(Rpc::kRefund, globex.merchant));
  const std::string nobodys = "5eed0000-0000-4000-8000-0000000000ff";
  ASSERT_EQ(theirs.size(), nobodys.size());

  // acme's account is acme's merchant: the provider answers it about its own sales only.
  v1::RefundResponse response;
  const grpc::Status refused = Refund(RefundOf(theirs, 1000, NewKey(), acme.account), &response);
  const grpc::Status missing = Refund(RefundOf(nobodys, 1000, NewKey(), acme.account), &response);
  ExpectRejected(refused, grpc::StatusCode::NOT_FOUND, "SALE_NOT_FOUND");
  EXPECT_EQ(absl::StrReplaceAll(refused.error_message(), {{theirs, nobodys}}), missing.error_message());
  EXPECT_EQ(absl::StrReplaceAll(refused.error_details(), {{theirs, nobodys}}), missing.error_details());
  v1::VoidResponse voided;
  ExpectRejected(Void(VoidOf(theirs, std::nullopt, NewKey(), acme.account), &voided),
                 grpc::StatusCode::NOT_FOUND, "SALE_NOT_FOUND");
  EXPECT_EQ(sandbox_->simulator().ledger().RequestCount("PUT", theirs), 0);
  EXPECT_EQ(sandbox_->Executions(theirs), 0);

  // Its owner refunds it through its own account.
  ASSERT_TRUE(Refund(RefundOf(theirs, 1000, NewKey(), globex.account), &response, globex.token).ok());
  EXPECT_EQ(response.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(sandbox_->Executions(theirs), 1);
}

TEST_F(AuthorizationE2eTest, RefreshAndThePollerAskWithTheOperationsOwnAccount) {
  std::vector<std::string> ops;
  std::vector<std::string> sales;
  for (const Tenant& tenant : kTenants) {
    sales.push_back(sandbox_->CreateSale(SaleFor(Rpc::kGetStatus, tenant.merchant)));
    ops.push_back(RefundedBy(tenant, sales.back(), 2000));
  }
  clock_.Advance(absl::Minutes(2));  // the Pix network settles both refunds

  // globex refreshing acme's operation asks nobody and changes nothing.
  const int64_t acme_queries = sandbox_->simulator().ledger().RequestCount("GET", sales[0]);
  v1::GetStatusResponse status;
  ExpectRejected(GetStatus(ops[0], /*refresh=*/true, &status, kGlobexToken),
                 grpc::StatusCode::NOT_FOUND, "OPERATION_NOT_FOUND");
  EXPECT_EQ(sandbox_->simulator().ledger().RequestCount("GET", sales[0]), acme_queries);
  ASSERT_TRUE(GetStatus(ops[0], /*refresh=*/false, &status).ok());
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_PENDING);

  // Each merchant is told only about its own sales, so an operation is resolved only when it was
  // asked about with its own tenant's account.
  ASSERT_TRUE(GetStatus(ops[1], /*refresh=*/true, &status, kGlobexToken).ok());
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  EXPECT_EQ(server_->engine().PollDue(absl::Now() + absl::Seconds(30)), 1);  // acme's
  ASSERT_TRUE(GetStatus(ops[0], /*refresh=*/false, &status).ok());
  EXPECT_EQ(status.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
}

// acme also cancels through Cielo API Única, whose official letters cancela fetches from Cielo.
class OfficialLettersAuthorizationE2eTest : public AuthorizationE2eTest {
 protected:
  static constexpr char kUnica[] = "cielo-unica/acme";

  void SetUp() override {
    unica_dir_ = (std::filesystem::temp_directory_path() /
                  absl::StrCat("cancela-authz-unica-", getpid(), "-", NewKey()))
                     .string();
    std::filesystem::create_directories(unica_dir_);
    MakeTlsFiles(unica_dir_);
    if (HasFatalFailure()) return;
    sandbox::CieloUnicaSimulator::Options options;
    options.clock = &clock_;
    options.tls = sandbox::TlsServerFiles{unica_dir_ + "/server.pem", unica_dir_ + "/server.key",
                                          unica_dir_ + "/ca.pem"};
    unica_ = std::make_unique<sandbox::CieloUnicaSimulator>(options);
    ASSERT_TRUE(unica_->Start().ok());
    AuthorizationE2eTest::SetUp();
  }
  void TearDown() override {
    AuthorizationE2eTest::TearDown();
    unica_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(unica_dir_, ignored);
  }
  void Configure(server::Config& config) const override {
    AuthorizationE2eTest::Configure(config);
    server::ProviderAccountConfig account;
    account.name = kUnica;
    account.provider = "cielo_unica";
    account.tenants = {"acme"};
    account.settings = {
        {"base_url", unica_->base_url()},
        {"token_url", unica_->token_url()},
        {"client_id", {{"value", sandbox::cielo_unica_seed::kClientId}}},
        {"client_secret", {{"value", sandbox::cielo_unica_seed::kClientSecret}}},
        {"tls", {{"client_certificate_file", unica_dir_ + "/client.pem"},
                 {"client_key_file", unica_dir_ + "/client.key"},
                 {"ca_file", unica_dir_ + "/ca.pem"}}},
        {"cnpj_roots", {{"12345678", {"2005157770"}}}}};
    config.provider_accounts.push_back(account);
  }

  std::string unica_dir_;
  std::unique_ptr<sandbox::CieloUnicaSimulator> unica_;
};

TEST_F(OfficialLettersAuthorizationE2eTest, AnotherTenantNeitherGetsNorMakesCancelaFetchOne) {
  v1::RefundRequest request;
  request.set_provider_account(kUnica);
  auto* sale = request.mutable_sale()->mutable_cielo_unica();
  sale->set_merchant_id("2005157770");
  sale->set_authorization_code("546441");
  sale->set_sale_date("2026-11-17");
  sale->mutable_sale_amount()->set_amount_minor_units(70000);
  sale->mutable_sale_amount()->set_currency_code("BRL");
  sale->set_product(v1::CIELO_UNICA_PRODUCT_CREDIT);
  sale->set_brand("Visa");
  request.mutable_amount()->set_amount_minor_units(2500);
  request.mutable_amount()->set_currency_code("BRL");
  request.set_idempotency_key(NewKey());
  v1::RefundResponse refund;
  ASSERT_TRUE(Refund(request, &refund).ok());
  const std::string op = refund.operation().operation_id();
  clock_.Advance(absl::Hours(17 + 24) + absl::Minutes(1));  // past Cielo's batch of D+2
  v1::GetStatusResponse status;
  ASSERT_TRUE(GetStatus(op, /*refresh=*/true, &status).ok());
  ASSERT_EQ(status.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);

  const int64_t asked = RequestsIn(unica_->ledger());
  const int64_t asked_elsewhere = ProviderRequests();
  auto letter = [this](const std::string& id, Credential credential) {
    grpc::ClientContext context;
    Present(context, credential);
    v1::GetLetterRequest get;
    get.set_operation_id(id);
    v1::GetLetterResponse response;
    const grpc::Status answer = stub_->GetLetter(&context, get, &response);
    return std::make_pair(answer, response.letter());
  };
  const grpc::Status theirs = letter(op, Credential::kGlobex).first;
  const grpc::Status missing = letter(kMissingOperation, Credential::kGlobex).first;
  ExpectRejected(theirs, grpc::StatusCode::NOT_FOUND, "OPERATION_NOT_FOUND");
  EXPECT_EQ(theirs.error_message(), missing.error_message());
  EXPECT_EQ(absl::StrReplaceAll(theirs.error_details(), {{op, kMissingOperation}}),
            missing.error_details());
  ExpectRejected(letter(op, Credential::kUnknown).first, grpc::StatusCode::UNAUTHENTICATED,
                 "CREDENTIALS_INVALID");
  {
    grpc::ClientContext context;
    Present(context, Credential::kGlobex);
    v1::BatchGetLettersRequest batch;
    batch.add_operation_ids(op);
    auto reader = stub_->BatchGetLetters(&context, batch);
    v1::BatchGetLettersResponse item;
    ASSERT_TRUE(reader->Read(&item));
    EXPECT_EQ(item.failure().reason(), "OPERATION_NOT_FOUND");
    EXPECT_FALSE(reader->Read(&item));
    EXPECT_TRUE(reader->Finish().ok());
  }
  EXPECT_EQ(RequestsIn(unica_->ledger()), asked) << "Cielo was asked for another tenant";
  EXPECT_EQ(ProviderRequests(), asked_elsewhere);

  // Its owner gets Cielo's letter, which cancela fetches now.
  const auto [ok, official] = letter(op, Credential::kAcme);
  ASSERT_TRUE(ok.ok()) << ok.error_message();
  EXPECT_EQ(official.source(), v1::LETTER_SOURCE_PROVIDER);
  EXPECT_GT(RequestsIn(unica_->ledger()), asked);
}

}  // namespace
}  // namespace cancela::testing

#include "service/core/fingerprint.h"

#include <set>

#include "gtest/gtest.h"
#include "service/core/ids.h"
#include "service/core/request_validation.h"

namespace cancela::core {
namespace {

CancelRequest Base() {
  CancelRequest r;
  r.kind = providers::OperationKind::kRefund;
  r.provider_account = "cielo-ecommerce/loja-centro";
  r.sale = providers::CieloEcommerceSaleRef{"24bc8366-fc31-4d6c-8555-17049a836a07"};
  r.amount_minor_units = 2500;
  r.currency = "BRL";
  r.reason = "r";
  r.idempotency_key = "key-0000000000000001";
  r.metadata = {{"a", "1"}, {"b", "2"}};
  return r;
}

TEST(FingerprintTest, SameMeaningSameFingerprintWhateverTheKey) {
  CancelRequest a = Base();
  CancelRequest b = Base();
  b.idempotency_key = "another-key-000000002";  // the key is not part of the request's meaning
  b.sale_reference = "different bytes";          // serialized proto bytes never count
  EXPECT_EQ(RequestFingerprint(a), RequestFingerprint(b));
}

TEST(FingerprintTest, EveryMeaningfulFieldChangesIt) {
  const std::string base = RequestFingerprint(Base());
  std::vector<CancelRequest> variants(8, Base());
  variants[0].kind = providers::OperationKind::kVoid;
  variants[1].provider_account = "cielo-ecommerce/outra";
  variants[2].sale = providers::CieloEcommerceSaleRef{"24bc8366-fc31-4d6c-8555-17049a836a08"};
  variants[3].amount_minor_units = 2501;
  variants[4].amount_minor_units.reset();
  variants[5].reason = "other";
  variants[6].metadata["c"] = "3";
  variants[7].metadata["a"] = "1b";
  for (const CancelRequest& v : variants) EXPECT_NE(RequestFingerprint(v), base);
}

TEST(FingerprintTest, LengthPrefixingPreventsAmbiguity) {
  CancelRequest a = Base();
  a.metadata = {{"ab", "c"}};
  CancelRequest b = Base();
  b.metadata = {{"a", "bc"}};
  EXPECT_NE(RequestFingerprint(a), RequestFingerprint(b));
}

TEST(FingerprintTest, Sha256MatchesAKnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(IdsTest, OperationIdsAreWellFormedUniqueAndTimeOrdered) {
  std::set<std::string> seen;
  const absl::Time t0 = absl::FromUnixSeconds(1'800'000'000);
  std::string previous;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = NewOperationId(t0 + absl::Milliseconds(i));
    EXPECT_TRUE(IsWellFormedOperationId(id)) << id;
    EXPECT_TRUE(seen.insert(id).second);
    // The first ten characters after "op_" are the milliseconds: ids sort by creation time.
    if (!previous.empty()) {
      EXPECT_LT(previous.substr(3, 10), id.substr(3, 10));
    }
    previous = id;
  }
}

}  // namespace
}  // namespace cancela::core

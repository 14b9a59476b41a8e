// The scrubber: what it masks and redacts, what it must leave alone, and that it costs nothing
// when there is nothing to scrub.

#include "common/scrub.h"

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include "gtest/gtest.h"

// Counts heap allocations while a test asks for it: the fast path must make none.
namespace {
thread_local bool counting = false;
thread_local int allocations = 0;
}  // namespace

void* operator new(std::size_t size) {
  if (counting) ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace cancela {
namespace {

// Luhn-valid test numbers of each shape the scrubber must catch.
constexpr char kVisa16[] = "4111111111111111";
constexpr char kAmex15[] = "378282246310005";
constexpr char kVisa13[] = "4222222222222";
constexpr char kVisa19[] = "4000000000000000006";
constexpr char kMastercard[] = "5555555555554444";

TEST(ScrubCardsTest, MasksLuhnValidNumbersToFirstSixAndLastFour) {
  EXPECT_EQ(Scrubbed(kVisa16), "411111******1111");
  EXPECT_EQ(Scrubbed(kAmex15), "378282*****0005");
  EXPECT_EQ(Scrubbed(kVisa13), "422222***2222");
  EXPECT_EQ(Scrubbed(kVisa19), "400000*********0006");
  EXPECT_EQ(Scrubbed("2221000000000009"), "222100******0009");  // Mastercard's 2-series
  EXPECT_EQ(Scrubbed(std::string("card ") + kMastercard + " declined"),
            "card 555555******4444 declined");
}

TEST(ScrubCardsTest, MasksGroupedNumbers) {
  EXPECT_EQ(Scrubbed("4111 1111 1111 1111"), "411111******1111");
  EXPECT_EQ(Scrubbed("4111-1111-1111-1111"), "411111******1111");
  EXPECT_EQ(Scrubbed("Amex 3782 822463 10005."), "Amex 378282*****0005.");
  // A number that runs on into other digit groups is still found, on group boundaries.
  EXPECT_EQ(Scrubbed("2026-12-02 4111 1111 1111 1111"), "2026-12-02 411111******1111");
}

TEST(ScrubCardsTest, MasksAtStringBoundariesAndAmongMultibyteText) {
  EXPECT_EQ(Scrubbed(std::string(kVisa16) + " no início"), "411111******1111 no início");
  EXPECT_EQ(Scrubbed(std::string("fim: ") + kVisa16), "fim: 411111******1111");
  EXPECT_EQ(Scrubbed(std::string("Cartão→") + kVisa16 + "←é"), "Cartão→411111******1111←é");
  EXPECT_EQ(Scrubbed(std::string("ação") + kVisa16 + "ção"), "ação411111******1111ção");
  // Glued to letters is still a card number in free text.
  EXPECT_EQ(Scrubbed(std::string("PAN") + kVisa16 + "x"), "PAN411111******1111x");
  EXPECT_EQ(Scrubbed(std::string("a") + kVisa16 + "," + kAmex15),
            "a411111******1111,378282*****0005");
}

TEST(ScrubCardsTest, LeavesOtherNumbersAlone) {
  for (const std::string text : {
           "4111111111111112",                   // fails the Luhn check
           "order 1234567890123456 shipped",     // an order number, not Luhn-valid
           "R$ 1.234.567,89 refunded of 9999999999",
           "amount_minor_units=999999999999999",  // not Luhn-valid either
           "at 1733140800124 ms",                // Luhn-valid Unix timestamps: ms, µs, ns
           "at 1764686000123463 us", "test-key-1764686000123456791-3",
           "2064686000123468",                   // Luhn-valid, but 20… is no issuer's
           "TID 0719094510729",                  // a Luhn-valid 13-digit Cielo TID (starts with 0)
           "0111111111111119",                   // Luhn-valid, but no card number starts with 0
           "41111111111111111111",               // 20 digits: longer than any card number
           "5eed2000000000000000000000000001",   // a Zoop id: 31 digits in a row
           "2026-12-02T13:36:23.000123Z",
           "PayU order 1400462414, transaction 5fde3c2c-540d-4579-96f7-2a4b8c65a951",
           "411111******1111",                   // already masked
       }) {
    std::string copy = text;
    EXPECT_FALSE(ScrubInPlace(copy)) << text;
    EXPECT_EQ(copy, text);
  }
}

TEST(ScrubSecretsTest, RedactsBearerTokens) {
  EXPECT_EQ(Scrubbed("authorization: Bearer abc.DEF-123_~+/="), "authorization: Bearer [REDACTED]");
  EXPECT_EQ(Scrubbed("sent bearer eyJhbGciOi.eyJzdWIi.sig and more"),
            "sent bearer [REDACTED] and more");
  EXPECT_EQ(Scrubbed("Authorization: Basic ZGVtbzpzZWNyZXQ="), "Authorization: Basic [REDACTED]");
}

TEST(ScrubSecretsTest, RedactsCredentialValuesInJson) {
  EXPECT_EQ(Scrubbed(R"({"MerchantKey":"LOJA123","merchant_key": "a b", "apiKey":12345})"),
            R"({"MerchantKey":"[REDACTED]","merchant_key": "[REDACTED]", "apiKey":[REDACTED]})");
  EXPECT_EQ(Scrubbed(R"({"password":"p\"w","client_secret":"s","access_token":"t","id":"7"})"),
            R"({"password":"[REDACTED]","client_secret":"[REDACTED]","access_token":"[REDACTED]","id":"7"})");
  // JSON quoted inside a JSON string, as a provider's body in an error message.
  EXPECT_EQ(Scrubbed(R"("body":"{\"api_key\":\"K1\",\"x\":1}")"),
            R"("body":"{\"api_key\":\"[REDACTED]\",\"x\":1}")");
}

TEST(ScrubSecretsTest, RedactsCredentialValuesInQueriesFormsAndHeaders) {
  EXPECT_EQ(Scrubbed("GET /v1?api_key=abc&page=2&Token=xyz#frag"),
            "GET /v1?api_key=[REDACTED]&page=2&Token=[REDACTED]#frag");
  EXPECT_EQ(Scrubbed("client_id=cancela&client_secret=s3cr3t&grant_type=client_credentials"),
            "client_id=cancela&client_secret=[REDACTED]&grant_type=client_credentials");
  EXPECT_EQ(Scrubbed("MerchantKey: LOJACENTRO0001\r\nRequestId: 77"),
            "MerchantKey: [REDACTED]\r\nRequestId: 77");
  EXPECT_EQ(Scrubbed("X-Api-Key: zpk_test_0001; Password = hunter2"),
            "X-Api-Key: [REDACTED]; Password = [REDACTED]");
  EXPECT_EQ(Scrubbed("host=db user=cancela password=s3cret dbname=cancela"),
            "host=db user=cancela password=[REDACTED] dbname=cancela");
}

TEST(ScrubSecretsTest, RedactsUrlPasswords) {
  EXPECT_EQ(Scrubbed("postgresql://cancela:s3cret@db:5432/cancela"),
            "postgresql://cancela:[REDACTED]@db:5432/cancela");
  EXPECT_EQ(Scrubbed("see https://user:pw@host/path and http://host:8080/x?y=1"),
            "see https://user:[REDACTED]@host/path and http://host:8080/x?y=1");
}

TEST(ScrubSecretsTest, LeavesProseAboutCredentialsAlone) {
  for (const std::string text : {
           "page_token: not a token this server issued",
           "send `authorization: Bearer <token>` metadata",
           "settings.merchant_key: expected exactly one of {\"file\": path}",
           "idempotency_key: required: 16 to 255 printable ASCII characters",
           "the token endpoint answered 401",
       }) {
    std::string copy = text;
    EXPECT_FALSE(ScrubInPlace(copy)) << text;
    EXPECT_EQ(copy, text);
  }
}

TEST(ScrubSecretsTest, RedactsRememberedCredentialsWhereverTheyAppear) {
  RememberSecret("CANARY-remembered-credential-0001");
  RememberSecret("short");  // too short to remember: it would redact ordinary words
  EXPECT_EQ(Scrubbed("provider said CANARY-remembered-credential-0001 is wrong; short"),
            "provider said [REDACTED] is wrong; short");
}

TEST(ScrubTest, MasksAndRedactsTogether) {
  EXPECT_EQ(Scrubbed(std::string("{\"token\":\"") + kVisa16 + "\",\"card\":\"" + kVisa16 + "\"}"),
            "{\"token\":\"[REDACTED]\",\"card\":\"411111******1111\"}");
}

TEST(ScrubTest, ScrubbingTwiceChangesNothing) {
  std::string text = std::string("Bearer abc123 MerchantKey: K99 ") + kVisa16 +
                     " https://u:p@h {\"password\":\"x\"} api_key=1";
  EXPECT_TRUE(ScrubInPlace(text));
  const std::string once = text;
  EXPECT_FALSE(ScrubInPlace(text));
  EXPECT_EQ(text, once);
}

TEST(ScrubTest, AllocatesNothingWhenThereIsNothingToScrub) {
  std::string text =
      "rpc Refund answered OK in 12.5 ms for op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B, order 1400462414, "
      "sale 5eed0000-0000-4000-8000-000000000001, at 2026-12-02T13:36:23Z: page_token: was issued";
  counting = true;
  allocations = 0;
  const bool changed = ScrubInPlace(text);
  const IdentifierFindings findings = InspectIdentifier(text);
  counting = false;
  EXPECT_FALSE(changed);
  EXPECT_FALSE(findings.card_number);
  EXPECT_FALSE(findings.secret);
  EXPECT_EQ(allocations, 0);
  // The counter works: a scrub that rewrites allocates.
  std::string card = std::string("x ") + kVisa16 + std::string(40, 'y');
  counting = true;
  ScrubInPlace(card);
  counting = false;
  EXPECT_GT(allocations, 0);
}

TEST(InspectIdentifierTest, FindsCardNumbersStandingAlone) {
  for (const std::string& id : {std::string(kVisa16), std::string("4111-1111-1111-1111"),
                               std::string("4111 1111 1111 1111"), std::string("refund-") + kVisa16,
                               std::string(kAmex15) + "_retry", std::string(kVisa19)}) {
    EXPECT_TRUE(InspectIdentifier(id).card_number) << id;
    EXPECT_FALSE(InspectIdentifier(id).secret) << id;
  }
}

TEST(InspectIdentifierTest, AcceptsRealProviderIdentifiers) {
  for (const std::string id : {
           "5eed2000000000000000000000000001",      // Zoop transaction
           "ab4111111111111111cd",                  // hex id with a Luhn-valid run inside
           "c4ec0000000000000000000000000001",      // Cielo Checkout order number
           "12345678-1234-1000-1234-123456789012",  // a GUID whose first 16 digits pass Luhn
           "9000000001", "1400462414",              // PayU order ids
           "20051577703PPIQIJ7FB", "0719094510729",  // Cielo TIDs (the second passes Luhn)
           "515027", "2005157770",                  // NSU, EC number
           "walkthrough-refund-0001", "cielo-ecommerce/loja-centro",
           "test-key-1764686000123456791-3",        // a nanosecond timestamp in a key
       }) {
    EXPECT_FALSE(InspectIdentifier(id).card_number) << id;
    EXPECT_FALSE(InspectIdentifier(id).secret) << id;
  }
}

TEST(InspectIdentifierTest, FindsCredentials) {
  RememberSecret("CANARY-identifier-credential-0002");
  EXPECT_TRUE(InspectIdentifier("api_key=abc123").secret);
  EXPECT_TRUE(InspectIdentifier("key-CANARY-identifier-credential-0002").secret);
  EXPECT_TRUE(InspectIdentifier("https://u:pw@host").secret);
}

}  // namespace
}  // namespace cancela

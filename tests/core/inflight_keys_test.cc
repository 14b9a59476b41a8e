#include "service/core/inflight_keys.h"

#include "gtest/gtest.h"

namespace cancela::core {
namespace {

TEST(InflightKeysTest, ASecondClaimOfAHeldKeyIsRefusedUntilTheFirstIsReleased) {
  InflightKeys keys;
  {
    auto first = keys.TryClaim("acme", "key-1");
    ASSERT_TRUE(first.has_value());
    EXPECT_FALSE(keys.TryClaim("acme", "key-1").has_value());
  }
  EXPECT_TRUE(keys.TryClaim("acme", "key-1").has_value());
}

TEST(InflightKeysTest, KeysAreHeldPerTenant) {
  InflightKeys keys;
  auto acme = keys.TryClaim("acme", "key-1");
  ASSERT_TRUE(acme.has_value());
  EXPECT_TRUE(keys.TryClaim("globex", "key-1").has_value());
  EXPECT_TRUE(keys.TryClaim("acme", "key-2").has_value());
  // "a" + "b\0c" must not collide with "a\0b" + "c".
  auto split = keys.TryClaim("acm", std::string("e\0key-1", 7));
  EXPECT_TRUE(split.has_value());
}

TEST(InflightKeysTest, AMovedClaimReleasesOnce) {
  InflightKeys keys;
  std::optional<InflightKeys::Claim> outer;
  {
    auto claim = keys.TryClaim("acme", "key-1");
    ASSERT_TRUE(claim.has_value());
    outer.emplace(std::move(*claim));
  }  // the moved-from claim is destroyed here and must not release the key
  EXPECT_FALSE(keys.TryClaim("acme", "key-1").has_value());
  outer.reset();
  EXPECT_TRUE(keys.TryClaim("acme", "key-1").has_value());
}

}  // namespace
}  // namespace cancela::core

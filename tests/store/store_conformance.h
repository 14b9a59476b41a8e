#pragma once
// The contract of store.h as one parameterized suite. Every Store implementation instantiates it
// with a factory (INSTANTIATE_TEST_SUITE_P), so SQLite and PostgreSQL are held to the same rules.

#include <functional>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "service/store/store.h"

namespace cancela::store::testing {

// Makes a fresh, empty store; `name` is unique per test.
using StoreFactory = std::function<std::unique_ptr<Store>(const std::string& name)>;

class StoreConformanceTest : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override;

  // A new partial refund request on `sale` for `amount`, keyed `key` by `tenant`.
  BeginRequest Request(const std::string& key, int64_t amount, const std::string& sale = "sale-1",
                       const std::string& tenant = "acme", bool total = false);

  std::unique_ptr<Store> store_;
  absl::Time now_ = absl::FromUnixSeconds(1'795'000'000);
  int next_id_ = 0;
};

}  // namespace cancela::store::testing

#include "providers/cielo_checkout/cielo_checkout_notification.h"

#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace cancela::providers::cielo_checkout {
namespace {

constexpr char kForm[] = "application/x-www-form-urlencoded; charset=utf-8";
constexpr char kOrder[] = "c4ec0000000000000000000000000003";

TEST(CieloCheckoutNotificationTest, TheStatusChangeFormNamesTheOrderAndItsStatus) {
  auto n = ParseNotification(kForm, std::string("checkout_cielo_order_number=") + kOrder +
                                        "&amount=20000&order_number=pedido+n%C2%BA3"
                                        "&payment_status=5&brand=Visa");
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(n->checkout_order_number, kOrder);
  EXPECT_EQ(n->payment_status, 5);
}

TEST(CieloCheckoutNotificationTest, TheJsonFinalisationNamesNoCheckoutOrder) {
  auto n = ParseNotification("application/json",
                             R"({"MerchantId": "m", "MerchantOrderNumber": "p-3", "Url": "u"})");
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_TRUE(n->checkout_order_number.empty());
  EXPECT_FALSE(ParseNotification("application/json", "{}").ok());
}

TEST(CieloCheckoutNotificationTest, WhatCannotBeReadIsRefused) {
  const std::string order = std::string("checkout_cielo_order_number=") + kOrder;
  for (const auto& [type, body] : std::vector<std::pair<std::string, std::string>>{
           {"text/plain", order},
           {kForm, "payment_status=5"},
           {kForm, order + "&payment_status=cinco"},
           {kForm, order + "&payment_status=0"},
           {kForm, order + "&payment_status=5&payment_status=2"},
           {kForm, order + "%"},
           {kForm, order + "%4"},
           {kForm, "checkout_cielo_order_number=..%2F..%2Ftoken"},
           {kForm, std::string(20 * 1024, 'a')},
       }) {
    auto n = ParseNotification(type, body);
    ASSERT_FALSE(n.ok()) << body.substr(0, 80);
    EXPECT_EQ(n.status().code(), absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace cancela::providers::cielo_checkout

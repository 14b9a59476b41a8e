// A Secret cannot be printed by accident: every usual way of turning it into text fails to
// compile. Proved here with the detection idiom; each check is paired with a control type that
// does print, so a broken detector cannot pass.

#include "common/secret.h"

#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace cancela {
namespace {

template <typename T, typename = void>
struct Streamable : std::false_type {};
template <typename T>
struct Streamable<T, std::void_t<decltype(std::declval<std::ostream&>() << std::declval<const T&>())>>
    : std::true_type {};

// Newer Abseil prints (StrCat, StrFormat, LOG) any type with an AbslStringify found by ADL.
struct StringSink {
  void Append(std::string_view) {}
};
template <typename T, typename = void>
struct HasAbslStringify : std::false_type {};
template <typename T>
struct HasAbslStringify<T, std::void_t<decltype(AbslStringify(std::declval<StringSink&>(),
                                                              std::declval<const T&>()))>>
    : std::true_type {};

struct Stringifiable {
  template <typename Sink>
  friend void AbslStringify(Sink&, const Stringifiable&) {}
};

static_assert(Streamable<std::string>::value, "control: the detector sees operator<<");
static_assert(!Streamable<Secret>::value, "a Secret must not stream");

static_assert(HasAbslStringify<Stringifiable>::value, "control: the detector sees AbslStringify");
static_assert(!HasAbslStringify<Secret>::value, "a Secret must not stringify");

static_assert(std::is_constructible_v<absl::AlphaNum, const std::string&>, "control");
static_assert(!std::is_constructible_v<absl::AlphaNum, const Secret&>, "no StrCat(secret)");

static_assert(std::is_constructible_v<nlohmann::json, const std::string&>, "control");
static_assert(!std::is_constructible_v<nlohmann::json, const Secret&>, "no JSON of a secret");

// No implicit conversion either way: a Secret never passes for text (a proto setter, a log
// field), and text never silently becomes a Secret.
static_assert(!std::is_convertible_v<const Secret&, std::string>);
static_assert(!std::is_convertible_v<const Secret&, std::string_view>);
static_assert(!std::is_convertible_v<const Secret&, const char*>);
static_assert(!std::is_convertible_v<const Secret&, bool>);
static_assert(!std::is_convertible_v<std::string, Secret>);
static_assert(!std::is_convertible_v<const char*, Secret>);

TEST(SecretTest, RevealIsTheOnlyWayToTheValue) {
  const Secret secret("CANARY-secret-test-0001");
  EXPECT_EQ(secret.Reveal(), "CANARY-secret-test-0001");
  EXPECT_FALSE(secret.empty());
  EXPECT_TRUE(Secret().empty());
}

TEST(SecretTest, GoogleTestPrintsOnlyTheRedactionMarker) {
  // Without a printer GoogleTest would dump the object's bytes, a short value's characters
  // among them.
  const std::string printed = ::testing::PrintToString(Secret("hunter2"));
  EXPECT_EQ(printed, Secret::kRedacted);
}

}  // namespace
}  // namespace cancela

#pragma once
// A test hook every simulator shares: once armed with a text, it writes that text into each
// protocol reply the simulator sends — every free-text field of a JSON body (at any depth), one
// unknown extra field in every JSON object, the body of a non-JSON text answer (an HTML 500, an
// empty 404) and an extra response header — on success and error replies alike; optionally a full
// card number where the reply shows a masked one. A secret-hygiene
// test arms it with canary secrets and card numbers and proves none of them leaves the gateway.
// Binary bodies (letters' PDF and ZIP) are left alone. Off until Arm(); admin route: FloodRoute.

#include <cstdint>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "nlohmann/json.hpp"
#include "providers/sandbox/http_message.h"

namespace cancela::sandbox {

class ReplyFlood {
 public:
  // The extra field added to every JSON object and the extra header.
  static constexpr char kExtraField[] = "sandbox_note";
  static constexpr char kExtraHeader[] = "X-Sandbox-Note";

  struct Counts {
    int64_t replies = 0;         // replies flooded (all answered while armed; resets excluded)
    int64_t flooded_fields = 0;  // free-text fields and text bodies that got it (extras aside)
  };

  // Floods every reply from now on with `text` (a header value: no CR or LF), counts from zero.
  // A `card_number`, when given, replaces the masked number of every card field ("CardNumber",
  // "maskedNumber"): a provider that answers with the full number where a masked one belongs.
  void Arm(std::string text, std::string card_number = "") ABSL_LOCKS_EXCLUDED(mu_);
  void Disarm() ABSL_LOCKS_EXCLUDED(mu_);

  // Writes the text into `reply` if armed. Simulators call it on every protocol reply.
  void Apply(HttpReply& reply) ABSL_LOCKS_EXCLUDED(mu_);

  Counts counts() const ABSL_LOCKS_EXCLUDED(mu_);
  // {"armed", "text", "replies", "flooded_fields"}.
  nlohmann::json ToJson() const ABSL_LOCKS_EXCLUDED(mu_);

  // Whether a JSON key names free text a provider writes for people (messages, descriptions,
  // details, a PayU "error"), as opposed to codes and identifiers a client matches on.
  static bool IsFreeTextKey(const std::string& key);
  // Whether a JSON key names a (masked) card number.
  static bool IsCardNumberKey(const std::string& key);

 private:
  mutable absl::Mutex mu_;
  std::string text_ ABSL_GUARDED_BY(mu_);
  std::string card_number_ ABSL_GUARDED_BY(mu_);
  bool armed_ ABSL_GUARDED_BY(mu_) = false;
  Counts counts_ ABSL_GUARDED_BY(mu_);
};

}  // namespace cancela::sandbox

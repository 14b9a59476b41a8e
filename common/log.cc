#include "common/log.h"

#include <atomic>
#include <cstdio>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/scrub.h"
#include "nlohmann/json.hpp"

namespace cancela::log {
namespace {

std::atomic<Level> g_min_level{Level::kInfo};

const char* Name(Level level) {
  switch (level) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
  }
  return "info";
}

}  // namespace

void SetMinimumLevel(Level level) { g_min_level.store(level); }

void Write(Level level, std::string_view message, std::initializer_list<Field> fields) {
  if (level < g_min_level.load()) return;
  nlohmann::json line;
  line["ts"] = absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", absl::Now(), absl::UTCTimeZone());
  line["level"] = Name(level);
  // Scrubbed here so that no call site has to remember: a field may carry a provider's text or
  // an error message that quotes one.
  line["msg"] = Scrubbed(message);
  for (const auto& [key, value] : fields) line[std::string(key)] = Scrubbed(value);
  // Replace invalid UTF-8 instead of throwing: a log line must never take the server down.
  const std::string text =
      line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::fwrite(text.data(), 1, text.size(), stderr);
}

}  // namespace cancela::log

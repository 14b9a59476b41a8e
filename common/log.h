#pragma once
// Structured JSON logs, one object per line on stderr. Fields are values cancela chose (ids,
// codes, reasons, durations) — never tokens, credentials, card numbers or caller free text. As a
// backstop, Write scrubs the message and every field value (common/scrub.h).

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace cancela::log {

enum class Level { kDebug, kInfo, kWarn, kError };

using Field = std::pair<std::string_view, std::string>;

void Write(Level level, std::string_view message, std::initializer_list<Field> fields = {});

inline void Info(std::string_view m, std::initializer_list<Field> f = {}) { Write(Level::kInfo, m, f); }
inline void Warn(std::string_view m, std::initializer_list<Field> f = {}) { Write(Level::kWarn, m, f); }
inline void Error(std::string_view m, std::initializer_list<Field> f = {}) { Write(Level::kError, m, f); }

// Messages below this level are dropped (default kInfo).
void SetMinimumLevel(Level level);

}  // namespace cancela::log

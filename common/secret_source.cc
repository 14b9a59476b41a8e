#include "common/secret_source.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/scrub.h"

namespace cancela {
namespace {

// Every configured credential is also redacted wherever it shows up later (a provider echoing it
// in an error message, say).
Secret Loaded(std::string value) {
  RememberSecret(value);
  return Secret(std::move(value));
}

}  // namespace

absl::StatusOr<Secret> LoadSecret(const nlohmann::json& source, std::string_view field_path) {
  const std::string field(field_path);
  if (!source.is_object() || source.size() != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": expected exactly one of {\"file\": path}, {\"env\": name}, {\"value\": text}"));
  }
  const auto only = source.begin();  // an iterator, not a proxy: key() and value() stay valid
  const std::string kind = only.key();
  const nlohmann::json& arg = only.value();
  if (!arg.is_string() || arg.get<std::string>().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ".", kind, ": must be a non-empty string"));
  }
  const std::string name = arg.get<std::string>();
  if (kind == "value") return Loaded(name);
  if (kind == "env") {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr || *value == '\0') {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".env: environment variable ", name, " is not set"));
    }
    return Loaded(value);
  }
  if (kind == "file") {
    std::ifstream in(name, std::ios::binary);
    if (!in) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".file: cannot read ", name));
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string value = buffer.str();
    // Files written by editors and `kubectl create secret` often end in a newline.
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
    if (value.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ".file: ", name, " is empty"));
    return Loaded(std::move(value));
  }
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": unknown source \"", kind, "\" (use file, env or value)"));
}

}  // namespace cancela

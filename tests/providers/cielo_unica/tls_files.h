#pragma once
// A CA, a server certificate for 127.0.0.1 and client certificates (one signed by another CA),
// generated for this test run by scripts/make-tls-files.sh. CANCELA_SOURCE_DIR comes from CMake.

#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace cancela::testing {

inline void MakeTlsFiles(const std::string& dir) {
  const std::string command =
      absl::StrCat("\"", CANCELA_SOURCE_DIR, "/scripts/make-tls-files.sh\" \"", dir, "\"");
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

}  // namespace cancela::testing

// cancela_test_postgres start|stop DIR: the ctest fixture around every PostgreSQL test. `start`
// creates a throwaway server under DIR and records it in DIR/current; `stop` stops it and removes
// its data.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/postgres_server.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: cancela_test_postgres start|stop DIR\n");
    return 2;
  }
  const std::string command = argv[1];
  const std::string dir = argv[2];
  const std::string current = dir + "/current";
  if (command == "start") {
    std::filesystem::create_directories(dir);
    auto server = cancela::testing::PostgresServer::Create(dir);
    if (!server.ok()) {
      std::fprintf(stderr, "%s\n", std::string(server.status().message()).c_str());
      return 1;
    }
    std::filesystem::remove_all(current);
    std::filesystem::create_directory_symlink((*server)->dir(), current);
    std::printf("PostgreSQL for tests on 127.0.0.1:%d in %s\n", (*server)->port(),
                (*server)->dir().c_str());
    server->release();  // keeps running for the tests; `stop` ends it
    return 0;
  }
  if (command == "stop") {
    std::error_code error;
    const auto target = std::filesystem::read_symlink(current, error);
    if (error) return 0;  // nothing started
    auto server = cancela::testing::PostgresServer::Attach(target.string());
    if (server.ok()) (void)(*server)->Stop(/*immediate=*/false);
    std::filesystem::remove_all(target, error);
    std::filesystem::remove(current, error);
    return 0;
  }
  std::fprintf(stderr, "unknown command %s\n", command.c_str());
  return 2;
}

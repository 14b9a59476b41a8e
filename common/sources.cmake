# The sources of cancela_common, listed once: common/CMakeLists.txt builds them, and the fuzz
# build (fuzz/CMakeLists.txt) compiles the same list with sanitizer coverage.
set(CANCELA_COMMON_SOURCES errors.cc json_access.cc log.cc scrub.cc secret_source.cc)

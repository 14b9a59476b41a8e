# Every third-party dependency comes from the distribution's packages (see scripts/setup.sh).
find_package(Threads REQUIRED)
find_package(Protobuf REQUIRED)          # CMake's FindProtobuf: Debian ships no protobuf-config.cmake
find_package(gRPC CONFIG REQUIRED)
find_package(absl CONFIG REQUIRED)
find_package(CURL REQUIRED)
find_package(nlohmann_json 3.11 CONFIG REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)       # libpq only (libpq-dev)
find_package(prometheus-cpp CONFIG REQUIRED)
# pkg-config only: pango/cairo (letters, PDF with embedded fonts) and libzip (letter archives;
# Debian's libzip CMake package references tools libzip-dev does not install).
find_package(PkgConfig REQUIRED)
pkg_check_modules(PANGOCAIRO REQUIRED IMPORTED_TARGET pangocairo cairo-pdf)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)

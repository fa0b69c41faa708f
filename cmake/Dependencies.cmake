# Every external dependency of Lintas is found here, and only here. All are Debian 12 packages
# (scripts/common.sh lists the packages, LINTAS_PACKAGES).
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(Protobuf 3.21 REQUIRED)
find_package(gRPC CONFIG REQUIRED)
find_package(absl CONFIG REQUIRED)
find_package(OpenSSL 3 REQUIRED)
find_package(yaml-cpp CONFIG REQUIRED)
find_package(spdlog CONFIG REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(GTest CONFIG REQUIRED)
find_package(benchmark CONFIG REQUIRED)
pkg_check_modules(HIREDIS REQUIRED IMPORTED_TARGET hiredis)
pkg_check_modules(MHD REQUIRED IMPORTED_TARGET libmicrohttpd)

find_program(LINTAS_GRPC_CPP_PLUGIN grpc_cpp_plugin REQUIRED)
find_program(LINTAS_REDIS_SERVER redis-server PATHS /usr/bin /usr/local/bin REQUIRED)
find_path(LINTAS_HTTPLIB_INCLUDE httplib.h REQUIRED)
# Debian ships httplib compiled (libcpp-httplib.so); its -D flags change class layouts.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)

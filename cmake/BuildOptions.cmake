# Build switches shared by every target: warnings, -Werror and the sanitizers.

# LINTAS_SANITIZE: empty (none), "address,undefined" or "thread". The flags go on every
# translation unit of the build (generated protobuf code included), not on a target: code built
# without them would hide races and overflows inside it, and ASan and TSan cannot be mixed.
set(LINTAS_SANITIZE "" CACHE STRING "Sanitizers: empty, address,undefined or thread")
set_property(CACHE LINTAS_SANITIZE PROPERTY STRINGS "" "address,undefined" "thread")
if(LINTAS_SANITIZE STREQUAL "address,undefined")
  # -fno-sanitize-recover: a UBSan finding aborts the test instead of printing and passing.
  set(_lintas_san -fsanitize=address,undefined -fno-sanitize-recover=all)
elseif(LINTAS_SANITIZE STREQUAL "thread")
  set(_lintas_san -fsanitize=thread)
elseif(NOT LINTAS_SANITIZE STREQUAL "")
  message(FATAL_ERROR "LINTAS_SANITIZE must be empty, address,undefined or thread; got "
                      "'${LINTAS_SANITIZE}'")
endif()
if(DEFINED _lintas_san)
  add_compile_options(${_lintas_san} -fno-omit-frame-pointer)
  add_link_options(${_lintas_san})
endif()

# Warnings apply to our own targets only (generated protobuf code is compiled without them).
option(LINTAS_WERROR "Turn warnings into errors (CI turns it on)" OFF)
add_library(lintas_warnings INTERFACE)
target_compile_options(lintas_warnings INTERFACE -Wall -Wextra)
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  # Checks the ABSL_GUARDED_BY / ABSL_EXCLUSIVE_LOCKS_REQUIRED annotations; gcc has no such check.
  target_compile_options(lintas_warnings INTERFACE -Wthread-safety)
endif()
if(LINTAS_WERROR)
  target_compile_options(lintas_warnings INTERFACE -Werror)
endif()

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
  # -O1 and line tables only: the sanitizer builds are for finding bugs, not for speed, and on the
  # 2-core CI machine -O2 -g costs about half of their build time for nothing a report needs
  # (file:line in stack traces stays).
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    set(_lintas_san_debug -gline-tables-only)
  else()
    set(_lintas_san_debug -g1)
  endif()
  add_compile_options(${_lintas_san} -fno-omit-frame-pointer -O1 ${_lintas_san_debug})
  add_link_options(${_lintas_san})
endif()

# LINTAS_FUZZ: build the libFuzzer targets in tests/fuzz (clang only; CI builds them in the ASan
# configuration). Coverage instrumentation goes on every translation unit, like the sanitizers.
option(LINTAS_FUZZ "Build the libFuzzer targets (clang)" OFF)
if(LINTAS_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "LINTAS_FUZZ needs clang (e.g. -DCMAKE_CXX_COMPILER=clang++)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# Warnings apply to our own targets only (generated protobuf code is compiled without them).
option(LINTAS_WERROR "Turn warnings into errors (CI turns it on)" OFF)
add_library(lintas_warnings INTERFACE)
target_compile_options(lintas_warnings INTERFACE -Wall -Wextra)
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  # Checks the ABSL_GUARDED_BY / ABSL_EXCLUSIVE_LOCKS_REQUIRED annotations; gcc has no such check.
  target_compile_options(lintas_warnings INTERFACE -Wthread-safety)
endif()
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # GCC 12 at -O3 reports -Wrestrict inside libstdc++'s own std::string code (char_traits.h
  # memcpy "may overlap" with sizes near 2^63) for plain string concatenation: GCC bug 105329,
  # fixed in GCC 13. Seen in the Release build of tests/unit/core/audience_test.cc and others.
  target_compile_options(lintas_warnings INTERFACE -Wno-restrict)
endif()
if(LINTAS_WERROR)
  target_compile_options(lintas_warnings INTERFACE -Werror)
endif()

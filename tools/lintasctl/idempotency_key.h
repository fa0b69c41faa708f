#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace lintas::ctl {

// Formats 16 random bytes as a lower-case RFC 9562 version 4 UUID, overwriting the version and
// variant bits (so 122 bits of the input remain random).
std::string FormatUuidV4(std::array<std::uint8_t, 16> bytes);

// A fresh UUIDv4 from the kernel's CSPRNG (`random_device`, normally /dev/urandom). Keys must not
// collide across every agency's retries, which a seeded PRNG cannot promise.
absl::StatusOr<std::string> NewIdempotencyKey(const char* random_device = "/dev/urandom");

// The server's rule (intake.proto): 8-128 characters of [A-Za-z0-9._:-].
bool IsValidIdempotencyKey(absl::string_view key);

}  // namespace lintas::ctl

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/domain/case.h"
#include "core/ports/random_source.h"

namespace lintas::core {

// A ULID (26 Crockford base-32 characters: 48-bit milliseconds, then 80 random bits), so ids
// sort by time.
std::string MakeUlid(Timestamp t, RandomSource& random);

// The partition a key belongs to: FNV-1a 64 of the key, modulo `partitions`. Stable across
// processes, builds and machines (it is persisted in every case id).
int PartitionOf(std::string_view key, int partitions);

// Case ids are "<ULID>-<pp>": the partition rides in the id, so every later command finds the
// case's keys without a lookup. `partition` is 0-99.
std::string MakeCaseId(Timestamp t, int partition, RandomSource& random);
// The partition of a well-formed case id; nullopt for anything else.
std::optional<int> PartitionOfCaseId(std::string_view case_id);

}  // namespace lintas::core

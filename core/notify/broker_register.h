#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/domain/case.h"

namespace lintas::core {

// What identifies an alleged broker across cases, as text to be hashed into the broker register
// (a keyed blind index: only the hashes are stored): "phone:<E.164>" and "nik:<16 digits>" of
// every reported person, each once, sorted. Names are left out: too many people share one.
std::vector<std::string> BrokerIdentifiers(const Case& c);

// The keyed hasher's purpose for those identifiers: the broker register's digests.
inline constexpr std::string_view kBrokerIndexPurpose = "broker index";

}  // namespace lintas::core

#pragma once

// Checks of the network addresses the config names (internal to adapters/config; the public
// IsLoopbackListenAddress is declared in lintasd_config.h and defined in network_address.cc).

#include <string>

#include "absl/strings/string_view.h"

namespace lintas::config::yaml {

// What is wrong with a "host:port", "[v6]:port" or "unix:/path" address; empty when nothing is.
// A listen address may use port 0 (the kernel picks one; lintasd logs it), a peer address not.
std::string AddressProblem(absl::string_view text, int min_port);

}  // namespace lintas::config::yaml

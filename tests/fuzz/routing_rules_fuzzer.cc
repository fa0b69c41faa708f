// A routing rules file (the rule language: match predicates, targets, deadlines), as SIGHUP
// reloads it: any text is refused with a message or loaded into rules, never a crash.
#include <cstdint>
#include <cstdlib>

#include "adapters/config/routing_config.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& config = lintas::fuzz::ShippedConfig();
  const std::string& dir = lintas::fuzz::ScratchConfigDir();
  // lintas.yaml in the scratch dir names routing-ntt.yaml; the input replaces that file.
  lintas::fuzz::WriteFile(dir + "/routing-ntt.yaml", reinterpret_cast<const char*>(data), size);
  auto loaded =
      lintas::config::LoadRoutingConfig(dir + "/lintas.yaml", config.regions, config.agencies);
  if (!loaded.ok() && loaded.status().message().empty()) std::abort();
  return 0;
}

// lintas.yaml as an operator could write it (any text): the strict loader must refuse bad input
// with a message naming a key, never crash or hang. The files it names are the shipped ones.
#include <cstdint>
#include <cstdlib>

#include "adapters/config/lintasd_config.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = lintas::fuzz::ScratchConfigDir() + "/fuzzed.yaml";
  lintas::fuzz::WriteFile(path, reinterpret_cast<const char*>(data), size);
  auto loaded = lintas::config::LoadLintasdConfig(
      path, [](const std::string&) -> std::optional<std::string> { return std::nullopt; });
  if (!loaded.ok() && loaded.status().message().empty()) std::abort();  // errors say what
  return 0;
}

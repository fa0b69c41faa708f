#pragma once
// What the fuzz targets share: the shipped demo config (its region directory and agencies), loaded
// once, and a scratch directory for targets whose input is a file.
#include <string>

#include "adapters/config/lintasd_config.h"

namespace lintas::fuzz {

// deploy/config/lintas.yaml as lintasd loads it (environment ignored); aborts if it does not load,
// since every target would then test nothing.
const config::LintasdConfig& ShippedConfig();

// A private temp directory holding copies of the shipped config's files (lintas.yaml and the
// files it names), for targets that replace one of them with the input.
const std::string& ScratchConfigDir();

// Writes `bytes` to `path`, replacing it. Aborts on failure.
void WriteFile(const std::string& path, const char* bytes, std::size_t size);

}  // namespace lintas::fuzz

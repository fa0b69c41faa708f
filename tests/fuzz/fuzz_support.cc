#include "tests/fuzz/fuzz_support.h"

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace lintas::fuzz {
namespace {

namespace fs = std::filesystem;

const fs::path kConfigDir = fs::path(LINTAS_SOURCE_DIR) / "deploy/config";

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "fuzz setup: %s\n", what.c_str());
  std::abort();
}

}  // namespace

const config::LintasdConfig& ShippedConfig() {
  static const config::LintasdConfig* const config = [] {
    auto loaded = config::LoadLintasdConfig(
        (kConfigDir / "lintas.yaml").string(),
        [](const std::string&) -> std::optional<std::string> { return std::nullopt; });
    if (!loaded.ok()) Die(std::string(loaded.status().message()));
    return new config::LintasdConfig(*std::move(loaded));
  }();
  return *config;
}

const std::string& ScratchConfigDir() {
  static const std::string* const dir = [] {
    std::string tmpl = (fs::temp_directory_path() / "lintas-fuzz-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) Die("mkdtemp failed");
    for (const auto& entry : fs::directory_iterator(kConfigDir)) {
      if (entry.path().extension() == ".yaml") {
        fs::copy_file(entry.path(), fs::path(tmpl) / entry.path().filename());
      }
    }
    return new std::string(tmpl);
  }();
  return *dir;
}

void WriteFile(const std::string& path, const char* bytes, std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes, static_cast<std::streamsize>(size));
  if (!out) Die("cannot write " + path);
}

}  // namespace lintas::fuzz

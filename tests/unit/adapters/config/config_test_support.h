#pragma once

// What the config tests share: a small valid config (kHead + kAgencies, kRouting with kRules and
// kHolidays) that each bad case changes in one place, and fixtures that write files into a
// temporary directory. Each test file covers one part of adapters/config.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>

#include "adapters/config/lintasd_config.h"

namespace lintas::config {

namespace fs = std::filesystem;

inline const std::string kShipped = LINTAS_SOURCE_DIR "/deploy/config/lintas.yaml";

inline EnvLookup NoEnv() {
  return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
}

inline EnvLookup MapEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

// A small, valid regions file: the province, two regencies, one district, one village.
inline constexpr char kRegions[] = R"(- {code: "53", name: Provinsi Nusa Tenggara Timur}
- {code: "53.02", name: Kabupaten Timor Tengah Selatan}
- {code: "53.21", name: Kabupaten Malaka}
- {code: "53.21.01", name: Malaka Tengah}
- {code: "53.21.01.2006", name: Wehali}
)";

// A valid config; each bad case below changes one thing in it.
inline constexpr char kHead[] = R"(server:
  listen: 127.0.0.1:7443
  insecure_dev_identity: true
redis:
  address: 127.0.0.1:6390
  key_prefix: lintas
  partitions: 16
  connections: 2
crypto:
  key_id: dev-1
  key_file: keys/dev-1.key
intake:
  max_reported_persons: 20
regions_file: regions.yaml
)";

inline constexpr char kAgencies[] = R"(agencies:
  - id: bp3mi-ntt
    kind: protection_agency
    name: BP3MI Nusa Tenggara Timur
    jurisdiction: ["53"]
  - id: pemprov-ntt
    kind: provincial_government
    name: Pemerintah Provinsi Nusa Tenggara Timur
    jurisdiction: ["53"]
    parent: bp3mi-ntt
  - id: pemkab-malaka
    kind: regency_government
    name: Pemerintah Kabupaten Malaka
    jurisdiction: ["53.21"]
    parent: pemprov-ntt
  - id: desa-wehali
    kind: village_government
    name: Pemerintah Desa Wehali
    jurisdiction: ["53.21.01.2006"]
    parent: pemkab-malaka
)";

inline std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "test bug: '" << from << "' not in the base config";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

class ConfigFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "lintas-config-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    Write("regions.yaml", kRegions);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string Write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  fs::path dir_;
};

struct BadCase {
  const char* what;
  std::string config;
  const char* prefix;  // the message must start with this
};

inline constexpr char kTlsServer[] = R"(server:
  listen: 0.0.0.0:7443
  tls:
    ca_file: certs/ca.crt
    cert_file: /etc/lintas/server.crt
    key_file: certs/server.key
    trust_domain: lintas.ntt.go.id
    revoked_certificates:
      - "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"
      - 0000000000000000000000000000000000000000000000000000000000000001
  rate_limit:
    requests_per_second: 5
    burst: 7
)";

// kHead with its dev-mode server section replaced by kTlsServer.
inline std::string TlsConfig() {
  return Replace(std::string(kHead) + kAgencies,
                 "server:\n  listen: 127.0.0.1:7443\n  insecure_dev_identity: true\n", kTlsServer);
}

inline constexpr char kRouting[] = R"(routing:
  rules_file: rules.yaml
  triage_agency: bp3mi-ntt
  triage_deadline: {working_days: 3}
  holidays_file: holidays.yaml
)";

// Two valid rules using every match condition; each bad case changes one thing.
inline constexpr char kRules[] = R"(- id: nonprocedural-prevention
  description: Prevention in the village, else the regency.
  match:
    categories: [non_procedural_departure]
    regions: ["53.21"]
  refer:
    - purpose: prevention_outreach
      kind: [village_government, regency_government]
      ack_deadline: {working_days: 5}
- id: deceased-repatriation
  description: Bodies come home through BP3MI.
  match:
    categories: [deceased_repatriation]
    min_severity: high
    channels: [agency_system, hotline]
    reported_persons_named: false
    victim_needs_support: false
  refer:
    - purpose: repatriation
      agency: bp3mi-ntt
      ack_deadline: {hours: 24}
)";

inline constexpr char kHolidays[] = R"(- {date: 2026-01-01, name: Tahun Baru Masehi, kind: libur}
- {date: 2026-02-16, name: Cuti bersama Imlek, kind: cuti_bersama}
)";

class RoutingConfigFiles : public ConfigFiles {
 protected:
  void SetUp() override {
    ConfigFiles::SetUp();
    Write("rules.yaml", kRules);
    Write("holidays.yaml", kHolidays);
    config_ = Write("lintas.yaml", std::string(kHead) + kAgencies + kRouting);
  }
  std::string config_;
};

}  // namespace lintas::config

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "tests/unit/adapters/config/config_test_support.h"

namespace lintas::config {
namespace {

TEST_F(ConfigFiles, DevIdentityAcceptsEveryLoopbackForm) {
  const std::string good = std::string(kHead) + kAgencies;
  for (const char* listen : {"localhost:7443", "127.0.0.2:7443", "\"[::1]:7443\""}) {
    const std::string path = Write("lintas.yaml", Replace(good, "127.0.0.1:7443", listen));
    const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(path, NoEnv());
    EXPECT_TRUE(config.ok()) << listen << ": " << config.status();
  }
  // A name that merely starts like a loopback address is not one.
  const std::string path =
      Write("lintas.yaml", Replace(good, "127.0.0.1:7443", "127.example.org:7443"));
  EXPECT_TRUE(absl::StartsWith(LoadLintasdConfig(path, NoEnv()).status().message(),
                               "server.insecure_dev_identity: allowed only on a loopback"));
}

TEST_F(ConfigFiles, MutualTlsLoadsResolvesPathsAndNormalisesFingerprints) {
  const std::string path =
      Write("lintas.yaml", Replace(TlsConfig(), "    parent: pemkab-malaka\n",
                                   "    parent: pemkab-malaka\n    revoked: true\n"));
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(path, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  const ServerConfig& server = config->server;
  EXPECT_FALSE(server.insecure_dev_identity);
  ASSERT_TRUE(server.tls.has_value());
  EXPECT_EQ(server.tls->ca_file, (dir_ / "certs/ca.crt").string());
  EXPECT_EQ(server.tls->cert_file, "/etc/lintas/server.crt");
  EXPECT_EQ(server.tls->key_file, (dir_ / "certs/server.key").string());
  EXPECT_EQ(server.tls->trust_domain, "lintas.ntt.go.id");
  EXPECT_EQ(server.tls->revoked_certificates,
            (std::vector<std::string>{
                "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
                "0000000000000000000000000000000000000000000000000000000000000001"}));
  EXPECT_EQ(server.rate_limit.requests_per_second, 5);
  EXPECT_EQ(server.rate_limit.burst, 7);
  EXPECT_TRUE(config->agencies.Find("desa-wehali")->revoked);
  EXPECT_FALSE(config->agencies.Find("pemkab-malaka")->revoked);
}

TEST_F(ConfigFiles, RateLimitDefaultsTo50PerSecondBurst100) {
  const absl::StatusOr<LintasdConfig> config =
      LoadLintasdConfig(Write("lintas.yaml", std::string(kHead) + kAgencies), NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->server.rate_limit.requests_per_second, 50);
  EXPECT_EQ(config->server.rate_limit.burst, 100);
  EXPECT_FALSE(config->server.tls.has_value());
}

TEST_F(ConfigFiles, TlsAndDevIdentityAreExclusiveAndOneIsRequired) {
  const std::string both = Replace(TlsConfig(), "  listen: 0.0.0.0:7443\n",
                                   "  listen: 127.0.0.1:7443\n  insecure_dev_identity: true\n");
  EXPECT_EQ(LoadLintasdConfig(Write("lintas.yaml", both), NoEnv()).status().message(),
            "server.tls: exclusive with server.insecure_dev_identity: true (remove one of them)");
  const std::string neither =
      Replace(std::string(kHead) + kAgencies, "  insecure_dev_identity: true\n", "");
  EXPECT_TRUE(absl::StartsWith(
      LoadLintasdConfig(Write("lintas.yaml", neither), NoEnv()).status().message(),
      "server.tls: required (mutual TLS), unless server.insecure_dev_identity is true"));
  const std::string no_server =
      Replace(std::string(kHead) + kAgencies,
              "server:\n  listen: 127.0.0.1:7443\n  insecure_dev_identity: true\n", "");
  EXPECT_TRUE(absl::StartsWith(
      LoadLintasdConfig(Write("lintas.yaml", no_server), NoEnv()).status().message(),
      "server.tls: required"));
}

TEST_F(ConfigFiles, BadTlsAndRateLimitSettingsNameTheKey) {
  const std::string good = TlsConfig();
  const std::vector<BadCase> cases = {
      {"unknown tls key",
       Replace(good, "    trust_domain:", "    trustdomain: x\n    trust_domain:"),
       "server.tls.trustdomain: unknown key (expected one of ca_file, cert_file, key_file,"},
      {"missing ca", Replace(good, "    ca_file: certs/ca.crt\n", ""),
       "server.tls.ca_file: required"},
      {"missing cert", Replace(good, "    cert_file: /etc/lintas/server.crt\n", ""),
       "server.tls.cert_file: required"},
      {"empty key", Replace(good, "key_file: certs/server.key", "key_file: \"\""),
       "server.tls.key_file: required"},
      {"missing trust domain", Replace(good, "    trust_domain: lintas.ntt.go.id\n", ""),
       "server.tls.trust_domain: required"},
      {"bad trust domain", Replace(good, "lintas.ntt.go.id", "Lintas/NTT"),
       "server.tls.trust_domain: malformed 'Lintas/NTT'"},
      {"short fingerprint",
       Replace(good, "0000000000000000000000000000000000000000000000000000000000000001", "abc"),
       "server.tls.revoked_certificates[1]: malformed 'abc'"},
      {"fingerprints not a list",
       Replace(
           good,
           "revoked_certificates:\n      - \"AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:"
           "EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89\"\n      - "
           "0000000000000000000000000000000000000000000000000000000000000001",
           "revoked_certificates: abc"),
       "server.tls.revoked_certificates: expected a list"},
      {"zero rate", Replace(good, "requests_per_second: 5", "requests_per_second: 0"),
       "server.rate_limit.requests_per_second: must be between 1 and 1000000"},
      {"unknown rate key", Replace(good, "burst: 7", "bursts: 7"),
       "server.rate_limit.bursts: unknown key"},
      {"revoked not a bool",
       Replace(good, "    parent: pemkab-malaka\n",
               "    parent: pemkab-malaka\n    revoked: yes\n"),
       "agencies[3].revoked: expected true or false"},
  };
  for (const BadCase& c : cases) {
    const absl::Status status = LoadLintasdConfig(Write("lintas.yaml", c.config), NoEnv()).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.what;
    EXPECT_TRUE(absl::StartsWith(status.message(), c.prefix))
        << c.what << ": got '" << status.message() << "'";
  }
}

}  // namespace
}  // namespace lintas::config

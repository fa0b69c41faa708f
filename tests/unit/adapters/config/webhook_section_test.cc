#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "tests/unit/adapters/config/config_test_support.h"

namespace lintas::config {
namespace {

// The Wehali village government with a webhook; `webhook` is the YAML under its "webhook:" key.
std::string WithWebhook(const std::string& webhook) {
  return Replace(
      std::string(kHead) + kAgencies,
      "    jurisdiction: [\"53.21.01.2006\"]\n    parent: pemkab-malaka\n",
      "    jurisdiction: [\"53.21.01.2006\"]\n    parent: pemkab-malaka\n    webhook:\n" + webhook);
}

constexpr char kSecret[] = "0123456789abcdef0123456789abcdef-wehali";

TEST_F(ConfigFiles, WebhookLoadsWithItsSecretAndDefaults) {
  Write("wehali.secret", std::string(kSecret) + "\n");
  const std::string path =
      Write("lintas.yaml", WithWebhook("      url: http://127.0.0.1:9000/hook\n"
                                       "      secret_file: wehali.secret\n"
                                       "      max_attempts: 5\n"));
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(path, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_EQ(config->webhooks.size(), 1u);
  const WebhookConfig& hook = config->webhooks.at("desa-wehali");
  EXPECT_EQ(hook.url, "http://127.0.0.1:9000/hook");
  EXPECT_EQ(hook.secret_file, (dir_ / "wehali.secret").string());
  EXPECT_EQ(hook.secret, kSecret) << "the trailing line break is not part of the secret";
  EXPECT_EQ(hook.max_attempts, 5);
  EXPECT_EQ(hook.max_age_ms, 24 * 3600000);
  EXPECT_EQ(hook.timeout_ms, 10000);
  EXPECT_EQ(hook.initial_backoff_ms, 1000);
  EXPECT_EQ(hook.max_backoff_ms, 300000);
  EXPECT_TRUE(hook.ca_file.empty());
}

TEST_F(ConfigFiles, HttpsWebhookMayNameItsCa) {
  Write("wehali.secret", kSecret);
  Write("private-ca.crt", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
  const std::string path =
      Write("lintas.yaml", WithWebhook("      url: https://hooks.wehali.desa.id/lintas\n"
                                       "      secret_file: wehali.secret\n"
                                       "      ca_file: private-ca.crt\n"
                                       "      max_age_ms: 3600000\n"
                                       "      timeout_ms: 2000\n"
                                       "      initial_backoff_ms: 500\n"
                                       "      max_backoff_ms: 60000\n"));
  const absl::StatusOr<LintasdConfig> config = LoadLintasdConfig(path, NoEnv());
  ASSERT_TRUE(config.ok()) << config.status();
  const WebhookConfig& hook = config->webhooks.at("desa-wehali");
  EXPECT_EQ(hook.ca_file, (dir_ / "private-ca.crt").string());
  EXPECT_EQ(hook.max_age_ms, 3600000);
  EXPECT_EQ(hook.timeout_ms, 2000);
  EXPECT_EQ(hook.initial_backoff_ms, 500);
  EXPECT_EQ(hook.max_backoff_ms, 60000);
}

TEST_F(ConfigFiles, BadWebhooksNameTheKeyAndNeverTheSecret) {
  Write("wehali.secret", kSecret);
  Write("short.secret", "too-short-secret\n");
  const std::string ok_secret = "      secret_file: wehali.secret\n";
  const std::vector<BadCase> cases = {
      {"no url", WithWebhook(ok_secret), "agencies[3].webhook.url: required"},
      {"plain http off loopback",
       WithWebhook("      url: http://hooks.wehali.desa.id/lintas\n" + ok_secret),
       "agencies[3].webhook.url: plain http is allowed to a loopback host only"},
      {"plain http to a private address",
       WithWebhook("      url: http://10.0.0.5:8080/lintas\n" + ok_secret),
       "agencies[3].webhook.url: plain http is allowed to a loopback host only"},
      {"other scheme", WithWebhook("      url: ftp://127.0.0.1/x\n" + ok_secret),
       "agencies[3].webhook.url: webhook URL must start with https:// or http://"},
      {"user info", WithWebhook("      url: https://u:p@hooks.example/x\n" + ok_secret),
       "agencies[3].webhook.url: webhook URL must not carry user info"},
      {"no secret file", WithWebhook("      url: https://hooks.example/x\n"),
       "agencies[3].webhook.secret_file: required"},
      {"missing secret file",
       WithWebhook("      url: https://hooks.example/x\n      secret_file: nope.secret\n"),
       "agencies[3].webhook.secret_file: cannot read '"},
      {"short secret",
       WithWebhook("      url: https://hooks.example/x\n      secret_file: short.secret\n"),
       "agencies[3].webhook.secret_file: '"},
      {"ca_file with http",
       WithWebhook("      url: http://127.0.0.1:9/x\n" + ok_secret + "      ca_file: ca.crt\n"),
       "agencies[3].webhook.ca_file: only for an https url"},
      {"ca_file not PEM",
       WithWebhook("      url: https://hooks.example/x\n" + ok_secret +
                   "      ca_file: wehali.secret\n"),
       "agencies[3].webhook.ca_file: '"},
      {"zero attempts",
       WithWebhook("      url: https://hooks.example/x\n" + ok_secret + "      max_attempts: 0\n"),
       "agencies[3].webhook.max_attempts: must be between 1 and 1000"},
      {"backoff cap below start",
       WithWebhook("      url: https://hooks.example/x\n" + ok_secret +
                   "      initial_backoff_ms: 5000\n      max_backoff_ms: 1000\n"),
       "agencies[3].webhook.max_backoff_ms: must be at least initial_backoff_ms"},
      {"secret in the YAML",
       WithWebhook("      url: https://hooks.example/x\n      secret: hunter2hunter2\n"),
       "agencies[3].webhook.secret: unknown key"},
  };
  for (const BadCase& c : cases) {
    const std::string path = Write("bad.yaml", c.config);
    const absl::Status status = LoadLintasdConfig(path, NoEnv()).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.what << ": " << status;
    EXPECT_TRUE(absl::StartsWith(status.message(), c.prefix))
        << c.what << "\n  want prefix: " << c.prefix << "\n  got:         " << status.message();
    EXPECT_EQ(status.message().find(kSecret), absl::string_view::npos) << c.what;
    EXPECT_EQ(status.message().find("too-short-secret"), absl::string_view::npos) << c.what;
  }
}

}  // namespace
}  // namespace lintas::config

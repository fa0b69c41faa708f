#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "adapters/config/lintasd_config.h"
#include "adapters/redis/inbox.h"
#include "adapters/redis/pipelined_client.h"
#include "adapters/redis/referral_index.h"
#include "core/ports/case_store.h"
#include "core/ports/clock.h"
#include "core/ports/field_cipher.h"
#include "services/common/case_views.h"
#include "services/webhook/webhook_worker.h"

namespace lintas::lintasd {

// The webhook service inside lintasd: one delivery thread per agency with a webhook in config
// (none when no agency has one). Needs the notify service running somewhere to fill the inboxes.
class WebhookRunner {
 public:
  struct Shared {
    const config::LintasdConfig& config;
    redis::PipelinedClient& redis;
    core::CaseStore& store;
    core::FieldCipher& cipher;
    redis::ReferralIndex& index;
    core::KeyedHasher& hasher;
    const core::Clock& clock;
  };
  static absl::StatusOr<std::unique_ptr<WebhookRunner>> Start(Shared shared);
  ~WebhookRunner() { worker_.reset(); }  // first: its threads use everything else

 private:
  WebhookRunner() = default;
  std::unique_ptr<redis::Inbox> inbox_;
  std::unique_ptr<services::CaseViews> views_;
  std::unique_ptr<webhook::WebhookWorker> worker_;
};

}  // namespace lintas::lintasd

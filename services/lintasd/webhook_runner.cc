#include "services/lintasd/webhook_runner.h"

#include "services/lintasd/worker_identity.h"
#include "spdlog/spdlog.h"

namespace lintas::lintasd {

absl::StatusOr<std::unique_ptr<WebhookRunner>> WebhookRunner::Start(Shared s) {
  std::unique_ptr<WebhookRunner> w(new WebhookRunner());
  const redis::KeyLayout keys(s.config.redis.key_prefix);
  w->inbox_ = std::make_unique<redis::Inbox>(s.redis, keys);
  w->views_ = std::make_unique<services::CaseViews>(
      services::CaseViews::Deps{s.redis, keys, s.store, s.cipher, s.index, s.hasher});
  webhook::WebhookWorkerOptions options;
  options.owner = ConsumerName(s.config, "webhook");
  options.owner_is_unique = true;  // lintasd holds its consumer lease (worker_identity.h)
  w->worker_ = std::make_unique<webhook::WebhookWorker>(
      webhook::WebhookWorker::Deps{s.redis, *w->inbox_, *w->views_, s.clock, s.config.agencies},
      s.config.webhooks, options);
  if (absl::Status started = w->worker_->Start(); !started.ok()) return started;
  spdlog::info("webhook: {} agencies with a webhook", s.config.webhooks.size());
  return w;
}

}  // namespace lintas::lintasd

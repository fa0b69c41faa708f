#include "services/lintasd/notify_runner.h"

#include "spdlog/spdlog.h"

namespace lintas::lintasd {

absl::StatusOr<std::unique_ptr<NotifyRunner>> NotifyRunner::Start(
    const config::LintasdConfig& config, redis::PipelinedClient& redis, core::CaseStore& store,
    const core::Clock& clock) {
  auto address = redis::RedisAddress::Parse(config.redis.address);
  if (!address.ok()) return address.status();
  std::unique_ptr<NotifyRunner> n(new NotifyRunner());
  n->inbox_ = std::make_unique<redis::Inbox>(redis, redis::KeyLayout(config.redis.key_prefix));
  const redis::ConsumerOptions consumer = GroupOptions(config, "notify");
  n->consumer_ = std::make_unique<redis::StreamConsumer>(*address, consumer);
  n->worker_ = std::make_unique<notify::NotifyWorker>(
      notify::NotifyWorker::Deps{*n->consumer_, store, *n->inbox_, clock, config.agencies},
      notify::NotifyWorkerOptions{});
  n->thread_ = std::make_unique<WorkerThread>(
      "notify", *n->consumer_,
      [worker = n->worker_.get()](const auto& stop) { worker->Run(stop); });
  spdlog::info("notify: consumer {} in group {}", consumer.consumer, consumer.group);
  return n;
}

}  // namespace lintas::lintasd

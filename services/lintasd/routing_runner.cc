#include "services/lintasd/routing_runner.h"

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "core/util/string_view.h"
#include "spdlog/spdlog.h"

namespace lintas::lintasd {
namespace {

constexpr char kGroup[] = "routing";

std::string ConsumerName() {
  char host[256] = {};
  gethostname(host, sizeof(host) - 1);
  return absl::StrCat(host, "-", getpid());
}

}  // namespace

std::shared_ptr<const core::RoutingPolicy> MakePolicy(const config::RoutingConfig& routing,
                                                      const core::AgencyRegistry& agencies) {
  return std::make_shared<core::RoutingPolicy>(routing.rules, agencies, routing.triage_agency,
                                               routing.triage_deadline);
}

absl::StatusOr<std::unique_ptr<RoutingRunner>> RoutingRunner::Start(const Shared& shared) {
  const config::LintasdConfig& config = shared.config;
  if (!config.routing) {
    return absl::FailedPreconditionError(
        "routing: the routing service needs a routing section (rules_file, triage_agency)");
  }
  std::vector<core::CivilDate> holidays;
  for (const auto& h : config.routing->holidays)
    holidays.push_back(h.date);
  auto calendar =
      core::WorkingCalendar::Create(holidays, std::chrono::hours(config.routing->utc_offset_hours));
  if (!calendar.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("routing.holidays_file: ", calendar.status().message()));
  }
  auto address = redis::RedisAddress::Parse(config.redis.address);
  if (!address.ok()) return address.status();

  std::unique_ptr<RoutingRunner> r(new RoutingRunner());
  r->config_ = &config;
  r->calendar_ = std::make_unique<core::WorkingCalendar>(*std::move(calendar));
  const redis::KeyLayout keys(config.redis.key_prefix);
  r->store_ = std::make_unique<redis::RedisCaseStore>(
      shared.redis, keys, shared.cipher, shared.hasher, shared.random, "/lintas/routing");
  r->index_ = std::make_unique<redis::ReferralIndex>(shared.redis, keys);
  redis::ConsumerOptions consumer;
  consumer.group = kGroup;
  consumer.consumer = ConsumerName();
  for (int p = 0; p < config.redis.partitions; ++p)
    consumer.streams.push_back(keys.Events(p));
  consumer.dead_letter_stream = absl::StrCat(config.redis.key_prefix, ":dlq:", kGroup);
  consumer.connect_timeout = std::chrono::milliseconds(config.redis.connect_timeout_ms);
  r->consumer_ = std::make_unique<redis::StreamConsumer>(*address, consumer);
  r->policy_ =
      std::make_unique<routing::PolicyHolder>(MakePolicy(*config.routing, config.agencies));
  routing::RoutingWorkerOptions options;
  options.partitions = config.redis.partitions;
  options.coordinator = config.routing->triage_agency;
  r->worker_ = std::make_unique<routing::RoutingWorker>(
      routing::RoutingWorker::Deps{*r->consumer_, *r->store_, *r->index_, *r->policy_,
                                   config.agencies, *r->calendar_, shared.clock, shared.hasher},
      options);
  r->thread_ = std::thread([runner = r.get()] {
    // The groups are created on the worker's thread: Redis may still be down at start.
    while (!runner->stop_.load()) {
      const absl::Status s = runner->consumer_->EnsureGroups();
      if (s.ok()) break;
      spdlog::warn("routing: cannot create the consumer group yet: {}", AsStd(s.message()));
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    runner->worker_->Run(runner->stop_);
  });
  spdlog::info("routing: {} rules, consumer {} in group {}", config.routing->rules.size(),
               consumer.consumer, kGroup);
  return r;
}

absl::Status RoutingRunner::Reload(const std::string& config_path) {
  auto routing = config::LoadRoutingConfig(config_path, config_->regions, config_->agencies);
  if (!routing.ok()) return routing.status();
  policy_->Set(MakePolicy(*routing, config_->agencies));
  spdlog::info("routing: reloaded {} rules from {}", routing->rules.size(), routing->rules_file);
  return absl::OkStatus();
}

RoutingRunner::~RoutingRunner() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

}  // namespace lintas::lintasd

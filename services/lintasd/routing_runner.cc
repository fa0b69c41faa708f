#include "services/lintasd/routing_runner.h"

#include "absl/strings/str_cat.h"
#include "core/util/string_view.h"
#include "spdlog/spdlog.h"

namespace lintas::lintasd {

std::shared_ptr<const core::RoutingPolicy> MakePolicy(const config::RoutingConfig& routing,
                                                      const core::AgencyRegistry& agencies) {
  return std::make_shared<core::RoutingPolicy>(routing.rules, agencies, routing.triage_agency,
                                               routing.triage_deadline);
}

absl::StatusOr<routing::RoutingSetup> MakeRoutingSetup(const config::RoutingConfig& routing,
                                                       const core::AgencyRegistry& agencies) {
  std::vector<core::CivilDate> holidays;
  for (const auto& h : routing.holidays)
    holidays.push_back(h.date);
  auto calendar =
      core::WorkingCalendar::Create(holidays, std::chrono::hours(routing.utc_offset_hours));
  if (!calendar.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("routing.holidays_file: ", calendar.status().message()));
  }
  return routing::RoutingSetup{
      .policy = MakePolicy(routing, agencies),
      .calendar = std::make_shared<const core::WorkingCalendar>(*std::move(calendar)),
      .coordinator = routing.triage_agency};
}

absl::StatusOr<std::unique_ptr<RoutingRunner>> RoutingRunner::Start(const Shared& shared) {
  const config::LintasdConfig& config = shared.config;
  if (!config.routing) {
    return absl::FailedPreconditionError(
        "routing: the routing service needs a routing section (rules_file, triage_agency)");
  }
  auto setup = MakeRoutingSetup(*config.routing, config.agencies);
  if (!setup.ok()) return setup.status();
  auto address = redis::RedisAddress::Parse(config.redis.address);
  if (!address.ok()) return address.status();

  std::unique_ptr<RoutingRunner> r(new RoutingRunner());
  r->config_ = &config;
  const redis::KeyLayout keys(config.redis.key_prefix);
  r->store_ = std::make_unique<redis::RedisCaseStore>(
      shared.redis, keys, shared.cipher, shared.hasher, shared.random, "/lintas/routing");
  r->index_ = std::make_unique<redis::ReferralIndex>(shared.redis, keys);
  const redis::ConsumerOptions consumer = GroupOptions(config, "routing");
  r->consumer_ = std::make_unique<redis::StreamConsumer>(*address, consumer);
  r->policy_ = std::make_unique<routing::PolicyHolder>(*std::move(setup));
  routing::RoutingWorkerOptions options;
  options.partitions = config.redis.partitions;
  options.trim_interval = std::chrono::milliseconds(config.workers.trim_interval_ms);
  options.idle_consumer_removal =
      std::chrono::milliseconds(config.workers.idle_consumer_removal_ms);
  r->worker_ = std::make_unique<routing::RoutingWorker>(
      routing::RoutingWorker::Deps{*r->consumer_, *r->store_, *r->index_, *r->policy_,
                                   config.agencies, shared.clock, shared.hasher},
      options);
  r->thread_ = std::make_unique<WorkerThread>(
      "routing", *r->consumer_,
      [worker = r->worker_.get()](const auto& stop) { worker->Run(stop); });
  spdlog::info("routing: {} rules, consumer {} in group {}", config.routing->rules.size(),
               consumer.consumer, consumer.group);
  return r;
}

absl::Status RoutingRunner::Reload(const std::string& config_path) {
  auto routing = config::LoadRoutingConfig(config_path, config_->regions, config_->agencies);
  if (!routing.ok()) return routing.status();
  // Rules, calendar and coordinator together: nothing derived from the old section stays.
  auto setup = MakeRoutingSetup(*routing, config_->agencies);
  if (!setup.ok()) return setup.status();
  policy_->Set(*std::move(setup));
  spdlog::info("routing: reloaded {} rules from {}", routing->rules.size(), routing->rules_file);
  return absl::OkStatus();
}

RoutingRunner::~RoutingRunner() {
  thread_.reset();  // first: the worker uses everything else
}

}  // namespace lintas::lintasd

#include "services/notify/notify_worker.h"

#include <thread>
#include <variant>

#include "adapters/redis/event_codec.h"
#include "core/notify/audience.h"
#include "core/util/await.h"
#include "core/util/backoff.h"
#include "core/util/string_view.h"
#include "lintas/v1/envelope.pb.h"
#include "services/common/consumer_batch.h"
#include "spdlog/spdlog.h"

namespace lintas::notify {

absl::Status NotifyWorker::Handle(const redis::StreamEntry& entry) {
  const std::string* bytes = entry.Field("e");
  v1::EventEnvelope envelope;
  if (bytes == nullptr || !envelope.ParseFromString(*bytes) || envelope.subject().empty() ||
      envelope.id().empty()) {
    return absl::InvalidArgumentError("entry holds no event envelope that parses");
  }
  // Who hears of an event never depends on its free text, so this worker holds no key.
  auto event = redis::DecodeEventWithoutFreeText(envelope);
  if (!event.ok()) return event.status();  // INVALID_ARGUMENT: dead-lettered
  // Nobody hears of these (AudienceOf), so the case need not be read: routing decides who hears
  // of a new case, and an event this build does not know concerns nobody it knows of.
  if (std::holds_alternative<core::CaseReceivedEvent>(*event) ||
      std::holds_alternative<core::UnknownEvent>(*event)) {
    return absl::OkStatus();
  }
  auto c =
      Await<core::Case>([&](auto done) { deps_.store.Get(envelope.subject(), std::move(done)); });
  if (!c.ok()) return c.status();
  const redis::InboxItem item{envelope.id(), envelope.type(), envelope.subject(), entry.stream,
                              entry.id};
  for (const auto& agency : core::AudienceOf(*event, *c, deps_.agencies)) {
    auto put = deps_.inbox.Put(agency, item, deps_.clock.Now());
    if (!put.ok()) return put.status();
  }
  return absl::OkStatus();
}

absl::StatusOr<int> NotifyWorker::RunOnce() {
  return services::HandleRound(deps_.consumer, options_.max_deliveries,
                               [this](const redis::StreamEntry& e) { return Handle(e); });
}

void NotifyWorker::Run(const std::atomic<bool>& stop) {
  core::Backoff backoff(std::chrono::milliseconds(100), std::chrono::seconds(2));
  while (!stop.load()) {
    if (auto round = RunOnce(); !round.ok()) {
      const auto wait = backoff.Next();
      spdlog::warn("notify round failed, next in {} ms: {}", wait.count(),
                   AsStd(round.status().message()));
      services::SleepUnlessStopped(wait, stop);
    } else {
      backoff.Reset();
    }
  }
}

}  // namespace lintas::notify

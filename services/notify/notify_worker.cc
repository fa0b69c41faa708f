#include "services/notify/notify_worker.h"

#include <thread>

#include "absl/strings/str_cat.h"
#include "adapters/protomap/envelope.h"
#include "core/notify/audience.h"
#include "core/util/await.h"
#include "core/util/string_view.h"
#include "lintas/v1/case_record.pb.h"
#include "services/common/consumer_batch.h"
#include "spdlog/spdlog.h"

namespace lintas::notify {
namespace {

// The facts the audience depends on, read from the event itself.
absl::StatusOr<core::EventFacts> FactsOf(const v1::EventEnvelope& e) {
  core::EventFacts facts;
  const std::string& type = e.type();
  if (type == "lintas.v1.CaseReceived") {
    facts.kind = core::CaseEventKind::kCaseReceived;
  } else if (type == "lintas.v1.ReferralRequested") {
    v1::ReferralRequested event;
    if (auto s = protomap::UnpackEnvelope(e, event); !s.ok()) return s;
    facts.kind = core::CaseEventKind::kReferralRequested;
    facts.referral_id = event.referral().id();
  } else if (type == "lintas.v1.ReferralUpdated") {
    v1::ReferralUpdated event;
    if (auto s = protomap::UnpackEnvelope(e, event); !s.ok()) return s;
    facts.kind = core::CaseEventKind::kReferralUpdated;
    facts.referral_id = event.referral_id();
  } else if (type == "lintas.v1.ReferralEscalated") {
    v1::ReferralEscalated event;
    if (auto s = protomap::UnpackEnvelope(e, event); !s.ok()) return s;
    facts.kind = core::CaseEventKind::kReferralEscalated;
    facts.referral_id = event.referral_id();
    facts.to_agency = event.to_agency();
  } else if (type == "lintas.v1.CaseStatusChanged") {
    facts.kind = core::CaseEventKind::kCaseStatusChanged;
  } else if (type == "lintas.v1.DuplicateSuspected") {
    facts.kind = core::CaseEventKind::kDuplicateSuspected;
  } else if (type == "lintas.v1.CaseTriaged") {
    facts.kind = core::CaseEventKind::kCaseTriaged;
  } else if (type == "lintas.v1.EnforcementActionReported") {
    v1::EnforcementActionReported event;
    if (auto s = protomap::UnpackEnvelope(e, event); !s.ok()) return s;
    facts.kind = core::CaseEventKind::kEnforcementActionReported;
    facts.referral_id = event.action().referral_id();
  }
  return facts;
}

}  // namespace

absl::Status NotifyWorker::Handle(const redis::StreamEntry& entry) {
  const std::string* bytes = entry.Field("e");
  v1::EventEnvelope envelope;
  if (bytes == nullptr || !envelope.ParseFromString(*bytes) || envelope.subject().empty() ||
      envelope.id().empty()) {
    return absl::InvalidArgumentError("entry holds no event envelope that parses");
  }
  auto facts = FactsOf(envelope);
  if (!facts.ok()) return facts.status();  // INVALID_ARGUMENT: dead-lettered
  if (facts->kind == core::CaseEventKind::kCaseReceived ||
      facts->kind == core::CaseEventKind::kOther) {
    return absl::OkStatus();
  }
  auto c =
      Await<core::Case>([&](auto done) { deps_.store.Get(envelope.subject(), std::move(done)); });
  if (!c.ok()) return c.status();
  const redis::InboxItem item{envelope.id(), envelope.type(), envelope.subject(), entry.stream,
                              entry.id};
  for (const auto& agency : core::AudienceOf(*facts, *c, deps_.agencies)) {
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
  while (!stop.load()) {
    if (auto round = RunOnce(); !round.ok()) {
      spdlog::warn("notify round failed: {}", AsStd(round.status().message()));
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }
}

}  // namespace lintas::notify

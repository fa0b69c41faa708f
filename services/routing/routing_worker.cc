#include "services/routing/routing_worker.h"

#include <algorithm>
#include <functional>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/notify/broker_register.h"
#include "core/routing/case_routing.h"
#include "core/util/await.h"
#include "core/util/backoff.h"
#include "core/util/string_view.h"
#include "lintas/v1/envelope.pb.h"
#include "services/common/consumer_batch.h"
#include "spdlog/spdlog.h"

namespace lintas::routing {
namespace {

constexpr char kCaseReceived[] = "lintas.v1.CaseReceived";
constexpr std::string_view kNikIndexPurpose = "nik index";
constexpr int kConflictRetries = 5;
constexpr size_t kMaxDuplicateCandidates = 20;

bool IsOpen(core::CaseStatus s) {
  return s != core::CaseStatus::kRejected && s != core::CaseStatus::kDuplicate &&
         s != core::CaseStatus::kClosed && s != core::CaseStatus::kResolved;
}

absl::StatusOr<core::Case> Load(core::CaseStore& store, const std::string& id) {
  return Await<core::Case>([&](auto done) { store.Get(id, std::move(done)); });
}

absl::StatusOr<bool> Apply(core::CaseStore& store, const core::CaseChange& change,
                           const std::string& token) {
  return Await<bool>([&](auto done) { store.Apply(change, token, std::move(done)); });
}

}  // namespace

RoutingWorker::RoutingWorker(Deps deps, RoutingWorkerOptions options)
    : deps_(deps), options_(std::move(options)) {}

absl::Status RoutingWorker::Handle(const redis::StreamEntry& entry) {
  const std::string* type = entry.Field("t");
  const std::string* bytes = entry.Field("e");
  if (type == nullptr || bytes == nullptr) {
    return absl::InvalidArgumentError("entry has no event type or envelope");
  }
  if (*type != kCaseReceived) return absl::OkStatus();  // routing acts on new cases only
  v1::EventEnvelope envelope;
  if (!envelope.ParseFromString(*bytes) || envelope.type() != kCaseReceived ||
      envelope.subject().empty() || envelope.id().empty()) {
    return absl::InvalidArgumentError("envelope does not parse as a CaseReceived event");
  }
  return RouteReceivedCase(envelope.subject(), envelope.id());
}

absl::StatusOr<std::vector<std::string>> RoutingWorker::SuspectedDuplicates(const core::Case& c) {
  std::vector<std::string> out;
  if (c.subject.nik.empty()) return out;
  const std::string digest =
      absl::BytesToHexString(deps_.hasher.Hash(kNikIndexPurpose, c.subject.nik));
  auto ids = deps_.index.CasesWithNik(digest);
  if (!ids.ok()) return ids.status();
  // Case ids sort by time: look at the most recent few only, so that a NIK shared by many cases
  // (or mistyped the same way by many reporters) cannot make routing quadratic.
  std::sort(ids->begin(), ids->end(), std::greater<>());
  if (ids->size() > kMaxDuplicateCandidates) ids->resize(kMaxDuplicateCandidates);
  for (const auto& id : *ids) {
    if (id == c.id) continue;
    auto other = Load(deps_.store, id);
    if (!other.ok()) continue;  // gone or unreadable: not a reason to hold this case back
    if (IsOpen(other->status)) out.push_back(id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

absl::Status RoutingWorker::IndexReferrals(const core::Case& c) {
  std::vector<std::string> brokers;
  for (const auto& id : core::BrokerIdentifiers(c)) {
    brokers.push_back(absl::BytesToHexString(deps_.hasher.Hash(core::kBrokerIndexPurpose, id)));
  }
  const std::string nik =
      c.subject.nik.empty()
          ? std::string()
          : absl::BytesToHexString(deps_.hasher.Hash(kNikIndexPurpose, c.subject.nik));
  return deps_.index.IndexCase(c, nik, brokers);
}

absl::Status RoutingWorker::RouteReceivedCase(const std::string& case_id,
                                              const std::string& event_id) {
  const std::string token = absl::StrCat("routing:", event_id);
  for (int attempt = 0; attempt < kConflictRetries; ++attempt) {
    auto c = Load(deps_.store, case_id);
    if (!c.ok()) return c.status();
    auto duplicates = SuspectedDuplicates(*c);
    if (!duplicates.ok()) return duplicates.status();
    const auto setup = deps_.policy.Get();
    const core::RoutingPlan plan = setup->policy->Explain(*c);
    const core::CaseChange change =
        core::RouteCase(*c, plan.referrals, *duplicates, *setup->calendar, deps_.clock.Now());
    auto applied = Apply(deps_.store, change, token);
    if (!applied.ok() && applied.status().code() == absl::StatusCode::kAborted) continue;
    if (!applied.ok()) return applied.status();
    if (*applied) {
      spdlog::info("case {} routed: {} referral(s){}{}", case_id, plan.referrals.size(),
                   plan.triaged ? " (no rule matched: triage)" : "",
                   duplicates->empty() ? "" : ", likely duplicate of an open case");
      for (const auto& s : plan.skipped) {
        spdlog::warn("case {}: rule {} target {} skipped: {}", case_id, s.rule_id, s.target_index,
                     s.reason);
      }
      return IndexReferrals(change.after);
    }
    // Routed before (a redelivery): index what is stored, which the earlier run may not have.
    auto stored = Load(deps_.store, case_id);
    if (!stored.ok()) return stored.status();
    return IndexReferrals(*stored);
  }
  return absl::AbortedError(absl::StrCat("case ", case_id, " kept changing while being routed"));
}

absl::StatusOr<int> RoutingWorker::EscalateDue() {
  const core::Timestamp now = deps_.clock.Now();
  const auto setup = deps_.policy.Get();  // one setup for the whole pass
  const core::EscalationPolicy policy{deps_.agencies, setup->coordinator,
                                      options_.escalation_deadline, *setup->calendar};
  int escalated = 0;
  for (int p = 0; p < options_.partitions; ++p) {
    auto due = deps_.index.DueDeadlines(p, now, options_.escalation_batch);
    if (!due.ok()) return due.status();
    for (const auto& ref : *due) {
      const std::string token = absl::StrCat("escalation:", ref.case_id, "/", ref.referral_id);
      // Whether this deadline is done with. It stays scheduled when the referral still waits
      // for it (the index rounds to milliseconds, so it can come up a moment early) and when
      // every attempt met a concurrent change of the case: a later round tries again.
      bool done = false;
      for (int attempt = 0; attempt < kConflictRetries && !done; ++attempt) {
        auto c = Load(deps_.store, ref.case_id);
        if (!c.ok() && c.status().code() == absl::StatusCode::kNotFound) {
          done = true;
          break;
        }
        if (!c.ok()) return c.status();
        const auto change = core::EscalateOverdue(*c, ref.referral_id, policy, now);
        if (!change) {
          // Acknowledged, escalated before or nowhere higher to go; or not yet due.
          done = !core::AwaitsDeadline(*c, ref.referral_id, now);
          break;
        }
        auto applied = Apply(deps_.store, *change, token);
        if (!applied.ok() && applied.status().code() == absl::StatusCode::kAborted) continue;
        if (!applied.ok()) return applied.status();
        if (*applied) {
          ++escalated;
          spdlog::info("case {} referral {} escalated to {}", ref.case_id, ref.referral_id,
                       change->after.referrals.back().target_agency);
        }
        if (auto s = IndexReferrals(change->after); !s.ok()) return s;
        done = true;
      }
      if (!done) continue;
      if (auto s = deps_.index.RemoveDeadline(ref); !s.ok()) return s;
    }
  }
  return escalated;
}

absl::StatusOr<int> RoutingWorker::RunOnce() {
  auto handled = services::HandleRound(deps_.consumer, options_.max_deliveries,
                                       [this](const redis::StreamEntry& e) { return Handle(e); });
  if (!handled.ok()) return handled.status();
  auto escalated = EscalateDue();
  if (!escalated.ok()) return escalated.status();
  return *handled;
}

void RoutingWorker::Run(const std::atomic<bool>& stop) {
  auto last_trim = std::chrono::steady_clock::now();
  core::Backoff backoff(std::chrono::milliseconds(100), std::chrono::seconds(2));
  while (!stop.load()) {
    auto round = RunOnce();
    if (!round.ok()) {
      const auto wait = backoff.Next();
      spdlog::warn("routing round failed, next in {} ms: {}", wait.count(),
                   AsStd(round.status().message()));
      services::SleepUnlessStopped(wait, stop);
      continue;
    }
    backoff.Reset();
    if (std::chrono::steady_clock::now() - last_trim > options_.trim_interval) {
      last_trim = std::chrono::steady_clock::now();
      for (const auto& stream : deps_.consumer.options().streams) {
        if (auto s = deps_.consumer.TrimAcknowledged(stream); !s.ok()) {
          spdlog::warn("trimming {} failed: {}", stream, AsStd(s.message()));
        }
        auto removed = deps_.consumer.RemoveIdleConsumers(stream, options_.idle_consumer_removal);
        if (!removed.ok()) {
          spdlog::warn("removing idle consumers of {} failed: {}", stream,
                       AsStd(removed.status().message()));
        } else if (*removed > 0) {
          spdlog::info("removed {} consumers idle and empty for {} ms from the groups of {}",
                       *removed, options_.idle_consumer_removal.count(), stream);
        }
      }
    }
  }
}

}  // namespace lintas::routing

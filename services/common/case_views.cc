#include "services/common/case_views.h"

#include <map>
#include <set>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "adapters/protomap/case_mapping.h"
#include "adapters/protomap/timeline_mapping.h"
#include "adapters/redis/event_codec.h"
#include "adapters/redis/timeline_reader.h"
#include "core/access/disclosure.h"
#include "core/events/case_event_visitor.h"
#include "core/ids/ids.h"
#include "core/intake/case_intake.h"
#include "core/notify/broker_register.h"
#include "core/util/await.h"
#include "core/util/string_view.h"
#include "lintas/v1/envelope.pb.h"

namespace lintas::services {
namespace {

constexpr std::size_t kMaxLinkedCases = 50;

absl::Status NotFound(std::string_view case_id) {
  return absl::NotFoundError(absl::StrCat("case ", AsAbsl(case_id), " not found"));
}

// The free-text fields of a shown event, as paths under its TimelineEvent detail.
struct FreeTextPaths {
  std::vector<std::pair<std::string_view, const std::string*>>& out;

  void operator()(const core::CaseReceivedEvent&) const {}
  void operator()(const core::UnknownEvent&) const {}
  void operator()(const core::ReferralEscalatedEvent&) const {}
  void operator()(const core::CaseStatusChangedEvent&) const {}
  void operator()(const core::DuplicateSuspectedEvent&) const {}
  // Not listed (as before this visitor existed): the reason and outcome the referral was made
  // with; Redact shows them to its target and BP3MI only.
  void operator()(const core::ReferralRequestedEvent&) const {}
  void operator()(const core::ReferralUpdatedEvent& e) const {
    out.emplace_back("referral_updated.reason", &e.reason);
    out.emplace_back("referral_updated.outcome", &e.outcome);
  }
  void operator()(const core::CaseTriagedEvent& e) const {
    out.emplace_back("case_triaged.reason", &e.reason);
  }
  void operator()(const core::EnforcementActionReportedEvent& e) const {
    out.emplace_back("enforcement_action_reported.note", &e.action.note);
  }
  void operator()(const core::ReporterMessageAddedEvent& e) const {
    out.emplace_back("reporter_message_added.text", &e.text);
  }
  void operator()(const core::ReporterAnsweredEvent& e) const {
    out.emplace_back("reporter_answered.text", &e.text);
  }
};
static_assert(core::HandlesEveryCaseEvent<FreeTextPaths>);

}  // namespace

CaseViews::CaseViews(Deps deps)
    : deps_(std::move(deps)), codec_(deps_.cipher), timeline_(deps_.redis, deps_.keys) {}

absl::StatusOr<core::Case> CaseViews::Load(const core::Agency& viewer, std::string_view case_id) {
  if (!core::PartitionOfCaseId(case_id)) return NotFound(case_id);
  auto c = Await<core::Case>([&](auto done) { deps_.store.Get(case_id, std::move(done)); });
  if (!c.ok()) {
    if (c.status().code() == absl::StatusCode::kNotFound) return NotFound(case_id);
    return c.status();
  }
  if (!core::MayView(viewer, *c)) return NotFound(case_id);
  return c;
}

v1::Case CaseViews::Show(const core::Agency& viewer, const core::Case& c,
                         std::vector<std::string>* fields_shown) {
  const core::Case shown = core::Redact(c, core::DisclosureFor(viewer, c), viewer);
  if (fields_shown != nullptr) *fields_shown = core::PersonalFieldsIn(shown);
  return protomap::CaseToProto(shown);
}

absl::StatusOr<std::vector<v1::TimelineEvent>> CaseViews::Timeline(const core::Agency& viewer,
                                                                   const core::Case& c,
                                                                   std::string_view after,
                                                                   int limit) {
  auto stored = timeline_.Range(c.id, after, limit);
  if (!stored.ok()) return stored.status();
  const core::Disclosure d = core::DisclosureFor(viewer, c);
  std::vector<v1::TimelineEvent> out;
  for (const redis::StoredEvent& e : *stored) {
    auto event = redis::DecodeEvent(e.envelope, codec_);
    if (!event.ok()) return event.status();
    core::RedactEvent(*event, d, viewer, c);
    out.push_back(protomap::TimelineEventOf(e.position, e.envelope, *event));
  }
  return out;
}

absl::StatusOr<std::vector<v1::LinkedCase>> CaseViews::Linked(const core::Agency& viewer,
                                                              const core::Case& c) {
  std::vector<v1::LinkedCase> out;
  if (!core::DisclosureFor(viewer, c).reported_persons) return out;
  std::map<std::string, std::set<std::string>> matches;  // case id -> "phone" / "nik"
  for (const std::string& identifier : core::BrokerIdentifiers(c)) {
    const std::string kind = identifier.substr(0, identifier.find(':'));
    const std::string digest =
        absl::BytesToHexString(deps_.hasher.Hash(core::kBrokerIndexPurpose, identifier));
    auto cases = deps_.index.LinkedCases({digest}, c.id);
    if (!cases.ok()) return cases.status();
    for (const auto& id : *cases)
      matches[id].insert(kind);
  }
  for (const auto& [id, kinds] : matches) {
    if (out.size() == kMaxLinkedCases) break;
    // clang 14 cannot capture a structured binding in a lambda, so name it first.
    const std::string& linked_id = id;
    auto linked =
        Await<core::Case>([&](auto done) { deps_.store.Get(linked_id, std::move(done)); });
    if (!linked.ok()) {
      if (linked.status().code() == absl::StatusCode::kNotFound) continue;
      return linked.status();
    }
    v1::LinkedCase l;
    l.set_case_id(id);
    l.set_region_code(linked->region_code);
    l.set_category(static_cast<v1::Category>(linked->category));
    l.set_status(static_cast<v1::CaseStatus>(linked->status));
    for (const auto& kind : kinds)
      l.add_matched_on(kind);
    out.push_back(std::move(l));
  }
  return out;
}

absl::StatusOr<v1::Notification> CaseViews::Render(const core::Agency& recipient,
                                                   const redis::InboxEntry& entry,
                                                   std::vector<std::string>* fields_shown) {
  auto c = Load(recipient, entry.item.case_id);
  if (!c.ok()) return c.status();
  // A case stored before timelines existed has its events in the partition stream only.
  auto stored = timeline_.At(c->id, entry.item.source_entry, entry.item.source_stream);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    return absl::NotFoundError(absl::StrCat("event ", entry.item.event_id, " of case ", c->id,
                                            " is neither in its timeline nor in its stream"));
  }
  auto event = redis::DecodeEvent((*stored)->envelope, codec_);
  if (!event.ok()) return event.status();
  core::RedactEvent(*event, core::DisclosureFor(recipient, *c), recipient, *c);
  v1::Notification n;
  n.set_cursor(entry.cursor);
  *n.mutable_event() = protomap::TimelineEventOf((*stored)->position, (*stored)->envelope, *event);
  *n.mutable_case_() = Show(recipient, *c, fields_shown);
  if (fields_shown != nullptr) {
    for (const std::string& f : FreeTextFieldsIn({n.event()}))
      fields_shown->push_back(absl::StrCat("event.", f.substr(f.find('.') + 1)));
  }
  auto linked = Linked(recipient, *c);
  if (!linked.ok()) return linked.status();
  for (auto& l : *linked)
    *n.add_linked_cases() = std::move(l);
  return n;
}

std::vector<std::string> FreeTextFieldsIn(const std::vector<v1::TimelineEvent>& events) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const core::CaseEvent event = protomap::CaseEventOf(events[i]);
    std::vector<std::pair<std::string_view, const std::string*>> fields;
    std::visit(FreeTextPaths{fields}, event);
    for (const auto& [path, value] : fields) {
      if (!value->empty()) out.push_back(absl::StrCat("events[", i, "].", AsAbsl(path)));
    }
  }
  return out;
}

}  // namespace lintas::services

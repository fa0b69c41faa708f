#include "services/common/case_views.h"

#include <map>
#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "adapters/protomap/case_mapping.h"
#include "adapters/redis/timeline_codec.h"
#include "adapters/redis/timeline_reader.h"
#include "core/access/disclosure.h"
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

// Empties the free text of `e` that `viewer` may not read.
void RedactEvent(v1::TimelineEvent& e, const core::Disclosure& d, const core::Agency& viewer,
                 const core::Case& c) {
  const auto target_of = [&](const std::string& referral_id) -> std::string {
    for (const auto& r : c.referrals) {
      if (r.id == referral_id) return r.target_agency;
    }
    return {};
  };
  if (e.has_referral_updated()) {
    auto* u = e.mutable_referral_updated();
    if (!core::ShowsFreeTextOf(d, viewer, target_of(u->referral_id()))) {
      u->clear_reason();
      u->clear_outcome();
    }
  } else if (e.has_referral_requested()) {
    auto* r = e.mutable_referral_requested();
    if (!core::ShowsFreeTextOf(d, viewer, r->target_agency())) {
      r->clear_reason();
      r->clear_outcome();
    }
  } else if (e.has_case_triaged()) {
    if (!core::ShowsFreeTextOf(d, viewer, "")) e.mutable_case_triaged()->clear_reason();
  } else if (e.has_enforcement_action_reported()) {
    auto* a = e.mutable_enforcement_action_reported();
    if (!core::ShowsFreeTextOf(d, viewer, a->actor())) a->clear_note();
  }
}

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
    auto event = redis::DecodeTimelineEvent(e.position, e.envelope, codec_);
    if (!event.ok()) return event.status();
    RedactEvent(*event, d, viewer, c);
    out.push_back(*std::move(event));
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
    auto linked = Await<core::Case>([&](auto done) { deps_.store.Get(id, std::move(done)); });
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
  auto event = redis::DecodeTimelineEvent((*stored)->position, (*stored)->envelope, codec_);
  if (!event.ok()) return event.status();
  RedactEvent(*event, core::DisclosureFor(recipient, *c), recipient, *c);
  v1::Notification n;
  n.set_cursor(entry.cursor);
  *n.mutable_event() = *std::move(event);
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
  const auto add = [&](std::size_t i, const std::string& value, std::string_view path) {
    if (!value.empty()) out.push_back(absl::StrCat("events[", i, "].", AsAbsl(path)));
  };
  for (std::size_t i = 0; i < events.size(); ++i) {
    const v1::TimelineEvent& e = events[i];
    add(i, e.referral_updated().reason(), "referral_updated.reason");
    add(i, e.referral_updated().outcome(), "referral_updated.outcome");
    add(i, e.case_triaged().reason(), "case_triaged.reason");
    add(i, e.enforcement_action_reported().note(), "enforcement_action_reported.note");
  }
  return out;
}

}  // namespace lintas::services

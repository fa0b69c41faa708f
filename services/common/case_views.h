#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "adapters/redis/case_codec.h"
#include "adapters/redis/inbox.h"
#include "adapters/redis/key_layout.h"
#include "adapters/redis/pipelined_client.h"
#include "adapters/redis/referral_index.h"
#include "adapters/redis/timeline_reader.h"
#include "core/domain/agency.h"
#include "core/domain/case.h"
#include "core/ports/case_store.h"
#include "core/ports/field_cipher.h"
#include "lintas/v1/case.pb.h"
#include "lintas/v1/notification.pb.h"
#include "lintas/v1/timeline.pb.h"

namespace lintas::services {

// How a case looks to one agency, for every way out of Lintas: the case, its timeline, its
// linked cases and the notifications about it, all redacted by core/access/disclosure. The
// calls block on Redis: run them on worker threads, never on gRPC's.
class CaseViews {
 public:
  struct Deps {
    redis::PipelinedClient& redis;
    redis::KeyLayout keys;
    core::CaseStore& store;
    core::FieldCipher& cipher;
    redis::ReferralIndex& index;
    core::KeyedHasher& hasher;
  };
  explicit CaseViews(Deps deps);

  // The case if `viewer` may see it (MayView), not redacted; NOT_FOUND otherwise, exactly as
  // for a case that does not exist.
  absl::StatusOr<core::Case> Load(const core::Agency& viewer, std::string_view case_id);
  // `c` as `viewer` may see it; `fields_shown` (optional) gets the personal fields left in.
  static v1::Case Show(const core::Agency& viewer, const core::Case& c,
                       std::vector<std::string>* fields_shown = nullptr);
  // Up to `limit` events of `c` after `after` ("" from the first), oldest first, free text
  // redacted for `viewer`. INVALID_ARGUMENT for an `after` that is not a position.
  absl::StatusOr<std::vector<v1::TimelineEvent>> Timeline(const core::Agency& viewer,
                                                          const core::Case& c,
                                                          std::string_view after, int limit);
  // Other cases naming one of `c`'s brokers (by phone or NIK), for a viewer whose disclosure
  // includes reported persons; empty for anyone else.
  absl::StatusOr<std::vector<v1::LinkedCase>> Linked(const core::Agency& viewer,
                                                     const core::Case& c);
  // The notification an inbox entry stands for, as `recipient` may see it now. NOT_FOUND when
  // the recipient may no longer see the case or the event is gone. `fields_shown` (optional)
  // gets the personal fields it carries: the case's, then the event's free text
  // ("event.referral_updated.reason"), for the audit trail.
  absl::StatusOr<v1::Notification> Render(const core::Agency& recipient,
                                          const redis::InboxEntry& entry,
                                          std::vector<std::string>* fields_shown = nullptr);

 private:
  Deps deps_;
  redis::CaseCodec codec_;
  redis::TimelineReader timeline_;
};

// The free-text fields the timeline events carry (after redaction), as paths like
// "events[3].referral_updated.reason": what the audit log records as returned.
std::vector<std::string> FreeTextFieldsIn(const std::vector<v1::TimelineEvent>& events);

}  // namespace lintas::services

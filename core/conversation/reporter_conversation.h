#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "core/domain/agency.h"
#include "core/domain/case.h"
#include "core/domain/time.h"
#include "core/events/case_events.h"

namespace lintas::core {

// The two-way conversation between a portal reporter (who holds only the tracking code) and the
// agencies that may answer them (MayConverseWithReporter). Each message is a case event
// (ReporterMessageAdded, ReporterAnswered) in the case's history, its text sealed when stored:
// the timeline, notifications and counts see it like any event. docs/portal.md.

// At most this many characters (code points) in one message, either way.
inline constexpr std::size_t kMaxConversationMessageChars = 2000;
// At most this many reporter messages on one case in any 24 hours (a flood from a leaked or
// shared code must stay small).
inline constexpr int kMaxReporterMessagesPerDay = 10;

// One message as a reader sees it, from the event and its place in the case's history.
struct ConversationMessage {
  enum class Author { kReporter = 1, kAgency = 2 };
  std::string position;  // the event's position in the case's timeline
  Author author = Author::kReporter;
  std::string agency;  // who answered (kAgency); never shown to the reporter
  std::string text;
  Timestamp at{};
};

// The reporter's messages of `messages` written at or after `since`.
int ReporterMessagesSince(const std::vector<ConversationMessage>& messages, Timestamp since);

// The reporter adds `text` to case `c`. Pure, like the referral commands: the caller appends the
// change under c.version. INVALID_ARGUMENT (field "text") for an empty or too long text, one
// that is not UTF-8 or holds control characters; FAILED_PRECONDITION for a case not reported
// through the portal; RESOURCE_EXHAUSTED when `sent_last_day` (the reporter's messages in the
// last 24 hours) reached kMaxReporterMessagesPerDay. Events: ReporterMessageAdded.
absl::StatusOr<CaseChange> AddReporterMessage(const Case& c, std::string_view text,
                                              int sent_last_day, Timestamp now);

// `actor` answers the reporter of `c`. Checked in this order, so that a caller without standing
// learns nothing else: NOT_FOUND (as for a missing case) when the actor may not see the case;
// PERMISSION_DENIED when it may see it but not converse; FAILED_PRECONDITION for a case not
// reported through the portal (nobody could read the answer); INVALID_ARGUMENT (field "text").
// Events: ReporterAnswered.
absl::StatusOr<CaseChange> AnswerReporter(const Case& c, std::string_view text, const Agency& actor,
                                          Timestamp now);

// NOT_FOUND or PERMISSION_DENIED as AnswerReporter decides them, OK when `viewer` may read the
// conversation of `c`.
absl::Status CheckMayConverse(const Agency& viewer, const Case& c);

}  // namespace lintas::core

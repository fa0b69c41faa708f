#include "core/conversation/reporter_conversation.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/access/disclosure.h"
#include "core/errors/field_violation.h"
#include "core/intake/case_intake.h"
#include "core/referral/referral_lifecycle.h"
#include "core/util/text.h"

namespace lintas::core {
namespace {

absl::Status CheckText(std::string_view text) {
  std::string description;
  if (text.empty()) {
    description = "Write a message.";
  } else if (auto problem = FreeTextProblem(text, kMaxConversationMessageChars)) {
    description = *problem;
  } else {
    return absl::OkStatus();
  }
  FieldViolations v{{"text", description}};
  return InvalidArgumentWithViolations(absl::StrCat("invalid message: text: ", description),
                                       std::move(v));
}

absl::Status CheckPortalCase(const Case& c) {
  if (c.channel == Channel::kPublicWeb) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "case ", c.id, " was not reported through the public portal: nobody can read an answer"));
}

}  // namespace

int ReporterMessagesSince(const std::vector<ConversationMessage>& messages, Timestamp since) {
  return static_cast<int>(std::count_if(messages.begin(), messages.end(), [&](const auto& m) {
    return m.author == ConversationMessage::Author::kReporter && m.at >= since;
  }));
}

absl::StatusOr<CaseChange> AddReporterMessage(const Case& c, std::string_view text,
                                              int sent_last_day, Timestamp now) {
  if (absl::Status s = CheckPortalCase(c); !s.ok()) return s;
  const std::string_view trimmed = TrimAscii(text);
  if (absl::Status s = CheckText(trimmed); !s.ok()) return s;
  if (sent_last_day >= kMaxReporterMessagesPerDay) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "at most ", kMaxReporterMessagesPerDay, " messages a day from the reporter of one case"));
  }
  CaseChange change{c, c.version, {}};
  change.events.emplace_back(ReporterMessageAddedEvent{std::string(trimmed)});
  FinishCaseChange(change, now);
  return change;
}

absl::Status CheckMayConverse(const Agency& viewer, const Case& c) {
  if (!MayView(viewer, c)) return absl::NotFoundError(absl::StrCat("case ", c.id, " not found"));
  if (!MayConverseWithReporter(viewer, c)) {
    return absl::PermissionDeniedError(
        absl::StrCat("agency ", viewer.id, " may not read or answer the reporter of case ", c.id,
                     ": BP3MI for the case and agencies holding an accepted referral on it may"));
  }
  return absl::OkStatus();
}

absl::StatusOr<CaseChange> AnswerReporter(const Case& c, std::string_view text, const Agency& actor,
                                          Timestamp now) {
  if (absl::Status s = CheckMayConverse(actor, c); !s.ok()) return s;
  if (absl::Status s = CheckPortalCase(c); !s.ok()) return s;
  const std::string_view trimmed = TrimAscii(text);
  if (absl::Status s = CheckText(trimmed); !s.ok()) return s;
  CaseChange change{c, c.version, {}};
  change.events.emplace_back(ReporterAnsweredEvent{std::string(trimmed), actor.id});
  FinishCaseChange(change, now);
  return change;
}

}  // namespace lintas::core

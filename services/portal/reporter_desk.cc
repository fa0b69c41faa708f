#include "services/portal/reporter_desk.h"

#include <chrono>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/util/string_view.h"
#include "core/util/text.h"
#include "services/portal/store_wait.h"
#include "spdlog/spdlog.h"

namespace lintas::portal {
namespace {

// Read at most this many messages of one case (the reporter sends at most 10 a day).
constexpr int kMaxRead = 1000;
// A form's message is appended once: its token, digested, names the append's effect.
constexpr std::string_view kMessageTokenPurpose = "portal reporter message v1";
// Two reporters' tabs, or a message and an agency's answer, may race for the case's version.
constexpr int kAttempts = 3;

std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace

absl::StatusOr<std::vector<core::ConversationMessage>> ReporterDesk::Show(
    std::string_view case_id) const {
  auto page = deps_.reader.Read(case_id, "", kMaxRead);
  if (!page.ok()) return page.status();
  std::vector<std::string> fields;
  for (const core::ConversationMessage& m : page->messages)
    fields.push_back(absl::StrCat("messages[", AsAbsl(m.position), "].text"));
  const grpcx::Caller caller{&deps_.agency, ""};
  if (absl::Status audited =
          deps_.audit.RecordReads(caller, core::Method::kConversationListReporterMessages,
                                  {{std::string(case_id), std::move(fields), absl::OkStatus()}});
      !audited.ok()) {
    return audited;
  }
  return std::move(page->messages);
}

absl::StatusOr<std::string> ReporterDesk::Add(std::string_view case_id, std::string_view text,
                                              std::string_view form_token) const {
  const std::string_view trimmed = core::TrimAscii(text);
  if (trimmed.empty()) return std::string("pesan.empty");
  if (CodePoints(trimmed) > core::kMaxConversationMessageChars) return std::string("pesan.long");
  const std::string effect =
      absl::StrCat("portal-message:",
                   absl::BytesToHexString(deps_.hasher.Hash(kMessageTokenPurpose, form_token)));
  const grpcx::Caller caller{&deps_.agency, ""};
  absl::Status outcome;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    auto c = AwaitStore<core::Case>(
        [&](auto done) { deps_.store.Get(std::string(case_id), std::move(done)); });
    if (!c.ok()) return c.status();
    auto earlier = deps_.reader.Read(case_id, "", kMaxRead);
    if (!earlier.ok()) return earlier.status();
    const core::Timestamp now = deps_.clock.Now();
    const int last_day =
        core::ReporterMessagesSince(earlier->messages, now - std::chrono::hours(24));
    auto change = core::AddReporterMessage(*c, trimmed, last_day, now);
    if (change.status().code() == absl::StatusCode::kInvalidArgument) {
      return std::string("pesan.invalid");
    }
    if (change.status().code() == absl::StatusCode::kResourceExhausted) {
      spdlog::info("portal: reporter message on case {} refused: daily limit", c->id);
      return std::string("pesan.limit");
    }
    if (!change.ok()) return change.status();
    auto applied =
        AwaitStore<bool>([&](auto done) { deps_.store.Apply(*change, effect, std::move(done)); });
    outcome = applied.status();
    if (outcome.code() == absl::StatusCode::kAborted) continue;
    deps_.audit.RecordCommand(caller, core::Method::kConversationSendReporterMessage, c->id, {},
                              outcome);
    if (!outcome.ok()) return outcome;
    spdlog::info("portal: reporter message on case {}{}", c->id,
                 *applied ? "" : " (form sent again)");
    return std::string();
  }
  deps_.audit.RecordCommand(caller, core::Method::kConversationSendReporterMessage, case_id, {},
                            outcome);
  return outcome;
}

}  // namespace lintas::portal

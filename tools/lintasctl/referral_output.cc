#include "tools/lintasctl/referral_output.h"

#include <algorithm>
#include <array>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "google/protobuf/util/time_util.h"
#include "tools/lintasctl/enum_names.h"
#include "tools/lintasctl/terminal_text.h"

namespace lintas::ctl {
namespace {

std::string Time(const google::protobuf::Timestamp& ts, bool present) {
  return present ? google::protobuf::util::TimeUtil::ToString(ts) : std::string("-");
}

// "in-progress" reads oddly in a sentence; "in progress" does not.
std::string Words(const google::protobuf::EnumDescriptor& type, int value) {
  return absl::StrReplaceAll(ShortEnumName(type, value), {{"-", " "}});
}

}  // namespace

std::string FormatReferralTable(const std::vector<lintas::v1::Referral>& referrals) {
  if (referrals.empty()) return "no referrals\n";
  constexpr std::size_t kColumns = 6;
  using Row = std::array<std::string, kColumns>;
  std::vector<Row> rows;
  rows.push_back({"CASE", "REFERRAL", "PURPOSE", "STATUS", "REQUESTED", "ACK DUE"});
  for (const lintas::v1::Referral& r : referrals) {
    std::string status = ShortEnumName(*lintas::v1::ReferralStatus_descriptor(), r.status());
    // An escalation says where it came from: that is why this agency got it.
    if (!r.escalated_from().empty()) absl::StrAppend(&status, " (escalated)");
    rows.push_back({ForTerminal(r.case_id()), ForTerminal(r.id()),
                    ShortEnumName(*lintas::v1::ReferralPurpose_descriptor(), r.purpose()), status,
                    Time(r.requested_at(), r.has_requested_at()),
                    Time(r.ack_deadline(), r.has_ack_deadline())});
  }
  std::array<std::size_t, kColumns> width{};
  for (const Row& row : rows) {
    for (std::size_t i = 0; i < kColumns; ++i)
      width[i] = std::max(width[i], row[i].size());
  }
  std::string out;
  for (const Row& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < kColumns; ++i) {
      line += row[i];
      if (i + 1 < kColumns) line.append(width[i] - row[i].size() + 2, ' ');
    }
    absl::StrAppend(&out, line, "\n");
  }
  return out;
}

std::string FormatReferralText(const lintas::v1::Referral& r) {
  std::string out =
      absl::StrCat("referral ", ForTerminal(r.case_id()), "/", ForTerminal(r.id()), ": ",
                   Words(*lintas::v1::ReferralStatus_descriptor(), r.status()), "\n");
  switch (r.status()) {
    case lintas::v1::REFERRAL_STATUS_REJECTED:
    case lintas::v1::REFERRAL_STATUS_ON_HOLD:
    case lintas::v1::REFERRAL_STATUS_FAILED:
    case lintas::v1::REFERRAL_STATUS_CANCELLED:
      if (!r.reason().empty()) absl::StrAppend(&out, "  reason:  ", ForTerminal(r.reason()), "\n");
      break;
    case lintas::v1::REFERRAL_STATUS_COMPLETED:
      if (!r.outcome().empty()) {
        absl::StrAppend(&out, "  outcome: ", ForTerminal(r.outcome()), "\n");
      }
      break;
    default:
      break;
  }
  return out;
}

std::string FormatTriageText(const lintas::v1::Case& c) {
  std::string out = absl::StrCat("case ", ForTerminal(c.id()), ": ",
                                 Words(*lintas::v1::CaseStatus_descriptor(), c.status()),
                                 " (version ", c.version(), ")\n");
  if (!c.triage_reason().empty()) {
    absl::StrAppend(&out, "  reason:       ", ForTerminal(c.triage_reason()), "\n");
  }
  if (!c.duplicate_of().empty()) {
    absl::StrAppend(&out, "  duplicate of: ", ForTerminal(c.duplicate_of()), "\n");
  }
  if (c.referrals_size() > 0) {
    out += "referrals\n";
    out += FormatReferralTable({c.referrals().begin(), c.referrals().end()});
  }
  return out;
}

}  // namespace lintas::ctl

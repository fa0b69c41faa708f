#include "tools/lintasctl/case_output.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"
#include "tools/lintasctl/enum_names.h"
#include "tools/lintasctl/terminal_text.h"

namespace lintas::ctl {
namespace {

// "in-progress" reads oddly in a sentence; "in progress" does not.
std::string StatusWords(lintas::v1::CaseStatus status) {
  return absl::StrReplaceAll(ShortEnumName(*lintas::v1::CaseStatus_descriptor(), status),
                             {{"-", " "}});
}

std::string Time(const google::protobuf::Timestamp& ts) {
  return google::protobuf::util::TimeUtil::ToString(ts);
}

// Adds "  label  value" when value is not empty; labels are padded to one column.
void Line(std::string& out, absl::string_view label, absl::string_view value) {
  if (value.empty()) return;
  constexpr size_t kWidth = 22;
  absl::StrAppend(&out, "  ", label, ":");
  out.append(label.size() + 1 < kWidth ? kWidth - label.size() - 1 : 1, ' ');
  absl::StrAppend(&out, ForTerminal(value), "\n");
}

// Word-wraps `text` at kWrapColumn, indenting every line by two spaces so that the narrative
// stays visibly inside its section; the writer's own line breaks are kept.
void AppendWrapped(std::string& out, absl::string_view text) {
  constexpr size_t kWrapColumn = 98;
  for (absl::string_view paragraph : absl::StrSplit(text, '\n')) {
    size_t column = 0;
    for (absl::string_view word : absl::StrSplit(paragraph, ' ', absl::SkipEmpty())) {
      if (column > 0 && column + 1 + word.size() > kWrapColumn) {
        out += "\n";
        column = 0;
      }
      if (column == 0) {
        out += "  ";
        column = 2;
      } else {
        out += " ";
        ++column;
      }
      absl::StrAppend(&out, word);
      column += word.size();
    }
    out += "\n";
  }
}

template <typename Enum>
std::string EnumText(const google::protobuf::EnumDescriptor& type, Enum value) {
  return value == 0 ? std::string() : ShortEnumName(type, value);
}

}  // namespace

std::string ToJson(const google::protobuf::Message& message, bool all_fields) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = all_fields;
  std::string json;
  // Cannot fail for a message this binary compiled (no Any with unknown types in these).
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

std::string FormatSubmitText(const lintas::v1::SubmitCaseResponse& response) {
  const std::string status = response.status() == lintas::v1::CASE_STATUS_UNSPECIFIED
                                 ? "received"
                                 : StatusWords(response.status());
  std::string out = absl::StrCat("case ", ForTerminal(response.case_id()), " ", status,
                                 " (version ", response.version(), ")\n");
  if (response.replayed()) {
    absl::StrAppend(&out,
                    "replayed: this idempotency key was already used for this case; nothing new "
                    "was written\n");
  }
  return out;
}

std::string FormatCaseText(const lintas::v1::Case& c) {
  std::string out = absl::StrCat("case ", ForTerminal(c.id()), "\n");
  Line(out, "status",
       c.status() == 0 ? std::string()
                       : absl::StrCat(StatusWords(c.status()), " (version ", c.version(), ")"));
  Line(out, "category", EnumText(*lintas::v1::Category_descriptor(), c.category()));
  Line(out, "severity", EnumText(*lintas::v1::Severity_descriptor(), c.severity()));
  Line(out, "region", c.region_code());
  Line(out, "channel", EnumText(*lintas::v1::Channel_descriptor(), c.channel()));
  Line(out, "submitted by", c.submitted_by());
  if (c.has_created_at()) Line(out, "created", Time(c.created_at()));
  if (c.has_updated_at()) Line(out, "updated", Time(c.updated_at()));

  if (c.has_subject()) {
    const lintas::v1::Subject& s = c.subject();
    out += "subject\n";
    Line(out, "name", s.full_name());
    Line(out, "nik", s.nik());
    Line(out, "phone", s.phone());
    Line(out, "sex", EnumText(*lintas::v1::Sex_descriptor(), s.sex()));
    Line(out, "home region", s.home_region_code());
    Line(out, "destination", s.destination_country());
    if (s.needs_support()) Line(out, "needs support", "yes");
  }

  if (c.reported_persons_size() > 0) {
    absl::StrAppend(&out, "reported persons (", c.reported_persons_size(), ")\n");
    int n = 0;
    for (const lintas::v1::ReportedPerson& p : c.reported_persons()) {
      std::string who = p.name().empty() ? std::string("(name not shown)") : p.name();
      if (!p.role().empty()) absl::StrAppend(&who, ", ", p.role());
      if (!p.phone().empty()) absl::StrAppend(&who, ", ", p.phone());
      if (!p.nik().empty()) absl::StrAppend(&who, ", NIK ", p.nik());
      absl::StrAppend(&out, "  ", ++n, ". ", ForTerminal(who), "\n");
    }
  }

  if (c.has_reporter()) {
    const lintas::v1::Reporter& r = c.reporter();
    out += "reporter\n";
    Line(out, "mode", EnumText(*lintas::v1::ReporterMode_descriptor(), r.mode()));
    Line(out, "name", r.name());
    Line(out, "phone", r.contact_phone());
    Line(out, "relation", r.relation());
  }

  if (!c.narrative().empty()) {
    out += "narrative\n";
    AppendWrapped(out, ForTerminal(c.narrative(), /*keep_newlines=*/true));
  }
  if (c.referrals_size() > 0) {
    out += absl::StrCat("referrals (", c.referrals_size(), ")\n");
    for (const auto& r : c.referrals()) {
      // Who holds each referral is the point of the case view (an agency's own list omits it).
      absl::StrAppend(&out, "  ", ForTerminal(r.id()), "  ",
                      EnumText(*lintas::v1::ReferralPurpose_descriptor(), r.purpose()), " -> ",
                      ForTerminal(r.target_agency()), "  ",
                      EnumText(*lintas::v1::ReferralStatus_descriptor(), r.status()),
                      r.has_ack_deadline() ? "  ack due " + Time(r.ack_deadline()) : "",
                      r.escalated_from().empty() ? "" : "  (escalates " + r.escalated_from() + ")",
                      "\n");
    }
  }
  if (c.enforcement_actions_size() > 0) {
    out += absl::StrCat("enforcement (", c.enforcement_actions_size(), ")\n");
    for (const auto& a : c.enforcement_actions()) {
      absl::StrAppend(
          &out, "  ", Time(a.reported_at()), "  ", ForTerminal(a.referral_id()), "  ",
          EnumText(*lintas::v1::EnforcementActionKind_descriptor(), a.kind()),
          a.police_report_number().empty() ? "" : "  LP " + ForTerminal(a.police_report_number()),
          "  by ", ForTerminal(a.actor()), "\n");
      if (!a.note().empty()) AppendWrapped(out, ForTerminal(a.note(), /*keep_newlines=*/true));
    }
  }
  if (!c.suspected_duplicates().empty()) {
    Line(out, "likely duplicate of", absl::StrJoin(c.suspected_duplicates(), ", "));
  }
  return out;
}

}  // namespace lintas::ctl

#include "tools/lintasctl/case_flags.h"

#include <map>

#include "CLI/App.hpp"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/lintasctl/enum_names.h"

namespace lintas::ctl {
namespace {

using lintas::v1::Case;

// Words NTT field staff actually use for the categories; the canonical short names work too.
const std::map<std::string, std::string, std::less<>>& CategoryAliases() {
  static const auto* const kAliases = new std::map<std::string, std::string, std::less<>>{
      {"tppo", "trafficking"},
      {"calo", "illegal-recruitment"},
      {"nonprosedural", "non-procedural-departure"},
      {"non-procedural", "non-procedural-departure"},
  };
  return *kAliases;
}

std::string Choices(const google::protobuf::EnumDescriptor& type) {
  return absl::StrJoin(ShortEnumNames(type), "|");
}

// Sets `out` when `text` was given; leaves it at the zero value otherwise.
template <typename Enum>
absl::Status SetEnum(const google::protobuf::EnumDescriptor& type, absl::string_view text,
                     absl::string_view flag, Enum& out) {
  if (text.empty()) return absl::OkStatus();
  absl::StatusOr<int> value = ParseEnumName(type, text, flag);
  if (!value.ok()) return value.status();
  out = static_cast<Enum>(*value);
  return absl::OkStatus();
}

}  // namespace

void AddCaseFlags(CLI::App& cmd, CaseFlags& f) {
  const std::string group = "Case (instead of --file)";
  auto add = [&](const char* name, std::string& target, const char* type, const std::string& help) {
    cmd.add_option(name, target, help)->type_name(type)->group(group);
  };
  add("--category", f.category, "CATEGORY",
      absl::StrCat("What happened: ", Choices(*lintas::v1::Category_descriptor()),
                   "; also tppo, calo, nonprosedural, or the full enum name"));
  add("--severity", f.severity, "LEVEL",
      absl::StrCat(Choices(*lintas::v1::Severity_descriptor()),
                   "; critical: a life or liberty is at risk now"));
  add("--region", f.region, "CODE", "Kemendagri code where it happened, e.g. 53.21.01.2006");
  add("--channel", f.channel, "CHANNEL",
      absl::StrCat("How the report came in: ", Choices(*lintas::v1::Channel_descriptor())));
  add("--narrative", f.narrative, "TEXT", "What was reported, in free text (stored encrypted)");
  add("--subject-name", f.subject_name, "NAME", "Full name of the migrant worker");
  add("--subject-nik", f.subject_nik, "NIK", "16-digit NIK of the migrant worker");
  add("--subject-phone", f.subject_phone, "PHONE", "Worker's mobile number, e.g. 0812-3456-7890");
  add("--subject-sex", f.subject_sex, "SEX", Choices(*lintas::v1::Sex_descriptor()));
  add("--home-region", f.home_region, "CODE", "Kemendagri code of the worker's home village");
  add("--destination-country", f.destination_country, "CC",
      "Destination country, ISO 3166-1 alpha-2, e.g. MY");
  cmd.add_flag("--needs-support", f.needs_support,
               "The worker needs shelter, health care or other direct support")
      ->group(group);
  // One value per occurrence, so "--reported A --reported B" and not "--reported A B".
  cmd.add_option("--reported", f.reported,
                 "Alleged broker or recruiter; repeat the flag for each person")
      ->type_name("NAME[:PHONE]")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->group(group);
  add("--reporter-mode", f.reporter_mode, "MODE",
      "anonymous (no identity taken), confidential (shown to BP3MI only) or named (shared with "
      "the agencies on the case)");
  add("--reporter-name", f.reporter_name, "NAME", "Reporter's name (needs confidential or named)");
  add("--reporter-phone", f.reporter_phone, "PHONE",
      "Reporter's phone (needs confidential or named)");
  add("--reporter-relation", f.reporter_relation, "TEXT",
      "Reporter's relation to the worker: family, neighbour, church, village official, ...");
}

bool AnyCaseFlagSet(const CaseFlags& f) {
  for (const std::string* s :
       {&f.category, &f.severity, &f.region, &f.channel, &f.narrative, &f.subject_name,
        &f.subject_nik, &f.subject_phone, &f.subject_sex, &f.home_region, &f.destination_country,
        &f.reporter_mode, &f.reporter_name, &f.reporter_phone, &f.reporter_relation}) {
    if (!s->empty()) return true;
  }
  return f.needs_support || !f.reported.empty();
}

absl::StatusOr<lintas::v1::ReportedPerson> ParseReportedPerson(absl::string_view text) {
  const size_t colon = text.find(':');
  absl::string_view name = absl::StripAsciiWhitespace(text.substr(0, colon));
  lintas::v1::ReportedPerson person;
  if (name.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--reported: \"", text, "\" has no name; use NAME or NAME:PHONE"));
  }
  person.set_name(std::string(name));
  if (colon == absl::string_view::npos) return person;

  absl::string_view phone = absl::StripAsciiWhitespace(text.substr(colon + 1));
  // A second colon is refused rather than folded into the phone, so that NAME:PHONE:ROLE can be
  // added later without changing what existing commands mean.
  if (phone.empty() || phone.find(':') != absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("--reported: \"", text, "\" is not NAME or NAME:PHONE"));
  }
  person.set_phone(std::string(phone));
  return person;
}

absl::StatusOr<Case> CaseFromFlags(const CaseFlags& f) {
  Case c;

  absl::string_view category = f.category;
  const std::string lowered = absl::AsciiStrToLower(absl::StripAsciiWhitespace(f.category));
  if (auto alias = CategoryAliases().find(lowered); alias != CategoryAliases().end()) {
    category = alias->second;
  }
  lintas::v1::Category category_value = lintas::v1::CATEGORY_UNSPECIFIED;
  lintas::v1::Severity severity = lintas::v1::SEVERITY_UNSPECIFIED;
  lintas::v1::Channel channel = lintas::v1::CHANNEL_UNSPECIFIED;
  lintas::v1::Sex sex = lintas::v1::SEX_UNSPECIFIED;
  lintas::v1::ReporterMode mode = lintas::v1::REPORTER_MODE_UNSPECIFIED;
  for (absl::Status s : {
           SetEnum(*lintas::v1::Category_descriptor(), category, "--category", category_value),
           SetEnum(*lintas::v1::Severity_descriptor(), f.severity, "--severity", severity),
           SetEnum(*lintas::v1::Channel_descriptor(), f.channel, "--channel", channel),
           SetEnum(*lintas::v1::Sex_descriptor(), f.subject_sex, "--subject-sex", sex),
           SetEnum(*lintas::v1::ReporterMode_descriptor(), f.reporter_mode, "--reporter-mode",
                   mode),
       }) {
    if (!s.ok()) return s;
  }
  c.set_category(category_value);
  c.set_severity(severity);
  c.set_region_code(f.region);
  c.set_channel(channel);
  c.set_narrative(f.narrative);

  if (!f.subject_name.empty() || !f.subject_nik.empty() || !f.subject_phone.empty() ||
      sex != lintas::v1::SEX_UNSPECIFIED || !f.home_region.empty() ||
      !f.destination_country.empty() || f.needs_support) {
    lintas::v1::Subject* subject = c.mutable_subject();
    subject->set_full_name(f.subject_name);
    subject->set_nik(f.subject_nik);
    subject->set_phone(f.subject_phone);
    subject->set_sex(sex);
    subject->set_home_region_code(f.home_region);
    subject->set_destination_country(absl::AsciiStrToUpper(f.destination_country));
    subject->set_needs_support(f.needs_support);
  }

  for (const std::string& text : f.reported) {
    absl::StatusOr<lintas::v1::ReportedPerson> person = ParseReportedPerson(text);
    if (!person.ok()) return person.status();
    *c.add_reported_persons() = *std::move(person);
  }

  const bool has_identity = !f.reporter_name.empty() || !f.reporter_phone.empty();
  // Refused here, not left to the server: a reporter who asked to stay anonymous must never have
  // their name sent anywhere, even in a request that would then be rejected.
  if (mode == lintas::v1::REPORTER_MODE_ANONYMOUS && has_identity) {
    return absl::InvalidArgumentError(
        "--reporter-name and --reporter-phone cannot be used with --reporter-mode anonymous");
  }
  // Who may see the reporter's identity is a decision the user makes, never a default.
  if (mode == lintas::v1::REPORTER_MODE_UNSPECIFIED && has_identity) {
    return absl::InvalidArgumentError(
        "--reporter-name and --reporter-phone need --reporter-mode confidential or named");
  }
  if (mode != lintas::v1::REPORTER_MODE_UNSPECIFIED || !f.reporter_relation.empty()) {
    lintas::v1::Reporter* reporter = c.mutable_reporter();
    reporter->set_mode(mode);
    reporter->set_name(f.reporter_name);
    reporter->set_contact_phone(f.reporter_phone);
    reporter->set_relation(f.reporter_relation);
  }
  return c;
}

}  // namespace lintas::ctl

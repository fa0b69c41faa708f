#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "lintas/v1/case.pb.h"

namespace CLI {
class App;
}  // namespace CLI

namespace lintas::ctl {

// `lintasctl submit` without a file: the case as individual flags. Values stay as typed;
// enums are parsed here, while region codes, NIK and phone numbers are checked by the server,
// which owns those rules and reports every violation at once.
struct CaseFlags {
  std::string category;
  std::string severity;
  std::string region;
  std::string channel;
  std::string narrative;
  std::string subject_name;
  std::string subject_nik;
  std::string subject_phone;
  std::string subject_sex;
  std::string home_region;
  std::string destination_country;
  bool needs_support = false;
  std::vector<std::string> reported;  // NAME[:PHONE], one per alleged broker
  std::string reporter_mode;
  std::string reporter_name;
  std::string reporter_phone;
  std::string reporter_relation;
};

// Adds the case flags to `cmd`, bound to `flags` (which must outlive `cmd`).
void AddCaseFlags(CLI::App& cmd, CaseFlags& flags);

// True when at least one case flag was given.
bool AnyCaseFlagSet(const CaseFlags& flags);

// Builds the case. Fails with INVALID_ARGUMENT naming the flag on an unknown enum value, a
// malformed --reported, or reporter flags that contradict the reporter mode.
absl::StatusOr<lintas::v1::Case> CaseFromFlags(const CaseFlags& flags);

// Parses one --reported value: "NAME" or "NAME:PHONE".
absl::StatusOr<lintas::v1::ReportedPerson> ParseReportedPerson(absl::string_view text);

}  // namespace lintas::ctl

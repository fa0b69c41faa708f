#pragma once

// The part of the lintasd config that SIGHUP reloads: the `routing:` section and the files it
// names (rules, holidays). Kept apart from the rest of the config so that the reload path reads
// nothing else; lintasd_config.h includes it.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/domain/agency.h"
#include "core/domain/region_directory.h"
#include "core/sla/deadline_spec.h"
#include "core/routing/routing_rule.h"
#include "core/sla/working_calendar.h"

namespace lintas::config {

// One non-working date from the holidays file (SKB 3 Menteri for the year).
struct Holiday {
  enum class Kind { kLibur, kCutiBersama };  // national holiday, or collective leave
  core::CivilDate date;
  std::string name;
  Kind kind = Kind::kLibur;
};

// The `routing:` section with the files it names, checked against the regions and agencies.
struct RoutingConfig {
  std::string rules_file;  // resolved against the config file's directory
  std::vector<core::RoutingRule> rules;
  std::string triage_agency;  // a protection_agency: where a case no rule places goes
  // LAPOR!'s admin verifies and forwards a report within 3 working days (FIELD-FACTS §7).
  core::Deadline triage_deadline{core::Deadline::Unit::kWorkingDays, 3};
  std::string holidays_file;  // resolved; empty when none is configured (weekends only)
  std::vector<Holiday> holidays;
  int utc_offset_hours = 8;  // WITA: working days are counted on NTT's wall clock
};

// Reads only the `routing:` section of the config at `path` (required here) and the files it
// names, checked against the regions and agencies already loaded: what lintasd re-reads on SIGHUP.
// Any problem is INVALID_ARGUMENT naming the key and the rule, e.g.
// "routing.rules[3] (tppo-calo-enforcement).refer[0].kind: unknown kind 'polis'"; the caller
// keeps its current rules. Changes to other sections of the file are not read.
absl::StatusOr<RoutingConfig> LoadRoutingConfig(const std::string& path,
                                                const core::RegionDirectory& regions,
                                                const core::AgencyRegistry& agencies);

}  // namespace lintas::config

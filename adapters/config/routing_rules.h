#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "core/domain/agency.h"
#include "core/domain/region_directory.h"
#include "core/routing/routing_rule.h"
#include "core/sla/deadline_spec.h"

namespace lintas::config::yaml {

// The file `routing.rules_file` names: a list of rules {id, description, match, refer}, ids
// unique. `match` is read by ParseMatch (routing_match.h); each `refer` target names a purpose,
// agency kinds or one agency of `agencies`, and an ack deadline. Messages name the rule by index
// and id: "routing.rules[1] (deceased-repatriation).refer[0].agency: unknown agency 'x'".
absl::Status LoadRules(const std::string& file, const core::RegionDirectory& regions,
                       const core::AgencyRegistry& agencies, std::vector<core::RoutingRule>& out);

// {minutes: N}, {hours: N} or {working_days: N} at `path`: exactly one, so a deadline never has two
// meanings.
absl::Status ParseDeadline(const YAML::Node& node, absl::string_view path, core::Deadline& out);

}  // namespace lintas::config::yaml

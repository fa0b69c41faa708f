#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

#include "absl/status/status.h"
#include "core/domain/region_directory.h"
#include "core/routing/routing_rule.h"

namespace lintas::config::yaml {

// A rule's `match` at `path`: the routing predicates (the conditions on a case that must all
// hold). Each predicate is a key of kMatchKeys, read here into a field of core::RuleMatch and
// tested by core::Matches (core/routing/routing_rule.cc). Region codes must be in `regions`.
absl::Status ParseMatch(const YAML::Node& node, const std::string& path,
                        const core::RegionDirectory& regions, core::RuleMatch& out);

}  // namespace lintas::config::yaml

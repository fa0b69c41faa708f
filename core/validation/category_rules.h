#pragma once

#include <string_view>

#include "core/domain/case.h"

namespace lintas::core::validation {

// Per-category required fields. Every case also needs category, severity, channel, region_code,
// reporter.mode and a narrative. The extra fields are the ones the first agency to act on a case
// of that category cannot work without.

enum Need : unsigned {
  kNothingMore = 0,
  kSubjectName = 1u << 0,     // case.subject.full_name
  kHomeRegion = 1u << 1,      // case.subject.home_region_code
  kDestination = 1u << 2,     // case.subject.destination_country
  kReportedPerson = 1u << 3,  // case.reported_persons: at least one
};

struct CategoryRule {
  Category category;
  std::string_view label;  // as it reads in a violation description
  unsigned needs;
};

// The rule for a category; nullptr for an unspecified or unknown one (reported on its own, with
// no per-category needs).
const CategoryRule* RuleFor(Category category);

}  // namespace lintas::core::validation

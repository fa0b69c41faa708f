#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/domain/agency.h"

namespace lintas::core {

// Where a referral goes when `current_agency_id` lets its acknowledgement deadline pass: the
// agency's configured parent (village -> regency -> province -> BP3MI; Polres -> Polda). An
// agency at the top of its own chain (Polda, immigration, NGOs, churches), an unknown agency, or
// one whose parent is not registered escalates to the coordinator (BP3MI), which must act on
// anything left unanswered. The coordinator itself has nowhere to go: nullopt.
std::optional<std::string> EscalationTarget(const AgencyRegistry& agencies,
                                            std::string_view current_agency_id,
                                            std::string_view coordinator_id);

}  // namespace lintas::core

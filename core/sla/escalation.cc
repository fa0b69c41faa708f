#include "core/sla/escalation.h"

namespace lintas::core {

std::optional<std::string> EscalationTarget(const AgencyRegistry& agencies,
                                            std::string_view current_agency_id,
                                            std::string_view coordinator_id) {
  if (!coordinator_id.empty() && current_agency_id == coordinator_id) return std::nullopt;
  const Agency* current = agencies.Find(current_agency_id);
  // Config validation refuses dangling parents and cycles; a hand-built registry may not have, and
  // escalating to an unknown agency or back to the same one would leave the referral unanswered.
  if (current != nullptr && !current->parent.empty() && current->parent != current_agency_id &&
      agencies.Find(current->parent) != nullptr) {
    return current->parent;
  }
  // With no coordinator there is no one to fall back to; an empty target would be denied anyway.
  if (coordinator_id.empty()) return std::nullopt;
  return std::string(coordinator_id);
}

}  // namespace lintas::core

#include "core/domain/enforcement.h"

namespace lintas::core {

bool IsKnown(EnforcementActionKind kind) {
  return kind >= EnforcementActionKind::kInvestigationOpened &&
         kind <= EnforcementActionKind::kNoAction;
}

std::string_view EnforcementActionKindName(EnforcementActionKind kind) {
  switch (kind) {
    case EnforcementActionKind::kUnspecified:
      return "unspecified";
    case EnforcementActionKind::kInvestigationOpened:
      return "investigation_opened";
    case EnforcementActionKind::kSuspectIdentified:
      return "suspect_identified";
    case EnforcementActionKind::kSuspectArrested:
      return "suspect_arrested";
    case EnforcementActionKind::kCaseFileToProsecutor:
      return "case_file_to_prosecutor";
    case EnforcementActionKind::kConvicted:
      return "convicted";
    case EnforcementActionKind::kNoAction:
      return "no_action";
  }
  return "unknown";
}

}  // namespace lintas::core

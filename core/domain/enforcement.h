#pragma once

#include <string>
#include <string_view>

#include "core/domain/time.h"

namespace lintas::core {

// What the police report having done on an enforcement referral. Numbers match
// lintas.v1.EnforcementActionKind.
enum class EnforcementActionKind : int {
  kUnspecified = 0,
  kInvestigationOpened = 1,  // penyidikan; the police report number (nomor LP) is required
  kSuspectIdentified = 2,
  kSuspectArrested = 3,
  kCaseFileToProsecutor = 4,  // berkas perkara to the kejaksaan
  kConvicted = 5,
  kNoAction = 6,  // the note (the reason) is required
};

bool IsKnown(EnforcementActionKind kind);
std::string_view EnforcementActionKindName(EnforcementActionKind kind);  // "suspect_arrested"

struct EnforcementAction {
  std::string case_id;
  std::string referral_id;  // the enforcement referral it was reported on
  EnforcementActionKind kind = EnforcementActionKind::kUnspecified;
  std::string police_report_number;  // nomor Laporan Polisi; not personal data
  std::string note;                  // free text: treated as personal
  std::string actor;                 // the reporting police agency
  Timestamp reported_at{};
};

}  // namespace lintas::core

#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/domain/enforcement.h"
#include "core/domain/referral.h"
#include "core/domain/time.h"

namespace lintas::core {

// Enum values match lintas.v1 proto numbers, so that mapping is a cast and an unknown value
// received on the wire survives the cast and is refused by validation (see IsKnown()).
enum class Category : int {
  kUnspecified = 0,
  kNonProceduralDeparture = 1,
  kTrafficking = 2,
  kIllegalRecruitment = 3,
  kStrandedOrAbusedAbroad = 4,
  kDeceasedRepatriation = 5,
  kDocumentFraud = 6,
  kWageOrContractDispute = 7,
  kOther = 8,
};

enum class Severity : int { kUnspecified = 0, kLow = 1, kMedium = 2, kHigh = 3, kCritical = 4 };

enum class Channel : int {
  kUnspecified = 0,
  kAgencySystem = 1,
  kHotline = 2,
  kPublicWeb = 3,
  kChurch = 4,
  kVillage = 5,
  kWalkIn = 6,
};

enum class Sex : int { kUnspecified = 0, kFemale = 1, kMale = 2 };

enum class CaseStatus : int {
  kUnspecified = 0,
  kReceived = 1,
  kTriaged = 2,
  kReferred = 3,
  kInProgress = 4,
  kResolved = 5,
  kClosed = 6,
  kRejected = 7,
  kDuplicate = 8,
};

enum class ReporterMode : int { kUnspecified = 0, kAnonymous = 1, kConfidential = 2, kNamed = 3 };

bool IsKnown(Category v);
bool IsKnown(Severity v);
bool IsKnown(Channel v);
bool IsKnown(Sex v);
bool IsKnown(ReporterMode v);

struct Subject {
  std::string full_name;  // personal
  std::string nik;        // personal
  std::string phone;      // personal, E.164 after normalisation
  Sex sex = Sex::kUnspecified;
  std::string home_region_code;
  std::string destination_country;
  bool needs_support = false;
};

struct ReportedPerson {
  std::string name;   // personal
  std::string phone;  // personal
  std::string nik;    // personal
  std::string role;
};

struct Reporter {
  ReporterMode mode = ReporterMode::kUnspecified;
  std::string name;           // personal
  std::string contact_phone;  // personal
  std::string relation;
};

struct Case {
  std::string id;
  Category category = Category::kUnspecified;
  Severity severity = Severity::kUnspecified;
  std::string region_code;
  Channel channel = Channel::kUnspecified;
  Subject subject;
  std::vector<ReportedPerson> reported_persons;
  Reporter reporter;
  std::string narrative;  // free text: treated as personal
  CaseStatus status = CaseStatus::kUnspecified;
  std::int64_t version = 0;
  std::string submitted_by;
  Timestamp created_at{};
  Timestamp updated_at{};
  std::vector<Referral> referrals;
  std::vector<std::string> suspected_duplicates;       // open cases with the same subject NIK
  std::string duplicate_of;                            // set when triage merged this case
  std::string triage_reason;                           // free text: treated as personal
  std::vector<EnforcementAction> enforcement_actions;  // oldest first
};

}  // namespace lintas::core

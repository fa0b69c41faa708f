#pragma once

#include <string_view>

#include "absl/status/statusor.h"
#include "core/domain/agency.h"
#include "core/domain/region_directory.h"
#include "core/ports/case_store.h"
#include "core/ports/clock.h"
#include "core/ports/random_source.h"
#include "core/validation/case_validator.h"

namespace lintas::core {

// The intake use cases: validate and store a new case; read one back.
class CaseIntake {
 public:
  struct Deps {
    const RegionDirectory& regions;
    CaseLimits limits;
    int partitions = 16;
    CaseStore& store;
    const Clock& clock;
    RandomSource& random;
  };
  explicit CaseIntake(Deps deps) : deps_(deps) {}

  // Validates the draft (INVALID_ARGUMENT with every violation, nothing written), assigns id,
  // status RECEIVED, version 1 and timestamps, and stores it. The idempotency key is scoped to
  // `caller`: two agencies using the same key do not collide.
  void Submit(const Agency& caller, std::string_view idempotency_key, const Case& draft,
              Callback<CreateCaseResult> done);

  // The case if `caller` may see it: the agency that submitted it, an agency holding a referral
  // on it, or a protection agency (BP3MI) whose jurisdiction covers the case's region. Anything
  // else is NOT_FOUND, exactly like a case that does not exist.
  void Get(const Agency& caller, std::string_view case_id, Callback<Case> done);

 private:
  Deps deps_;
};

// True when `caller` may see `c` under the rule above.
bool MayView(const Agency& caller, const Case& c);

// The case from `store` if `caller` may see it (MayView), NOT_FOUND otherwise: the one way a
// handler reads one case (CaseIntake::Get is this), answering from the store's callback.
void GetVisibleCase(CaseStore& store, const Agency& caller, std::string_view case_id,
                    Callback<Case> done);

}  // namespace lintas::core

#pragma once

#include <string_view>

#include "absl/status/statusor.h"
#include "core/domain/agency.h"
#include "core/domain/case.h"
#include "lintas/v1/case.pb.h"
#include "services/common/unary_handler.h"

namespace lintas::services {

// The answer to a read of one case (IntakeService.GetCase, CaseStatusService.GetCase), both of
// which load it the same way: asynchronously on the store's Redis lane, under core's visibility
// rule (core::GetVisibleCase). Fills `response` with the case as `viewer` may see it and names
// the personal fields shown in one read entry for the audit trail, with the load's outcome.
CallResult AnswerCaseRead(const core::Agency& viewer, std::string_view case_id,
                          const absl::StatusOr<core::Case>& found, v1::Case* response);

}  // namespace lintas::services

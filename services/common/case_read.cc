#include "services/common/case_read.h"

#include <string>
#include <vector>

#include "services/common/case_views.h"

namespace lintas::services {

CallResult AnswerCaseRead(const core::Agency& viewer, std::string_view case_id,
                          const absl::StatusOr<core::Case>& found, v1::Case* response) {
  std::vector<std::string> fields;
  if (found.ok()) *response = CaseViews::Show(viewer, *found, &fields);
  CallResult result{found.status(), {}};
  result.audit.push_back({std::string(case_id), std::move(fields), found.status()});
  return result;
}

}  // namespace lintas::services

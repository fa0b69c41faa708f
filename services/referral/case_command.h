#pragma once

#include <string_view>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/events/case_events.h"
#include "core/ports/case_store.h"

namespace lintas::referral {

// What a command makes of the case as loaded: the change to append, or why there is none.
using Decide = absl::AnyInvocable<absl::StatusOr<core::CaseChange>(const core::Case&) &&>;
// An optional asynchronous check of the decided change before it is appended (e.g. that the case
// a duplicate is merged into exists); it calls its second argument exactly once.
using Vet =
    absl::AnyInvocable<void(const core::CaseChange&, absl::AnyInvocable<void(absl::Status) &&>) &&>;

// One caller's command on one existing case: load it, decide, vet, append with no effect token
// (a caller's command is not a redelivered event), and answer with the change as appended.
// A case that does not exist answers `not_found`, so that the caller cannot tell it from one it
// may not see. Apply's version check makes the change atomic; its ABORTED is passed on, never
// retried here: whoever lost the race must look at the new state and decide again.
// `done` may run on the store's I/O thread.
void RunCaseCommand(core::CaseStore& store, std::string_view case_id, absl::Status not_found,
                    Decide decide, Vet vet, core::Callback<core::CaseChange> done);

// An id from a request, fit for a log line: itself when it is short and of [A-Za-z0-9._-] (case
// and referral ids are), else "<malformed>", so that a caller cannot write into our logs.
std::string_view LogId(std::string_view id);

}  // namespace lintas::referral

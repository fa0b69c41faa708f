// A SubmitCaseRequest as an agency could send it (any bytes gRPC would hand the handler): parsed,
// mapped to the domain and validated the way IntakeService does. The validator must never crash,
// and what it accepts must satisfy what it promises (a normalised case with no output fields).
#include <cstdint>
#include <cstdlib>

#include "adapters/protomap/case_mapping.h"
#include "core/validation/case_validator.h"
#include "google/protobuf/stubs/logging.h"
#include "lintas/v1/intake.pb.h"
#include "tests/fuzz/fuzz_support.h"

// Invalid UTF-8 in a string field is a parse failure that protobuf also logs; thousands of such
// lines a second would bury the fuzzer's own output.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& config = lintas::fuzz::ShippedConfig();
  lintas::v1::SubmitCaseRequest request;
  if (!request.ParseFromArray(data, static_cast<int>(size))) return 0;
  const lintas::core::Case in = lintas::protomap::CaseFromProto(request.case_());
  auto accepted = lintas::core::ValidateSubmission(request.idempotency_key(), in, config.regions,
                                                   config.intake.limits);
  if (accepted.ok()) {
    // Output-only fields are never taken from the caller.
    if (!accepted->id.empty() || accepted->version != 0) std::abort();
    // A valid case stays valid: normalising is idempotent.
    auto again = lintas::core::ValidateSubmission(request.idempotency_key(), *accepted,
                                                  config.regions, config.intake.limits);
    if (!again.ok()) std::abort();
  } else if (accepted.status().code() != absl::StatusCode::kInvalidArgument) {
    std::abort();  // bad input is INVALID_ARGUMENT, never anything else
  }
  return 0;
}

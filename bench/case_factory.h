#pragma once

#include <cstdint>
#include <string>

#include "lintas/v1/intake.pb.h"

namespace lintas::bench {

// Builds SubmitCase requests that lintasd must accept: a trafficking case from Malaka (53.21) with
// a structurally valid NIK, Indonesian mobile numbers and a few hundred characters of narrative.
// Names, NIK, phones and the idempotency key vary with the sequence number, so every request is a
// distinct case that really writes, not an idempotent replay. The data is invented.
class CaseFactory {
 public:
  // `run_id` keeps the keys of this run apart from those of earlier runs against the same Redis.
  explicit CaseFactory(std::string run_id);

  // Overwrites `request` with submission number `sequence`. Reuses its string buffers, so calling
  // it on the same request again allocates little.
  void Fill(std::uint64_t sequence, v1::SubmitCaseRequest& request) const;

  // A fresh run id: 16 hex digits from std::random_device.
  static std::string NewRunId();

 private:
  std::string run_id_;
};

}  // namespace lintas::bench

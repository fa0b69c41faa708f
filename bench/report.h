#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "bench/load_generator.h"

namespace lintas::bench {

// What was run, so that a number in the report can be read (and reproduced) without the command.
struct RunInfo {
  std::string started_at;       // UTC, ISO 8601
  std::string lintasd_address;  // empty when lintasd was skipped
  std::string agency;
  std::string run_id;  // prefix of this run's idempotency keys
  double warmup_s = 0;
  double duration_s = 0;
  int max_channels = 0;
  int cq_threads = 0;
  std::size_t echo_payload_bytes = 0;
  unsigned hardware_threads = 0;
};

struct BenchReport {
  RunInfo info;
  std::vector<LoadResult> submit_case;  // in the order the concurrencies were run
  std::vector<LoadResult> echo;
};

// The results table, then SubmitCase req/s ÷ echo req/s per concurrency run against both, then
// the errors seen, if any.
void PrintMarkdown(const BenchReport& report, std::ostream& out);

// The same as JSON. Returns false and sets `error` when the file cannot be written.
bool WriteJson(const BenchReport& report, const std::string& path, std::string& error);

}  // namespace lintas::bench

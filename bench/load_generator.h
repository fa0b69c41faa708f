#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/completion_queue.h>
#include <grpcpp/support/status.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bench/latency_histogram.h"

namespace lintas::bench {

// One reusable unary call slot of a target. The generator owns it and drives one RPC at a time
// through it; the target decides what the request is and which metadata it carries.
class Call {
 public:
  virtual ~Call() = default;
  // Builds the next request. Kept apart from Issue so its cost is not counted as latency.
  virtual void Prepare() = 0;
  // Starts the RPC on `cq`; the completion comes back from `cq` as `tag`.
  virtual void Issue(grpc::CompletionQueue& cq, void* tag,
                     std::chrono::system_clock::time_point deadline) = 0;
  // The outcome of the last RPC, valid once its tag came back.
  virtual const grpc::Status& status() const = 0;
};

// What to call: lintasd's SubmitCase, the echo baseline, ... The generator is the same for all.
class Target {
 public:
  virtual ~Target() = default;
  virtual std::string_view name() const = 0;
  virtual std::unique_ptr<Call> NewCall(std::shared_ptr<grpc::Channel> channel) = 0;
};

struct LoadOptions {
  std::string address;  // host:port, plaintext
  int concurrency = 1;  // requests kept in flight
  int max_channels = 4;
  int cq_threads = 2;
  std::chrono::milliseconds warmup{2000};
  std::chrono::milliseconds duration{10000};
  std::chrono::milliseconds call_timeout{10000};
  std::chrono::milliseconds connect_timeout{5000};
};

struct LoadResult {
  std::string target;
  int concurrency = 0;
  int channels = 0;
  int cq_threads = 0;
  double measured_s = 0;
  std::uint64_t ok = 0;                    // OK completions inside the measured window
  std::uint64_t errors = 0;                // non-OK completions inside the measured window
  std::uint64_t other_errors = 0;          // non-OK completions during warm-up or the final drain
  LatencyHistogram latency_ns;             // of the OK completions inside the measured window
  std::vector<std::string> error_samples;  // first few distinct error texts
  std::string setup_error;                 // non-empty when the run could not start at all

  double requests_per_s() const { return measured_s > 0 ? ok / measured_s : 0; }
  bool failed() const { return !setup_error.empty() || errors > 0 || other_errors > 0; }
};

// A closed-loop load generator on gRPC's async completion-queue API. Each slot holds exactly one
// RPC in flight and issues the next one as soon as the previous one completes, so `concurrency`
// requests are outstanding at all times; slots are spread round-robin over min(C, max_channels)
// channels (separate HTTP/2 connections) and min(C, cq_threads) completion-queue threads.
// A completion counts toward the result when it arrives inside [start + warmup, start + warmup +
// duration); after that no new RPC is issued and the in-flight ones are drained.
LoadResult RunLoad(Target& target, const LoadOptions& options);

// Sends one request and waits for it: a quick check that the target is up and accepts what the
// generator sends before spending a whole run on it.
grpc::Status ProbeOnce(Target& target, const LoadOptions& options);

}  // namespace lintas::bench

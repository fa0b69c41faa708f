#include "bench/load_generator.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <algorithm>
#include <thread>
#include <utility>

#include "bench/status_text.h"

namespace lintas::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;
using SystemClock = std::chrono::system_clock;

constexpr std::size_t kMaxErrorSamples = 5;
constexpr std::uint64_t kMaxFormattedErrors = 1000;

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address, int index) {
  grpc::ChannelArguments args;
  // Channels with equal arguments share one global subchannel, hence one TCP connection; a
  // private pool and a distinct argument give each channel its own connection.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetInt("lintas.bench.channel_index", index);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

bool Connect(grpc::Channel& channel, std::chrono::milliseconds timeout) {
  return channel.WaitForConnected(SystemClock::now() + timeout);
}

std::string ConnectError(const LoadOptions& options) {
  return "could not connect to " + options.address + " within " +
         std::to_string(options.connect_timeout.count()) + " ms";
}

struct Slot {
  std::unique_ptr<Call> call;
  SteadyClock::time_point started;
};

// Drives its share of the slots on its own completion queue. Everything it counts is its own, so
// the hot path takes no lock; RunLoad merges the workers once they are done.
class Worker {
 public:
  Worker(std::vector<Slot*> slots, SteadyClock::time_point measure_from,
         SteadyClock::time_point measure_until, std::chrono::milliseconds call_timeout)
      : slots_(std::move(slots)),
        measure_from_(measure_from),
        measure_until_(measure_until),
        call_timeout_(call_timeout) {}

  void Run() {
    for (Slot* slot : slots_)
      Issue(*slot);
    std::size_t in_flight = slots_.size();
    void* tag = nullptr;
    bool ok = false;
    while (in_flight > 0 && cq_.Next(&tag, &ok)) {
      const auto done = SteadyClock::now();
      auto& slot = *static_cast<Slot*>(tag);
      --in_flight;
      Account(slot, done);
      // Closed loop: the slot's next RPC replaces the one that just finished.
      if (done < measure_until_) {
        Issue(slot);
        ++in_flight;
      }
    }
    cq_.Shutdown();
    while (cq_.Next(&tag, &ok)) {
    }
  }

  LatencyHistogram latency_ns;
  std::uint64_t ok_count = 0;
  std::uint64_t errors = 0;
  std::uint64_t other_errors = 0;
  std::vector<std::string> error_samples;

 private:
  void Issue(Slot& slot) {
    slot.call->Prepare();
    slot.started = SteadyClock::now();
    slot.call->Issue(cq_, &slot, SystemClock::now() + call_timeout_);
  }

  void Account(const Slot& slot, SteadyClock::time_point done) {
    const bool measured = done >= measure_from_ && done < measure_until_;
    const grpc::Status& status = slot.call->status();
    if (status.ok()) {
      if (!measured) return;
      ++ok_count;
      latency_ns.Record(static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(done - slot.started).count()));
      return;
    }
    ++(measured ? errors : other_errors);
    // Only the first errors are formatted, so a run where everything fails still runs at full
    // speed and its counts stay meaningful.
    if (error_samples.size() < kMaxErrorSamples && formatted_errors_++ < kMaxFormattedErrors) {
      std::string text = StatusText(status);
      if (std::find(error_samples.begin(), error_samples.end(), text) == error_samples.end()) {
        error_samples.push_back(std::move(text));
      }
    }
  }

  grpc::CompletionQueue cq_;
  std::uint64_t formatted_errors_ = 0;
  std::vector<Slot*> slots_;
  SteadyClock::time_point measure_from_;
  SteadyClock::time_point measure_until_;
  std::chrono::milliseconds call_timeout_;
};

}  // namespace

LoadResult RunLoad(Target& target, const LoadOptions& options) {
  LoadResult result;
  result.target = std::string(target.name());
  result.concurrency = options.concurrency;
  result.channels = std::clamp(options.max_channels, 1, options.concurrency);
  result.cq_threads = std::clamp(options.cq_threads, 1, options.concurrency);

  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < result.channels; ++i) {
    channels.push_back(MakeChannel(options.address, i));
    if (!Connect(*channels.back(), options.connect_timeout)) {
      result.setup_error = ConnectError(options);
      return result;
    }
  }

  std::vector<Slot> slots(static_cast<std::size_t>(options.concurrency));
  for (std::size_t i = 0; i < slots.size(); ++i) {
    slots[i].call = target.NewCall(channels[i % channels.size()]);
  }

  const auto measure_from = SteadyClock::now() + options.warmup;
  const auto measure_until = measure_from + options.duration;
  std::vector<std::unique_ptr<Worker>> workers;
  const auto thread_count = static_cast<std::size_t>(result.cq_threads);
  for (std::size_t w = 0; w < thread_count; ++w) {
    std::vector<Slot*> mine;
    for (std::size_t i = w; i < slots.size(); i += thread_count) {
      mine.push_back(&slots[i]);
    }
    workers.push_back(std::make_unique<Worker>(std::move(mine), measure_from, measure_until,
                                               options.call_timeout));
  }
  std::vector<std::thread> threads;
  for (auto& worker : workers)
    threads.emplace_back([&worker] { worker->Run(); });
  for (auto& thread : threads)
    thread.join();

  result.measured_s = std::chrono::duration<double>(options.duration).count();
  for (const auto& worker : workers) {
    result.latency_ns.Merge(worker->latency_ns);
    result.ok += worker->ok_count;
    result.errors += worker->errors;
    result.other_errors += worker->other_errors;
    for (const auto& text : worker->error_samples) {
      if (result.error_samples.size() < kMaxErrorSamples &&
          std::find(result.error_samples.begin(), result.error_samples.end(), text) ==
              result.error_samples.end()) {
        result.error_samples.push_back(text);
      }
    }
  }
  return result;
}

grpc::Status ProbeOnce(Target& target, const LoadOptions& options) {
  auto channel = MakeChannel(options.address, 0);
  if (!Connect(*channel, options.connect_timeout)) {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, ConnectError(options));
  }
  auto call = target.NewCall(channel);
  grpc::CompletionQueue cq;
  call->Prepare();
  call->Issue(cq, call.get(), SystemClock::now() + options.call_timeout);
  void* tag = nullptr;
  bool ok = false;
  cq.Next(&tag, &ok);
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  return call->status();
}

}  // namespace lintas::bench

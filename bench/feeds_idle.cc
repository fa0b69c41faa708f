// lintas_feeds_idle: opens many idle NotificationService.Subscribe streams against a running
// lintasd and reports lintasd's threads and resident memory before, with and after them
// (docs/performance.md). Not a test: it prints what it saw and asserts nothing.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "CLI/App.hpp"
#include "CLI/Config.hpp"
#include "CLI/Formatter.hpp"
#include "absl/strings/str_split.h"
#include "lintas/v1/notification.grpc.pb.h"

namespace {

struct ProcStatus {
  long threads = -1;
  long vm_rss_kb = -1;
};

ProcStatus Read(int pid) {
  ProcStatus out;
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Threads:", 0) == 0) out.threads = std::stol(line.substr(8));
    if (line.rfind("VmRSS:", 0) == 0) out.vm_rss_kb = std::stol(line.substr(6));
  }
  return out;
}

// One idle subscriber on the callback API: reads until the server ends the stream.
class IdleStream final : public grpc::ClientReadReactor<lintas::v1::SubscribeResponse> {
 public:
  IdleStream(lintas::v1::NotificationService::Stub& stub, const std::string& agency,
             std::atomic<int>& answered, std::atomic<int>& done)
      : answered_(answered), done_(done) {
    ctx_.AddMetadata("x-lintas-agency", agency);
    stub.async()->Subscribe(&ctx_, &request_, this);
    StartRead(&response_);
    StartCall();
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;
    if (!got_one_) {
      got_one_ = true;
      answered_.fetch_add(1);
    }
    StartRead(&response_);
  }
  void OnDone(const grpc::Status& s) override {
    status_ = s;
    done_.fetch_add(1);
  }
  void Cancel() { ctx_.TryCancel(); }
  const grpc::Status& status() const { return status_; }

 private:
  grpc::ClientContext ctx_;
  lintas::v1::SubscribeRequest request_;
  lintas::v1::SubscribeResponse response_;
  std::atomic<int>& answered_;
  std::atomic<int>& done_;
  bool got_one_ = false;
  grpc::Status status_;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Opens idle Subscribe streams against lintasd and reports its threads and memory."};
  std::string target = "127.0.0.1:7443";
  int pid = 0;
  int streams = 2000;
  int channels = 8;
  std::string agencies = "polres-malaka,polda-ntt,bp3mi-ntt,polres-kupang,pemkab-malaka";
  int hold_s = 10;
  app.add_option("--target", target, "lintasd host:port (development identity mode)");
  app.add_option("--pid", pid, "lintasd's process id (for /proc/<pid>/status)")->required();
  app.add_option("--streams", streams, "Subscribe streams to open");
  app.add_option("--channels", channels, "gRPC channels (TCP connections) to spread them over");
  app.add_option("--agencies", agencies, "Comma-separated agencies to subscribe as, in turn");
  app.add_option("--hold-s", hold_s, "Seconds to keep them open before measuring");
  CLI11_PARSE(app, argc, argv);

  const std::vector<std::string> as = absl::StrSplit(agencies, ',', absl::SkipEmpty());
  std::vector<std::shared_ptr<grpc::Channel>> chans;
  std::vector<std::unique_ptr<lintas::v1::NotificationService::Stub>> stubs;
  for (int i = 0; i < channels; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("lintas.bench.channel", i);  // distinct arguments: a connection of its own
    chans.push_back(grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args));
    stubs.push_back(lintas::v1::NotificationService::NewStub(chans.back()));
  }

  const ProcStatus before = Read(pid);
  std::atomic<int> answered{0}, done{0};
  std::vector<std::unique_ptr<IdleStream>> open;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < streams; ++i) {
    open.push_back(
        std::make_unique<IdleStream>(*stubs[i % channels], as[i % as.size()], answered, done));
  }
  std::this_thread::sleep_for(std::chrono::seconds(hold_s));
  const ProcStatus with = Read(pid);
  const double opened_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const int answered_n = answered.load();
  const int ended_early = done.load();
  for (auto& s : open)
    s->Cancel();
  for (int i = 0; i < 200 && done.load() < streams; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  open.clear();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const ProcStatus after = Read(pid);

  std::printf("streams opened: %d over %d channels as %zu agencies (held %.1f s)\n", streams,
              channels, as.size(), opened_s);
  std::printf("streams that received a message (heartbeat or notification): %d\n", answered_n);
  std::printf("streams the server ended while held: %d\n", ended_early);
  std::printf("lintasd threads:  before %ld, with streams %ld, after closing %ld\n", before.threads,
              with.threads, after.threads);
  std::printf("lintasd VmRSS kB: before %ld, with streams %ld, after closing %ld\n",
              before.vm_rss_kb, with.vm_rss_kb, after.vm_rss_kb);
  if (streams > 0) {
    std::printf("per stream: %.1f kB\n",
                static_cast<double>(with.vm_rss_kb - before.vm_rss_kb) / streams);
  }
  return 0;
}

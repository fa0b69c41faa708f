#include "bench/targets.h"

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <optional>
#include <utility>

#include "echo.grpc.pb.h"
#include "lintas/v1/intake.grpc.pb.h"

namespace lintas::bench {
namespace {

// The header lintasd reads the caller's agency from when it runs without TLS.
constexpr char kAgencyHeader[] = "x-lintas-agency";

class SubmitCaseCall final : public Call {
 public:
  SubmitCaseCall(std::shared_ptr<grpc::Channel> channel, const std::string& agency,
                 const CaseFactory& factory, std::atomic<std::uint64_t>& next_sequence)
      : stub_(v1::IntakeService::NewStub(std::move(channel))),
        agency_(agency),
        factory_(factory),
        next_sequence_(next_sequence) {}

  void Prepare() override {
    factory_.Fill(next_sequence_.fetch_add(1, std::memory_order_relaxed), request_);
  }

  void Issue(grpc::CompletionQueue& cq, void* tag,
             std::chrono::system_clock::time_point deadline) override {
    // A ClientContext serves one RPC only. The reader lives in the arena of the context's call, so
    // it goes first.
    reader_.reset();
    context_.emplace();
    context_->set_deadline(deadline);
    context_->AddMetadata(kAgencyHeader, agency_);
    reader_ = stub_->AsyncSubmitCase(&*context_, request_, &cq);
    reader_->Finish(&response_, &status_, tag);
  }

  const grpc::Status& status() const override { return status_; }

 private:
  std::unique_ptr<v1::IntakeService::Stub> stub_;
  const std::string& agency_;
  const CaseFactory& factory_;
  std::atomic<std::uint64_t>& next_sequence_;
  std::optional<grpc::ClientContext> context_;
  v1::SubmitCaseRequest request_;
  v1::SubmitCaseResponse response_;
  grpc::Status status_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<v1::SubmitCaseResponse>> reader_;
};

class GetCaseCall final : public Call {
 public:
  GetCaseCall(std::shared_ptr<grpc::Channel> channel, const std::string& agency,
              const std::string& case_id)
      : stub_(v1::IntakeService::NewStub(std::move(channel))), agency_(agency) {
    request_.set_case_id(case_id);
  }

  void Prepare() override {}

  void Issue(grpc::CompletionQueue& cq, void* tag,
             std::chrono::system_clock::time_point deadline) override {
    reader_.reset();
    context_.emplace();
    context_->set_deadline(deadline);
    context_->AddMetadata(kAgencyHeader, agency_);
    reader_ = stub_->AsyncGetCase(&*context_, request_, &cq);
    reader_->Finish(&response_, &status_, tag);
  }

  const grpc::Status& status() const override { return status_; }

 private:
  std::unique_ptr<v1::IntakeService::Stub> stub_;
  const std::string& agency_;
  std::optional<grpc::ClientContext> context_;
  v1::GetCaseRequest request_;
  v1::Case response_;
  grpc::Status status_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<v1::Case>> reader_;
};

class EchoCall final : public Call {
 public:
  EchoCall(std::shared_ptr<grpc::Channel> channel, const std::string& payload)
      : stub_(Echo::NewStub(std::move(channel))) {
    request_.set_payload(payload);
  }

  void Prepare() override {}

  void Issue(grpc::CompletionQueue& cq, void* tag,
             std::chrono::system_clock::time_point deadline) override {
    reader_.reset();
    context_.emplace();
    context_->set_deadline(deadline);
    reader_ = stub_->AsyncEcho(&*context_, request_, &cq);
    reader_->Finish(&response_, &status_, tag);
  }

  const grpc::Status& status() const override { return status_; }

 private:
  std::unique_ptr<Echo::Stub> stub_;
  std::optional<grpc::ClientContext> context_;
  EchoMessage request_;
  EchoMessage response_;
  grpc::Status status_;
  std::unique_ptr<grpc::ClientAsyncResponseReader<EchoMessage>> reader_;
};

}  // namespace

SubmitCaseTarget::SubmitCaseTarget(std::string agency, std::string run_id)
    : agency_(std::move(agency)), factory_(std::move(run_id)) {}

std::unique_ptr<Call> SubmitCaseTarget::NewCall(std::shared_ptr<grpc::Channel> channel) {
  return std::make_unique<SubmitCaseCall>(std::move(channel), agency_, factory_, next_sequence_);
}

std::size_t SubmitCaseTarget::TypicalRequestBytes() const {
  v1::SubmitCaseRequest request;
  factory_.Fill(0, request);
  return request.ByteSizeLong();
}

std::unique_ptr<Call> GetCaseTarget::NewCall(std::shared_ptr<grpc::Channel> channel) {
  return std::make_unique<GetCaseCall>(std::move(channel), agency_, case_id_);
}

std::string SubmitOneCase(const std::string& address, const std::string& agency,
                          const std::string& run_id, grpc::Status& status) {
  auto stub =
      v1::IntakeService::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  v1::SubmitCaseRequest request;
  CaseFactory(run_id + "-get").Fill(0, request);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  context.AddMetadata(kAgencyHeader, agency);
  v1::SubmitCaseResponse response;
  status = stub->SubmitCase(&context, request, &response);
  return status.ok() ? response.case_id() : "";
}

EchoTarget::EchoTarget(std::size_t payload_bytes) : payload_(payload_bytes, 'x') {}

std::unique_ptr<Call> EchoTarget::NewCall(std::shared_ptr<grpc::Channel> channel) {
  return std::make_unique<EchoCall>(std::move(channel), payload_);
}

}  // namespace lintas::bench

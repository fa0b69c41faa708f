#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "bench/case_factory.h"
#include "bench/load_generator.h"

namespace lintas::bench {

// lintasd's IntakeService.SubmitCase, called as `agency` through the dev-mode metadata header.
// Every call submits a new case with a key never used before.
class SubmitCaseTarget final : public Target {
 public:
  SubmitCaseTarget(std::string agency, std::string run_id);

  std::string_view name() const override { return "lintasd SubmitCase"; }
  std::unique_ptr<Call> NewCall(std::shared_ptr<grpc::Channel> channel) override;

  // Serialized size of the first request, to size the echo payload alike.
  std::size_t TypicalRequestBytes() const;

 private:
  std::string agency_;
  CaseFactory factory_;
  std::atomic<std::uint64_t> next_sequence_{0};  // shared by all calls: keys stay unique
};

// lintasd's IntakeService.GetCase of one case, called as `agency`: a read of personal data, so
// each answer waits for its audit entry (docs/security.md, "Audit chain").
class GetCaseTarget final : public Target {
 public:
  GetCaseTarget(std::string agency, std::string case_id)
      : agency_(std::move(agency)), case_id_(std::move(case_id)) {}

  std::string_view name() const override { return "lintasd GetCase"; }
  std::unique_ptr<Call> NewCall(std::shared_ptr<grpc::Channel> channel) override;

 private:
  std::string agency_;
  std::string case_id_;
};

// Submits one new case (for GetCaseTarget to read) and returns its id, or "" with `status` set.
std::string SubmitOneCase(const std::string& address, const std::string& agency,
                          const std::string& run_id, grpc::Status& status);

// The bench's own Echo service; every call sends the same payload.
class EchoTarget final : public Target {
 public:
  explicit EchoTarget(std::size_t payload_bytes);

  std::string_view name() const override { return "echo"; }
  std::unique_ptr<Call> NewCall(std::shared_ptr<grpc::Channel> channel) override;

 private:
  std::string payload_;
};

}  // namespace lintas::bench

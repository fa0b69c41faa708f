// absl::Status -> grpc::Status, with field violations as google.rpc.BadRequest.
#include "adapters/grpc/status_mapping.h"

#include <gtest/gtest.h>

#include "core/errors/field_violation.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace lintas {
namespace {

TEST(StatusMappingTest, ViolationsBecomeABadRequestInTheDetails) {
  const core::FieldViolations violations = {
      {"case.subject.nik", "must be 16 digits"},
      {"case.reported_persons[1].phone", "is not an Indonesian mobile number"},
  };
  const grpc::Status s =
      grpcx::ToGrpcStatus(core::InvalidArgumentWithViolations("case is invalid", violations));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "case is invalid");
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(s.error_details()));
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad));
  ASSERT_EQ(bad.field_violations_size(), 2);
  EXPECT_EQ(bad.field_violations(0).field(), "case.subject.nik");
  EXPECT_EQ(bad.field_violations(1).field(), "case.reported_persons[1].phone");
  EXPECT_EQ(bad.field_violations(1).description(), "is not an Indonesian mobile number");
}

TEST(StatusMappingTest, TheLogLineNamesFieldsOnly) {
  const auto status = core::InvalidArgumentWithViolations(
      "case is invalid", {{"case.subject.nik", "must be 16 digits"}, {"case.region_code", "x"}});
  EXPECT_EQ(grpcx::StatusForLog(status),
            "INVALID_ARGUMENT: case is invalid [case.subject.nik, case.region_code]");
  EXPECT_EQ(grpcx::StatusForLog(absl::NotFoundError("case X not found")),
            "NOT_FOUND: case X not found");
}

TEST(StatusMappingTest, CodesMapOneToOneWithoutDetails) {
  for (const auto& [in, out] : std::vector<std::pair<absl::Status, grpc::StatusCode>>{
           {absl::NotFoundError("x"), grpc::StatusCode::NOT_FOUND},
           {absl::UnavailableError("x"), grpc::StatusCode::UNAVAILABLE},
           {absl::AlreadyExistsError("x"), grpc::StatusCode::ALREADY_EXISTS},
           {absl::AbortedError("x"), grpc::StatusCode::ABORTED},
           {absl::UnauthenticatedError("x"), grpc::StatusCode::UNAUTHENTICATED},
           {absl::DataLossError("x"), grpc::StatusCode::DATA_LOSS},
       }) {
    const grpc::Status s = grpcx::ToGrpcStatus(in);
    EXPECT_EQ(s.error_code(), out);
    EXPECT_TRUE(s.error_details().empty());
  }
  EXPECT_TRUE(grpcx::ToGrpcStatus(absl::OkStatus()).ok());
}

TEST(StatusMappingTest, ViolationPayloadSurvivesOddCharacters) {
  const core::FieldViolations violations = {{"a:b", "12:colon and\nnewline"}, {"", ""}};
  EXPECT_EQ(core::ViolationsOf(core::InvalidArgumentWithViolations("m", violations)), violations);
  EXPECT_TRUE(core::ViolationsOf(absl::InvalidArgumentError("plain")).empty());
}

}  // namespace
}  // namespace lintas

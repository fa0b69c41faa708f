#include "adapters/grpc/caller_identity.h"

#include "absl/strings/str_cat.h"

namespace lintas::grpcx {

absl::StatusOr<const core::Agency*> CallerAuthenticator::Authenticate(
    const grpc::ServerContextBase& context) const {
  const auto& metadata = context.client_metadata();
  const auto range = metadata.equal_range(kAgencyMetadataKey);
  if (range.first == range.second) {
    return absl::UnauthenticatedError(
        absl::StrCat("no caller identity: send the '", kAgencyMetadataKey, "' header"));
  }
  if (std::next(range.first) != range.second) {
    return absl::UnauthenticatedError(
        absl::StrCat("more than one '", kAgencyMetadataKey, "' header"));
  }
  const std::string_view id(range.first->second.data(), range.first->second.size());
  const core::Agency* agency = agencies_.Find(id);
  if (agency == nullptr) {
    return absl::UnauthenticatedError("the calling agency is not registered");
  }
  return agency;
}

}  // namespace lintas::grpcx

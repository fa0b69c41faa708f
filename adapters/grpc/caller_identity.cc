#include "adapters/grpc/caller_identity.h"

#include <grpc/grpc_security_constants.h>
#include <grpcpp/security/auth_context.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <chrono>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/util/string_view.h"
#include "spdlog/spdlog.h"

namespace lintas::grpcx {
namespace {

constexpr std::string_view kSpiffeScheme = "spiffe://";
constexpr std::string_view kAgencyPath = "/agency/";

class SystemClock final : public core::Clock {
 public:
  core::Timestamp Now() const override { return std::chrono::system_clock::now(); }
};

// SHA-256 over the DER of the first certificate in `pem`, lower-case hex; empty on failure.
std::string Fingerprint(std::string_view pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (bio == nullptr) return "";
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (cert == nullptr) return "";
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  const bool ok = X509_digest(cert, EVP_sha256(), md, &len) == 1;
  X509_free(cert);
  if (!ok) return "";
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    hex.push_back(kHex[md[i] >> 4]);
    hex.push_back(kHex[md[i] & 0xf]);
  }
  return hex;
}

std::string_view ToStd(const grpc::string_ref& s) {
  return {s.data(), s.size()};
}

}  // namespace

CallerAuthenticator::CallerAuthenticator(const core::AgencyRegistry& agencies, Options options)
    : agencies_(agencies),
      options_(std::move(options)),
      own_clock_(options_.clock == nullptr ? std::make_unique<SystemClock>() : nullptr),
      clock_(options_.clock != nullptr ? *options_.clock : *own_clock_),
      limiter_(options_.rate_limit) {}

CallerAuthenticator::~CallerAuthenticator() = default;

absl::StatusOr<Caller> CallerAuthenticator::Authorize(const grpc::ServerContextBase& context,
                                                      core::Method method) const {
  const std::string_view method_name = core::MethodName(method);
  absl::StatusOr<Caller> caller = Identify(context);
  if (!caller.ok()) {
    // The reason names certificates and agency ids, never request content.
    spdlog::warn("{} refused: {}", method_name, AsStd(caller.status().message()));
    return caller.status();
  }
  const core::Agency& agency = *caller->agency;
  if (!core::IsAllowed(agency.kind, method)) {
    const std::string_view kind = core::AgencyKindName(agency.kind);
    spdlog::warn("{} by {} refused: PERMISSION_DENIED for kind {}", method_name, agency.id, kind);
    return absl::PermissionDeniedError(
        absl::StrCat("agencies of kind ", AsAbsl(kind), " may not call ", AsAbsl(method_name)));
  }
  if (!limiter_.TryAcquire(agency.id, clock_.Now())) {
    // Debug only: a caller over its limit would otherwise flood the log at its own rate.
    spdlog::debug("{} by {} refused: RESOURCE_EXHAUSTED (rate limit)", method_name, agency.id);
    return absl::ResourceExhaustedError(
        absl::StrCat("agency ", agency.id, " is over its rate limit of ",
                     options_.rate_limit.per_second, " requests per second; retry shortly"));
  }
  return caller;
}

absl::StatusOr<Caller> CallerAuthenticator::Identify(const grpc::ServerContextBase& context) const {
  return options_.mode == Mode::kMutualTls ? IdentifyByCertificate(context)
                                           : IdentifyByHeader(context);
}

absl::StatusOr<Caller> CallerAuthenticator::IdentifyByCertificate(
    const grpc::ServerContextBase& context) const {
  const std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr || !auth->IsPeerAuthenticated()) {
    return absl::UnauthenticatedError("no verified client certificate");
  }
  // gRPC sets this only for a certificate with exactly one URI SAN that is a SPIFFE ID.
  const auto ids = auth->FindPropertyValues(GRPC_PEER_SPIFFE_ID_PROPERTY_NAME);
  if (ids.size() != 1) {
    return absl::UnauthenticatedError(
        "the client certificate names no SPIFFE ID (one URI SAN spiffe://<trust "
        "domain>/agency/<agency id>)");
  }
  const std::string_view spiffe = ToStd(ids.front());
  const std::string_view rest =
      spiffe.substr(std::min(spiffe.size(), kSpiffeScheme.size()));  // <domain>/agency/<id>
  const std::size_t slash = rest.find('/');
  if (!spiffe.starts_with(kSpiffeScheme) || slash == std::string_view::npos ||
      rest.substr(0, slash) != options_.trust_domain) {
    return absl::UnauthenticatedError(absl::StrCat(
        "SPIFFE ID '", AsAbsl(spiffe), "' is not in trust domain '", options_.trust_domain, "'"));
  }
  const std::string_view path = rest.substr(slash);
  const std::string_view id = path.substr(std::min(path.size(), kAgencyPath.size()));
  if (!path.starts_with(kAgencyPath) || id.empty() || id.find('/') != std::string_view::npos) {
    return absl::UnauthenticatedError(absl::StrCat(
        "SPIFFE ID '", AsAbsl(spiffe), "' does not name an agency (expected /agency/<id>)"));
  }
  const core::Agency* agency = agencies_.Find(id);
  if (agency == nullptr) {
    return absl::UnauthenticatedError(absl::StrCat("agency '", AsAbsl(id), "' is not registered"));
  }
  if (agency->revoked) {
    return absl::UnauthenticatedError(absl::StrCat("agency '", agency->id, "' is revoked"));
  }
  const auto pems = auth->FindPropertyValues(GRPC_X509_PEM_CERT_PROPERTY_NAME);
  std::string fingerprint = pems.empty() ? "" : Fingerprint(ToStd(pems.front()));
  if (fingerprint.empty()) {
    return absl::UnauthenticatedError("the client certificate cannot be read");
  }
  if (std::find(options_.revoked_certificates.begin(), options_.revoked_certificates.end(),
                fingerprint) != options_.revoked_certificates.end()) {
    return absl::UnauthenticatedError(absl::StrCat("the client certificate of agency '", agency->id,
                                                   "' (SHA-256 ", fingerprint, ") is revoked"));
  }
  return Caller{agency, std::move(fingerprint)};
}

absl::StatusOr<Caller> CallerAuthenticator::IdentifyByHeader(
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
  if (agency->revoked) {
    return absl::UnauthenticatedError(absl::StrCat("agency '", agency->id, "' is revoked"));
  }
  return Caller{agency, ""};
}

}  // namespace lintas::grpcx

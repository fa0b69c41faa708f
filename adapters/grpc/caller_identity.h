#pragma once

#include <grpcpp/server_context.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/access/authorization.h"
#include "core/access/rate_limiter.h"
#include "core/domain/agency.h"
#include "core/ports/clock.h"

namespace lintas::grpcx {

inline constexpr char kAgencyMetadataKey[] = "x-lintas-agency";

// The agency making a call, once it is identified, allowed the method and within its rate.
struct Caller {
  const core::Agency* agency = nullptr;  // the registry outlives every call
  // SHA-256 of the client certificate (DER), lower-case hex; empty in the development mode.
  std::string cert_fingerprint;
};

// Who is calling and whether they may: the one place every handler asks, first thing.
//
// With mutual TLS (production) the agency is the SPIFFE ID in the client certificate that
// gRPC already verified against the configured CA: spiffe://<trust domain>/agency/<agency id>.
// In the development mode it is the `x-lintas-agency` request header, which anyone on the
// machine can set; that is why that mode only ever listens on loopback (config and
// services/lintasd/server.cc refuse anything else).
class CallerAuthenticator {
 public:
  enum class Mode { kMutualTls, kDevHeader };
  struct Options {
    Mode mode = Mode::kMutualTls;
    std::string trust_domain;                       // kMutualTls only
    std::vector<std::string> revoked_certificates;  // SHA-256 DER fingerprints, lower-case hex
    core::RateLimiter::Limits rate_limit;           // per agency
    const core::Clock* clock = nullptr;             // the system clock when null
  };

  CallerAuthenticator(const core::AgencyRegistry& agencies, Options options);
  ~CallerAuthenticator();

  // In this order: identify the caller (UNAUTHENTICATED: no or unusable identity, an agency
  // that is not registered, a revoked agency or certificate); check the method against the
  // agency kind (core::IsAllowed; PERMISSION_DENIED naming the method and the kind); take a
  // token from the agency's bucket (RESOURCE_EXHAUSTED).
  absl::StatusOr<Caller> Authorize(const grpc::ServerContextBase& context,
                                   core::Method method) const;

  Mode mode() const { return options_.mode; }

 private:
  absl::StatusOr<Caller> Identify(const grpc::ServerContextBase& context) const;
  absl::StatusOr<Caller> IdentifyByCertificate(const grpc::ServerContextBase& context) const;
  absl::StatusOr<Caller> IdentifyByHeader(const grpc::ServerContextBase& context) const;

  const core::AgencyRegistry& agencies_;
  const Options options_;
  std::unique_ptr<core::Clock> own_clock_;
  const core::Clock& clock_;
  mutable core::RateLimiter limiter_;  // thread-safe; its state is not part of our constness
};

}  // namespace lintas::grpcx

#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "adapters/config/lintasd_config.h"
#include "adapters/config/portal_config.h"
#include "core/intake/case_intake.h"
#include "core/ports/case_store.h"
#include "core/ports/clock.h"
#include "core/ports/field_cipher.h"
#include "core/ports/random_source.h"

namespace lintas::redis {
class PipelinedClient;
class TrackingCodes;
}  // namespace lintas::redis
namespace lintas::http {
class HttpServer;
}  // namespace lintas::http
namespace lintas::services {
class AuditTrail;
class ConversationReader;
}  // namespace lintas::services
namespace lintas::portal {
class PortalService;
}  // namespace lintas::portal

namespace lintas::lintasd {

// The public portal (--services=portal): its HTTP server on config.portal.listen, serving
// services/portal on the process's intake, store and keys.
class PortalRunner {
 public:
  struct Shared {
    const config::LintasdConfig& config;
    const config::PortalConfig& portal;  // copied: the runner keeps its own
    core::CaseIntake& intake;
    core::CaseStore& store;
    redis::PipelinedClient& redis;
    const core::KeyedHasher& hasher;
    core::RandomSource& random;
    const core::Clock& clock;
    const services::AuditTrail& audit;
    services::ConversationReader& conversation;
  };
  // FAILED_PRECONDITION for a certificate or key that cannot be read, UNAVAILABLE when the
  // address cannot be bound.
  static absl::StatusOr<std::unique_ptr<PortalRunner>> Start(const Shared& shared);
  ~PortalRunner();  // stops the server: requests in flight finish first

  int port() const;

 private:
  PortalRunner();
  config::PortalConfig config_;
  std::unique_ptr<redis::TrackingCodes> codes_;
  std::unique_ptr<portal::PortalService> service_;
  std::unique_ptr<http::HttpServer> server_;
};

}  // namespace lintas::lintasd

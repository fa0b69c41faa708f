#pragma once

#include <chrono>
#include <string>

#include "adapters/config/portal_config.h"
#include "adapters/http/http_server.h"
#include "adapters/http/ip_rate_limiter.h"
#include "adapters/redis/tracking_codes.h"
#include "core/domain/agency.h"
#include "core/intake/case_intake.h"
#include "core/ports/case_store.h"
#include "core/ports/clock.h"
#include "core/ports/field_cipher.h"
#include "core/ports/random_source.h"
#include "services/common/audit_trail.h"
#include "services/common/conversation_reader.h"
#include "services/portal/form_token.h"
#include "services/portal/pages.h"
#include "services/portal/reporter_desk.h"
#include "services/portal/static_files.h"

namespace lintas::portal {

// The public reporting portal's pages (docs/portal.md): /lapor (the report form), /cek (status
// by tracking code, and the conversation with BP3MI: ReporterDesk), /static/portal.css. A report
// goes through core's CaseIntake as the configured portal agency, exactly like an agency's
// SubmitCase (channel PUBLIC_WEB, the form token as idempotency key). Handlers run on the HTTP
// server's threads and wait for Redis there.
class PortalService {
 public:
  struct Deps {
    const config::PortalConfig& config;
    const core::RegionDirectory& regions;
    const core::AgencyRegistry& agencies;
    core::CaseIntake& intake;
    const core::CaseLimits& limits;  // the intake's, for showing every problem at once
    core::CaseStore& store;
    redis::TrackingCodes& codes;
    const core::KeyedHasher& hasher;  // the index key: form tokens, tracking code digests
    core::RandomSource& random;
    const core::Clock& clock;
    const services::AuditTrail& audit;
    services::ConversationReader& conversation;  // the reporter's messages and the answers
  };
  explicit PortalService(Deps deps);

  http::Router Routes();

  // The tracking code a form token's report gets: a keyed function of the token, so that a
  // re-sent form shows the same code again (the code is stored nowhere, only its digest).
  std::string CodeFor(std::string_view token) const;
  // The digest stored in Redis for a canonical code.
  std::string CodeDigest(std::string_view canonical_code) const;

 private:
  http::HttpResponse ShowReport(const http::HttpRequest& request);
  http::HttpResponse SubmitReport(const http::HttpRequest& request);
  http::HttpResponse ShowCheck(const http::HttpRequest& request);
  http::HttpResponse SubmitCheck(const http::HttpRequest& request);
  std::string NewToken();
  http::HttpResponse Page(const http::HttpRequest& request, int status, std::string html) const;
  std::string StatusHtml(Lang lang, const core::Case& c) const;

  Deps deps_;
  const core::Agency& agency_;
  FormTokens tokens_;
  Pages pages_;
  StaticFiles static_files_;
  http::IpRateLimiter check_limiter_;
  ReporterDesk desk_;
};

}  // namespace lintas::portal

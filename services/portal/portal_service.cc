#include "services/portal/portal_service.h"

#include <algorithm>
#include <array>
#include <memory>
#include <set>

#include "absl/strings/match.h"
#include "adapters/http/url_encoded.h"
#include "core/portal/tracking_code.h"
#include "services/portal/conversation_page.h"
#include "services/portal/page_template.h"
#include "services/portal/store_wait.h"
#include "services/portal/text_cat.h"
#include "spdlog/spdlog.h"

namespace lintas::portal {
namespace {

constexpr std::string_view kCodePurpose = "portal tracking code v1";
constexpr std::string_view kCodeDigestPurpose = "portal tracking code digest v1";

Lang LangOf(const http::HttpRequest& request, std::string_view form_lang = {}) {
  return request.Query("lang") == "en" || form_lang == "en" ? Lang::kEn : Lang::kId;
}

bool IsForm(const http::HttpRequest& request) {
  return absl::StartsWithIgnoreCase(request.content_type, "application/x-www-form-urlencoded");
}

}  // namespace

PortalService::PortalService(Deps deps)
    : deps_(deps),
      agency_(*deps.agencies.Find(deps.config.agency)),
      tokens_(deps.hasher, std::chrono::minutes(deps.config.form_lifetime_minutes)),
      pages_(deps.regions, deps.config.regions_root, deps.config.offered_regions),
      static_files_(deps.config.offered_regions),
      check_limiter_({static_cast<double>(deps.config.status_checks_per_minute),
                      static_cast<double>(deps.config.status_checks_per_minute), 100000}),
      desk_({deps.store, deps.conversation, deps.hasher, deps.clock, deps.audit, agency_}) {}

std::string PortalService::CodeFor(std::string_view token) const {
  const std::string bits = deps_.hasher.Hash(kCodePurpose, token);
  return core::FormatTrackingCode(
      std::span(reinterpret_cast<const std::uint8_t*>(bits.data()), bits.size()));
}

std::string PortalService::CodeDigest(std::string_view canonical_code) const {
  return Hex(deps_.hasher.Hash(kCodeDigestPurpose, canonical_code));
}

std::string PortalService::NewToken() {
  std::array<std::uint8_t, 16> nonce{};
  deps_.random.Fill(nonce);
  return tokens_.Issue(deps_.clock.Now(), nonce);
}

http::HttpResponse PortalService::Page(const http::HttpRequest& request, int status,
                                       std::string html) const {
  http::HttpResponse r{status, {{"Content-Type", "text/html; charset=utf-8"}}, std::move(html)};
  // Nothing from elsewhere, no inline script or style, never in a frame, no referrer, no cache
  // (a shared phone's back button must not show someone's report or code). The one script is
  // the region search, which fetches the region list from here.
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'none'; style-src 'self'; script-src 'self'; "
                         "connect-src 'self'; img-src 'self'; form-action 'self'; "
                         "frame-ancestors 'none'; base-uri 'none'");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Cache-Control", "no-store");
  if (request.tls) {
    r.headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
  }
  return r;
}

http::Router PortalService::Routes() {
  http::Router router;
  router.Add("GET", "/", [](const http::HttpRequest& request) {
    http::HttpResponse r = http::HttpResponse::Text(303, "");
    r.headers.emplace_back("Location", Cat("/lapor", LangQuery(LangOf(request))));
    return r;
  });
  router.Add("GET", "/lapor", [this](const http::HttpRequest& r) { return ShowReport(r); });
  router.Add("POST", "/lapor", [this](const http::HttpRequest& r) { return SubmitReport(r); });
  router.Add("GET", "/cek", [this](const http::HttpRequest& r) { return ShowCheck(r); });
  router.Add("POST", "/cek", [this](const http::HttpRequest& r) { return SubmitCheck(r); });
  static_files_.AddRoutes(router);  // /static/portal.css, portal.js, wilayah.json
  return router;
}

http::HttpResponse PortalService::ShowReport(const http::HttpRequest& request) {
  return Page(request, 200, pages_.Report(LangOf(request), {}, NewToken(), "", {}));
}

http::HttpResponse PortalService::SubmitReport(const http::HttpRequest& request) {
  if (!IsForm(request)) return http::HttpResponse::Text(415, "Unsupported Media Type\n");
  absl::StatusOr<http::FormFields> fields = http::ParseUrlEncoded(request.body);
  if (!fields.ok()) return http::HttpResponse::Text(400, "Bad Request\n");
  const ReportForm form = ReportForm::FromFields(*fields);
  const Lang lang = LangOf(request, form.Get("lang"));
  const std::string token(form.Get("token"));
  auto again = [&](int status, std::string_view message, const FormErrors& errors,
                   const std::string& keep_token) {
    return Page(request, status, pages_.Report(lang, form, keep_token, message, errors));
  };

  switch (tokens_.Verify(token, deps_.clock.Now())) {
    case FormTokens::Check::kOk:
      break;
    case FormTokens::Check::kExpired:
      return again(400, "form.expired", {}, NewToken());
    case FormTokens::Check::kInvalid:
      return again(400, "form.invalid", {}, NewToken());
  }
  // A robot fills every box; a person never sees this one.
  if (!form.Get("situs").empty()) return again(400, "form.invalid", {}, NewToken());
  if (form.Get("langkah") == "wilayah") return again(200, "", {}, token);

  FormErrors errors;
  const core::Case draft = BuildCase(form, deps_.regions, deps_.config.regions_root, errors);
  if (!errors.empty()) {
    // Show core's verdict on the rest at once, so the reporter fixes everything in one go.
    absl::StatusOr<core::Case> checked =
        core::ValidateSubmission(token, draft, deps_.regions, deps_.limits);
    if (!checked.ok()) MapViolations(core::ViolationsOf(checked.status()), errors);
    return again(400, "", errors, token);
  }
  absl::StatusOr<core::CreateCaseResult> created = AwaitStore<core::CreateCaseResult>(
      [&](auto done) { deps_.intake.Submit(agency_, token, draft, std::move(done)); });
  const grpcx::Caller caller{&agency_, ""};
  if (!created.ok()) {
    deps_.audit.RecordCommand(caller, core::Method::kIntakeSubmitCase, "", {}, created.status());
    if (created.status().code() == absl::StatusCode::kInvalidArgument) {
      MapViolations(core::ViolationsOf(created.status()), errors);
      return again(400, "", errors, token);
    }
    if (created.status().code() == absl::StatusCode::kAlreadyExists) {
      // This form was sent before with other content: a new form, keeping what was typed.
      return again(409, "form.invalid", {}, NewToken());
    }
    spdlog::warn("portal: report not stored: {}", created.status().ToString());
    return again(503, "form.unavailable", {}, token);
  }
  deps_.audit.RecordCommand(caller, core::Method::kIntakeSubmitCase, created->case_id, {},
                            absl::OkStatus());
  const std::string code = CodeFor(token);
  std::string canonical;
  core::ParseTrackingCode(code, canonical);
  absl::StatusOr<bool> put = AwaitStore<bool>([&](auto done) {
    deps_.codes.Put(CodeDigest(canonical), created->case_id,
                    [done = std::move(done)](absl::Status s) mutable {
                      if (!s.ok()) return std::move(done)(s);
                      std::move(done)(true);
                    });
  });
  if (!put.ok()) {
    // The case exists; sending the form again replays it and writes the code's entry.
    spdlog::warn("portal: case {} stored, its tracking code not: {}", created->case_id,
                 put.status().ToString());
    return again(503, "form.unavailable", {}, token);
  }
  spdlog::info("portal: report received as case {}{}", created->case_id,
               created->replayed ? " (form sent again)" : "");
  return Page(request, 200, pages_.Sent(lang, code));
}

http::HttpResponse PortalService::ShowCheck(const http::HttpRequest& request) {
  return Page(request, 200, pages_.Check(LangOf(request), NewToken(), "", "", ""));
}

http::HttpResponse PortalService::SubmitCheck(const http::HttpRequest& request) {
  const Lang lang = LangOf(request);
  if (!IsForm(request)) return http::HttpResponse::Text(415, "Unsupported Media Type\n");
  absl::StatusOr<http::FormFields> fields = http::ParseUrlEncoded(request.body, 10);
  if (!fields.ok()) return http::HttpResponse::Text(400, "Bad Request\n");
  std::string token;
  std::string typed;
  std::string action;
  std::string message;
  for (const auto& [name, value] : *fields) {
    if (name == "token" && token.empty()) token = value;
    if (name == "kode" && typed.empty()) typed = value.substr(0, 64);
    if (name == "aksi" && action.empty()) action = value.substr(0, 16);
    // Bounded by the body limit; the desk refuses more than 2000 characters.
    if (name == "pesan" && message.empty()) message = value;
  }
  auto answer = [&](int status, std::string_view error, std::string_view result) {
    return Page(request, status, pages_.Check(lang, NewToken(), typed, error, result));
  };
  // Counted before anything else, so that guessing costs a token whatever the guess.
  if (!check_limiter_.TryAcquire(request.client_ip, std::chrono::steady_clock::now())) {
    return answer(429, "check.limited", "");
  }
  const bool writes = action == "pesan";
  const bool token_ok = tokens_.Verify(token, deps_.clock.Now()) == FormTokens::Check::kOk;
  // A message whose page grew stale is shown again with the conversation, not lost.
  if (!token_ok && !writes) return answer(400, "form.expired", "");
  std::string canonical;
  switch (core::ParseTrackingCode(typed, canonical)) {
    case core::TrackingCodeCheck::kMalformed:
      return answer(400, "check.malformed", "");
    case core::TrackingCodeCheck::kMistyped:
      return answer(400, "check.mistyped", "");
    case core::TrackingCodeCheck::kOk:
      break;
  }
  absl::StatusOr<std::string> case_id = AwaitStore<std::string>(
      [&](auto done) { deps_.codes.Find(CodeDigest(canonical), std::move(done)); });
  if (!case_id.ok() && case_id.status().code() == absl::StatusCode::kNotFound) {
    return answer(404, "check.unknown", "");
  }
  absl::StatusOr<core::Case> found =
      case_id.ok()
          ? AwaitStore<core::Case>([&](auto done) { deps_.store.Get(*case_id, std::move(done)); })
          : absl::StatusOr<core::Case>(case_id.status());
  if (!found.ok()) {
    spdlog::warn("portal: status check failed: {}", found.status().ToString());
    return answer(503, "busy", "");
  }
  MessageFormState form;
  int status = 200;
  if (writes) {
    absl::StatusOr<std::string> problem =
        token_ok ? desk_.Add(found->id, message, token) : std::string("pesan.expired");
    if (!problem.ok()) {
      spdlog::warn("portal: reporter message on case {} not stored: {}", found->id,
                   problem.status().ToString());
      form.error_key = "busy";
    } else {
      form.error_key = *std::move(problem);
    }
    form.sent = form.error_key.empty();
    if (!form.sent) {
      form.typed = std::move(message);
      status = form.error_key == "busy" ? 503 : form.error_key == "pesan.limit" ? 429 : 400;
    }
  }
  absl::StatusOr<std::vector<core::ConversationMessage>> shown = desk_.Show(found->id);
  if (!shown.ok()) {
    spdlog::warn("portal: conversation of case {} not shown: {}", found->id,
                 shown.status().ToString());
    return answer(503, "busy", "");
  }
  const std::string fresh = NewToken();
  return Page(request, status,
              pages_.Check(lang, fresh, typed, "",
                           Cat(StatusHtml(lang, *found),
                               ConversationHtml(lang, *shown, canonical, fresh, form))));
}

std::string PortalService::StatusHtml(Lang lang, const core::Case& c) const {
  using core::CaseStatus;
  std::string text;
  switch (c.status) {
    case CaseStatus::kResolved:
      text = Msg(lang, "status.resolved");
      break;
    case CaseStatus::kClosed:
      text = Msg(lang, "status.closed");
      break;
    case CaseStatus::kRejected:
      text = Msg(lang, "status.rejected");
      break;
    case CaseStatus::kDuplicate:
      text = Msg(lang, "status.duplicate");
      break;
    default: {
      // Who works on it, in plain words: kinds of agency, never their names or people.
      std::set<std::string_view> who;
      for (const core::Referral& r : c.referrals) {
        using core::ReferralStatus;
        if (r.status != ReferralStatus::kReceived && r.status != ReferralStatus::kAccepted &&
            r.status != ReferralStatus::kInProgress && r.status != ReferralStatus::kOnHold &&
            r.status != ReferralStatus::kRequested) {
          continue;
        }
        const core::Agency* a = deps_.agencies.Find(r.target_agency);
        if (a == nullptr) continue;
        switch (a->kind) {
          case core::AgencyKind::kPolice:
            who.insert("who.police");
            break;
          case core::AgencyKind::kProtectionAgency:
            who.insert("who.bp3mi");
            break;
          case core::AgencyKind::kNgo:
          case core::AgencyKind::kFaithOrganisation:
            who.insert(r.purpose == core::ReferralPurpose::kVictimSupport ? "who.shelter"
                                                                          : "who.other");
            break;
          case core::AgencyKind::kProvincialGovernment:
          case core::AgencyKind::kRegencyGovernment:
          case core::AgencyKind::kVillageGovernment:
            who.insert("who.government");
            break;
          default:
            who.insert("who.other");
        }
      }
      if (who.empty()) {
        text = Msg(lang, "status.received");
      } else {
        text = Msg(lang, "status.handled");
        const char* separator = " ";
        for (std::string_view key : who) {
          CatTo(&text, separator, Msg(lang, key));
          separator = ", ";
        }
        text += '.';
      }
    }
  }
  return Cat("<section class=\"status\" aria-live=\"polite\"><h2>",
             EscapeHtml(Msg(lang, "check.status")), "</h2><p id=\"status\">", EscapeHtml(text),
             "</p></section>");
}

}  // namespace lintas::portal

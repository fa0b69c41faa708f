#include "services/feeds/notification_service.h"

#include "adapters/redis/stream_entry.h"
#include "core/errors/field_violation.h"
#include "spdlog/spdlog.h"

namespace lintas::feeds {
namespace {

absl::Status BadCursor() {
  return core::InvalidArgumentWithViolations(
      "cursor: not a cursor this server gave out",
      {{"cursor", "must be a Notification.cursor (e.g. \"1764312000000-0\")"}});
}

// The caller's inbox after a cursor, rendered for the caller.
class InboxSource final : public FeedSource<v1::SubscribeResponse> {
 public:
  InboxSource(grpcx::Caller caller, std::string cursor, const services::AuditTrail& audit,
              services::CaseViews& views, redis::Inbox& inbox)
      : caller_(std::move(caller)),
        agency_(*caller_.agency),
        cursor_(std::move(cursor)),
        audit_(audit),
        views_(views),
        inbox_(inbox) {}

  absl::StatusOr<std::string> Start() override {
    if (!cursor_.empty()) return cursor_;   // checked by the handler
    return inbox_.AckedCursor(agency_.id);  // "" when never acknowledged: from the start
  }

  std::string WatchKey() const override { return inbox_.keys().Inbox(agency_.id); }

  absl::StatusOr<FeedPage<v1::SubscribeResponse>> Fetch(const std::string& after,
                                                        int limit) override {
    auto entries = inbox_.ReadAfter(agency_.id, after, limit);
    if (!entries.ok()) return entries.status();
    FeedPage<v1::SubscribeResponse> page;
    page.full = static_cast<int>(entries->size()) == limit;
    std::vector<services::AuditNote> notes;  // one per notification of the page
    for (const redis::InboxEntry& entry : *entries) {
      page.last_position = entry.cursor;
      std::vector<std::string> fields;
      auto rendered = views_.Render(agency_, entry, &fields);
      if (!rendered.ok()) {
        if (rendered.status().code() == absl::StatusCode::kNotFound) {
          // The agency may no longer see the case, or the event is gone: nothing to deliver.
          spdlog::info("feeds: {} skips inbox entry {} (case {}, event {}): not visible or gone",
                       agency_.id, entry.cursor, entry.item.case_id, entry.item.event_id);
          continue;
        }
        return rendered.status();
      }
      notes.push_back({entry.item.case_id, std::move(fields), absl::OkStatus()});
      auto& out = page.entries.emplace_back();
      *out.message.mutable_notification() = *std::move(rendered);
      out.position = entry.cursor;
    }
    // Fail closed: no personal data leaves before its audit entry is durable. One wait for the
    // whole page, on this render thread (never gRPC's).
    if (absl::Status recorded =
            audit_.RecordReads(caller_, core::Method::kNotificationSubscribe, notes);
        !recorded.ok()) {
      return recorded;  // AuditUnavailable()
    }
    return page;
  }

  const char* PositionName() const override { return "cursor"; }

 private:
  const grpcx::Caller caller_;
  const core::Agency& agency_;
  const std::string cursor_;
  const services::AuditTrail& audit_;
  services::CaseViews& views_;
  redis::Inbox& inbox_;
};

}  // namespace

NotificationService::NotificationService(const grpcx::CallerAuthenticator& auth,
                                         const services::AuditTrail& audit, Feeds& feeds,
                                         services::CaseViews& views, redis::Inbox& inbox,
                                         const core::Clock& clock)
    : auth_(auth),
      audit_(audit),
      calls_(auth, audit),
      feeds_(feeds),
      views_(views),
      inbox_(inbox),
      clock_(clock),
      acks_{"acks", feeds.executor(), "busy; retry shortly"} {}

grpc::ServerWriteReactor<v1::SubscribeResponse>* NotificationService::Subscribe(
    grpc::CallbackServerContext* context, const v1::SubscribeRequest* request) {
  using Finished = RefusedStream<v1::SubscribeResponse>;
  auto caller = auth_.Authorize(*context, core::Method::kNotificationSubscribe);
  if (!caller.ok()) return new Finished(grpcx::ToGrpcStatus(caller.status()));
  if (!request->cursor().empty() && !redis::IsStreamId(request->cursor())) {
    return new Finished(grpcx::ToGrpcStatus(BadCursor()));
  }
  const core::Agency& agency = *caller->agency;
  spdlog::info("feeds: {} subscribes from {}", agency.id,
               request->cursor().empty() ? "its acknowledged cursor" : request->cursor());
  return FeedReactor<v1::SubscribeResponse>::Create(
      feeds_.Deps<v1::SubscribeResponse>(),
      std::make_unique<InboxSource>(*caller, request->cursor(), audit_, views_, inbox_),
      "subscription of " + agency.id);
}

grpc::ServerUnaryReactor* NotificationService::Ack(grpc::CallbackServerContext* context,
                                                   const v1::AckRequest* request,
                                                   v1::AckResponse* response) {
  // Inbox calls block: on the feeds' threads, never gRPC's. An Ack shows no personal data and
  // names no case: nothing to audit.
  return calls_.Blocking(
      context,
      {core::Method::kNotificationAck, services::AuditRule::kCommand, response,
       [request] { return redis::IsStreamId(request->cursor()) ? absl::OkStatus() : BadCursor(); }},
      acks_, [this, request, response](const grpcx::Caller& caller) -> services::CallResult {
        const core::Agency* agency = caller.agency;
        auto acked = inbox_.Ack(agency->id, request->cursor(), clock_.Now() - kForgetSeenAfter);
        if (!acked.ok()) {
          spdlog::warn("feeds: Ack by {} failed: {}", agency->id,
                       grpcx::StatusForLog(acked.status()));
          return {acked.status(), {}};
        }
        response->set_acked_cursor(*std::move(acked));
        return {};
      });
}

}  // namespace lintas::feeds

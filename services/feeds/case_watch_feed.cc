#include "services/feeds/case_watch_feed.h"

#include "adapters/redis/stream_entry.h"
#include "core/errors/field_violation.h"
#include "core/ids/ids.h"
#include "spdlog/spdlog.h"

namespace lintas::feeds {
namespace {

class TimelineSource final : public FeedSource<v1::WatchCaseResponse> {
 public:
  TimelineSource(grpcx::Caller caller, std::string case_id, std::string after,
                 const services::AuditTrail& audit, services::CaseViews& views,
                 const redis::KeyLayout& keys)
      : caller_(std::move(caller)),
        case_id_(std::move(case_id)),
        after_(std::move(after)),
        audit_(audit),
        views_(views),
        keys_(keys) {}

  absl::StatusOr<std::string> Start() override {
    auto c = views_.Load(*caller_.agency, case_id_);  // NOT_FOUND when the caller may not see it
    if (!c.ok()) return c.status();
    return after_;
  }

  std::string WatchKey() const override {
    return keys_.Timeline(*core::PartitionOfCaseId(case_id_), case_id_);
  }

  absl::StatusOr<FeedPage<v1::WatchCaseResponse>> Fetch(const std::string& after,
                                                        int limit) override {
    auto c = views_.Load(*caller_.agency, case_id_);
    if (!c.ok()) return c.status();
    auto events = views_.Timeline(*caller_.agency, *c, after, limit);
    if (!events.ok()) return events.status();
    if (!events->empty()) {
      // Fail closed: the page is sent only once its entry is durable (this render thread waits).
      absl::Status recorded =
          audit_.RecordReads(caller_, core::Method::kCaseStatusWatchCase,
                             {{case_id_, services::FreeTextFieldsIn(*events), absl::OkStatus()}});
      if (!recorded.ok()) return recorded;  // AuditUnavailable()
    }
    FeedPage<v1::WatchCaseResponse> page;
    page.full = static_cast<int>(events->size()) == limit;
    for (v1::TimelineEvent& e : *events) {
      page.last_position = e.position();
      auto& out = page.entries.emplace_back();
      out.position = e.position();
      *out.message.mutable_event() = std::move(e);
    }
    return page;
  }

  const char* PositionName() const override { return "position"; }

 private:
  const grpcx::Caller caller_;
  const std::string case_id_;
  const std::string after_;
  const services::AuditTrail& audit_;
  services::CaseViews& views_;
  const redis::KeyLayout& keys_;
};

}  // namespace

grpc::ServerWriteReactor<v1::WatchCaseResponse>* CaseWatchFeed::StartWatch(
    grpc::CallbackServerContext* /*context*/, const v1::WatchCaseRequest* request,
    const grpcx::Caller& caller) {
  using Finished = RefusedStream<v1::WatchCaseResponse>;
  if (!request->after().empty() && !redis::IsStreamId(request->after())) {
    return new Finished(grpcx::ToGrpcStatus(core::InvalidArgumentWithViolations(
        "after: not a timeline position",
        {{"after", "must be a TimelineEvent.position (e.g. \"1764312000000-0\")"}})));
  }
  if (!core::PartitionOfCaseId(request->case_id())) {
    // Like a case the caller may not see.
    return new Finished(
        grpc::Status(grpc::StatusCode::NOT_FOUND, "case " + request->case_id() + " not found"));
  }
  spdlog::info("feeds: {} watches case {}", caller.agency->id, request->case_id());
  return FeedReactor<v1::WatchCaseResponse>::Create(
      feeds_.Deps<v1::WatchCaseResponse>(),
      std::make_unique<TimelineSource>(caller, request->case_id(), request->after(), audit_, views_,
                                       keys_),
      "watch of case " + request->case_id() + " by " + caller.agency->id);
}

}  // namespace lintas::feeds

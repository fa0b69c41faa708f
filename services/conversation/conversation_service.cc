#include "services/conversation/conversation_service.h"

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "adapters/protomap/case_mapping.h"
#include "core/conversation/reporter_conversation.h"
#include "core/errors/field_violation.h"
#include "core/ids/ids.h"
#include "core/util/string_view.h"
#include "spdlog/spdlog.h"

namespace lintas::conversation {
namespace {

using services::AuditRule;
using services::CallResult;
using Done = services::UnaryHandler::Done;

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 200;
constexpr std::size_t kMaxIdempotencyKeyChars = 128;
// The digest of (agency, key) names the append's effect: the same key sends one message.
constexpr std::string_view kAnswerKeyPurpose = "reporter answer idempotency v1";

absl::Status BadField(std::string_view field, std::string_view description) {
  return core::InvalidArgumentWithViolations(
      absl::StrCat("invalid request: ", AsAbsl(field), ": ", AsAbsl(description)),
      {{std::string(field), std::string(description)}});
}

// An id from a request, fit for a log line (ids are [A-Za-z0-9._-]).
std::string_view LogId(std::string_view id) {
  const bool clean = !id.empty() && id.size() <= 64 &&
                     id.find_first_not_of(
                         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                         "0123456789-_.") == std::string_view::npos;
  return clean ? id : std::string_view("<malformed>");
}

}  // namespace

grpc::ServerUnaryReactor* ConversationService::ListReporterMessages(
    grpc::CallbackServerContext* context, const v1::ListReporterMessagesRequest* request,
    v1::ListReporterMessagesResponse* response) {
  services::UnaryCall call{core::Method::kConversationListReporterMessages, AuditRule::kRead,
                           response};
  call.check = [request]() -> absl::Status {
    if (request->page_size() < 0 || request->page_size() > kMaxPageSize) {
      return BadField("page_size", "must be between 0 (the default, 50) and 200");
    }
    return absl::OkStatus();
  };
  return calls_.Blocking(
      context, std::move(call), reads_,
      [this, request, response](const grpcx::Caller& caller) -> CallResult {
        const std::string& case_id = request->case_id();
        auto c = deps_.views.Load(*caller.agency, case_id);
        absl::Status standing = c.ok() ? core::CheckMayConverse(*caller.agency, *c) : c.status();
        if (!standing.ok()) return {standing, {{case_id, {}, standing}}};
        const int size = request->page_size() == 0 ? kDefaultPageSize : request->page_size();
        auto page = deps_.reader.Read(case_id, request->page_token(), size);
        if (!page.ok()) return {page.status(), {{case_id, {}, page.status()}}};
        std::vector<std::string> fields;
        for (const core::ConversationMessage& m : page->messages) {
          v1::ReporterMessage* out = response->add_messages();
          out->set_position(m.position);
          out->set_author(m.author == core::ConversationMessage::Author::kReporter
                              ? v1::ReporterMessage::AUTHOR_REPORTER
                              : v1::ReporterMessage::AUTHOR_AGENCY);
          out->set_agency(m.agency);
          out->set_text(m.text);
          *out->mutable_time() = protomap::TimestampToProto(m.at);
          fields.push_back(absl::StrCat("messages[", AsAbsl(m.position), "].text"));
        }
        response->set_next_page_token(page->next_page_token);
        return {absl::OkStatus(), {{case_id, std::move(fields), absl::OkStatus()}}};
      });
}

grpc::ServerUnaryReactor* ConversationService::SendReporterMessage(
    grpc::CallbackServerContext* context, const v1::SendReporterMessageRequest* request,
    v1::SendReporterMessageResponse* response) {
  services::UnaryCall call{core::Method::kConversationSendReporterMessage, AuditRule::kCommand,
                           response};
  call.check = [request]() -> absl::Status {
    if (request->idempotency_key().empty()) {
      return BadField("idempotency_key", "is required (the same key sends the message once)");
    }
    if (request->idempotency_key().size() > kMaxIdempotencyKeyChars) {
      return BadField("idempotency_key", "must be at most 128 characters");
    }
    return absl::OkStatus();
  };
  // The request's strings are valid until the call is finished.
  return calls_.Async(
      context, std::move(call),
      [this, request, response](const grpcx::Caller& caller, services::UnaryHandler::Done done) {
        const core::Agency& agency = *caller.agency;  // the registry outlives every call
        const std::string& case_id = request->case_id();
        const std::string effect = absl::StrCat(
            "answer:",
            absl::BytesToHexString(deps_.hasher.Hash(
                kAnswerKeyPurpose, absl::StrCat(agency.id, "\n", request->idempotency_key()))));
        const core::Timestamp now = deps_.clock.Now();
        auto finish = [response, &case_id, &agency](absl::Status status, bool replayed,
                                                    std::int64_t version, Done done) {
          if (status.ok()) {
            response->set_replayed(replayed);
            response->set_case_version(replayed ? 0 : version);
            spdlog::info("SendReporterMessage by {} on {}: {}", agency.id, LogId(case_id),
                         replayed ? "replayed" : absl::StrCat("version ", version));
          } else {
            // Ids and codes only: the text may name people.
            spdlog::info("SendReporterMessage by {} on {} refused: {}", agency.id, LogId(case_id),
                         absl::StatusCodeToString(status.code()));
          }
          std::move(done)(CallResult{status, {{case_id, {}, status}}});
        };
        if (!core::PartitionOfCaseId(case_id)) {
          return finish(absl::NotFoundError(absl::StrCat("case ", case_id, " not found")), false, 0,
                        std::move(done));
        }
        deps_.store.Get(case_id, [this, request, &agency, &case_id, effect, now, finish,
                                  done = std::move(done)](absl::StatusOr<core::Case> c) mutable {
          if (!c.ok()) {
            absl::Status s = c.status().code() == absl::StatusCode::kNotFound
                                 ? absl::NotFoundError(absl::StrCat("case ", case_id, " not found"))
                                 : c.status();
            return finish(std::move(s), false, 0, std::move(done));
          }
          auto change = core::AnswerReporter(*c, request->text(), agency, now);
          if (!change.ok()) return finish(change.status(), false, 0, std::move(done));
          const std::int64_t version = change->after.version;
          deps_.store.Apply(
              *change, effect,
              [finish, version, done = std::move(done)](absl::StatusOr<bool> applied) mutable {
                if (!applied.ok()) {
                  return finish(applied.status(), false, 0, std::move(done));
                }
                finish(absl::OkStatus(), !*applied, version, std::move(done));
              });
        });
      });
}

}  // namespace lintas::conversation

#include "adapters/redis/event_store.h"

#include <array>
#include <chrono>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "adapters/protomap/case_mapping.h"
#include "adapters/protomap/envelope.h"
#include "adapters/redis/append_script.h"
#include "core/ids/ids.h"
#include "core/util/string_view.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "lintas/v1/case_record.pb.h"

namespace lintas::redis {
namespace {

constexpr std::string_view kIdempotencyKeyPurpose = "idempotency key";
constexpr std::string_view kIdempotencyContentPurpose = "idempotency content";
constexpr char kIntakeSource[] = "/lintas/intake";

absl::string_view ReplyText(const redisReply* r) {
  return r && (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS ||
               r->type == REDIS_REPLY_ERROR)
             ? absl::string_view(r->str, r->len)
             : absl::string_view();
}

std::int64_t ToMillis(core::Timestamp t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// What a submission says, without what the server fills in, in one canonical byte string.
std::string CanonicalContent(const core::Case& c) {
  core::Case content = c;
  content.id.clear();
  content.status = core::CaseStatus::kUnspecified;
  content.version = 0;
  content.created_at = content.updated_at = core::Timestamp{};
  const v1::Case proto = protomap::CaseToProto(content);
  std::string out;
  google::protobuf::io::StringOutputStream stream(&out);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  proto.SerializeToCodedStream(&coded);
  coded.Trim();
  return out;
}

}  // namespace

RedisCaseStore::RedisCaseStore(ConnectionPool& pool, KeyLayout keys, core::FieldCipher& cipher,
                               core::KeyedHasher& hasher, core::RandomSource& random)
    : pool_(pool), keys_(std::move(keys)), codec_(cipher), hasher_(hasher), random_(random) {}

absl::StatusOr<std::string> RedisCaseStore::LoadScript() {
  auto reply = pool_.Command({"SCRIPT", "LOAD", kAppendEventScript});
  if (!reply.ok()) return reply.status();
  if ((*reply)->type == REDIS_REPLY_ERROR) return StatusFromErrorReply(**reply);
  std::lock_guard lock(sha_mu_);
  script_sha_ = std::string(ReplyText(reply->get()));
  return script_sha_;
}

absl::StatusOr<Reply> RedisCaseStore::RunScript(std::span<const std::string_view> keys_and_args,
                                                int num_keys) {
  std::string sha;
  {
    std::lock_guard lock(sha_mu_);
    sha = script_sha_;
  }
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (sha.empty()) {
      auto loaded = LoadScript();
      if (!loaded.ok()) return loaded.status();
      sha = *loaded;
    }
    const std::string numkeys = std::to_string(num_keys);
    std::vector<std::string_view> argv = {"EVALSHA", sha, numkeys};
    argv.insert(argv.end(), keys_and_args.begin(), keys_and_args.end());
    auto reply = pool_.Command(argv);
    if (!reply.ok()) return reply.status();
    if ((*reply)->type == REDIS_REPLY_ERROR &&
        absl::StartsWith(ReplyText(reply->get()), "NOSCRIPT")) {
      sha.clear();  // Redis restarted (or SCRIPT FLUSH): load it again
      continue;
    }
    return reply;
  }
  return absl::UnavailableError("redis: the append script could not be loaded");
}

absl::StatusOr<AppendOutcome> RedisCaseStore::Append(const AppendRequest& req) {
  const auto partition = core::PartitionOfCaseId(req.case_id);
  if (!partition) return absl::InvalidArgumentError(absl::StrCat("bad case id ", req.case_id));
  const std::string events = keys_.Events(*partition);
  const std::string case_key = keys_.Case(*partition, req.case_id);
  const std::string expected = std::to_string(req.expected_version);
  std::string idem_key, fingerprint, created_ms;
  if (req.idempotency) {
    idem_key = keys_.Idempotency(*partition, req.idempotency->digest_hex);
    fingerprint = req.idempotency->fingerprint;
    created_ms = std::to_string(req.idempotency->created_at_ms);
  }
  const int num_keys = req.idempotency ? 3 : 2;
  const std::array<std::string_view, 10> all = {
      events,         case_key,     idem_key,     req.case_id, expected,
      req.event_type, req.envelope, req.snapshot, fingerprint, created_ms};
  std::vector<std::string_view> argv(all.begin(), all.end());
  if (!req.idempotency) argv.erase(argv.begin() + 2);  // no third key

  auto reply = RunScript(argv, num_keys);
  if (!reply.ok()) return reply.status();
  const redisReply* r = reply->get();
  if (r->type == REDIS_REPLY_ERROR) return StatusFromErrorReply(*r);
  if (r->type != REDIS_REPLY_ARRAY || r->elements < 2) {
    return absl::InternalError("redis: unexpected reply from the append script");
  }
  const absl::string_view verdict = ReplyText(r->element[0]);
  const absl::string_view value = ReplyText(r->element[1]);
  if (verdict == "OK")
    return AppendOutcome{AppendOutcome::Kind::kAppended, std::string(value), {}, 0};
  if (verdict == "REPLAY") {
    AppendOutcome out{AppendOutcome::Kind::kReplayed, {}, std::string(value), 0};
    if (r->elements > 2) absl::SimpleAtoi(ReplyText(r->element[2]), &out.created_at_ms);
    return out;
  }
  if (verdict == "CONFLICT") {
    return absl::AlreadyExistsError(absl::StrCat("the idempotency key was already used for case ",
                                                 value, " with different content"));
  }
  if (verdict == "VERSION") {
    return absl::AbortedError(absl::StrCat("case ", req.case_id, " is at version ", value, ", not ",
                                           req.expected_version, "; reload and retry"));
  }
  return absl::InternalError(absl::StrCat("redis: unknown verdict '", verdict, "'"));
}

absl::StatusOr<core::CreateCaseResult> RedisCaseStore::Create(const core::Case& c,
                                                              std::string_view idempotency_key) {
  auto record = codec_.Seal(c);
  if (!record.ok()) return record.status();
  v1::CaseReceived event;
  *event.mutable_case_() = *record;
  const protomap::EnvelopeAttributes attributes{core::MakeUlid(c.created_at, random_),
                                                kIntakeSource, c.id, 1, c.created_at};
  AppendRequest req;
  req.case_id = c.id;
  req.expected_version = 0;
  req.event_type = v1::CaseReceived::descriptor()->full_name();
  protomap::MakeEnvelope(attributes, event).SerializeToString(&req.envelope);
  record->SerializeToString(&req.snapshot);
  req.idempotency = AppendRequest::Idempotency{
      absl::BytesToHexString(hasher_.Hash(kIdempotencyKeyPurpose, idempotency_key)),
      absl::BytesToHexString(hasher_.Hash(kIdempotencyContentPurpose, CanonicalContent(c))),
      ToMillis(c.created_at)};

  auto outcome = Append(req);
  if (!outcome.ok()) return outcome.status();
  if (outcome->kind == AppendOutcome::Kind::kReplayed) {
    return core::CreateCaseResult{
        outcome->case_id, 1, core::CaseStatus::kReceived,
        core::Timestamp(std::chrono::milliseconds(outcome->created_at_ms)), true};
  }
  return core::CreateCaseResult{c.id, 1, c.status, c.created_at, false};
}

absl::StatusOr<core::Case> RedisCaseStore::Get(std::string_view case_id) {
  const auto partition = core::PartitionOfCaseId(case_id);
  if (!partition) return absl::NotFoundError(absl::StrCat("case ", AsAbsl(case_id), " not found"));
  const std::string key = keys_.Case(*partition, case_id);
  auto reply = pool_.Command({"HGET", key, "rec"});
  if (!reply.ok()) return reply.status();
  const redisReply* r = reply->get();
  if (r->type == REDIS_REPLY_ERROR) return StatusFromErrorReply(*r);
  if (r->type == REDIS_REPLY_NIL) {
    return absl::NotFoundError(absl::StrCat("case ", AsAbsl(case_id), " not found"));
  }
  v1::CaseRecord record;
  if (r->type != REDIS_REPLY_STRING || !record.ParseFromArray(r->str, static_cast<int>(r->len))) {
    return absl::DataLossError(
        absl::StrCat("case ", AsAbsl(case_id), ": stored snapshot does not parse"));
  }
  return codec_.Open(record);
}

absl::Status RedisCaseStore::Ping() {
  auto reply = pool_.Command({"PING"});
  if (!reply.ok()) return reply.status();
  if ((*reply)->type == REDIS_REPLY_ERROR) return StatusFromErrorReply(**reply);
  return absl::OkStatus();
}

}  // namespace lintas::redis

#include "adapters/redis/event_store.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "adapters/protomap/case_mapping.h"
#include "adapters/protomap/envelope.h"
#include "adapters/redis/append_script.h"
#include "adapters/redis/event_codec.h"
#include "adapters/redis/reply.h"
#include "core/ids/ids.h"
#include "core/util/string_view.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "lintas/v1/case_record.pb.h"
#include "spdlog/spdlog.h"

namespace lintas::redis {
namespace {

constexpr std::string_view kIdempotencyKeyPurpose = "idempotency key";
constexpr std::string_view kIdempotencyContentPurpose = "idempotency content";

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

// The script's verdict as an outcome or a status.
absl::StatusOr<AppendOutcome> OutcomeOf(const redisReply& r, const AppendRequest& req) {
  if (r.type == REDIS_REPLY_ERROR) return StatusFromErrorReply(r);
  if (r.type != REDIS_REPLY_ARRAY || r.elements < 1) {
    return absl::InternalError("redis: unexpected reply from the append script");
  }
  const absl::string_view verdict = AsAbsl(TextView(r.element[0]));
  const absl::string_view value =
      r.elements > 1 ? AsAbsl(TextView(r.element[1])) : absl::string_view();
  if (verdict == "APPLIED") return AppendOutcome{AppendOutcome::Kind::kAlreadyApplied, {}, {}, 0};
  if (verdict == "OK") {
    return AppendOutcome{AppendOutcome::Kind::kAppended, std::string(value), {}, 0};
  }
  if (verdict == "REPLAY") {
    AppendOutcome out{AppendOutcome::Kind::kReplayed, {}, std::string(value), 0};
    // The script stores created_at as digits; anything else is a corrupt key, not "time 0".
    if (r.elements > 2 && !absl::SimpleAtoi(AsAbsl(TextView(r.element[2])), &out.created_at_ms)) {
      return absl::InternalError("redis: non-numeric created_at in the append script's reply");
    }
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

// The agencies a case is listed under: its submitter and every referral's target, each once.
std::vector<std::string> AgenciesOn(const core::Case& c) {
  std::vector<std::string> out;
  if (!c.submitted_by.empty()) out.push_back(c.submitted_by);
  for (const auto& r : c.referrals) {
    if (!r.target_agency.empty()) out.push_back(r.target_agency);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

absl::Status CaseNotFound(std::string_view case_id) {
  return absl::NotFoundError(absl::StrCat("case ", AsAbsl(case_id), " not found"));
}

}  // namespace

RedisCaseStore::RedisCaseStore(PipelinedClient& redis, KeyLayout keys, core::FieldCipher& cipher,
                               core::KeyedHasher& hasher, core::RandomSource& random,
                               std::string source)
    : redis_(redis),
      keys_(std::move(keys)),
      codec_(cipher),
      hasher_(hasher),
      random_(random),
      source_(std::move(source)) {}

std::string RedisCaseStore::KnownSha() {
  sync::MutexLock lock(sha_mu_);
  if (script_sha_.empty() && !sha_requested_) {
    sha_requested_ = true;
    redis_.Send({"SCRIPT", "LOAD", kAppendEventScript}, [this](absl::StatusOr<Reply> reply) {
      sync::MutexLock lock(sha_mu_);
      sha_requested_ = false;
      if (reply.ok() && (*reply)->type == REDIS_REPLY_STRING) {
        script_sha_.assign((*reply)->str, (*reply)->len);
      }
    });
  }
  return script_sha_;
}

void RedisCaseStore::RunScript(std::vector<std::string> keys_and_args, int num_keys,
                               absl::AnyInvocable<void(absl::StatusOr<Reply>) &&> done) {
  const std::string sha = KnownSha();
  const bool by_sha = !sha.empty();
  // Send copies the arguments into the command before it returns; they are kept only for the
  // rare resend as EVAL after NOSCRIPT.
  auto args = std::make_shared<std::vector<std::string>>(std::move(keys_and_args));
  const std::string numkeys = std::to_string(num_keys);
  std::vector<std::string_view> argv = {
      by_sha ? "EVALSHA" : "EVAL", by_sha ? std::string_view(sha) : kAppendEventScript, numkeys};
  argv.insert(argv.end(), args->begin(), args->end());
  redis_.Send(argv, [this, by_sha, args, num_keys,
                     done = std::move(done)](absl::StatusOr<Reply> reply) mutable {
    if (by_sha && reply.ok() && absl::StartsWith(AsAbsl(TextView(reply->get())), "NOSCRIPT")) {
      {
        sync::MutexLock lock(sha_mu_);
        script_sha_.clear();
      }
      const std::string numkeys = std::to_string(num_keys);
      std::vector<std::string_view> eval = {"EVAL", kAppendEventScript, numkeys};
      eval.insert(eval.end(), args->begin(), args->end());
      redis_.Send(eval, std::move(done));
      return;
    }
    std::move(done)(std::move(reply));
  });
}

void RedisCaseStore::Append(const AppendRequest& req, core::Callback<AppendOutcome> done) {
  const auto partition = core::PartitionOfCaseId(req.case_id);
  if (!partition) {
    return std::move(done)(absl::InvalidArgumentError(absl::StrCat("bad case id ", req.case_id)));
  }
  std::vector<std::string> args = {keys_.Events(*partition), keys_.Case(*partition, req.case_id),
                                   keys_.Timeline(*partition, req.case_id),
                                   keys_.Cases(*partition)};
  for (const auto& agency : req.agencies)
    args.push_back(keys_.AgencyCases(*partition, agency));
  if (req.idempotency) args.push_back(keys_.Idempotency(*partition, req.idempotency->digest_hex));
  const int num_keys = static_cast<int>(args.size());
  if (req.events.empty()) {
    return std::move(done)(absl::InvalidArgumentError("an append needs at least one event"));
  }
  args.push_back(req.case_id);
  args.push_back(std::to_string(req.expected_version));
  args.push_back(req.snapshot);
  args.push_back(req.idempotency ? req.idempotency->fingerprint : "");
  args.push_back(req.idempotency ? std::to_string(req.idempotency->created_at_ms) : "");
  args.push_back(req.effect_token);
  args.push_back(std::to_string(req.agencies.size()));
  args.push_back(std::to_string(req.updated_at_ms));
  for (const auto& e : req.events) {
    args.push_back(e.type);
    args.push_back(e.envelope);
  }
  RunScript(std::move(args), num_keys,
            [case_id = req.case_id, expected = req.expected_version,
             done = std::move(done)](absl::StatusOr<Reply> reply) mutable {
              if (!reply.ok()) return std::move(done)(reply.status());
              AppendRequest context;
              context.case_id = case_id;
              context.expected_version = expected;
              std::move(done)(OutcomeOf(**reply, context));
            });
}

void RedisCaseStore::Create(const core::Case& c, std::string_view idempotency_key,
                            core::Callback<core::CreateCaseResult> done) {
  auto record = codec_.Seal(c);
  if (!record.ok()) return std::move(done)(record.status());
  v1::CaseReceived event;
  *event.mutable_case_() = *record;
  const protomap::EnvelopeAttributes attributes{core::MakeUlid(c.created_at, random_), source_,
                                                c.id, 1, c.created_at};
  AppendRequest req;
  req.case_id = c.id;
  req.expected_version = 0;
  req.updated_at_ms = ToMillis(c.updated_at);
  req.agencies = AgenciesOn(c);
  req.events.push_back({v1::CaseReceived::descriptor()->full_name(),
                        protomap::MakeEnvelope(attributes, event).SerializeAsString()});
  record->SerializeToString(&req.snapshot);
  req.idempotency = AppendRequest::Idempotency{
      absl::BytesToHexString(hasher_.Hash(kIdempotencyKeyPurpose, idempotency_key)),
      absl::BytesToHexString(hasher_.Hash(kIdempotencyContentPurpose, CanonicalContent(c))),
      ToMillis(c.created_at)};

  Append(req, [id = c.id, status = c.status, created_at = c.created_at,
               done = std::move(done)](absl::StatusOr<AppendOutcome> outcome) mutable {
    if (!outcome.ok()) return std::move(done)(outcome.status());
    if (outcome->kind == AppendOutcome::Kind::kReplayed) {
      return std::move(done)(core::CreateCaseResult{
          outcome->case_id, 1, core::CaseStatus::kReceived,
          core::Timestamp(std::chrono::milliseconds(outcome->created_at_ms)), true});
    }
    std::move(done)(core::CreateCaseResult{id, 1, status, created_at, false});
  });
}

void RedisCaseStore::Apply(const core::CaseChange& change, std::string_view effect_token,
                           core::Callback<bool> done) {
  const core::Case& c = change.after;
  auto record = codec_.Seal(c);
  if (!record.ok()) return std::move(done)(record.status());
  AppendRequest req;
  req.case_id = c.id;
  req.expected_version = change.expected_version;
  req.effect_token = std::string(effect_token);
  req.updated_at_ms = ToMillis(c.updated_at);
  req.agencies = AgenciesOn(c);
  std::int64_t sequence = change.expected_version;
  for (const auto& event : change.events) {
    auto message = EncodeCaseEvent(event, c.id, codec_);
    if (!message.ok()) return std::move(done)(message.status());
    const protomap::EnvelopeAttributes attributes{core::MakeUlid(c.updated_at, random_), source_,
                                                  c.id, ++sequence, c.updated_at};
    req.events.push_back({(*message)->GetDescriptor()->full_name(),
                          protomap::MakeEnvelope(attributes, **message).SerializeAsString()});
  }
  record->set_version(sequence);  // the snapshot is always at the version the events lead to
  record->SerializeToString(&req.snapshot);
  Append(req, [done = std::move(done)](absl::StatusOr<AppendOutcome> outcome) mutable {
    if (!outcome.ok()) return std::move(done)(outcome.status());
    std::move(done)(outcome->kind == AppendOutcome::Kind::kAppended);
  });
}

void RedisCaseStore::Get(std::string_view case_id, core::Callback<core::Case> done) {
  const auto partition = core::PartitionOfCaseId(case_id);
  if (!partition) return std::move(done)(CaseNotFound(case_id));
  const std::string key = keys_.Case(*partition, case_id);
  redis_.Send({"HGET", key, "rec"}, [this, id = std::string(case_id),
                                     done = std::move(done)](absl::StatusOr<Reply> reply) mutable {
    if (!reply.ok()) return std::move(done)(reply.status());
    const redisReply* r = reply->get();
    if (r->type == REDIS_REPLY_ERROR) return std::move(done)(StatusFromErrorReply(*r));
    if (r->type == REDIS_REPLY_NIL) return std::move(done)(CaseNotFound(id));
    v1::CaseRecord record;
    absl::StatusOr<core::Case> opened =
        r->type == REDIS_REPLY_STRING && record.ParseFromArray(r->str, static_cast<int>(r->len))
            ? codec_.Open(record)
            : absl::DataLossError(absl::StrCat("case ", id, ": stored snapshot does not parse"));
    // The caller sees DATA_LOSS and nothing more; an operator must see which case, and why (a key
    // that does not open it, a damaged snapshot). Ids and key ids only: nothing personal.
    if (opened.status().code() == absl::StatusCode::kDataLoss) {
      spdlog::error("case {}: cannot be read: {}", id, AsStd(opened.status().message()));
    }
    std::move(done)(std::move(opened));
  });
}

absl::Status RedisCaseStore::Ping() {
  auto reply = redis_.Command({"PING"});
  if (!reply.ok()) return reply.status();
  if ((*reply)->type == REDIS_REPLY_ERROR) return StatusFromErrorReply(**reply);
  return absl::OkStatus();
}

}  // namespace lintas::redis

#include "adapters/redis/reencrypt.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/message_differencer.h>

#include <memory>
#include <set>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "adapters/redis/case_codec.h"
#include "adapters/redis/reply.h"
#include "core/util/string_view.h"
#include "lintas/v1/case_record.pb.h"
#include "lintas/v1/envelope.pb.h"

namespace lintas::redis {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Writes the new snapshot only if the case is still at the version read.
// KEYS[1] case hash   ARGV[1] version read   ARGV[2] new snapshot. Replies 1 written, 0 moved on.
constexpr char kCompareAndSetScript[] = R"lua(
if redis.call('HGET', KEYS[1], 'v') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'rec', ARGV[2])
return 1
)lua";

constexpr int kMaxAttempts = 10;

// Every bytes field in `m`, recursively: in our records exactly the sealed values.
void ForEachBytes(const Message& m, const std::function<void(const std::string&)>& visit) {
  const Reflection* reflection = m.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(m, &fields);
  for (const FieldDescriptor* f : fields) {
    if (f->type() == FieldDescriptor::TYPE_BYTES) {
      if (f->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(m, f); ++i)
          visit(reflection->GetRepeatedString(m, f, i));
      } else {
        visit(reflection->GetString(m, f));
      }
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (f->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(m, f); ++i)
          ForEachBytes(reflection->GetRepeatedMessage(m, f, i), visit);
      } else {
        ForEachBytes(reflection->GetMessage(m, f), visit);
      }
    }
  }
}

void ClearBytes(Message& m) {
  const Reflection* reflection = m.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(m, &fields);
  for (const FieldDescriptor* f : fields) {
    if (f->type() == FieldDescriptor::TYPE_BYTES) {
      reflection->ClearField(&m, f);
    } else if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (f->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(m, f); ++i)
          ClearBytes(*reflection->MutableRepeatedMessage(&m, f, i));
      } else {
        ClearBytes(*reflection->MutableMessage(&m, f));
      }
    }
  }
}

std::int64_t CountSealed(const Message& m) {
  std::int64_t n = 0;
  ForEachBytes(m, [&](const std::string& v) { n += v.empty() ? 0 : 1; });
  return n;
}

// The resealed record carries everything the old one did: the same clear fields, and as many
// sealed values.
bool CarriesEverything(const v1::CaseRecord& before, const v1::CaseRecord& after) {
  if (CountSealed(before) != CountSealed(after)) return false;
  v1::CaseRecord a = before;
  v1::CaseRecord b = after;
  ClearBytes(a);
  ClearBytes(b);
  return google::protobuf::util::MessageDifferencer::Equals(a, b);
}

}  // namespace

Reencryptor::Reencryptor(PipelinedClient& redis, KeyLayout keys, int partitions,
                         core::FieldCipher& cipher, std::string active_key_id, KeyIdOf key_id_of)
    : redis_(redis),
      keys_(std::move(keys)),
      partitions_(partitions),
      cipher_(cipher),
      active_(std::move(active_key_id)),
      key_id_of_(std::move(key_id_of)) {}

absl::StatusOr<ReencryptReport> Reencryptor::Run(
    const std::function<void(std::string_view)>& problem) const {
  ReencryptReport report;
  for (int p = 0; p < partitions_; ++p) {
    const std::string pattern = keys_.Case(p, "*");
    std::string cursor = "0";
    // SCAN may return a key twice; each is done once.
    std::set<std::string> seen;
    do {
      auto reply = redis_.Command({"SCAN", cursor, "MATCH", pattern, "COUNT", "500"});
      if (!reply.ok()) return reply.status();
      const redisReply& r = **reply;
      if (r.type == REDIS_REPLY_ERROR) return StatusFromErrorReply(r);
      if (r.type != REDIS_REPLY_ARRAY || r.elements != 2 ||
          r.element[1]->type != REDIS_REPLY_ARRAY) {
        return absl::InternalError("unexpected reply to SCAN");
      }
      cursor = std::string(TextView(r.element[0]));
      for (std::size_t i = 0; i < r.element[1]->elements; ++i) {
        std::string key(TextView(r.element[1]->element[i]));
        if (!seen.insert(key).second) continue;
        ++report.scanned;
        auto outcome = Reencrypt(key, report.retried, problem);
        if (!outcome.ok()) return outcome.status();
        switch (*outcome) {
          case Outcome::kReencrypted:
            ++report.reencrypted;
            break;
          case Outcome::kCurrent:
            ++report.current;
            break;
          case Outcome::kFailed:
            ++report.failed;
            break;
        }
      }
    } while (cursor != "0");
  }
  return report;
}

absl::StatusOr<Reencryptor::Outcome> Reencryptor::Reencrypt(
    const std::string& key, std::int64_t& retried,
    const std::function<void(std::string_view)>& problem) const {
  const CaseCodec codec(cipher_);
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    auto reply = redis_.Command({"HMGET", key, "v", "rec"});
    if (!reply.ok()) return reply.status();
    const redisReply& r = **reply;
    if (r.type == REDIS_REPLY_ERROR) return StatusFromErrorReply(r);
    if (r.type != REDIS_REPLY_ARRAY || r.elements != 2) {
      return absl::InternalError("unexpected reply to HMGET");
    }
    const std::string version(TextView(r.element[0]));
    const std::string_view rec = TextView(r.element[1]);
    v1::CaseRecord record;
    if (version.empty() || rec.empty() ||
        !record.ParseFromArray(rec.data(), static_cast<int>(rec.size()))) {
      problem(absl::StrCat(key, ": no snapshot, or it does not parse; left as it is"));
      return Outcome::kFailed;
    }
    bool stale = false;
    ForEachBytes(record, [&](const std::string& v) {
      const auto id = key_id_of_(v);
      stale = stale || (id && *id != active_);
    });
    if (!stale) return Outcome::kCurrent;

    absl::StatusOr<core::Case> opened = codec.Open(record);
    if (!opened.ok()) {
      problem(absl::StrCat("case ", record.id(), ": cannot open (", opened.status().message(),
                           "); left as it is"));
      return Outcome::kFailed;
    }
    absl::StatusOr<v1::CaseRecord> resealed = codec.Seal(*opened);
    if (!resealed.ok()) return resealed.status();
    resealed->set_version(record.version());
    if (!CarriesEverything(record, *resealed)) {
      problem(absl::StrCat("case ", record.id(),
                           ": the record holds data this build cannot carry over; left as it is"));
      return Outcome::kFailed;
    }
    std::string snapshot;
    resealed->SerializeToString(&snapshot);
    auto set = redis_.Command({"EVAL", kCompareAndSetScript, "1", key, version, snapshot});
    if (!set.ok()) return set.status();
    if ((*set)->type == REDIS_REPLY_ERROR) return StatusFromErrorReply(**set);
    if ((*set)->type == REDIS_REPLY_INTEGER && (*set)->integer == 1) return Outcome::kReencrypted;
    ++retried;  // the case moved on meanwhile: read it again
  }
  problem(absl::StrCat(key, ": kept changing; left for the next run"));
  return Outcome::kFailed;
}

absl::StatusOr<std::map<std::string, std::int64_t>> Reencryptor::CountStreamKeyIds() const {
  std::map<std::string, std::int64_t> counts;
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  auto* factory = google::protobuf::MessageFactory::generated_factory();
  for (int p = 0; p < partitions_; ++p) {
    const std::string stream = keys_.Events(p);
    std::string start = "-";
    for (;;) {
      auto reply = redis_.Command({"XRANGE", stream, start, "+", "COUNT", "500"});
      if (!reply.ok()) return reply.status();
      const redisReply& r = **reply;
      if (r.type == REDIS_REPLY_ERROR) return StatusFromErrorReply(r);
      if (r.type != REDIS_REPLY_ARRAY) return absl::InternalError("unexpected reply to XRANGE");
      for (std::size_t i = 0; i < r.elements; ++i) {
        const redisReply* item = r.element[i];
        if (item->type != REDIS_REPLY_ARRAY || item->elements != 2) continue;
        start = absl::StrCat("(", AsAbsl(TextView(item->element[0])));
        const redisReply* kv = item->element[1];
        if (kv == nullptr || kv->type != REDIS_REPLY_ARRAY) continue;
        for (std::size_t j = 0; j + 1 < kv->elements; j += 2) {
          if (TextView(kv->element[j]) != "e") continue;
          const std::string_view bytes = TextView(kv->element[j + 1]);
          v1::EventEnvelope envelope;
          if (!envelope.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) continue;
          const auto* type = pool->FindMessageTypeByName(envelope.type());
          if (type == nullptr) continue;
          std::unique_ptr<Message> event(factory->GetPrototype(type)->New());
          if (!event->ParseFromString(envelope.data())) continue;
          std::set<std::string, std::less<>> ids;
          ForEachBytes(*event, [&](const std::string& v) {
            if (const auto id = key_id_of_(v)) ids.emplace(*id);
          });
          for (const std::string& id : ids)
            ++counts[id];
        }
      }
      if (r.elements < 500) break;
    }
  }
  return counts;
}

}  // namespace lintas::redis

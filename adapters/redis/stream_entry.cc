#include "adapters/redis/stream_entry.h"

namespace lintas::redis {
const std::string* StreamEntry::Field(std::string_view name) const {
  for (const auto& [k, v] : fields) {
    if (k == name) return &v;
  }
  return nullptr;
}

bool IsStreamId(std::string_view id) {
  const auto dash = id.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == id.size() || id.size() > 41) {
    return false;
  }
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (i != dash && (id[i] < '0' || id[i] > '9')) return false;
  }
  return true;
}

StreamEntry ParseEntry(const std::string& stream, const redisReply* e) {
  StreamEntry entry;
  entry.stream = stream;
  if (e == nullptr || e->type != REDIS_REPLY_ARRAY || e->elements < 1) return entry;
  entry.id = Text(e->element[0]);
  if (e->elements > 1 && e->element[1]->type == REDIS_REPLY_ARRAY) {
    const redisReply* kv = e->element[1];
    for (size_t i = 0; i + 1 < kv->elements; i += 2) {
      entry.fields.emplace_back(Text(kv->element[i]), Text(kv->element[i + 1]));
    }
  }
  return entry;
}

std::vector<StreamEntry> ParseRange(const std::string& stream, const redisReply* r) {
  std::vector<StreamEntry> out;
  if (r == nullptr || r->type != REDIS_REPLY_ARRAY) return out;
  out.reserve(r->elements);
  for (size_t i = 0; i < r->elements; ++i)
    out.push_back(ParseEntry(stream, r->element[i]));
  return out;
}

}  // namespace lintas::redis

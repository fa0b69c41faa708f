#include "services/common/conversation_reader.h"

#include <type_traits>
#include <variant>

#include "adapters/protomap/case_mapping.h"
#include "adapters/redis/event_codec.h"
#include "lintas/v1/case_record.pb.h"

namespace lintas::services {
namespace {

// Events read per round trip while looking for messages among the others.
constexpr int kChunk = 256;

bool IsMessage(const v1::EventEnvelope& e) {
  return e.type() == v1::ReporterMessageAdded::descriptor()->full_name() ||
         e.type() == v1::ReporterAnswered::descriptor()->full_name();
}

}  // namespace

absl::StatusOr<ConversationReader::Page> ConversationReader::Read(std::string_view case_id,
                                                                  std::string_view after,
                                                                  int max_messages) {
  Page page;
  std::string cursor(after);
  while (true) {
    auto stored = timeline_.Range(case_id, cursor, kChunk);
    if (!stored.ok()) return stored.status();
    for (const redis::StoredEvent& e : *stored) {
      cursor = e.position;
      // Only messages are opened: the other events' free text is no business of this reader.
      if (!IsMessage(e.envelope)) continue;
      auto event = redis::DecodeEvent(e.envelope, codec_);
      if (!event.ok()) return event.status();
      core::ConversationMessage m;
      m.position = e.position;
      m.at = protomap::TimestampFromProto(e.envelope.time());
      if (auto* added = std::get_if<core::ReporterMessageAddedEvent>(&*event)) {
        m.author = core::ConversationMessage::Author::kReporter;
        m.text = std::move(added->text);
      } else if (auto* answered = std::get_if<core::ReporterAnsweredEvent>(&*event)) {
        m.author = core::ConversationMessage::Author::kAgency;
        m.agency = std::move(answered->actor);
        m.text = std::move(answered->text);
      } else {
        continue;  // a type name reused by a newer build: not a message of ours
      }
      page.messages.push_back(std::move(m));
      if (static_cast<int>(page.messages.size()) == max_messages) {
        page.next_page_token = e.position;
        return page;
      }
    }
    if (static_cast<int>(stored->size()) < kChunk) return page;
  }
}

}  // namespace lintas::services

#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/conversation/reporter_conversation.h"
#include "services/portal/messages.h"

namespace lintas::portal {

// What the reporter's message form says after a POST: nothing, a catalogue key of a problem
// shown next to the box (the typed text kept), or that the message was sent.
struct MessageFormState {
  std::string error_key;  // e.g. "pesan.long"; empty when none
  std::string typed;      // kept when there is an error
  bool sent = false;
};

// The conversation on the status page (templates/percakapan.html): the newest 10 messages, oldest
// first (with how many older ones are not shown),
// each saying who wrote ("Anda" / "Petugas BP3MI": never an agency or a person) and when (WITA),
// then the form to write one. The code travels in a hidden field of this no-store page, with a
// fresh form token; no cookie. Pure: every value is escaped here or by the template.
std::string ConversationHtml(Lang lang, const std::vector<core::ConversationMessage>& messages,
                             std::string_view code, std::string_view token,
                             const MessageFormState& form);

// "03-12-2026 14.05 WITA": the time in Nusa Tenggara Timur (UTC+8), which every reporter shares.
std::string WitaTime(core::Timestamp at);

}  // namespace lintas::portal

#include "services/portal/conversation_page.h"

#include <chrono>
#include <cstdio>

#include "absl/strings/str_replace.h"
#include "services/portal/page_template.h"
#include "services/portal/pages.h"
#include "services/portal/text_cat.h"

namespace lintas::portal {
namespace {

// The newest this many messages are shown, so that the page stays near the portal's 30 kB budget
// on a slow line even with long messages; older ones stay in the case for the agencies.
constexpr std::size_t kShownMessages = 10;

}  // namespace

std::string WitaTime(core::Timestamp at) {
  using namespace std::chrono;
  const auto local = floor<minutes>(at + hours(8));
  const auto day = floor<days>(local);
  const year_month_day ymd{day};
  const hh_mm_ss hms{local - day};
  char out[32];
  std::snprintf(out, sizeof out, "%02u-%02u-%04d %02d.%02d WITA", static_cast<unsigned>(ymd.day()),
                static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()));
  return out;
}

std::string ConversationHtml(Lang lang, const std::vector<core::ConversationMessage>& messages,
                             std::string_view code, std::string_view token,
                             const MessageFormState& form) {
  std::string list;
  if (messages.empty()) {
    list = Cat("<p class=\"hint\" id=\"no-messages\">", EscapeHtml(Msg(lang, "conv.none")), "</p>");
  } else {
    const std::size_t first =
        messages.size() > kShownMessages ? messages.size() - kShownMessages : 0;
    if (first > 0) {
      list = Cat("<p class=\"hint\" id=\"older\">", EscapeHtml(Msg(lang, "conv.older")), " ", first,
                 ".</p>");
    }
    list += "<ol class=\"messages\" id=\"messages\">";
    for (std::size_t i = first; i < messages.size(); ++i) {
      const core::ConversationMessage& m = messages[i];
      const bool mine = m.author == core::ConversationMessage::Author::kReporter;
      // Line breaks as typed; the text itself escaped first.
      const std::string text =
          absl::StrReplaceAll(EscapeHtml(m.text), {{"\r\n", "<br>"}, {"\n", "<br>"}});
      CatTo(&list, "<li class=\"", mine ? "from-reporter" : "from-agency", "\"><p class=\"who\">",
            EscapeHtml(Msg(lang, mine ? "conv.you" : "conv.officer")), " · ",
            EscapeHtml(WitaTime(m.at)), "</p><p class=\"text\">", text, "</p></li>");
    }
    list += "</ol>";
  }
  std::string error;
  std::string notice;
  if (!form.error_key.empty()) {
    error = Cat("<p class=\"error\" id=\"err-pesan\" role=\"alert\">",
                EscapeHtml(Msg(lang, form.error_key)), "</p>");
  } else if (form.sent) {
    notice = Cat("<p class=\"notice\" id=\"pesan-terkirim\" role=\"status\">",
                 EscapeHtml(Msg(lang, "conv.sent")), "</p>");
  }
  return RenderTemplate(
      PortalTemplate("percakapan.html"),
      {{"heading", std::string(Msg(lang, "conv.heading"))},
       {"intro", std::string(Msg(lang, "conv.intro"))},
       {"messages", std::move(list)},
       {"token", std::string(token)},
       {"kode", std::string(code)},
       {"notice", std::move(notice)},
       {"label", std::string(Msg(lang, "conv.label"))},
       {"hint", std::string(Msg(lang, "conv.hint"))},
       {"err_pesan", std::move(error)},
       {"invalid", form.error_key.empty()
                       ? std::string()
                       : std::string(" aria-invalid=\"true\" aria-errormessage=\"err-pesan\"")},
       {"max_chars", std::to_string(core::kMaxConversationMessageChars)},
       {"v_pesan", form.error_key.empty() ? std::string() : form.typed},
       {"submit", std::string(Msg(lang, "conv.submit"))},
       {"lang_query", std::string(LangQuery(lang))}});
}

}  // namespace lintas::portal

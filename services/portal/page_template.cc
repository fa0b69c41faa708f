#include "services/portal/page_template.h"

namespace lintas::portal {

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string RenderTemplate(std::string_view text, const TemplateValues& values) {
  std::string out;
  out.reserve(text.size() * 2);
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) break;
    out.append(text.substr(pos, open - pos));
    const bool raw = text.substr(open, 3) == "{{{";
    const std::size_t name_at = open + (raw ? 3 : 2);
    const std::size_t close = text.find(raw ? "}}}" : "}}", name_at);
    if (close == std::string_view::npos) {
      pos = open;
      break;
    }
    const auto it = values.find(text.substr(name_at, close - name_at));
    if (it != values.end()) out += raw ? it->second : EscapeHtml(it->second);
    pos = close + (raw ? 3 : 2);
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace lintas::portal

#include "tools/lintasctl/terminal_text.h"

namespace lintas::ctl {

std::string ForTerminal(absl::string_view text, bool keep_newlines) {
  std::string out(text);
  for (char& ch : out) {
    const auto byte = static_cast<unsigned char>(ch);
    if (ch == '\n' && keep_newlines) continue;
    if (byte < 0x20 || byte == 0x7f) ch = ' ';
  }
  return out;
}

}  // namespace lintas::ctl

// How `lintasctl messages list` prints one message of the conversation with a portal reporter.
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "tools/lintasctl/commands_messages.h"

namespace lintas::ctl {
namespace {

v1::ReporterMessage Message(v1::ReporterMessage::Author author, const std::string& agency,
                            const std::string& text) {
  v1::ReporterMessage m;
  m.set_position("1764316800000-0");
  m.set_author(author);
  m.set_agency(agency);
  m.set_text(text);
  *m.mutable_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1764316800);
  return m;
}

TEST(MessagesLine, SaysWhoWroteAndKeepsTheTextOnOneLine) {
  EXPECT_EQ(FormatReporterMessageLine(
                Message(v1::ReporterMessage::AUTHOR_REPORTER, "", "Calo itu datang lagi.")),
            "2025-11-28T08:00:00Z reporter: Calo itu datang lagi.");
  EXPECT_EQ(FormatReporterMessageLine(
                Message(v1::ReporterMessage::AUTHOR_AGENCY, "bp3mi-ntt", "Di desa mana?")),
            "2025-11-28T08:00:00Z bp3mi-ntt: Di desa mana?");
  // A reporter's text cannot move the terminal's cursor or add lines to the output.
  const std::string line = FormatReporterMessageLine(
      Message(v1::ReporterMessage::AUTHOR_REPORTER, "", "satu\ndua\x1b[2J"));
  EXPECT_EQ(line.find('\n'), std::string::npos) << line;
  EXPECT_EQ(line.find('\x1b'), std::string::npos) << line;
}

}  // namespace
}  // namespace lintas::ctl

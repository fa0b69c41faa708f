#pragma once

#include <ostream>
#include <string>

#include "lintas/v1/conversation.grpc.pb.h"
#include "tools/lintasctl/global_options.h"

namespace CLI {
class App;
}  // namespace CLI

namespace lintas::ctl {

// One readable line for a message of the conversation with a portal reporter. Pure, for tests.
//   2026-12-03T06:05:00Z reporter: Calo itu datang lagi.
//   2026-12-03T07:00:00Z bp3mi-ntt: Terima kasih. Di desa mana?
std::string FormatReporterMessageLine(const lintas::v1::ReporterMessage& m);

// `lintasctl messages list CASE_ID` and `lintasctl messages send CASE_ID --text TEXT
// [--idempotency-key KEY]`: the conversation with the reporter of a portal case
// (ConversationService; docs/portal.md, "How BP3MI answers a reporter").
class MessagesCommand {
 public:
  explicit MessagesCommand(CLI::App& app);
  MessagesCommand(const MessagesCommand&) = delete;
  MessagesCommand& operator=(const MessagesCommand&) = delete;

  bool parsed() const;
  int Run(const GlobalOptions& globals, lintas::v1::ConversationService::StubInterface& stub,
          std::ostream& out, std::ostream& err) const;

 private:
  int List(const GlobalOptions& globals, lintas::v1::ConversationService::StubInterface& stub,
           std::ostream& out, std::ostream& err) const;
  int Send(const GlobalOptions& globals, lintas::v1::ConversationService::StubInterface& stub,
           std::ostream& out, std::ostream& err) const;

  CLI::App* command_;
  CLI::App* list_;
  CLI::App* send_;
  std::string case_id_;
  std::string text_;
  std::string idempotency_key_;
};

}  // namespace lintas::ctl

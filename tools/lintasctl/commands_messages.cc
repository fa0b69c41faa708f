#include "tools/lintasctl/commands_messages.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include "CLI/App.hpp"
#include "absl/strings/str_cat.h"
#include "tools/lintasctl/connection.h"
#include "tools/lintasctl/error_printer.h"
#include "tools/lintasctl/exit_codes.h"
#include "tools/lintasctl/idempotency_key.h"
#include "tools/lintasctl/terminal_text.h"

namespace lintas::ctl {
namespace {

// A page as large as the server allows: a conversation is short.
constexpr int kPageSize = 200;

std::string OneLineJson(const google::protobuf::Message& m) {
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(m, &json);
  return json;
}

int Failed(const grpc::Status& status, const GlobalOptions& globals, std::ostream& err) {
  for (const std::string& line : DescribeError(status, globals.Connection()))
    err << line << "\n";
  return kExitCallFailed;
}

}  // namespace

std::string FormatReporterMessageLine(const lintas::v1::ReporterMessage& m) {
  const std::string when =
      m.has_time() ? google::protobuf::util::TimeUtil::ToString(m.time()) : std::string("-");
  const std::string who = m.author() == lintas::v1::ReporterMessage::AUTHOR_REPORTER
                              ? std::string("reporter")
                              : ForTerminal(m.agency());
  // One line per message: line breaks in the text become spaces.
  return absl::StrCat(when, " ", who, ": ", ForTerminal(m.text()));
}

MessagesCommand::MessagesCommand(CLI::App& app)
    : command_(app.add_subcommand(
          "messages", "Read and answer the reporter of a case reported on the public portal")) {
  command_->require_subcommand(1);
  list_ = command_->add_subcommand("list", "The conversation, oldest first (audited as a read)");
  list_->add_option("case_id", case_id_, "The case")->required();
  send_ = command_->add_subcommand(
      "send", "Write to the reporter; they read it on /cek as \"Petugas BP3MI\"");
  send_->add_option("case_id", case_id_, "The case")->required();
  send_->add_option("-t,--text", text_, "The message (at most 2000 characters)")->required();
  send_->add_option("-k,--idempotency-key", idempotency_key_,
                    "Sending again with the same key sends one message (default: a new UUID, "
                    "printed before the call)");
}

bool MessagesCommand::parsed() const {
  return command_->parsed();
}

int MessagesCommand::Run(const GlobalOptions& globals,
                         lintas::v1::ConversationService::StubInterface& stub, std::ostream& out,
                         std::ostream& err) const {
  return list_->parsed() ? List(globals, stub, out, err) : Send(globals, stub, out, err);
}

int MessagesCommand::List(const GlobalOptions& globals,
                          lintas::v1::ConversationService::StubInterface& stub, std::ostream& out,
                          std::ostream& err) const {
  std::string token;
  do {
    grpc::ClientContext context;
    PrepareContext(globals.Connection(), context);
    lintas::v1::ListReporterMessagesRequest request;
    request.set_case_id(case_id_);
    request.set_page_size(kPageSize);
    request.set_page_token(token);
    lintas::v1::ListReporterMessagesResponse response;
    const grpc::Status status = stub.ListReporterMessages(&context, request, &response);
    if (!status.ok()) return Failed(status, globals, err);
    for (const auto& m : response.messages()) {
      out << (globals.output == OutputFormat::kJson ? OneLineJson(m) : FormatReporterMessageLine(m))
          << "\n";
    }
    token = response.next_page_token();
  } while (!token.empty());
  return kExitOk;
}

int MessagesCommand::Send(const GlobalOptions& globals,
                          lintas::v1::ConversationService::StubInterface& stub, std::ostream& out,
                          std::ostream& err) const {
  lintas::v1::SendReporterMessageRequest request;
  request.set_case_id(case_id_);
  request.set_text(text_);
  if (idempotency_key_.empty()) {
    absl::StatusOr<std::string> key = NewIdempotencyKey();
    if (!key.ok()) {
      err << "error: " << key.status().message() << "\n";
      return kExitCallFailed;
    }
    request.set_idempotency_key(*key);
    // Printed before the call: when the answer is lost, this is what makes a retry safe.
    err << "idempotency key: " << *key << " (to retry, pass --idempotency-key " << *key << ")\n";
  } else {
    request.set_idempotency_key(idempotency_key_);
  }
  grpc::ClientContext context;
  PrepareContext(globals.Connection(), context);
  lintas::v1::SendReporterMessageResponse response;
  const grpc::Status status = stub.SendReporterMessage(&context, request, &response);
  if (!status.ok()) return Failed(status, globals, err);
  if (globals.output == OutputFormat::kJson) {
    out << OneLineJson(response) << "\n";
  } else if (response.replayed()) {
    out << "already sent with this idempotency key; nothing sent now\n";
  } else {
    out << "sent (case version " << response.case_version() << ")\n";
  }
  return kExitOk;
}

}  // namespace lintas::ctl

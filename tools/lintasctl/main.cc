// lintasctl: the command-line client of Lintas for agencies and operators.
#include <atomic>
#include <csignal>
#include <exception>
#include <iostream>

#include "CLI/App.hpp"
#include "CLI/Config.hpp"
#include "CLI/Formatter.hpp"
#include "lintas/v1/intake.grpc.pb.h"
#include "tools/lintasctl/commands_audit.h"
#include "tools/lintasctl/commands_case.h"
#include "tools/lintasctl/commands_dlq.h"
#include "tools/lintasctl/commands_messages.h"
#include "tools/lintasctl/commands_referral.h"
#include "tools/lintasctl/commands_watch.h"
#include "tools/lintasctl/connection.h"
#include "tools/lintasctl/exit_codes.h"
#include "tools/lintasctl/global_options.h"

#ifndef LINTAS_VERSION
#define LINTAS_VERSION "dev"
#endif

namespace {

// Set by SIGINT / SIGTERM: `watch` acknowledges what it printed and exits.
std::atomic<bool> g_stop{false};
extern "C" void OnStopSignal(int) {
  g_stop = true;
}

using lintas::ctl::AddGlobalOptions;
using lintas::ctl::ConnectionOptions;
using lintas::ctl::GetCommand;
using lintas::ctl::GlobalOptions;
using lintas::ctl::kExitCallFailed;
using lintas::ctl::kExitOk;
using lintas::ctl::kExitUsage;
using lintas::ctl::MakeChannel;
using lintas::ctl::SubmitCommand;
using lintas::ctl::ValidateConnectionOptions;

int Main(int argc, char** argv) {
  CLI::App app{
      "lintasctl: submit and read cases in Lintas, the case coordination broker for the "
      "protection of Indonesian migrant workers (PMI) in NTT.",
      "lintasctl"};
  app.set_version_flag("--version", "lintasctl " LINTAS_VERSION);
  app.require_subcommand(1);
  // Subcommands inherit this, so global options may follow the command name.
  app.fallthrough();
  app.footer(
      "Exit status: 0 done, 1 the call failed (see the error), 2 wrong usage or input file.\n"
      "Example (mutual TLS with the certificates scripts/run.sh makes):\n"
      "  lintasctl --certs-dir var/certs --agency bp3mi-ntt submit \\\n"
      "    --file deploy/examples/trafficking-case.json");
  app.failure_message([](const CLI::App* top, const CLI::Error& e) {
    // Point at the help of the subcommand being parsed, which lists the option that was wrong.
    std::string command = top->get_name();
    for (const CLI::App* sub : top->get_subcommands())
      command += " " + sub->get_name();
    return "error: " + std::string(e.what()) + "\nrun '" + command + " --help' for usage\n";
  });

  GlobalOptions globals;
  AddGlobalOptions(app, globals);
  SubmitCommand submit(app);
  GetCommand get(app);
  lintas::ctl::DlqCommand dlq(app);
  lintas::ctl::AuditCommand audit(app);
  lintas::ctl::ReencryptCommand reencrypt(app);
  lintas::ctl::ReferralsCommand referrals(app);
  lintas::ctl::ReferralActionCommand referral(app);
  lintas::ctl::EnforceCommand enforce(app);
  lintas::ctl::TriageCommand triage(app);
  lintas::ctl::WatchCommand watch(app);
  lintas::ctl::TimelineCommand timeline(app);
  lintas::ctl::MessagesCommand messages(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Help and --version are "errors" with exit code 0 in CLI11.
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }

  // Operator commands talk to Redis, not lintasd: no agency, no channel.
  if (dlq.parsed()) return dlq.Run(std::cout, std::cerr);
  if (audit.parsed()) return audit.Run(std::cout, std::cerr);
  if (reencrypt.parsed()) return reencrypt.Run(std::cout, std::cerr);

  const ConnectionOptions connection = globals.Connection();
  if (absl::Status valid = ValidateConnectionOptions(connection); !valid.ok()) {
    std::cerr << "error: " << valid.message() << "\n";
    return kExitUsage;
  }
  auto stub = lintas::v1::IntakeService::NewStub(MakeChannel(connection));
  if (submit.parsed()) return submit.Run(globals, *stub, std::cout, std::cerr);
  if (get.parsed()) return get.Run(globals, *stub, std::cout, std::cerr);
  auto referral_stub = lintas::v1::ReferralService::NewStub(MakeChannel(connection));
  if (referrals.parsed()) return referrals.Run(globals, *referral_stub, std::cout, std::cerr);
  if (referral.parsed()) return referral.Run(globals, *referral_stub, std::cout, std::cerr);
  if (enforce.parsed()) return enforce.Run(globals, *referral_stub, std::cout, std::cerr);
  if (timeline.parsed()) {
    auto status_stub = lintas::v1::CaseStatusService::NewStub(MakeChannel(connection));
    return timeline.Run(globals, *status_stub, std::cout, std::cerr);
  }
  if (messages.parsed()) {
    auto conversation_stub = lintas::v1::ConversationService::NewStub(MakeChannel(connection));
    return messages.Run(globals, *conversation_stub, std::cout, std::cerr);
  }
  if (watch.parsed()) {
    std::signal(SIGINT, OnStopSignal);
    std::signal(SIGTERM, OnStopSignal);
    auto notification_stub = lintas::v1::NotificationService::NewStub(MakeChannel(connection));
    return watch.Run(globals, *notification_stub, std::cout, std::cerr, g_stop);
  }
  auto triage_stub = lintas::v1::TriageService::NewStub(MakeChannel(connection));
  if (triage.parsed()) return triage.Run(globals, *triage_stub, std::cout, std::cerr);
  return kExitUsage;  // unreachable: require_subcommand(1)
}

}  // namespace

int main(int argc, char** argv) {
  // A bug must end in one readable line and a failure code, not an abort with a trace.
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "error: internal: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "error: internal: unknown exception\n";
  }
  return kExitCallFailed;
}

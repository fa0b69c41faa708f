#pragma once

#include <ostream>
#include <string>

#include "lintas/v1/intake.grpc.pb.h"
#include "tools/lintasctl/case_flags.h"
#include "tools/lintasctl/global_options.h"

namespace CLI {
class App;
}  // namespace CLI

namespace lintas::ctl {

// `lintasctl submit`: sends one case from a JSON file or from flags.
class SubmitCommand {
 public:
  // Registers the subcommand on `app`, which must outlive this object.
  explicit SubmitCommand(CLI::App& app);
  SubmitCommand(const SubmitCommand&) = delete;
  SubmitCommand& operator=(const SubmitCommand&) = delete;

  bool parsed() const;
  // Builds the request, calls the server and prints the answer; returns the exit code.
  int Run(const GlobalOptions& globals, lintas::v1::IntakeService::StubInterface& stub,
          std::ostream& out, std::ostream& err) const;

 private:
  CLI::App* command_;
  std::string file_;
  std::string idempotency_key_;
  CaseFlags flags_;
};

// `lintasctl get CASE_ID`: reads one case back as the calling agency may see it.
class GetCommand {
 public:
  explicit GetCommand(CLI::App& app);
  GetCommand(const GetCommand&) = delete;
  GetCommand& operator=(const GetCommand&) = delete;

  bool parsed() const;
  int Run(const GlobalOptions& globals, lintas::v1::IntakeService::StubInterface& stub,
          std::ostream& out, std::ostream& err) const;

 private:
  CLI::App* command_;
  std::string case_id_;
};

}  // namespace lintas::ctl

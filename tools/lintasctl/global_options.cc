#include "tools/lintasctl/global_options.h"

#include "CLI/App.hpp"
#include "CLI/Validators.hpp"

namespace lintas::ctl {

ConnectionOptions GlobalOptions::Connection() const {
  ConnectionOptions c;
  c.server = server;
  c.agency = agency;
  c.timeout = std::chrono::seconds(timeout_seconds);
  return c;
}

void AddGlobalOptions(CLI::App& app, GlobalOptions& options) {
  const std::string group = "Connection and output";
  app.add_option("-s,--server", options.server, "Address of lintasd")
      ->type_name("HOST:PORT")
      ->envname("LINTAS_SERVER")
      ->capture_default_str()
      ->group(group);
  app.add_option("-a,--agency", options.agency,
                 "Id of the agency you act for, e.g. bp3mi-ntt (required for calls)")
      ->type_name("AGENCY")
      ->envname("LINTAS_AGENCY")
      ->group(group);
  app.add_option("-t,--timeout", options.timeout_seconds, "Seconds to wait for an answer (1-3600)")
      ->type_name("SECONDS")
      ->check(CLI::Range(1, 3600).description(""))
      ->capture_default_str()
      ->group(group);
  app.add_option("-o,--output", "text for people, json (protobuf JSON mapping) for scripts")
      ->type_name("text|json")
      // A transform, not a check, so that "JSON" reaches the callback as "json".
      ->transform(CLI::IsMember({"text", "json"}, CLI::ignore_case).description(""))
      ->each([&options](const std::string& value) {
        options.output = value == "json" ? OutputFormat::kJson : OutputFormat::kText;
      })
      ->default_str("text")
      ->group(group);
}

}  // namespace lintas::ctl

#include "tools/lintasctl/global_options.h"

#include "CLI/App.hpp"
#include "CLI/Validators.hpp"

namespace lintas::ctl {

ConnectionOptions GlobalOptions::Connection() const {
  ConnectionOptions c;
  c.server = server;
  c.agency = agency;
  c.ca_file = ca_file;
  c.cert_file = cert_file;
  c.key_file = key_file;
  // The layout deploy/certs/make-dev-certs.sh writes; explicit flags win.
  if (!certs_dir.empty()) {
    if (c.ca_file.empty()) c.ca_file = certs_dir + "/ca.crt";
    if (!agency.empty() && c.cert_file.empty()) {
      c.cert_file = certs_dir + "/agencies/" + agency + ".crt";
    }
    if (!agency.empty() && c.key_file.empty()) {
      c.key_file = certs_dir + "/agencies/" + agency + ".key";
    }
  }
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
                 "Id of the agency you act for, e.g. bp3mi-ntt: picks its certificate from "
                 "--certs-dir, or alone is sent as a header to a development-mode lintasd")
      ->type_name("AGENCY")
      ->envname("LINTAS_AGENCY")
      ->group(group);
  app.add_option("--certs-dir", options.certs_dir,
                 "Mutual TLS: DIR/ca.crt and DIR/agencies/AGENCY.{crt,key} (the layout of "
                 "deploy/certs/make-dev-certs.sh, e.g. var/certs)")
      ->type_name("DIR")
      ->envname("LINTAS_CERTS_DIR")
      ->group(group);
  app.add_option("--ca", options.ca_file, "Mutual TLS: PEM CA that lintasd's certificate chains to")
      ->type_name("FILE")
      ->envname("LINTAS_CA")
      ->group(group);
  app.add_option("--cert", options.cert_file,
                 "Mutual TLS: PEM client certificate of your agency (it names the agency)")
      ->type_name("FILE")
      ->envname("LINTAS_CERT")
      ->group(group);
  app.add_option("--key", options.key_file, "Mutual TLS: PEM private key of --cert")
      ->type_name("FILE")
      ->envname("LINTAS_KEY")
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

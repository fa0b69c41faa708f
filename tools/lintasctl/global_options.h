#pragma once

#include <string>

#include "tools/lintasctl/connection.h"

namespace CLI {
class App;
}  // namespace CLI

namespace lintas::ctl {

enum class OutputFormat { kText, kJson };

// Options every command shares; bound to the top-level app so they may come before or after
// the subcommand name.
struct GlobalOptions {
  std::string server = kDefaultServer;
  std::string agency;
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  std::string certs_dir;  // DIR/ca.crt and DIR/agencies/<agency>.{crt,key}
  int timeout_seconds = 10;
  OutputFormat output = OutputFormat::kText;

  ConnectionOptions Connection() const;
};

// Adds --server, --agency, --ca, --cert, --key, --certs-dir, --timeout and --output to `app`, bound
// to `options` (which must outlive `app`).
void AddGlobalOptions(CLI::App& app, GlobalOptions& options);

}  // namespace lintas::ctl

#pragma once

#include <ostream>
#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace lintas::ctl {

// `lintasctl dlq list|replay`: the dead letters of a consumer group, for operators. It talks to
// Redis directly (like redis-cli), not to lintasd: run it where Redis is reachable.
class DlqCommand {
 public:
  explicit DlqCommand(CLI::App& app);
  DlqCommand(const DlqCommand&) = delete;
  DlqCommand& operator=(const DlqCommand&) = delete;

  bool parsed() const;
  int Run(std::ostream& out, std::ostream& err) const;

 private:
  CLI::App* command_;
  CLI::App* list_;
  CLI::App* replay_;
  std::string redis_ = "127.0.0.1:6390";
  std::string prefix_ = "lintas";
  std::string group_ = "routing";
  int limit_ = 50;
  std::string id_;
};

}  // namespace lintas::ctl

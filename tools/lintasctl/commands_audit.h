#pragma once

#include <ostream>
#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace lintas::ctl {

// `lintasctl audit verify|show --config F`: the audit chain, for operators and auditors. Reads
// Redis directly with lintasd's config and key ring (the chain's MAC key), not through lintasd.
//   verify      walks the whole chain; exit 0 with "N entries, chain intact", else 1 and every
//               entry found changed, removed or reordered, the first one first
//   show --case who saw or changed one case: time, agency, certificate, method, fields, outcome
class AuditCommand {
 public:
  explicit AuditCommand(CLI::App& app);
  AuditCommand(const AuditCommand&) = delete;
  AuditCommand& operator=(const AuditCommand&) = delete;

  bool parsed() const;
  int Run(std::ostream& out, std::ostream& err) const;

 private:
  CLI::App* command_;
  CLI::App* verify_;
  CLI::App* show_;
  std::string config_;
  std::string case_id_;
};

// `lintasctl reencrypt --config F`: re-seals every case snapshot still under an older key with
// the active key (compare-and-set on the case version), then reports how many event stream
// entries still need each key id (those are never rewritten).
class ReencryptCommand {
 public:
  explicit ReencryptCommand(CLI::App& app);
  ReencryptCommand(const ReencryptCommand&) = delete;
  ReencryptCommand& operator=(const ReencryptCommand&) = delete;

  bool parsed() const;
  int Run(std::ostream& out, std::ostream& err) const;

 private:
  CLI::App* command_;
  std::string config_;
};

}  // namespace lintas::ctl

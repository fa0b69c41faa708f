#include "tools/lintasctl/commands_audit.h"

#include <algorithm>
#include <ctime>
#include <vector>

#include "CLI/App.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "adapters/crypto/aes_gcm_field_cipher.h"
#include "adapters/crypto/audit_mac.h"
#include "adapters/redis/audit_log.h"
#include "adapters/redis/reencrypt.h"
#include "core/audit/audit_chain.h"
#include "core/util/string_view.h"
#include "tools/lintasctl/exit_codes.h"
#include "tools/lintasctl/operator_setup.h"
#include "tools/lintasctl/terminal_text.h"

namespace lintas::ctl {
namespace {

using core::audit::ChainedEntry;

void AddConfigOption(CLI::App& command, std::string& config) {
  command.add_option("--config", config, "lintasd's config file (its Redis and key ring)")
      ->envname("LINTAS_CONFIG")
      ->required();
}

std::string UtcTime(std::int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return absl::StrFormat("%04d-%02d-%02d %02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                         tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                         static_cast<int>(((ms % 1000) + 1000) % 1000));
}

// Columns padded to the widest cell; the last column is not padded.
void PrintTable(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (std::size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    out << line << "\n";
  }
}

int Verify(const OperatorSetup& setup, std::ostream& out, std::ostream& err) {
  const crypto::AuditMac mac(setup.ring);
  const redis::AuditReader reader(*setup.redis, redis::KeyLayout(setup.config.redis.key_prefix));
  auto verified = redis::VerifyAuditChain(reader, mac.Function());
  if (!verified.ok()) {
    err << "error: " << verified.status().message() << "\n";
    return kExitCallFailed;
  }
  const std::vector<core::audit::Finding>& findings = verified->findings;
  const std::int64_t newer = verified->newer;
  const std::string more =
      newer > 0 ? absl::StrCat(" (", newer, " entries appended during the check not checked)") : "";
  if (findings.empty()) {
    out << verified->entries << " entries, chain intact" << more << "\n";
    return kExitOk;
  }
  out << "audit chain BROKEN: " << findings.size() << " problem"
      << (findings.size() == 1 ? "" : "s") << " in " << verified->entries << " entries" << more
      << "\n";
  for (const std::string& key_id : verified->keys_failing_every_mac) {
    // Tampering changes some entries; a whole key's entries failing is a key that is not the one
    // they were written with.
    out << "every MAC under audit key '" << ForTerminal(key_id)
        << "' fails: wrong audit key? Check that crypto.keys gives '" << ForTerminal(key_id)
        << "' the file lintasd used when it wrote them.\n";
  }
  out << "first: " << core::audit::FindingKindName(findings.front().kind) << ": "
      << ForTerminal(findings.front().message) << "\n";
  for (const core::audit::Finding& f : findings) {
    out << "  " << core::audit::FindingKindName(f.kind) << ": " << ForTerminal(f.message) << "\n";
  }
  return kExitCallFailed;
}

int Show(const OperatorSetup& setup, const std::string& case_id, std::ostream& out,
         std::ostream& err) {
  const crypto::AuditMac mac(setup.ring);
  const redis::AuditReader reader(*setup.redis, redis::KeyLayout(setup.config.redis.key_prefix));
  std::vector<std::vector<std::string>> rows = {
      {"TIME (UTC)", "AGENCY", "CERTIFICATE", "METHOD", "OUTCOME", "SEQ", "MAC", "FIELDS"}};
  const absl::Status scanned =
      reader.Scan([&](std::string_view, const std::optional<ChainedEntry>& entry) {
        if (!entry || entry->data.case_id != case_id) return;
        const auto expected = mac.Mac(entry->key_id, core::audit::CanonicalEncoding(*entry));
        const core::audit::AuditEntry& d = entry->data;
        rows.push_back({UtcTime(d.time_ms), ForTerminal(d.agency),
                        d.cert_fingerprint.empty() ? "-" : ForTerminal(d.cert_fingerprint),
                        ForTerminal(d.method), ForTerminal(d.outcome), absl::StrCat(entry->seq),
                        expected.ok() && *expected == entry->mac ? "ok" : "BAD",
                        d.fields.empty() ? "-" : ForTerminal(d.fields)});
      });
  if (!scanned.ok()) {
    err << "error: " << scanned.message() << "\n";
    return kExitCallFailed;
  }
  if (rows.size() == 1) {
    out << "no audit entries for case " << ForTerminal(case_id) << "\n";
    return kExitOk;
  }
  PrintTable(out, rows);
  out << rows.size() - 1 << " entries for case " << ForTerminal(case_id)
      << "; MAC checks each entry alone, `lintasctl audit verify` checks the chain\n";
  return kExitOk;
}

}  // namespace

AuditCommand::AuditCommand(CLI::App& app) {
  command_ = app.add_subcommand(
      "audit", "The audit chain: verify it, or show who saw a case (operators; reads Redis)");
  command_->require_subcommand(1);
  AddConfigOption(*command_, config_);
  verify_ = command_->add_subcommand(
      "verify", "Walk the whole chain; name every entry changed, removed or reordered");
  show_ = command_->add_subcommand("show", "Who saw or changed a case, and which fields");
  show_->add_option("--case", case_id_, "The case id")->required();
}

bool AuditCommand::parsed() const {
  return command_->parsed();
}

int AuditCommand::Run(std::ostream& out, std::ostream& err) const {
  auto setup = LoadOperatorSetup(config_);
  if (!setup.ok()) {
    err << "error: " << setup.status().message() << "\n";
    return kExitUsage;
  }
  if (verify_->parsed()) return Verify(**setup, out, err);
  return Show(**setup, case_id_, out, err);
}

ReencryptCommand::ReencryptCommand(CLI::App& app) {
  command_ = app.add_subcommand(
      "reencrypt",
      "Re-seal case snapshots still under an older key with the active key (operators; reads "
      "and writes Redis)");
  AddConfigOption(*command_, config_);
}

bool ReencryptCommand::parsed() const {
  return command_->parsed();
}

int ReencryptCommand::Run(std::ostream& out, std::ostream& err) const {
  auto setup = LoadOperatorSetup(config_);
  if (!setup.ok()) {
    err << "error: " << setup.status().message() << "\n";
    return kExitUsage;
  }
  const OperatorSetup& s = **setup;
  crypto::AesGcmFieldCipher cipher(s.ring);
  const redis::Reencryptor reencryptor(*s.redis, redis::KeyLayout(s.config.redis.key_prefix),
                                       s.config.redis.partitions, cipher, s.ring.active_id(),
                                       &crypto::AesGcmFieldCipher::KeyIdOf);
  auto report =
      reencryptor.Run([&](std::string_view problem) { err << "warning: " << problem << "\n"; });
  if (!report.ok()) {
    err << "error: " << report.status().message() << "\n";
    return kExitCallFailed;
  }
  out << "case snapshots: " << report->scanned << " scanned, " << report->reencrypted
      << " re-encrypted under " << s.ring.active_id() << ", " << report->current
      << " already current, " << report->retried << " retried after a concurrent update, "
      << report->failed << " failed\n";
  auto counts = reencryptor.CountStreamKeyIds();
  if (!counts.ok()) {
    err << "error: " << counts.status().message() << "\n";
    return kExitCallFailed;
  }
  out << "event stream entries by key id (append-only, never rewritten: keep each key listed "
         "here in the ring):\n";
  if (counts->empty()) out << "  none hold sealed values\n";
  for (const auto& [id, n] : *counts) {
    out << "  " << ForTerminal(id) << ": " << n << " entries"
        << (id == s.ring.active_id() ? " (active key)" : "")
        << (s.ring.Find(id) == nullptr ? " (NOT IN THE RING: these cannot be opened)" : "") << "\n";
  }
  return report->failed > 0 ? kExitCallFailed : kExitOk;
}

}  // namespace lintas::ctl

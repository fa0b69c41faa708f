#include "tools/lintasctl/commands_dlq.h"

#include "CLI/App.hpp"
#include "adapters/redis/dead_letters.h"
#include "adapters/redis/key_layout.h"
#include "tools/lintasctl/exit_codes.h"
#include "tools/lintasctl/terminal_text.h"

namespace lintas::ctl {

DlqCommand::DlqCommand(CLI::App& app) {
  command_ = app.add_subcommand(
      "dlq", "Dead letters of a consumer group (operators; talks to Redis directly)");
  command_->require_subcommand(1);
  command_->add_option("--redis", redis_, "Redis address: host:port or unix:/path")
      ->envname("LINTAS_REDIS_ADDRESS")
      ->capture_default_str();
  command_->add_option("--prefix", prefix_, "Key prefix (redis.key_prefix)")->capture_default_str();
  command_->add_option("--group", group_, "Consumer group whose dead letters to read")
      ->capture_default_str();
  list_ = command_->add_subcommand("list", "Show the dead letters, oldest first");
  list_->add_option("--limit", limit_, "At most this many")->capture_default_str();
  replay_ = command_->add_subcommand(
      "replay", "Put a dead letter back on its stream so its group handles it again");
  replay_->add_option("ID", id_, "The dead letter's id, as `dlq list` shows it")->required();
}

bool DlqCommand::parsed() const {
  return command_->parsed();
}

int DlqCommand::Run(std::ostream& out, std::ostream& err) const {
  auto address = redis::RedisAddress::Parse(redis_);
  if (!address.ok()) {
    err << "error: --redis: " << address.status().message() << "\n";
    return kExitUsage;
  }
  const std::string stream = redis::KeyLayout(prefix_).DeadLetters(group_);
  redis::DeadLetters letters(*address, stream);
  if (list_->parsed()) {
    auto list = letters.List(limit_);
    if (!list.ok()) {
      err << "error: " << list.status().message() << "\n";
      return kExitCallFailed;
    }
    if (list->empty()) out << "no dead letters in " << stream << "\n";
    for (const auto& d : *list) {
      std::string type, case_id;
      for (const auto& [k, v] : d.fields) {
        // "t"/"c" in event streams, "type"/"case" in inboxes (webhook dead letters).
        if (k == "t" || k == "type") type = v;
        if (k == "c" || k == "case") case_id = v;
      }
      // Printable fields only: the envelope itself is binary (and sealed).
      out << d.id << "  from " << d.source_stream << " " << d.source_id << "\n"
          << "  event: " << ForTerminal(type.empty() ? "(none)" : type)
          << (case_id.empty() ? "" : "  case: " + ForTerminal(case_id)) << "\n"
          << "  error: " << ForTerminal(d.error) << "\n";
    }
    return kExitOk;
  }
  auto replayed = letters.Replay(id_);
  if (!replayed.ok()) {
    err << "error: " << replayed.status().message() << "\n";
    return kExitCallFailed;
  }
  out << "dead letter " << id_ << " replayed as " << *replayed << "\n";
  return kExitOk;
}

}  // namespace lintas::ctl

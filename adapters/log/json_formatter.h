#pragma once

#include <memory>

#include "spdlog/formatter.h"

namespace lintas::log {

// One JSON object per line: {"time":"2026-11-28T05:20:08.123Z","level":"info","msg":"..."}.
// Messages name case and referral ids, never personal data (see docs/security.md).
class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;
};

// Points the default logger at stderr with JsonFormatter and the given level name
// ("debug", "info", "warn", "error"); false for an unknown level.
bool SetUpJsonLogging(std::string_view level);

}  // namespace lintas::log

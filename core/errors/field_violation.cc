#include "core/errors/field_violation.h"

#include "absl/strings/cord.h"
#include "core/util/string_view.h"

namespace lintas::core {
namespace {

constexpr std::string_view kPayloadUrl = "lintas.core/field-violations";

// Length-prefixed encoding: paths and descriptions may contain any character.
void AppendString(std::string& out, std::string_view s) {
  out += std::to_string(s.size());
  out += ':';
  out += s;
}

bool ReadString(std::string_view& in, std::string& out) {
  const auto colon = in.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  std::size_t len = 0;
  for (char c : in.substr(0, colon)) {
    if (c < '0' || c > '9') return false;
    len = len * 10 + static_cast<std::size_t>(c - '0');
  }
  in.remove_prefix(colon + 1);
  if (in.size() < len) return false;
  out.assign(in.substr(0, len));
  in.remove_prefix(len);
  return true;
}

}  // namespace

absl::Status InvalidArgumentWithViolations(std::string_view message,
                                           const FieldViolations& violations) {
  absl::Status status = absl::InvalidArgumentError(AsAbsl(message));
  std::string payload;
  for (const auto& v : violations) {
    AppendString(payload, v.field);
    AppendString(payload, v.description);
  }
  status.SetPayload(AsAbsl(kPayloadUrl), absl::Cord(payload));
  return status;
}

FieldViolations ViolationsOf(const absl::Status& status) {
  FieldViolations out;
  const auto payload = status.GetPayload(AsAbsl(kPayloadUrl));
  if (!payload) return out;
  const std::string flat(*payload);
  std::string_view in = flat;
  while (!in.empty()) {
    FieldViolation v;
    if (!ReadString(in, v.field) || !ReadString(in, v.description)) break;
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace lintas::core

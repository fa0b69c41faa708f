#pragma once

// Strict YAML reading shared by every section of the lintasd config (internal to
// adapters/config). Every problem is INVALID_ARGUMENT "<key path>: <what>", so the message names
// the key: "redis.partitions: must be between 1 and 100".

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

// absl 20220623 has no public RETURN_IF_ERROR; this one is for adapters/config only.
// (Debian's absl keeps its own string_view, so these files use absl::string_view with StrCat.)
#define LINTAS_CONFIG_RETURN_IF_ERROR(expr)                           \
  do {                                                                \
    if (absl::Status status_ = (expr); !status_.ok()) return status_; \
  } while (false)

namespace lintas::config::yaml {

// The keys a mapping may hold.
using Keys = std::span<const absl::string_view>;

// INVALID_ARGUMENT "<path>: <what>".
absl::Status Bad(absl::string_view path, absl::string_view what);

// "path.key" and "path[i]": key paths for messages.
std::string Sub(absl::string_view path, absl::string_view key);
std::string Index(absl::string_view path, std::size_t i);

// "expected one of a, b, c".
std::string OneOf(const std::vector<std::string_view>& names);

// Reads a whole file (at most 16 MiB). The message names `key` and the file, never its content.
absl::StatusOr<std::string> ReadFile(const std::string& file, absl::string_view key);

// Exactly one YAML document; a syntax error names its line and column (counted from 1).
absl::StatusOr<YAML::Node> ParseYaml(const std::string& text, const std::string& file,
                                     absl::string_view key);

// A mapping whose keys are all in `allowed` and each appears once. An empty `path` is the top
// level: its keys are named alone.
absl::Status CheckMapping(const YAML::Node& node, absl::string_view path, Keys allowed);

// Plain (unquoted) scalars only count as integers and booleans.
bool IsPlainScalar(const YAML::Node& node);

absl::Status ReadString(const YAML::Node& node, absl::string_view path, std::string& out);
// A plain integer in [lo, hi].
absl::Status ReadInt(const YAML::Node& node, absl::string_view path, std::int64_t lo,
                     std::int64_t hi, std::int64_t& out);

// The optional `key` of `map`: left unchanged when absent.
template <typename T>
absl::Status ReadIntInto(const YAML::Node& map, absl::string_view section, absl::string_view key,
                         std::int64_t lo, std::int64_t hi, T& out) {
  const YAML::Node node = map[std::string(key)];
  if (!node) return absl::OkStatus();
  std::int64_t v = 0;
  LINTAS_CONFIG_RETURN_IF_ERROR(ReadInt(node, Sub(section, key), lo, hi, v));
  out = static_cast<T>(v);
  return absl::OkStatus();
}
absl::Status ReadStringInto(const YAML::Node& map, absl::string_view section, absl::string_view key,
                            std::string& out);
// Only plain true or false.
absl::Status ReadBoolInto(const YAML::Node& map, absl::string_view section, absl::string_view key,
                          bool& out);

// A non-empty list of distinct scalars, each parsed by `parse(scalar, path, value)`. An empty list
// would match no case at all, which is never what the author meant: omitting the key is how to
// say "any".
template <typename T, typename Parse>
absl::Status ReadList(const YAML::Node& node, absl::string_view path, absl::string_view what,
                      Parse parse, std::vector<T>& out) {
  if (!node.IsSequence()) return Bad(path, "expected a list");
  if (node.size() == 0) {
    return Bad(path,
               absl::StrCat("at least one ", what, " is required (omit the key to match any)"));
  }
  for (std::size_t i = 0; i < node.size(); ++i) {
    const std::string ipath = Index(path, i);
    if (!node[i].IsScalar()) return Bad(ipath, absl::StrCat("expected a ", what));
    T value{};
    LINTAS_CONFIG_RETURN_IF_ERROR(parse(node[i].Scalar(), ipath, value));
    for (const T& earlier : out) {
      if (earlier == value) return Bad(ipath, absl::StrCat("duplicate '", node[i].Scalar(), "'"));
    }
    out.push_back(std::move(value));
  }
  return absl::OkStatus();
}

// True when every character of `s` passes `ok`.
bool AllOf(absl::string_view s, bool (*ok)(char));

// A display name (region, agency, holiday): not blank, at most 200 bytes.
absl::Status CheckName(const std::string& name, absl::string_view path);

// Relative paths in the file are relative to the file, so the config works from any CWD.
std::string Resolve(const std::filesystem::path& config_dir, const std::string& p);

}  // namespace lintas::config::yaml

#include "adapters/config/strict_yaml.h"

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <set>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "core/util/string_view.h"

namespace lintas::config::yaml {
namespace {

namespace fs = std::filesystem;

// Far above any real config; stops a wrong path such as /dev/zero from eating memory.
constexpr std::size_t kMaxFileBytes = 16 << 20;
constexpr std::size_t kMaxNameBytes = 200;

}  // namespace

absl::Status Bad(absl::string_view path, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", what));
}

std::string Sub(absl::string_view path, absl::string_view key) {
  return absl::StrCat(path, ".", key);
}
std::string Index(absl::string_view path, std::size_t i) {
  return absl::StrCat(path, "[", i, "]");
}

std::string OneOf(const std::vector<std::string_view>& names) {
  std::vector<absl::string_view> a;
  for (std::string_view n : names)
    a.push_back(AsAbsl(n));
  return absl::StrCat("expected one of ", absl::StrJoin(a, ", "));
}

absl::StatusOr<std::string> ReadFile(const std::string& file, absl::string_view key) {
  std::FILE* f = std::fopen(file.c_str(), "rb");
  if (f == nullptr) {
    return Bad(key, absl::StrCat("cannot read '", file, "': ", std::strerror(errno)));
  }
  std::string text;
  std::array<char, 8192> buf;
  std::size_t n = 0;
  while (text.size() <= kMaxFileBytes && (n = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
    text.append(buf.data(), n);
  }
  // A directory opens fine on Linux and only fails on read (EISDIR).
  const int read_errno = std::ferror(f) ? errno : 0;
  std::fclose(f);
  if (read_errno != 0) {
    return Bad(key, absl::StrCat("cannot read '", file, "': ", std::strerror(read_errno)));
  }
  if (text.size() > kMaxFileBytes) {
    return Bad(key, absl::StrCat("cannot read '", file, "': larger than 16 MiB"));
  }
  return text;
}

// Exactly one document: a second "---" document would otherwise be dropped without a word.
absl::StatusOr<YAML::Node> ParseYaml(const std::string& text, const std::string& file,
                                     absl::string_view key) {
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(text);
  } catch (const YAML::Exception& e) {
    // yaml-cpp marks count from 0; editors count from 1.
    return Bad(key, absl::StrCat("syntax error in '", file, "' at line ", e.mark.line + 1,
                                 ", column ", e.mark.column + 1, ": ", e.msg));
  }
  if (docs.empty()) return Bad(key, absl::StrCat("'", file, "' is empty"));
  if (docs.size() > 1) {
    // yaml-cpp also starts a new document at a line indented less than the first key, so point
    // at it: the cause is as often bad indentation as a stray "---".
    return Bad(key, absl::StrCat("'", file, "' holds a second YAML document from line ",
                                 docs[1].Mark().line + 1, "; expected one"));
  }
  return docs.front();
}

// yaml-cpp keeps duplicate keys and lookups see only the first, so a repeated key would silently
// lose its second value.
absl::Status CheckMapping(const YAML::Node& node, absl::string_view path, Keys allowed) {
  if (!node.IsMap()) return Bad(path, "expected a mapping");
  std::set<std::string, std::less<>> seen;
  for (const auto& entry : node) {
    if (!entry.first.IsScalar()) return Bad(path.empty() ? "config" : path, "keys must be strings");
    const std::string& key = entry.first.Scalar();
    const std::string key_path = path.empty() ? key : Sub(path, key);
    bool known = false;
    for (absl::string_view a : allowed)
      known = known || a == key;
    if (!known) {
      return Bad(key_path,
                 absl::StrCat("unknown key (expected one of ", absl::StrJoin(allowed, ", "), ")"));
    }
    if (!seen.insert(key).second) return Bad(key_path, "duplicate key");
  }
  return absl::OkStatus();
}

// A quoted "16" or "true" is a string, and letting it pass would make the same file mean
// different things to different YAML tools.
bool IsPlainScalar(const YAML::Node& node) {
  return node.IsScalar() && node.Tag() == "?";
}

absl::Status ReadString(const YAML::Node& node, absl::string_view path, std::string& out) {
  if (!node.IsScalar()) return Bad(path, "expected a string");
  out = node.Scalar();
  return absl::OkStatus();
}

absl::Status ReadInt(const YAML::Node& node, absl::string_view path, std::int64_t lo,
                     std::int64_t hi, std::int64_t& out) {
  if (!IsPlainScalar(node)) return Bad(path, "expected an integer");
  const std::string& s = node.Scalar();
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  const bool whole = !s.empty() && end == s.data() + s.size();
  if (ec == std::errc::invalid_argument || (ec == std::errc() && !whole)) {
    return Bad(path, "expected an integer");
  }
  if (ec == std::errc::result_out_of_range || v < lo || v > hi) {
    return Bad(path, absl::StrCat("must be between ", lo, " and ", hi));
  }
  out = v;
  return absl::OkStatus();
}

absl::Status ReadStringInto(const YAML::Node& map, absl::string_view section, absl::string_view key,
                            std::string& out) {
  const YAML::Node node = map[std::string(key)];
  if (!node) return absl::OkStatus();
  return ReadString(node, Sub(section, key), out);
}

absl::Status ReadBoolInto(const YAML::Node& map, absl::string_view section, absl::string_view key,
                          bool& out) {
  const YAML::Node node = map[std::string(key)];
  if (!node) return absl::OkStatus();
  // Only true/false: YAML 1.1's yes/no/on/off are a classic source of surprises.
  if (IsPlainScalar(node) && node.Scalar() == "true") {
    out = true;
  } else if (IsPlainScalar(node) && node.Scalar() == "false") {
    out = false;
  } else {
    return Bad(Sub(section, key), "expected true or false");
  }
  return absl::OkStatus();
}

bool AllOf(absl::string_view s, bool (*ok)(char)) {
  for (char c : s) {
    if (!ok(c)) return false;
  }
  return true;
}

absl::Status CheckName(const std::string& name, absl::string_view path) {
  if (absl::StripAsciiWhitespace(name).empty()) return Bad(path, "required");
  if (name.size() > kMaxNameBytes) return Bad(path, "longer than 200 bytes");
  return absl::OkStatus();
}

std::string Resolve(const fs::path& config_dir, const std::string& p) {
  const fs::path path(p);
  if (path.is_absolute()) return path.lexically_normal().string();
  return (config_dir / path).lexically_normal().string();
}

}  // namespace lintas::config::yaml

#include "tools/lintasctl/case_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"

namespace lintas::ctl {
namespace {

// Larger than any real case (gRPC refuses messages over 4 MiB anyway); stops a wrong path such
// as a disk image from being read whole.
constexpr std::streamsize kMaxFileBytes = 4 << 20;

absl::StatusOr<std::string> ReadAll(std::istream& in, const std::string& name) {
  std::string text;
  char buffer[64 * 1024];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (static_cast<std::streamsize>(text.size()) > kMaxFileBytes) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": larger than ", kMaxFileBytes >> 20, " MiB; is it a case file?"));
    }
  }
  if (in.bad()) return absl::InvalidArgumentError(absl::StrCat(name, ": read error"));
  return text;
}

// protobuf reports a syntax error as "<message>\n<up to 40 bytes around it>\n<spaces>^". That
// snippet is hard to read behind our prefix, so it becomes "LINE:COLUMN: " when the snippet
// can be found in the input, and is dropped otherwise.
std::string DescribeParseError(absl::string_view json, absl::string_view error) {
  error = absl::StripTrailingAsciiWhitespace(error);
  const size_t first = error.find('\n');
  const size_t last = error.rfind('\n');
  if (first == absl::string_view::npos || first == last) return std::string(error);
  const absl::string_view message = error.substr(0, first);
  const absl::string_view snippet = error.substr(first + 1, last - first - 1);
  const size_t caret = error.size() - last - 2;  // spaces before '^'
  const size_t at = json.find(snippet);
  if (snippet.empty() || at == absl::string_view::npos) return std::string(message);
  const size_t offset = std::min(at + caret, json.size());
  const absl::string_view before = json.substr(0, offset);
  const size_t line = static_cast<size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
  const size_t line_start = before.rfind('\n');
  const size_t column = line_start == absl::string_view::npos ? offset + 1 : offset - line_start;
  return absl::StrCat("line ", line, ", column ", column, ": ", message);
}

}  // namespace

absl::StatusOr<lintas::v1::Case> ParseCaseJson(absl::string_view json, absl::string_view source) {
  lintas::v1::Case c;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), &c, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        source, ": not a lintas.v1.Case in protobuf JSON: ",
        DescribeParseError(json,
                           absl::string_view(status.message().data(), status.message().size()))));
  }
  return c;
}

absl::StatusOr<lintas::v1::Case> ReadCaseFile(const std::string& path) {
  absl::StatusOr<std::string> text;
  if (path == "-") {
    text = ReadAll(std::cin, "standard input");
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": cannot open: ", std::strerror(errno)));
    }
    text = ReadAll(in, path);
  }
  if (!text.ok()) return text.status();
  return ParseCaseJson(*text, path == "-" ? "standard input" : path);
}

}  // namespace lintas::ctl

#include "adapters/http/cloudevent_json.h"

#include <cstdint>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/util/string_view.h"
#include "google/protobuf/util/time_util.h"

namespace lintas::http {
namespace {

// Length of the well-formed UTF-8 sequence starting at s[i] (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or 0 if there is none.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  size_t len = 0;
  unsigned char lo = 0x80, hi = 0xbf;  // allowed range of the second byte
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    len = 2;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    len = 3;
    if (b0 == 0xe0) lo = 0xa0;  // overlong
    if (b0 == 0xed) hi = 0x9f;  // surrogates
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    len = 4;
    if (b0 == 0xf0) lo = 0x90;  // overlong
    if (b0 == 0xf4) hi = 0x8f;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xbf) return 0;
  }
  return len;
}

// A strict RFC 8259 checker for the caller's data: protobuf's JSON parser is lenient (it takes
// single quotes, for one), and a receiver with a strict parser would refuse the whole document.
class JsonChecker {
 public:
  explicit JsonChecker(std::string_view text) : s_(text) {}

  bool IsOneValue() {
    SkipSpace();
    if (!Value(0)) return false;
    SkipSpace();
    return i_ == s_.size();
  }

 private:
  static constexpr int kMaxDepth = 64;  // bounds recursion on hostile input

  bool Value(int depth) {
    if (depth > kMaxDepth || i_ >= s_.size()) return false;
    switch (s_[i_]) {
      case '{':
        return Object(depth);
      case '[':
        return Array(depth);
      case '"':
        return String();
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      default:
        return Number();
    }
  }

  bool Object(int depth) {
    ++i_;  // '{'
    SkipSpace();
    if (Eat('}')) return true;
    while (true) {
      SkipSpace();
      if (i_ >= s_.size() || s_[i_] != '"' || !String()) return false;
      SkipSpace();
      if (!Eat(':')) return false;
      SkipSpace();
      if (!Value(depth + 1)) return false;
      SkipSpace();
      if (Eat('}')) return true;
      if (!Eat(',')) return false;
    }
  }

  bool Array(int depth) {
    ++i_;  // '['
    SkipSpace();
    if (Eat(']')) return true;
    while (true) {
      SkipSpace();
      if (!Value(depth + 1)) return false;
      SkipSpace();
      if (Eat(']')) return true;
      if (!Eat(',')) return false;
    }
  }

  bool String() {
    ++i_;  // '"'
    while (i_ < s_.size()) {
      const unsigned char c = static_cast<unsigned char>(s_[i_]);
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        if (++i_ >= s_.size()) return false;
        const char e = s_[i_];
        if (e == 'u') {
          for (int k = 0; k < 4; ++k) {
            if (++i_ >= s_.size() || !absl::ascii_isxdigit(s_[i_])) return false;
          }
        } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
          return false;
        }
        ++i_;
        continue;
      }
      const size_t len = Utf8SequenceLength(s_, i_);
      if (len == 0) return false;
      i_ += len;
    }
    return false;
  }

  bool Number() {
    Eat('-');
    if (Eat('0')) {
      // no leading zeros
    } else if (!Digits()) {
      return false;
    }
    if (Eat('.') && !Digits()) return false;
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (!Eat('+')) Eat('-');
      if (!Digits()) return false;
    }
    return true;
  }

  bool Digits() {
    const size_t start = i_;
    while (i_ < s_.size() && absl::ascii_isdigit(s_[i_]))
      ++i_;
    return i_ > start;
  }

  bool Literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }

  bool Eat(char c) {
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }

  void SkipSpace() {
    while (i_ < s_.size() &&
           (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) {
      ++i_;
    }
  }

  std::string_view s_;
  size_t i_ = 0;
};

absl::Status AppendMember(std::string& out, std::string_view name, std::string_view value) {
  absl::StrAppend(&out, ",\"", AsAbsl(name), "\":");
  absl::Status status = AppendJsonString(out, value);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("CloudEvent attribute ", AsAbsl(name), ": ", status.message()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string escaped;
  escaped.reserve(s.size() + 2);
  escaped.push_back('"');
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t len = Utf8SequenceLength(s, i);
    if (len == 0) {
      return absl::InvalidArgumentError(absl::StrCat("not valid UTF-8 at byte ", i));
    }
    if (len == 3 && c == 0xe2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) & 0xfe) == 0xa8) {
      escaped += static_cast<unsigned char>(s[i + 2]) == 0xa8 ? "\\u2028" : "\\u2029";
    } else if (len > 1) {
      escaped.append(s.substr(i, len));
    } else if (c == '"') {
      escaped += "\\\"";
    } else if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '\n') {
      escaped += "\\n";
    } else if (c == '\r') {
      escaped += "\\r";
    } else if (c == '\t') {
      escaped += "\\t";
    } else if (c == '\b') {
      escaped += "\\b";
    } else if (c == '\f') {
      escaped += "\\f";
    } else if (c < 0x20 || c == 0x7f) {
      escaped += "\\u00";
      escaped.push_back(kHex[c >> 4]);
      escaped.push_back(kHex[c & 0xf]);
    } else {
      escaped.push_back(static_cast<char>(c));
    }
    i += len;
  }
  escaped.push_back('"');
  out += escaped;
  return absl::OkStatus();
}

absl::StatusOr<std::string> RenderCloudEventJson(const lintas::v1::EventEnvelope& envelope,
                                                 std::string_view data_json) {
  if (envelope.id().empty() || envelope.source().empty() || envelope.type().empty()) {
    return absl::InvalidArgumentError("a CloudEvent needs id, source and type");
  }
  // Embedding unchecked text would let one bad event produce a document no receiver can parse.
  if (!JsonChecker(data_json).IsOneValue()) {
    return absl::InvalidArgumentError("CloudEvent data is not a JSON value");
  }

  std::string out = R"({"specversion":"1.0")";
  if (absl::Status s = AppendMember(out, "id", envelope.id()); !s.ok()) return s;
  if (absl::Status s = AppendMember(out, "source", envelope.source()); !s.ok()) return s;
  if (absl::Status s = AppendMember(out, "type", envelope.type()); !s.ok()) return s;
  if (!envelope.subject().empty()) {
    if (absl::Status s = AppendMember(out, "subject", envelope.subject()); !s.ok()) return s;
  }
  if (envelope.has_time()) {
    const google::protobuf::Timestamp& time = envelope.time();
    if (time.seconds() < google::protobuf::util::TimeUtil::kTimestampMinSeconds ||
        time.seconds() > google::protobuf::util::TimeUtil::kTimestampMaxSeconds ||
        time.nanos() < 0 || time.nanos() > 999'999'999) {
      return absl::InvalidArgumentError("CloudEvent time is out of range");
    }
    // TimeUtil writes RFC 3339 in UTC ("2026-11-28T07:06:27.123Z").
    absl::StrAppend(&out, ",\"time\":\"", google::protobuf::util::TimeUtil::ToString(time), "\"");
  }
  absl::StrAppend(&out, R"(,"datacontenttype":"application/json")");
  // CloudEvents integers are 32-bit; a larger value must travel as a string to stay valid.
  const int64_t sequence = envelope.sequence();
  if (sequence >= std::numeric_limits<int32_t>::min() &&
      sequence <= std::numeric_limits<int32_t>::max()) {
    absl::StrAppend(&out, ",\"lintassequence\":", sequence);
  } else {
    absl::StrAppend(&out, ",\"lintassequence\":\"", sequence, "\"");
  }
  absl::StrAppend(&out, ",\"data\":", AsAbsl(data_json), "}");
  return out;
}

}  // namespace lintas::http

#include "core/validation/case_validator.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/util/text.h"
#include "core/validation/category_rules.h"
#include "core/validation/nik.h"
#include "core/validation/phone.h"

namespace lintas::core {
namespace {

using validation::CategoryRule;
using validation::kDestination;
using validation::kHomeRegion;
using validation::kNothingMore;
using validation::kReportedPerson;
using validation::kSubjectName;
using validation::RuleFor;

// ---------------------------------------------------------------------------------------------
// Text.

enum class TextKind { kSingleLine, kMultiLine };

// Browsers submit a textarea with CRLF line ends; a line end is a line end. A lone CR stays and
// is refused as a control character. One pass: the input is not yet bounded in length here.
std::string FoldCrlf(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
    out += s[i];
  }
  return out;
}

std::string Plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// ---------------------------------------------------------------------------------------------

// Walks one case, collecting violations; at most one violation per field path, the first
// problem found, so that a caller gets one clear sentence per field it must fix.
class CaseChecker {
 public:
  CaseChecker(const RegionDirectory& regions, const CaseLimits& limits,
              std::string_view path_prefix, FieldViolations& violations)
      : regions_(regions), limits_(limits), prefix_(path_prefix), violations_(violations) {}

  Case Run(const Case& in) {
    // Output-only fields (id, status, version, submitted_by, timestamps) are left at their
    // defaults: the caller's values are ignored, never echoed back.
    Case out;
    out.category = in.category;
    out.severity = in.severity;
    out.channel = in.channel;
    out.region_code = std::string(TrimAscii(in.region_code));

    const CategoryRule* rule = RuleFor(in.category);
    const unsigned needs = rule != nullptr ? rule->needs : kNothingMore;
    const std::string_view label = rule != nullptr ? rule->label : std::string_view();

    // Proto field order, so that violations come out in the order the caller wrote the fields.
    CheckEnum(in.category, Path("category"), "category", /*required=*/true);
    CheckEnum(in.severity, Path("severity"), "severity", /*required=*/true);
    if (out.region_code.empty()) {
      Add(Path("region_code"),
          "A region code is required: where the case happened or was reported.");
    } else {
      CheckRegionCode(out.region_code, Path("region_code"));
    }
    CheckEnum(in.channel, Path("channel"), "channel", /*required=*/true);
    out.subject = CheckSubject(in.subject, needs, label);
    CheckReportedPersons(in.reported_persons, needs, label, out.reported_persons);
    out.reporter = CheckReporter(in.reporter);
    out.narrative = CheckNarrative(in.narrative);
    return out;
  }

 private:
  std::string Path(std::string_view field) const {
    if (prefix_.empty()) return std::string(field);
    std::string path(prefix_);
    path += '.';
    path += field;
    return path;
  }

  void Add(std::string path, std::string description) {
    violations_.push_back({std::move(path), std::move(description)});
  }

  void Required(const std::string& path, std::string_view what, std::string_view label) {
    Add(path,
        std::string(what) + " is required for a case of category " + std::string(label) + ".");
  }

  template <typename Enum>
  void CheckEnum(Enum value, const std::string& path, std::string_view what, bool required) {
    if (value == Enum::kUnspecified) {
      if (required) Add(path, "The " + std::string(what) + " is required.");
    } else if (!IsKnown(value)) {
      Add(path, "The value " + std::to_string(static_cast<int>(value)) + " is not a known " +
                    std::string(what) + ".");
    }
  }

  // Returns the trimmed text; a violation when it is not UTF-8, holds a control character or is
  // longer than `max_chars` code points. Empty text is always well-formed here.
  std::string CheckText(std::string_view raw, std::size_t max_chars, TextKind kind,
                        const std::string& path) {
    std::string text =
        kind == TextKind::kMultiLine ? FoldCrlf(TrimAscii(raw)) : std::string(TrimAscii(raw));
    std::size_t chars = 0;
    for (std::size_t pos = 0; pos < text.size();) {
      const auto cp = DecodeUtf8(text, pos);
      if (!cp) {
        Add(path, "The text is not valid UTF-8.");
        return text;
      }
      const bool allowed_break = kind == TextKind::kMultiLine && (*cp == '\n' || *cp == '\t');
      if (IsControl(*cp) && !allowed_break) {
        Add(path, kind == TextKind::kMultiLine
                      ? "The text contains a control character; only line breaks and tabs are "
                        "allowed."
                      : "The text contains a control character (such as a line break or tab), "
                        "which is not allowed here.");
        return text;
      }
      ++chars;
    }
    if (chars > max_chars) {
      Add(path, "The text may be at most " + Plural(max_chars, "character", "characters") +
                    " long; this one has " + std::to_string(chars) + ".");
    }
    return text;
  }

  std::string CheckName(std::string_view raw, const std::string& path) {
    return CheckText(raw, limits_.max_name_chars, TextKind::kSingleLine, path);
  }

  std::string CheckShortText(std::string_view raw, const std::string& path) {
    return CheckText(raw, limits_.max_short_text_chars, TextKind::kSingleLine, path);
  }

  std::string CheckNarrative(std::string_view raw) {
    const std::string path = Path("narrative");
    std::string text = CheckText(raw, limits_.max_narrative_chars, TextKind::kMultiLine, path);
    if (text.empty()) Add(path, "A narrative is required: what happened, in a few sentences.");
    return text;
  }

  // Optional: empty stays empty. Returns E.164 when valid, the trimmed input otherwise.
  std::string CheckPhone(std::string_view raw, const std::string& path) {
    const std::string_view trimmed = TrimAscii(raw);
    if (trimmed.empty()) return {};
    std::string reason;
    auto e164 = NormalizeIndonesianMobile(trimmed, reason);
    if (!e164) {
      Add(path, std::move(reason));
      return std::string(trimmed);
    }
    return std::move(*e164);
  }

  // Optional: empty stays empty. `info` receives what the NIK says when it is valid.
  std::string CheckNik(std::string_view raw, const std::string& path,
                       std::optional<NikInfo>* info = nullptr) {
    const std::string_view trimmed = TrimAscii(raw);
    if (trimmed.empty()) return {};
    std::string reason;
    auto parsed = ParseNik(trimmed, reason);
    if (!parsed) Add(path, std::move(reason));
    if (info != nullptr) *info = std::move(parsed);
    return std::string(trimmed);
  }

  // `code` is trimmed and not empty.
  void CheckRegionCode(std::string_view code, const std::string& path) {
    if (!RegionDirectory::IsWellFormed(code)) {
      Add(path,
          "A region code must have the Kemendagri form PP, PP.KK, PP.KK.CC or "
          "PP.KK.CC.DDDD (for example 53.71.01.1001).");
    } else if (!regions_.Contains(code)) {
      Add(path, "The region code is well-formed but is not a region Lintas knows.");
    }
  }

  Subject CheckSubject(const Subject& in, unsigned needs, std::string_view label) {
    const std::string base = Path("subject");
    Subject out;
    out.sex = in.sex;
    out.needs_support = in.needs_support;

    const std::string name_path = base + ".full_name";
    out.full_name = CheckName(in.full_name, name_path);
    if ((needs & kSubjectName) && out.full_name.empty()) {
      Required(name_path, "The subject's full name", label);
    }

    const std::string nik_path = base + ".nik";
    std::optional<NikInfo> nik;
    out.nik = CheckNik(in.nik, nik_path, &nik);
    // The NIK is where the sex is encoded in a checkable way, so the mismatch is reported on
    // it: a mistyped day digit is the likelier error, and sex alone is optional.
    if (nik && in.sex == Sex::kMale && nik->female) {
      Add(nik_path,
          "The NIK marks a female holder (birth day plus 40) but the subject's sex is "
          "given as male; one of the two is wrong.");
    } else if (nik && in.sex == Sex::kFemale && !nik->female) {
      Add(nik_path,
          "The NIK marks a male holder (birth day 01-31) but the subject's sex is "
          "given as female; one of the two is wrong.");
    }

    out.phone = CheckPhone(in.phone, base + ".phone");
    CheckEnum(in.sex, base + ".sex", "sex", /*required=*/false);

    const std::string home_path = base + ".home_region_code";
    out.home_region_code = std::string(TrimAscii(in.home_region_code));
    if (!out.home_region_code.empty()) {
      CheckRegionCode(out.home_region_code, home_path);
    } else if (needs & kHomeRegion) {
      Required(home_path, "The subject's home region code", label);
    }

    const std::string country_path = base + ".destination_country";
    out.destination_country = std::string(TrimAscii(in.destination_country));
    if (!out.destination_country.empty()) {
      const auto& c = out.destination_country;
      const auto upper = [](char ch) { return ch >= 'A' && ch <= 'Z'; };
      if (c.size() != 2 || !upper(c[0]) || !upper(c[1])) {
        Add(country_path,
            "A destination country must be an ISO 3166-1 alpha-2 code: two "
            "capital letters such as MY, SG or HK.");
      }
    } else if (needs & kDestination) {
      Required(country_path, "The destination country", label);
    }
    return out;
  }

  void CheckReportedPersons(const std::vector<ReportedPerson>& in, unsigned needs,
                            std::string_view label, std::vector<ReportedPerson>& out) {
    const std::string base = Path("reported_persons");
    if (in.size() > limits_.max_reported_persons) {
      Add(base, "A case may name at most " +
                    Plural(limits_.max_reported_persons, "reported person", "reported persons") +
                    "; this one has " + std::to_string(in.size()) + ".");
    } else if (in.empty() && (needs & kReportedPerson)) {
      Add(base, "At least one reported person is required for a case of category " +
                    std::string(label) + ".");
    }
    // Entries past the limit are neither checked nor kept: the case is refused anyway, and
    // checking them would only let one request produce an unbounded list of violations.
    const std::size_t n = std::min(in.size(), limits_.max_reported_persons);
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      const std::string path = base + "[" + std::to_string(i) + "]";
      const ReportedPerson& p = in[i];
      ReportedPerson o;
      o.name = CheckName(p.name, path + ".name");
      o.phone = CheckPhone(p.phone, path + ".phone");
      o.nik = CheckNik(p.nik, path + ".nik");
      o.role = CheckShortText(p.role, path + ".role");
      if (o.name.empty() && o.phone.empty() && o.nik.empty()) {
        Add(path, "A reported person needs at least a name, a phone number or a NIK.");
      }
      out.push_back(std::move(o));
    }
  }

  Reporter CheckReporter(const Reporter& in) {
    const std::string base = Path("reporter");
    const std::string name_path = base + ".name";
    const std::string phone_path = base + ".contact_phone";
    Reporter out;
    out.mode = in.mode;
    CheckEnum(in.mode, base + ".mode", "reporter mode", /*required=*/true);

    if (in.mode == ReporterMode::kAnonymous) {
      // Refused rather than dropped: the caller must learn that it sent an identity it should
      // not have, and the returned case never carries one.
      if (!TrimAscii(in.name).empty()) {
        Add(name_path,
            "An anonymous reporter must not give a name: an anonymous reporter's "
            "identity is never stored.");
      }
      if (!TrimAscii(in.contact_phone).empty()) {
        Add(phone_path,
            "An anonymous reporter must not give a contact phone: an anonymous "
            "reporter's identity is never stored.");
      }
    } else {
      out.name = CheckName(in.name, name_path);
      out.contact_phone = CheckPhone(in.contact_phone, phone_path);
      if (in.mode == ReporterMode::kConfidential || in.mode == ReporterMode::kNamed) {
        const std::string mode =
            in.mode == ReporterMode::kConfidential ? "a confidential" : "a named";
        if (out.name.empty()) Add(name_path, "A name is required for " + mode + " reporter.");
        if (out.contact_phone.empty()) {
          Add(phone_path, "A contact phone is required for " + mode + " reporter.");
        }
      }
    }
    out.relation = CheckShortText(in.relation, base + ".relation");
    return out;
  }

  const RegionDirectory& regions_;
  const CaseLimits& limits_;
  std::string_view prefix_;
  FieldViolations& violations_;
};

bool IsIdempotencyKeyChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == ':' || c == '-';
}

constexpr std::size_t kMinIdempotencyKey = 8;
constexpr std::size_t kMaxIdempotencyKey = 128;

}  // namespace

Case NormalizeNewCase(const Case& in, const RegionDirectory& regions, const CaseLimits& limits,
                      std::string_view path_prefix, FieldViolations& violations) {
  return CaseChecker(regions, limits, path_prefix, violations).Run(in);
}

void ValidateIdempotencyKey(std::string_view key, std::string_view field,
                            FieldViolations& violations) {
  // Not trimmed: keys are compared byte for byte, so " abc" and "abc" must not both pass.
  std::string description;
  if (key.empty()) {
    description = "An idempotency key is required (a UUID is a good choice).";
  } else if (!std::all_of(key.begin(), key.end(), IsIdempotencyKeyChar)) {
    description =
        "An idempotency key may contain only ASCII letters, digits, dots, underscores, colons "
        "and hyphens.";
  } else if (key.size() < kMinIdempotencyKey || key.size() > kMaxIdempotencyKey) {
    description = "An idempotency key must be 8 to 128 characters long; this one has " +
                  std::to_string(key.size()) + ".";
  }
  if (!description.empty()) violations.push_back({std::string(field), std::move(description)});
}

absl::StatusOr<Case> ValidateSubmission(std::string_view idempotency_key, const Case& in,
                                        const RegionDirectory& regions, const CaseLimits& limits) {
  FieldViolations violations;
  ValidateIdempotencyKey(idempotency_key, "idempotency_key", violations);
  Case out = NormalizeNewCase(in, regions, limits, "case", violations);
  if (!violations.empty()) {
    return InvalidArgumentWithViolations(
        "the case is invalid: " + Plural(violations.size(), "field violation", "field violations"),
        violations);
  }
  return out;
}

}  // namespace lintas::core

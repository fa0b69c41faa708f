#include "adapters/config/holidays_file.h"

#include <array>
#include <utility>

#include "absl/strings/str_cat.h"
#include "adapters/config/strict_yaml.h"

namespace lintas::config::yaml {
namespace {

constexpr auto kHolidayKeys = std::to_array<absl::string_view>({"date", "name", "kind"});

}  // namespace

absl::Status LoadHolidays(const std::string& file, std::vector<Holiday>& out) {
  absl::StatusOr<std::string> text = ReadFile(file, "routing.holidays_file");
  if (!text.ok()) return text.status();
  absl::StatusOr<YAML::Node> root = ParseYaml(*text, file, "routing.holidays_file");
  if (!root.ok()) return root.status();
  if (!root->IsSequence()) {
    return Bad("routing.holidays_file",
               absl::StrCat("expected a list of {date, name, kind} in '", file, "'"));
  }
  for (std::size_t i = 0; i < root->size(); ++i) {
    const YAML::Node entry = (*root)[i];
    const std::string path = Index("routing.holidays", i);
    LINTAS_CONFIG_RETURN_IF_ERROR(CheckMapping(entry, path, kHolidayKeys));
    Holiday h;

    const std::string dpath = Sub(path, "date");
    if (!entry["date"]) return Bad(dpath, "required");
    std::string date;
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(entry["date"], dpath, date));
    absl::StatusOr<core::CivilDate> parsed = core::ParseCivilDate(date);
    if (!parsed.ok()) return Bad(dpath, parsed.status().message());
    h.date = *parsed;
    // A date listed twice is nearly always a copy-paste slip that hides the one meant.
    for (const Holiday& earlier : out) {
      if (earlier.date == h.date) return Bad(dpath, absl::StrCat("duplicate '", date, "'"));
    }

    const std::string npath = Sub(path, "name");
    if (!entry["name"]) return Bad(npath, "required");
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(entry["name"], npath, h.name));
    LINTAS_CONFIG_RETURN_IF_ERROR(CheckName(h.name, npath));

    const std::string kpath = Sub(path, "kind");
    if (!entry["kind"]) return Bad(kpath, "required");
    std::string kind;
    LINTAS_CONFIG_RETURN_IF_ERROR(ReadString(entry["kind"], kpath, kind));
    if (kind == "libur") {
      h.kind = Holiday::Kind::kLibur;
    } else if (kind == "cuti_bersama") {
      h.kind = Holiday::Kind::kCutiBersama;
    } else {
      return Bad(kpath, absl::StrCat("unknown kind '", kind, "' (expected libur or cuti_bersama)"));
    }
    out.push_back(std::move(h));
  }
  return absl::OkStatus();
}

}  // namespace lintas::config::yaml

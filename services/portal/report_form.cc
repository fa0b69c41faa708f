#include "services/portal/report_form.h"

#include <algorithm>
#include <array>

#include "absl/strings/numbers.h"
#include "services/portal/text_cat.h"

namespace lintas::portal {
namespace {

constexpr std::array<std::string_view, 24> kFieldNames{
    "kategori",   "kabupaten",        "kecamatan",   "desa",       "kapan",    "pekerja_nama",
    "pekerja_jk", "pekerja_negara",   "pekerja_hp",  "calo1_nama", "calo1_hp", "calo1_janji",
    "calo2_nama", "calo2_hp",         "calo2_janji", "cerita",     "pelapor",  "pelapor_nama",
    "pelapor_hp", "pelapor_hubungan", "token",       "situs",      "langkah",  "lang"};

constexpr CategoryChoice kCategories[] = {
    {"calo", core::Category::kIllegalRecruitment, core::Severity::kMedium},
    {"tanpa_dokumen", core::Category::kNonProceduralDeparture, core::Severity::kMedium},
    {"masalah_di_luar_negeri", core::Category::kStrandedOrAbusedAbroad, core::Severity::kHigh},
    {"meninggal", core::Category::kDeceasedRepatriation, core::Severity::kHigh},
    {"dokumen_palsu", core::Category::kDocumentFraud, core::Severity::kMedium},
    {"lainnya", core::Category::kOther, core::Severity::kMedium},
};

constexpr std::string_view kCountries[] = {"MY", "SG", "HK", "TW", "SA", "AE", "BN",
                                           "KR", "JP", "QA", "KW", "OM", "TL", "AU"};

constexpr int kBrokerSlots = 2;

}  // namespace

std::span<const CategoryChoice> CategoryChoices() {
  return kCategories;
}

std::span<const std::string_view> CountryChoices() {
  return kCountries;
}

std::string_view ReportForm::Get(std::string_view name) const {
  const auto it = values.find(name);
  return it == values.end() ? std::string_view() : std::string_view(it->second);
}

ReportForm ReportForm::FromFields(const http::FormFields& fields) {
  ReportForm form;
  for (const auto& [name, value] : fields) {
    if (std::find(kFieldNames.begin(), kFieldNames.end(), name) == kFieldNames.end()) continue;
    form.values.emplace(name, value);  // keeps the first
  }
  return form;
}

core::Case BuildCase(const ReportForm& form, const core::RegionDirectory& regions,
                     std::string_view regions_root, FormErrors& errors) {
  core::Case c;
  c.channel = core::Channel::kPublicWeb;

  const std::string_view category = form.Get("kategori");
  const auto chosen = std::find_if(std::begin(kCategories), std::end(kCategories),
                                   [&](const CategoryChoice& k) { return k.value == category; });
  if (chosen == std::end(kCategories)) {
    errors.emplace("kategori", core::FieldViolation{"kategori", "Choose what happened."});
  } else {
    c.category = chosen->category;
    c.severity = chosen->severity;
  }

  // The deepest choice that lies under the one above it: a kecamatan left over from another
  // kabupaten (the reporter went back and changed it) is not used.
  std::string region;
  std::string parent(regions_root);
  for (std::string_view level : {"kabupaten", "kecamatan", "desa"}) {
    const std::string_view code = form.Get(level);
    if (code.empty() || core::RegionDirectory::ParentOf(code) != parent ||
        !regions.Contains(code)) {
      break;
    }
    region = parent = std::string(code);
  }
  if (region.empty()) {
    errors.emplace("kabupaten",
                   core::FieldViolation{"kabupaten", "Choose at least the kabupaten or kota."});
  }
  c.region_code = region;

  c.subject.full_name = std::string(form.Get("pekerja_nama"));
  c.subject.phone = std::string(form.Get("pekerja_hp"));
  const std::string_view sex = form.Get("pekerja_jk");
  if (sex == "p") {
    c.subject.sex = core::Sex::kFemale;
  } else if (sex == "l") {
    c.subject.sex = core::Sex::kMale;
  } else if (!sex.empty()) {
    errors.emplace("pekerja_jk", core::FieldViolation{"pekerja_jk", "Choose one of the options."});
  }
  const std::string_view country = form.Get("pekerja_negara");
  if (!country.empty() &&
      std::find(std::begin(kCountries), std::end(kCountries), country) == std::end(kCountries)) {
    errors.emplace("pekerja_negara",
                   core::FieldViolation{"pekerja_negara", "Choose one of the countries."});
  }
  c.subject.destination_country = std::string(country);
  // Where the worker comes from is what the village government needs for these categories; the
  // form's "where" question asks for the worker's home village or where it happened.
  if (c.category == core::Category::kNonProceduralDeparture ||
      c.category == core::Category::kDeceasedRepatriation) {
    c.subject.home_region_code = region;
  }

  std::string narrative(form.Get("cerita"));
  for (int i = 1; i <= kBrokerSlots; ++i) {
    const std::string prefix = Cat("calo", i, "_");
    core::ReportedPerson p;
    p.name = std::string(form.Get(prefix + "nama"));
    p.phone = std::string(form.Get(prefix + "hp"));
    const std::string_view promise = form.Get(prefix + "janji");
    if (p.name.empty() && p.phone.empty() && promise.empty()) continue;
    p.role = "calo";
    if (!promise.empty()) CatTo(&narrative, "\n\nJanji calo ", i, ": ", promise);
    c.reported_persons.push_back(std::move(p));
  }
  if (const std::string_view when = form.Get("kapan"); !when.empty() && !narrative.empty()) {
    CatTo(&narrative, "\n\nKapan: ", when);
  }
  c.narrative = std::move(narrative);

  const std::string_view mode = form.Get("pelapor");
  if (mode == "rahasia" || mode.empty()) {
    c.reporter.mode = core::ReporterMode::kConfidential;
  } else if (mode == "anonim") {
    c.reporter.mode = core::ReporterMode::kAnonymous;
  } else if (mode == "nama") {
    c.reporter.mode = core::ReporterMode::kNamed;
  } else {
    errors.emplace("pelapor", core::FieldViolation{"pelapor", "Choose one of the options."});
  }
  // An anonymous reporter's name and phone are dropped here, not refused: the form keeps the
  // boxes on the page, and someone who typed a name and then chose anonymous must stay anonymous.
  if (c.reporter.mode != core::ReporterMode::kAnonymous) {
    c.reporter.name = std::string(form.Get("pelapor_nama"));
    c.reporter.contact_phone = std::string(form.Get("pelapor_hp"));
  }
  c.reporter.relation = std::string(form.Get("pelapor_hubungan"));
  return c;
}

void MapViolations(const core::FieldViolations& violations, FormErrors& errors) {
  static constexpr std::pair<std::string_view, std::string_view> kPlaces[] = {
      {"case.category", "kategori"},
      {"case.severity", "kategori"},
      {"case.region_code", "kabupaten"},
      {"case.subject.full_name", "pekerja_nama"},
      {"case.subject.phone", "pekerja_hp"},
      {"case.subject.sex", "pekerja_jk"},
      {"case.subject.home_region_code", "kabupaten"},
      {"case.subject.destination_country", "pekerja_negara"},
      {"case.reported_persons", "calo1_nama"},
      {"case.reporter.mode", "pelapor"},
      {"case.reporter.name", "pelapor_nama"},
      {"case.reporter.contact_phone", "pelapor_hp"},
      {"case.reporter.relation", "pelapor_hubungan"},
      {"case.narrative", "cerita"},
      {"idempotency_key", "token"},
  };
  for (const core::FieldViolation& v : violations) {
    std::string field = "umum";
    for (const auto& [path, name] : kPlaces) {
      if (v.field == path) field = std::string(name);
    }
    // case.reported_persons[i] and its .name/.phone/.role: the slot's boxes (the role is ours).
    constexpr std::string_view kPersons = "case.reported_persons[";
    if (v.field.rfind(kPersons, 0) == 0) {
      int index = 0;
      const std::size_t close = v.field.find(']');
      if (close != std::string::npos &&
          absl::SimpleAtoi(v.field.substr(kPersons.size(), close - kPersons.size()), &index)) {
        const std::string slot = Cat("calo", index + 1, "_");
        const std::string_view rest = std::string_view(v.field).substr(close + 1);
        field = slot + (rest == ".phone" ? "hp" : "nama");
      }
    }
    errors.emplace(field, v);
  }
}

}  // namespace lintas::portal

#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>

#include "adapters/http/url_encoded.h"
#include "core/domain/case.h"
#include "core/domain/region_directory.h"
#include "core/errors/field_violation.h"

namespace lintas::portal {

// The report form's fields by their HTML names (kategori, kabupaten, ..., see report_form.cc).
// Unknown names are dropped; a repeated name keeps its first value. Pure: the fuzz target's
// entry point together with http::ParseUrlEncoded.
struct ReportForm {
  std::map<std::string, std::string, std::less<>> values;

  std::string_view Get(std::string_view name) const;
  static ReportForm FromFields(const http::FormFields& fields);
};

// Problems by form field name -> the violation (field path as the API names it, and its English
// description). The page shows the catalogue's sentence for the field in Bahasa Indonesia, and
// the description in English.
using FormErrors = std::map<std::string, core::FieldViolation, std::less<>>;

// The form as a case draft: channel PUBLIC_WEB, severity from the category, the region the
// deepest consistent choice of kabupaten/kota > kecamatan > desa under `regions_root`, when and
// the brokers' promises folded into the narrative (the case has no fields of their own).
// Choices the form offers but that came back unknown (a crafted request) are `errors`; the case
// rules themselves are core's (CaseIntake), whose violations MapViolations places.
core::Case BuildCase(const ReportForm& form, const core::RegionDirectory& regions,
                     std::string_view regions_root, FormErrors& errors);

// Core's violations ("case.subject.phone", "case.reported_persons[1].name") placed on the form
// field that shows them; the first one per field wins.
void MapViolations(const core::FieldViolations& violations, FormErrors& errors);

// The form's plain-word categories, in display order: HTML value -> case category.
struct CategoryChoice {
  std::string_view value;
  core::Category category;
  core::Severity severity;
};
std::span<const CategoryChoice> CategoryChoices();

// Destination countries the form offers (ISO 3166-1 alpha-2), in display order.
std::span<const std::string_view> CountryChoices();

}  // namespace lintas::portal

// The public portal's way in, on any request body: the url-encoded parser, the report form, the
// case built from it and the page that echoes it back. What must hold:
// - the parser accepts or refuses with INVALID_ARGUMENT, nothing else;
// - a form that passes the portal's and core's checks is a case in the offered region tree;
// - the page echoing the form escapes what was typed: rendering it with every <>"'& of the input
//   replaced by '~' (which no choice contains) gives the same number of '<' and '"', so no value
//   opened a tag or closed an attribute;
// - a tracking code typed in any field that reads as valid reads again to the same canonical form.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "adapters/http/url_encoded.h"
#include "core/portal/tracking_code.h"
#include "core/validation/case_validator.h"
#include "services/portal/pages.h"
#include "services/portal/report_form.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using lintas::portal::ReportForm;

constexpr std::string_view kRoot = "53";

const lintas::portal::Pages& PortalPages() {
  static const lintas::portal::Pages* const pages = [] {
    const auto& regions = lintas::fuzz::ShippedConfig().regions;
    lintas::portal::Pages::RegionList offered;
    for (const auto& r : regions.ChildrenOf(kRoot))
      offered.emplace_back(r.code, r.name);
    return new lintas::portal::Pages(regions, std::string(kRoot), std::move(offered));
  }();
  return *pages;
}

std::size_t Count(std::string_view text, char c) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), c));
}

void CheckEscaping(const ReportForm& form) {
  ReportForm defused = form;
  for (auto& [name, value] : defused.values) {
    std::replace_if(
        value.begin(), value.end(),
        [](char c) { return c == '<' || c == '>' || c == '"' || c == '\'' || c == '&'; }, '~');
  }
  for (auto lang : {lintas::portal::Lang::kId, lintas::portal::Lang::kEn}) {
    const std::string page = PortalPages().Report(lang, form, form.Get("token"), "", {});
    const std::string safe = PortalPages().Report(lang, defused, defused.Get("token"), "", {});
    if (Count(page, '<') != Count(safe, '<') || Count(page, '"') != Count(safe, '"')) {
      std::abort();
    }
  }
}

void CheckTrackingCodes(const ReportForm& form) {
  for (const auto& [name, value] : form.values) {
    std::string canonical;
    if (lintas::core::ParseTrackingCode(value, canonical) != lintas::core::TrackingCodeCheck::kOk) {
      continue;
    }
    std::string again;
    if (lintas::core::ParseTrackingCode(canonical, again) != lintas::core::TrackingCodeCheck::kOk ||
        again != canonical) {
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto fields = lintas::http::ParseUrlEncoded(body);
  if (!fields.ok()) {
    if (fields.status().code() != absl::StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  const ReportForm form = ReportForm::FromFields(*fields);
  const auto& config = lintas::fuzz::ShippedConfig();
  lintas::portal::FormErrors errors;
  const lintas::core::Case draft = BuildCase(form, config.regions, kRoot, errors);
  if (errors.empty()) {
    auto checked =
        lintas::core::ValidateSubmission("fuzz-token", draft, config.regions, config.intake.limits);
    if (checked.ok() && (!config.regions.Contains(checked->region_code) ||
                         !checked->region_code.starts_with(std::string(kRoot) + "."))) {
      std::abort();
    }
  }
  CheckEscaping(form);
  CheckTrackingCodes(form);
  return 0;
}

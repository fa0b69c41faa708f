#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/domain/region_directory.h"
#include "services/portal/messages.h"
#include "services/portal/report_form.h"

namespace lintas::portal {

// Renders the portal's pages from the templates (services/portal/templates) and the message
// catalogue. Every value from the request is escaped by the template; nothing here reads I/O.
class Pages {
 public:
  using RegionList = std::vector<std::pair<std::string, std::string>>;
  // `offered`: the regions under `regions_root`, (code, name) sorted by code.
  Pages(const core::RegionDirectory& regions, std::string regions_root, RegionList offered)
      : regions_(regions), root_(std::move(regions_root)), offered_(std::move(offered)) {}

  // The report form with what was typed, a message on top (a catalogue key, or empty) and the
  // errors next to their fields.
  std::string Report(Lang lang, const ReportForm& form, std::string_view token,
                     std::string_view top_message, const FormErrors& errors) const;
  // The tracking code, shown once.
  std::string Sent(Lang lang, std::string_view code) const;
  // The status form; `code_error` a catalogue key next to the box, `result` ready markup.
  std::string Check(Lang lang, std::string_view token, std::string_view typed_code,
                    std::string_view code_error, std::string_view result_html) const;

 private:
  std::string Layout(Lang lang, std::string_view title_key, std::string_view path,
                     std::string body) const;
  std::string RegionOptions(Lang lang, std::string_view parent, std::string_view chosen,
                            bool parent_chosen) const;

  const core::RegionDirectory& regions_;
  const std::string root_;
  const RegionList offered_;
};

std::string_view LangQuery(Lang lang);  // "" or "?lang=en"

}  // namespace lintas::portal

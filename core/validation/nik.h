#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lintas::core {

// What the structure of a NIK (Nomor Induk Kependudukan) says: PP KK CC DDMMYY SSSS.
struct NikInfo {
  std::string region_prefix;  // "530104": where it was first registered (may predate today's codes)
  int birth_day = 0;          // 1-31, with the +40 for women removed
  int birth_month = 0;        // 1-12
  int birth_year_2d = 0;      // 0-99: the century is not encoded
  bool female = false;        // day field was 41-71
};

// Checks the structure of a NIK: 16 digits; a province 11-99, regency and district 01-99; a
// real calendar day (41-71 for women); a serial 0001-9999. The region prefix is checked for
// form only, never against today's region list (a NIK keeps the code of where it was issued).
// On failure returns nullopt and sets `reason` to a sentence for the caller.
std::optional<NikInfo> ParseNik(std::string_view nik, std::string& reason);

}  // namespace lintas::core

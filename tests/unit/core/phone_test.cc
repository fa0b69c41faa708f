#include "core/validation/phone.h"

#include <gtest/gtest.h>

#include <string>

namespace lintas::core {
namespace {

std::optional<std::string> Normalize(std::string_view raw) {
  std::string reason;
  auto out = NormalizeIndonesianMobile(raw, reason);
  if (out) {
    EXPECT_TRUE(reason.empty()) << reason;
  }
  return out;
}

// The reason `raw` is refused (fails the test when it is accepted).
std::string ReasonFor(std::string_view raw) {
  std::string reason;
  EXPECT_FALSE(NormalizeIndonesianMobile(raw, reason).has_value()) << raw;
  EXPECT_FALSE(reason.empty()) << raw;
  return reason;
}

bool Mentions(const std::string& reason, std::string_view what) {
  return reason.find(what) != std::string::npos;
}

struct Accepted {
  const char* raw;
  const char* e164;
};

TEST(PhoneTest, AcceptsTheCommonWritings) {
  for (const auto& [raw, e164] : {
           Accepted{"081234567890", "+6281234567890"},
           Accepted{"0812-3456-7890", "+6281234567890"},
           Accepted{"0812 3456 7890", "+6281234567890"},
           Accepted{"0812.3456.7890", "+6281234567890"},
           Accepted{"(0812) 3456-7890", "+6281234567890"},
           Accepted{"6281234567890", "+6281234567890"},
           Accepted{"62 812 3456 7890", "+6281234567890"},
           Accepted{"+6281234567890", "+6281234567890"},
           Accepted{"+62 812 3456 7890", "+6281234567890"},
           Accepted{"+62-812-3456-7890", "+6281234567890"},
           Accepted{"(+62) 812-3456-7890", "+6281234567890"},
           Accepted{"0852 1111 2222", "+6285211112222"},  // Telkomsel
           Accepted{"0857-3900-1122", "+6285739001122"},  // Indosat
           Accepted{"0878 1234 5678", "+6287812345678"},  // XL
           Accepted{"0838-1234-567", "+628381234567"},    // Axis
           Accepted{"0896 1234 5678", "+6289612345678"},  // Tri
           Accepted{"0881 2345 6789", "+6288123456789"},  // Smartfren
           Accepted{"0821 1234 5678", "+6282112345678"},
           Accepted{"0831 2345 678", "+628312345678"},
       }) {
    SCOPED_TRACE(raw);
    EXPECT_EQ(Normalize(raw), std::optional<std::string>(e164));
  }
}

TEST(PhoneTest, LengthBounds) {
  // 9 to 12 digits after the 0: 10 to 13 in the 08... form.
  EXPECT_EQ(Normalize("0812345678"), "+62812345678");        // 10: shortest
  EXPECT_EQ(Normalize("0812345678901"), "+62812345678901");  // 13: longest
  EXPECT_EQ(Normalize("62812345678901"), "+62812345678901");
  EXPECT_TRUE(Mentions(ReasonFor("081234567"), "too short"));  // 9
  EXPECT_TRUE(Mentions(ReasonFor("0812"), "too short"));
  EXPECT_TRUE(Mentions(ReasonFor("+6281234567"), "too short"));
  EXPECT_TRUE(Mentions(ReasonFor("08123456789012"), "too long"));  // 14
  EXPECT_TRUE(Mentions(ReasonFor("+62 812 3456 7890 12"), "too long"));
}

TEST(PhoneTest, RefusesServiceAndNonMobileRanges) {
  EXPECT_TRUE(Mentions(ReasonFor("0800-1000"), "080"));  // the Halo TKI hotline
  EXPECT_TRUE(Mentions(ReasonFor("0800 1234 5678"), "080"));
  EXPECT_TRUE(Mentions(ReasonFor("0809 1234 5678"), "080"));
  EXPECT_TRUE(Mentions(ReasonFor("+62 809 1234 5678"), "080"));
  EXPECT_TRUE(Mentions(ReasonFor("0841 2345 6789"), "084"));
  EXPECT_TRUE(Mentions(ReasonFor("6284123456789"), "084"));
  // Landlines: Jakarta 021, Kupang 0380.
  EXPECT_TRUE(Mentions(ReasonFor("(021) 2924-4800"), "not an Indonesian mobile number"));
  EXPECT_TRUE(Mentions(ReasonFor("0212345678"), "not an Indonesian mobile number"));
  EXPECT_TRUE(Mentions(ReasonFor("0380-821234"), "not an Indonesian mobile number"));
  EXPECT_TRUE(Mentions(ReasonFor("+62 21 29244800"), "not an Indonesian mobile number"));
  // Emergency numbers.
  EXPECT_TRUE(Mentions(ReasonFor("112"), "must start with"));
  EXPECT_TRUE(Mentions(ReasonFor("110"), "must start with"));
}

TEST(PhoneTest, RefusesOtherCountriesAndUnclearPrefixes) {
  EXPECT_TRUE(Mentions(ReasonFor("+60 12-345 6789"), "+62"));  // Malaysia
  EXPECT_TRUE(Mentions(ReasonFor("+65 9123 4567"), "+62"));    // Singapore
  EXPECT_TRUE(Mentions(ReasonFor("+62 0812 3456 7890"), "leading 0"));
  EXPECT_TRUE(Mentions(ReasonFor("81234567890"), "must start with"));  // no 0 and no 62
}

TEST(PhoneTest, RefusesLettersAndStrayCharacters) {
  for (const char* raw :
       {"0812-3456-789O", "0812 CALL ME", "phone: 081234567890", "0812/3456/7890", "0812_3456_7890",
        "++6281234567890", "0812+34567890", "081234567890#", "0812\t3456\t7890",
        "\xef\xbc\x90\xef\xbc\x98\xef\xbc\x91\xef\xbc\x92"}) {  // fullwidth
    SCOPED_TRACE(raw);
    EXPECT_TRUE(Mentions(ReasonFor(raw), "may contain only digits"));
  }
  EXPECT_TRUE(Mentions(ReasonFor(""), "must contain digits"));
  EXPECT_TRUE(Mentions(ReasonFor(" - ( ) "), "must contain digits"));
}

TEST(PhoneTest, ReasonsNeverQuoteTheNumber) {
  for (const char* raw : {"081234567", "0800-1234-5678", "0841 2345 6789", "0380821234",
                          "+60123456789", "08123456789012"}) {
    const std::string reason = ReasonFor(raw);
    EXPECT_FALSE(Mentions(reason, "234567")) << reason;
  }
}

}  // namespace
}  // namespace lintas::core

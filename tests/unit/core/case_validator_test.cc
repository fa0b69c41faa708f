#include "core/validation/case_validator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "core/errors/field_violation.h"

namespace lintas::core {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAreArray;

// Real Kemendagri codes from NTT (FIELD-FACTS §1). Malaka's district 53.21.01 is left out on
// purpose: a village may be listed without its district.
RegionDirectory NttRegions() {
  RegionDirectory regions;
  for (const auto& [code, name] : std::vector<std::pair<std::string, std::string>>{
           {"53", "Provinsi Nusa Tenggara Timur"},
           {"53.01", "Kabupaten Kupang"},
           {"53.01.04", "Semau"},
           {"53.02", "Kabupaten Timor Tengah Selatan"},
           {"53.02.01.2012", "Kuatae"},
           {"53.04", "Kabupaten Belu"},
           {"53.18.01.2003", "Karuni"},
           {"53.21", "Kabupaten Malaka"},
           {"53.21.01.2006", "Wehali"},
           {"53.71", "Kota Kupang"},
           {"53.71.01", "Alak"},
           {"53.71.01.1001", "Namosain"},
           {"53.71.04.1010", "Liliba"},
       }) {
    regions.Add(code, name);
  }
  return regions;
}

// A valid trafficking case that also carries every per-category field, so that changing only
// the category never makes it invalid.
Case ValidCase() {
  Case c;
  c.category = Category::kTrafficking;
  c.severity = Severity::kHigh;
  c.region_code = "53.71.01";
  c.channel = Channel::kHotline;
  c.subject.full_name = "Maria Goreti Seran";
  c.subject.nik = "5321014508990001";  // Malaka Tengah, a woman born 5 Aug (19)99
  c.subject.phone = "0812-3456-7890";
  c.subject.sex = Sex::kFemale;
  c.subject.home_region_code = "53.21.01.2006";
  c.subject.destination_country = "MY";
  c.subject.needs_support = true;
  c.reported_persons = {{"Yohanes Bria", "+62 852 1111 2222", "", "calo"}};
  c.reporter = {ReporterMode::kConfidential, "Agustina Seran", "0813 9876 5432", "family"};
  c.narrative =
      "Berangkat ke Malaysia lewat Atambua tanpa dokumen.\n"
      "Dijanjikan kerja di kebun sawit; keluarga tidak bisa menghubunginya sejak Maret.";
  return c;
}

std::vector<std::string> FieldsOf(const FieldViolations& violations) {
  std::vector<std::string> fields;
  for (const auto& v : violations)
    fields.push_back(v.field);
  return fields;
}

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i)
    out += s;
  return out;
}

class CaseValidatorTest : public ::testing::Test {
 protected:
  Case Normalize(const Case& in, FieldViolations& violations,
                 std::string_view path_prefix = "case") {
    return NormalizeNewCase(in, regions_, limits_, path_prefix, violations);
  }

  RegionDirectory regions_ = NttRegions();
  CaseLimits limits_;
};

// ---------------------------------------------------------------------------------------------
// One mutation of the valid case, and exactly the violations it must produce.

struct BadInput {
  std::string name;
  std::function<void(Case&)> mutate;
  std::vector<std::string> fields;
};

std::ostream& operator<<(std::ostream& os, const BadInput& b) {
  return os << b.name;
}

std::vector<BadInput> BadInputs() {
  return {
      // Common required fields and enums.
      {"CategoryUnspecified",
       [](Case& c) { c.category = Category::kUnspecified; },
       {"case.category"}},
      {"CategoryUnknown",
       [](Case& c) { c.category = static_cast<Category>(99); },
       {"case.category"}},
      {"SeverityUnspecified",
       [](Case& c) { c.severity = Severity::kUnspecified; },
       {"case.severity"}},
      {"SeverityUnknown",
       [](Case& c) { c.severity = static_cast<Severity>(7); },
       {"case.severity"}},
      {"ChannelUnspecified", [](Case& c) { c.channel = Channel::kUnspecified; }, {"case.channel"}},
      {"ChannelUnknown", [](Case& c) { c.channel = static_cast<Channel>(42); }, {"case.channel"}},
      {"ChannelNegative", [](Case& c) { c.channel = static_cast<Channel>(-1); }, {"case.channel"}},

      // Region code: missing, malformed, unknown.
      {"RegionCodeMissing", [](Case& c) { c.region_code.clear(); }, {"case.region_code"}},
      {"RegionCodeBlank", [](Case& c) { c.region_code = "  \t"; }, {"case.region_code"}},
      {"RegionCodeBpsForm", [](Case& c) { c.region_code = "5371"; }, {"case.region_code"}},
      {"RegionCodeShortVillage",
       [](Case& c) { c.region_code = "53.71.01.100"; },
       {"case.region_code"}},
      {"RegionCodeLetters", [](Case& c) { c.region_code = "NTT"; }, {"case.region_code"}},
      {"RegionCodeUnknownRegency", [](Case& c) { c.region_code = "53.99"; }, {"case.region_code"}},
      {"RegionCodeUnknownVillage",
       [](Case& c) { c.region_code = "53.71.01.1999"; },
       {"case.region_code"}},

      // Subject.
      {"SubjectNameMissing",
       [](Case& c) { c.subject.full_name.clear(); },
       {"case.subject.full_name"}},
      {"SubjectNameTooLong",
       [](Case& c) { c.subject.full_name = Repeat("\xc3\xa9", 201); },
       {"case.subject.full_name"}},
      {"SubjectNameWithLineBreak",
       [](Case& c) { c.subject.full_name = "Maria\nSeran"; },
       {"case.subject.full_name"}},
      {"SubjectNameInvalidUtf8",
       [](Case& c) { c.subject.full_name = "Maria \xc3\x28"; },
       {"case.subject.full_name"}},
      {"SubjectNik15Digits",
       [](Case& c) { c.subject.nik = "532101450899001"; },
       {"case.subject.nik"}},
      {"SubjectNikDay32",
       [](Case& c) { c.subject.nik = "5321013208990001"; },
       {"case.subject.nik"}},
      {"SubjectNikLetterO",
       [](Case& c) { c.subject.nik = "53210145O8990001"; },
       {"case.subject.nik"}},
      {"SubjectNikSerialZero",
       [](Case& c) { c.subject.nik = "5321014508990000"; },
       {"case.subject.nik"}},
      {"SubjectMaleWithFemaleNik",
       [](Case& c) { c.subject.sex = Sex::kMale; },
       {"case.subject.nik"}},
      {"SubjectFemaleWithMaleNik",
       [](Case& c) { c.subject.nik = "5321010508990001"; },
       {"case.subject.nik"}},
      {"SubjectSexUnknown",
       [](Case& c) { c.subject.sex = static_cast<Sex>(9); },
       {"case.subject.sex"}},
      {"SubjectPhoneLandline",
       [](Case& c) { c.subject.phone = "0380-821234"; },
       {"case.subject.phone"}},
      {"SubjectPhoneTollFree",
       [](Case& c) { c.subject.phone = "0800-1000"; },
       {"case.subject.phone"}},
      {"SubjectPhone084",
       [](Case& c) { c.subject.phone = "0841 2345 6789"; },
       {"case.subject.phone"}},
      {"SubjectPhoneMalaysian",
       [](Case& c) { c.subject.phone = "+60 12-345 6789"; },
       {"case.subject.phone"}},
      {"HomeRegionMalformed",
       [](Case& c) { c.subject.home_region_code = "53-21-01"; },
       {"case.subject.home_region_code"}},
      {"HomeRegionUnknown",
       [](Case& c) { c.subject.home_region_code = "53.04.06"; },
       {"case.subject.home_region_code"}},
      {"DestinationLowerCase",
       [](Case& c) { c.subject.destination_country = "my"; },
       {"case.subject.destination_country"}},
      {"DestinationAlpha3",
       [](Case& c) { c.subject.destination_country = "MYS"; },
       {"case.subject.destination_country"}},
      {"DestinationDigits",
       [](Case& c) { c.subject.destination_country = "60"; },
       {"case.subject.destination_country"}},
      {"DestinationName",
       [](Case& c) { c.subject.destination_country = "Malaysia"; },
       {"case.subject.destination_country"}},

      // Reported persons.
      {"ReportedPersonWithRoleOnly",
       [](Case& c) {
         c.reported_persons[0] = {"", "", "", "calo"};
       },
       {"case.reported_persons[0]"}},
      {"ReportedPersonBlank",
       [](Case& c) {
         c.reported_persons[0] = {"  ", " \t", "", ""};
       },
       {"case.reported_persons[0]"}},
      {"SecondReportedPersonShortPhone",
       [](Case& c) {
         c.reported_persons.push_back({"Om Lius", "0812", "", "sponsor"});
       },
       {"case.reported_persons[1].phone"}},
      {"ReportedPersonBadNik",
       [](Case& c) { c.reported_persons[0].nik = "5371011713850001"; },
       {"case.reported_persons[0].nik"}},
      {"ReportedPersonRoleTooLong",
       [](Case& c) { c.reported_persons[0].role = Repeat("x", 65); },
       {"case.reported_persons[0].role"}},
      {"ReportedPersonNameControl",
       [](Case& c) { c.reported_persons[0].name = "Yohanes\a"; },
       {"case.reported_persons[0].name"}},
      {"TooManyReportedPersons",
       [](Case& c) {
         const ReportedPerson valid = c.reported_persons[0];
         c.reported_persons.assign(21, valid);
       },
       {"case.reported_persons"}},

      // Reporter.
      {"ReporterModeUnspecified",
       [](Case& c) { c.reporter.mode = ReporterMode::kUnspecified; },
       {"case.reporter.mode"}},
      {"ReporterModeUnknown",
       [](Case& c) { c.reporter.mode = static_cast<ReporterMode>(5); },
       {"case.reporter.mode"}},
      {"AnonymousWithName",
       [](Case& c) {
         c.reporter.mode = ReporterMode::kAnonymous;
         c.reporter.contact_phone.clear();
       },
       {"case.reporter.name"}},
      {"AnonymousWithPhone",
       [](Case& c) {
         c.reporter.mode = ReporterMode::kAnonymous;
         c.reporter.name.clear();
       },
       {"case.reporter.contact_phone"}},
      {"AnonymousWithNameAndPhone",
       [](Case& c) { c.reporter.mode = ReporterMode::kAnonymous; },
       {"case.reporter.name", "case.reporter.contact_phone"}},
      {"AnonymousWithInvalidPhone",
       [](Case& c) {
         c.reporter = {ReporterMode::kAnonymous, "", "not a number", "neighbour"};
       },
       {"case.reporter.contact_phone"}},
      {"ConfidentialWithoutName", [](Case& c) { c.reporter.name = " "; }, {"case.reporter.name"}},
      {"ConfidentialWithoutPhone",
       [](Case& c) { c.reporter.contact_phone.clear(); },
       {"case.reporter.contact_phone"}},
      {"NamedWithoutNameOrPhone",
       [](Case& c) {
         c.reporter = {ReporterMode::kNamed, "", "", "village official"};
       },
       {"case.reporter.name", "case.reporter.contact_phone"}},
      {"ReporterPhoneForeign",
       [](Case& c) { c.reporter.contact_phone = "+65 9123 4567"; },
       {"case.reporter.contact_phone"}},
      {"ReporterNameWithDel",
       [](Case& c) { c.reporter.name = "Agustina\x7f"; },
       {"case.reporter.name"}},
      {"ReporterRelationTooLong",
       [](Case& c) { c.reporter.relation = Repeat("keluarga ", 8); },
       {"case.reporter.relation"}},

      // Narrative.
      {"NarrativeMissing", [](Case& c) { c.narrative.clear(); }, {"case.narrative"}},
      {"NarrativeBlank", [](Case& c) { c.narrative = " \n\t\r\n "; }, {"case.narrative"}},
      {"NarrativeTooLong", [](Case& c) { c.narrative = Repeat("a", 8001); }, {"case.narrative"}},
      {"NarrativeNul",
       [](Case& c) { c.narrative = std::string("ada\0apa", 7); },
       {"case.narrative"}},
      {"NarrativeBell", [](Case& c) { c.narrative += "\x01"; }, {"case.narrative"}},
      {"NarrativeLoneCarriageReturn",
       [](Case& c) { c.narrative = "baris satu\rbaris dua"; },
       {"case.narrative"}},
      {"NarrativeC1Control",
       [](Case& c) { c.narrative = "baris\xc2\x85satu"; },
       {"case.narrative"}},
      {"NarrativeOverlongSlash", [](Case& c) { c.narrative = "a\xc0\xaf"; }, {"case.narrative"}},
      {"NarrativeSurrogate", [](Case& c) { c.narrative = "a\xed\xa0\x80"; }, {"case.narrative"}},
      {"NarrativeAboveUnicode",
       [](Case& c) { c.narrative = "a\xf4\x90\x80\x80"; },
       {"case.narrative"}},
      {"NarrativeTruncatedSequence",
       [](Case& c) { c.narrative = "harga Rp\xe2\x82"; },
       {"case.narrative"}},
      {"NarrativeLatin1", [](Case& c) { c.narrative = "S\xe3o Paulo"; }, {"case.narrative"}},

      // Per-category required fields.
      {"IllegalRecruitmentWithoutReportedPerson",
       [](Case& c) {
         c.category = Category::kIllegalRecruitment;
         c.reported_persons.clear();
       },
       {"case.reported_persons"}},
      {"NonProceduralWithoutHomeRegion",
       [](Case& c) {
         c.category = Category::kNonProceduralDeparture;
         c.subject.home_region_code.clear();
       },
       {"case.subject.home_region_code"}},
      {"NonProceduralWithoutName",
       [](Case& c) {
         c.category = Category::kNonProceduralDeparture;
         c.subject.full_name.clear();
       },
       {"case.subject.full_name"}},
      {"StrandedWithoutDestination",
       [](Case& c) {
         c.category = Category::kStrandedOrAbusedAbroad;
         c.subject.destination_country.clear();
       },
       {"case.subject.destination_country"}},
      {"WageDisputeWithoutDestination",
       [](Case& c) {
         c.category = Category::kWageOrContractDispute;
         c.subject.destination_country = "  ";
       },
       {"case.subject.destination_country"}},
      {"DeceasedWithoutNameDestinationOrHome",
       [](Case& c) {
         c.category = Category::kDeceasedRepatriation;
         c.subject.full_name.clear();
         c.subject.destination_country.clear();
         c.subject.home_region_code.clear();
       },
       {"case.subject.full_name", "case.subject.home_region_code",
        "case.subject.destination_country"}},
      {"DocumentFraudWithoutName",
       [](Case& c) {
         c.category = Category::kDocumentFraud;
         c.subject.full_name.clear();
       },
       {"case.subject.full_name"}},
  };
}

class BadInputTest : public CaseValidatorTest, public ::testing::WithParamInterface<BadInput> {};

TEST_P(BadInputTest, ReportsExactlyTheBrokenFields) {
  Case c = ValidCase();
  GetParam().mutate(c);
  FieldViolations violations;
  Normalize(c, violations);
  EXPECT_THAT(FieldsOf(violations), UnorderedElementsAreArray(GetParam().fields));
  for (const auto& v : violations) {
    EXPECT_FALSE(v.description.empty()) << v.field;
    EXPECT_TRUE(v.description.ends_with('.')) << v.description;  // a sentence
  }
}

INSTANTIATE_TEST_SUITE_P(OneMutationEach, BadInputTest, ::testing::ValuesIn(BadInputs()),
                         [](const auto& info) { return info.param.name; });

TEST(BadInputTableTest, HasAtLeastThirtyDistinctRows) {
  const auto rows = BadInputs();
  EXPECT_GE(rows.size(), 30u);
  std::set<std::string> names;
  for (const auto& row : rows)
    EXPECT_TRUE(names.insert(row.name).second) << row.name;
}

// ---------------------------------------------------------------------------------------------

TEST_F(CaseValidatorTest, ValidCaseComesBackNormalised) {
  Case in = ValidCase();
  in.subject.full_name = "  Maria Goreti Seran\t";
  in.subject.nik = " 5321014508990001 ";
  in.subject.home_region_code = " 53.21.01.2006";
  in.subject.destination_country = "MY ";
  in.region_code = "53.71.01 ";
  in.reported_persons[0].role = " calo ";
  in.reporter.relation = "family\n";
  in.narrative = "\n  " + in.narrative + "  \n\n";
  // Output-only fields a caller may not set.
  in.id = "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07";
  in.status = CaseStatus::kResolved;
  in.version = 42;
  in.submitted_by = "polda-ntt";
  in.created_at = Timestamp(std::chrono::seconds(1'700'000'000));
  in.updated_at = Timestamp(std::chrono::seconds(1'700'000'001));

  FieldViolations violations;
  const Case out = Normalize(in, violations);
  EXPECT_THAT(violations, IsEmpty());

  EXPECT_EQ(out.category, Category::kTrafficking);
  EXPECT_EQ(out.severity, Severity::kHigh);
  EXPECT_EQ(out.channel, Channel::kHotline);
  EXPECT_EQ(out.region_code, "53.71.01");
  EXPECT_EQ(out.subject.full_name, "Maria Goreti Seran");
  EXPECT_EQ(out.subject.nik, "5321014508990001");
  EXPECT_EQ(out.subject.phone, "+6281234567890");
  EXPECT_EQ(out.subject.sex, Sex::kFemale);
  EXPECT_EQ(out.subject.home_region_code, "53.21.01.2006");
  EXPECT_EQ(out.subject.destination_country, "MY");
  EXPECT_TRUE(out.subject.needs_support);
  ASSERT_EQ(out.reported_persons.size(), 1u);
  EXPECT_EQ(out.reported_persons[0].name, "Yohanes Bria");
  EXPECT_EQ(out.reported_persons[0].phone, "+6285211112222");
  EXPECT_EQ(out.reported_persons[0].nik, "");
  EXPECT_EQ(out.reported_persons[0].role, "calo");
  EXPECT_EQ(out.reporter.mode, ReporterMode::kConfidential);
  EXPECT_EQ(out.reporter.name, "Agustina Seran");
  EXPECT_EQ(out.reporter.contact_phone, "+6281398765432");
  EXPECT_EQ(out.reporter.relation, "family");
  EXPECT_EQ(out.narrative, ValidCase().narrative);

  EXPECT_EQ(out.id, "");
  EXPECT_EQ(out.status, CaseStatus::kUnspecified);
  EXPECT_EQ(out.version, 0);
  EXPECT_EQ(out.submitted_by, "");
  EXPECT_EQ(out.created_at, Timestamp{});
  EXPECT_EQ(out.updated_at, Timestamp{});
}

TEST_F(CaseValidatorTest, NarrativeKeepsLineBreaksAndTabsAndFoldsCrlf) {
  Case in = ValidCase();
  in.narrative = "Baris satu\r\nBaris dua\n\tbaris tiga";
  FieldViolations violations;
  const Case out = Normalize(in, violations);
  EXPECT_THAT(violations, IsEmpty());
  EXPECT_EQ(out.narrative, "Baris satu\nBaris dua\n\tbaris tiga");
}

TEST_F(CaseValidatorTest, LengthsCountCodePointsNotBytes) {
  Case in = ValidCase();
  in.subject.full_name = Repeat("\xc3\xa9", 200);                 // 200 code points, 400 bytes
  in.reported_persons[0].name = Repeat("\xf0\x9f\x98\x80", 200);  // 200 emoji, 800 bytes
  in.reporter.relation = Repeat("\xe5\xae\xb6", 64);              // 64 CJK, 192 bytes
  in.narrative = Repeat("\xc3\xa9", 8000);
  FieldViolations violations;
  Normalize(in, violations);
  EXPECT_THAT(violations, IsEmpty());
}

TEST_F(CaseValidatorTest, OtherCategoryNeedsOnlyTheCommonFields) {
  Case in;
  in.category = Category::kOther;
  in.severity = Severity::kLow;
  in.region_code = "53";
  in.channel = Channel::kPublicWeb;
  in.reporter.mode = ReporterMode::kAnonymous;
  in.narrative = "Ada orang asing menawarkan kerja di luar negeri di kampung kami.";
  FieldViolations violations;
  const Case out = Normalize(in, violations);
  EXPECT_THAT(violations, IsEmpty());
  EXPECT_EQ(out.reporter.name, "");
  EXPECT_EQ(out.reporter.contact_phone, "");
}

TEST_F(CaseValidatorTest, IllegalRecruitmentNeedsAReportedPersonButNoSubject) {
  Case in = ValidCase();
  in.category = Category::kIllegalRecruitment;
  in.subject = Subject{};
  in.reported_persons = {{"", "0821-4455-6677", "", "perekrut lapangan"}};
  FieldViolations violations;
  const Case out = Normalize(in, violations);
  EXPECT_THAT(violations, IsEmpty());
  EXPECT_EQ(out.reported_persons[0].phone, "+6282144556677");
}

TEST_F(CaseValidatorTest, AnonymousReporterWithRelationPasses) {
  Case in = ValidCase();
  in.reporter = {ReporterMode::kAnonymous, "", "  ", "neighbour"};
  FieldViolations violations;
  const Case out = Normalize(in, violations);
  EXPECT_THAT(violations, IsEmpty());
  EXPECT_EQ(out.reporter.contact_phone, "");
  EXPECT_EQ(out.reporter.relation, "neighbour");
}

TEST_F(CaseValidatorTest, AnonymousIdentityIsNeverReturned) {
  Case in = ValidCase();
  in.reporter.mode = ReporterMode::kAnonymous;
  FieldViolations violations;
  const Case out = Normalize(in, violations);
  EXPECT_EQ(violations.size(), 2u);
  EXPECT_EQ(out.reporter.name, "");
  EXPECT_EQ(out.reporter.contact_phone, "");
}

TEST_F(CaseValidatorTest, SexMayBeLeftOutOrAgreeWithTheNik) {
  for (const auto& [nik, sex] : std::vector<std::pair<std::string, Sex>>{
           {"5321014508990001", Sex::kUnspecified},
           {"5321010508990001", Sex::kUnspecified},
           {"5321014508990001", Sex::kFemale},
           {"5321010508990001", Sex::kMale},
       }) {
    SCOPED_TRACE(nik);
    Case in = ValidCase();
    in.subject.nik = nik;
    in.subject.sex = sex;
    FieldViolations violations;
    Normalize(in, violations);
    EXPECT_THAT(violations, IsEmpty());
  }
}

TEST_F(CaseValidatorTest, NikPrefixNeedNotBeAKnownRegion) {
  // 53.04.06 was a Belu district before Malaka split off; the directory does not list it.
  Case in = ValidCase();
  in.subject.nik = "5304064508990001";
  in.reported_persons[0].nik = "5304061708850001";
  FieldViolations violations;
  Normalize(in, violations);
  EXPECT_THAT(violations, IsEmpty());
}

TEST_F(CaseValidatorTest, EveryProblemIsReportedAtOnce) {
  Case in;
  in.category = static_cast<Category>(99);
  in.region_code = "53.7";
  in.subject.nik = "123";
  in.subject.phone = "0800-1000";
  in.subject.destination_country = "malaysia";
  in.reported_persons = {{}, {"Om Lius", "", "", ""}, {"", "084123456789", "", ""}};
  in.reporter = {ReporterMode::kAnonymous, "Agustina", "", ""};
  FieldViolations violations;
  Normalize(in, violations);
  EXPECT_THAT(
      FieldsOf(violations),
      ElementsAre("case.category", "case.severity", "case.region_code", "case.channel",
                  "case.subject.nik", "case.subject.phone", "case.subject.destination_country",
                  "case.reported_persons[0]", "case.reported_persons[2].phone",
                  "case.reporter.name", "case.narrative"));
}

TEST_F(CaseValidatorTest, ReportedPersonsPastTheLimitAreNotCheckedOneByOne) {
  limits_.max_reported_persons = 2;
  Case in = ValidCase();
  in.reported_persons.assign(50, ReportedPerson{});
  FieldViolations violations;
  const Case out = Normalize(in, violations);
  EXPECT_THAT(FieldsOf(violations), ElementsAre("case.reported_persons", "case.reported_persons[0]",
                                                "case.reported_persons[1]"));
  EXPECT_EQ(out.reported_persons.size(), 2u);
}

TEST_F(CaseValidatorTest, LimitsComeFromCaseLimits) {
  limits_ = CaseLimits{.max_name_chars = 5,
                       .max_narrative_chars = 10,
                       .max_short_text_chars = 3,
                       .max_reported_persons = 1};
  Case in = ValidCase();
  in.subject.full_name = "Maria";
  in.reported_persons = {{"Yosef", "", "", "ca"}};
  in.reporter.name = "Agust";
  in.reporter.relation = "ibu";
  in.narrative = "0123456789";
  FieldViolations violations;
  Normalize(in, violations);
  EXPECT_THAT(violations, IsEmpty());

  in.subject.full_name = "Maria!";
  in.reported_persons.push_back({"Om", "", "", ""});
  in.reporter.relation = "kaka";
  in.narrative = "0123456789A";
  Normalize(in, violations);
  EXPECT_THAT(FieldsOf(violations),
              UnorderedElementsAreArray({"case.subject.full_name", "case.reported_persons",
                                         "case.reporter.relation", "case.narrative"}));
}

TEST_F(CaseValidatorTest, PathPrefixIsApplied) {
  Case in = ValidCase();
  in.subject.nik = "1";
  in.reported_persons[0].phone = "1";
  FieldViolations violations;
  Normalize(in, violations, "");
  EXPECT_THAT(FieldsOf(violations), ElementsAre("subject.nik", "reported_persons[0].phone"));
  violations.clear();
  Normalize(in, violations, "cases[3]");
  EXPECT_THAT(FieldsOf(violations),
              ElementsAre("cases[3].subject.nik", "cases[3].reported_persons[0].phone"));
}

TEST_F(CaseValidatorTest, DescriptionsNeverQuotePersonalData) {
  Case in = ValidCase();
  in.subject.nik = "5321014508990000";
  in.subject.phone = "0380-821234";
  in.subject.full_name = "Maria\tGoreti";
  in.reported_persons[0].phone = "0841 2345 6789";
  in.reporter.contact_phone = "+60 12 345 6789";
  FieldViolations violations;
  Normalize(in, violations);
  ASSERT_EQ(violations.size(), 5u);
  for (const auto& v : violations) {
    for (const char* secret : {"450899", "821234", "Maria", "2345", "6789"}) {
      EXPECT_EQ(v.description.find(secret), std::string::npos) << v.description;
    }
  }
}

// ---------------------------------------------------------------------------------------------

TEST(IdempotencyKeyTest, AcceptsKeysOfTheDocumentedForm) {
  for (const std::string& key :
       {std::string("abcd1234"), std::string("3f2b8c1e-9d4a-4b7e-8f00-1c2d3e4f5a6b"),
        std::string("bp3mi-ntt:case.2026_0001"), std::string(128, 'K'), std::string("A.B_C:D-E")}) {
    SCOPED_TRACE(key);
    FieldViolations violations;
    ValidateIdempotencyKey(key, "idempotency_key", violations);
    EXPECT_THAT(violations, IsEmpty());
  }
}

TEST(IdempotencyKeyTest, RefusesEverythingElse) {
  for (const std::string& key :
       {std::string(), std::string("abc1234"), std::string(129, 'K'), std::string("abcd 1234"),
        std::string(" abcd1234"), std::string("abcd1234\n"), std::string("abcd/1234"),
        std::string("kunci-\xc3\xa9t\xc3\xa9"), std::string("abcd+1234"),
        std::string("abcd\0"
                    "1234",
                    9)}) {
    SCOPED_TRACE(key);
    FieldViolations violations;
    ValidateIdempotencyKey(key, "request.idempotency_key", violations);
    ASSERT_EQ(violations.size(), 1u);
    EXPECT_EQ(violations[0].field, "request.idempotency_key");
    EXPECT_FALSE(violations[0].description.empty());
  }
}

TEST(ValidateSubmissionTest, ReturnsTheNormalisedCase) {
  const RegionDirectory regions = NttRegions();
  const auto out = ValidateSubmission("3f2b8c1e-9d4a-4b7e-8f00-1c2d3e4f5a6b", ValidCase(), regions,
                                      CaseLimits{});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->subject.phone, "+6281234567890");
  EXPECT_EQ(out->reporter.contact_phone, "+6281398765432");
}

TEST(ValidateSubmissionTest, InvalidArgumentCarriesEveryViolation) {
  const RegionDirectory regions = NttRegions();
  Case in = ValidCase();
  in.subject.nik = "5321014508990000";
  in.reported_persons[0].phone = "0800 1234 5678";
  in.narrative = "   ";
  const auto out = ValidateSubmission("short", in, regions, CaseLimits{});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(out.status().message().empty());

  const FieldViolations violations = ViolationsOf(out.status());
  EXPECT_THAT(FieldsOf(violations),
              ElementsAre("idempotency_key", "case.subject.nik", "case.reported_persons[0].phone",
                          "case.narrative"));

  // The same list NormalizeNewCase collects, descriptions included.
  FieldViolations direct;
  ValidateIdempotencyKey("short", "idempotency_key", direct);
  NormalizeNewCase(in, regions, CaseLimits{}, "case", direct);
  EXPECT_EQ(violations, direct);
}

TEST(ValidateSubmissionTest, AKeyProblemAloneIsEnoughToRefuse) {
  const RegionDirectory regions = NttRegions();
  const auto out = ValidateSubmission("", ValidCase(), regions, CaseLimits{});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldsOf(ViolationsOf(out.status())), ElementsAre("idempotency_key"));
}

}  // namespace
}  // namespace lintas::core

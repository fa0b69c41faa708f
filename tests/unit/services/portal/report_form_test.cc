#include "services/portal/report_form.h"

#include <gtest/gtest.h>

#include "adapters/http/url_encoded.h"
#include "core/validation/case_validator.h"
#include "services/portal/page_template.h"
#include "services/portal/pages.h"

namespace lintas::portal {
namespace {

core::RegionDirectory Regions() {
  core::RegionDirectory d;
  d.Add("53", "Nusa Tenggara Timur");
  d.Add("53.71", "Kota Kupang");
  d.Add("53.01", "Kabupaten Kupang");
  d.Add("53.71.01", "Alak");
  d.Add("53.71.01.1001", "Alak");
  d.Add("53.01.01", "Semau");
  return d;
}

Pages::RegionList Offered() {
  return {{"53.01", "Kabupaten Kupang"},
          {"53.01.01", "Semau"},
          {"53.71", "Kota Kupang"},
          {"53.71.01", "Alak"},
          {"53.71.01.1001", "Alak"}};
}

ReportForm Form(std::string_view body) {
  auto fields = http::ParseUrlEncoded(body);
  EXPECT_TRUE(fields.ok()) << fields.status();
  return ReportForm::FromFields(*fields);
}

TEST(UrlEncodedTest, DecodesPlusPercentAndEmptyValues) {
  auto fields = http::ParseUrlEncoded("a=1+2&b=%C3%A9t%C3%A9&c=&d&&e=%2B%26");
  ASSERT_TRUE(fields.ok());
  const http::FormFields expected{
      {"a", "1 2"}, {"b", "\xC3\xA9t\xC3\xA9"}, {"c", ""}, {"d", ""}, {"e", "+&"}};
  EXPECT_EQ(*fields, expected);
}

TEST(UrlEncodedTest, BrokenEscapesAndTooManyFieldsAreErrors) {
  EXPECT_FALSE(http::ParseUrlEncoded("a=%").ok());
  EXPECT_FALSE(http::ParseUrlEncoded("a=%4").ok());
  EXPECT_FALSE(http::ParseUrlEncoded("a=%zz").ok());
  EXPECT_FALSE(http::ParseUrlEncoded("a=1&b=2&c=3", 2).ok());
  EXPECT_TRUE(http::ParseUrlEncoded("a=1&b=2", 2).ok());
}

TEST(UrlEncodedTest, EncodeRoundTrips) {
  const std::string text = "Nama: Ina & Ama / 100% +62";
  auto fields = http::ParseUrlEncoded("x=" + http::UrlEncode(text));
  ASSERT_TRUE(fields.ok());
  EXPECT_EQ((*fields)[0].second, text);
}

TEST(ReportFormTest, KeepsKnownFieldsAndTheFirstOfARepeat) {
  const ReportForm form = Form("kategori=calo&kategori=meninggal&unknown=x&cerita=a");
  EXPECT_EQ(form.Get("kategori"), "calo");
  EXPECT_EQ(form.Get("cerita"), "a");
  EXPECT_EQ(form.Get("unknown"), "");
  EXPECT_EQ(form.values.size(), 2u);
}

TEST(ReportFormTest, BuildsAPublicWebCaseWithTheDeepestConsistentRegion) {
  const core::RegionDirectory regions = Regions();
  FormErrors errors;
  const core::Case c = BuildCase(
      Form("kategori=calo&kabupaten=53.71&kecamatan=53.71.01&desa=53.71.01.1001&cerita=Ada+calo"
           "&kapan=Maret+2026&calo1_nama=Pak+X&calo1_hp=081234567890&calo1_janji=Kerja+di+Malaysia"
           "&pelapor=anonim&pelapor_nama=Typed+before&pelapor_hp=0812"),
      regions, "53", errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(c.channel, core::Channel::kPublicWeb);
  EXPECT_EQ(c.category, core::Category::kIllegalRecruitment);
  EXPECT_EQ(c.severity, core::Severity::kMedium);
  EXPECT_EQ(c.region_code, "53.71.01.1001");
  ASSERT_EQ(c.reported_persons.size(), 1u);
  EXPECT_EQ(c.reported_persons[0].name, "Pak X");
  EXPECT_EQ(c.narrative, "Ada calo\n\nJanji calo 1: Kerja di Malaysia\n\nKapan: Maret 2026");
  // Chose anonymous after typing a name: the name is dropped, never sent.
  EXPECT_EQ(c.reporter.mode, core::ReporterMode::kAnonymous);
  EXPECT_EQ(c.reporter.name, "");
  EXPECT_EQ(c.reporter.contact_phone, "");
  // Core accepts it as it is.
  EXPECT_TRUE(core::ValidateSubmission("f1.token.ok", c, regions, {}).ok());
}

TEST(ReportFormTest, AKecamatanFromAnotherKabupatenIsNotUsed) {
  FormErrors errors;
  const core::Case c = BuildCase(Form("kategori=lainnya&kabupaten=53.01&kecamatan=53.71.01"),
                                 Regions(), "53", errors);
  EXPECT_EQ(c.region_code, "53.01");
}

TEST(ReportFormTest, ConfidentialIsTheDefault) {
  FormErrors errors;
  const core::Case c =
      BuildCase(Form("kategori=lainnya&kabupaten=53.01&pelapor_nama=Ina"), Regions(), "53", errors);
  EXPECT_EQ(c.reporter.mode, core::ReporterMode::kConfidential);
  EXPECT_EQ(c.reporter.name, "Ina");
}

TEST(ReportFormTest, CraftedChoicesAreFieldErrors) {
  FormErrors errors;
  BuildCase(Form("kategori=bogus&kabupaten=99.99&pekerja_jk=x&pekerja_negara=ZZ&pelapor=x"),
            Regions(), "53", errors);
  for (const char* field : {"kategori", "kabupaten", "pekerja_jk", "pekerja_negara", "pelapor"}) {
    EXPECT_TRUE(errors.contains(field)) << field;
  }
}

TEST(ReportFormTest, CoreViolationsLandOnTheirBoxes) {
  FormErrors errors;
  MapViolations({{"case.subject.phone", "bad phone"},
                 {"case.reported_persons", "needs one"},
                 {"case.reported_persons[1].phone", "bad"},
                 {"case.reported_persons[1]", "empty"},
                 {"case.reporter.contact_phone", "required"},
                 {"case.narrative", "required"},
                 {"case.subject.nik", "no box for it"}},
                errors);
  EXPECT_EQ(errors.at("pekerja_hp").description, "bad phone");
  EXPECT_EQ(errors.at("calo1_nama").description, "needs one");
  EXPECT_EQ(errors.at("calo2_hp").description, "bad");
  EXPECT_EQ(errors.at("calo2_nama").description, "empty");
  EXPECT_EQ(errors.at("pelapor_hp").description, "required");
  EXPECT_EQ(errors.at("cerita").description, "required");
  EXPECT_EQ(errors.at("umum").field, "case.subject.nik");
}

TEST(TemplateTest, EscapesUnlessTripleBraced) {
  EXPECT_EQ(RenderTemplate("<p>{{a}}|{{{b}}}|{{missing}}</p>",
                           {{"a", "<script>\"'&"}, {"b", "<b>ok</b>"}}),
            "<p>&lt;script&gt;&quot;&#39;&amp;|<b>ok</b>|</p>");
  EXPECT_EQ(RenderTemplate("{{unclosed", {}), "{{unclosed");
}

TEST(PagesTest, TheFormKeepsWhatWasTypedShowsErrorsAndStaysSmall) {
  const core::RegionDirectory regions = Regions();
  const Pages pages(regions, "53", Offered());
  FormErrors errors;
  errors.emplace("pelapor_hp", core::FieldViolation{"case.reporter.contact_phone", "required"});
  const std::string html =
      pages.Report(Lang::kId, Form("cerita=%3Cb%3EHalo%3C%2Fb%3E&kabupaten=53.71&pelapor_hp=08"),
                   "f1.tok", "", errors);
  EXPECT_NE(html.find("&lt;b&gt;Halo&lt;/b&gt;</textarea>"), std::string::npos);
  EXPECT_NE(html.find("value=\"f1.tok\""), std::string::npos);
  EXPECT_NE(html.find("<option value=\"53.71\" selected>Kota Kupang</option>"), std::string::npos);
  EXPECT_NE(html.find("<option value=\"53.71.01\">Alak</option>"), std::string::npos);
  EXPECT_NE(html.find(EscapeHtml(Msg(Lang::kId, "field.pelapor_hp"))), std::string::npos);
  EXPECT_NE(html.find(std::string(Msg(Lang::kId, "form.fix"))), std::string::npos);
  EXPECT_NE(html.find("id=\"pelapor-rahasia\" name=\"pelapor\" value=\"rahasia\" checked"),
            std::string::npos);
  // CSP: no inline script; the one script is the region search, a static file from here.
  std::size_t scripts = 0;
  for (std::size_t at = html.find("<script"); at != std::string::npos;
       at = html.find("<script", at + 1)) {
    EXPECT_EQ(html.compare(at, 38, "<script src=\"/static/portal.js\" defer>"), 0)
        << html.substr(at, 60);
    ++scripts;
  }
  EXPECT_EQ(scripts, 1u);
  EXPECT_EQ(html.find("style="), std::string::npos);  // CSP: no inline style
  EXPECT_LT(html.size() + PortalTemplate("portal.css").size() + PortalTemplate("portal.js").size(),
            30u * 1024);
}

TEST(PagesTest, EnglishIsALinkAway) {
  const core::RegionDirectory regions = Regions();
  const Pages pages(regions, "53", Offered());
  const std::string id = pages.Report(Lang::kId, {}, "t", "", {});
  const std::string en = pages.Report(Lang::kEn, {}, "t", "", {});
  EXPECT_NE(id.find("<html lang=\"id\">"), std::string::npos);
  EXPECT_NE(id.find("href=\"/lapor?lang=en\""), std::string::npos);
  EXPECT_NE(en.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(en.find(std::string(Msg(Lang::kEn, "submit"))), std::string::npos);
}

}  // namespace
}  // namespace lintas::portal

#include "services/portal/pages.h"

#include <algorithm>

#include "services/portal/page_template.h"
#include "services/portal/text_cat.h"

namespace lintas::portal {
namespace {

std::string Option(std::string_view value, std::string_view label, bool selected) {
  return Cat("<option value=\"", EscapeHtml(value), "\"", selected ? " selected" : "", ">",
             EscapeHtml(label), "</option>");
}

std::string Error(Lang lang, const FormErrors& errors, std::string_view field) {
  const auto it = errors.find(field);
  if (it == errors.end()) return {};
  const std::string key = Cat("field.", field);
  std::string text(Msg(lang, key));
  // The English page adds the API's own words: precise, and the same as an agency gets.
  if (lang == Lang::kEn && it->second.field != field) {
    CatTo(&text, " (", it->second.description, ")");
  }
  return Cat("<p class=\"error\" id=\"err-", field, "\">", EscapeHtml(text), "</p>");
}

// A radio button with its label and an optional hint sentence.
std::string Radio(std::string_view name, std::string_view value, std::string_view label,
                  std::string_view hint, bool checked) {
  const std::string id = Cat(name, "-", value);
  return Cat("<div class=\"choice\"><input type=\"radio\" id=\"", id, "\" name=\"", name,
             "\" value=\"", value, "\"", checked ? " checked" : "", "><label for=\"", id, "\">",
             EscapeHtml(label), hint.empty() ? "" : Cat("<small>", EscapeHtml(hint), "</small>"),
             "</label></div>");
}

}  // namespace

std::string_view LangQuery(Lang lang) {
  return lang == Lang::kEn ? "?lang=en" : "";
}

std::string Pages::Layout(Lang lang, std::string_view title_key, std::string_view path,
                          std::string body) const {
  const bool en = lang == Lang::kEn;
  return RenderTemplate(PortalTemplate("layout.html"),
                        {{"lang", en ? "en" : "id"},
                         {"title", Cat(Msg(lang, title_key), " · Lintas")},
                         {"description", std::string(Msg(lang, "description"))},
                         {"lang_query", std::string(LangQuery(lang))},
                         {"nav_report", std::string(Msg(lang, "nav.report"))},
                         {"nav_check", std::string(Msg(lang, "nav.check"))},
                         {"other_lang_href", Cat(path, en ? "" : "?lang=en")},
                         {"other_lang", en ? "id" : "en"},
                         {"other_lang_name", en ? "Bahasa Indonesia" : "English"},
                         {"footer", std::string(Msg(lang, "footer"))},
                         {"body", std::move(body)}});
}

std::string Pages::RegionOptions(Lang lang, std::string_view parent, std::string_view chosen,
                                 bool parent_chosen) const {
  if (!parent_chosen) return Option("", Msg(lang, "choose.region_first"), true);
  std::string out = Option("", Msg(lang, "choose"), chosen.empty());
  // One level under `parent`: the codes that start "<parent>." and have no further dot.
  const std::string prefix = Cat(parent, ".");
  for (auto it = std::lower_bound(offered_.begin(), offered_.end(),
                                  std::pair<std::string, std::string>(prefix, ""));
       it != offered_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    if (it->first.find('.', prefix.size()) != std::string::npos) continue;
    CatTo(&out, Option(it->first, it->second, it->first == chosen));
  }
  return out;
}

std::string Pages::Report(Lang lang, const ReportForm& form, std::string_view token,
                          std::string_view top_message, const FormErrors& errors) const {
  TemplateValues v;
  for (const auto& [name, value] : form.values)
    v["v_" + name] = value;
  for (std::string_view field :
       {"kategori", "kabupaten", "cerita", "pekerja_nama", "pekerja_jk", "pekerja_negara",
        "pekerja_hp", "pelapor", "pelapor_nama", "pelapor_hp", "pelapor_hubungan"}) {
    v[Cat("err_", field)] = Error(lang, errors, field);
  }
  std::string top(top_message);
  if (top.empty() && !errors.empty()) top = "form.fix";
  if (!top.empty()) {
    v["form_error"] = Cat("<p class=\"error\" role=\"alert\">", EscapeHtml(Msg(lang, top)), "</p>",
                          Error(lang, errors, "umum"), Error(lang, errors, "token"));
  }
  v["token"] = std::string(token);
  v["lang"] = lang == Lang::kEn ? "en" : "id";
  v["lang_query"] = std::string(LangQuery(lang));

  std::string categories;
  for (const CategoryChoice& c : CategoryChoices()) {
    CatTo(&categories, Radio("kategori", c.value, Msg(lang, Cat("cat.", c.value)), "",
                             form.Get("kategori") == c.value));
  }
  v["category_options"] = std::move(categories);

  // Step by step without JavaScript: each list is filled once the one above is chosen (the
  // "Pilih wilayah" button sends the form back with the choice so far).
  const std::string_view regency = form.Get("kabupaten");
  const std::string_view district = form.Get("kecamatan");
  const bool regency_ok =
      regions_.Contains(regency) && core::RegionDirectory::ParentOf(regency) == root_;
  const bool district_ok = regency_ok && regions_.Contains(district) &&
                           core::RegionDirectory::ParentOf(district) == regency;
  v["regency_options"] = RegionOptions(lang, root_, regency, true);
  v["district_options"] = RegionOptions(lang, regency, district, regency_ok);
  v["village_options"] = RegionOptions(lang, district, form.Get("desa"), district_ok);

  const std::string_view sex = form.Get("pekerja_jk");
  v["sex_options"] =
      Cat(Option("", Msg(lang, "unknown"), sex.empty()),
          Option("p", Msg(lang, "sex.p"), sex == "p"), Option("l", Msg(lang, "sex.l"), sex == "l"));
  std::string countries = Option("", Msg(lang, "unknown"), form.Get("pekerja_negara").empty());
  for (std::string_view c : CountryChoices()) {
    CatTo(&countries, Option(c, c, form.Get("pekerja_negara") == c));
  }
  v["country_options"] = std::move(countries);

  std::string brokers;
  for (int i = 1; i <= 2; ++i) {
    const std::string p = Cat("calo", i, "_");
    auto box = [&](std::string_view suffix, std::string_view label, std::string_view extra) {
      const std::string name = p + std::string(suffix);
      return Cat(Error(lang, errors, name), "<label for=\"", name, "\">", Msg(lang, "broker.n"),
                 " ", i, ": ", EscapeHtml(label), "</label><input id=\"", name, "\" name=\"", name,
                 "\" value=\"", EscapeHtml(form.Get(name)), "\"", extra, " autocomplete=\"off\">");
    };
    CatTo(&brokers, box("nama", Msg(lang, "name"), ""),
          box("hp", Msg(lang, "phone"), " inputmode=\"tel\""),
          box("janji", Msg(lang, "promise"), ""));
  }
  v["broker_slots"] = std::move(brokers);

  const std::string_view mode = form.Get("pelapor");
  std::string modes;
  for (std::string_view m : {"rahasia", "anonim", "nama"}) {
    const bool checked = mode == m || (mode.empty() && m == "rahasia");
    CatTo(&modes, Radio("pelapor", m, Msg(lang, Cat("mode.", m)),
                        Msg(lang, Cat("mode.", m, ".hint")), checked));
  }
  v["reporter_options"] = std::move(modes);

  for (const auto& [slot, key] : std::initializer_list<std::pair<const char*, const char*>>{
           {"heading", "report.heading"},
           {"intro", "report.intro"},
           {"honeypot_label", "honeypot"},
           {"what_legend", "what"},
           {"where_legend", "where"},
           {"where_hint", "where.hint"},
           {"where_hint_js", "where.hint.js"},
           {"regency_label", "regency"},
           {"district_label", "district"},
           {"village_label", "village"},
           {"region_step", "region.step"},
           {"search_label", "search"},
           {"search_none", "search.none"},
           {"search_more", "search.more"},
           {"search_error", "search.error"},
           {"regions_notice", "regions.notice"},
           {"regions_download", "regions.download"},
           {"when_legend", "when.legend"},
           {"when_label", "when"},
           {"story_legend", "story"},
           {"story_label", "story.label"},
           {"worker_legend", "worker"},
           {"optional_hint", "optional"},
           {"name_label", "name"},
           {"sex_label", "sex"},
           {"country_label", "country"},
           {"phone_label", "phone"},
           {"broker_legend", "broker"},
           {"reporter_legend", "reporter"},
           {"reporter_name_label", "reporter.name"},
           {"reporter_phone_label", "reporter.phone"},
           {"relation_label", "relation"},
           {"submit", "submit"}}) {
    v[slot] = std::string(Msg(lang, key));
  }
  return Layout(lang, "title.report", "/lapor", RenderTemplate(PortalTemplate("lapor.html"), v));
}

std::string Pages::Sent(Lang lang, std::string_view code) const {
  return Layout(lang, "title.sent", "/lapor",
                RenderTemplate(PortalTemplate("terkirim.html"),
                               {{"heading", std::string(Msg(lang, "title.sent"))},
                                {"intro", std::string(Msg(lang, "sent.intro"))},
                                {"code", std::string(code)},
                                {"write_down", std::string(Msg(lang, "sent.write_down"))},
                                {"next", std::string(Msg(lang, "sent.next"))},
                                {"check_link", std::string(Msg(lang, "sent.check"))},
                                {"lang_query", std::string(LangQuery(lang))}}));
}

std::string Pages::Check(Lang lang, std::string_view token, std::string_view typed_code,
                         std::string_view code_error, std::string_view result_html) const {
  std::string error;
  if (!code_error.empty()) {
    error = Cat("<p class=\"error\" id=\"err-kode\" role=\"alert\">",
                EscapeHtml(Msg(lang, code_error)), "</p>");
  }
  return Layout(lang, "title.check", "/cek",
                RenderTemplate(PortalTemplate("cek.html"),
                               {{"heading", std::string(Msg(lang, "check.heading"))},
                                {"token", std::string(token)},
                                {"err_kode", std::move(error)},
                                {"code_label", std::string(Msg(lang, "check.code"))},
                                {"v_kode", std::string(typed_code)},
                                {"submit", std::string(Msg(lang, "check.submit"))},
                                {"result", std::string(result_html)},
                                {"lang_query", std::string(LangQuery(lang))}}));
}

}  // namespace lintas::portal

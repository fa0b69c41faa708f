// The conversation on /cek (services/portal/conversation_page): who wrote, in which order, in
// WITA; every value escaped; the form's hidden code and token; a problem next to the box with
// the typed text kept, in Bahasa Indonesia first and English on the English page.
#include "services/portal/conversation_page.h"

#include <gtest/gtest.h>

#include <chrono>

namespace lintas::portal {
namespace {

using Author = core::ConversationMessage::Author;

// 2026-12-03 06:05 UTC: 14.05 in Kupang.
const core::Timestamp kAt =
    core::Timestamp{} + std::chrono::sys_days{std::chrono::year{2026} / 12 / 3}.time_since_epoch() +
    std::chrono::hours(6) + std::chrono::minutes(5);

std::vector<core::ConversationMessage> TwoMessages() {
  return {{"1-0", Author::kReporter, "", "Calo <b>datang</b>\nlagi", kAt},
          {"2-0", Author::kAgency, "bp3mi-ntt", "Di desa mana?", kAt + std::chrono::hours(12)}};
}

TEST(ConversationPage, TimesAreInWitaAcrossMidnight) {
  EXPECT_EQ(WitaTime(kAt), "03-12-2026 14.05 WITA");
  EXPECT_EQ(WitaTime(kAt + std::chrono::hours(12)), "04-12-2026 02.05 WITA");
}

TEST(ConversationPage, SaysWhoWroteInOrderAndNeverTheAgency) {
  const std::string html =
      ConversationHtml(Lang::kId, TwoMessages(), "7KQ2XM-9TRV4H-8NPW3C", "f1.tok", {});
  const std::size_t mine = html.find("<p class=\"who\">Anda · 03-12-2026 14.05 WITA</p>");
  const std::size_t theirs = html.find("<p class=\"who\">Petugas BP3MI · 04-12-2026 02.05 WITA");
  ASSERT_NE(mine, std::string::npos) << html;
  ASSERT_NE(theirs, std::string::npos) << html;
  EXPECT_LT(mine, theirs);
  EXPECT_EQ(html.find("bp3mi-ntt"), std::string::npos);
  EXPECT_NE(html.find("Calo &lt;b&gt;datang&lt;/b&gt;<br>lagi"), std::string::npos) << html;
  EXPECT_NE(html.find("name=\"kode\" value=\"7KQ2XM-9TRV4H-8NPW3C\""), std::string::npos);
  EXPECT_NE(html.find("name=\"token\" value=\"f1.tok\""), std::string::npos);
  EXPECT_NE(html.find("maxlength=\"2000\""), std::string::npos);
  EXPECT_EQ(html.find("err-pesan"), std::string::npos);
}

TEST(ConversationPage, AProblemIsNextToTheBoxAndTheTextIsKept) {
  MessageFormState form;
  form.error_key = "pesan.long";
  form.typed = "teks <panjang>";
  const std::string id = ConversationHtml(Lang::kId, {}, "C", "T", form);
  EXPECT_NE(id.find("Belum ada pesan."), std::string::npos);
  EXPECT_NE(id.find("id=\"err-pesan\" role=\"alert\">Pesan terlalu panjang"), std::string::npos);
  EXPECT_NE(id.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_NE(id.find(">teks &lt;panjang&gt;</textarea>"), std::string::npos) << id;
  const std::string en = ConversationHtml(Lang::kEn, {}, "C", "T", form);
  EXPECT_NE(en.find("The message is too long"), std::string::npos);
  for (const char* key : {"pesan.empty", "pesan.invalid", "pesan.limit", "pesan.expired"}) {
    EXPECT_NE(Msg(Lang::kId, key), key);
    EXPECT_NE(Msg(Lang::kEn, key), Msg(Lang::kId, key)) << key;
  }
}

TEST(ConversationPage, OnlyTheNewestTenAreShownAndTheOthersCounted) {
  std::vector<core::ConversationMessage> many;
  for (int i = 0; i < 25; ++i)
    many.push_back({"p", Author::kReporter, "", "pesan-" + std::to_string(i) + ".", kAt});
  const std::string html = ConversationHtml(Lang::kId, many, "C", "T", {});
  EXPECT_EQ(html.find("pesan-14."), std::string::npos);
  EXPECT_NE(html.find("pesan-15."), std::string::npos);
  EXPECT_NE(html.find("pesan-24."), std::string::npos);
  EXPECT_NE(html.find("tidak ditampilkan di sini: 15."), std::string::npos) << html;
  // Ten messages of 2000 characters still make a page of about 25 kB with the rest of /cek.
  std::vector<core::ConversationMessage> longest(
      10, {"p", Author::kReporter, "", std::string(core::kMaxConversationMessageChars, 'a'), kAt});
  EXPECT_LT(ConversationHtml(Lang::kId, longest, "C", "T", {}).size(), 22u * 1024);
}

}  // namespace
}  // namespace lintas::portal

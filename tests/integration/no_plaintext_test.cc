// After cases with known personal values are stored, none of those values appears in clear in
// any key, hash field, stream entry or the AOF on disk.
#include "core/conversation/reporter_conversation.h"
#include "core/referral/enforcement_commands.h"
#include "core/referral/referral_commands.h"
#include "core/routing/case_routing.h"
#include "services/common/conversation_reader.h"
#include "tests/integration/store_fixture.h"
#include "tests/support/redis_dump.h"

namespace lintas::testing {
namespace {

TEST_F(StoreTest, NoPersonalValueIsStoredInClear) {
  struct Person {
    std::string name, nik, phone;
  };
  const std::vector<Person> people = {
      {"Maria Goreti Seran", "5321014507950001", "+6281234567890"},
      {"Yosefina Bete Klau", "5302015203990002", "+6285237771234"},
      {"Paulus Nahak Mau", "5321011210880003", "+6281339998888"},
  };
  std::vector<std::string> needles;
  std::vector<std::string> ids;
  for (size_t i = 0; i < people.size(); ++i) {
    const std::string key = "agency-a\nleak-" + std::to_string(i);
    core::Case c = NewCase(key, "Korban " + people[i].name + " dijemput calo.");
    c.subject.full_name = people[i].name;
    c.subject.nik = people[i].nik;
    c.subject.phone = people[i].phone;
    c.reported_persons[0].nik = people[(i + 1) % people.size()].nik;
    ASSERT_TRUE(Create(c, key).ok());
    ids.push_back(c.id);
    for (const auto& v : {people[i].name, people[i].nik, people[i].phone})
      needles.push_back(v);
    needles.push_back(people[i].phone.substr(3));  // the national digits alone
  }
  for (const auto& v : {std::string("Yohanes Calo Bria"), std::string("+6281398765432"),
                        std::string("Agustina Luruk"), std::string("+6285311112222")}) {
    needles.push_back(v);
  }

  const RedisDump dump = DumpEverything(*redis_);
  ASSERT_GE(dump.types.size(), 3u * 3u) << "expected the stored cases to be there";
  for (const auto& needle : needles) {
    const auto where = WhereIn(dump, needle);
    EXPECT_TRUE(where.empty()) << "'" << needle << "' found in clear in " << where.front();
  }
  const std::string on_disk = ReadAllFilesUnder(redis_->dir());
  ASSERT_FALSE(on_disk.empty()) << "the AOF should hold the writes";
  for (const auto& needle : needles) {
    EXPECT_EQ(on_disk.find(needle), std::string::npos) << "'" << needle << "' in the AOF";
  }
  // The values do come back through the store: the scan above looked at the real data.
  for (size_t i = 0; i < ids.size(); ++i) {
    auto got = Get(ids[i]);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(got->subject.nik, people[i].nik);
  }
}

// The free text agencies type later (referral reasons and outcomes, enforcement notes, triage
// reasons) and the conversation with a portal reporter are sealed like a name: not in the case
// snapshot, the partition stream, the case's timeline or the AOF.
TEST_F(StoreTest, NoFreeTextOfLaterChangesIsStoredInClear) {
  const std::string key = "agency-a\nleak-free-text";
  core::Case c = NewCase(key, "Diberangkatkan lewat Atapupu.");
  c.channel = core::Channel::kPublicWeb;  // a portal case: its reporter may write
  ASSERT_TRUE(Create(c, key).ok());
  const auto apply = [&](const absl::StatusOr<core::CaseChange>& change) {
    EXPECT_TRUE(change.ok()) << change.status();
    if (!change.ok()) return;
    auto applied = Await<bool>([&](auto done) { store_->Apply(*change, "", std::move(done)); });
    EXPECT_TRUE(applied.ok() && *applied) << applied.status();
    c = change->after;
  };
  const auto agency = [](std::string id, core::AgencyKind kind, std::string area) {
    core::Agency a;
    a.id = std::move(id);
    a.kind = kind;
    a.jurisdiction = {std::move(area)};
    return a;
  };
  const core::Agency polres = agency("polres-malaka", core::AgencyKind::kPolice, "53.21");
  const core::Agency shelter = agency("sinode-gmit", core::AgencyKind::kFaithOrganisation, "53.21");
  const core::Agency bp3mi = agency("bp3mi-ntt", core::AgencyKind::kProtectionAgency, "53");
  const core::Timestamp now = c.updated_at + std::chrono::seconds(1);
  apply(core::RouteCase(c,
                        {{core::ReferralPurpose::kEnforcement, polres.id, "rule",
                          core::Deadline{core::Deadline::Unit::kHours, 24}},
                         {core::ReferralPurpose::kVictimSupport, shelter.id, "rule",
                          core::Deadline{core::Deadline::Unit::kHours, 24}}},
                        {}, core::WorkingCalendar{}, now));
  const std::vector<std::string> texts = {
      "Rumah aman Soe penuh sampai Desember",           // shelter's reject reason
      "Menunggu hasil visum dari rumah sakit Betun",    // police hold reason
      "Tersangka diamankan di perbatasan Motaain",      // enforcement note
      "Berkas perkara sudah dilimpahkan ke kejaksaan",  // police completion outcome
      "Korban sudah kembali ke keluarga di Wehali",     // BP3MI's closing reason
      "Calo itu tinggal di belakang gereja Halilulik",  // the reporter's message
      "Terima kasih, apakah Ibu mengenal keluarganya",  // BP3MI's answer
  };
  using A = core::ReferralAction;
  apply(core::ActOnReferral(c, "r2", A::kReject, shelter, texts[0], "", now));
  apply(core::ActOnReferral(c, "r1", A::kAccept, polres, "", "", now));
  apply(core::ActOnReferral(c, "r1", A::kStart, polres, "", "", now));
  apply(core::ActOnReferral(c, "r1", A::kHold, polres, texts[1], "", now));
  apply(core::ActOnReferral(c, "r1", A::kResume, polres, "", "", now));
  apply(core::ReportEnforcementAction(c, "r1", core::EnforcementActionKind::kSuspectArrested,
                                      "LP/B/7/XI/2026", texts[2], polres, now));
  apply(core::ActOnReferral(c, "r1", A::kComplete, polres, "", texts[3], now));
  apply(core::AddReporterMessage(c, texts[5], 0, now));
  apply(core::AnswerReporter(c, texts[6], bp3mi, now));
  apply(core::TriageCase(c, core::CaseTriagedEvent::Decision::kClose, texts[4], "", bp3mi, now));

  const RedisDump dump = DumpEverything(*redis_);
  const auto partition = *core::PartitionOfCaseId(c.id);
  const redis::KeyLayout keys(prefix_);
  ASSERT_EQ(dump.types.count(keys.Timeline(partition, c.id)), 1u);
  ASSERT_GE(dump.values.at(keys.Timeline(partition, c.id)).size(), 3u * 10u)
      << "every event is in the timeline";
  ASSERT_EQ(dump.types.count(keys.Case(partition, c.id)), 1u);
  const std::string on_disk = ReadAllFilesUnder(redis_->dir());
  for (const auto& text : texts) {
    const auto where = WhereIn(dump, text);
    EXPECT_TRUE(where.empty()) << "'" << text << "' found in clear in " << where.front();
    EXPECT_EQ(on_disk.find(text), std::string::npos) << "'" << text << "' in the AOF";
  }
  // They were stored: the store opens them again.
  auto got = Get(c.id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->referrals[1].reason, texts[0]);
  EXPECT_EQ(got->referrals[0].outcome, texts[3]);
  ASSERT_EQ(got->enforcement_actions.size(), 1u);
  EXPECT_EQ(got->enforcement_actions[0].note, texts[2]);
  EXPECT_EQ(got->triage_reason, texts[4]);
  services::ConversationReader reader(*redis_client_, redis::KeyLayout(prefix_), *cipher_);
  auto conversation = reader.Read(c.id, "", 10);
  ASSERT_TRUE(conversation.ok()) << conversation.status();
  ASSERT_EQ(conversation->messages.size(), 2u);
  EXPECT_EQ(conversation->messages[0].text, texts[5]);
  EXPECT_EQ(conversation->messages[1].text, texts[6]);
  EXPECT_EQ(conversation->messages[1].agency, bp3mi.id);
  EXPECT_TRUE(conversation->next_page_token.empty());
  // A page of one resumes after it.
  auto first = reader.Read(c.id, "", 1);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->messages.size(), 1u);
  auto rest = reader.Read(c.id, first->next_page_token, 1);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->messages.size(), 1u);
  EXPECT_EQ(rest->messages[0].text, texts[6]);
}

}  // namespace
}  // namespace lintas::testing

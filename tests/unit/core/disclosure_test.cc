// Redaction by need to know (core/access/disclosure.h): DisclosureFor over viewer roles ×
// referral purpose × referral status × reporter mode, ShowsFreeTextOf, Redact and
// PersonalFieldsIn.
#include "core/access/disclosure.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/intake/case_intake.h"
#include "core/util/string_view.h"

namespace lintas::core {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kCaseId[] = "01JDQ3K6Y8V1T8R2M4N5P6Q7R8-07";
const Timestamp kAt = Timestamp{} + std::chrono::hours(24 * 20000);

Agency MakeAgency(std::string id, AgencyKind kind, std::vector<std::string> jurisdiction) {
  Agency a;
  a.id = std::move(id);
  a.kind = kind;
  a.jurisdiction = std::move(jurisdiction);
  return a;
}

const Agency kBp3mi = MakeAgency("bp3mi-ntt", AgencyKind::kProtectionAgency, {"53"});
const Agency kBp3miNtb = MakeAgency("bp3mi-ntb", AgencyKind::kProtectionAgency, {"52"});
const Agency kSubmitter = MakeAgency("j-ruk", AgencyKind::kNgo, {"53"});
const Agency kHolder = MakeAgency("polres-malaka", AgencyKind::kPolice, {"53.21"});
const Agency kOtherHolder = MakeAgency("sinode-gmit", AgencyKind::kFaithOrganisation, {"53.21"});
const Agency kStranger = MakeAgency("rumah-perempuan-kupang", AgencyKind::kNgo, {"53"});
const Agency kPoldaNoReferral = MakeAgency("polda-ntt", AgencyKind::kPolice, {"53"});

Referral MakeReferral(std::string id, ReferralPurpose purpose, std::string target,
                      ReferralStatus status) {
  Referral r;
  r.id = std::move(id);
  r.case_id = kCaseId;
  r.purpose = purpose;
  r.target_agency = std::move(target);
  r.requested_by = "routing";
  r.status = status;
  r.requested_at = r.updated_at = kAt;
  return r;
}

// A trafficking case in Malaka with every personal field set (values from FIELD-FACTS: a valid
// NIK of Malaka Tengah, Telkomsel numbers), submitted by an NGO.
Case FullCase(ReporterMode mode = ReporterMode::kConfidential) {
  Case c;
  c.id = kCaseId;
  c.category = Category::kTrafficking;
  c.severity = Severity::kHigh;
  c.region_code = "53.21.01.2006";
  c.channel = Channel::kAgencySystem;
  c.subject = {"Maria Goreti Seran",
               "5321014507950001",
               "+6281234567890",
               Sex::kFemale,
               "53.21.01.2006",
               "MY",
               true};
  c.reported_persons = {{"Yohanes Calo Bria", "+6281398765432", "5321011210880003", "calo"},
                        {"Paulus Sponsor", "+6285237771234", "", "sponsor"}};
  c.reporter = {mode, "Agustina Luruk", "+6285311112222", "kakak"};
  if (mode == ReporterMode::kAnonymous) c.reporter.name = c.reporter.contact_phone = "";
  c.narrative = "Dijanjikan kerja di restoran, diberangkatkan lewat Atambua tanpa dokumen.";
  c.status = CaseStatus::kReferred;
  c.version = 4;
  c.submitted_by = kSubmitter.id;
  c.created_at = c.updated_at = kAt;
  return c;
}

// ---- DisclosureFor: a referral holder, by purpose × status × reporter mode -----------------

// What one referral of a purpose gives its holder, from the table in disclosure.h.
struct PurposeRule {
  ReferralPurpose purpose;
  bool contact_once_accepted;  // name, NIK and phone
  bool name_once_accepted;     // the name only
  bool reported_persons;       // from REQUESTED on
};

const PurposeRule kPurposeRules[] = {
    {ReferralPurpose::kEnforcement, true, true, true},
    {ReferralPurpose::kVictimSupport, true, true, false},
    {ReferralPurpose::kRepatriation, true, true, false},
    {ReferralPurpose::kReintegration, false, true, false},
    {ReferralPurpose::kDocumentVerification, false, true, false},
    {ReferralPurpose::kPreventionOutreach, false, false, false},
    {ReferralPurpose::kInformation, false, false, false},
    {ReferralPurpose::kTriage, false, false, false},
};

struct StatusRule {
  ReferralStatus status;
  bool accepted;  // ACCEPTED or later (not REJECTED or CANCELLED)
  bool declined;  // REJECTED or CANCELLED
};

const StatusRule kStatusRules[] = {
    {ReferralStatus::kRequested, false, false}, {ReferralStatus::kReceived, false, false},
    {ReferralStatus::kAccepted, true, false},   {ReferralStatus::kInProgress, true, false},
    {ReferralStatus::kOnHold, true, false},     {ReferralStatus::kCompleted, true, false},
    {ReferralStatus::kFailed, true, false},     {ReferralStatus::kRejected, false, true},
    {ReferralStatus::kCancelled, false, true},
};

const ReporterMode kModes[] = {ReporterMode::kAnonymous, ReporterMode::kConfidential,
                               ReporterMode::kNamed};

std::string Describe(const Disclosure& d) {
  return absl::StrCat("{name ", d.subject_name, ", contact ", d.subject_contact, ", reported ",
                      d.reported_persons, ", reporter ", d.reporter_identity, ", narrative ",
                      d.narrative, ", all free text ", d.all_free_text, "}");
}

TEST(DisclosureFor, AReferralHolderSeesWhatItsReferralNeeds) {
  int rows = 0;
  for (const PurposeRule& p : kPurposeRules) {
    for (const StatusRule& s : kStatusRules) {
      for (ReporterMode mode : kModes) {
        Case c = FullCase(mode);
        c.referrals = {MakeReferral("r1", p.purpose, kHolder.id, s.status),
                       // Someone else's accepted enforcement referral gives the holder nothing.
                       MakeReferral("r2", ReferralPurpose::kEnforcement, kOtherHolder.id,
                                    ReferralStatus::kInProgress)};
        const Disclosure d = DisclosureFor(kHolder, c);
        const std::string where = absl::StrCat(AsAbsl(ReferralPurposeName(p.purpose)), " ",
                                               AsAbsl(ReferralStatusName(s.status)), " mode ",
                                               static_cast<int>(mode), ": ", Describe(d));
        ASSERT_TRUE(MayView(kHolder, c)) << where;
        EXPECT_EQ(d.subject_contact, p.contact_once_accepted && s.accepted) << where;
        EXPECT_EQ(d.subject_name, (p.contact_once_accepted || p.name_once_accepted) && s.accepted)
            << where;
        EXPECT_EQ(d.reported_persons, p.reported_persons && !s.declined) << where;
        EXPECT_EQ(d.narrative, !s.declined) << where;
        EXPECT_FALSE(d.all_free_text) << where;
        // A named reporter reaches every viewer; a confidential one never a referral holder.
        if (mode == ReporterMode::kNamed) {
          EXPECT_TRUE(d.reporter_identity) << where;
        }
        if (mode == ReporterMode::kConfidential) {
          EXPECT_FALSE(d.reporter_identity) << where;
        }
        ++rows;
      }
    }
  }
  EXPECT_EQ(rows, 8 * 9 * 3);
}

TEST(DisclosureFor, TheKindOfAHolderDoesNotMatterButProtectionAgency) {
  // The same accepted victim support referral, held by agencies of every kind but BP3MI's.
  for (AgencyKind kind :
       {AgencyKind::kPolice, AgencyKind::kProvincialGovernment, AgencyKind::kRegencyGovernment,
        AgencyKind::kVillageGovernment, AgencyKind::kNgo, AgencyKind::kFaithOrganisation,
        AgencyKind::kImmigration, AgencyKind::kLabourOffice}) {
    const Agency holder = MakeAgency("holder", kind, {"53.21"});
    Case c = FullCase(ReporterMode::kConfidential);
    c.referrals = {
        MakeReferral("r1", ReferralPurpose::kVictimSupport, holder.id, ReferralStatus::kAccepted)};
    const Disclosure d = DisclosureFor(holder, c);
    EXPECT_TRUE(d.subject_name && d.subject_contact && d.narrative) << AgencyKindName(kind);
    EXPECT_FALSE(d.reported_persons || d.reporter_identity || d.all_free_text)
        << AgencyKindName(kind);
  }
}

TEST(DisclosureFor, SeveralReferralsOfOneHolderAddUp) {
  Case c = FullCase();
  // Enforcement still waiting (reported persons, no contact) and victim support accepted
  // (contact): both.
  c.referrals = {
      MakeReferral("r1", ReferralPurpose::kEnforcement, kHolder.id, ReferralStatus::kRequested),
      MakeReferral("r2", ReferralPurpose::kVictimSupport, kHolder.id, ReferralStatus::kAccepted)};
  Disclosure d = DisclosureFor(kHolder, c);
  EXPECT_TRUE(d.reported_persons && d.subject_contact && d.subject_name && d.narrative)
      << Describe(d);

  // A rejected enforcement referral no longer shows the brokers, whatever else is held.
  c.referrals[0].status = ReferralStatus::kRejected;
  d = DisclosureFor(kHolder, c);
  EXPECT_FALSE(d.reported_persons) << Describe(d);
  EXPECT_TRUE(d.subject_contact) << Describe(d);

  // Only declined referrals: the holder may still look at the case, and sees next to nothing.
  c.referrals[1].status = ReferralStatus::kCancelled;
  ASSERT_TRUE(MayView(kHolder, c));
  d = DisclosureFor(kHolder, c);
  EXPECT_FALSE(d.subject_name || d.subject_contact || d.reported_persons || d.narrative ||
               d.reporter_identity || d.all_free_text)
      << Describe(d);
  // ... but a named reporter is public to everyone on the case.
  c.reporter.mode = ReporterMode::kNamed;
  EXPECT_TRUE(DisclosureFor(kHolder, c).reporter_identity);
}

// ---- DisclosureFor: BP3MI, the submitter, strangers ------------------------------------------

struct RoleRow {
  const char* name;
  const Agency* viewer;
  bool sees_anything;
  bool sees_confidential_reporter;
};

TEST(DisclosureFor, Bp3miSeesEverythingTheSubmitterAllButAConfidentialReporterStrangersNothing) {
  const RoleRow roles[] = {
      {"bp3mi in jurisdiction", &kBp3mi, true, true},
      {"submitter", &kSubmitter, true, false},
      {"stranger", &kStranger, false, false},
      {"police without a referral", &kPoldaNoReferral, false, false},
      {"bp3mi of another province", &kBp3miNtb, false, false},
  };
  for (const RoleRow& role : roles) {
    for (ReporterMode mode : kModes) {
      // Whatever referrals exist on the case (none of them the viewer's), in any state.
      for (const StatusRule& s : kStatusRules) {
        Case c = FullCase(mode);
        c.referrals = {
            MakeReferral("r1", ReferralPurpose::kEnforcement, kHolder.id, s.status),
            MakeReferral("r2", ReferralPurpose::kVictimSupport, kOtherHolder.id, s.status)};
        const Disclosure d = DisclosureFor(*role.viewer, c);
        const std::string where =
            absl::StrCat(role.name, " mode ", static_cast<int>(mode), " ",
                         AsAbsl(ReferralStatusName(s.status)), ": ", Describe(d));
        EXPECT_EQ(MayView(*role.viewer, c), role.sees_anything) << where;
        EXPECT_EQ(d.subject_name, role.sees_anything) << where;
        EXPECT_EQ(d.subject_contact, role.sees_anything) << where;
        EXPECT_EQ(d.reported_persons, role.sees_anything) << where;
        EXPECT_EQ(d.narrative, role.sees_anything) << where;
        EXPECT_EQ(d.all_free_text, role.sees_anything) << where;
        if (mode == ReporterMode::kConfidential) {
          EXPECT_EQ(d.reporter_identity, role.sees_confidential_reporter) << where;
        }
        if (mode == ReporterMode::kNamed) {
          EXPECT_EQ(d.reporter_identity, role.sees_anything) << where;
        }
      }
    }
  }
}

TEST(DisclosureFor, ASubmitterThatAlsoHoldsAReferralStillNeverSeesAConfidentialReporter) {
  Case c = FullCase(ReporterMode::kConfidential);
  c.referrals = {MakeReferral("r1", ReferralPurpose::kVictimSupport, kSubmitter.id,
                              ReferralStatus::kAccepted)};
  const Disclosure d = DisclosureFor(kSubmitter, c);
  EXPECT_TRUE(d.subject_contact && d.reported_persons && d.narrative && d.all_free_text);
  EXPECT_FALSE(d.reporter_identity);
}

TEST(DisclosureFor, AnAgencyWithoutAnIdSeesNothingOfAHalfFilledCase) {
  Case c = FullCase(ReporterMode::kNamed);
  c.submitted_by.clear();
  c.referrals = {MakeReferral("r1", ReferralPurpose::kEnforcement, "", ReferralStatus::kAccepted)};
  Agency nameless = kHolder;
  nameless.id.clear();
  const Disclosure d = DisclosureFor(nameless, c);
  EXPECT_FALSE(d.subject_name || d.subject_contact || d.reported_persons || d.narrative ||
               d.reporter_identity || d.all_free_text)
      << Describe(d);
}

TEST(DisclosureFor, Bp3miSeesACaseOfItsProvinceOnlyAndAHeldReferralElsewhere) {
  Case c = FullCase(ReporterMode::kConfidential);
  c.region_code = "52.01";  // outside NTT
  EXPECT_FALSE(DisclosureFor(kBp3mi, c).subject_name);
  EXPECT_TRUE(DisclosureFor(kBp3miNtb, c).reporter_identity);
  // A repatriation referral to BP3MI NTB on an NTT case: outside its jurisdiction it is a
  // referral holder like any other, so a confidential reporter stays hidden from it and the
  // victim's contact waits for its acceptance.
  c.region_code = "53.21.01.2006";
  c.referrals = {
      MakeReferral("r1", ReferralPurpose::kRepatriation, kBp3miNtb.id, ReferralStatus::kRequested)};
  Disclosure d = DisclosureFor(kBp3miNtb, c);
  EXPECT_FALSE(d.subject_contact || d.reporter_identity || d.all_free_text) << Describe(d);
  EXPECT_TRUE(d.narrative) << Describe(d);
  c.referrals[0].status = ReferralStatus::kAccepted;
  d = DisclosureFor(kBp3miNtb, c);
  EXPECT_TRUE(d.subject_name && d.subject_contact) << Describe(d);
  EXPECT_FALSE(d.reporter_identity || d.all_free_text) << Describe(d);
}

// ---- ShowsFreeTextOf ------------------------------------------------------------------------

TEST(ShowsFreeTextOf, AllFreeTextOrTheViewersOwn) {
  Disclosure none;
  Disclosure all;
  all.all_free_text = true;
  EXPECT_TRUE(ShowsFreeTextOf(all, kHolder, "sinode-gmit"));
  EXPECT_TRUE(ShowsFreeTextOf(all, kHolder, ""));  // BP3MI's triage decisions
  EXPECT_TRUE(ShowsFreeTextOf(none, kHolder, kHolder.id));
  EXPECT_FALSE(ShowsFreeTextOf(none, kHolder, "sinode-gmit"));
  EXPECT_FALSE(ShowsFreeTextOf(none, kHolder, ""));
  Agency nameless = kHolder;
  nameless.id.clear();
  EXPECT_FALSE(ShowsFreeTextOf(none, nameless, ""));  // "" is nobody's, not the nameless one's
}

// ---- Redact ---------------------------------------------------------------------------------

// FullCase with free text everywhere: r1 enforcement to the Polres (ACCEPTED), r2 victim support
// to GMIT (ON_HOLD, with a reason), r3 information to Polda (CANCELLED, with a reason), r4 a
// completed referral of the Polres with an outcome, two enforcement actions (one by the Polres,
// one by Polda NTT), and a triage reason.
Case RichCase(ReporterMode mode = ReporterMode::kConfidential) {
  Case c = FullCase(mode);
  c.referrals = {
      MakeReferral("r1", ReferralPurpose::kEnforcement, kHolder.id, ReferralStatus::kAccepted),
      MakeReferral("r2", ReferralPurpose::kVictimSupport, kOtherHolder.id, ReferralStatus::kOnHold),
      MakeReferral("r3", ReferralPurpose::kInformation, kPoldaNoReferral.id,
                   ReferralStatus::kCancelled),
      MakeReferral("r4", ReferralPurpose::kInformation, kHolder.id, ReferralStatus::kCompleted)};
  c.referrals[1].reason = "Korban dirawat di RSUD Atambua";
  c.referrals[2].reason = "Sudah ditangani Polres";
  c.referrals[3].outcome = "Informasi diteruskan ke Reskrim";
  EnforcementAction mine;
  mine.case_id = kCaseId;
  mine.referral_id = "r1";
  mine.kind = EnforcementActionKind::kInvestigationOpened;
  mine.police_report_number = "LP/B/45/XI/2026";
  mine.note = "Saksi kakak korban diperiksa";
  mine.actor = kHolder.id;
  EnforcementAction theirs = mine;
  theirs.referral_id = "r9";
  theirs.police_report_number = "LP/A/3/XI/2026";
  theirs.note = "Jaringan di Kupang";
  theirs.actor = kPoldaNoReferral.id;
  c.enforcement_actions = {mine, theirs};
  c.triage_reason = "Dilaporkan dua kali";
  c.suspected_duplicates = {"01JDQ3K6Y8V1T8R2M4N5P6Q7R9-03"};
  return c;
}

// Everything Redact must leave alone, whoever looks.
void ExpectStructureKept(const Case& shown, const Case& c) {
  EXPECT_EQ(shown.id, c.id);
  EXPECT_EQ(shown.category, c.category);
  EXPECT_EQ(shown.severity, c.severity);
  EXPECT_EQ(shown.region_code, c.region_code);
  EXPECT_EQ(shown.channel, c.channel);
  EXPECT_EQ(shown.status, c.status);
  EXPECT_EQ(shown.version, c.version);
  EXPECT_EQ(shown.submitted_by, c.submitted_by);
  EXPECT_EQ(shown.created_at, c.created_at);
  EXPECT_EQ(shown.updated_at, c.updated_at);
  EXPECT_EQ(shown.subject.sex, c.subject.sex);
  EXPECT_EQ(shown.subject.home_region_code, c.subject.home_region_code);
  EXPECT_EQ(shown.subject.destination_country, c.subject.destination_country);
  EXPECT_EQ(shown.subject.needs_support, c.subject.needs_support);
  EXPECT_EQ(shown.reporter.mode, c.reporter.mode);
  // A confidential reporter's relation to the worker goes with the identity (checked below).
  if (c.reporter.mode != ReporterMode::kConfidential) {
    EXPECT_EQ(shown.reporter.relation, c.reporter.relation);
  }
  EXPECT_EQ(shown.suspected_duplicates, c.suspected_duplicates);
  ASSERT_EQ(shown.reported_persons.size(), c.reported_persons.size());
  for (std::size_t i = 0; i < c.reported_persons.size(); ++i)
    EXPECT_EQ(shown.reported_persons[i].role, c.reported_persons[i].role);
  ASSERT_EQ(shown.referrals.size(), c.referrals.size());
  for (std::size_t i = 0; i < c.referrals.size(); ++i) {
    EXPECT_EQ(shown.referrals[i].id, c.referrals[i].id);
    EXPECT_EQ(shown.referrals[i].status, c.referrals[i].status);
    EXPECT_EQ(shown.referrals[i].target_agency, c.referrals[i].target_agency);
    EXPECT_EQ(shown.referrals[i].purpose, c.referrals[i].purpose);
  }
  ASSERT_EQ(shown.enforcement_actions.size(), c.enforcement_actions.size());
  for (std::size_t i = 0; i < c.enforcement_actions.size(); ++i) {
    EXPECT_EQ(shown.enforcement_actions[i].kind, c.enforcement_actions[i].kind);
    EXPECT_EQ(shown.enforcement_actions[i].actor, c.enforcement_actions[i].actor);
    // The report number is not personal: everyone on the case sees which investigation it is.
    EXPECT_EQ(shown.enforcement_actions[i].police_report_number,
              c.enforcement_actions[i].police_report_number);
  }
}

TEST(Redact, NothingAllowedEmptiesEveryPersonalFieldAndAllFreeTextOfOthers) {
  const Case c = RichCase(ReporterMode::kNamed);
  const Case shown = Redact(c, Disclosure{}, kStranger);
  ExpectStructureKept(shown, c);
  EXPECT_EQ(shown.subject.full_name, "");
  EXPECT_EQ(shown.subject.nik, "");
  EXPECT_EQ(shown.subject.phone, "");
  for (const ReportedPerson& p : shown.reported_persons) {
    EXPECT_EQ(p.name, "");
    EXPECT_EQ(p.phone, "");
    EXPECT_EQ(p.nik, "");
  }
  EXPECT_EQ(shown.reporter.name, "");
  EXPECT_EQ(shown.reporter.contact_phone, "");
  EXPECT_EQ(shown.narrative, "");
  EXPECT_EQ(shown.triage_reason, "");
  for (const Referral& r : shown.referrals) {
    EXPECT_EQ(r.reason, "") << r.id;
    EXPECT_EQ(r.outcome, "") << r.id;
  }
  for (const EnforcementAction& a : shown.enforcement_actions)
    EXPECT_EQ(a.note, "");
  EXPECT_THAT(PersonalFieldsIn(shown), IsEmpty());
}

TEST(Redact, EachFlagOpensItsOwnFieldsOnly) {
  const Case c = RichCase(ReporterMode::kNamed);
  {
    Disclosure d;
    d.subject_name = true;
    EXPECT_THAT(PersonalFieldsIn(Redact(c, d, kStranger)), ElementsAre("subject.full_name"));
  }
  {
    Disclosure d;
    d.subject_contact = true;
    EXPECT_THAT(PersonalFieldsIn(Redact(c, d, kStranger)),
                ElementsAre("subject.nik", "subject.phone"));
  }
  {
    Disclosure d;
    d.reported_persons = true;
    EXPECT_THAT(PersonalFieldsIn(Redact(c, d, kStranger)),
                ElementsAre("reported_persons[0].name", "reported_persons[0].phone",
                            "reported_persons[0].nik", "reported_persons[1].name",
                            "reported_persons[1].phone"));
  }
  {
    Disclosure d;
    d.reporter_identity = true;
    EXPECT_THAT(PersonalFieldsIn(Redact(c, d, kStranger)),
                ElementsAre("reporter.name", "reporter.contact_phone"));
  }
  {
    Disclosure d;
    d.narrative = true;
    EXPECT_THAT(PersonalFieldsIn(Redact(c, d, kStranger)), ElementsAre("narrative"));
  }
  {
    Disclosure d;
    d.all_free_text = true;
    EXPECT_THAT(PersonalFieldsIn(Redact(c, d, kStranger)),
                ElementsAre("triage_reason", "referrals[r2].reason", "referrals[r3].reason",
                            "referrals[r4].outcome", "enforcement_actions[0].note",
                            "enforcement_actions[1].note"));
  }
}

TEST(Redact, ThePoliceOnTheirAcceptedReferralSeeTheirOwnFreeTextButNotOthers) {
  const Case c = RichCase(ReporterMode::kConfidential);
  const Disclosure d = DisclosureFor(kHolder, c);
  const Case shown = Redact(c, d, kHolder);
  ExpectStructureKept(shown, c);
  EXPECT_EQ(shown.subject.full_name, "Maria Goreti Seran");
  EXPECT_EQ(shown.subject.nik, "5321014507950001");
  EXPECT_EQ(shown.subject.phone, "+6281234567890");
  EXPECT_EQ(shown.reported_persons[0].name, "Yohanes Calo Bria");
  EXPECT_EQ(shown.reported_persons[0].phone, "+6281398765432");
  EXPECT_EQ(shown.reported_persons[0].nik, "5321011210880003");
  EXPECT_EQ(shown.reporter.name, "") << "a confidential reporter reaches BP3MI alone";
  EXPECT_EQ(shown.reporter.contact_phone, "");
  EXPECT_EQ(shown.narrative, c.narrative);
  EXPECT_EQ(shown.triage_reason, "");
  EXPECT_EQ(shown.referrals[1].reason, "") << "GMIT's reason is GMIT's";
  EXPECT_EQ(shown.referrals[2].reason, "") << "Polda's reason is Polda's";
  EXPECT_EQ(shown.referrals[3].outcome, "Informasi diteruskan ke Reskrim") << "its own referral";
  EXPECT_EQ(shown.enforcement_actions[0].note, "Saksi kakak korban diperiksa") << "its own note";
  EXPECT_EQ(shown.enforcement_actions[1].note, "") << "Polda's note";
  EXPECT_THAT(
      PersonalFieldsIn(shown),
      ElementsAre("subject.full_name", "subject.nik", "subject.phone", "reported_persons[0].name",
                  "reported_persons[0].phone", "reported_persons[0].nik",
                  "reported_persons[1].name", "reported_persons[1].phone", "narrative",
                  "referrals[r4].outcome", "enforcement_actions[0].note"));
}

TEST(Redact, ThePoliceBeforeAcceptingSeeTheBrokersButNotTheVictimsContact) {
  Case c = RichCase(ReporterMode::kConfidential);
  c.referrals[0].status = ReferralStatus::kRequested;
  c.referrals[3].status = ReferralStatus::kRequested;
  const Case shown = Redact(c, DisclosureFor(kHolder, c), kHolder);
  EXPECT_EQ(shown.subject.full_name, "");
  EXPECT_EQ(shown.subject.nik, "");
  EXPECT_EQ(shown.subject.phone, "");
  EXPECT_EQ(shown.reported_persons[0].phone, "+6281398765432");
  EXPECT_EQ(shown.reporter.name, "");
  EXPECT_EQ(shown.narrative, c.narrative);
}

TEST(Redact, AConfidentialReportersRelationGoesWithTheIdentityANamedOnesStays) {
  const Case confidential = RichCase(ReporterMode::kConfidential);
  EXPECT_EQ(Redact(confidential, DisclosureFor(kHolder, confidential), kHolder).reporter.relation,
            "");
  EXPECT_EQ(Redact(confidential, DisclosureFor(kBp3mi, confidential), kBp3mi).reporter.relation,
            "kakak");
  const Case named = RichCase(ReporterMode::kNamed);
  EXPECT_EQ(Redact(named, DisclosureFor(kHolder, named), kHolder).reporter.relation, "kakak");
}

TEST(Redact, Bp3miAndTheSubmitterSeeAllFreeText) {
  for (ReporterMode mode : kModes) {
    const Case c = RichCase(mode);
    const Case as_bp3mi = Redact(c, DisclosureFor(kBp3mi, c), kBp3mi);
    const Case as_submitter = Redact(c, DisclosureFor(kSubmitter, c), kSubmitter);
    for (const Case* shown : {&as_bp3mi, &as_submitter}) {
      ExpectStructureKept(*shown, c);
      EXPECT_EQ(shown->triage_reason, c.triage_reason);
      EXPECT_EQ(shown->referrals[1].reason, c.referrals[1].reason);
      EXPECT_EQ(shown->referrals[2].reason, c.referrals[2].reason);
      EXPECT_EQ(shown->referrals[3].outcome, c.referrals[3].outcome);
      EXPECT_EQ(shown->enforcement_actions[1].note, c.enforcement_actions[1].note);
      EXPECT_EQ(shown->subject.nik, c.subject.nik);
      EXPECT_EQ(shown->reported_persons[1].phone, c.reported_persons[1].phone);
    }
    EXPECT_EQ(as_bp3mi.reporter.name, c.reporter.name);
    EXPECT_EQ(as_bp3mi.reporter.contact_phone, c.reporter.contact_phone);
    const bool confidential = mode == ReporterMode::kConfidential;
    EXPECT_EQ(as_submitter.reporter.name, confidential ? "" : c.reporter.name);
    EXPECT_EQ(as_submitter.reporter.contact_phone, confidential ? "" : c.reporter.contact_phone);
  }
}

TEST(Redact, TheShelterSeesItsReasonAndTheVictimButNotTheBrokers) {
  const Case c = RichCase(ReporterMode::kNamed);
  const Case shown = Redact(c, DisclosureFor(kOtherHolder, c), kOtherHolder);
  EXPECT_EQ(shown.subject.full_name, c.subject.full_name);  // victim support ON_HOLD: accepted
  EXPECT_EQ(shown.subject.phone, c.subject.phone);
  for (const ReportedPerson& p : shown.reported_persons) {
    EXPECT_EQ(p.name, "");
    EXPECT_EQ(p.phone, "");
    EXPECT_EQ(p.nik, "");
    EXPECT_FALSE(p.role.empty());
  }
  EXPECT_EQ(shown.reporter.name, "Agustina Luruk") << "a named reporter";
  EXPECT_EQ(shown.referrals[1].reason, c.referrals[1].reason);
  EXPECT_EQ(shown.referrals[3].outcome, "");
  EXPECT_EQ(shown.enforcement_actions[0].note, "");
  EXPECT_EQ(shown.enforcement_actions[1].note, "");
}

TEST(Redact, TheOriginalIsUntouched) {
  const Case c = RichCase();
  const Case copy = c;
  (void)Redact(c, Disclosure{}, kStranger);
  EXPECT_EQ(c.subject.nik, copy.subject.nik);
  EXPECT_EQ(c.enforcement_actions[0].note, copy.enforcement_actions[0].note);
  EXPECT_EQ(PersonalFieldsIn(c), PersonalFieldsIn(copy));
}

// ---- PersonalFieldsIn -----------------------------------------------------------------------

TEST(PersonalFieldsIn, NamesEveryNonEmptyPersonalFieldInOrder) {
  const Case c = RichCase(ReporterMode::kConfidential);
  EXPECT_THAT(
      PersonalFieldsIn(c),
      ElementsAre("subject.full_name", "subject.nik", "subject.phone", "reported_persons[0].name",
                  "reported_persons[0].phone", "reported_persons[0].nik",
                  "reported_persons[1].name", "reported_persons[1].phone", "reporter.name",
                  "reporter.contact_phone", "narrative", "triage_reason", "referrals[r2].reason",
                  "referrals[r3].reason", "referrals[r4].outcome", "enforcement_actions[0].note",
                  "enforcement_actions[1].note"));
}

TEST(PersonalFieldsIn, SkipsEmptyFieldsAndNeverNamesNonPersonalOnes) {
  Case c = FullCase(ReporterMode::kAnonymous);
  c.subject.full_name.clear();
  c.reported_persons[0].name.clear();
  c.reported_persons[1] = {"", "", "", "sponsor"};
  c.narrative.clear();
  c.referrals = {
      MakeReferral("r7", ReferralPurpose::kEnforcement, kHolder.id, ReferralStatus::kAccepted)};
  c.referrals[0].outcome = "Selesai";
  EnforcementAction a;
  a.police_report_number = "LP/B/1/I/2026";  // not personal: never listed
  c.enforcement_actions = {a, a};
  c.enforcement_actions[1].note = "Catatan";
  EXPECT_THAT(PersonalFieldsIn(c),
              ElementsAre("subject.nik", "subject.phone", "reported_persons[0].phone",
                          "reported_persons[0].nik", "referrals[r7].outcome",
                          "enforcement_actions[1].note"));
  EXPECT_THAT(PersonalFieldsIn(Case{}), IsEmpty());
}

}  // namespace
}  // namespace lintas::core

#include "bench/case_factory.h"

#include <array>
#include <cstdio>
#include <random>
#include <string_view>
#include <utility>

namespace lintas::bench {
namespace {

// Names common in Malaka and the rest of Timor, so lengths and character mix look like real input.
constexpr std::array<std::string_view, 8> kWomenGivenNames = {
    "Maria", "Yuliana", "Agustina", "Theresia", "Fransiska", "Veronika", "Yohana", "Dorotea"};
constexpr std::array<std::string_view, 8> kMenGivenNames = {
    "Yohanes", "Petrus", "Fransiskus", "Agustinus", "Yosef", "Paulus", "Markus", "Dominikus"};
constexpr std::array<std::string_view, 8> kFamilyNames = {"Seran", "Bere", "Klau", "Nahak",
                                                          "Tae",   "Luan", "Mau",  "Bria"};
constexpr std::array<std::string_view, 4> kDestinations = {
    "sebuah perkebunan sawit di Sabah", "sebuah restoran di Johor Bahru",
    "rumah tangga di Kuala Lumpur", "sebuah pabrik di Penang"};
// A few brokers appear in many cases, as they do in practice; one phone for every case would
// instead make the broker blind index one hot key, which real load does not do.
constexpr std::uint64_t kBrokerCount = 64;

std::string_view Pick(const auto& list, std::uint64_t n) {
  return list[n % list.size()];
}

std::string FullName(std::string_view given, std::string_view family) {
  std::string name;
  name.reserve(given.size() + 1 + family.size());
  name.append(given).append(" ").append(family);
  return name;
}

}  // namespace

CaseFactory::CaseFactory(std::string run_id) : run_id_(std::move(run_id)) {}

std::string CaseFactory::NewRunId() {
  std::random_device rd;
  const std::uint64_t r = (std::uint64_t{rd()} << 32) ^ rd();
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(r));
  return buf;
}

void CaseFactory::Fill(std::uint64_t sequence, v1::SubmitCaseRequest& request) const {
  const std::uint64_t n = sequence;
  char buf[64];

  std::snprintf(buf, sizeof buf, "bench:%s:%llu", run_id_.c_str(),
                static_cast<unsigned long long>(n));
  request.set_idempotency_key(buf);

  v1::Case& c = *request.mutable_case_();
  c.set_category(v1::CATEGORY_TRAFFICKING);
  c.set_severity(v1::SEVERITY_HIGH);
  c.set_channel(v1::CHANNEL_AGENCY_SYSTEM);
  c.set_region_code("53.21");

  // Different strides so that the name, birth date and serial do not repeat together.
  const std::string victim = FullName(Pick(kWomenGivenNames, n), Pick(kFamilyNames, n / 8));
  const std::string broker =
      FullName(Pick(kMenGivenNames, n % kBrokerCount), Pick(kFamilyNames, n % kBrokerCount / 8));
  const std::string reporter = FullName(Pick(kMenGivenNames, n / 3), Pick(kFamilyNames, n / 8));

  v1::Subject& s = *c.mutable_subject();
  s.set_full_name(victim);
  // NIK: 532101 (Malaka Tengah), DDMMYY with +40 on the day for a woman, serial 0001-9999.
  const unsigned day = 41 + n % 28;
  const unsigned month = 1 + n / 28 % 12;
  const unsigned year = 85 + n / 336 % 15;
  const unsigned serial = 1 + n % 9999;
  std::snprintf(buf, sizeof buf, "532101%02u%02u%02u%04u", day, month, year, serial);
  s.set_nik(buf);
  std::snprintf(buf, sizeof buf, "0812%08llu", static_cast<unsigned long long>(n % 100000000));
  s.set_phone(buf);
  s.set_sex(v1::SEX_FEMALE);
  s.set_destination_country("MY");

  c.clear_reported_persons();
  v1::ReportedPerson& p = *c.add_reported_persons();
  p.set_name(broker);
  std::snprintf(buf, sizeof buf, "081398765%03llu",
                static_cast<unsigned long long>(n % kBrokerCount));
  p.set_phone(buf);
  p.set_role("calo");

  v1::Reporter& r = *c.mutable_reporter();
  r.set_mode(v1::REPORTER_MODE_CONFIDENTIAL);
  r.set_name(reporter);
  std::snprintf(buf, sizeof buf, "0852%08llu",
                static_cast<unsigned long long>((n * 7919) % 100000000));
  r.set_contact_phone(buf);
  r.set_relation("family");

  std::string& narrative = *c.mutable_narrative();
  narrative.clear();
  narrative.append("Korban ").append(victim);
  narrative.append(" direkrut oleh seorang calo bernama ");
  narrative.append(broker);
  narrative.append(" yang datang ke desa dan menjanjikan pekerjaan di ");
  narrative.append(Pick(kDestinations, n / 5));
  narrative.append(
      " dengan gaji besar. Korban berangkat lewat Kupang dan Batam tanpa dokumen resmi, paspor "
      "ditahan oleh perekrut, dan keluarga kehilangan kontak sejak tiga bulan lalu. Pelapor "
      "menerima pesan singkat bahwa korban bekerja tanpa upah dan tidak boleh keluar. Mohon "
      "penelusuran dan pemulangan.");
}

}  // namespace lintas::bench

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "adapters/crypto/aes_gcm_field_cipher.h"
#include "adapters/crypto/key_check.h"
#include "adapters/crypto/key_ring.h"
#include "adapters/crypto/os_random.h"
#include "gtest/gtest.h"

namespace lintas::crypto {
namespace {

// Layout constants repeated here on purpose: the test pins the documented format, so a change in
// the implementation's constants must show up as a failing test.
constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;

Key256 PatternKey(std::uint8_t seed) {
  Key256 key{};
  for (std::size_t i = 0; i < key.size(); ++i)
    key[i] = static_cast<std::uint8_t>(seed + 7 * i);
  return key;
}

// 00 01 02 ... 1f: the master key the known-answer vectors were computed with.
Key256 CountingKey() {
  Key256 key{};
  for (std::size_t i = 0; i < key.size(); ++i)
    key[i] = static_cast<std::uint8_t>(i);
  return key;
}

KeyRing RingWith(const std::string& id, const Key256& key) {
  KeyRing ring;
  EXPECT_TRUE(ring.Add(id, key).ok());
  return ring;
}

std::string KeyIdOf(const std::string& sealed) {
  return sealed.substr(2, static_cast<std::uint8_t>(sealed[1]));
}

constexpr std::string_view kAad = "01HZX3K9Q7/subject.name";

class FieldCipherTest : public ::testing::Test {
 protected:
  std::string MustSeal(std::string_view plaintext, std::string_view aad = kAad) {
    auto sealed = cipher_.Seal(plaintext, aad);
    EXPECT_TRUE(sealed.ok()) << sealed.status();
    return sealed.ok() ? *sealed : std::string();
  }

  KeyRing ring_ = RingWith("k1", PatternKey(1));
  AesGcmFieldCipher cipher_{ring_};
};

TEST_F(FieldCipherTest, RoundTripsAscii) {
  const std::string sealed = MustSeal("Siti Rahayu");
  auto opened = cipher_.Open(sealed, kAad);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, "Siti Rahayu");
}

TEST_F(FieldCipherTest, RoundTripsUtf8) {
  const std::string value =
      "Maria Goreti Ndun \xe2\x80\x94 Kupang \xf0\x9f\x87\xae\xf0\x9f\x87\xa9";
  auto opened = cipher_.Open(MustSeal(value), kAad);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, value);
}

TEST_F(FieldCipherTest, EmptyPlaintextSealsToEmptyAndBack) {
  auto sealed = cipher_.Seal("", kAad);
  ASSERT_TRUE(sealed.ok()) << sealed.status();
  EXPECT_EQ(*sealed, "");
  auto opened = cipher_.Open("", kAad);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, "");
}

TEST_F(FieldCipherTest, RoundTrips8KiBWithEveryByteValue) {
  std::string value(8192, '\0');
  for (std::size_t i = 0; i < value.size(); ++i)
    value[i] = static_cast<char>(i * 31 % 256);
  const std::string sealed = MustSeal(value);
  EXPECT_EQ(sealed.size(), 1 + 1 + 2 + kNonceBytes + value.size() + kTagBytes);
  auto opened = cipher_.Open(sealed, kAad);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, value);
}

TEST_F(FieldCipherTest, RoundTripsWithEmptyAad) {
  auto opened = cipher_.Open(MustSeal("+6281234567890", ""), "");
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, "+6281234567890");
}

TEST_F(FieldCipherTest, TwoSealsOfOneValueDifferButBothOpen) {
  const std::string a = MustSeal("5371014505900001");
  const std::string b = MustSeal("5371014505900001");
  EXPECT_NE(a, b);
  // The difference must come from the nonce, not from a different layout.
  EXPECT_NE(a.substr(4, kNonceBytes), b.substr(4, kNonceBytes));
  for (const std::string& sealed : {a, b}) {
    auto opened = cipher_.Open(sealed, kAad);
    ASSERT_TRUE(opened.ok()) << opened.status();
    EXPECT_EQ(*opened, "5371014505900001");
  }
}

TEST_F(FieldCipherTest, SealedValueDoesNotContainThePlaintext) {
  const std::string nik = "5371014505900001";
  const std::string sealed = MustSeal(nik);
  EXPECT_EQ(sealed.find(nik), std::string::npos);
  // Not even a recognisable part of it.
  EXPECT_EQ(sealed.find(nik.substr(0, 6)), std::string::npos);
  EXPECT_EQ(sealed.find(nik.substr(10)), std::string::npos);
}

TEST_F(FieldCipherTest, WrongAadIsDataLoss) {
  const std::string sealed = MustSeal("Siti Rahayu", "case-A/subject.name");
  for (std::string_view aad :
       {"case-B/subject.name", "case-A/subject.phone", "", "case-A", "case-A/subject.name "}) {
    auto opened = cipher_.Open(sealed, aad);
    EXPECT_EQ(opened.status().code(), absl::StatusCode::kDataLoss) << "aad: " << aad;
  }
}

TEST_F(FieldCipherTest, EveryByteFlipIsRejected) {
  const std::string sealed = MustSeal("Ani");
  const std::size_t id_end = 2 + static_cast<std::uint8_t>(sealed[1]);
  for (std::size_t pos = 0; pos < sealed.size(); ++pos) {
    for (std::uint8_t mask : {0x01, 0x80, 0xff}) {
      std::string damaged = sealed;
      damaged[pos] = static_cast<char>(damaged[pos] ^ mask);
      auto opened = cipher_.Open(damaged, kAad);
      ASSERT_FALSE(opened.ok()) << "byte " << pos << " mask " << int{mask};
      // A damaged key id names a key we do not hold; anything else fails authentication.
      if (pos >= 2 && pos < id_end) {
        EXPECT_EQ(opened.status().code(), absl::StatusCode::kFailedPrecondition) << "byte " << pos;
      } else if (pos != 1) {
        EXPECT_EQ(opened.status().code(), absl::StatusCode::kDataLoss) << "byte " << pos;
      }
    }
  }
}

TEST_F(FieldCipherTest, TruncatedOrExtendedValueIsDataLoss) {
  const std::string sealed = MustSeal("Yohanes Bria");
  for (std::size_t len = 1; len < sealed.size(); ++len) {
    auto opened = cipher_.Open(sealed.substr(0, len), kAad);
    EXPECT_EQ(opened.status().code(), absl::StatusCode::kDataLoss) << "length " << len;
  }
  auto extended = cipher_.Open(sealed + '\0', kAad);
  EXPECT_EQ(extended.status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(FieldCipherTest, UnknownFormatVersionIsDataLoss) {
  std::string sealed = MustSeal("Ani");
  sealed[0] = 2;
  EXPECT_EQ(cipher_.Open(sealed, kAad).status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(FieldCipherTest, UnknownKeyIdIsFailedPrecondition) {
  const std::string sealed = MustSeal("Ani");
  KeyRing other = RingWith("k2", PatternKey(1));  // same bytes, different id
  AesGcmFieldCipher other_cipher(other);
  EXPECT_EQ(other_cipher.Open(sealed, kAad).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(FieldCipherTest, SameIdWithAnotherKeyIsDataLoss) {
  const std::string sealed = MustSeal("Ani");
  KeyRing other = RingWith("k1", PatternKey(2));
  AesGcmFieldCipher other_cipher(other);
  EXPECT_EQ(other_cipher.Open(sealed, kAad).status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(FieldCipherTest, AnotherInstanceOverTheSameKeysOpens) {
  // What a restart looks like: a new process, the same key file.
  const std::string sealed = MustSeal("Ani");
  KeyRing again = RingWith("k1", PatternKey(1));
  AesGcmFieldCipher again_cipher(again);
  auto opened = again_cipher.Open(sealed, kAad);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, "Ani");
}

TEST_F(FieldCipherTest, LayoutIsAsDocumented) {
  KeyRing ring = RingWith("2025-01.a_b", PatternKey(3));
  AesGcmFieldCipher cipher(ring);
  const std::string value = "Fransiska";
  auto sealed = cipher.Seal(value, kAad);
  ASSERT_TRUE(sealed.ok()) << sealed.status();
  ASSERT_GE(sealed->size(), 2u);
  EXPECT_EQ(static_cast<std::uint8_t>((*sealed)[0]), 1);
  EXPECT_EQ(static_cast<std::uint8_t>((*sealed)[1]), 11);
  EXPECT_EQ(sealed->substr(2, 11), "2025-01.a_b");
  EXPECT_EQ(sealed->size(), 1 + 1 + 11 + kNonceBytes + value.size() + kTagBytes);
}

TEST_F(FieldCipherTest, OpensAValueSealedByAnIndependentImplementation) {
  // Built with Python's `cryptography` (AESGCM, HKDF) from the documented layout and derivation:
  // master 00..1f as "k1", info "lintas field cipher v1", no salt, nonce a0..ab,
  // GCM aad = 01 02 "k1" || "01HZX3K9Q7case/subject.name".
  const std::string sealed = absl::HexStringToBytes(
      "01026b31a0a1a2a3a4a5a6a7a8a9aaab76f91f9a08bb9bd3993d6753dd1ec3252be4ab4cc138b2fc209007");
  KeyRing ring = RingWith("k1", CountingKey());
  AesGcmFieldCipher cipher(ring);
  auto opened = cipher.Open(sealed, "01HZX3K9Q7case/subject.name");
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, "Siti Rahayu");
}

TEST(FieldCipherRotationTest, NewKeySealsAndOldValuesStillOpen) {
  KeyRing ring = RingWith("k1", PatternKey(1));
  std::string old_sealed;
  {
    AesGcmFieldCipher before(ring);
    auto sealed = before.Seal("Siti Rahayu", kAad);
    ASSERT_TRUE(sealed.ok()) << sealed.status();
    old_sealed = *sealed;
  }
  EXPECT_EQ(KeyIdOf(old_sealed), "k1");

  ASSERT_TRUE(ring.Add("k2", PatternKey(2)).ok());
  EXPECT_EQ(ring.active_id(), "k1");  // adding alone does not rotate
  ASSERT_TRUE(ring.SetActive("k2").ok());
  AesGcmFieldCipher after(ring);

  auto new_sealed = after.Seal("Siti Rahayu", kAad);
  ASSERT_TRUE(new_sealed.ok()) << new_sealed.status();
  EXPECT_EQ(KeyIdOf(*new_sealed), "k2");

  for (const std::string& sealed : {old_sealed, *new_sealed}) {
    auto opened = after.Open(sealed, kAad);
    ASSERT_TRUE(opened.ok()) << opened.status();
    EXPECT_EQ(*opened, "Siti Rahayu");
  }
}

TEST(FieldCipherEmptyRingTest, SealIsFailedPrecondition) {
  KeyRing empty;
  AesGcmFieldCipher cipher(empty);
  EXPECT_EQ(cipher.Seal("Ani", kAad).status().code(), absl::StatusCode::kFailedPrecondition);
  auto opened = cipher.Open("", kAad);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "");
}

// --- KeyRing ---

TEST(KeyRingTest, FirstKeyBecomesActiveAndFindWorks) {
  KeyRing ring;
  EXPECT_EQ(ring.active_id(), "");
  EXPECT_THROW(ring.active_key(), std::logic_error);
  ASSERT_TRUE(ring.Add("k1", PatternKey(1)).ok());
  ASSERT_TRUE(ring.Add("k2", PatternKey(2)).ok());
  EXPECT_EQ(ring.active_id(), "k1");
  EXPECT_EQ(ring.active_key(), PatternKey(1));
  ASSERT_NE(ring.Find("k2"), nullptr);
  EXPECT_EQ(*ring.Find("k2"), PatternKey(2));
  EXPECT_EQ(ring.Find("k3"), nullptr);
  EXPECT_EQ(ring.key_ids(), (std::vector<std::string>{"k1", "k2"}));
}

TEST(KeyRingTest, ValidatesKeyIds) {
  KeyRing ring;
  EXPECT_TRUE(ring.Add("A-z_0.9", PatternKey(1)).ok());
  EXPECT_TRUE(ring.Add(std::string(32, 'x'), PatternKey(1)).ok());
  EXPECT_EQ(ring.Add("", PatternKey(1)).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ring.Add(std::string(33, 'x'), PatternKey(1)).code(),
            absl::StatusCode::kInvalidArgument);
  const std::vector<std::string> bad_ids = {"k 1", "k/1",           "k:1",
                                            "k\n", "kunci\xc3\xa9", std::string("k\0", 2)};
  for (const std::string& bad : bad_ids) {
    EXPECT_EQ(ring.Add(bad, PatternKey(1)).code(), absl::StatusCode::kInvalidArgument)
        << absl::CHexEscape(bad);
  }
}

TEST(KeyRingTest, RefusesDuplicateIds) {
  KeyRing ring = RingWith("k1", PatternKey(1));
  EXPECT_EQ(ring.Add("k1", PatternKey(2)).code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ring.active_key(), PatternKey(1));  // the first key is untouched
}

TEST(KeyRingTest, SetActiveRefusesUnknownIds) {
  KeyRing ring = RingWith("k1", PatternKey(1));
  EXPECT_EQ(ring.SetActive("k2").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ring.active_id(), "k1");
}

TEST(KeyRingTest, MovesKeepTheKeys) {
  KeyRing ring = RingWith("k1", PatternKey(1));
  KeyRing moved(std::move(ring));
  EXPECT_EQ(moved.active_key(), PatternKey(1));
  KeyRing assigned = RingWith("k9", PatternKey(9));
  assigned = std::move(moved);
  EXPECT_EQ(assigned.active_id(), "k1");
  EXPECT_EQ(assigned.Find("k9"), nullptr);
}

// --- KeyRing::ReadKeyFile ---

constexpr std::string_view kHexKey =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::path(::testing::TempDir()) / "keyfile.XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::string Write(std::string_view content) {
    std::string path = (std::filesystem::path(dir_) / "key.XXXXXX").string();
    const int fd = ::mkstemp(path.data());
    EXPECT_GE(fd, 0);
    EXPECT_EQ(::write(fd, content.data(), content.size()), static_cast<ssize_t>(content.size()));
    ::close(fd);
    return path;
  }

  std::string dir_;
};

TEST_F(KeyFileTest, ReadsHexWithSurroundingWhiteSpace) {
  for (std::string content : {std::string(kHexKey), std::string(kHexKey) + "\n",
                              " \t\r\n" + std::string(kHexKey) + "\r\n\n"}) {
    auto key = KeyRing::ReadKeyFile(Write(content));
    ASSERT_TRUE(key.ok()) << key.status();
    EXPECT_EQ(*key, CountingKey());
  }
}

TEST_F(KeyFileTest, AcceptsUpperCaseHex) {
  std::string upper(kHexKey);
  for (char& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto key = KeyRing::ReadKeyFile(Write(upper));
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(*key, CountingKey());
}

TEST_F(KeyFileTest, RefusesWrongLengthsAndNonHex) {
  const std::string hex(kHexKey);
  std::string non_hex = hex;
  non_hex[40] = 'g';
  std::string inner_space = hex;
  inner_space[32] = ' ';
  for (const std::string& content :
       {hex.substr(0, 63), hex + "a", non_hex, inner_space, "0x" + hex.substr(2), std::string(),
        std::string("\n \n"), hex + "\n" + hex}) {
    auto key = KeyRing::ReadKeyFile(Write(content));
    EXPECT_EQ(key.status().code(), absl::StatusCode::kInvalidArgument) << absl::CHexEscape(content);
  }
}

TEST_F(KeyFileTest, ErrorsNameTheFileButNeverItsContent) {
  std::string secret;
  while (secret.size() < 63)
    secret += "c0ffee";
  secret.resize(63);  // hex, but one digit short
  const std::string non_hex = "zz" + secret.substr(0, 62);
  for (const std::string& content : {secret, non_hex, secret + "ab"}) {
    const std::string path = Write(content);
    auto key = KeyRing::ReadKeyFile(path);
    ASSERT_FALSE(key.ok());
    std::string message(key.status().message());
    const std::size_t at = message.find(path);
    ASSERT_NE(at, std::string::npos) << message;
    message.erase(at, path.size());  // the random file name could hold "zz" by chance
    EXPECT_EQ(message.find("c0ffee"), std::string::npos) << message;
    EXPECT_EQ(message.find("zz"), std::string::npos) << message;
  }
}

TEST_F(KeyFileTest, RefusesAKeyOthersCouldReadAndSaysHowToFixIt) {
  for (const mode_t mode : {0644, 0640, 0604, 0660, 0700, 0666}) {
    const std::string path = Write(std::string(kHexKey));
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    auto key = KeyRing::ReadKeyFile(path);
    EXPECT_EQ(key.status().code(), absl::StatusCode::kPermissionDenied) << std::oct << mode;
    EXPECT_NE(key.status().message().find("chmod 600 '" + path + "'"), std::string::npos)
        << key.status().message();
  }
  for (const mode_t mode : {0600, 0400}) {
    const std::string path = Write(std::string(kHexKey));
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    auto key = KeyRing::ReadKeyFile(path);
    ASSERT_TRUE(key.ok()) << std::oct << mode << " " << key.status();
    EXPECT_EQ(*key, CountingKey());
  }
}

TEST(KeyCheckTest, DependsOnTheKeyAndIsNoOtherPurposesHash) {
  KeyRing a = RingWith("k1", PatternKey(1));
  KeyRing b = RingWith("k1", PatternKey(2));
  auto va = KeyCheckValue(a, "k1");
  ASSERT_TRUE(va.ok()) << va.status();
  EXPECT_EQ(va->size(), 64u);
  EXPECT_NE(*va, *KeyCheckValue(b, "k1"));
  EXPECT_EQ(*va, *KeyCheckValue(a, "k1"));  // stable: it is compared at every start
  // Its own purpose: not the keyed hash any stored index uses for the same label.
  const HmacKeyedHasher hasher(a, "k1");
  EXPECT_NE(*va, absl::BytesToHexString(hasher.Hash("nik index v1", "lintas key check value")));
  EXPECT_EQ(KeyCheckValue(a, "nope").status().code(), absl::StatusCode::kNotFound);
  const auto all = KeyCheckValues(a);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0], (std::pair<std::string, std::string>{"k1", *va}));
}

TEST_F(KeyFileTest, MissingFileIsNotFound) {
  const std::string path = dir_ + "/absent.key";
  auto key = KeyRing::ReadKeyFile(path);
  EXPECT_EQ(key.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(key.status().message().find(path), std::string::npos);
}

TEST_F(KeyFileTest, RefusesDirectoriesAndOversizedFiles) {
  EXPECT_EQ(KeyRing::ReadKeyFile(dir_).status().code(), absl::StatusCode::kInvalidArgument);
  const std::string big = std::string(kHexKey) + std::string(8192, ' ');
  EXPECT_EQ(KeyRing::ReadKeyFile(Write(big)).status().code(), absl::StatusCode::kInvalidArgument);
}

// --- HmacKeyedHasher ---

TEST(KeyedHasherTest, IsDeterministicAnd32Bytes) {
  KeyRing ring = RingWith("k1", PatternKey(1));
  HmacKeyedHasher hasher(ring);
  const std::string a = hasher.Hash("broker-phone", "+6281234567890");
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(hasher.Hash("broker-phone", "+6281234567890"), a);
  HmacKeyedHasher again(ring);
  EXPECT_EQ(again.Hash("broker-phone", "+6281234567890"), a);
  EXPECT_EQ(hasher.Hash("broker-phone", "").size(), 32u);
}

TEST(KeyedHasherTest, DiffersAcrossPurposesDataAndMasterKeys) {
  KeyRing ring1 = RingWith("k1", PatternKey(1));
  KeyRing ring2 = RingWith("k1", PatternKey(2));
  HmacKeyedHasher h1(ring1);
  HmacKeyedHasher h2(ring2);
  const std::string base = h1.Hash("broker-phone", "+6281234567890");
  EXPECT_NE(h1.Hash("broker-nik", "+6281234567890"), base);
  EXPECT_NE(h1.Hash("broker-phone", "+6281234567891"), base);
  EXPECT_NE(h2.Hash("broker-phone", "+6281234567890"), base);
}

TEST(KeyedHasherTest, UsesTheIndexKeyNotTheActiveKey) {
  KeyRing both = RingWith("k1", PatternKey(1));
  ASSERT_TRUE(both.Add("k2", PatternKey(2)).ok());
  const std::string before = HmacKeyedHasher(both).Hash("p", "x");
  // Rotating the active key must not move the stored digests.
  ASSERT_TRUE(both.SetActive("k2").ok());
  EXPECT_EQ(both.index_id(), "k1");
  EXPECT_EQ(HmacKeyedHasher(both).Hash("p", "x"), before);
  ASSERT_TRUE(both.SetIndexKey("k2").ok());
  KeyRing only2 = RingWith("k2", PatternKey(2));
  EXPECT_EQ(HmacKeyedHasher(both).Hash("p", "x"), HmacKeyedHasher(only2).Hash("p", "x"));
  EXPECT_EQ(HmacKeyedHasher(both, "k1").Hash("p", "x"), before);
  EXPECT_THROW(HmacKeyedHasher(both, "k9"), std::logic_error);
}

TEST(KeyRingTest, RolesFollowTheFirstKeyUntilSet) {
  KeyRing ring = RingWith("k1", PatternKey(1));
  ASSERT_TRUE(ring.Add("k2", PatternKey(2)).ok());
  EXPECT_EQ(ring.active_id(), "k1");
  EXPECT_EQ(ring.index_id(), "k1");
  EXPECT_EQ(ring.audit_id(), "k1");
  ASSERT_TRUE(ring.SetAuditKey("k2").ok());
  EXPECT_EQ(ring.audit_id(), "k2");
  EXPECT_EQ(ring.SetIndexKey("k3").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ring.SetAuditKey("k3").code(), absl::StatusCode::kNotFound);
  KeyRing moved(std::move(ring));
  EXPECT_EQ(moved.audit_id(), "k2");
  EXPECT_EQ(moved.index_id(), "k1");
}

TEST(FieldCipherKeyIdTest, ReadsTheKeyIdWithoutOpening) {
  KeyRing ring = RingWith("k-7", PatternKey(1));
  AesGcmFieldCipher cipher(ring);
  auto sealed = cipher.Seal("Ani", "aad");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(AesGcmFieldCipher::KeyIdOf(*sealed), std::optional<std::string_view>("k-7"));
  EXPECT_EQ(AesGcmFieldCipher::KeyIdOf(""), std::nullopt);
  EXPECT_EQ(AesGcmFieldCipher::KeyIdOf("plain text"), std::nullopt);
}

TEST(KeyedHasherTest, MatchesAnIndependentImplementation) {
  // Python: HMAC-SHA256(HKDF-SHA256(master 00..1f, salt None, info "lintas keyed hash v1
  // idempotency"), "3174011505900001").
  KeyRing ring = RingWith("k1", CountingKey());
  HmacKeyedHasher hasher(ring);
  EXPECT_EQ(absl::BytesToHexString(hasher.Hash("idempotency", "3174011505900001")),
            "354c91edf185564534b58eebe7a649665f9de70027221d4eefa76de21e3f1049");
}

TEST(KeyedHasherTest, RefusesAnEmptyRing) {
  KeyRing empty;
  EXPECT_THROW(HmacKeyedHasher hasher(empty), std::logic_error);
}

// --- OsRandom ---

TEST(OsRandomTest, FillsWithFreshBytes) {
  OsRandom random;
  std::vector<std::uint8_t> a(32), b(32);
  random.Fill(a);
  random.Fill(b);
  EXPECT_NE(a, b);
  EXPECT_NE(a, std::vector<std::uint8_t>(32, 0));
  random.Fill(std::span<std::uint8_t>());  // nothing to do, must not throw
}

}  // namespace
}  // namespace lintas::crypto

// Key rotation on a real redis-server: cases written under key A stay readable after the active
// key becomes B, new writes carry B, `Reencryptor` (lintasctl reencrypt) moves every snapshot to
// B with a version compare-and-set, and then A can leave the ring while the snapshots still open.
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "adapters/crypto/aes_gcm_field_cipher.h"
#include "adapters/redis/reencrypt.h"
#include "lintas/v1/case_record.pb.h"
#include "tests/integration/store_fixture.h"

namespace lintas::testing {
namespace {

// The real cipher, with a hook run before the first Open: lets a test change the case in Redis
// between the tool's read and its write, as a concurrent update would.
class HookedCipher final : public core::FieldCipher {
 public:
  HookedCipher(core::FieldCipher& real, std::function<void()> hook)
      : real_(real), hook_(std::move(hook)) {}
  absl::StatusOr<std::string> Seal(std::string_view plaintext, std::string_view aad) override {
    return real_.Seal(plaintext, aad);
  }
  absl::StatusOr<std::string> Open(std::string_view sealed, std::string_view aad) override {
    if (hook_) std::exchange(hook_, nullptr)();
    return real_.Open(sealed, aad);
  }

 private:
  core::FieldCipher& real_;
  std::function<void()> hook_;
};

class KeyRotationTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    random_.Fill(index_key_);
    random_.Fill(key_a_);
    random_.Fill(key_b_);
    UseRing({{"A", &key_a_}}, "A");
  }

  // A ring of the index key and `keys`, `active` sealing; the store rebuilt on it, as lintasd
  // would be restarted with the new config.
  void UseRing(const std::vector<std::pair<std::string, const crypto::Key256*>>& keys,
               const std::string& active) {
    store_.reset();
    crypto::KeyRing ring;
    ASSERT_TRUE(ring.Add("I", index_key_).ok());
    for (const auto& [id, key] : keys)
      ASSERT_TRUE(ring.Add(id, *key).ok());
    ASSERT_TRUE(ring.SetActive(active).ok());
    ASSERT_TRUE(ring.SetIndexKey("I").ok());
    ring_ = std::move(ring);
    cipher_ = std::make_unique<crypto::AesGcmFieldCipher>(ring_);
    hasher_ = std::make_unique<crypto::HmacKeyedHasher>(ring_);
    store_ = std::make_unique<redis::RedisCaseStore>(*redis_client_, redis::KeyLayout(prefix_),
                                                     *cipher_, *hasher_, random_, "/lintas/intake");
  }

  // The key ids the stored snapshot's sealed values name.
  std::set<std::string> SnapshotKeyIds(const std::string& case_id) {
    const auto rec = redis_->Run({"HGET", CaseKey(case_id), "rec"});
    EXPECT_EQ(rec.size(), 1u);
    v1::CaseRecord record;
    EXPECT_TRUE(!rec.empty() && record.ParseFromString(rec[0]));
    std::set<std::string> ids;
    for (const std::string* v :
         {&record.subject().full_name(), &record.subject().nik(), &record.subject().phone(),
          &record.reporter().name(), &record.reporter().contact_phone(), &record.narrative()}) {
      if (auto id = crypto::AesGcmFieldCipher::KeyIdOf(*v)) ids.emplace(*id);
    }
    for (const auto& p : record.reported_persons()) {
      if (auto id = crypto::AesGcmFieldCipher::KeyIdOf(p.name())) ids.emplace(*id);
    }
    return ids;
  }
  std::string CaseKey(const std::string& case_id) const {
    return redis::KeyLayout(prefix_).Case(*core::PartitionOfCaseId(case_id), case_id);
  }
  redis::Reencryptor Tool(core::FieldCipher& cipher) {
    return redis::Reencryptor(*redis_client_, redis::KeyLayout(prefix_), kPartitions, cipher,
                              ring_.active_id(), &crypto::AesGcmFieldCipher::KeyIdOf);
  }

  crypto::Key256 index_key_{};
  crypto::Key256 key_a_{};
  crypto::Key256 key_b_{};
};

TEST_F(KeyRotationTest, RotateReencryptAndRetireTheOldKey) {
  // Five cases under A.
  std::vector<core::Case> under_a;
  for (int i = 0; i < 5; ++i) {
    core::Case c = NewCase("rot-" + std::to_string(i), "narasi " + std::to_string(i));
    ASSERT_TRUE(Create(c, "rot-" + std::to_string(i)).ok());
    EXPECT_EQ(SnapshotKeyIds(c.id), std::set<std::string>{"A"});
    under_a.push_back(c);
  }

  // Rotate: B seals, A stays in the ring. Old cases read back whole.
  UseRing({{"A", &key_a_}, {"B", &key_b_}}, "B");
  for (const core::Case& c : under_a) {
    auto got = Get(c.id);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(got->subject.full_name, c.subject.full_name);
    EXPECT_EQ(got->narrative, c.narrative);
  }
  // The index key did not move: the same submission is still recognised as a replay.
  auto replay = Create(under_a[0], "rot-0");
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_TRUE(replay->replayed);
  // New writes carry B.
  core::Case fresh = NewCase("rot-new", "baru");
  ASSERT_TRUE(Create(fresh, "rot-new").ok());
  EXPECT_EQ(SnapshotKeyIds(fresh.id), std::set<std::string>{"B"});

  // Re-encrypt.
  std::vector<std::string> problems;
  auto report = Tool(*cipher_).Run([&](std::string_view p) { problems.emplace_back(p); });
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(report->scanned, 6);
  EXPECT_EQ(report->reencrypted, 5);
  EXPECT_EQ(report->current, 1);
  EXPECT_EQ(report->retried, 0);
  EXPECT_EQ(report->failed, 0);
  for (const core::Case& c : under_a)
    EXPECT_EQ(SnapshotKeyIds(c.id), std::set<std::string>{"B"}) << c.id;
  // A second run finds nothing to do.
  auto again = Tool(*cipher_).Run([](std::string_view) {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->reencrypted, 0);
  EXPECT_EQ(again->current, 6);

  // The event streams keep their original keys (append-only), and the tool says so.
  auto counts = Tool(*cipher_).CountStreamKeyIds();
  ASSERT_TRUE(counts.ok()) << counts.status();
  EXPECT_EQ(*counts, (std::map<std::string, std::int64_t>{{"A", 5}, {"B", 1}}));

  // A leaves the ring: every snapshot still opens, with the same content.
  UseRing({{"B", &key_b_}}, "B");
  for (const core::Case& c : under_a) {
    auto got = Get(c.id);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(got->subject.nik, c.subject.nik);
    EXPECT_EQ(got->reported_persons.at(0).phone, c.reported_persons.at(0).phone);
    EXPECT_EQ(got->reporter.name, c.reporter.name);
    EXPECT_EQ(got->narrative, c.narrative);
  }
  auto got = Get(fresh.id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->narrative, "baru");
}

TEST_F(KeyRotationTest, AConcurrentUpdateWinsAndTheCaseIsDoneAgain) {
  core::Case c = NewCase("race-1", "narasi");
  ASSERT_TRUE(Create(c, "race-1").ok());
  UseRing({{"A", &key_a_}, {"B", &key_b_}}, "B");
  // Between the tool's read and its compare-and-set, the case moves to version 2.
  HookedCipher hooked(*cipher_, [&] { redis_->Run({"HINCRBY", CaseKey(c.id), "v", "1"}); });
  auto report = Tool(hooked).Run([](std::string_view) {});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->scanned, 1);
  EXPECT_EQ(report->retried, 1);
  EXPECT_EQ(report->reencrypted, 1);
  EXPECT_EQ(SnapshotKeyIds(c.id), std::set<std::string>{"B"});
  EXPECT_EQ(redis_->Run({"HGET", CaseKey(c.id), "v"}), std::vector<std::string>{"2"});
}

TEST_F(KeyRotationTest, ACaseWhoseKeyIsGoneIsReportedNotRewritten) {
  core::Case c = NewCase("gone-1", "narasi");
  ASSERT_TRUE(Create(c, "gone-1").ok());
  const auto before = redis_->Run({"HGET", CaseKey(c.id), "rec"});
  UseRing({{"B", &key_b_}}, "B");  // A removed too early
  std::vector<std::string> problems;
  auto report = Tool(*cipher_).Run([&](std::string_view p) { problems.emplace_back(p); });
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->failed, 1);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("not in the key ring"), std::string::npos) << problems[0];
  EXPECT_EQ(redis_->Run({"HGET", CaseKey(c.id), "rec"}), before);
}

}  // namespace
}  // namespace lintas::testing

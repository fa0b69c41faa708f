#include "core/audit/audit_chain.h"

#include <gtest/gtest.h>

#include "adapters/crypto/audit_mac.h"
#include "adapters/crypto/key_ring.h"

namespace lintas::core::audit {
namespace {

class AuditChainTest : public ::testing::Test {
 protected:
  AuditChainTest() {
    crypto::Key256 key{};
    key.fill(7);
    EXPECT_TRUE(ring_.Add("a1", key).ok());
    mac_ = std::make_unique<crypto::AuditMac>(ring_);
  }

  std::vector<ChainedEntry> Chain(int n) {
    std::vector<AuditEntry> entries;
    for (int i = 0; i < n; ++i)
      entries.push_back(
          {"bp3mi-ntt", "", "GetCase", "C" + std::to_string(i), "narrative", "OK", 1000 + i});
    auto chained = Extend(0, "", "a1", entries, mac_->Function());
    EXPECT_TRUE(chained.ok());
    return *chained;
  }

  std::vector<Finding> Verify(const std::vector<ChainedEntry>& chain, std::int64_t head_seq,
                              const std::string& head_mac) {
    ChainVerifier v(mac_->Function());
    for (std::size_t i = 0; i < chain.size(); ++i)
      v.Add("id" + std::to_string(i + 1), chain[i]);
    return v.Finish(head_seq, head_mac);
  }

  crypto::KeyRing ring_;
  std::unique_ptr<crypto::AuditMac> mac_;
};

TEST_F(AuditChainTest, TheEncodingIsLengthPrefixedSoFieldsCannotShift) {
  ChainedEntry a;
  a.data.agency = "ab";
  a.data.method = "c";
  ChainedEntry b;
  b.data.agency = "a";
  b.data.method = "bc";
  EXPECT_NE(CanonicalEncoding(a), CanonicalEncoding(b));
}

TEST_F(AuditChainTest, ExtendLinksFromTheHead) {
  const auto chain = Chain(3);
  EXPECT_EQ(chain[0].seq, 1);
  EXPECT_EQ(chain[0].prev, kGenesis);
  EXPECT_EQ(chain[1].prev, chain[0].mac);
  EXPECT_EQ(chain[2].prev, chain[1].mac);
  EXPECT_EQ(chain[2].mac.size(), 64u);
  auto more = Extend(3, chain[2].mac, "a1", {AuditEntry{}}, mac_->Function());
  ASSERT_TRUE(more.ok());
  EXPECT_EQ((*more)[0].seq, 4);
  EXPECT_EQ((*more)[0].prev, chain[2].mac);
  EXPECT_FALSE(Extend(0, "", "nope", {AuditEntry{}}, mac_->Function()).ok());
}

TEST_F(AuditChainTest, AnIntactChainHasNoFindings) {
  const auto chain = Chain(5);
  EXPECT_TRUE(Verify(chain, 5, chain.back().mac).empty());
  EXPECT_TRUE(Verify({}, 0, "").empty());
}

TEST_F(AuditChainTest, NamesChangedRemovedAndReorderedEntries) {
  auto chain = Chain(8);
  const std::string head = chain.back().mac;
  chain[1].data.outcome = "NOT_FOUND";  // seq 2 changed
  std::swap(chain[4], chain[5]);        // seq 5 and 6 swapped
  chain.erase(chain.begin() + 6);       // seq 7 removed
  const auto findings = Verify(chain, 8, head);
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].kind, Finding::Kind::kChanged);
  EXPECT_EQ(findings[0].seq, 2);
  EXPECT_EQ(findings[0].entry_id, "id2");
  EXPECT_EQ(findings[1].kind, Finding::Kind::kReordered);
  EXPECT_EQ(findings[1].seq, 5);
  EXPECT_EQ(findings[2].kind, Finding::Kind::kRemoved);
  EXPECT_EQ(findings[2].seq, 7);
}

TEST_F(AuditChainTest, AWrongKeyFailsEveryMacUnderItsIdAndTamperingDoesNot) {
  const auto chain = Chain(4);
  // The same id, another key: what a process started with the wrong key file sees.
  crypto::KeyRing other;
  crypto::Key256 key{};
  key.fill(8);
  ASSERT_TRUE(other.Add("a1", key).ok());
  const crypto::AuditMac wrong(other);
  ChainVerifier with_wrong_key(wrong.Function());
  for (std::size_t i = 0; i < chain.size(); ++i)
    with_wrong_key.Add("id" + std::to_string(i + 1), chain[i]);
  EXPECT_EQ(with_wrong_key.Finish(4, chain.back().mac).size(), 4u);
  EXPECT_EQ(with_wrong_key.KeysFailingEveryMac(), std::vector<std::string>{"a1"});

  auto tampered = chain;
  tampered[2].data.outcome = "NOT_FOUND";
  ChainVerifier with_right_key(mac_->Function());
  for (std::size_t i = 0; i < tampered.size(); ++i)
    with_right_key.Add("id" + std::to_string(i + 1), tampered[i]);
  EXPECT_EQ(with_right_key.Finish(4, chain.back().mac).size(), 1u);
  EXPECT_TRUE(with_right_key.KeysFailingEveryMac().empty());
}

TEST_F(AuditChainTest, AGapBeforeAChangedEntryIsNamedFirst) {
  auto chain = Chain(3);
  const std::string head = chain.back().mac;
  chain[1].data.fields = "";   // seq 2 changed
  chain.erase(chain.begin());  // seq 1 removed
  ChainVerifier v(mac_->Function());
  v.Add("id2", chain[0]);
  v.Add("id3", chain[1]);
  const auto findings = v.Finish(3, head);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].kind, Finding::Kind::kRemoved);
  EXPECT_EQ(findings[0].seq, 1);
  EXPECT_EQ(findings[0].entry_id, "id2");
  EXPECT_EQ(findings[1].kind, Finding::Kind::kChanged);
  EXPECT_EQ(findings[1].seq, 2);
}

TEST_F(AuditChainTest, TheHeadCatchesEntriesCutFromTheEnd) {
  const auto chain = Chain(4);
  const auto findings =
      Verify(std::vector<ChainedEntry>(chain.begin(), chain.begin() + 2), 4, chain.back().mac);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, Finding::Kind::kRemoved);
  EXPECT_EQ(findings[0].seq, 3);
  EXPECT_EQ(findings[0].last_missing_seq, 4);
  // Everything gone but the head.
  EXPECT_EQ(Verify({}, 4, chain.back().mac).size(), 1u);
}

TEST_F(AuditChainTest, AMalformedEntryIsChangedWithoutCascading) {
  const auto chain = Chain(3);
  ChainVerifier v(mac_->Function());
  v.Add("id1", chain[0]);
  v.Add("id2", std::nullopt);
  v.Add("id3", chain[2]);
  const auto findings = v.Finish(3, chain[2].mac);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, Finding::Kind::kChanged);
  EXPECT_EQ(findings[0].entry_id, "id2");
}

TEST_F(AuditChainTest, FieldListsRoundTrip) {
  std::string joined;
  ASSERT_TRUE(JoinFields({"subject.nik", "reported_persons[0].phone"}, joined));
  EXPECT_EQ(joined, "subject.nik,reported_persons[0].phone");
  EXPECT_EQ(SplitFields(joined),
            (std::vector<std::string>{"subject.nik", "reported_persons[0].phone"}));
  EXPECT_TRUE(SplitFields("").empty());
  EXPECT_FALSE(JoinFields({"a,b"}, joined));
}

}  // namespace
}  // namespace lintas::core::audit

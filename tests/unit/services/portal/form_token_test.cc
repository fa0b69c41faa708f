#include "services/portal/form_token.h"

#include <gtest/gtest.h>

#include <chrono>

#include "adapters/crypto/aes_gcm_field_cipher.h"
#include "adapters/crypto/key_ring.h"

namespace lintas::portal {
namespace {

using std::chrono::minutes;

crypto::KeyRing Ring(std::uint8_t fill) {
  crypto::KeyRing ring;
  crypto::Key256 key{};
  key.fill(fill);
  EXPECT_TRUE(ring.Add("k1", key).ok());
  return ring;
}

class FormTokenTest : public ::testing::Test {
 protected:
  crypto::KeyRing ring_ = Ring(7);
  crypto::HmacKeyedHasher hasher_{ring_};
  FormTokens tokens_{hasher_, minutes(120)};
  core::Timestamp now_ = core::Timestamp(std::chrono::hours(24 * 20000));
  std::array<std::uint8_t, 16> nonce_{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
};

TEST_F(FormTokenTest, AFreshTokenIsAcceptedAndIsAValidIdempotencyKey) {
  const std::string token = tokens_.Issue(now_, nonce_);
  EXPECT_EQ(tokens_.Verify(token, now_), FormTokens::Check::kOk);
  EXPECT_EQ(tokens_.Verify(token, now_ + minutes(120)), FormTokens::Check::kOk);
  EXPECT_LE(token.size(), 128u);
  for (char c : token) {
    EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.') << token;
  }
}

TEST_F(FormTokenTest, AnOldTokenHasExpired) {
  const std::string token = tokens_.Issue(now_, nonce_);
  EXPECT_EQ(tokens_.Verify(token, now_ + minutes(121)), FormTokens::Check::kExpired);
}

TEST_F(FormTokenTest, ATokenFromTheFutureIsRefused) {
  const std::string token = tokens_.Issue(now_ + minutes(10), nonce_);
  EXPECT_EQ(tokens_.Verify(token, now_), FormTokens::Check::kInvalid);
}

TEST_F(FormTokenTest, AnyChangedCharacterIsRefused) {
  const std::string token = tokens_.Issue(now_, nonce_);
  for (std::size_t i = 0; i < token.size(); ++i) {
    std::string changed = token;
    changed[i] = changed[i] == '1' ? '2' : '1';
    EXPECT_EQ(tokens_.Verify(changed, now_), FormTokens::Check::kInvalid) << changed;
  }
}

TEST_F(FormTokenTest, ATokenMadeUnderAnotherKeyIsRefused) {
  crypto::KeyRing other = Ring(9);
  crypto::HmacKeyedHasher other_hasher(other);
  FormTokens forged(other_hasher, minutes(120));
  EXPECT_EQ(tokens_.Verify(forged.Issue(now_, nonce_), now_), FormTokens::Check::kInvalid);
}

TEST_F(FormTokenTest, GarbageIsRefused) {
  for (const char* bad :
       {"", "f1", "f1...", "f1.x.y.z", "f2.1.00.00", "....", "f1.99999999999999999999999.0.0"}) {
    EXPECT_EQ(tokens_.Verify(bad, now_), FormTokens::Check::kInvalid) << bad;
  }
  EXPECT_EQ(tokens_.Verify(std::string(5000, 'a'), now_), FormTokens::Check::kInvalid);
}

}  // namespace
}  // namespace lintas::portal

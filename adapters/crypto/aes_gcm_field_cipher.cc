#include "adapters/crypto/aes_gcm_field_cipher.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <atomic>
#include <climits>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/util/string_view.h"

namespace lintas::crypto {
namespace {

constexpr std::uint8_t kFormatVersion = 1;
constexpr std::size_t kMaxKeyIdLength = 32;
constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;
constexpr std::string_view kCipherInfo = "lintas field cipher v1";
constexpr std::string_view kHashInfoPrefix = "lintas keyed hash v1 ";
// OpenSSL's update calls take int lengths.
constexpr std::size_t kMaxChunk = INT_MAX;

struct CipherFree {
  void operator()(EVP_CIPHER* p) const { EVP_CIPHER_free(p); }
};
struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* p) const { EVP_CIPHER_CTX_free(p); }
};
struct KdfFree {
  void operator()(EVP_KDF* p) const { EVP_KDF_free(p); }
};
struct KdfCtxFree {
  void operator()(EVP_KDF_CTX* p) const { EVP_KDF_CTX_free(p); }
};
struct MacFree {
  void operator()(EVP_MAC* p) const { EVP_MAC_free(p); }
};
struct MacCtxFree {
  void operator()(EVP_MAC_CTX* p) const { EVP_MAC_CTX_free(p); }
};

// Algorithms are fetched once: an explicit fetch per call costs a locked lookup in the provider
// store, and fetched algorithm objects are immutable and safe to share between threads.
const EVP_CIPHER* Aes256Gcm() {
  static const std::unique_ptr<EVP_CIPHER, CipherFree> cipher(
      EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr));
  return cipher.get();
}

EVP_KDF* Hkdf() {
  static const std::unique_ptr<EVP_KDF, KdfFree> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
  return kdf.get();
}

EVP_MAC* Hmac() {
  static const std::unique_ptr<EVP_MAC, MacFree> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  return mac.get();
}

// Wipes a stack copy of key material however the scope ends.
class ScopedKey {
 public:
  ScopedKey() = default;
  ScopedKey(const ScopedKey&) = delete;
  ScopedKey& operator=(const ScopedKey&) = delete;
  ~ScopedKey() { OPENSSL_cleanse(key_.data(), key_.size()); }
  Key256& get() { return key_; }

 private:
  Key256 key_{};
};

// HKDF-SHA256 (extract and expand) with no salt, i.e. RFC 5869's default of HashLen zero bytes.
// A salt adds nothing here: the master keys are already uniformly random.
bool DeriveKey(const Key256& master, std::string_view info, Key256& out) {
  EVP_KDF* kdf = Hkdf();
  if (kdf == nullptr) return false;
  const std::unique_ptr<EVP_KDF_CTX, KdfCtxFree> ctx(EVP_KDF_CTX_new(kdf));
  if (ctx == nullptr) return false;
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
                                        const_cast<std::uint8_t*>(master.data()), master.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(info.data()),
                                        info.size()),
      OSSL_PARAM_construct_end(),
  };
  return EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) == 1;
}

// Every cipher and hasher gets a number never reused (unlike an address), naming its contexts in
// the per-thread caches below.
std::uint64_t NextInstance() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1);
}

// Per-thread OpenSSL contexts with their key already set up, so that a call costs resetting the
// nonce (or the HMAC state) instead of allocating a context and expanding the key. One thread
// touches its own entries only, so no lock is needed. Entries live as long as the thread; a
// process makes a handful of ciphers, so the cache stays a few entries long.
template <typename Ctx, typename Free>
class ThreadContexts {
 public:
  // The context for (instance, name), made by `make` the first time; nullptr if that failed.
  template <typename Make>
  Ctx* Get(std::uint64_t instance, std::string_view name, Make make) {
    for (auto& e : entries_) {
      if (e.instance == instance && e.name == name) return e.ctx.get();
    }
    std::unique_ptr<Ctx, Free> ctx(make());
    if (ctx == nullptr) return nullptr;
    entries_.push_back({instance, std::string(name), std::move(ctx)});
    return entries_.back().ctx.get();
  }
  // Drops a context that failed mid-use: its state is unknown.
  void Drop(std::uint64_t instance, std::string_view name) {
    std::erase_if(entries_,
                  [&](const auto& e) { return e.instance == instance && e.name == name; });
  }

 private:
  struct Entry {
    std::uint64_t instance;
    std::string name;
    std::unique_ptr<Ctx, Free> ctx;
  };
  std::vector<Entry> entries_;
};

ThreadContexts<EVP_CIPHER_CTX, CipherCtxFree>& CipherContexts(bool encrypt) {
  thread_local ThreadContexts<EVP_CIPHER_CTX, CipherCtxFree> contexts[2];
  return contexts[encrypt ? 1 : 0];
}

// A context with the key scheduled for one direction; each call then sets only the nonce.
EVP_CIPHER_CTX* KeyedCipherCtx(std::uint64_t instance, std::string_view key_id, bool encrypt,
                               const Key256& key) {
  return CipherContexts(encrypt).Get(instance, key_id, [&]() -> EVP_CIPHER_CTX* {
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    if (ctx != nullptr && Aes256Gcm() != nullptr &&
        EVP_CipherInit_ex2(ctx, Aes256Gcm(), key.data(), nullptr, encrypt ? 1 : 0, nullptr) == 1) {
      return ctx;
    }
    EVP_CIPHER_CTX_free(ctx);
    return nullptr;
  });
}

void DropCipherCtx(std::uint64_t instance, std::string_view key_id, bool encrypt) {
  CipherContexts(encrypt).Drop(instance, key_id);
}

// An HMAC-SHA256 context holding the key for one purpose; EVP_MAC_init with no key resets it for
// the next message under the same key.
EVP_MAC_CTX* KeyedMacCtx(std::uint64_t instance, std::string_view purpose, const Key256& master) {
  thread_local ThreadContexts<EVP_MAC_CTX, MacCtxFree> contexts;
  return contexts.Get(instance, purpose, [&]() -> EVP_MAC_CTX* {
    ScopedKey key;
    if (!DeriveKey(master, std::string(kHashInfoPrefix).append(purpose), key.get())) {
      return nullptr;
    }
    EVP_MAC_CTX* ctx = Hmac() == nullptr ? nullptr : EVP_MAC_CTX_new(Hmac());
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_end(),
    };
    if (ctx != nullptr && EVP_MAC_init(ctx, key.get().data(), key.get().size(), params) == 1) {
      return ctx;
    }
    EVP_MAC_CTX_free(ctx);
    return nullptr;
  });
}

unsigned char* Bytes(std::string& s) {
  return reinterpret_cast<unsigned char*>(s.data());
}
const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

absl::Status OpenSslFailure(const char* what) {
  ERR_clear_error();  // leave no stale entries for the next OpenSSL user on this thread
  return absl::InternalError(absl::StrCat(what, " failed in OpenSSL"));
}

}  // namespace

AesGcmFieldCipher::AesGcmFieldCipher(const KeyRing& ring)
    : instance_(NextInstance()), active_(ring.active_id()) {
  for (const std::string& id : ring.key_ids()) {
    Key256& slot = derived_[id];
    // Constructed while wiring at start, where a loud failure beats a cipher that cannot open.
    if (!DeriveKey(*ring.Find(id), kCipherInfo, slot)) {
      ERR_clear_error();
      for (auto& [derived_id, key] : derived_)
        OPENSSL_cleanse(key.data(), key.size());
      throw std::runtime_error("AesGcmFieldCipher: HKDF-SHA256 failed in OpenSSL");
    }
  }
}

AesGcmFieldCipher::~AesGcmFieldCipher() {
  for (auto& [id, key] : derived_)
    OPENSSL_cleanse(key.data(), key.size());
}

absl::StatusOr<std::string> AesGcmFieldCipher::Seal(std::string_view plaintext,
                                                    std::string_view aad) {
  if (plaintext.empty()) return std::string();
  const auto key = derived_.find(active_);
  if (key == derived_.end()) {
    return absl::FailedPreconditionError("field cipher: the key ring has no active key");
  }
  if (plaintext.size() > kMaxChunk || aad.size() > kMaxChunk) {
    return absl::InvalidArgumentError("field cipher: value or aad too large to seal");
  }
  EVP_CIPHER_CTX* ctx = KeyedCipherCtx(instance_, active_, true, key->second);
  if (ctx == nullptr) return OpenSslFailure("setting up AES-256-GCM");

  const std::size_t header_size = 2 + active_.size();
  std::string out(header_size + kNonceBytes + plaintext.size() + kTagBytes, '\0');
  out[0] = static_cast<char>(kFormatVersion);
  out[1] = static_cast<char>(active_.size());
  std::memcpy(out.data() + 2, active_.data(), active_.size());
  unsigned char* nonce = Bytes(out) + header_size;
  unsigned char* ciphertext = nonce + kNonceBytes;
  unsigned char* tag = ciphertext + plaintext.size();
  if (RAND_bytes(nonce, kNonceBytes) != 1) return OpenSslFailure("drawing a nonce");

  int len = 0;
  OSSL_PARAM get_tag[] = {
      OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag, kTagBytes),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_EncryptInit_ex2(ctx, nullptr, nullptr, nonce, nullptr) != 1 ||
      EVP_EncryptUpdate(ctx, nullptr, &len, Bytes(out), static_cast<int>(header_size)) != 1 ||
      (!aad.empty() &&
       EVP_EncryptUpdate(ctx, nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) != 1) ||
      EVP_EncryptUpdate(ctx, ciphertext, &len, Bytes(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      static_cast<std::size_t>(len) != plaintext.size() ||
      EVP_EncryptFinal_ex(ctx, ciphertext + len, &len) != 1 ||
      EVP_CIPHER_CTX_get_params(ctx, get_tag) != 1) {
    DropCipherCtx(instance_, active_, true);
    return OpenSslFailure("AES-256-GCM encryption");
  }
  return out;
}

absl::StatusOr<std::string> AesGcmFieldCipher::Open(std::string_view sealed, std::string_view aad) {
  if (sealed.empty()) return std::string();
  if (sealed.size() < 2) return absl::DataLossError("sealed value is truncated");
  if (static_cast<std::uint8_t>(sealed[0]) != kFormatVersion) {
    return absl::DataLossError("sealed value has an unknown format version");
  }
  const std::size_t id_length = static_cast<std::uint8_t>(sealed[1]);
  if (id_length == 0 || id_length > kMaxKeyIdLength) {
    return absl::DataLossError("sealed value has an invalid key id length");
  }
  const std::size_t header_size = 2 + id_length;
  // Seal never produces an empty ciphertext (empty values seal to ""), so at least one byte.
  if (sealed.size() < header_size + kNonceBytes + 1 + kTagBytes) {
    return absl::DataLossError("sealed value is truncated");
  }
  if (sealed.size() > kMaxChunk || aad.size() > kMaxChunk) {
    return absl::InvalidArgumentError("field cipher: value or aad too large to open");
  }
  const std::string_view key_id = sealed.substr(2, id_length);
  const auto key = derived_.find(key_id);
  if (key == derived_.end()) {
    // Escaped: a damaged value can put any bytes here.
    return absl::FailedPreconditionError(
        absl::StrCat("sealed value names key id '",
                     absl::CHexEscape(absl::string_view(key_id.data(), key_id.size())),
                     "', which is not in the key ring"));
  }
  EVP_CIPHER_CTX* ctx = KeyedCipherCtx(instance_, key_id, false, key->second);
  if (ctx == nullptr) return OpenSslFailure("setting up AES-256-GCM");

  const std::string_view header = sealed.substr(0, header_size);
  const std::string_view nonce = sealed.substr(header_size, kNonceBytes);
  const std::string_view ciphertext = sealed.substr(
      header_size + kNonceBytes, sealed.size() - header_size - kNonceBytes - kTagBytes);
  const std::string_view tag = sealed.substr(sealed.size() - kTagBytes);

  std::string plain(ciphertext.size(), '\0');
  int len = 0;
  OSSL_PARAM set_tag[] = {
      OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, const_cast<char*>(tag.data()),
                                        tag.size()),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_DecryptInit_ex2(ctx, nullptr, nullptr, Bytes(nonce), nullptr) != 1 ||
      EVP_DecryptUpdate(ctx, nullptr, &len, Bytes(header), static_cast<int>(header.size())) != 1 ||
      (!aad.empty() &&
       EVP_DecryptUpdate(ctx, nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) != 1) ||
      EVP_DecryptUpdate(ctx, Bytes(plain), &len, Bytes(ciphertext),
                        static_cast<int>(ciphertext.size())) != 1 ||
      static_cast<std::size_t>(len) != ciphertext.size() ||
      EVP_CIPHER_CTX_set_params(ctx, set_tag) != 1) {
    OPENSSL_cleanse(plain.data(), plain.size());
    DropCipherCtx(instance_, key_id, false);
    return OpenSslFailure("AES-256-GCM decryption");
  }
  if (EVP_DecryptFinal_ex(ctx, Bytes(plain) + len, &len) != 1) {
    // Unauthenticated plaintext must not survive, not even in freed memory.
    OPENSSL_cleanse(plain.data(), plain.size());
    ERR_clear_error();
    return absl::DataLossError(
        "sealed value failed authentication: altered, or opened with the wrong aad or key");
  }
  return plain;
}

namespace {

const Key256& MasterKey(const KeyRing& ring, std::string_view key_id) {
  const Key256* key = ring.Find(key_id);
  if (key == nullptr) {
    throw std::logic_error(absl::StrCat("HmacKeyedHasher: key id '",
                                        absl::CHexEscape(AsAbsl(key_id)), "' is not in the ring"));
  }
  return *key;
}

}  // namespace

std::optional<std::string_view> AesGcmFieldCipher::KeyIdOf(std::string_view sealed) {
  if (sealed.size() < 2 || static_cast<std::uint8_t>(sealed[0]) != kFormatVersion) {
    return std::nullopt;
  }
  const std::size_t id_length = static_cast<std::uint8_t>(sealed[1]);
  if (id_length == 0 || id_length > kMaxKeyIdLength ||
      sealed.size() < 2 + id_length + kNonceBytes + 1 + kTagBytes) {
    return std::nullopt;
  }
  return sealed.substr(2, id_length);
}

HmacKeyedHasher::HmacKeyedHasher(const KeyRing& ring) : HmacKeyedHasher(ring, ring.index_id()) {}

HmacKeyedHasher::HmacKeyedHasher(const KeyRing& ring, std::string_view key_id)
    : instance_(NextInstance()), master_(MasterKey(ring, key_id)) {}

HmacKeyedHasher::~HmacKeyedHasher() {
  OPENSSL_cleanse(master_.data(), master_.size());
}

std::string HmacKeyedHasher::Hash(std::string_view purpose, std::string_view data) const {
  EVP_MAC_CTX* ctx = KeyedMacCtx(instance_, purpose, master_);
  std::string out(32, '\0');
  std::size_t out_len = 0;
  if (ctx == nullptr || EVP_MAC_init(ctx, nullptr, 0, nullptr) != 1 ||
      EVP_MAC_update(ctx, Bytes(data), data.size()) != 1 ||
      EVP_MAC_final(ctx, Bytes(out), &out_len, out.size()) != 1 || out_len != out.size()) {
    ERR_clear_error();
    throw std::runtime_error("HmacKeyedHasher: HMAC-SHA256 failed in OpenSSL");
  }
  return out;
}

}  // namespace lintas::crypto

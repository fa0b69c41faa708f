#include "adapters/crypto/key_ring.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace lintas::crypto {
namespace {

constexpr std::size_t kHexChars = 2 * sizeof(Key256);
// A key file is 64 hex digits plus a little white space; anything much larger is the wrong file,
// and refusing it early keeps us from reading e.g. a log or a device into memory.
constexpr std::size_t kMaxKeyFileBytes = 4096;
constexpr std::size_t kMaxKeyIdLength = 32;

// Holds file content and wipes it however the parse ends.
class WipedBuffer {
 public:
  WipedBuffer() = default;
  WipedBuffer(const WipedBuffer&) = delete;
  WipedBuffer& operator=(const WipedBuffer&) = delete;
  ~WipedBuffer() { OPENSSL_cleanse(bytes_, sizeof(bytes_)); }
  char* data() { return bytes_; }
  static constexpr std::size_t capacity() { return sizeof(bytes_); }

 private:
  char bytes_[kMaxKeyFileBytes + 1];  // +1 to notice a file that is too large
};

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsKeyIdChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

absl::Status OpenError(const std::string& path, int err) {
  const std::string message = absl::StrCat("key file '", path, "': ", std::strerror(err));
  if (err == ENOENT || err == ENOTDIR) return absl::NotFoundError(message);
  if (err == EACCES || err == EPERM) return absl::PermissionDeniedError(message);
  return absl::UnavailableError(message);
}

}  // namespace

KeyRing& KeyRing::operator=(KeyRing&& other) noexcept {
  if (this != &other) {
    Wipe();  // the old keys would otherwise be freed with their bytes intact
    keys_ = std::move(other.keys_);
    active_ = std::move(other.active_);
    index_ = std::move(other.index_);
    audit_ = std::move(other.audit_);
    other.keys_.clear();
    other.active_.clear();
    other.index_.clear();
    other.audit_.clear();
  }
  return *this;
}

KeyRing::~KeyRing() {
  Wipe();
}

void KeyRing::Wipe() {
  for (auto& [id, key] : keys_)
    OPENSSL_cleanse(key.data(), key.size());
}

absl::StatusOr<Key256> KeyRing::ReadKeyFile(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (fd.get() < 0) return OpenError(path, errno);

  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return OpenError(path, errno);
  // A FIFO or device could block or stream forever; secrets are mounted as regular files.
  if (!S_ISREG(st.st_mode)) {
    return absl::InvalidArgumentError(absl::StrCat("key file '", path, "' is not a regular file"));
  }
  // A key others can read is a key others may have copied: refuse it before reading a byte.
  const mode_t mode = st.st_mode & 07777;
  if (mode != 0600 && mode != 0400) {
    return absl::PermissionDeniedError(absl::StrFormat(
        "key file '%s' has mode %04o; it must be readable by its owner only (0600 or 0400): "
        "run chmod 600 '%s'",
        path, mode, path));
  }

  WipedBuffer buffer;
  std::size_t size = 0;
  while (size < WipedBuffer::capacity()) {
    const ssize_t n = ::read(fd.get(), buffer.data() + size, WipedBuffer::capacity() - size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return OpenError(path, errno);
    }
    if (n == 0) break;
    size += static_cast<std::size_t>(n);
  }
  if (size > kMaxKeyFileBytes) {
    return absl::InvalidArgumentError(absl::StrCat("key file '", path, "' is larger than ",
                                                   kMaxKeyFileBytes, " bytes; expected ", kHexChars,
                                                   " hex characters"));
  }

  std::string_view text(buffer.data(), size);
  while (!text.empty() && IsSpace(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back()))
    text.remove_suffix(1);
  // Only lengths and the kind of fault are reported, never the characters themselves.
  if (text.size() != kHexChars) {
    return absl::InvalidArgumentError(absl::StrCat("key file '", path, "': expected ", kHexChars,
                                                   " hex characters, found ", text.size(),
                                                   " characters"));
  }
  Key256 key{};
  for (std::size_t i = 0; i < key.size(); ++i) {
    const int hi = HexValue(text[2 * i]);
    const int lo = HexValue(text[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      OPENSSL_cleanse(key.data(), key.size());
      return absl::InvalidArgumentError(absl::StrCat("key file '", path, "': expected ", kHexChars,
                                                     " hex characters, found other characters"));
    }
    key[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return key;
}

absl::Status KeyRing::Add(std::string key_id, const Key256& key) {
  if (key_id.empty() || key_id.size() > kMaxKeyIdLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("key id must be 1-", kMaxKeyIdLength, " characters, got ", key_id.size()));
  }
  for (char c : key_id) {
    if (!IsKeyIdChar(c)) {
      return absl::InvalidArgumentError("key id may contain only A-Z, a-z, 0-9, '.', '_' and '-'");
    }
  }
  if (keys_.contains(key_id)) {
    return absl::AlreadyExistsError(absl::StrCat("key id '", key_id, "' is already in the ring"));
  }
  if (active_.empty()) active_ = index_ = audit_ = key_id;
  keys_.emplace(std::move(key_id), key);
  return absl::OkStatus();
}

namespace {

absl::Status NotInRing(std::string_view key_id) {
  // Escaped: this id has not been validated, and it may end up in a log line.
  return absl::NotFoundError(
      absl::StrCat("key id '", absl::CHexEscape(absl::string_view(key_id.data(), key_id.size())),
                   "' is not in the ring"));
}

}  // namespace

absl::Status KeyRing::SetActive(std::string_view key_id) {
  if (!keys_.contains(key_id)) return NotInRing(key_id);
  active_ = std::string(key_id);
  return absl::OkStatus();
}

absl::Status KeyRing::SetIndexKey(std::string_view key_id) {
  if (!keys_.contains(key_id)) return NotInRing(key_id);
  index_ = std::string(key_id);
  return absl::OkStatus();
}

absl::Status KeyRing::SetAuditKey(std::string_view key_id) {
  if (!keys_.contains(key_id)) return NotInRing(key_id);
  audit_ = std::string(key_id);
  return absl::OkStatus();
}

const Key256* KeyRing::Find(std::string_view key_id) const {
  const auto it = keys_.find(key_id);
  return it == keys_.end() ? nullptr : &it->second;
}

const Key256& KeyRing::active_key() const {
  const Key256* key = Find(active_);
  if (key == nullptr) throw std::logic_error("KeyRing::active_key: the ring has no key");
  return *key;
}

std::vector<std::string> KeyRing::key_ids() const {
  std::vector<std::string> ids;
  ids.reserve(keys_.size());
  for (const auto& [id, key] : keys_)
    ids.push_back(id);
  return ids;
}

}  // namespace lintas::crypto

#pragma once

#include <cstddef>
#include <mutex>
#include <set>

namespace lintas::feeds {

// The live streams of a service, so that a stopping server can end them at once (UNAVAILABLE:
// resume elsewhere) instead of waiting out its grace period on streams that never end.
class FeedRegistry {
 public:
  class Member {
   public:
    virtual ~Member() = default;
    // Ends the stream; called with the registry locked: never call Join or Leave from it.
    virtual void Stop() = 0;
  };

  // False once StopAll ran: the stream must end at once.
  bool Join(Member* m) {
    std::lock_guard lock(mu_);
    if (stopping_) return false;
    members_.insert(m);
    return true;
  }
  // When it returns, StopAll is not calling `m` and never will.
  void Leave(Member* m) {
    std::lock_guard lock(mu_);
    members_.erase(m);
  }
  void StopAll() {
    std::lock_guard lock(mu_);
    stopping_ = true;
    for (Member* m : members_)
      m->Stop();
  }
  std::size_t size() const {
    std::lock_guard lock(mu_);
    return members_.size();
  }

 private:
  mutable std::mutex mu_;
  std::set<Member*> members_;
  bool stopping_ = false;
};

}  // namespace lintas::feeds

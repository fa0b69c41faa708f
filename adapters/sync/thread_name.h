#pragma once

#include <pthread.h>

#include <string>

namespace lintas::sync {

// Names the calling thread as `top -H` and /proc/<pid>/task/*/comm show it. Linux keeps 15
// characters; a longer name is cut rather than refused.
inline void SetThreadName(const std::string& name) {
  const std::string cut = name.substr(0, 15);
  pthread_setname_np(pthread_self(), cut.c_str());
}

}  // namespace lintas::sync

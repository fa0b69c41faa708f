#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/redis_server.h"

namespace lintas::testing {

// Everything a Redis holds, for scans that look for values which must not be there in clear:
// every key name, its type, and every value of it (string, hash fields and values, stream entry
// ids, fields and values, list items, set members, zset members and scores).
struct RedisDump {
  std::map<std::string, std::string> types;                // key -> type
  std::map<std::string, std::vector<std::string>> values;  // key -> what it holds
  // How many keys of each type were read.
  std::map<std::string, int> CountByType() const {
    std::map<std::string, int> out;
    for (const auto& [key, type] : types)
      ++out[type];
    return out;
  }
};

inline RedisDump DumpEverything(const RedisServer& redis) {
  RedisDump dump;
  for (const auto& key : redis.Run({"KEYS", "*"})) {
    const auto type = redis.Run({"TYPE", key});
    EXPECT_EQ(type.size(), 1u) << key;
    if (type.empty()) continue;
    std::vector<std::string> values;
    if (type[0] == "string") values = redis.Run({"GET", key});
    if (type[0] == "hash") values = redis.Run({"HGETALL", key});
    if (type[0] == "stream") values = redis.Run({"XRANGE", key, "-", "+"});
    if (type[0] == "list") values = redis.Run({"LRANGE", key, "0", "-1"});
    if (type[0] == "set") values = redis.Run({"SMEMBERS", key});
    if (type[0] == "zset") values = redis.Run({"ZRANGE", key, "0", "-1", "WITHSCORES"});
    EXPECT_TRUE(type[0] == "string" || type[0] == "hash" || type[0] == "stream" ||
                type[0] == "list" || type[0] == "set" || type[0] == "zset")
        << "a key of a type the scan does not read: " << type[0] << " " << key;
    // An empty stream is legitimate (a consumer group on a trimmed stream); others hold values.
    if (type[0] != "stream") {
      EXPECT_FALSE(values.empty()) << "no value read for " << type[0] << " " << key;
    }
    dump.types[key] = type[0];
    dump.values[key] = std::move(values);
  }
  return dump;
}

// The bytes of every file under `dir` (the AOF), except the server's own log.
inline std::string ReadAllFilesUnder(const std::string& dir) {
  std::string all;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().filename() == "redis.log") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    all += ss.str();
  }
  return all;
}

// Where `needle` occurs in the dump (key names and values), as "key" or "value of key"; empty
// when nowhere.
inline std::vector<std::string> WhereIn(const RedisDump& dump, const std::string& needle) {
  std::vector<std::string> out;
  for (const auto& [key, values] : dump.values) {
    if (key.find(needle) != std::string::npos) out.push_back("key name " + key);
    for (const auto& v : values) {
      if (v.find(needle) != std::string::npos) {
        out.push_back("a value of " + key);
        break;
      }
    }
  }
  return out;
}

}  // namespace lintas::testing

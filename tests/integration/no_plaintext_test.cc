// After cases with known personal values are stored, none of those values appears in clear in
// any key, hash field, stream entry or the AOF on disk.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/integration/store_fixture.h"

namespace lintas::testing {
namespace {

// Every value of every key of every type, as Redis returns it.
std::vector<std::string> DumpEverything(const RedisServer& redis) {
  std::vector<std::string> out;
  for (const auto& key : redis.Run({"KEYS", "*"})) {
    out.push_back(key);
    const auto type = redis.Run({"TYPE", key});
    EXPECT_EQ(type.size(), 1u) << key;
    if (type.empty()) continue;
    std::vector<std::string> values;
    if (type[0] == "string") values = redis.Run({"GET", key});
    if (type[0] == "hash") values = redis.Run({"HGETALL", key});
    if (type[0] == "stream") values = redis.Run({"XRANGE", key, "-", "+"});
    if (type[0] == "list") values = redis.Run({"LRANGE", key, "0", "-1"});
    if (type[0] == "set") values = redis.Run({"SMEMBERS", key});
    if (type[0] == "zset") values = redis.Run({"ZRANGE", key, "0", "-1"});
    EXPECT_FALSE(values.empty()) << "no value read for " << type[0] << " " << key;
    out.insert(out.end(), values.begin(), values.end());
  }
  return out;
}

std::string ReadAllFilesUnder(const std::string& dir) {
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

TEST_F(StoreTest, NoPersonalValueIsStoredInClear) {
  struct Person {
    std::string name, nik, phone;
  };
  const std::vector<Person> people = {
      {"Maria Goreti Seran", "5321014507950001", "+6281234567890"},
      {"Yosefina Bete Klau", "5302015203990002", "+6285237771234"},
      {"Paulus Nahak Mau", "5321011210880003", "+6281339998888"},
  };
  std::vector<std::string> needles;
  std::vector<std::string> ids;
  for (size_t i = 0; i < people.size(); ++i) {
    const std::string key = "agency-a\nleak-" + std::to_string(i);
    core::Case c = NewCase(key, "Korban " + people[i].name + " dijemput calo.");
    c.subject.full_name = people[i].name;
    c.subject.nik = people[i].nik;
    c.subject.phone = people[i].phone;
    c.reported_persons[0].nik = people[(i + 1) % people.size()].nik;
    ASSERT_TRUE(Create(c, key).ok());
    ids.push_back(c.id);
    for (const auto& v : {people[i].name, people[i].nik, people[i].phone})
      needles.push_back(v);
    needles.push_back(people[i].phone.substr(3));  // the national digits alone
  }
  for (const auto& v : {std::string("Yohanes Calo Bria"), std::string("+6281398765432"),
                        std::string("Agustina Luruk"), std::string("+6285311112222")}) {
    needles.push_back(v);
  }

  const auto values = DumpEverything(*redis_);
  ASSERT_GE(values.size(), 3u * 3u) << "expected the stored cases to be there";
  for (const auto& value : values) {
    for (const auto& needle : needles) {
      EXPECT_EQ(value.find(needle), std::string::npos) << "'" << needle << "' found in clear";
    }
  }
  const std::string on_disk = ReadAllFilesUnder(redis_->dir());
  ASSERT_FALSE(on_disk.empty()) << "the AOF should hold the writes";
  for (const auto& needle : needles) {
    EXPECT_EQ(on_disk.find(needle), std::string::npos) << "'" << needle << "' in the AOF";
  }
  // The values do come back through the store: the scan above looked at the real data.
  for (size_t i = 0; i < ids.size(); ++i) {
    auto got = Get(ids[i]);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(got->subject.nik, people[i].nik);
  }
}

}  // namespace
}  // namespace lintas::testing

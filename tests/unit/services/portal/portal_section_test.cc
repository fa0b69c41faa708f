#include "adapters/config/portal_section.h"

#include <gtest/gtest.h>

#include <map>

namespace lintas::config::yaml {
namespace {

class PortalSectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    core::Agency portal;
    portal.id = "portal-publik";
    ASSERT_TRUE(agencies_.Add(portal));
    ASSERT_TRUE(regions_.Add("53", "Nusa Tenggara Timur"));
  }

  absl::Status Parse(const std::string& text, PortalConfig& out,
                     std::map<std::string, std::string> env = {}) {
    const EnvLookup lookup = [env](const std::string& name) -> std::optional<std::string> {
      const auto it = env.find(name);
      if (it == env.end()) return std::nullopt;
      return it->second;
    };
    return ParsePortal(YAML::Load(text), "/nonexistent", agencies_, regions_, lookup, out);
  }

  core::AgencyRegistry agencies_;
  core::RegionDirectory regions_;
};

TEST_F(PortalSectionTest, DefaultsAndOverrides) {
  PortalConfig out;
  ASSERT_TRUE(Parse("{agency: portal-publik, threads: 8, max_body_bytes: 32768}", out).ok());
  EXPECT_EQ(out.listen, "127.0.0.1:8080");
  EXPECT_EQ(out.threads, 8);
  EXPECT_EQ(out.max_body_bytes, 32768);
  EXPECT_EQ(out.max_connections_per_ip, 16);
  ASSERT_TRUE(
      Parse("{agency: portal-publik}", out, {{"LINTAS_PORTAL_LISTEN", "127.0.0.1:0"}}).ok());
  EXPECT_EQ(out.listen, "127.0.0.1:0");
}

TEST_F(PortalSectionTest, ErrorsNameTheKey) {
  const std::pair<const char*, const char*> cases[] = {
      {"{}", "portal.agency: required"},
      {"{agency: nobody}", "portal.agency: 'nobody' is not a registered agency"},
      {"{agency: portal-publik, threads: 0}", "portal.threads"},
      {"{agency: portal-publik, regions_root: '99'}", "portal.regions_root"},
      {"{agency: portal-publik, listen: '0.0.0.0:8443'}", "portal.listen"},
      {"{agency: portal-publik, cert_file: a.crt}", "portal.key_file"},
      {"{agency: portal-publik, cert_file: a.crt, key_file: a.key}", "portal.cert_file"},
      {"{agency: portal-publik, colour: red}", "colour"},
  };
  for (const auto& [text, expected] : cases) {
    PortalConfig out;
    const absl::Status s = Parse(text, out);
    EXPECT_FALSE(s.ok()) << text;
    EXPECT_NE(std::string(s.message()).find(expected), std::string::npos)
        << text << " -> " << s.message();
  }
  PortalConfig out;
  const absl::Status s = Parse("{agency: portal-publik}", out, {{"LINTAS_PORTAL_LISTEN", ""}});
  EXPECT_NE(std::string(s.message()).find("LINTAS_PORTAL_LISTEN is set but empty"),
            std::string::npos);
}

}  // namespace
}  // namespace lintas::config::yaml

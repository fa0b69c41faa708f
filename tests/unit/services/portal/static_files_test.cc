#include "services/portal/static_files.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include "adapters/http/gzip.h"
#include "services/portal/page_template.h"

namespace lintas::portal {
namespace {

std::string Gunzip(const std::string& data) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

http::HttpRequest Get(std::string path, std::string accept_encoding) {
  http::HttpRequest r;
  r.method = "GET";
  r.path = std::move(path);
  r.accept_encoding = std::move(accept_encoding);
  return r;
}

std::string Header(const http::HttpResponse& r, std::string_view name) {
  for (const auto& [key, value] : r.headers) {
    if (key == name) return value;
  }
  return "";
}

TEST(StaticFilesTest, RegionListIsCompactEscapedJson) {
  EXPECT_EQ(RegionsJson({{"53.01", "Kabupaten Kupang"}, {"53.01.01", "Say \"hi\"\\\n"}}),
            "[[\"53.01\",\"Kabupaten Kupang\"],[\"53.01.01\",\"Say \\\"hi\\\"\\\\\\u000a\"]]\n");
  EXPECT_EQ(RegionsJson({}), "[]\n");
}

TEST(StaticFilesTest, ServedPlainOrGzippedAsTheClientAccepts) {
  const StaticFiles files({{"53.71", "Kota Kupang"}, {"53.71.01", "Alak"}});
  http::Router router;
  files.AddRoutes(router);
  for (const char* name : {"portal.css", "portal.js", "wilayah.json", "favicon.svg"}) {
    const StaticFiles::File* file = files.Find(name);
    ASSERT_NE(file, nullptr) << name;
    const http::HttpResponse plain = router.Dispatch(Get(std::string("/static/") + name, ""));
    EXPECT_EQ(plain.status, 200);
    EXPECT_EQ(plain.body, file->body);
    EXPECT_EQ(Header(plain, "Content-Encoding"), "");
    EXPECT_EQ(Header(plain, "X-Content-Type-Options"), "nosniff");
    const http::HttpResponse packed =
        router.Dispatch(Get(std::string("/static/") + name, "gzip, deflate, br"));
    EXPECT_EQ(Header(packed, "Content-Encoding"), "gzip") << name;
    EXPECT_EQ(Header(packed, "Vary"), "Accept-Encoding");
    EXPECT_EQ(Gunzip(packed.body), file->body) << name;
  }
  EXPECT_EQ(files.Find("wilayah.json")->body,
            "[[\"53.71\",\"Kota Kupang\"],[\"53.71.01\",\"Alak\"]]\n");
  EXPECT_EQ(files.Find("portal.js")->body, PortalTemplate("portal.js"));
  EXPECT_EQ(files.Find("portal.js")->type, "text/javascript; charset=utf-8");
  EXPECT_EQ(router.Dispatch(Get("/static/other.js", "")).status, 404);
}

TEST(GzipTest, AcceptEncodingIsReadAsHttpSaysAndGzipRoundTrips) {
  EXPECT_TRUE(http::AcceptsGzip("gzip"));
  EXPECT_TRUE(http::AcceptsGzip("gzip, deflate, br, zstd"));
  EXPECT_TRUE(http::AcceptsGzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_FALSE(http::AcceptsGzip(""));
  EXPECT_FALSE(http::AcceptsGzip("identity"));
  EXPECT_FALSE(http::AcceptsGzip("x-gzip2, br"));
  EXPECT_FALSE(http::AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(http::AcceptsGzip("br, gzip; q=0.000"));
  const std::string text(5000, 'a');
  const std::string packed = http::Gzip(text, 6);
  EXPECT_LT(packed.size(), 100u);
  EXPECT_EQ(Gunzip(packed), text);
}

}  // namespace
}  // namespace lintas::portal

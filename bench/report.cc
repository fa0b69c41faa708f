#include "bench/report.h"

#include <cstdio>
#include <fstream>
#include <optional>
#include <string_view>

namespace lintas::bench {
namespace {

double Ms(std::uint64_t ns) {
  return static_cast<double>(ns) / 1e6;
}

std::string Fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::string ErrorsCell(const LoadResult& r) {
  if (!r.setup_error.empty()) return "**did not run: " + r.setup_error + "**";
  std::string cell = std::to_string(r.errors);
  if (r.other_errors > 0) cell += " (+" + std::to_string(r.other_errors) + " in warm-up/drain)";
  return r.failed() ? "**" + cell + "**" : cell;
}

void PrintRow(const LoadResult& r, std::ostream& out) {
  out << "| " << r.target << " | " << r.concurrency << " | ";
  if (!r.setup_error.empty()) {
    out << "- | - | - | - | ";
  } else {
    const auto& h = r.latency_ns;
    out << Fixed(r.requests_per_s(), 0) << " | " << Fixed(Ms(h.ValueAtQuantile(0.50)), 3) << " | "
        << Fixed(Ms(h.ValueAtQuantile(0.99)), 3) << " | " << Fixed(Ms(h.ValueAtQuantile(0.999)), 3)
        << " | ";
  }
  out << ErrorsCell(r) << " |\n";
}

std::optional<double> Ratio(const LoadResult& submit, const std::vector<LoadResult>& echo) {
  if (!submit.setup_error.empty()) return std::nullopt;
  for (const auto& e : echo) {
    if (e.concurrency == submit.concurrency && e.setup_error.empty() && e.requests_per_s() > 0) {
      return submit.requests_per_s() / e.requests_per_s();
    }
  }
  return std::nullopt;
}

const LoadResult* EchoAt(int concurrency, const std::vector<LoadResult>& echo) {
  for (const auto& e : echo) {
    if (e.concurrency == concurrency) return &e;
  }
  return nullptr;
}

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

void JsonResult(const LoadResult& r, std::ostream& out) {
  const auto& h = r.latency_ns;
  out << "    {\"target\": " << JsonString(r.target) << ", \"concurrency\": " << r.concurrency
      << ", \"channels\": " << r.channels << ", \"cq_threads\": " << r.cq_threads
      << ", \"measured_s\": " << r.measured_s << ", \"ok\": " << r.ok
      << ", \"requests_per_s\": " << r.requests_per_s()
      << ", \"latency_ms\": {\"p50\": " << Ms(h.ValueAtQuantile(0.50))
      << ", \"p99\": " << Ms(h.ValueAtQuantile(0.99))
      << ", \"p999\": " << Ms(h.ValueAtQuantile(0.999)) << ", \"min\": " << Ms(h.min())
      << ", \"max\": " << Ms(h.max()) << ", \"mean\": " << h.mean() / 1e6
      << "}, \"errors\": " << r.errors << ", \"errors_outside_window\": " << r.other_errors
      << ", \"setup_error\": " << JsonString(r.setup_error) << ", \"error_samples\": [";
  for (std::size_t i = 0; i < r.error_samples.size(); ++i) {
    out << (i ? ", " : "") << JsonString(r.error_samples[i]);
  }
  out << "]}";
}

}  // namespace

void PrintMarkdown(const BenchReport& report, std::ostream& out) {
  const RunInfo& info = report.info;
  out << "## lintas_bench " << info.started_at << "\n\n";
  if (info.lintasd_address.empty()) {
    out << "lintasd skipped";
  } else {
    out << "lintasd " << info.lintasd_address << " as " << info.agency;
  }
  out << "; warm-up " << info.warmup_s << " s, measured " << info.duration_s << " s per row; up to "
      << info.max_channels << " channels and " << info.cq_threads
      << " completion-queue threads; echo payload " << info.echo_payload_bytes << " bytes; "
      << info.hardware_threads << " hardware threads shared by everything on this machine.\n\n";

  out << "| target | concurrency | req/s | p50 ms | p99 ms | p99.9 ms | errors |\n"
      << "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n";
  // Rows of one concurrency sit together so that the two targets are read side by side.
  for (const auto& s : report.submit_case) {
    PrintRow(s, out);
    if (const LoadResult* e = EchoAt(s.concurrency, report.echo)) PrintRow(*e, out);
  }
  for (const auto& e : report.echo) {
    bool paired = false;
    for (const auto& s : report.submit_case)
      paired |= s.concurrency == e.concurrency;
    if (!paired) PrintRow(e, out);
  }

  bool any_ratio = false;
  for (const auto& s : report.submit_case) {
    const auto ratio = Ratio(s, report.echo);
    if (!ratio) continue;
    if (!any_ratio) {
      out << "\n| concurrency | " << s.target << " req/s ÷ echo req/s |\n| ---: | ---: |\n";
      any_ratio = true;
    }
    out << "| " << s.concurrency << " | " << Fixed(*ratio, 3) << " |\n";
  }

  bool any_failed = false;
  for (const auto* results : {&report.submit_case, &report.echo}) {
    for (const auto& r : *results) {
      if (!r.failed()) continue;
      if (!any_failed) out << "\n### ERRORS: these numbers are not valid\n\n";
      any_failed = true;
      out << "- " << r.target << " at concurrency " << r.concurrency << ": ";
      if (!r.setup_error.empty()) {
        out << r.setup_error << "\n";
        continue;
      }
      out << r.errors << " failed in the measured window, " << r.other_errors
          << " in warm-up/drain\n";
      for (const auto& text : r.error_samples)
        out << "  - `" << text << "`\n";
    }
  }
}

bool WriteJson(const BenchReport& report, const std::string& path, std::string& error) {
  std::ofstream out(path);
  if (!out) {
    error = "cannot open " + path + " for writing";
    return false;
  }
  const RunInfo& info = report.info;
  out << "{\n  \"started_at\": " << JsonString(info.started_at)
      << ",\n  \"lintasd_address\": " << JsonString(info.lintasd_address)
      << ",\n  \"agency\": " << JsonString(info.agency)
      << ",\n  \"run_id\": " << JsonString(info.run_id) << ",\n  \"warmup_s\": " << info.warmup_s
      << ",\n  \"duration_s\": " << info.duration_s
      << ",\n  \"max_channels\": " << info.max_channels
      << ",\n  \"cq_threads\": " << info.cq_threads
      << ",\n  \"echo_payload_bytes\": " << info.echo_payload_bytes
      << ",\n  \"hardware_threads\": " << info.hardware_threads << ",\n  \"results\": [\n";
  bool first = true;
  for (const auto* results : {&report.submit_case, &report.echo}) {
    for (const auto& r : *results) {
      if (!first) out << ",\n";
      first = false;
      JsonResult(r, out);
    }
  }
  out << "\n  ],\n  \"ratios\": [";
  first = true;
  for (const auto& s : report.submit_case) {
    const auto ratio = Ratio(s, report.echo);
    if (!ratio) continue;
    out << (first ? "\n" : ",\n") << "    {\"concurrency\": " << s.concurrency
        << ", \"submit_case_over_echo\": " << *ratio << "}";
    first = false;
  }
  out << (first ? "]\n}\n" : "\n  ]\n}\n");
  out.close();
  if (!out) {
    error = "failed writing " + path;
    return false;
  }
  return true;
}

}  // namespace lintas::bench

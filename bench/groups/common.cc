#include "common.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>

#include "protocol/messages/all_messages.h"
#include "protocol/records/batch_header.h"
#include "protocol/records/record_batch.h"

namespace gregor::bench {

using namespace gregor::protocol;
namespace fs = std::filesystem;

// --- report ----------------------------------------------------------------------------------------

namespace {
std::string json_number(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}
}  // namespace

report::report(const std::string& json_path) {
  if (!json_path.empty()) json_.open(json_path, std::ios::app);
}

void report::section(const std::string& title) {
  section_key_ = title.substr(0, title.find(' '));
  std::printf("\n%s\n", title.c_str());
  std::fflush(stdout);
}

void report::note(const std::string& text) {
  std::printf("  note: %s\n", text.c_str());
  std::fflush(stdout);
}

void report::value(const std::string& key, const std::string& label, double v, const std::string& unit,
                   int decimals) {
  std::printf("  %-62s %12.*f %s\n", label.c_str(), decimals, v, unit.c_str());
  std::fflush(stdout);
  if (json_) {
    json_ << "{\"bench\":\"groups\",\"figure\":\"" << key << "\",\"value\":" << json_number(v) << ",\"unit\":\""
          << unit << "\"}\n";
    json_.flush();
  }
}

double percentile(std::vector<double> s, double p) {
  if (s.empty()) return NAN;
  std::sort(s.begin(), s.end());
  // Nearest rank: the smallest sample with at least p% of the samples at or below it.
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(s.size())));
  return s[std::clamp<size_t>(rank, 1, s.size()) - 1];
}

void report::distribution(const std::string& key, const std::string& label, std::vector<double> samples,
                          const std::string& unit) {
  double p50 = percentile(samples, 50), p99 = percentile(samples, 99);
  double max = samples.empty() ? NAN : *std::max_element(samples.begin(), samples.end());
  std::printf("  %-62s p50 %7.2f %s  p99 %7.2f %s  max %7.2f %s  (n=%zu)\n", label.c_str(), p50, unit.c_str(), p99,
              unit.c_str(), max, unit.c_str(), samples.size());
  std::fflush(stdout);
  if (json_) {
    json_ << "{\"bench\":\"groups\",\"figure\":\"" << key << "\",\"p50\":" << json_number(p50)
          << ",\"p99\":" << json_number(p99) << ",\"max\":" << json_number(max) << ",\"n\":" << samples.size()
          << ",\"unit\":\"" << unit << "\"}\n";
    json_.flush();
  }
}

// --- /proc -----------------------------------------------------------------------------------------

int64_t rss_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  }
  return -1;
}

double cpu_ms(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Field 2 (comm) is in parentheses and may hold spaces: count fields after the last ')'.
  auto close = all.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream rest(all.substr(close + 2));
  std::string field;
  long long utime = 0, stime = 0;
  for (int i = 3; rest >> field; ++i) {
    if (i == 14) utime = std::stoll(field);
    if (i == 15) {
      stime = std::stoll(field);
      break;
    }
  }
  return static_cast<double>(utime + stime) * 1000.0 / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

double scheduled_cpu_ms(pid_t pid) {
  int64_t ns = 0;
  std::error_code ec;
  for (const auto& task : fs::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::ifstream in(task.path() / "schedstat");
    int64_t run_ns = 0;
    if (in >> run_ns) ns += run_ns;
  }
  return static_cast<double>(ns) / 1e6;
}

int64_t context_switches(pid_t pid) {
  int64_t total = 0;
  std::error_code ec;
  for (const auto& task : fs::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::ifstream in(task.path() / "status");
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("voluntary_ctxt_switches:", 0) == 0) total += std::stoll(line.substr(24));
      if (line.rfind("nonvoluntary_ctxt_switches:", 0) == 0) total += std::stoll(line.substr(27));
    }
  }
  return total;
}

int thread_count(pid_t pid) {
  int n = 0;
  std::error_code ec;
  for (auto it = fs::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec); !ec && it != fs::directory_iterator();
       it.increment(ec))
    ++n;
  return n;
}

// --- partition directories -------------------------------------------------------------------------

int64_t log_bytes(const fs::path& dir) {
  int64_t total = 0;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code size_ec;
    if (it->path().extension() == ".log") {
      auto size = fs::file_size(it->path(), size_ec);
      if (!size_ec) total += static_cast<int64_t>(size);
    }
  }
  return total;
}

int segment_count(const fs::path& dir) {
  int n = 0;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    if (it->path().extension() == ".log") ++n;
  return n;
}

int64_t active_segment_base(const fs::path& dir) {
  int64_t newest = -1;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    if (it->path().extension() != ".log") continue;
    const std::string stem = it->path().stem().string();
    if (stem.empty() || stem.find_first_not_of("0123456789") != std::string::npos) continue;
    newest = std::max<int64_t>(newest, std::stoll(stem));
  }
  return newest;
}

// --- admin calls -----------------------------------------------------------------------------------

bool create_topic(kafka_client& c, const std::string& name, int32_t partitions) {
  create_topics_request req;
  req.timeout_ms = 10000;
  auto& t = req.topics.emplace_back();
  t.name = name;
  t.num_partitions = partitions;
  t.replication_factor = 1;
  auto resp = c.call<create_topics_response>(req, 7);
  return resp && resp->topics.size() == 1 && resp->topics[0].error_code == 0;
}

bool wait_for_coordinator(kafka_client& c, const std::string& group, std::chrono::milliseconds timeout) {
  auto deadline = steady::now() + timeout;
  while (steady::now() < deadline) {
    find_coordinator_request req;
    req.key_type = 0;
    req.coordinator_keys = {group};
    auto resp = c.call<find_coordinator_response>(req, 4);
    if (resp && resp->coordinators.size() == 1 && resp->coordinators[0].error_code == 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

int count_groups(kafka_client& c, const std::string& state) {
  list_groups_request req;
  req.states_filter = {state};
  auto resp = c.call<list_groups_response>(req, 4);
  if (!resp || resp->error_code != 0) return -1;
  return static_cast<int>(resp->groups.size());
}

int64_t list_offset(kafka_client& c, const std::string& topic, int32_t partition, int64_t which) {
  list_offsets_request req;
  req.replica_id = -1;
  auto& t = req.topics.emplace_back();
  t.name = topic;
  t.partitions.push_back({partition, -1, which, 1});
  auto resp = c.call<list_offsets_response>(req, 7);
  if (!resp || resp->topics.empty() || resp->topics[0].partitions.empty()) return -1;
  const auto& p = resp->topics[0].partitions[0];
  return p.error_code == 0 ? p.offset : -1;
}

partition_contents read_partition(kafka_client& c, const std::string& topic, int32_t partition, int64_t below) {
  partition_contents out;
  int64_t next = list_offset(c, topic, partition, -2);
  int64_t end = list_offset(c, topic, partition, -1);
  if (next < 0 || end < 0) return out;
  std::set<std::string> keys;
  while (next < end) {
    fetch_request req;
    req.replica_id = -1;
    req.max_wait_ms = 0;
    req.min_bytes = 1;
    req.max_bytes = 64 * 1024 * 1024;
    auto& t = req.topics.emplace_back();
    t.topic = topic;
    auto& p = t.partitions.emplace_back();
    p.partition = partition;
    p.fetch_offset = next;
    p.partition_max_bytes = 16 * 1024 * 1024;
    auto resp = c.call<fetch_response>(req, 12);
    if (!resp || resp->error_code != 0 || resp->responses.empty() || resp->responses[0].partitions.empty()) return out;
    const auto& part = resp->responses[0].partitions[0];
    if (part.error_code != 0) return out;
    auto batches = records::split_batches(part.records.bytes.span());
    if (!batches || batches->empty()) return out;  // no progress possible
    int64_t before = next;
    for (auto b : *batches) {
      auto header = records::parse_batch_header(b);
      if (!header) return out;
      int64_t last = header->base_offset + header->last_offset_delta;
      if (last < next) continue;  // a batch that starts before the fetch offset, already counted
      ++out.batches;
      auto decoded = records::read_records(b);
      if (!decoded) return out;
      for (const auto& r : decoded->records) {
        if (r.offset < next) continue;
        ++out.records;
        if (r.offset < below) ++out.records_below;
        if (!r.value) ++out.tombstones;
        if (r.key) keys.emplace(r.key->as_string_view());
      }
      next = last + 1;
    }
    if (next == before) return out;
  }
  out.distinct_keys = static_cast<int64_t>(keys.size());
  out.complete = true;
  return out;
}

}  // namespace gregor::bench

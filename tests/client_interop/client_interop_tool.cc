// client_interop_tool: Gregor's C++ client as a command-line tool, for cross-client checks driven
// by client_interop.py. Every record it produced or consumed is printed as one JSON line:
//
//   {"topic":..,"partition":..,"offset":..,"timestamp":..,"key":HEX|null,"value":HEX|null,
//    "headers":[[NAME,HEX|null],..]}
//
// Keys, values and header values are hex so that binary bytes survive JSON; null is Kafka's null.
//
// Usage:
//   client_interop_tool produce BOOTSTRAP TOPIC CODEC N     N records of varied shape (see make_record)
//   client_interop_tool consume BOOTSTRAP N TOPIC...        from the beginning, until N records
//   client_interop_tool partition BOOTSTRAP TOPIC KEYFILE   one record per hex key in KEYFILE, default
//                                                           partitioner; prints {"key":HEX,"partition":P}
// Exits 0 on success, 1 on any failure (message on stderr).
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gregor/consumer.h"
#include "gregor/producer.h"

namespace {

using nlohmann::json;

// Fixed past CreateTime base, so explicit timestamps can never be mistaken for "now".
constexpr int64_t ts_base = 1'600'000'000'000;

std::string to_hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::string from_hex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return out;
}

json hex_or_null(const std::optional<std::string>& b) { return b ? json(to_hex(*b)) : json(nullptr); }

json headers_json(const gregor::record_headers& headers) {
  json out = json::array();
  for (const auto& h : headers) out.push_back(json::array({h.key, hex_or_null(h.value)}));
  return out;
}

// Record i of a produce run. The same shapes are produced by client_interop.py's make_record:
// null keys, binary keys, empty and null values, a large compressible value, no/one/several
// headers (a null header value and a repeated name), explicit timestamps.
gregor::producer_record make_record(const std::string& topic, int i) {
  gregor::producer_record r;
  r.topic = topic;
  const std::string n = std::to_string(i);
  if (i % 4 == 1) r.key = "key-" + n;
  if (i % 4 == 2) r.key = std::string("\x00\xff\x80k", 4) + n;
  if (i % 4 == 3) r.key = "";
  switch (i % 10) {
    case 1: r.value = ""; break;
    case 3: break;  // null value (odd i: never with a null key, which kafka-python cannot send)
    case 7: r.value = std::string(3000, static_cast<char>('a' + i % 26)); break;
    default: r.value = "value-" + n + std::string("\x00\x01\xfe", 3);
  }
  if (i % 3 == 1) r.headers = {{"h-a", "x" + n}};
  if (i % 3 == 2) r.headers = {{"h-a", std::string("\x00\xff", 2)}, {"h-null", std::nullopt}, {"h-a", "dup"}};
  r.timestamp_ms = ts_base + i * 1000LL;
  return r;
}

int produce(const std::string& bootstrap, const std::string& topic, const std::string& codec, int n) {
  gregor::kafka_producer producer(
      {{"bootstrap_servers", bootstrap}, {"compression_type", codec}, {"linger_ms", 5}});
  std::vector<std::pair<gregor::producer_record, gregor::send_future>> sent;
  for (int i = 0; i < n; ++i) {
    auto record = make_record(topic, i);
    auto future = producer.send(record);
    sent.emplace_back(std::move(record), future);
  }
  producer.flush();
  for (auto& [r, f] : sent) {
    auto md = f.get();
    std::cout << json{{"topic", md.topic},        {"partition", md.partition},   {"offset", md.offset},
                      {"timestamp", *r.timestamp_ms}, {"key", hex_or_null(r.key)}, {"value", hex_or_null(r.value)},
                      {"headers", headers_json(r.headers)}}
                     .dump()
              << "\n";
  }
  return 0;
}

int consume(const std::string& bootstrap, int n, const std::vector<std::string>& topics) {
  // No group: the consumer takes every partition of the topics and starts at their beginning.
  gregor::kafka_consumer consumer({{"bootstrap_servers", bootstrap}, {"auto_offset_reset", "earliest"},
                                   {"enable_auto_commit", false}, {"fetch_max_wait_ms", 100}});
  consumer.subscribe(topics);
  int seen = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (seen < n && std::chrono::steady_clock::now() < deadline) {
    for (auto& [tp, records] : consumer.poll(200)) {
      for (auto& r : records) {
        ++seen;
        std::cout << json{{"topic", r.topic},
                          {"partition", r.partition},
                          {"offset", r.offset},
                          {"timestamp", r.timestamp},
                          {"timestamp_type", static_cast<int>(r.ts_type)},
                          {"key", hex_or_null(r.key)},
                          {"value", hex_or_null(r.value)},
                          {"headers", headers_json(r.headers)}}
                         .dump()
                  << "\n";
      }
    }
  }
  consumer.close();
  if (seen < n) {
    std::cerr << "consumed " << seen << " of " << n << " records before the deadline\n";
    return 1;
  }
  return 0;
}

int partition(const std::string& bootstrap, const std::string& topic, const std::string& key_file) {
  std::ifstream in(key_file);
  std::vector<std::string> keys;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) keys.push_back(from_hex(line));
  gregor::kafka_producer producer({{"bootstrap_servers", bootstrap}, {"linger_ms", 5}});
  std::vector<gregor::send_future> futures;
  for (const auto& k : keys) futures.push_back(producer.send(topic, "p", k));
  producer.flush();
  for (size_t i = 0; i < keys.size(); ++i)
    std::cout << json{{"key", to_hex(keys[i])}, {"partition", futures[i].get().partition}}.dump() << "\n";
  return 0;
}

int usage() {
  std::cerr << "usage: client_interop_tool produce BOOTSTRAP TOPIC CODEC N\n"
               "       client_interop_tool consume BOOTSTRAP N TOPIC...\n"
               "       client_interop_tool partition BOOTSTRAP TOPIC KEYFILE\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) try {
  std::vector<std::string> a(argv + 1, argv + argc);
  if (a.size() == 5 && a[0] == "produce") return produce(a[1], a[2], a[3], std::stoi(a[4]));
  if (a.size() >= 4 && a[0] == "consume") return consume(a[1], std::stoi(a[2]), {a.begin() + 3, a.end()});
  if (a.size() == 4 && a[0] == "partition") return partition(a[1], a[2], a[3]);
  return usage();
} catch (const std::exception& e) {
  std::cerr << "FAILED: " << e.what() << std::endl;
  return 1;
}

// Pattern subscription (kafka-python README: consumer.subscribe(pattern='^awesome.*')): the
// consumer reads every topic whose name matches a regular expression, including topics created
// after it subscribed (picked up on the next metadata refresh, metadata_max_age_ms).
//
// Usage: pattern_subscribe [BOOTSTRAP] [SUFFIX]
#include <chrono>
#include <iostream>
#include <regex>
#include <set>
#include <string>

#include "example_util.h"
#include "gregor/consumer.h"
#include "gregor/producer.h"

namespace {

// The suffix is user text: escape it before putting it into a pattern.
std::string regex_escape(const std::string& s) {
  static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
  return std::regex_replace(s, special, R"(\$&)");
}

}  // namespace

int main(int argc, char** argv) try {
  auto args = examples::parse_args(argc, argv);
  const std::string prefix = args.name("example-pattern");
  const std::string a = prefix + "-a", b = prefix + "-b", late = prefix + "-late";
  const std::string other = args.name("example-nomatch");
  for (const auto& t : {a, b, other}) examples::ensure_topic(args.bootstrap, t, 1);

  gregor::kafka_producer producer({{"bootstrap_servers", args.bootstrap}});
  for (const auto& t : {a, b, other}) producer.send(t, "hello from " + t);
  producer.flush();

  const std::string pattern = regex_escape(prefix) + "-.*";
  gregor::kafka_consumer consumer({{"bootstrap_servers", args.bootstrap},
                                   {"group_id", args.name("example-pattern-group")},
                                   {"auto_offset_reset", "earliest"},
                                   {"metadata_max_age_ms", 500}});  // notice new topics quickly
  consumer.subscribe(std::regex(pattern));
  std::cout << "subscribed to pattern " << pattern << std::endl;

  std::set<std::string> seen;
  bool late_created = false, saw_other = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (seen.size() < 3 && std::chrono::steady_clock::now() < deadline) {
    for (auto& [tp, records] : consumer.poll(200)) {
      for (auto& r : records) {
        std::cout << "received from " << r.topic << ": " << r.value.value_or("") << std::endl;
        seen.insert(r.topic);
        saw_other |= r.topic == other;
      }
    }
    // Once the first two topics arrived, create a third matching one: the subscription grows.
    if (!late_created && seen.count(a) && seen.count(b)) {
      examples::ensure_topic(args.bootstrap, late, 1);
      producer.send(late, "hello from " + late).get();
      late_created = true;
      std::cout << "created " << late << " after subscribing" << std::endl;
    }
  }
  std::string topics;
  for (const auto& t : consumer.subscription()) topics += " " + t;
  std::cout << "subscription now:" << topics << std::endl;
  consumer.close();
  if (saw_other || seen != std::set<std::string>{a, b, late}) {
    std::cerr << "FAILED: expected records from exactly " << a << ", " << b << ", " << late << std::endl;
    return 1;
  }
  std::cout << "matched 3 topics, ignored " << other << std::endl;
  std::cout << "OK" << std::endl;
  return 0;
} catch (const std::exception& e) {
  std::cerr << "FAILED: " << e.what() << std::endl;
  return 1;
}

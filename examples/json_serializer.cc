// Typed clients with JSON values (kafka-python README: value_serializer=lambda m: json.dumps(m)):
// a gregor::producer<std::string, order> and a gregor::consumer<std::string, order> whose
// serializer and deserializer map an `order` struct to and from JSON with nlohmann_json.
//
// Usage: json_serializer [BOOTSTRAP] [SUFFIX]
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "example_util.h"
#include "gregor/consumer.h"
#include "gregor/producer.h"

namespace {

struct order {
  std::string id;
  std::string item;
  int quantity = 0;
  double price = 0;

  friend bool operator==(const order&, const order&) = default;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(order, id, item, quantity, price)

std::optional<gregor::bytes> serialize_order(const std::string&, const order& o) { return nlohmann::json(o).dump(); }

// A null value stays null; anything that is not an order's JSON throws (-> serialization_error).
std::optional<order> deserialize_order(const std::string&, const std::optional<gregor::bytes>& data) {
  if (!data) return std::nullopt;
  return nlohmann::json::parse(*data).get<order>();
}

std::optional<gregor::bytes> serialize_string(const std::string&, const std::string& s) { return s; }

}  // namespace

int main(int argc, char** argv) try {
  auto args = examples::parse_args(argc, argv);
  const std::string topic = args.name("example-json");
  examples::ensure_topic(args.bootstrap, topic, 1);

  std::vector<order> orders{{"o-1", "apple", 3, 0.5}, {"o-2", "pear", 1, 0.75}, {"o-3", "plum \"red\"", 12, 2.25}};
  {
    gregor::producer<std::string, order> producer({{"bootstrap_servers", args.bootstrap}}, serialize_string,
                                                   serialize_order);
    for (const auto& o : orders) {
      auto md = producer.send(topic, o, o.id).get();
      std::cout << "produced " << nlohmann::json(o).dump() << " at offset " << md.offset << std::endl;
    }
  }

  gregor::consumer<std::string, order> consumer(
      {{"bootstrap_servers", args.bootstrap}, {"auto_offset_reset", "earliest"}, {"consumer_timeout_ms", 10000}},
      {topic}, gregor::string_deserializer, deserialize_order);
  size_t matched = 0;
  for (auto& record : consumer) {
    const order& o = *record.value;
    std::cout << "consumed key=" << *record.key << " item=" << o.item << " quantity=" << o.quantity
              << " price=" << o.price << std::endl;
    if (record.offset < static_cast<int64_t>(orders.size()) && o == orders[record.offset]) ++matched;
    if (record.offset + 1 >= static_cast<int64_t>(orders.size())) break;
  }
  std::cout << "round trip: " << matched << "/" << orders.size() << " orders equal" << std::endl;
  if (matched != orders.size()) return 1;
  std::cout << "OK" << std::endl;
  return 0;
} catch (const std::exception& e) {
  std::cerr << "FAILED: " << e.what() << std::endl;
  return 1;
}

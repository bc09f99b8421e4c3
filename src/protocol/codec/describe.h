// describe<T>(): the field table of a message as data, for the spec-conformance test and docs.
#pragma once

#include <string>
#include <vector>

#include "protocol/codec/codec.h"

namespace gregor::protocol {

struct field_info {
  std::string name;
  std::string type;  // "int16", "string", "[]int32", "struct", "[]struct", ...
  versions present;
  versions nullable;
  int32_t tag;
  std::vector<field_info> children;  // for struct and []struct
};

template <class S> std::vector<field_info> describe();

namespace detail {
template <class T>
std::string wire_type_name(std::vector<field_info>& children) {
  if constexpr (std::is_same_v<T, bool>) return "bool";
  else if constexpr (std::is_same_v<T, int8_t>) return "int8";
  else if constexpr (std::is_same_v<T, int16_t>) return "int16";
  else if constexpr (std::is_same_v<T, uint16_t>) return "uint16";
  else if constexpr (std::is_same_v<T, int32_t>) return "int32";
  else if constexpr (std::is_same_v<T, uint32_t>) return "uint32";
  else if constexpr (std::is_same_v<T, int64_t>) return "int64";
  else if constexpr (std::is_same_v<T, double>) return "float64";
  else if constexpr (std::is_same_v<T, std::string>) return "string";
  else if constexpr (std::is_same_v<T, shared_bytes>) return "bytes";
  else if constexpr (std::is_same_v<T, record_set>) return "records";
  else if constexpr (std::is_same_v<T, uuid>) return "uuid";
  else if constexpr (is_optional<T>::value) return wire_type_name<typename is_optional<T>::inner>(children);
  else if constexpr (is_vector<T>::value) return "[]" + wire_type_name<typename is_vector<T>::element>(children);
  else if constexpr (has_fields<T>) { children = describe<T>(); return "struct"; }
  else static_assert(sizeof(T) == 0, "unknown member type");
}
}  // namespace detail

template <class S>
std::vector<field_info> describe() {
  std::vector<field_info> out;
  std::apply([&](const auto&... f) {
    auto one = [&](const auto& fd) {
      using member = typename std::decay_t<decltype(fd)>::member_type;
      field_info info{std::string(fd.name), "", fd.present, fd.nullable, fd.tag, {}};
      info.type = detail::wire_type_name<member>(info.children);
      out.push_back(std::move(info));
    };
    (one(f), ...);
  }, S::fields());
  return out;
}

}  // namespace gregor::protocol

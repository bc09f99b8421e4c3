// Declarative field descriptors: how a message definition tells the generic codec its layout.
//
// A message (or nested struct) lists its fields once, in wire order, in a static function:
//
//   static constexpr auto fields() {
//     return std::tuple{
//       field("topic_name", &self::topic_name, since(0)),
//       field("cluster_id", &self::cluster_id, since(2), /*nullable=*/since(2)),
//       tagged("leader_epoch", &self::leader_epoch, /*tag=*/0, since(12)),
//     };
//   }
//
// The member's C++ type decides the wire type (see codec.h); versions say in which versions the
// field is on the wire; nullable says in which versions null is allowed (std::optional members);
// a tag makes it a tagged field of flexible versions. Fields absent in a version keep their
// default member initializer, which is how the specs' "default" values are expressed.
#pragma once

#include <cstdint>
#include <string_view>
#include <tuple>

#include "protocol/codec/versions.h"

namespace gregor::protocol {

template <class Owner, class Member>
struct field_descriptor {
  using owner_type = Owner;
  using member_type = Member;

  std::string_view name;
  Member Owner::*member;
  versions present;
  versions nullable;
  int32_t tag;  // -1: a regular field; otherwise the tag of a tagged field

  constexpr bool is_tagged() const { return tag >= 0; }
};

template <class Owner, class Member>
constexpr field_descriptor<Owner, Member> field(std::string_view name, Member Owner::*member, versions present,
                                                versions nullable = never) {
  return {name, member, present, nullable, -1};
}

template <class Owner, class Member>
constexpr field_descriptor<Owner, Member> tagged(std::string_view name, Member Owner::*member, int32_t tag,
                                                 versions present, versions nullable = never) {
  return {name, member, present, nullable, tag};
}

// A type with a field table: a message or one of its nested structs.
template <class T>
concept has_fields = requires { T::fields(); };

// A top-level request or response: a field table plus its API key and version ranges.
template <class T>
concept message = has_fields<T> && requires {
  { T::api_key } -> std::convertible_to<int16_t>;
  { T::valid } -> std::convertible_to<versions>;
  { T::flexible } -> std::convertible_to<versions>;
};

}  // namespace gregor::protocol

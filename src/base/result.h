// result<T>: a value or an error, without exceptions (tl::expected from Debian's libexpected-dev).
#pragma once

#include <string>
#include <tl/expected.hpp>

namespace gregor {

template <class T, class E = std::string>
using result = tl::expected<T, E>;

template <class E>
auto fail(E&& e) { return tl::make_unexpected(std::forward<E>(e)); }

}  // namespace gregor

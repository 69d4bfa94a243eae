// How many fields an aggregate has, for the static_asserts that notice a new
// field in a type the sandbox carries across field by field (fields.cpp).
#pragma once

#include <cstddef>
#include <utility>

namespace store::sandbox {

namespace detail {
// Converts to anything: T{AnyField{}, ...} compiles for up to as many
// initialisers as T has fields. Declared only; used in unevaluated contexts.
struct AnyField {
  template <class T>
  operator T() const;
};
template <class T, class... Fields>
concept BraceConstructible = requires { T{std::declval<Fields>()...}; };
}  // namespace detail

template <class T, class... Fields>
constexpr std::size_t field_count() {
  if constexpr (detail::BraceConstructible<T, Fields..., detail::AnyField>) {
    return field_count<T, Fields..., detail::AnyField>();
  } else {
    return sizeof...(Fields);
  }
}

}  // namespace store::sandbox

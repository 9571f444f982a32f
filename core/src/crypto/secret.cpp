#include "coffre/secret.h"

#include <sodium.h>

#include <cstring>
#include <new>
#include <utility>

namespace coffre {

SecretBytes::SecretBytes(std::size_t size) : size_(size), capacity_(size) {
  // sodium_malloc needs sodium_init (page size, canary); it is idempotent and thread-safe.
  if (sodium_init() < 0) throw std::bad_alloc();
  // sodium_malloc(0) may return a pointer that must still be freed; always allocate at least 1.
  data_ = static_cast<std::uint8_t*>(sodium_malloc(size ? size : 1));
  if (!data_) throw std::bad_alloc();
  sodium_memzero(data_, size ? size : 1);
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)) {}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
  }
  return *this;
}

SecretBytes::~SecretBytes() { release(); }

void SecretBytes::release() noexcept {
  if (data_) sodium_free(data_);  // sodium_free wipes before unmapping
  data_ = nullptr;
  size_ = capacity_ = 0;
}

SecretBytes SecretBytes::random(std::size_t size) {
  SecretBytes s(size);
  randombytes_buf(s.data_, size);
  return s;
}

SecretBytes SecretBytes::from(std::span<const std::uint8_t> bytes) {
  SecretBytes s(bytes.size());
  if (!bytes.empty()) std::memcpy(s.data_, bytes.data(), bytes.size());
  return s;
}

SecretBytes SecretBytes::from(std::string_view text) {
  return from(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

void SecretBytes::truncate(std::size_t new_size) noexcept {
  if (new_size >= size_) return;
  sodium_memzero(data_ + new_size, size_ - new_size);
  size_ = new_size;
}

bool SecretBytes::equals(const SecretBytes& other) const noexcept {
  return size_ == other.size_ && sodium_memcmp(data_, other.data_, size_) == 0;
}

}  // namespace coffre

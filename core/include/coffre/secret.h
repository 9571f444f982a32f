// SecretBytes holds key material and passphrases. The bytes live in memory from sodium_malloc:
// locked (never swapped), surrounded by guard pages, and wiped when the object dies. The type is
// move-only so that a secret has exactly one owner, and compares in constant time.
// Not thread-safe: one owner at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace coffre {

class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::size_t size);  // zero-filled; throws std::bad_alloc when out of memory
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  ~SecretBytes();

  static SecretBytes random(std::size_t size);
  // Copies `bytes` into locked memory. The caller wipes its own copy.
  static SecretBytes from(std::span<const std::uint8_t> bytes);
  static SecretBytes from(std::string_view text);

  std::uint8_t* data() noexcept { return data_; }
  const std::uint8_t* data() const noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  std::span<const std::uint8_t> bytes() const noexcept { return {data_, size_}; }
  std::string_view view() const noexcept { return {reinterpret_cast<const char*>(data_), size_}; }

  // Shrinks the visible size without reallocating (used when reading a passphrase of unknown
  // length into a fixed buffer). The bytes past the new size are wiped.
  void truncate(std::size_t new_size) noexcept;
  bool equals(const SecretBytes& other) const noexcept;  // constant time for equal sizes

 private:
  void release() noexcept;
  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace coffre

// SHA-256 of a byte buffer, as lowercase hex: the content hash that makes imports idempotent.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace framescope {

std::string sha256_hex(std::span<const uint8_t> bytes);

} // namespace framescope

// Whether this machine can hold what a load is about to build. Linux grants allocations it
// cannot back and later kills the process, so a load that would need more than is there
// says so first, in one line, before it allocates anything large.
#pragma once

#include <cstdint>
#include <string>

#include "core/error.h"

namespace framescope {

// Bytes this process may still take: the kernel's MemAvailable, or what the address-space
// limit (RLIMIT_AS) leaves beside what is mapped already, whichever is less.
uint64_t memory_available();

// An error naming `file` ("too big for this machine: needs about 2.1 GB, 1.5 GB available")
// when `needed` bytes are more than memory_available().
Status check_memory_for(uint64_t needed, const std::string& file);

} // namespace framescope

// memory_available: /proc/meminfo's MemAvailable, and RLIMIT_AS less /proc/self/statm's size.

#include "core/memory_budget.h"

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>
#include <unistd.h>

namespace framescope {
namespace {

uint64_t kernel_available() {
    std::FILE* meminfo = std::fopen("/proc/meminfo", "r");
    if (!meminfo)
        return UINT64_MAX;
    char line[256];
    unsigned long long kib = 0;
    bool found = false;
    while (!found && std::fgets(line, sizeof line, meminfo))
        found = std::sscanf(line, "MemAvailable: %llu kB", &kib) == 1;
    std::fclose(meminfo);
    return found ? uint64_t(kib) * 1024 : UINT64_MAX;
}

uint64_t address_space_left() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_AS, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return UINT64_MAX;
    std::FILE* statm = std::fopen("/proc/self/statm", "r");
    unsigned long long pages = 0;
    if (statm) {
        if (std::fscanf(statm, "%llu", &pages) != 1)
            pages = 0;
        std::fclose(statm);
    }
    uint64_t mapped = uint64_t(pages) * uint64_t(::sysconf(_SC_PAGESIZE));
    return limit.rlim_cur > mapped ? uint64_t(limit.rlim_cur) - mapped : 0;
}

std::string amount(uint64_t bytes) {
    char text[32];
    if (bytes < (uint64_t(1) << 30))
        std::snprintf(text, sizeof text, "%.0f MB", double(bytes) / 1e6);
    else
        std::snprintf(text, sizeof text, "%.1f GB", double(bytes) / 1e9);
    return text;
}

} // namespace

uint64_t memory_available() {
    return std::min(kernel_available(), address_space_left());
}

Status check_memory_for(uint64_t needed, const std::string& file) {
    uint64_t available = memory_available();
    if (needed <= available)
        return Ok{};
    return Error{"too big for this machine: needs about " + amount(needed) + ", " +
                     amount(available) + " available",
                 file};
}

} // namespace framescope

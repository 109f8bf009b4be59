// Turns a .pstats file (the marshalled dict that pstats.Stats.dump_stats and cProfile write)
// into a PstatsProfile. Reads what cProfile and profile write on CPython 2 and 3 and PyPy,
// including code objects in the name field (the profile module of CPython 3.8-3.10).
// Anything else is an Error naming the file and byte offset.
#pragma once

#include <span>
#include <string>

#include "core/error.h"
#include "core/file_bytes.h"
#include "core/load_progress.h"
#include "loaders/pstats_profile.h"

namespace framescope {

// `progress`, if given, advances as the file is read, and setting its `cancel` stops the load
// with an error within a fraction of a second. Every edge is read and checked whichever
// `callers` keeps.
Result<PstatsProfile> load_pstats(std::span<const uint8_t> bytes, const ProfileSource& source,
                                  LoadProgress* progress = nullptr,
                                  CallerEdges callers = CallerEdges::all);
Result<PstatsProfile> load_pstats_file(const std::string& path, LoadProgress* progress = nullptr,
                                       CallerEdges callers = CallerEdges::all);
// Both say "too big for this machine" before they start when the memory a load takes (this
// estimate, from the file's size, beside the file itself) is more than the machine has left.
uint64_t pstats_memory_needed(uint64_t file_bytes, CallerEdges callers);

// Text from a marshal string: UTF-8 as is (surrogate code points included, as Python writes
// them); bytes that are not UTF-8 (Python 2 str) are read as latin-1.
std::string decode_python_text(std::string_view raw);

} // namespace framescope

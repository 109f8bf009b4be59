// What kind of stall a group is (blocking I/O, a lock, the collector, an import, a child
// process or queue, a sleep, busy work) with the one-line remedy the report and the window
// give. It reads the group's blocking stack, the other threads' stacks and, where the file
// is on this machine, the source line of the innermost application frame: faulthandler and
// the recorder never show the C call (recv, sleep, a lock's acquire) that line makes.
// The rules are one table in stall_kind.cpp; whose code a frame is comes from code_origin.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "loaders/report_bundle.h"

namespace framescope {

enum class StallKind : uint8_t {
    blocking_io,        // network or file I/O, select/poll, HTTP clients
    lock_wait,          // a lock, condition or join another thread holds up
    lock_reentered,     // a lock taken again on the thread that holds it
    garbage_collection, // the collector running finalizers (__del__)
    runtime_import,     // a module imported after start-up
    subprocess_wait,    // a child process the main thread waits for
    queue_wait,         // a queue, future or event loop the main thread waits on
    sleeping,           // time.sleep on the main thread
    busy,               // Python work between two frames
    unknown,            // none of the rules says
};

struct StallDiagnosis {
    StallKind kind = StallKind::unknown;
    std::string evidence; // what decided it: "recv (socket.py) called from read_reply (net.py:117)"
    std::string held_by;  // lock waits: who holds it and where, or "unknown"; else empty
};

const char* stall_kind_id(StallKind kind);       // "blocking_io", as JSON names it
StallKind stall_kind_named(std::string_view id); // stall_kind_id's inverse; unknown if none
const char* stall_kind_title(StallKind kind);    // "blocking I/O on the main thread"
const char* stall_kind_remedy(StallKind kind); // "move it off the main loop or give it a time-out"

struct StallGroup;

// Runs where the groups are built (off the window's thread): it may read source files.
StallDiagnosis diagnose_stall(const StallGroup& group, std::span<const ReportBundle> bundles);

} // namespace framescope

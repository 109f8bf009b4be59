// Waiting is not work. A frame loop's profile is mostly time.sleep, Lock.acquire in a frame
// pacer, select/poll/epoll, pygame's Clock.tick, Tk's mainloop, Qt's exec or asyncio's
// selector: the views offer it hidden, and hide it from the start when it is most of the
// time. (A blocking read on a socket is not waiting for a frame: it stays.)
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "loaders/pstats_profile.h"
#include "model/call_tree.h"

namespace framescope {

// Whether a function of this file and name waits for time or events to come.
bool is_waiting(std::string_view file, std::string_view name);

// A profile as it is without its waiting.
struct BusyProfile {
    std::vector<bool> waiting;        // by function
    double waiting_s = 0;             // their own time
    double share = 0;                 // of all own time
    CallTree tree;                    // the call tree without them
    std::vector<double> cumulative_s; // by function: its total, the waiting below it left out
    double total_s = 0;               // all own time but the waiting
    bool dominates() const { return share >= 0.5; } // hidden from the start
};

// nullopt when nothing waits.
std::optional<BusyProfile> busy_profile(const PstatsProfile& profile, const CallTree& tree);

} // namespace framescope

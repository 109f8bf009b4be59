// Stalls and what blocked them. A stall is a frame that ran at least the session's stall
// threshold (or, in a stall trace, a run of dumps with the main thread in one place). Its
// blocking stack is where the main thread was in most of its samples. Stalls with the same
// blocking stack, across sessions, install paths and interpreters, form one group.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "loaders/report_bundle.h"
#include "model/stall_kind.h"

namespace framescope {

struct StackEntry {
    std::string file;
    uint32_t line = 0;
    std::string function;
};

// The main thread's stack over a set of samples, innermost first: the outermost frames all
// samples share, then deeper while most of them agree (by file name and function; the line
// shown is the one seen most). Frames of PyPy's own start-up (<builtin>/...) are left out.
std::vector<StackEntry> blocking_stack(const ReportBundle& bundle,
                                       std::span<const uint32_t> sample_indices);

// What groups stalls, by the rules crash buckets use (model/code_origin): the application's
// and its plug-ins' innermost frames, each as its path inside the application and its
// function, so that install prefixes, line numbers and interpreters do not split a group;
// with no such frame, the library frames below the program's start-up machinery.
std::string stack_signature(std::span<const StackEntry> stack);

struct Stall {
    size_t session = 0;       // index into the bundles analysed
    uint32_t frame_index = 0; // the frame, or a stall trace's stall number
    double start_s = 0;       // since the session started
    double duration_s = 0;
    bool unfinished = false;       // the session ended during it: a hang
    bool during_gc = false;        // the collector ran during it
    std::vector<uint32_t> samples; // into the bundle's samples
    std::vector<StackEntry> stack; // blocking stack, innermost first
};

std::vector<Stall> find_stalls(const ReportBundle& bundle, size_t session_index);

struct OtherThread {
    std::string thread;            // its name, or "thread running FUNCTION" when unnamed
    std::vector<StackEntry> stack; // where it was most often, innermost first
    size_t samples = 0;            // samples it appeared in
};

struct StallGroup {
    std::string signature;
    std::vector<StackEntry> stack; // the longest stall's blocking stack (exact lines first)
    size_t count = 0;
    size_t samples = 0;
    double total_s = 0;
    double longest_s = 0;
    size_t sessions = 0;
    size_t during_gc = 0;               // stalls during which the collector ran
    size_t unfinished = 0;              // stalls the session never came back from
    std::vector<std::string> reentered; // functions on the blocking stack twice or more
    std::vector<OtherThread> other_threads;
    std::vector<const Stall*> stalls;
    std::vector<std::string> versions;     // the application's versions it occurs in, oldest first
    std::vector<std::string> interpreters; // "CPython 3.12.1", oldest first
    StallDiagnosis diagnosis;              // its kind, from the stack and the other threads
};

// A thread as findings name it: its name, or "thread running FUNCTION" when unnamed.
std::string thread_label(const ReportBundle& bundle, const ThreadStack& thread);

// Groups ranked by total time lost, the most first, each with its kind.
std::vector<StallGroup> group_stalls(std::span<const ReportBundle> bundles,
                                     std::span<const Stall> stalls);

// A group's stalls in one session: the window lists a group's stalls one row a session, not
// one row a stall (a stall trace of one hang repeats the same stall in every dump).
struct SessionStalls {
    size_t session = 0; // index into the bundles analysed
    size_t count = 0;
    double total_s = 0;
    const Stall* longest = nullptr; // the first one, where times are unknown
};

// In the order the group first met each session.
std::vector<SessionStalls> stalls_by_session(const StallGroup& group);

// Where the frame's samples put the main thread (empty when it was not sampled); in a
// trace, the path to the call that held the frame longest in its own code.
std::vector<StackEntry> frame_blocking_stack(const ReportBundle& bundle, uint32_t frame_index);

// Milliseconds of garbage collection overlapping [start_s, end_s).
double gc_ms_between(const ReportBundle& bundle, double start_s, double end_s);

} // namespace framescope

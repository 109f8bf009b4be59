// A group's kind comes from the first of these that says something:
//  1. a rule marked `anywhere` on any frame (a finalizer, an import at run time): the cause,
//     whatever the finalizer or the imported module then waits in;
//  2. innermost first, a library or native frame a rule names, widened outward through the
//     library frames to the call the application made (threading's wait inside queue.get
//     is a queue wait; select inside subprocess.communicate is a subprocess wait);
//  3. the source line of the innermost application frame, where that file is here;
//  4. busy work where the main thread was seen at several places, or its line calls nothing
//     a rule names; otherwise unknown.

#include "model/stall_kind.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "loaders/text_lines.h"
#include "model/code_origin.h"
#include "model/source_lines.h"
#include "model/stall_analysis.h"
#include "model/text_format.h"

namespace framescope {
namespace {

struct KindRule {
    StallKind kind;
    std::string_view modules;   // module paths as code_origin gives them, by prefix; "native"
                                // for C frames, "*" for any frame
    std::string_view functions; // function names, space-separated
    std::string_view calls;     // what a source line making the call holds (lower case),
                                // '|'-separated; a '*' stands for anything
    bool anywhere = false;      // decides the kind wherever it is on the stack
};

constexpr KindRule kRules[] = {
    {StallKind::garbage_collection, "*", "__del__", "", true},
    {StallKind::garbage_collection, "native",
     "gc_collect_main collect gc_collect_impl finalize_garbage _PyGC_CollectNoFail", "gc.collect(",
     true},
    {StallKind::runtime_import, "importlib/",
     "_find_and_load _find_and_load_unlocked _load_unlocked _call_with_frames_removed "
     "exec_module import_module _gcd_import _handle_fromlist _load load_module __import__",
     "import_module(|__import__(", true},
    {StallKind::runtime_import, "native", "PyImport_ImportModuleLevelObject builtin___import__", "",
     true},
    {StallKind::subprocess_wait, "subprocess.py",
     "run call check_call check_output getoutput getstatusoutput communicate _communicate wait "
     "_wait _try_wait",
     "subprocess.run(|subprocess.call(|subprocess.check_call(|subprocess.check_output(|"
     ".communicate(|os.waitpid(|os.wait(",
     false},
    {StallKind::subprocess_wait, "native", "waitpid __waitpid wait4 __wait4", "", false},
    {StallKind::queue_wait, "queue.py multiprocessing/queues.py", "get join put", "", false},
    {StallKind::queue_wait, "multiprocessing/pool.py", "get wait map starmap apply", "", false},
    {StallKind::queue_wait, "concurrent/futures/", "result wait as_completed shutdown __exit__",
     ".result(|futures.wait(|run_until_complete(", false},
    {StallKind::queue_wait, "asyncio/", "run_until_complete run", "", false},
    {StallKind::blocking_io, "socket.py ssl.py",
     "recv recv_into recvfrom recvmsg send sendall sendto connect connect_ex create_connection "
     "accept read readinto readline write do_handshake getaddrinfo gethostbyname",
     ".recv(|.recv_into(|.recvfrom(|.sendall(|.connect(|.accept(|create_connection(|"
     "getaddrinfo(|.read(|.readline(|.readlines(|.readinto(|urlopen(|.getresponse(|"
     "requests.get(|requests.post(|requests.put(|requests.request(|select.select(|.select(|"
     ".poll(",
     false},
    {StallKind::blocking_io, "selectors.py", "select poll", "", false},
    {StallKind::blocking_io, "multiprocessing/connection.py billiard/connection.py",
     "recv recv_bytes recv_bytes_into _recv _recv_bytes poll _poll wait", "", false},
    {StallKind::blocking_io, "http/client.py urllib/request.py",
     "urlopen open getresponse begin _read_status read readinto readline request _send_output "
     "connect",
     "", false},
    {StallKind::blocking_io, "requests/ urllib3/ httpx/", "request get post urlopen send", "",
     false},
    {StallKind::blocking_io, "native",
     "recv __recv __libc_recv recvfrom __libc_recvfrom recvmsg read __read __libc_read poll __poll "
     "__GI___poll select __select epoll_wait __epoll_wait connect __libc_connect accept accept4 "
     "SSL_read ssl3_read_bytes sock_recv sock_recv_into",
     "", false},
    {StallKind::lock_wait, "threading.py",
     "acquire wait wait_for join _wait_for_tstate_lock __enter__", "", false},
    {StallKind::lock_wait, "logging/__init__.py", "acquire _acquireLock", "", false},
    {StallKind::lock_wait, "native",
     "pthread_cond_wait pthread_cond_timedwait __pthread_cond_wait __pthread_cond_timedwait "
     "sem_wait sem_timedwait sem_clockwait __new_sem_wait_slow do_futex_wait "
     "__futex_abstimed_wait_common PyThread_acquire_lock_timed PyThread_acquire_lock "
     "acquire_timed lock_PyThread_acquire_lock",
     ".acquire(|with *lock|with *mutex", false},
    {StallKind::sleeping, "native",
     "nanosleep __nanosleep clock_nanosleep __clock_nanosleep usleep pysleep time_sleep",
     "time.sleep(|sleep(", false},
};

std::vector<std::string_view> words(std::string_view list, char separator = ' ') {
    std::vector<std::string_view> out;
    for (size_t begin = 0; begin < list.size();) {
        size_t end = list.find(separator, begin);
        if (end == std::string_view::npos)
            end = list.size();
        if (end > begin)
            out.push_back(list.substr(begin, end - begin));
        begin = end + 1;
    }
    return out;
}

bool is_own_code(const CodeLocation& where) {
    return where.origin == Origin::application || where.origin == Origin::plugin;
}

bool matches_frame(const KindRule& rule, const CodeLocation& where, std::string_view function) {
    std::vector<std::string_view> functions = words(rule.functions);
    if (std::find(functions.begin(), functions.end(), function) == functions.end())
        return false;
    for (std::string_view module : words(rule.modules))
        if (module == "*" || (module == "native" && where.origin == Origin::native) ||
            (module != "native" && !is_own_code(where) && where.origin != Origin::native &&
             where.module.starts_with(module)))
            return true;
    return false;
}

// "with *lock": the line starts a with statement that names a lock somewhere after it.
bool matches_call(std::string_view pattern, std::string_view line) {
    size_t star = pattern.find('*');
    if (star == std::string_view::npos)
        return line.find(pattern) != std::string_view::npos;
    std::string_view head = pattern.substr(0, star);
    return line.starts_with(head) &&
           line.find(pattern.substr(star + 1), head.size()) != std::string_view::npos;
}

const KindRule* rule_for_line(std::string_view text) {
    std::string line(trim(text));
    std::transform(line.begin(), line.end(), line.begin(),
                   [](char c) { return char(std::tolower(uint8_t(c))); });
    if (line.starts_with("#"))
        return nullptr;
    for (const KindRule& rule : kRules)
        for (std::string_view call : words(rule.calls, '|'))
            if (matches_call(call, line))
                return &rule;
    return nullptr;
}

std::string place(const StackEntry& entry) {
    return entry.function + " (" + base_name(entry.file) + ":" + std::to_string(entry.line) + ")";
}

std::string library_place(const StackEntry& entry, const CodeLocation& where) {
    return entry.function + " (" + (where.module.empty() ? base_name(entry.file) : where.module) +
           ")";
}

// What the innermost application frame's line calls, where its source is here. A source
// that gives only a function's first line (PyPy's faulthandler) points at its def: then the
// first line of its body that a rule names.
struct LineHint {
    const KindRule* rule = nullptr;
    std::string line;      // the source line, trimmed
    bool read = false;     // the file is here and has the line
    bool def_line = false; // the line is the function's def: its whole body was read
};

LineHint hint_of(const StackEntry& entry) {
    LineHint hint;
    auto excerpt = read_source(entry.file, entry.line, {});
    if (!excerpt || entry.line < excerpt->first_line ||
        entry.line - excerpt->first_line >= excerpt->lines.size())
        return hint;
    hint.read = true;
    std::string_view at = trim(excerpt->lines[entry.line - excerpt->first_line]);
    hint.line = std::string(at);
    hint.rule = rule_for_line(at);
    hint.def_line = at.starts_with("def ") || at.starts_with("async def ");
    if (!hint.rule && hint.def_line)
        for (const std::string& body : excerpt->lines)
            if (const KindRule* rule = rule_for_line(body)) {
                hint = {rule, std::string(trim(body)), true, true};
                break;
            }
    return hint;
}

// Every sample of the group's stalls, with the session it came from.
template <typename Visit>
void for_each_sample(const StallGroup& group, std::span<const ReportBundle> bundles,
                     Visit&& visit) {
    for (const Stall* stall : group.stalls)
        for (uint32_t index : stall->samples)
            visit(bundles[stall->session], bundles[stall->session].samples[index]);
}

// The most places (function and line) one session's samples put the main thread's
// innermost frame at: a blocked call stays at one. Per session, as sessions of other
// interpreters number lines differently.
size_t innermost_places(const StallGroup& group, std::span<const ReportBundle> bundles) {
    std::map<const ReportBundle*, std::set<std::pair<std::string_view, uint32_t>>> places;
    for_each_sample(group, bundles, [&](const ReportBundle& bundle, const StackSample& sample) {
        for (uint32_t t = sample.first_thread; t < sample.first_thread + sample.thread_count; ++t) {
            const ThreadStack& thread = bundle.threads[t];
            if (thread.is_main && thread.frame_count > 0) {
                const StackFrame& frame = bundle.stack_frames[thread.first_frame];
                places[&bundle].insert({bundle.strings.get(frame.function), frame.line});
            }
        }
    });
    size_t most = 0;
    for (const auto& [bundle, seen] : places)
        most = std::max(most, seen.size());
    return most;
}

// Another thread inside the function the main thread waits to lock in, past the line it
// waits at: it got the lock. Sources with only first lines cannot tell, and say nothing.
std::string lock_holder(const StallGroup& group, std::span<const ReportBundle> bundles,
                        const StackEntry& site) {
    std::map<std::string, size_t> holders;
    std::string file = base_name(site.file);
    for_each_sample(group, bundles, [&](const ReportBundle& bundle, const StackSample& sample) {
        if (bundle.approximate_lines)
            return;
        for (uint32_t t = sample.first_thread; t < sample.first_thread + sample.thread_count; ++t) {
            const ThreadStack& thread = bundle.threads[t];
            if (thread.is_main)
                continue;
            for (uint32_t f = 0; f < thread.frame_count; ++f) {
                const StackFrame& frame = bundle.stack_frames[thread.first_frame + f];
                if (bundle.strings.get(frame.function) != site.function ||
                    base_name(bundle.strings.get(frame.file)) != file || frame.line == site.line)
                    continue;
                ++holders[thread_label(bundle, thread) + ", in " + site.function + " (" + file +
                          ":" + std::to_string(frame.line) + ")"];
                break;
            }
        }
    });
    auto best = std::max_element(holders.begin(), holders.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    return best == holders.end() ? "unknown" : "probably " + best->first;
}

// The stack's frames with whose code each is, innermost first like the stack.
std::vector<CodeLocation> locations_of(std::span<const StackEntry> stack) {
    std::vector<std::string_view> files;
    for (auto entry = stack.rbegin(); entry != stack.rend(); ++entry)
        files.push_back(entry->file);
    std::vector<CodeLocation> where = locate_stack(files);
    std::reverse(where.begin(), where.end());
    return where;
}

// An import inside a running function, not the program's start-up importing its modules.
bool imported_at_run_time(std::span<const StackEntry> stack, std::span<const CodeLocation> where,
                          size_t from) {
    for (size_t i = from + 1; i < stack.size(); ++i)
        if ((is_own_code(where[i]) || where[i].origin == Origin::third_party) &&
            stack[i].function != "<module>")
            return true;
    return false;
}

std::string caller_text(std::span<const StackEntry> stack, std::span<const CodeLocation> where,
                        size_t from) {
    for (size_t i = from + 1; i < stack.size(); ++i)
        if (is_own_code(where[i]))
            return ", called from " + place(stack[i]);
    return "";
}

struct Match {
    const KindRule* rule = nullptr;
    size_t frame = 0;
};

Match anywhere_match(std::span<const StackEntry> stack, std::span<const CodeLocation> where) {
    for (size_t i = 0; i < stack.size(); ++i)
        for (const KindRule& rule : kRules)
            if (rule.anywhere && matches_frame(rule, where[i], stack[i].function) &&
                (rule.kind != StallKind::runtime_import || imported_at_run_time(stack, where, i)))
                return {&rule, i};
    return {};
}

// The outermost frame a rule names in the run of library frames from `from` outward: the
// call the application made.
Match library_call(std::span<const StackEntry> stack, std::span<const CodeLocation> where,
                   size_t from) {
    Match found;
    for (size_t i = from; i < stack.size() && !is_own_code(where[i]); ++i)
        for (const KindRule& rule : kRules)
            if (!rule.anywhere && matches_frame(rule, where[i], stack[i].function)) {
                found = {&rule, i};
                break;
            }
    return found;
}

// An application frame that library code called back and that waits like it (a lock class
// of logging's handler, named `acquire`): the library's call around it.
Match callback_call(std::span<const StackEntry> stack, std::span<const CodeLocation> where,
                    size_t own) {
    size_t caller = own + 1;
    if (caller >= stack.size() || is_own_code(where[caller]))
        return {};
    Match around = library_call(stack, where, caller);
    for (const KindRule& rule : kRules)
        if (!rule.anywhere && matches_frame(rule, where[caller], stack[caller].function))
            return around;
    return {};
}

// The frames that take the lock: the first outside the lock's own methods (a handler's
// acquire, threading's wait) and the library frames calling it (logging's flush, emit and
// handle). Where one of them is further out on the stack too, the thread already holds the
// lock it waits for (logging re-entered from a __str__ that logs): that outer frame's index.
std::optional<size_t> lock_taker_again(std::span<const StackEntry> stack,
                                       std::span<const CodeLocation> where) {
    constexpr std::string_view kLockMethods[] = {
        "acquire", "wait", "wait_for", "__enter__", "_acquireLock", "_wait_for_tstate_lock",
        "join"};
    size_t taker = 0;
    while (taker < stack.size() && std::find(std::begin(kLockMethods), std::end(kLockMethods),
                                             stack[taker].function) != std::end(kLockMethods))
        ++taker;
    for (size_t t = taker; t < stack.size() && (t == taker || !is_own_code(where[t])); ++t)
        for (size_t i = t + 1; i < stack.size(); ++i)
            if (stack[i].function == stack[t].function &&
                base_name(stack[i].file) == base_name(stack[t].file))
                return i;
    return std::nullopt;
}

StallDiagnosis diagnose_stack(const StallGroup& group, std::span<const ReportBundle> bundles) {
    std::span<const StackEntry> stack = group.stack;
    if (stack.empty())
        return {StallKind::unknown, "the main thread was not sampled", ""};
    std::vector<CodeLocation> where = locations_of(stack);

    if (Match match = anywhere_match(stack, where); match.rule) {
        std::string evidence = library_place(stack[match.frame], where[match.frame]) +
                               " on the stack" + caller_text(stack, where, match.frame);
        if (match.rule->kind == StallKind::garbage_collection && group.during_gc > 0)
            evidence += "; the collector ran in " + std::to_string(group.during_gc) + " of " +
                        std::to_string(group.count) + (group.count == 1 ? " stall" : " stalls");
        return {match.rule->kind, evidence, ""};
    }
    if (Match match = library_call(stack, where, 0); match.rule)
        return {match.rule->kind,
                library_place(stack[match.frame], where[match.frame]) +
                    caller_text(stack, where, match.frame),
                ""};
    auto own = std::find_if(where.begin(), where.end(), is_own_code);
    if (own == where.end())
        return {StallKind::unknown, "no rule matched the innermost frame " + place(stack.front()),
                ""};
    size_t own_frame = size_t(own - where.begin());
    const StackEntry& innermost = stack[own_frame];
    LineHint hint = hint_of(innermost);
    if (hint.rule)
        return {hint.rule->kind, place(innermost) + " runs `" + hint.line + "`", ""};
    if (Match match = callback_call(stack, where, own_frame); match.rule)
        return {match.rule->kind,
                library_place(stack[match.frame], where[match.frame]) + ", calling back " +
                    place(innermost),
                ""};
    if (where.front().origin != Origin::native) {
        if (size_t places = innermost_places(group, bundles); places > 1)
            return {StallKind::busy,
                    "the main thread ran on: its samples are at " + std::to_string(places) +
                        " places, the innermost " + place(stack.front()),
                    ""};
        if (hint.read && own == where.begin())
            return {StallKind::busy,
                    hint.def_line ? "nothing in the body of " + place(innermost) + " waits"
                                  : place(innermost) + " runs `" + hint.line +
                                        "`, which waits for nothing a rule knows",
                    ""};
    }
    return {StallKind::unknown,
            "no rule matched the innermost frame " + place(stack.front()) +
                (hint.read ? "" : "; its source line is not on this machine to say what it calls"),
            ""};
}
} // namespace

const char* stall_kind_id(StallKind kind) {
    switch (kind) {
    case StallKind::blocking_io:
        return "blocking_io";
    case StallKind::lock_wait:
        return "lock_wait";
    case StallKind::lock_reentered:
        return "lock_reentered";
    case StallKind::garbage_collection:
        return "garbage_collection";
    case StallKind::runtime_import:
        return "runtime_import";
    case StallKind::subprocess_wait:
        return "subprocess_wait";
    case StallKind::queue_wait:
        return "queue_wait";
    case StallKind::sleeping:
        return "sleeping";
    case StallKind::busy:
        return "busy";
    case StallKind::unknown:
        return "unknown";
    }
    return "unknown";
}

StallKind stall_kind_named(std::string_view id) {
    for (int k = 0; k <= int(StallKind::unknown); ++k)
        if (id == stall_kind_id(StallKind(k)))
            return StallKind(k);
    return StallKind::unknown;
}

const char* stall_kind_title(StallKind kind) {
    switch (kind) {
    case StallKind::blocking_io:
        return "blocking network or file I/O on the main thread";
    case StallKind::lock_wait:
        return "waiting for a lock another thread holds";
    case StallKind::lock_reentered:
        return "a lock re-entered on the thread that holds it";
    case StallKind::garbage_collection:
        return "garbage collection running finalizers";
    case StallKind::runtime_import:
        return "a module imported at run time";
    case StallKind::subprocess_wait:
        return "waiting on a subprocess";
    case StallKind::queue_wait:
        return "waiting on a queue or future";
    case StallKind::sleeping:
        return "sleeping on the main thread";
    case StallKind::busy:
        return "busy Python work between two frames";
    case StallKind::unknown:
        return "kind not recognised";
    }
    return "kind not recognised";
}

const char* stall_kind_remedy(StallKind kind) {
    switch (kind) {
    case StallKind::blocking_io:
        return "move it off the main loop or give it a time-out";
    case StallKind::lock_wait:
        return "shorten what the holder does under the lock, or acquire it with a time-out";
    case StallKind::lock_reentered:
        return "don't log or take the lock from code the lock's holder calls (__str__, "
               "__repr__); an RLock only hides it";
    case StallKind::garbage_collection:
        return "gc.freeze() after loading, break the reference cycles, keep __del__ short";
    case StallKind::runtime_import:
        return "import it at start-up";
    case StallKind::subprocess_wait:
        return "start it with Popen and poll it each frame, or wait for it on a worker";
    case StallKind::queue_wait:
        return "poll it each frame (get_nowait, future.done()) or take the result in a callback";
    case StallKind::sleeping:
        return "don't sleep on the main loop: schedule the work for a later frame";
    case StallKind::busy:
        return "split the work across frames / move it to a worker";
    case StallKind::unknown:
        return "read the blocking stack: no rule knows it";
    }
    return "";
}

StallDiagnosis diagnose_stall(const StallGroup& group, std::span<const ReportBundle> bundles) {
    StallDiagnosis diagnosis = diagnose_stack(group, bundles);
    if (diagnosis.kind != StallKind::lock_wait)
        return diagnosis;
    std::vector<CodeLocation> where = locations_of(group.stack);
    if (std::optional<size_t> again = lock_taker_again(group.stack, where)) {
        diagnosis.kind = StallKind::lock_reentered;
        diagnosis.evidence += "; " + library_place(group.stack[*again], where[*again]) +
                              ", which takes the lock, is on the stack again further out";
        return diagnosis;
    }
    // Where the main thread asks for the lock: its innermost application frame.
    auto own = std::find_if(where.begin(), where.end(), is_own_code);
    diagnosis.held_by = own == where.end()
                            ? "unknown"
                            : lock_holder(group, bundles, group.stack[size_t(own - where.begin())]);
    return diagnosis;
}

} // namespace framescope

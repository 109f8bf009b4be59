// Crash reports read from text: CPython and PyPy tracebacks of every shape (chained
// exceptions, 3.11+ carets, "[Previous line repeated N more times]", exception groups,
// SyntaxError, multi-line messages) and faulthandler fatal-error dumps, as they are written
// and as people paste them: quoted with "> ", indentation lost, inside log lines or an
// application's crash dialog, Windows paths, several reports in one file, blank lines
// between frames, a whole traceback on one line, HTML and typographic quotes from a web page,
// lines wrapped at 80 columns, no "Traceback" header. Text that holds no report it can read
// is kept whole as one unparsed report, never dropped.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace framescope {

struct CrashFrame {
    std::string file;
    uint32_t line = 0;      // 0 where unknown
    std::string function;   // empty for a SyntaxError's location
    uint32_t repeated = 0;  // "[Previous line repeated N more times]" after it
    uint32_t text_line = 0; // 1-based line of the report's text that names it; 0 if unknown
};

// One exception of a chain, as printed.
struct CrashException {
    std::string type;               // "KeyError", "myapp.errors.GameStateError"
    std::string message;            // all of its lines
    std::vector<CrashFrame> frames; // outermost first, as tracebacks print them
};

struct CrashReport {
    enum class Kind {
        traceback, // an uncaught exception
        fatal,     // faulthandler: "Fatal Python error: ..."
        unparsed,  // kept as text
    };
    Kind kind = Kind::unparsed;
    uint32_t first_line = 0;                // 1-based, in the text it came from
    std::vector<CrashException> chain;      // printed order: the one raised last comes last
    std::string fatal_kind;                 // "Fatal Python error", "Windows fatal exception"
    std::string fatal_message;              // "Segmentation fault", "access violation"
    std::vector<CrashFrame> fatal_frames;   // the crashing thread, outermost first
    std::vector<std::string> native_frames; // a C stack after the dump, as printed
    std::string text;                       // the report's lines as given

    // The exception the program died of (the last of the chain), or nullptr.
    const CrashException* final_exception() const {
        return chain.empty() ? nullptr : &chain.back();
    }
};

// Every report of `text`, in order; text with none is kept whole as one unparsed report.
std::vector<CrashReport> parse_crash_reports(std::string_view text);

// The same reports handed to `each` one at a time as they are read, holding only the lines
// of the report at hand, so that a file far larger than its parse can be bucketed. Text with
// no report hands over nothing (unparsed_report keeps it). `first_line` is the number of the
// text's first line where it is a part of a whole. Returns how many reports there were.
size_t read_crash_reports(std::string_view text, const std::function<void(CrashReport&&)>& each,
                          uint32_t first_line = 1);

// `text` cut into at most `parts` consecutive parts, each starting where a report surely
// starts, so that reading each part alone (in parallel) gives what reading the whole gives.
std::vector<std::string_view> independent_parts(std::string_view text, size_t parts);

CrashReport unparsed_report(std::string_view text);

// "traceback", "fatal", "unparsed": how the store and bundles name a report's kind.
const char* crash_kind_name(CrashReport::Kind kind);
CrashReport::Kind crash_kind_from(std::string_view name); // unparsed for any other name

} // namespace framescope

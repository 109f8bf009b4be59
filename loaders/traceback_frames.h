// Frame and exception lines as Python's traceback module writes them (`  File "x", line N, in f`,
// each followed by its source line and, from 3.11, a caret line, both indented deeper) and as tools
// and watchdogs vary them: `File: "x", ...`, pystack's `(Python) File ...` and native
// `(C) File "x", line N, in f (lib.so)`. Shared by the readers of traceback-style dumps.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "loaders/thread_dump.h"

namespace framescope {

// A frame line as read, before any reader decides what it needs of it. Views into the line.
struct FrameLine {
    std::string_view file;
    uint32_t line = 0;
    bool has_function = false; // ", in" was there (a SyntaxError's location has none)
    std::string_view function; // empty where a paste lost the name ("line 13, in")
    std::string_view code;     // what followed the function's name on the same line
    bool native = false;       // pystack's "(C) File ..."
};

inline constexpr std::string_view kTracebackHeader = "Traceback (most recent call last):";

// What Python prints above the traceback of an exception it reports and carries on after,
// with the crash kind a report bundle gives it (recorder/BUNDLE-FORMAT.md).
struct TracebackHeading {
    std::string_view text; // found anywhere on its line: a log prefix may come first
    std::string_view kind;
    size_t lines_above; // how far above the traceback header it may stand
};
// asyncio prints its message, then a line per context entry ("future: <Task ...>").
inline constexpr TracebackHeading kTracebackHeadings[] = {
    {"Exception in Tkinter callback", "tkinter_callback", 1},
    {"Exception ignored in", "unraisable", 1},
    {"Exception in thread ", "thread_exception", 1},
    {"Task exception was never retrieved", "asyncio", 4},
    {"Exception in callback ", "asyncio", 4},
};

// The heading `line` holds, or nullptr.
const TracebackHeading* traceback_heading(std::string_view line);

// `File "x", line N, in f` in every variant above, also "Line" capitalised and the code on
// the same line (a paste that lost its line breaks); false if `line` is not one.
bool parse_frame_line(std::string_view line, FrameLine& frame);

// The line that ends a traceback: "SomeError: message" or "pkg.mod.SomeError" alone, a
// dotted name with a capital or a dot (so that a code line such as "raise" is not one).
// Views into the line; the message trimmed.
struct ExceptionLine {
    std::string_view type;
    std::string_view message;
};
bool parse_exception_line(std::string_view line, ExceptionLine& exception);

// One frame line of a dump; false if `line` is not one (or was cut off before its function).
bool parse_traceback_frame(std::string_view line, DumpFrame& frame);

// The lines of one thread's stack in traceback layout, read one at a time.
class TracebackFrames {
  public:
    enum class Step {
        frame,  // a frame line, now in `frames`
        source, // a frame's source or caret line, indented deeper than its frame
        other,  // neither: the stack may have ended
    };
    Step read(std::string_view line);
    void clear();

    std::vector<DumpFrame> frames; // in the order printed
  private:
    size_t frame_indent_ = 0; // of the last frame line
    bool after_frame_ = false;
};

} // namespace framescope

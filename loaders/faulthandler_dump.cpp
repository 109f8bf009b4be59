#include "loaders/faulthandler_dump.h"

#include <charconv>

#include "loaders/text_lines.h"

namespace framescope {
namespace {

// "0:00:05.250000" or "0:00:05" -> seconds; negative if it is not a duration.
double parse_duration(std::string_view text) {
    double seconds = 0;
    for (int field = 0; field < 3; ++field) {
        size_t end = field < 2 ? text.find(':') : text.size();
        if (end == std::string_view::npos)
            return -1;
        double value = 0;
        auto [ptr, error] = std::from_chars(text.data(), text.data() + end, value);
        if (error != std::errc() || ptr != text.data() + end)
            return -1;
        seconds = seconds * 60 + value;
        text.remove_prefix(field < 2 ? end + 1 : end);
    }
    return seconds;
}

bool parse_frame(std::string_view line, DumpFrame& frame) {
    line = trim(line);
    if (line == "File ???") { // PyPy: a frame without code
        frame = {"???", 0, "???", false};
        return true;
    }
    if (!line.starts_with("File \""))
        return false;
    size_t file_end = line.rfind("\", line ");
    if (file_end == std::string_view::npos || file_end < 6)
        return false;
    frame.file = std::string(line.substr(6, file_end - 6));
    std::string_view rest = line.substr(file_end + 8);
    size_t in = rest.find(" in ");
    if (in == std::string_view::npos)
        return false;
    std::string_view number = rest.substr(0, in);
    frame.line = 0;
    if (number != "???") {
        auto [ptr, error] =
            std::from_chars(number.data(), number.data() + number.size(), frame.line);
        if (error != std::errc() || ptr != number.data() + number.size())
            return false;
    }
    std::string_view function = rest.substr(in + 4);
    // PyPy marks frames run by its JIT, and functions the JIT inlined into their caller.
    for (std::string_view mark :
         {std::string_view(" [jitted]"), std::string_view(" [jit inlined]")})
        if (function.ends_with(mark)) {
            frame.jitted = true;
            function.remove_suffix(mark.size());
        }
    frame.function = std::string(trim(function));
    return true;
}

// "Thread 0x00007f... (most recent call first):", "Current thread 0x... [name] (...):",
// PyPy's "Thread 0x7F2A... (most recent call first, approximate line numbers):",
// "Stack (most recent call first):".
bool parse_thread_header(std::string_view line, DumpThread& thread) {
    if (!contains(line, "(most recent call first"))
        return false;
    thread = DumpThread{};
    thread.approximate_lines = contains(line, "approximate line numbers");
    size_t at = line.find("hread 0x");
    if (at == std::string_view::npos)
        return trim(line).starts_with("Stack (most recent call first");
    thread.current = contains(line, "Current thread 0x");
    std::string_view rest = line.substr(at + 8);
    auto [ptr, error] = std::from_chars(rest.data(), rest.data() + rest.size(), thread.id, 16);
    if (error != std::errc())
        return false;
    rest = rest.substr(static_cast<size_t>(ptr - rest.data()));
    if (rest.starts_with(" [")) {
        size_t close = rest.find("] (");
        if (close != std::string_view::npos)
            thread.name = std::string(rest.substr(2, close - 2));
    }
    return true;
}

} // namespace

size_t fatal_error_header(std::string_view line) {
    size_t at = line.find("Fatal Python error: ");
    return at != std::string_view::npos ? at : line.find("Windows fatal exception: ");
}

namespace {

class DumpReader {
  public:
    void read_line(std::string_view line, uint32_t number) {
        std::string_view text = trim(line);
        line_number_ = number;
        if (size_t at = text.find("Timeout (");
            at != std::string_view::npos && text.ends_with(")!")) {
            double seconds = parse_duration(text.substr(at + 9, text.size() - at - 11));
            if (seconds >= 0) {
                start_dump(HangDump::Kind::timeout).timeout_s = seconds;
                return;
            }
        }
        if (size_t at = fatal_error_header(text); at != std::string_view::npos) {
            std::string_view header = text.substr(at);
            size_t colon = header.find(": ");
            HangDump& dump = start_dump(HangDump::Kind::fatal);
            dump.fatal_kind = std::string(header.substr(0, colon));
            dump.fatal_message = std::string(trim(header.substr(colon + 2)));
            return;
        }
        DumpThread header;
        if (parse_thread_header(text, header)) {
            start_thread(std::move(header));
            return;
        }
        DumpFrame frame;
        if (parse_frame(text, frame)) {
            if (!in_thread_)
                start_thread(DumpThread{});
            std::vector<DumpFrame>& frames = dumps_.back().threads.back().frames;
            // PyPy can list a JIT-compiled frame next to the same function's interpreted one.
            bool repeated = !frames.empty() && (frame.jitted || frames.back().jitted) &&
                            frames.back().file == frame.file &&
                            frames.back().function == frame.function &&
                            frames.back().line == frame.line;
            if (!repeated)
                frames.push_back(std::move(frame));
            return;
        }
        if (in_thread_ && text == "...") {
            dumps_.back().threads.back().elided = true;
        } else if (in_thread_ && text == "<no Python frame>") {
        } else if (in_thread_ && text == "Garbage-collecting") {
            dumps_.back().threads.back().collecting_garbage = true;
        } else if (!text.empty()) {
            in_thread_ = false; // someone else's output ends a thread
        }                       // a blank line does not: a paste can double every line break
    }

    std::vector<HangDump> take() { return std::move(dumps_); }

  private:
    std::vector<HangDump> dumps_;
    bool in_thread_ = false;
    uint32_t line_number_ = 0;

    HangDump& start_dump(HangDump::Kind kind) {
        dumps_.push_back(HangDump{kind, 0, {}, {}, line_number_, {}});
        in_thread_ = false;
        return dumps_.back();
    }

    // A thread that the current dump already has starts the next dump: repeated dumps
    // whose headers were lost, or written with none.
    void start_thread(DumpThread thread) {
        bool repeated = false;
        if (!dumps_.empty())
            for (const DumpThread& seen : dumps_.back().threads)
                repeated |= seen.id == thread.id;
        if (dumps_.empty() || repeated)
            start_dump(HangDump::Kind::plain);
        dumps_.back().threads.push_back(std::move(thread));
        in_thread_ = true;
    }
};

} // namespace

std::vector<HangDump> read_faulthandler_dumps(std::span<const TextLine> lines) {
    DumpReader reader;
    for (const TextLine& line : lines)
        reader.read_line(line.text, line.number);
    return reader.take();
}

Result<std::vector<HangDump>> parse_faulthandler_text(std::string_view text,
                                                      const std::string& file) {
    std::vector<HangDump> dumps = read_faulthandler_dumps(pasted_lines(text));
    if (dumps.empty())
        return Error::at_line(file, 1,
                              "no faulthandler dump found (no \"Timeout (...)!\", "
                              "\"Fatal Python error\", thread header or \"File\" line)");
    return dumps;
}

} // namespace framescope

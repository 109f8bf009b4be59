#include "loaders/pyspy_dump.h"

#include <algorithm>

namespace framescope {

namespace {

struct ThreadHeader {
    DumpThread thread;
    bool has_id = false;     // "Thread (idle)" prints none
    bool decimal_id = false; // a native id (py-spy 0.2+), not a pthread address
};

// `Thread 0x7F4AA36D9700 (active)`, `Thread 236 (idle): "MainThread"`, `Thread (idle): "x"`.
bool parse_thread_header(std::string_view text, ThreadHeader& header) {
    if (!text.starts_with("Thread "))
        return false;
    header = ThreadHeader{};
    std::string_view rest = text.substr(7);
    if (!rest.starts_with('(')) {
        size_t space = rest.find(' ');
        if (space == std::string_view::npos)
            return false;
        std::string_view id = rest.substr(0, space);
        header.decimal_id = !id.starts_with("0x") && !id.starts_with("0X");
        if (!(header.decimal_id ? parse_number(id, header.thread.id)
                                : parse_number(id.substr(2), header.thread.id, 16)))
            return false;
        header.has_id = true;
        rest = rest.substr(space + 1);
    }
    // The status: idle, active, gil, active+gil; faulthandler's and gdb's headers differ here.
    size_t close = rest.find(')');
    if (!rest.starts_with('(') || close == std::string_view::npos || close == 1)
        return false;
    for (char c : rest.substr(1, close - 1))
        if (!(c >= 'a' && c <= 'z') && c != '+')
            return false;
    rest = rest.substr(close + 1);
    if (rest.starts_with(": \"")) {
        std::string_view name = rest.substr(3);
        if (name.ends_with('"'))
            name.remove_suffix(1);
        header.thread.name = std::string(name);
    } else if (!trim(rest).empty()) {
        return false;
    }
    return true;
}

bool is_python_file(std::string_view file) {
    return file.ends_with(".py") || file.ends_with(".pyw") || file.ends_with(".pyx") ||
           file.starts_with('<');
}

// `select (selectors.py:415)`, `poll (libc.so.6)`, `<module> (x.py:9)`.
bool parse_frame(std::string_view text, DumpFrame& frame) {
    if (!text.ends_with(')'))
        return false;
    size_t open = text.rfind(" (");
    if (open == std::string_view::npos || open == 0)
        return false;
    frame = DumpFrame{};
    frame.function = std::string(text.substr(0, open));
    std::string_view location = text.substr(open + 2, text.size() - open - 3);
    size_t colon = location.rfind(':');
    if (colon != std::string_view::npos && parse_number(location.substr(colon + 1), frame.line))
        location = location.substr(0, colon);
    frame.file = std::string(location);
    frame.native = !is_python_file(frame.file);
    return true;
}

class PyspyReader {
  public:
    void read(const TextLine& line) {
        std::string_view text = trim(line.text);
        ThreadHeader header;
        if (text.starts_with("Process ")) {
            std::string_view pid = text.substr(8, text.find(':') - 8);
            uint64_t id = 0;
            if (text.find(':') != std::string_view::npos && parse_number(pid, id)) {
                start_dump(line.number, id).oldest_first = true;
                return;
            }
        }
        if (text.starts_with("Stack dump for ")) { // ray stack: "Stack dump for USER PID ..."
            std::string_view ps = trim(text.substr(15));
            ps = trim(ps.substr(std::min(ps.find(' '), ps.size())));
            uint64_t id = 0;
            parse_number(ps.substr(0, ps.find(' ')), id);
            start_dump(line.number, id);
            return;
        }
        if (parse_thread_header(text, header)) {
            start_thread(std::move(header), line.number);
            return;
        }
        if (!in_thread_)
            return;
        size_t indent = indent_of(line.text);
        if (text.empty() || indent == 0) {
            in_thread_ = false; // a blank line or someone else's output
            return;
        }
        if (frame_indent_ == 0)
            frame_indent_ = indent;
        if (indent > frame_indent_)
            return; // --locals: "Arguments:", "Locals:" and their values
        DumpThread& thread = dumps_.back().threads.back();
        DumpFrame frame;
        if (text == "...")
            thread.elided = true;
        else if (parse_frame(text, frame))
            thread.frames.push_back(std::move(frame));
        // Anything else is a frame cut off or written by hand: skipped.
    }

    std::vector<HangDump> take() {
        for (HangDump& dump : dumps_)
            for (DumpThread& thread : dump.threads)
                thread.said_main |= dump.process_id != 0 && thread.id == dump.process_id;
        return std::move(dumps_);
    }

  private:
    std::vector<HangDump> dumps_;
    std::vector<bool> has_id_; // per thread of the current dump
    bool in_thread_ = false;
    size_t frame_indent_ = 0;

    HangDump& start_dump(uint32_t number, uint64_t process_id) {
        HangDump dump;
        dump.form = HangDump::Form::pyspy;
        dump.first_line = number;
        dump.process_id = process_id;
        dumps_.push_back(std::move(dump));
        has_id_.clear();
        in_thread_ = false;
        return dumps_.back();
    }

    // A thread id the current dump already has starts the next dump.
    void start_thread(ThreadHeader header, uint32_t number) {
        bool repeated = false;
        if (!dumps_.empty() && header.has_id)
            for (size_t i = 0; i < dumps_.back().threads.size(); ++i)
                repeated |= has_id_[i] && dumps_.back().threads[i].id == header.thread.id;
        if (dumps_.empty() || repeated)
            start_dump(number, 0);
        // py-spy 0.2+ prints names and native ids, and lists the oldest thread first.
        dumps_.back().oldest_first |= header.decimal_id || !header.thread.name.empty();
        dumps_.back().threads.push_back(std::move(header.thread));
        has_id_.push_back(header.has_id);
        in_thread_ = true;
        frame_indent_ = 0;
    }
};

} // namespace

std::vector<HangDump> read_pyspy_dumps(std::span<const TextLine> lines) {
    PyspyReader reader;
    for (const TextLine& line : lines)
        reader.read(line);
    return reader.take();
}

} // namespace framescope

#include "loaders/gdb_py_bt.h"

#include "loaders/traceback_frames.h"

namespace framescope {
namespace {

struct GdbThread {
    DumpThread thread;
    uint64_t number = 0; // gdb's thread number
};

// "Thread 31 (Thread 0x7f654cff9700 (LWP 23498)):", `Thread 1 (Thread 0x.. (LWP 7) "python3"):`,
// "Thread 2 (LWP 7):", "[Switching to thread 2 (Thread 0x7f.. (LWP 7))]".
bool parse_thread_header(std::string_view text, GdbThread& header) {
    if (text.starts_with("[Switching to thread "))
        text.remove_prefix(21);
    else if (text.starts_with("Thread "))
        text.remove_prefix(7);
    else
        return false;
    size_t space = text.find(' ');
    if (space == std::string_view::npos || !text.substr(space).starts_with(" (") ||
        !parse_number(text.substr(0, space), header.number))
        return false;
    std::string_view rest = text.substr(space + 2);
    header.thread = DumpThread{};
    if (rest.starts_with("Thread 0x")) {
        rest.remove_prefix(9);
        size_t end = rest.find(' ');
        if (!parse_number(rest.substr(0, end), header.thread.id, 16))
            return false;
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        if (rest.starts_with('('))
            rest.remove_prefix(1);
    }
    if (!rest.starts_with("LWP "))
        return false;
    if (size_t quote = rest.find('"'); quote != std::string_view::npos) {
        size_t close = rest.find('"', quote + 1);
        if (close != std::string_view::npos)
            header.thread.name = std::string(rest.substr(quote + 1, close - quote - 1));
    }
    if (header.thread.id == 0) {
        std::string_view lwp = rest.substr(4, rest.find_first_not_of("0123456789", 4) - 4);
        parse_number(lwp, header.thread.id);
    }
    header.thread.said_main = header.number == 1;
    return true;
}

// "#10 Frame 0xfa45a0, for file /usr/lib/python3.8/threading.py, line 302, in wait (self=...)",
// also inside a C frame: "#5 0x.. in PyEval_EvalFrameEx (f=Frame 0x.., for file x.py, ...".
bool parse_frame_object(std::string_view text, DumpFrame& frame) {
    size_t at = text.find("Frame 0x");
    if (at == std::string_view::npos)
        return false;
    size_t file = text.find(", for file ", at);
    if (file == std::string_view::npos)
        return false;
    text = text.substr(file + 11);
    size_t line = text.find(", line ");
    if (line == std::string_view::npos)
        return false;
    std::string_view rest = text.substr(line + 7);
    size_t in = rest.find(", in ");
    frame = DumpFrame{};
    if (in == std::string_view::npos || !parse_number(rest.substr(0, in), frame.line))
        return false;
    std::string_view function = rest.substr(in + 5);
    function = trim(function.substr(0, function.find(" (")));
    if (function.empty())
        return false;
    frame.file = std::string(text.substr(0, line));
    frame.function = std::string(function);
    return true;
}

// Lines py-bt writes in a stack that are not frames of Python code.
bool is_pseudo_frame(std::string_view text) {
    return (text.starts_with('<') && !text.starts_with("<frame")) ||
           text == "Waiting for the GIL" || text == "(unable to read python frame information)" ||
           text == "(frame information optimized out)";
}

class GdbReader {
  public:
    void read(const TextLine& line) {
        std::string_view text = trim(line.text);
        GdbThread header;
        DumpFrame frame;
        if (parse_thread_header(text, header)) {
            end_traceback();
            start_thread(std::move(header), line.number);
        } else if (text == "Traceback (most recent call first):") {
            end_traceback();
            if (!thread_open_ || !current().frames.empty())
                start_thread(GdbThread{}, line.number);
            in_traceback_ = true;
        } else if (!in_traceback_ && parse_frame_object(text, frame)) {
            if (!thread_open_)
                start_thread(GdbThread{}, line.number);
            current().frames.push_back(std::move(frame));
        } else if (in_traceback_) {
            if (frames_.read(line.text) != TracebackFrames::Step::other)
                return;
            if (text == "Garbage-collecting")
                current().collecting_garbage = true;
            else if (!is_pseudo_frame(text))
                end_traceback();
        }
    }

    std::vector<HangDump> take() {
        end_traceback();
        return std::move(dumps_);
    }

  private:
    std::vector<HangDump> dumps_;
    std::vector<uint64_t> numbers_; // gdb's thread numbers in the current dump
    TracebackFrames frames_;        // of the py-bt traceback being read
    bool in_traceback_ = false;
    bool thread_open_ = false; // frame-object lines go to the current thread until another

    DumpThread& current() { return dumps_.back().threads.back(); }

    void start_thread(GdbThread header, uint32_t number) {
        bool repeated = false;
        for (uint64_t seen : numbers_)
            repeated |= header.number != 0 && seen == header.number;
        if (dumps_.empty() || repeated) {
            HangDump dump;
            dump.form = HangDump::Form::gdb;
            dump.first_line = number;
            dumps_.push_back(std::move(dump));
            numbers_.clear();
        }
        dumps_.back().threads.push_back(std::move(header.thread));
        numbers_.push_back(header.number);
        thread_open_ = true;
    }

    void end_traceback() {
        if (in_traceback_)
            for (DumpFrame& frame : frames_.frames) // py-bt prints innermost first
                current().frames.push_back(std::move(frame));
        frames_.clear();
        in_traceback_ = false;
    }
};

} // namespace

std::vector<HangDump> read_gdb_dumps(std::span<const TextLine> lines) {
    GdbReader reader;
    for (const TextLine& line : lines)
        reader.read(line);
    return reader.take();
}

} // namespace framescope

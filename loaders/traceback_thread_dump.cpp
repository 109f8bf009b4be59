#include "loaders/traceback_thread_dump.h"

#include <algorithm>

#include "loaders/traceback_frames.h"

namespace framescope {
namespace {

struct Header {
    DumpThread thread;
    bool innermost_first = false; // "(most recent call first)"
};

// "NAME(ID)", "NAME (ID)", "ID" or "ID (NAME)" -> the thread's name and id.
void read_name_and_id(std::string_view text, DumpThread& thread) {
    text = trim(text);
    size_t space = text.find(' ');
    if (parse_number(text.substr(0, space), thread.id)) { // "ID" or "ID (NAME)"
        std::string_view rest = space == std::string_view::npos ? "" : trim(text.substr(space));
        if (rest.starts_with('(') && rest.ends_with(')'))
            thread.name = std::string(rest.substr(1, rest.size() - 2));
        return;
    }
    size_t open = text.rfind('(');
    if (open != std::string_view::npos && text.ends_with(')') &&
        parse_number(text.substr(open + 1, text.size() - open - 2), thread.id)) {
        thread.name = std::string(trim(text.substr(0, open)));
        return;
    }
    thread.name = std::string(text);
}

bool parse_header(std::string_view text, Header& header) {
    header = Header{};
    header.innermost_first = contains(text, "(most recent call first)");
    for (std::string_view order : {"(most recent call first):", "(most recent call last):"})
        if (text.ends_with(order))
            text = trim(text.substr(0, text.size() - order.size()));
    if (text.starts_with("# Thread")) { // "# Thread: NAME(ID)", "# ThreadID: ID", "# Thread ID"
        text.remove_prefix(8);
        if (text.starts_with("ID"))
            text.remove_prefix(2);
        if (text.starts_with(':'))
            text.remove_prefix(1);
        read_name_and_id(text, header.thread);
        return true;
    }
    if (text.starts_with("--- Stack for thread ") && text.ends_with("---")) {
        read_name_and_id(text.substr(21, text.size() - 24), header.thread);
        return true;
    }
    if (text.starts_with("Traceback for thread ")) { // pystack: "ID (NAME) [GIL state]"
        text.remove_prefix(21);
        if (size_t bracket = text.find(" ["); bracket != std::string_view::npos)
            text = text.substr(0, bracket);
        read_name_and_id(text, header.thread);
        return true;
    }
    return false;
}

// gunicorn: "[26] [CRITICAL] WORKER TIMEOUT (pid:29)" -> 29.
bool parse_worker_timeout(std::string_view text, uint64_t& pid) {
    size_t at = text.find("WORKER TIMEOUT");
    if (at == std::string_view::npos)
        return false;
    pid = 0;
    if (size_t open = text.find("(pid:", at); open != std::string_view::npos)
        parse_number(text.substr(open + 5, text.find(')', open) - open - 5), pid);
    return true;
}

// gunicorn logs a line or two ("Killing worker 29") between its timeout and the stack; frames
// further on belong to something else, a crash report perhaps.
constexpr uint32_t kHeaderlessWithin = 5;

class TracebackDumpReader {
  public:
    void read(const TextLine& line) {
        std::string_view text = trim(line.text);
        Header header;
        uint64_t pid = 0;
        if (parse_header(text, header)) {
            start_thread(std::move(header), line.number);
        } else if (parse_worker_timeout(text, pid)) {
            finish_thread();
            start_dump(HangDump::Kind::timeout, line.number).process_id = pid;
            headerless_due_ = line.number + kHeaderlessWithin;
        } else if (TracebackFrames::Step step = frames_.read(line.text);
                   step == TracebackFrames::Step::frame && !in_thread_ &&
                   line.number <= headerless_due_) {
            // The aborted worker's own stack, printed by a worker_abort hook: its main
            // thread. frames_ keeps the frame just read.
            dumps_.back().threads.emplace_back().said_main = true;
            innermost_first_ = false;
            in_thread_ = true;
            headerless_due_ = 0;
        } else if (step == TracebackFrames::Step::other && in_thread_) {
            finish_thread();
        } else if (!in_thread_) {
            frames_.clear();
        }
    }

    std::vector<HangDump> take() {
        finish_thread();
        return std::move(dumps_);
    }

  private:
    std::vector<HangDump> dumps_;
    TracebackFrames frames_;
    bool in_thread_ = false;
    bool innermost_first_ = false;
    uint32_t headerless_due_ = 0; // after "WORKER TIMEOUT", up to this line: frames are a stack

    HangDump& start_dump(HangDump::Kind kind, uint32_t number) {
        HangDump dump;
        dump.kind = kind;
        dump.form = HangDump::Form::traceback;
        dump.first_line = number;
        dumps_.push_back(std::move(dump));
        return dumps_.back();
    }

    // A thread id the current dump already has starts the next dump.
    void start_thread(Header header, uint32_t number) {
        finish_thread();
        headerless_due_ = 0;
        bool repeated = false;
        if (!dumps_.empty())
            for (const DumpThread& seen : dumps_.back().threads)
                repeated |= seen.id != 0 && seen.id == header.thread.id;
        if (dumps_.empty() || repeated)
            start_dump(HangDump::Kind::plain, number);
        dumps_.back().threads.push_back(std::move(header.thread));
        innermost_first_ = header.innermost_first;
        in_thread_ = true;
    }

    void finish_thread() {
        if (in_thread_) {
            std::vector<DumpFrame>& frames = dumps_.back().threads.back().frames;
            frames = std::move(frames_.frames);
            if (!innermost_first_)
                std::reverse(frames.begin(), frames.end());
        }
        in_thread_ = false;
        frames_.clear();
    }
};

} // namespace

std::vector<HangDump> read_traceback_thread_dumps(std::span<const TextLine> lines) {
    TracebackDumpReader reader;
    for (const TextLine& line : lines)
        reader.read(line);
    return reader.take();
}

} // namespace framescope

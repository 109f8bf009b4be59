#include "loaders/pytest_timeout_dump.h"

#include <algorithm>

#include "loaders/traceback_frames.h"

namespace framescope {
namespace {

bool is_banner(std::string_view text) {
    return contains(text, "+ Timeout +") && text.ends_with('+');
}

// "~~~~ Stack of Thread-96 (_readerthread) (8784) ~~~~" -> name and ident.
bool parse_title(std::string_view text, DumpThread& thread) {
    size_t begin = text.find_first_not_of('~');
    size_t end = text.find_last_not_of('~');
    if (begin == std::string_view::npos)
        return false;
    text = trim(text.substr(begin, end - begin + 1));
    if (!text.starts_with("Stack of ") || !text.ends_with(')'))
        return false;
    text.remove_prefix(9);
    size_t open = text.rfind(" (");
    if (open == std::string_view::npos)
        return false;
    thread = DumpThread{};
    if (!parse_number(text.substr(open + 2, text.size() - open - 3), thread.id))
        return false;
    thread.name = std::string(text.substr(0, open));
    return true;
}

class PytestTimeoutReader {
  public:
    void read(const TextLine& line) {
        std::string_view text = trim(line.text);
        DumpThread thread;
        if (is_banner(text)) {
            finish_thread();
            // The banner is written before and after the stacks: the second one closes.
            if (banner_open_ && !dumps_.back().threads.empty()) {
                banner_open_ = false;
            } else {
                start_dump(HangDump::Kind::timeout, line.number);
                banner_open_ = true;
            }
        } else if (parse_title(text, thread)) {
            start_thread(std::move(thread), line.number);
        } else if (frames_.read(line.text) == TracebackFrames::Step::other) {
            finish_thread();
        } else if (!in_thread_ && frames_.frames.size() == 1 && run_start_ == 0) {
            run_start_ = line.number;
        }
    }

    std::vector<HangDump> take() {
        finish_thread();
        return std::move(dumps_);
    }

  private:
    std::vector<HangDump> dumps_;
    TracebackFrames frames_; // the thread's frames; outside one, a run of frames seen
    uint32_t run_start_ = 0; // where that run started
    bool in_thread_ = false;
    bool banner_open_ = false; // a banner opened the current dump; its closing one is due

    void start_dump(HangDump::Kind kind, uint32_t number) {
        HangDump dump;
        dump.kind = kind;
        dump.form = HangDump::Form::pytest_timeout;
        dump.first_line = number;
        dumps_.push_back(std::move(dump));
    }

    void start_thread(DumpThread thread, uint32_t number) {
        if (dumps_.empty() && !in_thread_ && !frames_.frames.empty()) {
            // A fragment: frames ending a thread whose title is not in the paste.
            start_dump(HangDump::Kind::plain, run_start_ ? run_start_ : number);
            dumps_.back().threads.emplace_back();
            in_thread_ = true;
        }
        finish_thread();
        bool repeated = false;
        if (!dumps_.empty())
            for (const DumpThread& seen : dumps_.back().threads)
                repeated |= seen.id == thread.id;
        if (dumps_.empty() || repeated)
            start_dump(HangDump::Kind::plain, number);
        dumps_.back().threads.push_back(std::move(thread));
        in_thread_ = true;
    }

    void finish_thread() {
        if (in_thread_) {
            std::vector<DumpFrame>& frames = dumps_.back().threads.back().frames;
            frames = std::move(frames_.frames);
            std::reverse(frames.begin(), frames.end()); // traceback prints outermost first
        }
        in_thread_ = false;
        frames_.clear();
        run_start_ = 0;
    }
};

} // namespace

std::vector<HangDump> read_pytest_timeout_dumps(std::span<const TextLine> lines) {
    PytestTimeoutReader reader;
    for (const TextLine& line : lines)
        reader.read(line);
    return reader.take();
}

} // namespace framescope

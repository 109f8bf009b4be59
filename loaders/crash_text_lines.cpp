#include "loaders/crash_text_lines.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <vector>

#include "loaders/text_lines.h"
#include "loaders/traceback_frames.h"

namespace framescope {
namespace {

// Whether `line` holds '<', '&', '`' or a byte that is not ASCII, sixteen bytes at a time
// (the compiler's vector extension: SSE2 or NEON): every line of every paste is asked, and
// nearly all say no.
bool may_start_something(std::string_view line) {
    using Bytes = uint8_t __attribute__((vector_size(16)));
    auto any_in = [](const char* at) {
        Bytes bytes;
        std::memcpy(&bytes, at, sizeof bytes);
        Bytes hit = (bytes >= 0x80) | (bytes == '<') | (bytes == '&') | (bytes == '`');
        uint64_t halves[2];
        std::memcpy(halves, &hit, sizeof halves);
        return (halves[0] | halves[1]) != 0;
    };
    if (line.size() < sizeof(Bytes)) { // a short line, in a block of spaces
        char block[sizeof(Bytes)];
        std::memset(block, ' ', sizeof block);
        std::memcpy(block, line.data(), line.size());
        return any_in(block);
    }
    for (size_t i = 0; i + sizeof(Bytes) < line.size(); i += sizeof(Bytes))
        if (any_in(line.data() + i))
            return true;
    return any_in(line.data() + line.size() - sizeof(Bytes)); // the last block, overlapping
}

// What web pages and chat did to a paste, undone: HTML tags around lines (<p/>, <code>),
// entities, typographic quotes, backticks. Tags inside Python's own "<module>" stay. A line
// that needed it is kept in `rewritten` (with its raw line); the others are views of `raw`.
std::string_view clean_line(std::string_view raw, size_t raw_line,
                            std::deque<std::pair<size_t, std::string>>& rewritten) {
    std::string_view line = unquote(raw);
    if (line.ends_with('\r'))
        line.remove_suffix(1);
    static constexpr std::string_view kTags[] = {"p",      "br", "code", "pre", "b",   "i",   "em",
                                                 "strong", "tt", "span", "div", "kbd", "samp"};
    static constexpr std::pair<std::string_view, std::string_view> kReplacements[] = {
        {"&quot;", "\""}, {"&#34;", "\""}, {"&#39;", "'"},  {"&#x27;", "'"}, {"&apos;", "'"},
        {"&lt;", "<"},    {"&gt;", ">"},   {"&nbsp;", " "}, {"&amp;", "&"},  {"\u201c", "\""},
        {"\u201d", "\""}, {"\u2018", "'"}, {"\u2019", "'"}, {"\u00a0", " "}, {"`", ""}};
    // Most lines hold none of it: one scan, no rewrite. The bytes that may start something
    // to undo: a tag, an entity, a backtick, a UTF-8 quote or no-break space.
    auto starts_something = [](char c) {
        return c == '<' || c == '&' || c == '`' || c == '\xe2' || c == '\xc2';
    };
    if (!may_start_something(line) || std::none_of(line.begin(), line.end(), starts_something))
        return line;
    // `out` is made at the first change only: "<module>" and "a & b" need none.
    std::string out;
    bool changed = false;
    auto change = [&](size_t at) {
        if (!changed)
            out.assign(line.substr(0, at));
        changed = true;
    };
    for (size_t i = 0; i < line.size();) {
        if (!starts_something(line[i])) {
            if (changed)
                out += line[i];
            ++i;
            continue;
        }
        if (line[i] == '<') {
            size_t name = i + 1 + (i + 1 < line.size() && line[i + 1] == '/');
            size_t close = line.find('>', name);
            if (close != std::string_view::npos) {
                std::string_view tag = line.substr(name, close - name);
                tag = tag.substr(0, tag.find_first_of(" /"));
                bool html = false;
                for (std::string_view known : kTags)
                    html |= tag.size() == known.size() &&
                            std::equal(tag.begin(), tag.end(), known.begin(), [](char a, char b) {
                                return std::tolower(uint8_t(a)) == b;
                            });
                if (html) {
                    change(i);
                    i = close + 1;
                    continue;
                }
            }
        }
        bool replaced = false;
        for (const auto& [from, to] : kReplacements)
            if (line.substr(i).starts_with(from)) {
                change(i);
                out += to;
                i += from.size();
                replaced = true;
                break;
            }
        if (!replaced) {
            if (changed)
                out += line[i];
            ++i;
        }
    }
    if (!changed)
        return line;
    return rewritten.emplace_back(raw_line, std::move(out)).second;
}

bool is_frame_line(std::string_view line) {
    FrameLine frame;
    return parse_frame_line(line, frame) && !frame.native;
}

// Where, in the code after a frame on a collapsed line, the exception line starts: a word
// after a space that reads as "SomeError: message" and is named like an exception.
size_t embedded_exception(std::string_view code) {
    for (size_t at = 0; at < code.size(); ++at) {
        if (at > 0 && code[at - 1] != ' ')
            continue;
        ExceptionLine exception;
        if (!std::isupper(uint8_t(code[at])) || !parse_exception_line(code.substr(at), exception))
            continue;
        std::string_view type = exception.type;
        if (type.ends_with("Error") || type.ends_with("Exception") || type.ends_with("Warning") ||
            type.ends_with("Exit") || type.ends_with("Interrupt"))
            return at;
    }
    return std::string_view::npos;
}

// A console wraps at 80 columns: "..., in ma" then "in" on the next line is one line.
bool wrapped_at_console_width(std::string_view raw, std::string_view next) {
    std::string_view line = unquote(raw); // the console printed it before anyone quoted it
    if (line.ends_with('\r'))
        line.remove_suffix(1);
    if ((line.size() != 80 && line.size() != 79) || next.empty() ||
        std::isspace(uint8_t(next[0])) || !trim(line).starts_with("File \""))
        return false;
    return !is_frame_line(line) || next.find(' ') == std::string_view::npos;
}

bool may_be_wrapped(std::string_view raw) {
    if (raw.size() < 79) // unquoting only shortens it
        return false;
    size_t width = unquote(raw).size();
    return width >= 79 && width <= 81;
}

} // namespace

bool CrashTextLines::read_raw_line() {
    if (rest_.empty())
        return false;
    size_t end = rest_.find('\n');
    if (end == std::string_view::npos) {
        raw_.push_back(rest_);
        rest_ = {};
    } else {
        raw_.push_back(rest_.substr(0, end));
        rest_.remove_prefix(end + 1);
    }
    return true;
}

bool CrashTextLines::has(size_t i) {
    while (lines_.end() <= i) {
        if (raw_.end() <= raw_cleaned_ && !read_raw_line())
            return false;
        clean_next_raw_line();
    }
    return true;
}

void CrashTextLines::clean_next_raw_line() {
    size_t i = raw_cleaned_;
    auto raw = [&](size_t r) { return raw_[r]; };
    std::string_view line = clean_line(raw(i), i, rewritten_);
    while (may_be_wrapped(raw(i)) && (raw_.end() > i + 1 || read_raw_line())) {
        std::string_view next = clean_line(raw(i + 1), i + 1, rewritten_);
        if (!wrapped_at_console_width(raw(i), next))
            break;
        std::string joined = std::string(line) + std::string(next);
        line = rewritten_.emplace_back(i + 1, std::move(joined)).second;
        ++i;
    }
    raw_cleaned_ = i + 1;
    split_collapsed(line, i);
}

// A traceback collapsed onto one line: cut before each frame after the first, and before
// the exception line that follows the last frame's code.
void CrashTextLines::split_collapsed(std::string_view text, size_t raw) {
    // A cut is a frame after other text on the line: looked for after the line's first word.
    size_t first_word = text.find_first_not_of(" \t");
    size_t after_first_word =
        first_word == std::string_view::npos ? text.size() : text.find(' ', first_word);
    std::vector<size_t> cuts;
    for (size_t at = text.find("File \"", after_first_word); at != std::string::npos;
         at = text.find("File \"", at + 1))
        if (text[at - 1] == ' ' && is_frame_line(text.substr(at)))
            cuts.push_back(at);
    if (cuts.empty()) { // nearly every line: no frame after other text
        lines_.push_back({text, raw});
        return;
    }
    if (size_t at = text.find(kTracebackHeader);
        at != std::string::npos && at + kTracebackHeader.size() < cuts.front())
        cuts.insert(cuts.begin(), at + kTracebackHeader.size());
    // One frame after other text is a frame behind a log prefix, not a collapsed traceback.
    if (cuts.size() < 2) {
        lines_.push_back({text, raw});
        return;
    }
    size_t begin = 0;
    for (size_t cut : cuts) {
        lines_.push_back({text.substr(begin, cut - begin), raw});
        begin = cut;
    }
    std::string_view last = text.substr(begin);
    FrameLine frame;
    size_t exception = std::string_view::npos;
    if (parse_frame_line(last, frame) && !frame.native && !frame.code.empty())
        exception = embedded_exception(frame.code);
    if (exception == std::string_view::npos) {
        lines_.push_back({last, raw});
        return;
    }
    size_t split = size_t(frame.code.data() - last.data()) + exception;
    lines_.push_back({last.substr(0, split), raw});
    lines_.push_back({last.substr(split), raw});
}

void CrashTextLines::text_of(size_t first, size_t end, std::string& text) const {
    text.clear();
    if (first >= end)
        return;
    // Raw lines are consecutive views of one text, a "\n" between each two.
    std::string_view from = raw_[raw_line_of(first)];
    std::string_view to = raw_[raw_line_of(end - 1)];
    text.assign(from.data(), size_t(to.data() + to.size() - from.data()));
    text.push_back('\n');
}

void CrashTextLines::forget_before(size_t i) {
    while (lines_.first() < i && !lines_.empty())
        lines_.pop_front();
    size_t keep_raw = lines_.empty() ? raw_cleaned_ : lines_.front().raw;
    while (raw_.first() < keep_raw && !raw_.empty())
        raw_.pop_front();
    while (!rewritten_.empty() && rewritten_.front().first < keep_raw)
        rewritten_.pop_front();
}

} // namespace framescope

#include "model/session_summary.h"

#include <algorithm>
#include <charconv>

#include "model/session_health.h"

namespace framescope {
namespace {

// Tabs and line breaks separate the stored stack's fields and entries.
std::string without_separators(std::string text) {
    std::replace_if(
        text.begin(), text.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
    return text;
}

} // namespace

StoredSessionSummary summarize_session(const ReportBundle& session) {
    StoredSessionSummary summary;
    summary.length_s = session_length_s(session);
    for (const Stall& stall : find_stalls(session, 0)) {
        StoredStall stored;
        stored.signature = stack_signature(stall.stack);
        for (const StackEntry& entry : stall.stack)
            stored.stack += without_separators(entry.file) + '\t' + std::to_string(entry.line) +
                            '\t' + without_separators(entry.function) + '\n';
        stored.duration_s = stall.duration_s;
        stored.unfinished = stall.unfinished;
        summary.stalls.push_back(std::move(stored));
    }
    return summary;
}

std::vector<StackEntry> stack_of(const StoredStall& stall) {
    std::vector<StackEntry> stack;
    std::string_view rest = stall.stack;
    while (!rest.empty()) {
        size_t end = std::min(rest.find('\n'), rest.size());
        std::string_view line = rest.substr(0, end);
        rest.remove_prefix(std::min(end + 1, rest.size()));
        size_t tab1 = line.find('\t');
        size_t tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
        if (tab2 == std::string_view::npos)
            continue; // not a line this version wrote
        StackEntry entry;
        entry.file = std::string(line.substr(0, tab1));
        std::from_chars(line.data() + tab1 + 1, line.data() + tab2, entry.line);
        entry.function = std::string(line.substr(tab2 + 1));
        stack.push_back(std::move(entry));
    }
    return stack;
}

} // namespace framescope

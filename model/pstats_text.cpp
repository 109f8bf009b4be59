// PstatsText follows pstats.py (CPython 3.11) line by line; the comments name the Python
// method each part mirrors. Widths count code points, as Python's ljust/rjust do.

#include "model/pstats_text.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <ctime>

#include "core/python_regex.h"

namespace framescope {
namespace {

void append_f8(std::string& out, double x) { // pstats.f8: "%8.3f"
    char buf[64];
    int n = std::snprintf(buf, sizeof buf, "%8.3f", x);
    out.append(buf, size_t(n));
}

void pad_right(std::string& out, std::string_view text, size_t text_width, size_t width) {
    out += text;
    if (text_width < width)
        out.append(width - text_width, ' ');
}

void pad_left(std::string& out, std::string_view text, size_t width) {
    if (text.size() < width)
        out.append(width - text.size(), ' ');
    out += text;
}

std::string calls_text(int64_t calls, int64_t prim_calls) {
    std::string text = std::to_string(calls);
    if (calls != prim_calls)
        text += "/" + std::to_string(prim_calls);
    return text;
}

// Python's repr() of a str: quotes chosen as Python chooses them, control bytes escaped.
std::string python_repr(std::string_view text) {
    bool has_single = text.find('\'') != std::string_view::npos;
    bool has_double = text.find('"') != std::string_view::npos;
    char quote = has_single && !has_double ? '"' : '\'';
    std::string out(1, quote);
    for (char c : text) {
        auto b = static_cast<unsigned char>(c);
        if (c == quote || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (b < 0x20 || b == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", b);
            out += buf;
        } else {
            out += c;
        }
    }
    return out + quote;
}

// Python's repr() of a float: the shortest text that reads back, always with a '.' or 'e'.
std::string python_repr(double x) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
    std::string text(buf, end);
    if (text.find_first_of(".en") == std::string::npos)
        text += ".0";
    return text;
}

std::string restriction_repr(const Restriction& r) {
    switch (r.kind) {
    case Restriction::Kind::Count:
        return std::to_string(r.count);
    case Restriction::Kind::Fraction:
        return python_repr(r.fraction);
    case Restriction::Kind::Pattern:
        return python_repr(r.pattern);
    }
    return {};
}

// time.ctime(): "Sat Jan  1 00:00:00 2000", in local time.
std::string ctime_text(int64_t seconds) {
    static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::time_t t = std::time_t(seconds);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s %s %2d %02d:%02d:%02d %d", kDays[tm.tm_wday],
                  kMonths[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  tm.tm_year + 1900);
    return buf;
}

// How many functions of the sorted list the restrictions can keep, when the first one says
// (a count or a fraction); only those need sorting.
size_t leading_count(const std::vector<Restriction>& amount, size_t functions) {
    if (amount.empty())
        return SIZE_MAX;
    const Restriction& r = amount.front();
    if (r.kind == Restriction::Kind::Count && r.count >= 0)
        return size_t(r.count);
    if (r.kind == Restriction::Kind::Fraction && r.fraction >= 0 && r.fraction < 1)
        return size_t(double(functions) * r.fraction + .5);
    return SIZE_MAX;
}

} // namespace

Restriction Restriction::parse_amount(const std::string& text) {
    Restriction r{};
    int64_t count = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
    if (ec == std::errc() && end == text.data() + text.size()) {
        r.kind = Kind::Count;
        r.count = count;
        return r;
    }
    double fraction = 0;
    auto [fend, fec] = std::from_chars(text.data(), text.data() + text.size(), fraction);
    if (fec == std::errc() && fend == text.data() + text.size()) {
        r.kind = Kind::Fraction;
        r.fraction = fraction;
        return r;
    }
    r.kind = Kind::Pattern;
    r.pattern = text;
    return r;
}

PstatsText::PstatsText(const PstatsProfile& profile, std::optional<SortOrder> order,
                       std::string_view unit)
    : profile_(profile), order_(std::move(order)), unit_(unit) {}

const std::string& PstatsText::label(FunctionId f) {
    if (labels_.empty())
        labels_.resize(profile_.keys.size());
    if (labels_[f].empty())
        labels_[f] = function_label(profile_, f);
    return labels_[f];
}

// The width of function_label(f), computed without building it: the name column's width
// needs every function's, and only the printed few need their text.
size_t PstatsText::label_width(FunctionId f) const {
    std::string_view name = profile_.name(f);
    if (profile_.file(f) == "~" && profile_.line(f) == 0)
        return utf8_length(name); // "<x>" shows as "{x}", no wider
    int64_t line = profile_.line(f);
    size_t digits = line < 0 ? 2 : 1;
    for (uint64_t rest = line < 0 ? 0 - uint64_t(line) : uint64_t(line); rest >= 10; rest /= 10)
        ++digits;
    return utf8_length(profile_.file(f)) + digits + utf8_length(name) + 3; // ":", "(", ")"
}

std::vector<FunctionId> PstatsText::print_list(const std::vector<Restriction>& amount,
                                               std::string& out, size_t& width) {
    std::vector<FunctionId> list;
    std::string msg;
    if (order_) {
        list = sort_functions(profile_, *order_, leading_count(amount, profile_.function_count));
        msg = "   Ordered by: " + order_->description + "\n";
    } else {
        list.resize(profile_.function_count);
        for (FunctionId f = 0; f < list.size(); ++f)
            list[f] = f;
        msg = "   Random listing order was used\n";
    }
    // eval_print_amount(), for each restriction in turn.
    for (const Restriction& r : amount) {
        size_t before = list.size();
        if (r.kind == Restriction::Kind::Pattern) {
            Result<PythonRegex> rex = PythonRegex::compile(r.pattern);
            if (!rex) {
                msg += "   <Invalid regular expression " + python_repr(r.pattern) + ">\n";
                continue;
            }
            std::vector<FunctionId> kept;
            size_t gave_up = 0;
            for (FunctionId f : list) {
                PythonRegex::Match match = rex->search(label(f));
                gave_up += match == PythonRegex::Match::gave_up;
                if (match == PythonRegex::Match::yes)
                    kept.push_back(f);
            }
            list = std::move(kept);
            // Where Python would backtrack for ever, the report says what was left out.
            if (gave_up > 0)
                msg += "   <Regular expression " + python_repr(r.pattern) + " gave up on " +
                       std::to_string(gave_up) + " functions: too much backtracking>\n";
        } else if (r.kind == Restriction::Kind::Fraction && r.fraction >= 0 && r.fraction < 1) {
            list.resize(size_t(double(list.size()) * r.fraction + .5));
        } else if (r.kind == Restriction::Kind::Count && r.count >= 0 &&
                   size_t(r.count) < list.size()) {
            list.resize(size_t(r.count));
        }
        if (list.size() != before)
            msg += "   List reduced from " + std::to_string(before) + " to " +
                   std::to_string(list.size()) + " due to restriction <" + restriction_repr(r) +
                   ">\n";
    }
    if (list.empty())
        return list;
    out += msg;
    out += '\n';
    // The name column fits every function, or only the listed ones when some are left out.
    width = 0;
    if (list.size() < profile_.function_count) {
        for (FunctionId f : list)
            width = std::max(width, label_width(f));
    } else {
        for (FunctionId f = 0; f < profile_.function_count; ++f)
            width = std::max(width, label_width(f));
    }
    width += 2;
    return list;
}

std::string PstatsText::print_stats(const std::vector<Restriction>& amount) {
    std::string out;
    for (const ProfileSource& source : profile_.sources)
        out += ctime_text(source.mtime_s) + "    " + source.path + "\n";
    if (!profile_.sources.empty())
        out += '\n';
    // top_level: functions "called" by the old profile module's ('jprofile', 0, 'profiler').
    for (FunctionId f = 0; f < profile_.function_count; ++f) {
        const CallerEdge* edges = profile_.callers_of(f);
        for (size_t i = 0; i < profile_.caller_count(f); ++i) {
            FunctionId c = edges[i].caller;
            if (profile_.file(c) == "jprofile" && profile_.line(c) == 0 &&
                profile_.name(c) == "profiler") {
                out += "         " + std::string(profile_.name(f)) + "\n";
                break;
            }
        }
    }
    out += "         " + std::to_string(profile_.total_calls) + " function calls ";
    if (profile_.total_calls != profile_.total_prim_calls)
        out += "(" + std::to_string(profile_.total_prim_calls) + " primitive calls) ";
    char seconds[64];
    std::snprintf(seconds, sizeof seconds, "in %.3f %s\n\n", profile_.total_self_s,
                  unit_.substr(0, 24).c_str());
    out += seconds;

    size_t width = 0;
    std::vector<FunctionId> list = print_list(amount, out, width);
    if (list.empty())
        return out;
    out += "   ncalls  tottime  percall  cumtime  percall filename:lineno(function)\n";
    for (FunctionId f : list) {
        pad_left(out, calls_text(profile_.calls[f], profile_.prim_calls[f]), 9);
        out += ' ';
        append_f8(out, profile_.self_s[f]);
        out += ' ';
        if (profile_.calls[f] == 0)
            out.append(8, ' ');
        else
            append_f8(out, profile_.self_s[f] / double(profile_.calls[f]));
        out += ' ';
        append_f8(out, profile_.cumulative_s[f]);
        out += ' ';
        if (profile_.prim_calls[f] == 0)
            out.append(8, ' ');
        else
            append_f8(out, profile_.cumulative_s[f] / double(profile_.prim_calls[f]));
        out += ' ';
        out += label(f);
        out += '\n';
    }
    out += "\n\n";
    return out;
}

std::string PstatsText::print_callers(const std::vector<Restriction>& amount) {
    std::string out;
    size_t width = 0;
    std::vector<FunctionId> list = print_list(amount, out, width);
    if (list.empty())
        return out;
    call_heading(out, width, "was called by...");
    std::vector<CallEntry> entries;
    for (FunctionId f : list) {
        entries.clear();
        const CallerEdge* edges = profile_.callers_of(f);
        for (size_t i = 0; i < profile_.caller_count(f); ++i)
            entries.push_back({edges[i].caller, &edges[i]});
        call_line(out, width, f, entries, "<-");
    }
    out += "\n\n";
    return out;
}

std::string PstatsText::print_callees(const std::vector<Restriction>& amount) {
    std::string out;
    size_t width = 0;
    std::vector<FunctionId> list = print_list(amount, out, width);
    if (list.empty())
        return out;
    // calc_callees(): invert the caller lists.
    std::vector<std::vector<CallEntry>> callees(profile_.keys.size());
    for (FunctionId f = 0; f < profile_.function_count; ++f) {
        const CallerEdge* edges = profile_.callers_of(f);
        for (size_t i = 0; i < profile_.caller_count(f); ++i)
            callees[edges[i].caller].push_back({f, &edges[i]});
    }
    call_heading(out, width, "called...");
    for (FunctionId f : list)
        call_line(out, width, f, callees[f], "->");
    out += "\n\n";
    return out;
}

void PstatsText::call_heading(std::string& out, size_t width, const char* title) const {
    pad_right(out, "Function ", 9, width);
    out += title;
    out += '\n';
    // The sub-header appears when the first function with callers has cProfile's tuples.
    for (FunctionId f = 0; f < profile_.function_count; ++f) {
        if (profile_.caller_count(f) == 0)
            continue;
        if (profile_.callers_of(f)[0].form == CallerForm::Tuple) {
            out.append(width, ' ');
            out += "    ncalls  tottime  cumtime\n";
        }
        break;
    }
}

void PstatsText::call_line(std::string& out, size_t width, FunctionId f,
                           std::vector<CallEntry>& entries, const char* arrow) {
    pad_right(out, label(f), label_width(f), width);
    out += arrow;
    out += ' ';
    if (entries.empty()) {
        out += '\n';
        return;
    }
    // sorted(call_dict.keys()): by file, then line, then name.
    std::sort(entries.begin(), entries.end(), [&](const CallEntry& a, const CallEntry& b) {
        const FunctionKey& ka = profile_.keys[a.other];
        const FunctionKey& kb = profile_.keys[b.other];
        if (int c = profile_.strings.get(ka.file).compare(profile_.strings.get(kb.file)); c != 0)
            return c < 0;
        if (ka.line != kb.line)
            return ka.line < kb.line;
        return profile_.strings.get(ka.name) < profile_.strings.get(kb.name);
    });
    bool first = true;
    for (const CallEntry& entry : entries) {
        const CallerEdge& e = *entry.edge;
        if (e.form == CallerForm::Tuple) {
            if (!first)
                out.append(width + 1, ' ');
            pad_left(out, calls_text(e.calls, e.prim_calls), first ? 7 : 9);
            out += ' ';
            append_f8(out, e.self_s);
            out += ' ';
            append_f8(out, e.cumulative_s);
            out += "  ";
            out += label(entry.other);
        } else {
            if (!first)
                out.append(width + 3, ' ');
            out += label(entry.other);
            out += "(" + std::to_string(e.calls) + ") ";
            // The listed function's own cumulative time (0 for a caller with no stats).
            FunctionId other = entry.other;
            append_f8(out, other < profile_.function_count ? profile_.cumulative_s[other] : 0.0);
        }
        out += '\n';
        first = false;
    }
}

} // namespace framescope

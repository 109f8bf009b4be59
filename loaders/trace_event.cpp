// Trace Event JSON: the events are read in file order with simdjson On Demand (each field
// found by name, whatever order the tracer wrote them in), kept per thread as intervals, and
// nested once all are read, since a tracer may write a caller after its callees (viztracer
// writes a call when it returns).

#include "loaders/trace_event.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <unordered_map>

#include <simdjson.h>

#include "core/text_encoding.h"

namespace framescope {
namespace {

namespace od = simdjson::ondemand;

struct Interval {
    int64_t begin_ns, end_ns;
    uint32_t order; // position in the file, to keep equal intervals in file order
    StringId function, file;
    uint32_t line;
};

struct OpenBegin {
    int64_t begin_ns;
    uint32_t order;
    std::string name;
};

std::string_view trimmed(std::string_view token) {
    while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' ||
                              token.back() == '\r'))
        token.remove_suffix(1);
    return token;
}

// A decimal number of microseconds as whole nanoseconds, rounded half-even, read from its
// digits so that no binary rounding comes in between. False if it is not a number or too
// large.
bool microseconds_as_ns(std::string_view text, int64_t& ns) {
    size_t i = 0;
    bool negative = i < text.size() && text[i] == '-';
    i += negative || (i < text.size() && text[i] == '+');
    // The value is 0.DIGITS * 10^point, DIGITS its significant digits; only the first 20
    // are kept, and whether any later one is not zero.
    char digits[20];
    size_t count = 0, kept = 0;
    int64_t point = 0;
    bool any = false, dot = false, rest_nonzero = false;
    for (; i < text.size(); ++i) {
        char c = text[i];
        if (c >= '0' && c <= '9') {
            any = true;
            if (count == 0 && c == '0') {
                point -= dot;
                continue;
            }
            if (kept < sizeof digits)
                digits[kept++] = c;
            else
                rest_nonzero |= c != '0';
            ++count;
            point += !dot;
        } else if (c == '.' && !dot) {
            dot = true;
        } else {
            break;
        }
    }
    if (!any)
        return false;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool exp_negative = i < text.size() && text[i] == '-';
        i += exp_negative || (i < text.size() && text[i] == '+');
        int64_t e = 0;
        size_t first = i;
        for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i)
            e = std::min<int64_t>(e * 10 + (text[i] - '0'), 100000);
        if (i == first)
            return false;
        point += exp_negative ? -e : e;
    }
    if (i != text.size())
        return false;
    if (count == 0) {
        ns = 0;
        return true;
    }
    int64_t whole_digits = point + 3; // microseconds -> nanoseconds
    if (whole_digits > 19)
        return false;
    int64_t whole = 0;
    for (int64_t k = 0; k < whole_digits; ++k)
        if (__builtin_mul_overflow(whole, 10, &whole) ||
            __builtin_add_overflow(whole, size_t(k) < kept ? digits[k] - '0' : 0, &whole))
            return false;
    if (whole_digits >= 0 && size_t(whole_digits) < count) { // below that, under half a unit
        size_t cut = size_t(whole_digits);
        int first_dropped = cut < kept ? digits[cut] - '0' : 0;
        for (size_t k = cut + 1; k < kept; ++k)
            rest_nonzero |= digits[k] != '0';
        if ((first_dropped > 5 || (first_dropped == 5 && (rest_nonzero || (whole & 1)))) &&
            __builtin_add_overflow(whole, 1, &whole))
            return false;
    }
    ns = negative ? -whole : whole;
    return true;
}

std::string invalid_json(simdjson::error_code error) {
    return std::string("invalid JSON: ") + simdjson::error_message(error);
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

size_t skip_space(std::string_view text, size_t at) {
    while (at < text.size() && is_space(text[at]))
        ++at;
    return at;
}

// One past the JSON value that starts at `at`: strings and nesting followed, a scalar as its
// run of characters. npos when the text ends inside it. Checking the value is simdjson's.
size_t skip_value(std::string_view text, size_t at) {
    const char* p = text.data();
    size_t end = text.size(), depth = 0;
    while (at < end) {
        char c = p[at++];
        if (c == '"') {
            for (;;) { // to the next quote that no odd run of backslashes escapes
                const void* quote = std::memchr(p + at, '"', end - at);
                if (!quote)
                    return std::string_view::npos;
                size_t q = size_t(static_cast<const char*>(quote) - p), slashes = 0;
                while (q - slashes > at && p[q - slashes - 1] == '\\')
                    ++slashes;
                at = q + 1;
                if (slashes % 2 == 0)
                    break;
            }
            if (depth == 0)
                return at;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (depth == 0)
                return at - 1; // a scalar ends at its container's end
            if (--depth == 0)
                return at;
        } else if (depth == 0 && (c == ',' || c == ':' || is_space(c))) {
            return at - 1;
        }
    }
    return depth == 0 ? at : std::string_view::npos;
}

class TraceReader {
  public:
    TraceReader(const std::string& name, LoadProgress* progress, const FileBytes* mapped)
        : name_(name), progress_(progress), mapped_(mapped) {}

    Result<TraceEvents> read(std::string_view text) {
        Result<std::pair<size_t, size_t>> span = find_events(text);
        if (!span)
            return span.error();
        auto [open, close] = *span;
        if (Status s = check_outside(text, open, close); !s)
            return s.error();
        release_before(text, text.size()); // finding the events went through all of them
        // The events go to simdjson a batch at a time: memory stays that of a batch.
        size_t at = skip_space(text, open + 1), first = at, last = at;
        while (at < close) {
            size_t end = skip_value(text, at);
            if (end == std::string_view::npos || end > close)
                return Error::at_offset(name_, at, "the trace ends inside an event");
            last = end;
            at = skip_space(text, end);
            if (at < close && text[at] != ',')
                return Error::at_offset(name_, at, "expected ',' or ']' after a trace event");
            if (at < close)
                at = skip_space(text, at + 1);
            if (last - first >= kBatchBytes || at >= close) {
                if (!read_batch(text, first, last))
                    return std::move(*error_);
                release_before(text, at);
                first = at;
            }
        }
        if (progress_)
            progress_->done = text.size();
        return nest();
    }

  private:
    static constexpr size_t kBatchBytes = 1 << 20;
    const std::string& name_;
    LoadProgress* progress_;
    const FileBytes* mapped_;
    od::parser parser_;
    std::vector<char> batch_;    // "[" events "]" and simdjson's padding
    const char* base_ = nullptr; // the batch's '[', which stands at base_offset_ in the file
    uint64_t base_offset_ = 0;
    std::optional<Error> error_;
    TraceEvents result_;
    std::unordered_map<std::string, uint32_t> thread_ids_; // pid '\0' tid
    std::vector<std::vector<Interval>> intervals_;         // by thread
    std::vector<std::vector<OpenBegin>> open_;             // by thread: "B"s awaiting an "E"
    std::unordered_map<std::string, std::string> process_names_;
    uint32_t order_ = 0;

    void release_before(std::string_view text, size_t at) {
        if (mapped_)
            mapped_->release_before(text.data() + at);
    }

    uint64_t offset_of(od::document& document) {
        const char* at = nullptr;
        if (document.current_location().get(at) || !at)
            return base_offset_;
        return base_offset_ + uint64_t(at - base_);
    }

    // The '[' and ']' of the events: the text itself, or its "traceEvents" member.
    Result<std::pair<size_t, size_t>> find_events(std::string_view text) {
        size_t at = skip_space(text, 0);
        if (at < text.size() && text[at] == '{') {
            at = skip_space(text, at + 1);
            while (at < text.size() && text[at] == '"') {
                size_t key_end = skip_value(text, at);
                if (key_end == std::string_view::npos)
                    break;
                bool events = text.substr(at, key_end - at) == "\"traceEvents\"";
                at = skip_space(text, key_end);
                if (at >= text.size() || text[at] != ':')
                    return Error::at_offset(name_, at, "expected ':' after a key");
                at = skip_space(text, at + 1);
                if (events && (at >= text.size() || text[at] != '['))
                    return Error::at_offset(name_, at, "\"traceEvents\" is not an array");
                size_t end = skip_value(text, at);
                if (end == std::string_view::npos)
                    return Error::at_offset(name_, text.size(),
                                            events ? "the trace ends inside its events"
                                                   : "the text ends inside a value");
                if (events)
                    return std::pair{at, end - 1};
                at = skip_space(text, end);
                if (at < text.size() && text[at] == ',')
                    at = skip_space(text, at + 1);
            }
            return Error::at_offset(name_, std::min(at, text.size()),
                                    "no \"traceEvents\" in the JSON object");
        }
        if (at >= text.size() || text[at] != '[')
            return Error::at_offset(name_, std::min(at, text.size()),
                                    "expected a JSON object or array of trace events");
        size_t end = skip_value(text, at);
        if (end == std::string_view::npos)
            return Error::at_offset(name_, text.size(), "the trace ends inside its events");
        return std::pair{at, end - 1};
    }

    // All but the events, parsed whole: what comes before and after them is JSON too.
    Status check_outside(std::string_view text, size_t open, size_t close) {
        std::string outside(text.substr(0, open));
        outside += "[]";
        outside += text.substr(close + 1);
        simdjson::padded_string padded(outside);
        od::document document;
        base_ = padded.data();
        base_offset_ = 0;
        auto fail = [&](simdjson::error_code error) -> Status {
            Error e = failure(document, error);
            if (e.offset > open) // past the events: where it is in the file
                e.offset += close - open - 1;
            return e;
        };
        if (auto error = parser_.iterate(padded).get(document))
            return Error::at_offset(name_, 0, invalid_json(error));
        od::json_type type;
        if (auto error = document.type().get(type))
            return fail(error);
        if (type == od::json_type::object) {
            od::object root;
            if (auto error = document.get_object().get(root))
                return fail(error);
            for (auto field : root) { // each member skipped to its end
                od::raw_json_string key;
                if (auto error = field.key().get(key))
                    return fail(error);
            }
        } else {
            od::array events;
            if (auto error = document.get_array().get(events))
                return fail(error);
        }
        const char* rest = nullptr; // past the end there is no location
        if (!document.current_location().get(rest)) {
            Error e = fail_at(document, "unexpected text after the trace events");
            if (e.offset > open)
                e.offset += close - open - 1;
            return e;
        }
        return Ok{};
    }

    // The events in text[first, last), parsed as one array.
    bool read_batch(std::string_view text, size_t first, size_t last) {
        size_t length = last - first + 2;
        batch_.resize(length + simdjson::SIMDJSON_PADDING);
        batch_[0] = '[';
        std::copy(text.begin() + first, text.begin() + last, batch_.begin() + 1);
        batch_[length - 1] = ']';
        base_ = batch_.data();
        base_offset_ = first - 1;
        od::document document;
        od::array events;
        // A document that could not be started has no location: the batch's start stands in.
        if (auto error = parser_.iterate(batch_.data(), length, batch_.size()).get(document)) {
            error_ = Error::at_offset(name_, first, invalid_json(error));
            return false;
        }
        if (auto error = document.get_array().get(events)) {
            error_ = failure(document, error);
            return false;
        }
        if (progress_) {
            progress_->done = last;
            if (progress_->cancel) {
                error_ = Error::plain("cancelled");
                return false;
            }
        }
        return read_events(document, events);
    }
    Error failure(od::document& document, simdjson::error_code error) {
        return Error::at_offset(name_, offset_of(document), invalid_json(error));
    }
    Error fail_at(od::document& document, std::string message) {
        return Error::at_offset(name_, offset_of(document), std::move(message));
    }

    // A field's text: a string unescaped, a number (or true, false, null) as written; false
    // where the field is absent or is an object or array.
    // A scalar's text: a string unescaped, a number (or true, false, null) as written;
    // false for an object or array, or where the JSON is broken (`fatal` then says why).
    static bool text_of(od::value value, std::string_view& text, simdjson::error_code& fatal) {
        od::json_type type;
        if ((fatal = value.type().get(type)))
            return false;
        if (type == od::json_type::object || type == od::json_type::array)
            return false;
        if (type == od::json_type::string)
            return !(fatal = value.get_string().get(text));
        text = trimmed(value.raw_json_token());
        return true;
    }

    uint32_t thread_of(std::string_view pid, std::string_view tid) {
        std::string key;
        key.append(pid).push_back('\0');
        key.append(tid);
        auto [found, added] = thread_ids_.emplace(std::move(key), uint32_t(intervals_.size()));
        if (added) {
            result_.threads.push_back({std::string(pid), std::string(tid), {}, {}});
            intervals_.emplace_back();
            open_.emplace_back();
        }
        return found->second;
    }

    void add_call(uint32_t thread, int64_t begin_ns, int64_t end_ns, uint32_t order,
                  std::string_view name) {
        TracedName traced = split_traced_name(name);
        intervals_[thread].push_back({begin_ns, end_ns, order,
                                      result_.strings.intern(traced.function),
                                      result_.strings.intern(traced.file), traced.line});
    }

    bool read_events(od::document& document, od::array& events) {
        for (auto element : events) {
            od::value value;
            if (auto error = element.get(value)) {
                error_ = failure(document, error);
                return false;
            }
            od::object event;
            uint32_t order = order_++;
            if (auto error = value.get_object().get(event)) {
                if (error == simdjson::INCORRECT_TYPE)
                    continue; // not an event: left out, as other tools do
                error_ = failure(document, error);
                return false;
            }
            if (auto error = read_event(event, order)) {
                error_ = failure(document, error);
                return false;
            }
        }
        return true;
    }

    // One event, its members read in the order they come (tracers write them in different
    // orders); an error only where the JSON itself is broken, after which the parser must not
    // be asked anything more. A metadata event's name is read where "args" follows "ph" and
    // "name", as tracers write them.
    simdjson::error_code read_event(od::object& event, uint32_t order) {
        simdjson::error_code fatal = simdjson::SUCCESS;
        std::string_view phase, name, pid = "None", tid = "None", ts, dur, text, label;
        bool has_ts = false, has_dur = false, has_label = false;
        for (auto field : event) {
            od::raw_json_string key;
            if ((fatal = field.key().get(key)))
                return fatal;
            std::string_view* into = key == "ph"     ? &phase
                                     : key == "name" ? &name
                                     : key == "pid"  ? &pid
                                     : key == "tid"  ? &tid
                                     : key == "ts"   ? &ts
                                     : key == "dur"  ? &dur
                                                     : nullptr;
            if (into) {
                bool scalar = text_of(field.value(), text, fatal);
                if (fatal)
                    return fatal;
                if (scalar) {
                    *into = text;
                    has_ts |= into == &ts;
                    has_dur |= into == &dur;
                }
            } else if (key == "args" && phase == "M" &&
                       (name == "thread_name" || name == "process_name")) {
                od::object args;
                if (field.value().get_object().get(args))
                    continue; // not an object: no name
                for (auto arg : args) {
                    if ((fatal = arg.key().get(key)))
                        return fatal;
                    if (key == "name" && text_of(arg.value(), text, fatal))
                        label = text, has_label = true;
                    if (fatal)
                        return fatal;
                }
            }
        }
        if (phase.size() != 1)
            return simdjson::SUCCESS;
        if (phase[0] == 'M') {
            if (has_label && name == "thread_name")
                result_.threads[thread_of(pid, tid)].name = label;
            else if (has_label && name == "process_name")
                process_names_[std::string(pid)] = label;
            return simdjson::SUCCESS;
        }
        int64_t ts_ns = 0, dur_ns = 0;
        if (!has_ts || !microseconds_as_ns(ts, ts_ns))
            return simdjson::SUCCESS; // no time: nothing to place
        switch (phase[0]) {
        case 'X':
            if (!has_dur || !microseconds_as_ns(dur, dur_ns) || dur_ns < 0 ||
                __builtin_add_overflow(ts_ns, dur_ns, &dur_ns))
                return simdjson::SUCCESS;
            add_call(thread_of(pid, tid), ts_ns, dur_ns, order, name); // dur_ns: the end
            break;
        case 'B':
            open_[thread_of(pid, tid)].push_back({ts_ns, order, std::string(name)});
            break;
        case 'E': {
            std::vector<OpenBegin>& open = open_[thread_of(pid, tid)];
            if (open.empty() || ts_ns < open.back().begin_ns) {
                ++result_.unmatched_begin_end;
                if (!open.empty())
                    open.pop_back();
                break;
            }
            add_call(thread_of(pid, tid), open.back().begin_ns, ts_ns, open.back().order,
                     open.back().name);
            open.pop_back();
            break;
        }
        }
        return simdjson::SUCCESS;
    }

    TraceEvents nest() {
        for (uint32_t t = 0; t < intervals_.size(); ++t) {
            result_.unmatched_begin_end += open_[t].size();
            std::vector<Interval>& calls = intervals_[t];
            std::sort(calls.begin(), calls.end(), [](const Interval& a, const Interval& b) {
                if (a.begin_ns != b.begin_ns)
                    return a.begin_ns < b.begin_ns;
                if (a.end_ns != b.end_ns)
                    return a.end_ns > b.end_ns; // the enclosing one first
                return a.order < b.order;
            });
            std::vector<int64_t> open_ends; // the calls open here, innermost last
            for (const Interval& call : calls) {
                while (!open_ends.empty() && open_ends.back() <= call.begin_ns)
                    open_ends.pop_back();
                if (!open_ends.empty() && call.end_ns > open_ends.back()) {
                    ++result_.dropped_unnested;
                    continue;
                }
                result_.calls.push_back({call.function, call.file, call.line, t,
                                         uint32_t(open_ends.size()), call.begin_ns, call.end_ns});
                open_ends.push_back(call.end_ns);
            }
            std::vector<Interval>().swap(calls);
        }
        for (TraceThread& thread : result_.threads)
            if (auto found = process_names_.find(thread.pid); found != process_names_.end())
                thread.process = found->second;
        return std::move(result_);
    }
};

} // namespace

TracedName split_traced_name(std::string_view name) {
    size_t open = name.find(" (");
    if (open != std::string_view::npos && open > 0 && name.back() == ')') {
        std::string_view inner = name.substr(open + 2, name.size() - open - 3);
        size_t colon = inner.rfind(':');
        if (colon != std::string_view::npos && colon + 1 < inner.size() &&
            inner.find_first_not_of("0123456789", colon + 1) == std::string_view::npos) {
            uint64_t line = 0;
            for (char c : inner.substr(colon + 1))
                line = std::min<uint64_t>(line * 10 + uint64_t(c - '0'), UINT32_MAX);
            return {name.substr(0, open), inner.substr(0, colon), uint32_t(line)};
        }
    }
    return {name, {}, 0};
}

std::vector<int64_t> trace_self_ns(const TraceEvents& events) {
    std::vector<int64_t> self(events.calls.size());
    std::vector<size_t> open; // by depth: the latest call at that depth on this thread
    for (size_t i = 0; i < events.calls.size(); ++i) {
        const TraceCall& call = events.calls[i];
        self[i] = call.duration_ns();
        if (i > 0 && call.thread != events.calls[i - 1].thread)
            open.clear();
        open.resize(call.depth);
        if (call.depth > 0)
            self[open.back()] -= call.duration_ns();
        open.push_back(i);
    }
    return self;
}

ProfileData trace_profile_data(const TraceEvents& events) {
    ProfileData data;
    data.format = ProfileFormat::trace_event;
    data.unit = std::string(unit::microseconds);
    data.threads.clear();
    for (const TraceThread& thread : events.threads) {
        std::string label = thread.name.empty() ? thread.pid + "/" + thread.tid : thread.name;
        if (std::find(data.threads.begin(), data.threads.end(), label) != data.threads.end())
            label += " (" + thread.pid + "/" + thread.tid + ")"; // MainThread of another process
        data.threads.push_back(std::move(label));
    }
    int64_t origin_ns = INT64_MAX;
    for (const TraceCall& call : events.calls)
        origin_ns = std::min(origin_ns, call.begin_ns);
    data.calls.reserve(events.calls.size());
    for (size_t i = 0; i < events.calls.size(); ++i) {
        const TraceCall& call = events.calls[i];
        FrameId frame =
            data.frame(events.strings.get(call.function), events.strings.get(call.file), call.line);
        data.calls.push_back({frame, call.thread, double(call.begin_ns - origin_ns) / 1000,
                              double(call.end_ns - origin_ns) / 1000, call.depth});
    }
    return data;
}

Result<TraceEvents> parse_trace_events(std::string_view bytes, const std::string& name,
                                       LoadProgress* progress, const FileBytes* mapped) {
    std::string decoded;
    std::string_view text = text_as_utf8(bytes, decoded);
    if (progress)
        progress->total = text.size();
    return TraceReader(name, progress, decoded.empty() ? mapped : nullptr).read(text);
}

Result<ProfileData> read_trace_event(std::string_view text, const std::string& file,
                                     LoadProgress* progress, const FileBytes* mapped) {
    Result<TraceEvents> events = parse_trace_events(text, file, progress, mapped);
    if (!events)
        return events.error();
    return trace_profile_data(*events);
}

} // namespace framescope

// Trace Event JSON: the events are read in file order with simdjson On Demand (each field
// found by name, whatever order the tracer wrote them in), kept per thread as intervals, and
// nested once all are read, since a tracer may write a caller after its callees (viztracer
// writes a call when it returns).

#include "loaders/trace_event.h"

#include <algorithm>
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
    std::string digits;
    int64_t exponent = 3; // microseconds -> nanoseconds
    bool any = false, dot = false;
    for (; i < text.size(); ++i) {
        char c = text[i];
        if (c >= '0' && c <= '9') {
            any = true;
            if (digits.empty() && c == '0') {
                exponent -= dot;
                continue;
            }
            digits.push_back(c);
            exponent -= dot;
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
        exponent += exp_negative ? -e : e;
    }
    if (i != text.size())
        return false;
    if (digits.empty()) {
        ns = 0;
        return true;
    }
    // value = digits * 10^exponent, of which `whole_digits` are left of the point
    int64_t count = int64_t(digits.size());
    int64_t whole_digits = count + exponent;
    if (whole_digits > 19)
        return false;
    int64_t whole = 0;
    for (int64_t k = 0; k < whole_digits; ++k)
        if (__builtin_mul_overflow(whole, 10, &whole) ||
            __builtin_add_overflow(whole, k < count ? digits[size_t(k)] - '0' : 0, &whole))
            return false;
    if (whole_digits >= 0 && whole_digits < count) { // below that, less than half a unit
        int first_dropped = digits[size_t(whole_digits)] - '0';
        bool rest_nonzero =
            digits.find_first_not_of('0', size_t(whole_digits) + 1) != std::string::npos;
        if ((first_dropped > 5 || (first_dropped == 5 && (rest_nonzero || (whole & 1)))) &&
            __builtin_add_overflow(whole, 1, &whole))
            return false;
    }
    ns = negative ? -whole : whole;
    return true;
}

class TraceReader {
  public:
    TraceReader(const std::string& name, const char* base, LoadProgress* progress)
        : name_(name), base_(base), progress_(progress) {}

    Result<TraceEvents> read(od::document& document, size_t size) {
        od::json_type type;
        if (auto error = document.type().get(type))
            return failure(document, error);
        if (type == od::json_type::array) {
            od::array events;
            if (auto error = document.get_array().get(events))
                return failure(document, error);
            if (!read_events(document, events))
                return std::move(*error_);
        } else if (type == od::json_type::object) {
            od::object root;
            if (auto error = document.get_object().get(root))
                return failure(document, error);
            bool found = false;
            for (auto field : root) {
                od::raw_json_string key;
                if (auto error = field.key().get(key))
                    return failure(document, error);
                if (key != "traceEvents")
                    continue; // displayTimeUnit, viztracer_metadata, deviceProperties, ...
                od::array events;
                if (field.value().get_array().get(events))
                    return fail_at(document, "\"traceEvents\" is not an array");
                if (!read_events(document, events))
                    return std::move(*error_);
                found = true;
            }
            if (error_)
                return std::move(*error_);
            if (!found)
                return fail_at(document, "no \"traceEvents\" in the JSON object");
        } else {
            return fail_at(document, "expected a JSON object or array of trace events");
        }
        const char* rest = nullptr; // past the end there is no location
        if (!document.current_location().get(rest))
            return fail_at(document, "unexpected text after the trace events");
        if (progress_)
            progress_->done = size;
        return nest();
    }

  private:
    const std::string& name_;
    const char* base_;
    LoadProgress* progress_;
    std::optional<Error> error_;
    TraceEvents result_;
    std::unordered_map<std::string, uint32_t> thread_ids_; // pid '\0' tid
    std::vector<std::vector<Interval>> intervals_;         // by thread
    std::vector<std::vector<OpenBegin>> open_;             // by thread: "B"s awaiting an "E"
    std::unordered_map<std::string, std::string> process_names_;
    uint32_t order_ = 0;

    uint64_t offset_of(od::document& document) {
        const char* at = nullptr;
        if (document.current_location().get(at) || !at)
            return 0;
        return uint64_t(at - base_);
    }
    Error failure(od::document& document, simdjson::error_code error) {
        return Error::at_offset(name_, offset_of(document),
                                std::string("invalid JSON: ") + simdjson::error_message(error));
    }
    Error fail_at(od::document& document, std::string message) {
        return Error::at_offset(name_, offset_of(document), std::move(message));
    }

    // A field's text: a string unescaped, a number (or true, false, null) as written; false
    // where the field is absent or is an object or array.
    bool text_of(od::object& event, const char* key, std::string_view& text,
                 simdjson::error_code& fatal) {
        od::value value;
        simdjson::error_code error = event.find_field_unordered(key).get(value);
        if (error == simdjson::NO_SUCH_FIELD)
            return false;
        od::json_type type;
        if (!error)
            error = value.type().get(type);
        if (error) {
            fatal = error;
            return false;
        }
        if (type == od::json_type::string)
            error = value.get_string().get(text);
        else if (type == od::json_type::object || type == od::json_type::array)
            return false;
        else
            text = trimmed(value.raw_json_token());
        if (error)
            fatal = error;
        return !error;
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
            if ((order & 4095) == 0 && progress_) {
                progress_->done = offset_of(document);
                if (progress_->cancel) {
                    error_ = Error::plain("cancelled");
                    return false;
                }
            }
        }
        return true;
    }

    // One event; an error only where the JSON itself is broken, after which the parser
    // must not be asked anything more.
    simdjson::error_code read_event(od::object& event, uint32_t order) {
        simdjson::error_code fatal = simdjson::SUCCESS;
        std::string_view text;
        auto field = [&](const char* key) { return !fatal && text_of(event, key, text, fatal); };
        if (!field("ph") || text.size() != 1)
            return fatal;
        char phase = text[0];
        if (phase != 'X' && phase != 'B' && phase != 'E' && phase != 'M')
            return simdjson::SUCCESS;
        std::string name, pid = "None", tid = "None";
        if (phase != 'E' && field("name"))
            name = text;
        if (field("pid"))
            pid = text;
        if (field("tid"))
            tid = text;
        if (phase == 'M')
            return fatal ? fatal : read_metadata(event, name, pid, tid);
        int64_t ts_ns = 0, dur_ns = 0;
        if (!field("ts") || !microseconds_as_ns(text, ts_ns))
            return fatal; // no time: nothing to place
        uint32_t thread = thread_of(pid, tid);
        if (phase == 'X') {
            if (!field("dur") || !microseconds_as_ns(text, dur_ns) || dur_ns < 0 ||
                __builtin_add_overflow(ts_ns, dur_ns, &dur_ns))
                return fatal;
            add_call(thread, ts_ns, dur_ns, order, name); // dur_ns now holds the end
        } else if (phase == 'B') {
            open_[thread].push_back({ts_ns, order, std::move(name)});
        } else if (open_[thread].empty()) {
            ++result_.unmatched_begin_end;
        } else {
            OpenBegin begin = std::move(open_[thread].back());
            open_[thread].pop_back();
            if (ts_ns >= begin.begin_ns)
                add_call(thread, begin.begin_ns, ts_ns, begin.order, begin.name);
            else
                ++result_.unmatched_begin_end;
        }
        return simdjson::SUCCESS;
    }

    simdjson::error_code read_metadata(od::object& event, const std::string& kind,
                                       const std::string& pid, const std::string& tid) {
        if (kind != "thread_name" && kind != "process_name")
            return simdjson::SUCCESS;
        od::object args;
        std::string_view text;
        simdjson::error_code fatal = event.find_field_unordered("args").get_object().get(args);
        if (fatal == simdjson::NO_SUCH_FIELD || fatal == simdjson::INCORRECT_TYPE)
            return simdjson::SUCCESS;
        if (fatal || !text_of(args, "name", text, fatal))
            return fatal;
        if (kind == "thread_name")
            result_.threads[thread_of(pid, tid)].name = text;
        else
            process_names_[pid] = text;
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

Result<TraceEvents> parse_trace_events(std::string_view bytes, const std::string& name,
                                       LoadProgress* progress) {
    std::string decoded;
    std::string_view text = text_as_utf8(bytes, decoded);
    if (progress)
        progress->total = text.size();
    simdjson::padded_string padded(text);
    std::string().swap(decoded);
    od::parser parser;
    od::document document;
    if (auto error = parser.iterate(padded).get(document))
        return Error::at_offset(name, 0,
                                std::string("invalid JSON: ") + simdjson::error_message(error));
    TraceReader reader(name, padded.data(), progress);
    return reader.read(document, text.size());
}

} // namespace framescope

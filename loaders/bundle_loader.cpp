#include "loaders/bundle_loader.h"

#include <cmath>
#include <simdjson.h>

#include "core/text_encoding.h"
#include "loaders/printed_crashes.h"
#include "loaders/stack_deduplicator.h"

namespace framescope {
namespace {

// simdjson's DOM: a parsed record's elements live in its parser until the next parse.
using Json = simdjson::dom::element;

// Thrown only inside this file, where a record is malformed; load_bundle turns it into an
// Error, so nothing escapes.
struct BadRecord {
    Error error;
};

// Where a record came from, for error messages: "bundle/samples.jsonl:12: ...".
struct RecordPlace {
    std::string file;
    uint32_t line = 0;

    [[noreturn]] void fail(const std::string& message) const {
        throw BadRecord{Error::at_line(file, line, message)};
    }
};

// The value at `key`, if the record has it and it is not null.
bool find(const Json& record, const char* key, Json& value, const RecordPlace& place) {
    simdjson::dom::object object;
    if (record.get_object().get(object))
        place.fail("expected a JSON object");
    return !object.at_key(key).get(value) && !value.is_null();
}

Json field(const Json& record, const char* key, const RecordPlace& place) {
    Json value;
    if (!find(record, key, value, place))
        place.fail(std::string("missing \"") + key + "\"");
    return value;
}

double number(const Json& value, const char* what, const RecordPlace& place) {
    double result = 0;
    if (value.get_double().get(result) || !std::isfinite(result))
        place.fail(std::string("\"") + what + "\" must be a number");
    return result;
}

double number_field(const Json& record, const char* key, const RecordPlace& place) {
    return number(field(record, key, place), key, place);
}

double number_or(const Json& record, const char* key, double fallback, const RecordPlace& place) {
    Json value;
    return find(record, key, value, place) ? number(value, key, place) : fallback;
}

uint64_t count(const Json& value, const char* what, uint64_t max, const RecordPlace& place) {
    uint64_t result = 0;
    if (value.get_uint64().get(result))
        place.fail(std::string("\"") + what + "\" must be a whole number, 0 or more");
    if (result > max)
        place.fail(std::string("\"") + what + "\" is out of range");
    return result;
}

bool flag_or_false(const Json& record, const char* key, const RecordPlace& place) {
    Json value;
    bool result = false;
    return find(record, key, value, place) && !value.get_bool().get(result) && result;
}

std::string text_or(const Json& record, const char* key, const RecordPlace& place) {
    Json value;
    if (!find(record, key, value, place))
        return {};
    std::string_view text;
    if (value.get_string().get(text))
        place.fail(std::string("\"") + key + "\" must be a string");
    return std::string(text);
}

simdjson::dom::array array(const Json& value, const char* what, const RecordPlace& place) {
    simdjson::dom::array result;
    if (value.get_array().get(result))
        place.fail(std::string("\"") + what + "\" must be an array");
    return result;
}

Json parse_document(simdjson::dom::parser& parser, std::string_view text,
                    const RecordPlace& place) {
    Json document;
    if (auto error = parser.parse(text.data(), text.size()).get(document))
        place.fail(std::string("invalid JSON: ") + simdjson::error_message(error));
    return document;
}

// Calls visit(record, place) for each line of a JSON Lines member. A last line without a
// newline that does not parse was cut short when the process died: noted and left out.
template <typename Visit>
void for_each_json_line(const BundleFiles& files, const char* member,
                        std::vector<std::string>& notes, Visit visit) {
    std::optional<std::string_view> text = files.find(member);
    if (!text)
        return;
    simdjson::dom::parser parser;
    RecordPlace place{files.source + "/" + member, 0};
    size_t begin = 0;
    while (begin < text->size()) {
        size_t end = text->find('\n', begin);
        bool complete = end != std::string::npos;
        if (!complete)
            end = text->size();
        ++place.line;
        std::string_view line(text->data() + begin, end - begin);
        begin = end + 1;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos)
            continue;
        // Parsed where it lies when the bytes after it are the padding simdjson reads past
        // the end; copied into the parser's own padded buffer only near the member's end.
        bool padded = end + simdjson::SIMDJSON_PADDING <= text->size();
        Json record;
        if (auto error = parser.parse(line.data(), line.size(), !padded).get(record)) {
            if (!complete) {
                notes.push_back(place.file + ":" + std::to_string(place.line) +
                                ": last line cut short (the process ended while writing it); "
                                "left out");
                return;
            }
            place.fail(std::string("invalid JSON: ") + simdjson::error_message(error));
        }
        visit(record, place);
    }
}

SessionInfo read_session(const BundleFiles& files) {
    std::optional<std::string_view> text = files.find("session.json");
    RecordPlace place{files.source + "/session.json", 1};
    if (!text)
        throw BadRecord{Error::plain(files.source + ": not a report bundle (no session.json)")};
    simdjson::dom::parser parser;
    Json record = parse_document(parser, *text, place);
    if (!record.is_object() || text_or(record, "format", place) != "framescope-bundle")
        place.fail("not a framescope bundle (\"format\" is not \"framescope-bundle\")");
    SessionInfo session;
    session.format_version = static_cast<int>(
        count(field(record, "format_version", place), "format_version", 1000, place));
    if (session.format_version > kBundleFormatVersion)
        place.fail("written in bundle format " + std::to_string(session.format_version) +
                   "; this framescope reads up to " + std::to_string(kBundleFormatVersion));
    session.app = text_or(record, "app", place);
    session.version = text_or(record, "version", place);
    session.platform = text_or(record, "platform", place);
    session.interpreter = text_or(record, "interpreter", place);
    session.python_version = text_or(record, "python_version", place);
    session.start = text_or(record, "start", place);
    session.start_unix = number_or(record, "start_unix", 0, place);
    session.pid = static_cast<int64_t>(number_or(record, "pid", 0, place));
    session.frame_budget_ms = number_field(record, "frame_budget_ms", place);
    session.slow_frame_ms = number_or(record, "slow_frame_ms", session.frame_budget_ms, place);
    session.stall_ms = number_or(record, "stall_ms", 2000, place);
    session.sample_interval_ms = number_or(record, "sample_interval_ms", 0, place);
    if (session.frame_budget_ms <= 0)
        place.fail("\"frame_budget_ms\" must be above 0");
    return session;
}

void read_frames(const BundleFiles& files, ReportBundle& bundle) {
    FrameTimings& frames = bundle.frames;
    for_each_json_line(files, "frames.jsonl", bundle.notes, [&](const Json& batch, auto& place) {
        double start_s = number_field(batch, "t", place);
        if (start_s < 0)
            place.fail("\"t\" must be 0 or more");
        simdjson::dom::array durations = array(field(batch, "d", place), "d", place);
        Json gaps_value;
        bool has_gaps = find(batch, "g", gaps_value, place);
        simdjson::dom::array gaps;
        if (has_gaps && (gaps_value.get_array().get(gaps) || gaps.size() != durations.size()))
            place.fail("\"g\" must be an array as long as \"d\"");
        uint64_t cursor = static_cast<uint64_t>(std::llround(start_s * 1e6));
        auto gap = has_gaps ? gaps.begin() : simdjson::dom::array::iterator{};
        bool first = true;
        for (Json value : durations) {
            if (has_gaps) {
                if (!first)
                    cursor += count(*gap, "g", UINT32_MAX, place);
                ++gap;
            }
            first = false;
            uint32_t duration = static_cast<uint32_t>(count(value, "d", UINT32_MAX, place));
            frames.start_us.push_back(cursor);
            frames.duration_us.push_back(duration);
            cursor += duration;
        }
    });
}

// A stack entry's [file, line, function]; false where it is not one.
bool read_entry(const Json& entry, std::string_view& file, Json& line, std::string_view& function) {
    simdjson::dom::array parts;
    if (entry.get_array().get(parts) || parts.size() != 3)
        return false;
    Json values[3];
    size_t n = 0;
    for (Json part : parts)
        values[n++] = part;
    line = values[1];
    return !values[0].get_string().get(file) && !values[2].get_string().get(function);
}

void read_stack(const Json& stack, ReportBundle& bundle, const RecordPlace& place) {
    simdjson::dom::array frames;
    if (stack.get_array().get(frames))
        place.fail("\"stack\" must be an array of [file, line, function]");
    for (Json entry : frames) {
        std::string_view file, function;
        Json line_value;
        if (!read_entry(entry, file, line_value, function))
            place.fail("a stack entry must be [file, line, function]");
        uint32_t line = line_value.is_null()
                            ? 0
                            : static_cast<uint32_t>(count(line_value, "line", UINT32_MAX, place));
        bundle.stack_frames.push_back(
            {bundle.strings.intern(file), line, bundle.strings.intern(function)});
    }
}

// Whether `stack` (a thread's "stack") holds exactly the frames of `thread`, already read: a
// stall's samples repeat each thread's stack, so most stacks are the previous sample's and
// need neither interning nor deduplicating.
bool holds_frames_of(simdjson::dom::array stack, const ThreadStack& thread,
                     const ReportBundle& bundle) {
    if (stack.size() != thread.frame_count)
        return false;
    const StackFrame* frame = bundle.stack_frames.data() + thread.first_frame;
    for (Json entry : stack) {
        std::string_view file, function;
        Json line_value;
        uint64_t line = 0;
        if (!read_entry(entry, file, line_value, function) ||
            (!line_value.is_null() && line_value.get_uint64().get(line)) || line != frame->line ||
            file != bundle.strings.get(frame->file) ||
            function != bundle.strings.get(frame->function))
            return false;
        ++frame;
    }
    return true;
}

void read_samples(const BundleFiles& files, ReportBundle& bundle) {
    StackDeduplicator stacks(bundle);
    std::vector<ThreadStack> previous; // the last sample's threads
    for_each_json_line(files, "samples.jsonl", bundle.notes, [&](const Json& record, auto& place) {
        StackSample sample;
        sample.time_s = number_field(record, "t", place);
        sample.frame_index =
            static_cast<uint32_t>(count(field(record, "frame", place), "frame", UINT32_MAX, place));
        sample.lag_s = number_field(record, "lag", place);
        sample.during_gc = flag_or_false(record, "gc", place);
        simdjson::dom::array threads = array(field(record, "threads", place), "threads", place);
        sample.first_thread = static_cast<uint32_t>(bundle.threads.size());
        for (Json thread : threads) {
            ThreadStack stack;
            stack.thread_id = count(field(thread, "id", place), "id", UINT64_MAX, place);
            stack.name = bundle.strings.intern(text_or(thread, "name", place));
            stack.is_main = flag_or_false(thread, "main", place);
            Json frames = field(thread, "stack", place);
            size_t at = bundle.threads.size() - sample.first_thread;
            simdjson::dom::array entries;
            if (at < previous.size() && !frames.get_array().get(entries) &&
                holds_frames_of(entries, previous[at], bundle)) {
                stack.first_frame = previous[at].first_frame;
                stack.frame_count = previous[at].frame_count;
            } else {
                stack.first_frame = static_cast<uint32_t>(bundle.stack_frames.size());
                read_stack(frames, bundle, place);
                stack.frame_count =
                    static_cast<uint32_t>(bundle.stack_frames.size()) - stack.first_frame;
                stack.first_frame = stacks.settle(stack.first_frame);
            }
            bundle.threads.push_back(stack);
        }
        sample.thread_count = static_cast<uint32_t>(bundle.threads.size()) - sample.first_thread;
        previous.assign(bundle.threads.begin() + sample.first_thread, bundle.threads.end());
        bundle.samples.push_back(sample);
    });
}

void read_gc_events(const BundleFiles& files, ReportBundle& bundle) {
    for_each_json_line(files, "gc.jsonl", bundle.notes, [&](const Json& record, auto& place) {
        GcEvent event;
        event.time_s = number_field(record, "t", place);
        event.generation = static_cast<int>(count(field(record, "gen", place), "gen", 16, place));
        event.duration_ms = number_field(record, "ms", place);
        event.collected = static_cast<int64_t>(number_or(record, "collected", -1, place));
        bundle.gc_events.push_back(event);
    });
}

// A member name from inside the bundle: a plain file name, never a path.
bool is_plain_name(const std::string& name) {
    return !name.empty() && name.find('/') == std::string::npos &&
           name.find('\\') == std::string::npos && name != "." && name != "..";
}

void read_crashes(const BundleFiles& files, ReportBundle& bundle) {
    for_each_json_line(files, "crashes.jsonl", bundle.notes, [&](const Json& record, auto& place) {
        CrashRecord crash;
        crash.time_s = number_field(record, "t", place);
        crash.kind = text_or(record, "kind", place);
        crash.thread = text_or(record, "thread", place);
        crash.file = text_or(record, "file", place);
        if (!is_plain_name(crash.file))
            place.fail("\"file\" must name a file of the bundle");
        std::optional<std::string_view> text = files.find(crash.file);
        if (!text)
            place.fail("names " + crash.file + ", which the bundle does not hold");
        crash.text = decode_text(*text).text;
        crash.reports = parse_crash_reports(crash.text);
        bundle.crashes.push_back(std::move(crash));
    });
    std::optional<std::string_view> printed = files.find("stderr.txt");
    if (!printed)
        return;
    std::vector<PrintedTime> times;
    for_each_json_line(files, "stderr-times.jsonl", bundle.notes,
                       [&](const Json& record, auto& place) {
                           double at = number_field(record, "at", place);
                           if (at < 0)
                               place.fail("\"at\" must be a byte offset");
                           times.push_back({uint64_t(at), number_field(record, "t", place)});
                       });
    for (CrashRecord& crash : printed_crashes(decode_text(*printed).text, "stderr.txt", times))
        bundle.crashes.push_back(std::move(crash));
}

SessionStatus parse_status(const std::string& status, const RecordPlace& place) {
    if (status == "clean")
        return SessionStatus::clean;
    if (status == "crashed")
        return SessionStatus::crashed;
    if (status == "abnormal")
        return SessionStatus::abnormal;
    place.fail("unknown \"status\" \"" + status + "\"");
}

// The spec's rule for a session that wrote no end record. Only the main thread's uncaught
// exception and a fatal error make it crashed; reported, unraisable, worker-thread and
// callback exceptions leave the status to how it ended. A stall in progress is a hang
// either way: a program can crash and then stop responding (stuck joining a thread).
SessionEnding infer_ending(const ReportBundle& bundle) {
    SessionEnding ending;
    ending.inferred = true;
    bool main_thread_died = false;
    for (const CrashRecord& crash : bundle.crashes)
        main_thread_died |= crash.kind == "exception";
    ending.status = !bundle.fatal_error.empty() || main_thread_died ? SessionStatus::crashed
                                                                    : SessionStatus::abnormal;
    if (!bundle.samples.empty()) {
        const StackSample& last = bundle.samples.back();
        ending.hung = last.frame_index >= bundle.frames.size() &&
                      last.lag_s * 1000.0 >= bundle.session.stall_ms;
    }
    return ending;
}

SessionEnding read_ending(const BundleFiles& files, const ReportBundle& bundle) {
    std::optional<std::string_view> text = files.find("end.json");
    if (!text)
        return infer_ending(bundle);
    RecordPlace place{files.source + "/end.json", 1};
    simdjson::dom::parser parser;
    Json record = parse_document(parser, *text, place);
    SessionEnding ending;
    ending.status = parse_status(text_or(record, "status", place), place);
    ending.hung = flag_or_false(record, "hung", place);
    ending.inferred = text_or(record, "detected", place) == "next_start";
    ending.end_unix = number_or(record, "end_unix", 0, place);
    Json dropped;
    if (find(record, "crashes_dropped", dropped, place))
        ending.crashes_dropped = count(dropped, "crashes_dropped", UINT32_MAX, place);
    return ending;
}

constexpr size_t kLogTailLines = 200;

std::string log_tail(const BundleFiles& files) {
    std::string log;
    if (std::optional<std::string_view> older = files.find("log.1.txt"))
        log = decode_text(*older).text;
    if (std::optional<std::string_view> newer = files.find("log.txt"))
        log += decode_text(*newer).text;
    size_t begin = log.size();
    for (size_t lines = 0; begin > 0 && lines <= kLogTailLines;) {
        --begin;
        if (log[begin] == '\n' && begin + 1 < log.size())
            ++lines;
    }
    if (begin > 0)
        log.erase(0, log.find('\n', begin) + 1);
    return log;
}

} // namespace

const char* to_string(SessionStatus status) {
    switch (status) {
    case SessionStatus::unknown:
        return "unknown";
    case SessionStatus::clean:
        return "clean";
    case SessionStatus::crashed:
        return "crashed";
    case SessionStatus::abnormal:
        return "abnormal";
    }
    return "abnormal";
}

SessionStatus session_status_named(std::string_view name) {
    for (SessionStatus status :
         {SessionStatus::clean, SessionStatus::crashed, SessionStatus::abnormal})
        if (name == to_string(status))
            return status;
    return SessionStatus::unknown;
}

Result<ReportBundle> load_bundle(const BundleFiles& files) {
    ReportBundle bundle;
    bundle.source = files.source;
    try {
        bundle.session = read_session(files);
        read_frames(files, bundle);
        read_samples(files, bundle);
        read_gc_events(files, bundle);
        read_crashes(files, bundle);
    } catch (const BadRecord& bad) {
        return bad.error;
    }
    if (std::optional<std::string_view> fatal = files.find("fatal.txt")) {
        bundle.fatal_error = decode_text(*fatal).text;
        bundle.fatal_reports = parse_crash_reports(bundle.fatal_error);
    }
    if (std::optional<std::string_view> profile = files.find("profile.pstats"))
        bundle.profile_pstats = std::string(*profile);
    bundle.log_tail = log_tail(files);
    try {
        bundle.ending = read_ending(files, bundle);
    } catch (const BadRecord& bad) {
        return bad.error;
    }
    return bundle;
}

Result<ReportBundle> load_bundle(const std::string& path) {
    auto files = read_bundle_files(path);
    if (!files)
        return files.error();
    return load_bundle(*files);
}

} // namespace framescope

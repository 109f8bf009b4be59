#include "model/crash_buckets.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>
#include <unordered_map>

#include "model/code_origin.h"

namespace framescope {
namespace {

struct StackEntry {
    SignatureFrame frame;
    const CrashFrame* source;
};

// The application's and its plug-ins' frames of an outermost-first stack, innermost first;
// where there are none, the third-party frames, else all of them.
std::vector<StackEntry> application_frames(const std::vector<CrashFrame>& stack,
                                           const BucketRules& rules, CodeLocator& locator,
                                           bool& found) {
    std::vector<const CrashFrame*> kept;
    std::vector<std::string_view> files;
    for (const CrashFrame& frame : stack)
        if (std::find(rules.skip_functions.begin(), rules.skip_functions.end(), frame.function) ==
            rules.skip_functions.end()) {
            kept.push_back(&frame);
            files.push_back(frame.file);
        }
    std::vector<CodeLocation> locations = locate_stack(files, locator);
    // A plug-in's frames decide where there are any: the host's around them (its loader
    // outside, its API inside) are the same for every plug-in's bugs.
    std::vector<StackEntry> plugin, own, other, all;
    for (size_t i = kept.size(); i-- > 0;) {
        StackEntry entry{{locations[i].module, kept[i]->function}, kept[i]};
        Origin origin = locations[i].origin;
        if (origin == Origin::plugin)
            plugin.push_back(entry);
        if (origin == Origin::application || origin == Origin::plugin)
            own.push_back(entry);
        else if (origin == Origin::third_party)
            other.push_back(entry);
        all.push_back(entry);
    }
    found = !own.empty();
    return !plugin.empty() ? plugin : !own.empty() ? own : !other.empty() ? other : all;
}

// "calibre.customize.InvalidPlugin" is "InvalidPlugin": Python 2 and 3 print the same class
// with and without its module, and Python 2 as "exceptions.KeyError".
// Python 2's lowercase aliases ("socket.error") say nothing without their module.
std::string class_name(const std::string& type) {
    size_t dot = type.rfind('.');
    if (dot == std::string::npos || dot + 1 == type.size() || std::islower(uint8_t(type[dot + 1])))
        return type;
    return type.substr(dot + 1);
}

// The name of code an AttributeError or NameError names: "'NoneType' object has no attribute
// 'get'" is "get". It is code, not data, so the same in every report of one bug, and it tells
// apart two bugs in one function (self.meta is None, self.module is None).
std::string missing_name(const std::string& type, const std::string& message) {
    std::string_view marker = type == "AttributeError"      ? "has no attribute '"
                              : type == "NameError"         ? "name '"
                              : type == "UnboundLocalError" ? "variable '"
                                                            : "";
    size_t at = marker.empty() ? std::string::npos : message.find(marker);
    if (at == std::string::npos)
        return {};
    size_t begin = at + marker.size(), end = message.find('\'', begin);
    return end == std::string::npos ? std::string() : message.substr(begin, end - begin);
}

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

} // namespace

std::string CrashSignature::key() const {
    std::string key = name.empty() ? exception : exception + "(" + name + ")";
    for (size_t i = 0; i < frames.size(); ++i)
        key += (i ? " < " : " @ ") + frames[i].module + ":" + frames[i].function;
    return key;
}

// The stack the program died on: the fatal error's thread, or the raised exception's.
const std::vector<CrashFrame>& crashing_stack(const CrashReport& report) {
    const CrashException* raised = report.final_exception();
    return report.kind == CrashReport::Kind::fatal || !raised ? report.fatal_frames
                                                              : raised->frames;
}

std::vector<uint32_t> application_lines_of(const CrashReport& report, const BucketRules& rules) {
    bool found = false;
    CodeLocator locator(rules.origin);
    std::vector<StackEntry> frames =
        application_frames(crashing_stack(report), rules, locator, found);
    std::vector<uint32_t> lines;
    if (found)
        for (const StackEntry& entry : frames)
            if (entry.source->text_line > 0)
                lines.push_back(entry.source->text_line);
    return lines;
}

CrashSignature crash_signature(const CrashReport& report, const BucketRules& rules) {
    CodeLocator locator(rules.origin);
    return crash_signature(report, rules, locator);
}

CrashSignature crash_signature(const CrashReport& report, const BucketRules& rules,
                               CodeLocator& locator) {
    CrashSignature signature;
    if (report.kind == CrashReport::Kind::fatal)
        signature.exception =
            (report.fatal_kind.empty() ? std::string("Fatal Python error") : report.fatal_kind) +
            ": " + report.fatal_message;
    else if (const CrashException* raised = report.final_exception()) {
        signature.exception = class_name(raised->type);
        signature.name = missing_name(signature.exception, raised->message);
    }
    std::vector<StackEntry> frames =
        application_frames(crashing_stack(report), rules, locator, signature.application_frames);
    // Recursion: a frame repeated at the top counts once, however deep it went.
    for (const auto& [frame, source] : frames) {
        if (!signature.frames.empty() && signature.frames.back() == frame)
            continue;
        if (std::find(signature.frames.begin(), signature.frames.end(), frame) !=
            signature.frames.end())
            continue;
        signature.frames.push_back(frame);
        if (signature.frames.size() == rules.frames)
            break;
    }
    return signature;
}

std::vector<CrashInput> crash_inputs_of(std::span<const ReportBundle> sessions) {
    std::vector<CrashInput> inputs;
    for (const ReportBundle& session : sessions) {
        auto add = [&](const std::vector<CrashReport>& reports, double time_s) {
            for (const CrashReport& report : reports) {
                CrashInput input;
                input.report = &report;
                input.file = session.source;
                input.session = session.has_frame_timings ? session.source : std::string();
                input.app_version = session.session.version;
                input.platform = session.session.platform;
                input.interpreter = session.session.interpreter;
                input.time_unix =
                    session.session.start_unix > 0 ? session.session.start_unix + time_s : 0;
                inputs.push_back(std::move(input));
            }
        };
        for (const CrashRecord& crash : session.crashes)
            add(crash.reports, crash.time_s);
        add(session.fatal_reports,
            session.frames.size() ? session.frames.start_us.back() / 1e6 : 0);
    }
    return inputs;
}

bool version_before(const std::string& a, const std::string& b) {
    std::string_view x = a, y = b;
    while (!x.empty() && !y.empty()) {
        uint64_t m = 0, n = 0;
        auto [px, ex] = std::from_chars(x.data(), x.data() + x.size(), m);
        auto [py, ey] = std::from_chars(y.data(), y.data() + y.size(), n);
        if (ex != std::errc() || ey != std::errc())
            return x < y; // not numbers: as text
        if (m != n)
            return m < n;
        x.remove_prefix(size_t(px - x.data()));
        y.remove_prefix(size_t(py - y.data()));
        if (!x.empty() && !y.empty() && x[0] != y[0])
            return x < y;
        if (!x.empty())
            x.remove_prefix(1);
        if (!y.empty())
            y.remove_prefix(1);
    }
    return x.empty() && !y.empty();
}

std::vector<CrashBucket> bucket_crashes(std::span<const CrashInput> inputs,
                                        const BucketRules& rules) {
    std::unordered_map<std::string, size_t> index_of;
    std::vector<CrashBucket> buckets;
    CodeLocator locator(rules.origin);
    for (size_t i = 0; i < inputs.size(); ++i) {
        const CrashReport& report = *inputs[i].report;
        bool unparsed = report.kind == CrashReport::Kind::unparsed;
        CrashSignature signature = unparsed ? CrashSignature{"(unparsed)", "", {}, false}
                                            : crash_signature(report, rules, locator);
        auto [found, added] = index_of.emplace(
            unparsed ? std::string("\x01unparsed") : signature.key(), buckets.size());
        if (added) {
            buckets.emplace_back();
            buckets.back().signature = std::move(signature);
            buckets.back().unparsed = unparsed;
        }
        buckets[found->second].reports.push_back(i);
    }
    for (CrashBucket& bucket : buckets) {
        std::stable_sort(bucket.reports.begin(), bucket.reports.end(), [&](size_t a, size_t b) {
            return inputs[a].time_unix < inputs[b].time_unix;
        });
        std::set<std::string> sessions, platforms, interpreters, versions;
        std::map<std::string, size_t> messages;
        for (size_t i : bucket.reports) {
            const CrashInput& input = inputs[i];
            sessions.insert(input.session.empty() ? input.file : input.session);
            if (!input.platform.empty())
                platforms.insert(input.platform);
            if (!input.interpreter.empty())
                interpreters.insert(input.interpreter);
            if (!input.app_version.empty())
                versions.insert(input.app_version);
            if (input.time_unix > 0) {
                bucket.first_seen_unix = bucket.first_seen_unix == 0
                                             ? input.time_unix
                                             : std::min(bucket.first_seen_unix, input.time_unix);
                bucket.last_seen_unix = std::max(bucket.last_seen_unix, input.time_unix);
            }
            const CrashException* raised = input.report->final_exception();
            ++messages[raised ? first_line(raised->message) : input.report->fatal_message];
        }
        bucket.sessions = sessions.size();
        bucket.platforms.assign(platforms.begin(), platforms.end());
        bucket.interpreters.assign(interpreters.begin(), interpreters.end());
        bucket.versions.assign(versions.begin(), versions.end());
        std::sort(bucket.versions.begin(), bucket.versions.end(), version_before);
        bucket.representative = bucket.reports.back();
        bucket.variants.assign(messages.begin(), messages.end());
        std::stable_sort(bucket.variants.begin(), bucket.variants.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
    }
    std::stable_sort(buckets.begin(), buckets.end(),
                     [](const CrashBucket& a, const CrashBucket& b) {
                         return a.reports.size() > b.reports.size();
                     });
    return buckets;
}

} // namespace framescope

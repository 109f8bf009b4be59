#include "model/crash_buckets.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>
#include <unordered_map>

namespace framescope {
namespace {

// '/'-separated, without a Windows drive: "C:\App\lib\game.py" -> "/App/lib/game.py".
std::string normalize_path(std::string_view file) {
    std::string path(file);
    std::replace(path.begin(), path.end(), '\\', '/');
    if (path.size() > 2 && std::isalpha(uint8_t(path[0])) && path[1] == ':')
        path.erase(0, 2);
    return path;
}

size_t packages_folder(const std::string& path) {
    for (std::string_view folder : {"/site-packages/", "/dist-packages/"})
        if (size_t at = path.find(folder); at != std::string::npos)
            return at + folder.size();
    return std::string::npos;
}

bool is_pseudo_file(const std::string& path) {
    return path.starts_with("<");
} // <frozen ...>, <string>

bool is_standard_library(const std::string& path) {
    if (packages_folder(path) != std::string::npos)
        return false;
    for (std::string_view part :
         {"/lib/python", "/lib64/python", "/lib-python/", "/lib/pypy", "/Lib/"})
        if (path.find(part) != std::string::npos)
            return true;
    return path.starts_with("<frozen") || path.starts_with("<builtin>");
}

// A console-script wrapper in bin/ or Scripts/ starts the program but is not its code.
bool is_launcher(const std::string& path) {
    size_t slash = path.rfind('/');
    if (slash == std::string::npos || slash == 0)
        return false;
    size_t parent = path.rfind('/', slash - 1);
    std::string_view folder = std::string_view(path).substr(parent + 1, slash - parent - 1);
    return folder == "bin" || folder == "Scripts";
}

// Where a frame's code is installed, and its path from there: ".../site-packages/" and
// "game/net.py" for an installed package; the script's folder and "net.py" otherwise.
struct Placement {
    std::string root;   // what the application is, when this frame is its entry
    std::string module; // the path inside it
};

Placement placement_of(const std::string& path) {
    if (size_t after = packages_folder(path); after != std::string::npos) {
        size_t package_end = path.find('/', after);
        return {path.substr(0, package_end == std::string::npos ? path.size() : package_end),
                path.substr(after)};
    }
    size_t slash = path.rfind('/');
    if (slash == std::string::npos)
        return {"", path};
    return {path.substr(0, slash), path.substr(slash + 1)};
}

struct Frame {
    std::string path;
    const CrashFrame* frame;
};

std::string parent_folder(const std::string& path) {
    size_t slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

// Where the application lives, from the frame nearest the entry point that is its code: an
// installed package (site-packages/NAME), or the folder of the script that started it (the
// folder above bin/ when a launcher started it), so that a package run from a checkout and
// the same package installed have the same paths inside.
std::string application_root(const std::vector<Frame>& frames) {
    std::string launcher_home;
    for (const Frame& frame : frames) {
        const std::string& path = frame.path;
        if (is_standard_library(path) || is_pseudo_file(path))
            continue;
        if (is_launcher(path)) {
            if (launcher_home.empty())
                launcher_home = parent_folder(parent_folder(path));
            continue;
        }
        if (packages_folder(path) != std::string::npos)
            return placement_of(path).root;
        if (!launcher_home.empty() && path.starts_with(launcher_home + "/"))
            return launcher_home;
        return parent_folder(path);
    }
    return {};
}

// The application's frames of an outermost-first stack, innermost first, by the rules or
// by inference; also the frames used when none is the application's.
std::vector<SignatureFrame> application_frames(const std::vector<CrashFrame>& stack,
                                               const BucketRules& rules, bool& found) {
    std::vector<Frame> frames;
    for (const CrashFrame& frame : stack)
        if (std::find(rules.skip_functions.begin(), rules.skip_functions.end(), frame.function) ==
            rules.skip_functions.end())
            frames.push_back({normalize_path(frame.file), &frame});
    std::vector<SignatureFrame> app, other, all;
    std::string root = rules.app_paths.empty() ? application_root(frames) : std::string();
    for (auto it = frames.rbegin(); it != frames.rend(); ++it) {
        const std::string& path = it->path;
        SignatureFrame entry{placement_of(path).module, it->frame->function};
        if (rules.app_paths.empty()) {
            if (!root.empty() && path.size() > root.size() && path.starts_with(root) &&
                path[root.size()] == '/') {
                // Inside a package, the module keeps the package's name: the same for
                // every install; inside a folder, the path from the folder.
                size_t after = packages_folder(path);
                entry.module =
                    after != std::string::npos ? path.substr(after) : path.substr(root.size() + 1);
                app.push_back(entry);
            }
        } else {
            for (const std::string& fragment : rules.app_paths)
                if (size_t at = path.rfind(fragment);
                    at != std::string::npos) { // the innermost match
                    entry.module = path.substr(at);
                    app.push_back(entry);
                    break;
                }
        }
        if (!is_standard_library(path))
            other.push_back(entry);
        all.push_back(entry);
    }
    found = !app.empty();
    return !app.empty() ? app : !other.empty() ? other : all;
}

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

} // namespace

std::string CrashSignature::key() const {
    std::string key = exception;
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

std::vector<SignatureFrame> application_frames_of(const CrashReport& report,
                                                  const BucketRules& rules) {
    bool found = false;
    std::vector<SignatureFrame> frames = application_frames(crashing_stack(report), rules, found);
    return found ? frames : std::vector<SignatureFrame>{};
}

CrashSignature crash_signature(const CrashReport& report, const BucketRules& rules) {
    CrashSignature signature;
    if (report.kind == CrashReport::Kind::fatal)
        signature.exception = "Fatal Python error: " + report.fatal_message;
    else if (const CrashException* raised = report.final_exception())
        signature.exception = raised->type;
    std::vector<SignatureFrame> frames =
        application_frames(crashing_stack(report), rules, signature.application_frames);
    // Recursion: a frame repeated at the top counts once, however deep it went.
    for (const SignatureFrame& frame : frames) {
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
        auto add = [&](const std::string& text, double time_s) {
            for (CrashReport& report : parse_crash_reports(text)) {
                CrashInput input;
                input.report = std::move(report);
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
            add(crash.text, crash.time_s);
        if (!session.fatal_error.empty())
            add(session.fatal_error,
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
    for (size_t i = 0; i < inputs.size(); ++i) {
        const CrashReport& report = inputs[i].report;
        bool unparsed = report.kind == CrashReport::Kind::unparsed;
        CrashSignature signature =
            unparsed ? CrashSignature{"(unparsed)", {}, false} : crash_signature(report, rules);
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
            const CrashException* raised = input.report.final_exception();
            ++messages[raised ? first_line(raised->message) : input.report.fatal_message];
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

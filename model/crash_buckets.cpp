#include "model/crash_buckets.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "core/parallel_tasks.h"
#include "core/string_pool.h"
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
                input.python_version = session.session.python_version;
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

namespace {

// Hashing and comparing by string_view, so that a lookup needs no string made.
struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};
template <typename Value>
using TextMap = std::unordered_map<std::string, Value, TextHash, std::equal_to<>>;
using TextSet = std::unordered_set<std::string, TextHash, std::equal_to<>>;

void insert(TextSet& set, std::string_view text) {
    if (!text.empty() && set.find(text) == set.end())
        set.emplace(text);
}

template <typename Value> Value& at(TextMap<Value>& map, std::string_view key) {
    auto found = map.find(key);
    return found != map.end() ? found->second
                              : map.emplace(std::string(key), Value{}).first->second;
}

std::vector<std::string> sorted(const TextSet& set) {
    std::vector<std::string> out(set.begin(), set.end());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

// What a bucket keeps of its reports.
struct Tally {
    CrashSignature signature;
    bool unparsed = false;
    size_t count = 0;
    TextSet sessions, platforms, interpreters;
    TextSet interpreter_versions; // "CPython 3.12.1"
    std::string last_session;
    TextMap<size_t> versions;
    // Messages by their first line: a file of one bug's reports holds thousands, so they are
    // interned into a pool rather than each made a string of a map.
    StringPool messages;
    std::vector<size_t> message_counts; // by message id
    StringId last_message = 0;          // the message added last, where there is one

    void add_message(std::string_view message, size_t count) {
        // Most bugs print one message each time: the last one is asked before the pool.
        StringId id = !message_counts.empty() && messages.get(last_message) == message
                          ? last_message
                          : messages.intern(message);
        if (id == message_counts.size())
            message_counts.push_back(0);
        message_counts[id] += count;
        last_message = id;
    }
    // Another tally's messages, counted here too.
    void add_messages(const Tally& from) {
        for (StringId id = 0; id < from.messages.size(); ++id)
            add_message(from.messages.get(id), from.message_counts[id]);
    }
    std::vector<std::string> files;
    TextSet file_set;
    double first_seen_unix = 0, last_seen_unix = 0;
    const CrashReport* latest = nullptr;
    std::unique_ptr<CrashReport> owned; // the latest, where the bucketer was given it
    std::string latest_file;
    double latest_unix = 0;
    std::vector<std::string> merged; // keys of the signatures merged into this one
    // The signature is a merged one's until a report of the bucket's own arrives.
    bool borrowed_signature = false;
    std::vector<uint32_t> inputs; // indices of the inputs counted, where the caller gave them

    void add_merged(const std::string& key) {
        if (std::find(merged.begin(), merged.end(), key) == merged.end())
            merged.push_back(key);
    }

    void add_file(std::string_view file) {
        if (!files.empty() && files.back() == file) // reports of one file come together
            return;
        if (file_set.find(file) == file_set.end()) {
            file_set.emplace(file);
            files.emplace_back(file);
        }
    }
    void add_seen(double first, double last) {
        if (first > 0)
            first_seen_unix = first_seen_unix == 0 ? first : std::min(first_seen_unix, first);
        last_seen_unix = std::max(last_seen_unix, last);
    }
};

struct CrashBucketer::Tallies {
    BucketRules rules;
    CodeLocator locator;
    std::vector<Tally> tallies;       // in the order first seen
    TextMap<size_t> by_key;           // signature key -> tally
    TextMap<std::string> merged_into; // signature key -> the key of the bucket it joins
    // What a signature is made of (see stack_pieces), by a hash of the pieces' ends: the
    // pieces, each after its length, and the tally they make.
    std::unordered_map<uint64_t, std::vector<std::pair<std::string, size_t>>> by_stack;
    static constexpr size_t kMaxStacks = 1 << 16; // remembered stacks, before starting over

    explicit Tallies(BucketRules given) : rules(std::move(given)), locator(rules.origin) {
        for (const auto& [key, into] : rules.merges)
            merged_into[key] = into;
    }

    // The key a signature's reports count under: where its merges lead, followed as far as
    // they go (a cycle stops where it closes).
    std::string target_of(std::string key) const {
        for (size_t step = 0; step < merged_into.size(); ++step) {
            auto found = merged_into.find(key);
            if (found == merged_into.end())
                break;
            key = found->second;
        }
        return key;
    }

    // Everything of a report its signature depends on, given to `visit` in order.
    template <typename Visit> static void stack_pieces(const CrashReport& report, Visit&& visit) {
        visit(crash_kind_name(report.kind));
        const CrashException* raised = report.final_exception();
        if (report.kind == CrashReport::Kind::fatal) {
            visit(report.fatal_kind);
            visit(report.fatal_message);
        } else if (raised) {
            visit(raised->type);
            if (raised->type.ends_with("AttributeError") || raised->type.ends_with("NameError") ||
                raised->type.ends_with("UnboundLocalError"))
                visit(raised->message); // missing_name reads it
        }
        if (report.kind != CrashReport::Kind::unparsed)
            for (const CrashFrame& frame : crashing_stack(report)) {
                visit(frame.file);
                visit(frame.function);
            }
    }

    // The bucket of `report`. The signature is found once per distinct stack: a file of
    // reports of a few bugs repeats the same stacks with other line numbers and messages.
    Tally& tally_of(const CrashReport& report) {
        uint64_t hash = 0;
        stack_pieces(report, [&](std::string_view piece) { hash = mix(hash, ends_hash(piece)); });
        std::vector<std::pair<std::string, size_t>>& known = by_stack[hash];
        for (const auto& [pieces, index] : known)
            if (same_pieces(report, pieces))
                return tallies[index];
        bool unparsed = report.kind == CrashReport::Kind::unparsed;
        CrashSignature signature = unparsed ? CrashSignature{"(unparsed)", "", {}, false}
                                            : crash_signature(report, rules, locator);
        size_t index = tally_for(std::move(signature), unparsed);
        if (by_stack.size() >= kMaxStacks) {
            by_stack.clear();
            return tallies[index];
        }
        std::string pieces;
        stack_pieces(report, [&](std::string_view piece) {
            uint32_t size = uint32_t(piece.size());
            pieces.append(reinterpret_cast<const char*>(&size), sizeof size).append(piece);
        });
        known.emplace_back(std::move(pieces), index);
        return tallies[index];
    }

    static uint64_t mix(uint64_t hash, uint64_t value) {
        hash = (hash ^ value) * 0x9E3779B97F4A7C15ull;
        return hash ^ (hash >> 29);
    }

    // A hash of a piece's length and its first and last eight bytes: stacks that differ
    // elsewhere share it, and are told apart by comparing the pieces, faster than hashing
    // all of them would be.
    static uint64_t ends_hash(std::string_view piece) {
        uint64_t first = 0, last = 0;
        size_t n = std::min<size_t>(piece.size(), 8);
        std::memcpy(&first, piece.data(), n);
        std::memcpy(&last, piece.data() + piece.size() - n, n);
        return mix(mix(piece.size(), first), last);
    }

    static bool same_pieces(const CrashReport& report, std::string_view pieces) {
        bool same = true;
        stack_pieces(report, [&](std::string_view piece) {
            uint32_t size = 0;
            if (!same || pieces.size() < sizeof size + piece.size()) {
                same = false;
                return;
            }
            std::memcpy(&size, pieces.data(), sizeof size);
            same = size == piece.size() && pieces.substr(sizeof size, size) == piece;
            pieces.remove_prefix(sizeof size + piece.size());
        });
        return same && pieces.empty();
    }

    size_t tally_for(CrashSignature signature, bool unparsed) {
        std::string own = unparsed ? std::string("\x01unparsed") : signature.key();
        std::string key = unparsed ? own : target_of(own);
        auto [found, added] = by_key.emplace(key, tallies.size());
        if (added) {
            tallies.emplace_back();
            tallies.back().signature = std::move(signature);
            tallies.back().unparsed = unparsed;
            tallies.back().borrowed_signature = key != own;
        } else if (key == own && tallies[found->second].borrowed_signature) {
            tallies[found->second].signature = std::move(signature);
            tallies[found->second].borrowed_signature = false;
        }
        if (key != own)
            tallies[found->second].add_merged(own);
        return found->second;
    }

    // Everything but the report itself; true if it is the bucket's latest.
    bool count(Tally& tally, const CrashReport& report, const CrashInput& input) {
        ++tally.count;
        std::string_view session = input.session.empty() ? input.file : input.session;
        if (session != tally.last_session) { // reports of one session come together
            insert(tally.sessions, session);
            tally.last_session = session;
        }
        insert(tally.platforms, input.platform);
        insert(tally.interpreters, input.interpreter);
        insert(tally.interpreter_versions,
               interpreter_label(input.interpreter, input.python_version));
        if (!input.app_version.empty())
            ++at(tally.versions, input.app_version);
        tally.add_file(input.file);
        if (input.time_unix > 0)
            tally.add_seen(input.time_unix, input.time_unix);
        const CrashException* raised = report.final_exception();
        std::string_view message =
            raised ? std::string_view(raised->message) : report.fatal_message;
        tally.add_message(message.substr(0, message.find('\n')), 1);
        if (tally.latest && input.time_unix < tally.latest_unix)
            return false;
        tally.latest_unix = input.time_unix;
        if (tally.latest_file != input.file)
            tally.latest_file = input.file;
        return true;
    }
};

CrashBucketer::CrashBucketer(BucketRules rules)
    : tallies_(std::make_unique<Tallies>(std::move(rules))) {}
CrashBucketer::CrashBucketer(CrashBucketer&&) noexcept = default;
CrashBucketer& CrashBucketer::operator=(CrashBucketer&&) noexcept = default;
CrashBucketer::~CrashBucketer() = default;

void CrashBucketer::add(const CrashInput& input) {
    Tally& tally = tallies_->tally_of(*input.report);
    if (tallies_->count(tally, *input.report, input))
        tally.latest = input.report;
}

void CrashBucketer::add(const CrashInput& input, uint32_t index) {
    Tally& tally = tallies_->tally_of(*input.report);
    tally.inputs.push_back(index);
    if (tallies_->count(tally, *input.report, input))
        tally.latest = input.report;
}

void CrashBucketer::add(CrashReport&& report, const CrashInput& where) {
    Tally& tally = tallies_->tally_of(report);
    if (!tallies_->count(tally, report, where))
        return;
    if (tally.owned) // the one it replaces goes back to the reader, which reuses its buffers
        std::swap(*tally.owned, report);
    else
        tally.owned = std::make_unique<CrashReport>(std::move(report));
    tally.latest = tally.owned.get();
}

namespace {

constexpr size_t kMessagesPerThread = 8192; // fewer are joined sooner than a thread starts

// Other tallies' messages added to tallies[index], bucket by bucket on every core where there
// are many: a file's bucket of one bug holds tens of thousands of distinct messages, and
// joining them is most of a merge.
void add_messages(std::vector<Tally>& tallies,
                  std::vector<std::pair<size_t, const Tally*>> merges) {
    size_t total = 0;
    for (const auto& [index, from] : merges)
        total += from->messages.size();
    size_t threads = std::min(core_count(), total / kMessagesPerThread);
    // The largest first, so that no thread is left with one at the end.
    std::sort(merges.begin(), merges.end(), [](const auto& a, const auto& b) {
        return a.second->messages.size() > b.second->messages.size();
    });
    run_parallel_tasks(merges.size(), threads,
                       [&](size_t m) { tallies[merges[m].first].add_messages(*merges[m].second); });
}

} // namespace

void CrashBucketer::merge(CrashBucketer&& later) {
    std::vector<std::pair<size_t, const Tally*>> message_merges;
    for (Tally& from : later.tallies_->tallies) {
        size_t index = tallies_->tally_for(from.signature, from.unparsed);
        Tally& into = tallies_->tallies[index];
        if (into.count == 0) { // new here: taken whole
            into = std::move(from);
            continue;
        }
        into.count += from.count;
        for (const std::string& session : from.sessions)
            insert(into.sessions, session);
        for (const std::string& platform : from.platforms)
            insert(into.platforms, platform);
        for (const std::string& interpreter : from.interpreters)
            insert(into.interpreters, interpreter);
        for (const std::string& label : from.interpreter_versions)
            insert(into.interpreter_versions, label);
        for (const auto& [version, count] : from.versions)
            at(into.versions, version) += count;
        message_merges.emplace_back(index, &from);
        for (const std::string& file : from.files)
            into.add_file(file);
        into.add_seen(from.first_seen_unix, from.last_seen_unix);
        for (const std::string& key : from.merged)
            into.add_merged(key);
        into.inputs.insert(into.inputs.end(), from.inputs.begin(), from.inputs.end());
        if (from.latest && from.latest_unix >= into.latest_unix) {
            into.latest = from.latest;
            into.owned = std::move(from.owned);
            into.latest_file = std::move(from.latest_file);
            into.latest_unix = from.latest_unix;
        }
    }
    add_messages(tallies_->tallies, std::move(message_merges));
    later.tallies_->tallies.clear();
    later.tallies_->by_key.clear();
    later.tallies_->by_stack.clear();
}

void CrashBucketer::renumber_lines(uint32_t lines) {
    for (Tally& tally : tallies_->tallies)
        if (tally.owned)
            tally.owned->first_line += lines;
}

size_t CrashBucketer::reports() const {
    size_t total = 0;
    for (const Tally& tally : tallies_->tallies)
        total += tally.count;
    return total;
}

const BucketRules& CrashBucketer::rules() const {
    return tallies_->rules;
}

std::vector<CrashBucket> CrashBucketer::buckets() const {
    std::vector<CrashBucket> buckets;
    for (const Tally& tally : tallies_->tallies) {
        CrashBucket& bucket = buckets.emplace_back();
        bucket.signature = tally.signature;
        bucket.unparsed = tally.unparsed;
        bucket.count = tally.count;
        bucket.sessions = tally.sessions.size();
        bucket.first_seen_unix = tally.first_seen_unix;
        bucket.last_seen_unix = tally.last_seen_unix;
        std::vector<std::pair<std::string, size_t>> versions(tally.versions.begin(),
                                                             tally.versions.end());
        std::sort(versions.begin(), versions.end(),
                  [](const auto& a, const auto& b) { return version_before(a.first, b.first); });
        for (auto& [version, count] : versions) {
            bucket.versions.push_back(version);
            bucket.version_counts.push_back(count);
        }
        bucket.platforms = sorted(tally.platforms);
        bucket.interpreters = sorted(tally.interpreters);
        bucket.interpreter_versions.assign(tally.interpreter_versions.begin(),
                                           tally.interpreter_versions.end());
        std::sort(bucket.interpreter_versions.begin(), bucket.interpreter_versions.end(),
                  interpreter_before);
        bucket.files = tally.files;
        std::vector<std::pair<std::string_view, size_t>> messages;
        for (StringId id = 0; id < tally.messages.size(); ++id)
            messages.emplace_back(tally.messages.get(id), tally.message_counts[id]);
        size_t shown = std::min(messages.size(), kMaxVariants);
        std::partial_sort(messages.begin(), messages.begin() + ptrdiff_t(shown), messages.end(),
                          [](const auto& a, const auto& b) {
                              return a.second != b.second ? a.second > b.second : a.first < b.first;
                          });
        for (size_t m = 0; m < shown; ++m)
            bucket.variants.emplace_back(std::string(messages[m].first), messages[m].second);
        bucket.messages = messages.size();
        bucket.latest = tally.latest;
        bucket.latest_file = tally.latest_file;
        bucket.merged = tally.merged;
        bucket.reports = tally.inputs;
    }
    std::stable_sort(buckets.begin(), buckets.end(),
                     [](const CrashBucket& a, const CrashBucket& b) { return a.count > b.count; });
    return buckets;
}

std::vector<CrashBucket> bucket_crashes(std::span<const CrashInput> inputs,
                                        const BucketRules& rules) {
    CrashBucketer bucketer(rules);
    for (size_t i = 0; i < inputs.size(); ++i)
        bucketer.add(inputs[i], uint32_t(i));
    return bucketer.buckets();
}

} // namespace framescope

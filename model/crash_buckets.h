// Crash buckets: reports of the same bug grouped by a signature that is the same across
// users, install paths, releases and interpreters, and different for different bugs.
//
// The signature is the exception type (faulthandler's fatal error for native crashes) and
// the innermost frame(s) of the application's or its plug-ins' own code, each as its path
// inside the application or plug-in and its function: no install prefix, drive letter, line
// number, message, caller or recursion depth. Whose code a frame is comes from
// model/code_origin; a host's frames around a plug-in's never decide a bucket.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "loaders/crash_report.h"
#include "loaders/report_bundle.h"
#include "model/code_origin.h"
#include "model/versions.h"

namespace framescope {

struct BucketRules {
    OriginRules origin;                      // where the application and its plug-ins live
    std::vector<std::string> skip_functions; // functions never part of a signature
    // Application frames in a signature. One, the crash site's function: callers differ
    // between call paths of the same bug.
    size_t frames = 1;
    // Buckets a user merged: signature key -> the key of the bucket it joins. Reports of a
    // merged signature count in the bucket it joins, which lists the keys merged into it.
    std::vector<std::pair<std::string, std::string>> merges;
};

// A report with where it came from.
struct CrashInput {
    const CrashReport* report = nullptr; // in the session it came from, which outlives this
    std::string file;                    // as given on import: the bundle or the text file
    std::string session;     // the session it ended (a bundle's source); empty if unknown
    std::string app_version; // empty if unknown
    std::string platform;
    std::string interpreter;
    double time_unix = 0;       // when it happened; 0 if unknown
    std::string python_version; // "3.12.1"; empty if unknown
};

struct SignatureFrame {
    std::string module; // the path inside the application (or its package), '/'-separated
    std::string function;
    bool operator==(const SignatureFrame&) const = default;
};

struct CrashSignature {
    std::string exception;              // "KeyError", "Fatal Python error: Segmentation fault"
    std::string name;                   // the attribute or name a NameError/AttributeError names
    std::vector<SignatureFrame> frames; // innermost first
    bool application_frames = true;     // false: no frame was the application's
    std::string key() const;            // "KeyError @ game/net.py:read_reply < game/loop.py:tick"
};

CrashSignature crash_signature(const CrashReport& report, const BucketRules& rules);
CrashSignature crash_signature(const CrashReport& report, const BucketRules& rules,
                               CodeLocator& locator); // a batch's, remembering files

// The lines of the report's text (1-based) that name its application's or plug-ins' frames,
// what the window highlights; empty when no frame is the application's.
std::vector<uint32_t> application_lines_of(const CrashReport& report, const BucketRules& rules);

inline constexpr size_t kMaxVariants = 10;

struct CrashBucket {
    CrashSignature signature;
    bool unparsed = false; // reports kept as text that could not be read
    size_t count = 0;      // reports
    size_t sessions = 0;
    double first_seen_unix = 0, last_seen_unix = 0;
    std::vector<std::string> versions;  // oldest first
    std::vector<size_t> version_counts; // reports of each of the versions
    std::vector<std::string> platforms;
    std::vector<std::string> interpreters;
    std::vector<std::string> interpreter_versions; // "CPython 3.12.1", oldest first
    std::vector<std::string> files;                // where its reports came from, once each
    // The most frequent distinct messages (up to kMaxVariants) with their counts, of
    // `messages` distinct messages in all: one bug's messages vary with its data.
    std::vector<std::pair<std::string, size_t>> variants;
    size_t messages = 0;
    // The latest report (the last given where times are unknown), in the sessions or the
    // bucketer that read it, and the file it came from.
    const CrashReport* latest = nullptr;
    std::string latest_file;
    std::vector<std::string> merged; // signature keys merged into this bucket by the rules
    // Its reports, as indices of the inputs given (in that order): only when bucketing
    // inputs held in memory (bucket_crashes); the streaming bucketer keeps none.
    std::vector<uint32_t> reports;
    // The key the bucket goes by: its signature's, or "(unparsed)".
    std::string key() const { return unparsed ? std::string("(unparsed)") : signature.key(); }
};

// Buckets built one report at a time, keeping per bucket only what the views show and its
// latest report: a file of any number of reports is bucketed in the memory of its buckets.
class CrashBucketer {
  public:
    explicit CrashBucketer(BucketRules rules);
    CrashBucketer(CrashBucketer&&) noexcept;
    CrashBucketer& operator=(CrashBucketer&&) noexcept;
    ~CrashBucketer();

    // `input.report` must outlive the buckets.
    void add(const CrashInput& input);
    // The same, remembering `index` among its bucket's reports (CrashBucket::reports).
    void add(const CrashInput& input, uint32_t index);
    // `report` is kept while it is its bucket's latest: the bucketer must outlive the buckets.
    // `where.report` is not read.
    void add(CrashReport&& report, const CrashInput& where);
    // What another bucketer (same rules) was given, as if given after this one's.
    void merge(CrashBucketer&& later);
    // The reports it was given by value came from a part of a text, numbered from the
    // part's start: renumbered as lines of the whole, where `lines` lines came before it.
    void renumber_lines(uint32_t lines);

    size_t reports() const;
    const BucketRules& rules() const;
    // Most reports first; among equals, the one seen first.
    std::vector<CrashBucket> buckets() const;

  private:
    struct Tallies;
    std::unique_ptr<Tallies> tallies_;
};

// Every crash report of the sessions: their uncaught exceptions, fatal errors and the
// reports of plain crash files, as their loaders read them, with the session's version,
// platform and time. The inputs point into the sessions, which must outlive them.
std::vector<CrashInput> crash_inputs_of(std::span<const ReportBundle> sessions);

// The inputs' buckets, with the most reports first, each with the indices of its inputs;
// they point into the inputs' sessions.
std::vector<CrashBucket> bucket_crashes(std::span<const CrashInput> inputs,
                                        const BucketRules& rules);

} // namespace framescope

// Real profiles in the formats Python users have besides pstats (../shared/formats-corpus,
// when present), loaded as the window and the commands load them and compared with the
// reference reader's expected.json: the total weight, the number of functions and the ten
// largest own weights. reference.py's docstring fixes the semantics: a function is its
// (name, file); time units are compared in the reference's unit.
//
// A format is checked once its reader exists: add its expected.json name to kReadFormats.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "loaders/input_kind.h"
#include "model/format_exports.h"
#include "model/load_job.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

using Json = nlohmann::json;

struct ReadFormat {
    ProfileFormat format;
    bool exact_paths; // sampled and evented formats keep their paths; aggregated ones cannot
};

// expected.json's format names, and ours.
const std::map<std::string, ReadFormat> kReadFormats = {
    {"speedscope", {ProfileFormat::speedscope, true}},
    {"collapsed", {ProfileFormat::collapsed, true}},
    {"austin", {ProfileFormat::austin, true}},
    {"callgrind", {ProfileFormat::callgrind, false}},
    {"trace_event", {ProfileFormat::trace_event, true}},
};

// One of our weights in the reference's unit: time units convert, counts stay.
double in_unit(double weight, const std::string& ours, const std::string& theirs) {
    double from = seconds_per_unit(ours), to = seconds_per_unit(theirs);
    return from > 0 && to > 0 ? weight * from / to : weight;
}

// The reference rounds to 3 decimals and sums exactly; we sum doubles.
bool close(double ours, double theirs) {
    return std::fabs(ours - theirs) <= 0.0015 + 1e-9 * std::fabs(theirs);
}

struct SelfWeight {
    std::string name, file;
    double weight;
};

// Own weight by (name, file), largest first, ties by (name, file) as the reference orders.
std::vector<SelfWeight> top_self(const LoadedProfile& loaded, const std::string& unit) {
    std::map<std::pair<std::string, std::string>, double> by_function;
    const PstatsProfile& p = loaded.profile;
    for (FunctionId f = 0; f < p.function_count; ++f)
        by_function[{std::string(p.name(f)), std::string(p.file(f))}] +=
            in_unit(p.self_s[f], loaded.unit, unit);
    std::vector<SelfWeight> rows;
    for (const auto& [key, weight] : by_function)
        rows.push_back({key.first, key.second, weight});
    std::stable_sort(rows.begin(), rows.end(),
                     [](const SelfWeight& a, const SelfWeight& b) { return a.weight > b.weight; });
    return rows;
}

} // namespace

TEST_CASE("real profiles of other formats agree with the reference reader") {
    std::filesystem::path corpus = test::shared_corpus_dir("formats-corpus");
    if (corpus.empty()) {
        MESSAGE("../shared/formats-corpus is not there: skipped");
        return;
    }
    Json expected = Json::parse(test::read_text(corpus / "expected.json"));
    size_t checked = 0;
    for (const auto& [name, want] : expected.items()) {
        auto format = kReadFormats.find(want["format"].get<std::string>());
        if (format == kReadFormats.end())
            continue;
        CAPTURE(name);
        std::string path = (corpus / "files" / name).string();
        InputSniff sniff = input_kind(path);
        CHECK(sniff.kind == InputKind::profile);
        CHECK(profile_format_name(sniff.format) ==
              std::string(profile_format_name(format->second.format)));

        Result<std::shared_ptr<LoadedProfile>> loaded = load_profiles({path});
        REQUIRE_MESSAGE(loaded, (loaded ? "" : loaded.error().to_string()));
        const LoadedProfile& profile = **loaded;
        std::string unit = want["unit"].get<std::string>();
        CHECK(profile.exact_paths == format->second.exact_paths);
        CHECK(close(in_unit(profile.total(), profile.unit, unit), want["total"].get<double>()));
        CHECK(profile.profile.function_count == want["functions"].get<size_t>());

        // The headless function table says the same.
        Json table = Json::parse(json_export(profile));
        CHECK(table["format"] == want["format"]);
        CHECK(close(in_unit(table["total"].get<double>(), table["unit"].get<std::string>(), unit),
                    want["total"].get<double>()));
        CHECK(table["functions"].size() == want["functions"].get<size_t>());

        std::vector<SelfWeight> ours = top_self(profile, unit);
        const Json& theirs = want["top_self"];
        REQUIRE(ours.size() >= theirs.size());
        for (size_t i = 0; i < theirs.size(); ++i) {
            CAPTURE(i);
            double weight = theirs[i][2].get<double>();
            CHECK(close(ours[i].weight, weight));
            // Equal weights may come in another order: look for the function among them.
            bool found = false;
            for (const SelfWeight& row : ours)
                found = found ||
                        (row.name == theirs[i][0].get<std::string>() &&
                         row.file == theirs[i][1].get<std::string>() && close(row.weight, weight));
            CHECK_MESSAGE(found, theirs[i].dump());
        }
        ++checked;
    }
    MESSAGE(checked << " files checked");
    CHECK(checked > 0);
}

} // namespace framescope

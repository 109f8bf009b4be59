// Stack profiles of a real run that python3 records and writes at test time (sampled stacks
// as collapsed lines, Austin lines and a speedscope file with a sampled and an evented
// profile), loaded as the window loads them: the totals, the functions and each function's
// own weight agree with what Python counted, and the tree holds the recorded paths.

#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "model/load_job.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

using Json = nlohmann::json;

std::map<std::string, double> own_by_function(const LoadedProfile& loaded) {
    std::map<std::string, double> own;
    const PstatsProfile& p = loaded.profile;
    for (FunctionId f = 0; f < p.function_count; ++f)
        own[std::string(p.name(f)) + "\t" + std::string(p.file(f))] += p.self_s[f];
    return own;
}

bool close(double a, double b) {
    return std::fabs(a - b) <= 1e-6 * std::max(1.0, std::fabs(b));
}

struct Recorded {
    test::TempDir dir;
    Json expected;
    Recorded() {
        test::run_fixture(test::python3(), "make_stack_profiles.py", {dir.path().string()});
        expected = Json::parse(test::read_text(dir / "expected.json"));
    }
};

void check_stacks(const LoadedProfile& loaded, const Json& want) {
    CHECK(loaded.exact_paths);
    CHECK(loaded.unit == want["unit"].get<std::string>());
    CHECK(close(loaded.total(), want["total"].get<double>()));
    CHECK(close(loaded.tree.total_s(), want["total"].get<double>()));
    CHECK(loaded.profile.function_count == want["functions"].get<size_t>());
    std::map<std::string, double> own = own_by_function(loaded);
    for (const auto& [function, weight] : want["self"].items()) {
        CAPTURE(function);
        CHECK(close(own[function], weight.get<double>()));
    }
}

} // namespace

TEST_CASE("collapsed stacks and Austin lines of a real run agree with what Python sampled") {
    Recorded run;
    for (const char* name : {"run.collapsed", "run.austin"}) {
        CAPTURE(name);
        Result<std::shared_ptr<LoadedProfile>> loaded = load_profiles({(run.dir / name).string()});
        REQUIRE_MESSAGE(loaded, (loaded ? "" : loaded.error().to_string()));
        check_stacks(**loaded, run.expected[name]);
    }
    // Each root of the tree is a sampled outermost frame: Python's "<module>".
    Result<std::shared_ptr<LoadedProfile>> loaded =
        load_profiles({(run.dir / "run.collapsed").string()});
    REQUIRE(loaded);
    const LoadedProfile& p = **loaded;
    for (CallNodeId root : p.tree.roots())
        CHECK(p.profile.name(p.tree.node(root).function) == "<module>");
}

TEST_CASE("a speedscope file of a real run: samples and traced calls add up in its unit") {
    Recorded run;
    Result<std::shared_ptr<LoadedProfile>> loaded =
        load_profiles({(run.dir / "run.speedscope").string()});
    REQUIRE_MESSAGE(loaded, (loaded ? "" : loaded.error().to_string()));
    const LoadedProfile& p = **loaded;
    const Json& want = run.expected["run.speedscope"];
    check_stacks(p, want);
    CHECK(p.format == ProfileFormat::speedscope);
    // Every traced call kept with when it began and ended, inside the traced time.
    REQUIRE(p.data.size() == 1);
    const ProfileData& data = *p.data.front();
    CHECK(data.calls.size() == want["calls"].get<size_t>());
    CHECK(data.threads.size() == 3); // none named, MainThread, traced
    for (const TimedCall& call : data.calls) {
        CHECK(call.end >= call.begin);
        CHECK(data.threads[call.thread] == "traced");
    }
}

} // namespace framescope

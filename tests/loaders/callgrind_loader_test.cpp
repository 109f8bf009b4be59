// The callgrind reader: the rules of the format on small files written here, the real files of
// ../shared/formats-corpus (when present) against its reference reader's expected.json, and
// bad input refused with the line that is wrong.

#include <algorithm>
#include <numeric>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "loaders/callgrind_loader.h"
#include "model/stack_profile_builder.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

std::optional<FunctionId> find(const PstatsProfile& p, std::string_view name,
                               std::string_view file) {
    for (FunctionId f = 0; f < p.function_count; ++f)
        if (p.name(f) == name && p.file(f) == file)
            return f;
    return std::nullopt;
}

// The file as the views see it: its rows as pstats rows.
std::shared_ptr<LoadedProfile> read(std::string_view text, const std::string& event = {}) {
    Result<ProfileData> data = load_callgrind(text, "t.callgrind", event);
    REQUIRE_MESSAGE(data, (data ? "" : data.error().to_string()));
    Result<std::shared_ptr<LoadedProfile>> loaded =
        profile_of_data({std::make_shared<ProfileData>(std::move(*data))}, {"t.callgrind"});
    REQUIRE(loaded);
    return *loaded;
}

// As pyprof2calltree writes it, with yappi's and valgrind's name compression and relative
// positions.
constexpr const char* kProgram = "# a comment\n"
                                 "version: 1\n"
                                 "creator: test\n"
                                 "event: ns : Nanoseconds\n"
                                 "positions: line\n"
                                 "events: ns calls\n"
                                 "summary: 100\n"
                                 "fl=(1) main.py\n"
                                 "fn=(1) main\n"
                                 "10 5 1\n"
                                 "+2 3\n"
                                 "cfl=(2) lib.py\n"
                                 "cfn=(2) work\n"
                                 "calls=4 20\n"
                                 "* 70 4\n"
                                 "cfl=(1)\n"
                                 "cfn=(1)\n"
                                 "calls=1 10\n"
                                 "-1 8\n"
                                 "\n"
                                 "fl=(2)\n"
                                 "fn=(2)\n"
                                 "20 60 4\n"
                                 "cfl=~\n"
                                 "cfn=<built-in method len>\n"
                                 "calls=8 0\n"
                                 "21 10\n"
                                 "fl=~\n"
                                 "fn=<built-in method len>\n"
                                 "0 10\n";

} // namespace

TEST_CASE("callgrind: own costs, calls and inclusive costs by the format's rules") {
    std::shared_ptr<LoadedProfile> c = read(kProgram);
    const PstatsProfile& p = c->profile;
    CHECK(c->format == ProfileFormat::callgrind);
    CHECK(c->unit == "ns");
    REQUIRE(p.function_count == 3);
    FunctionId main = *find(p, "main", "main.py"), work = *find(p, "work", "lib.py"),
               len = *find(p, "<built-in method len>", "~");
    CHECK(p.self_s[main] == 8); // 5 + 3: call costs are not own costs
    CHECK(p.self_s[work] == 60);
    CHECK(p.self_s[len] == 10);
    CHECK(p.total_self_s == 78);
    CHECK(p.cumulative_s[main] == 78); // own + work's 70; its call of itself not again
    CHECK(p.cumulative_s[work] == 70);
    CHECK(p.line(main) == 10);
    CHECK(p.line(work) == 20);
    CHECK(p.calls[work] == 4);
    CHECK(p.calls[len] == 8);
    REQUIRE(p.caller_count(work) == 1);
    CHECK(p.callers_of(work)[0].caller == main);
    CHECK(p.callers_of(work)[0].calls == 4);
    CHECK(p.callers_of(work)[0].cumulative_s == 70);
    CHECK(p.caller_count(main) == 1); // the recursive call
}

TEST_CASE("callgrind: another event is read when named") {
    std::shared_ptr<LoadedProfile> c = read(kProgram, "calls");
    CHECK(c->unit == "calls");
    CHECK(c->profile.self_s[*find(c->profile, "main", "main.py")] == 1); // a missing cost is 0
    CHECK(c->profile.total_self_s == 5);
    Result<ProfileData> missing = load_callgrind(kProgram, "t.callgrind", "cycles");
    REQUIRE(!missing);
    CHECK(missing.error().to_string() ==
          "t.callgrind:6: no event 'cycles' (the file has 'ns calls')");
}

TEST_CASE("callgrind: a fn= without fl= keeps the file before it, and a callee is found by "
          "name") {
    // lsprofcalltree writes builtins with no fl= and calls them with no cfl=.
    std::shared_ptr<LoadedProfile> c = read("events: Ticks\n"
                                            "fl=a.py\nfn=f\n1 5\ncfn=<len>\ncalls=2 0\n1 7\n\n"
                                            "fl=b.py\nfn=g\n3 1\n\nfn=<len>\n0 7\n");
    const PstatsProfile& p = c->profile;
    CHECK(p.function_count == 3);
    FunctionId len = *find(p, "<len>", "b.py");
    REQUIRE(p.caller_count(len) == 1);
    CHECK(p.name(p.callers_of(len)[0].caller) == "f");
    CHECK(p.cumulative_s[*find(p, "f", "a.py")] == 12);
}

TEST_CASE("callgrind: names that only define compressed names are no functions") {
    // yappi starts with a table of fl=/fn= lines.
    std::shared_ptr<LoadedProfile> c =
        read("events: Ticks\nfl=(1) a.py\nfn=(1) f a.py:1\nfn=(2) g a.py:5\n\n"
             "fl=(1)\nfn=(2)\n5 9\n");
    CHECK(c->profile.function_count == 1);
    CHECK(c->profile.name(0) == "g a.py:5");
}

TEST_CASE("callgrind: bad input is refused with its line") {
    auto refused = [](std::string_view text) {
        Result<ProfileData> p = load_callgrind(text, "bad.out");
        REQUIRE(!p);
        return p.error().to_string();
    };
    CHECK(refused("events: ns\nfn=(3)\n1 2\n") ==
          "bad.out:2: compressed name (3) used before it is named");
    CHECK(refused("events: ns\nfn=f\n1 2\ncfn=g\ncalls=1 2\n") ==
          "bad.out:5: 'calls=' is not followed by its cost line");
    CHECK(refused("events: ns\nfn=f\n1 x2\n") == "bad.out:3: expected a cost, got 'x2'");
    CHECK(refused("events: ns\nfn=f\n\x7f\x45LF\n") ==
          "bad.out:3: not a callgrind line: '\x7f\x45LF'");
    CHECK(refused("fn=f\n1 2\n") == "bad.out:2: cost line before 'events:'");
    CHECK(refused("events: ns\nfn=f\ncalls=1 2\n1 2\n") ==
          "bad.out:3: 'calls=' without a 'cfn=' before it");
    CHECK(refused("events: ns\nfn=f\n+9223372036854775807 1\n+9223372036854775807 1\n"
                  "calls=-1 0\n") == "bad.out:5: expected a call count after 'calls=', got "
                                     "'-1 0'");
}

TEST_CASE("callgrind corpus: every real file agrees with the reference reader") {
    std::filesystem::path corpus = test::shared_corpus_dir("formats-corpus");
    if (corpus.empty()) {
        MESSAGE("../shared/formats-corpus not found: real callgrind files not tried");
        return;
    }
    nlohmann::json expected = nlohmann::json::parse(test::read_text(corpus / "expected.json"));
    size_t checked = 0;
    for (auto& [file, want] : expected.items()) {
        if (want["format"] != "callgrind")
            continue;
        INFO(file);
        std::string text = test::read_text(corpus / "files" / file);
        std::shared_ptr<LoadedProfile> c = read(text);
        const PstatsProfile& p = c->profile;
        CHECK(c->unit == want["unit"].get<std::string>());
        CHECK(p.total_self_s == want["total"].get<double>());
        std::vector<FunctionId> ids(p.function_count);
        std::iota(ids.begin(), ids.end(), 0);
        CHECK(p.function_count == want["functions"].get<size_t>());
        std::stable_sort(ids.begin(), ids.end(), [&](FunctionId a, FunctionId b) {
            if (p.self_s[a] != p.self_s[b])
                return p.self_s[a] > p.self_s[b];
            return std::pair(p.name(a), p.file(a)) < std::pair(p.name(b), p.file(b));
        });
        const nlohmann::json& top = want["top_self"];
        for (size_t i = 0; i < top.size() && i < ids.size(); ++i) {
            CHECK(p.name(ids[i]) == top[i][0].get<std::string>());
            CHECK(p.file(ids[i]) == top[i][1].get<std::string>());
            CHECK(p.self_s[ids[i]] == top[i][2].get<double>());
        }
        ++checked;
    }
    CHECK(checked == 8);
}

} // namespace framescope

// Python's regular expressions: every pattern below is searched by Python's re at test time,
// and PythonRegex must agree on each; a pattern that backtracks without end gives up fast.

#include <doctest/doctest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "core/python_regex.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

struct Case {
    const char* pattern;
    const char* text;
};

constexpr Case kCases[] = {
    {"(?i)collide", "game/physics.py:12(Collide)"},
    {"collide", "game/physics.py:12(Collide)"},
    {"(?P<module>physics)\\.py", "game/physics.py:12(step)"},
    {"(?P<w>\\w+)-(?P=w)", "ab-ab"},
    {"(?<=\\()step", "game/physics.py:12(step)"},
    {"(?<!\\()step", "game/physics.py:12(step)"},
    {"(?x) s t e p  # verbose", "game/physics.py:12(step)"},
    {"step\\)\\Z", "game/physics.py:12(step)"},
    {"step\\)\\Z", "game/physics.py:12(step)\n"},
    {"step\\)$", "game/physics.py:12(step)\n"},
    {"\\Agame", "game/physics.py:12(step)"},
    {"\\Aphysics", "game/physics.py:12(step)"},
    {"(?m)^b", "a\nb"},
    {"(?s)a.b", "a\nb"},
    {"a.b", "a\nb"},
    {"\\d{2}\\(", "game/physics.py:12(step)"},
    {"\\bstep\\b", "game/physics.py:12(step)"},
    {"caf\\w", "caf\xc3\xa9"},
    {"(?i)\xc3\x89t\xc3\xa9", "\xc3\xa9t\xc3\xa9"},
    {"[[:alpha:]]", "x"},
    {"[[:alpha:]]", ":]"},
    {"[]a]+", "]a"},
    {"[^]a]", "]a"},
    {"[\\]]", "]"},
    {"x(?#a comment)y", "xy"},
};

} // namespace

TEST_CASE("python regex: searches as Python's re does, on Python's own answers") {
    nlohmann::json cases = nlohmann::json::array();
    for (const Case& c : kCases)
        cases.push_back({c.pattern, c.text});
    test::TempDir dir;
    test::write_text(dir / "cases.json", cases.dump());
    test::CommandResult python =
        test::run_python3("import json, re, sys, warnings\n"
                          "warnings.simplefilter('ignore')\n"
                          "out = []\n"
                          "for pattern, text in json.load(open(sys.argv[1])):\n"
                          "    try:\n"
                          "        out.append(bool(re.search(pattern, text)))\n"
                          "    except re.error:\n"
                          "        out.append(None)\n"
                          "print(json.dumps(out))\n",
                          {(dir / "cases.json").string()});
    REQUIRE(python.exit_code == 0);
    nlohmann::json expected = nlohmann::json::parse(python.output);
    for (size_t i = 0; i < std::size(kCases); ++i) {
        INFO(std::string(kCases[i].pattern) << " on " << std::string(kCases[i].text));
        Result<PythonRegex> regex = PythonRegex::compile(kCases[i].pattern);
        if (expected[i].is_null()) {
            CHECK_FALSE(regex);
            continue;
        }
        REQUIRE(regex);
        bool found = regex->search(kCases[i].text) == PythonRegex::Match::yes;
        CHECK(found == expected[i].get<bool>());
    }
}

TEST_CASE("python regex: a bad pattern is an error naming it, a runaway search gives up") {
    Result<PythonRegex> unclosed = PythonRegex::compile("(unclosed");
    REQUIRE_FALSE(unclosed);
    CHECK(unclosed.error().to_string().find("'(unclosed'") != std::string::npos);

    Result<PythonRegex> runaway = PythonRegex::compile("(a+)+$");
    REQUIRE(runaway);
    std::string text(5000, 'a');
    text += "!";
    auto start = std::chrono::steady_clock::now();
    CHECK(runaway->search(text) == PythonRegex::Match::gave_up);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));

    Result<PythonRegex> ignoring = PythonRegex::compile("COLLIDE", true);
    REQUIRE(ignoring);
    CHECK(ignoring->search("physics.py:3(collide)") == PythonRegex::Match::yes);
    CHECK(ignoring->search("\xff\xfe not UTF-8 collide") == PythonRegex::Match::yes);
}

} // namespace framescope

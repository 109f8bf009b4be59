// The profile formats besides pstats: the sniffer names each from its content (whatever the
// file is called) and leaves reports and other JSON alone; bad input of each format is one
// line naming the file and the line or offset, for every truncation of a real file.

#include <doctest/doctest.h>

#include "loaders/input_kind.h"
#include "loaders/profile_formats.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

std::optional<ProfileFormat> sniffed(const test::TempDir& dir, const std::string& text) {
    std::filesystem::path path = dir / "input.txt";
    test::write_text(path, text);
    InputSniff sniff = input_kind(path.string());
    if (sniff.kind != InputKind::profile)
        return std::nullopt;
    return sniff.format;
}

Result<AnyProfile> read_text(ProfileFormat format, std::string_view text) {
    return read_profile(format,
                        std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()),
                        {"in.prof", 0});
}

std::string error_of(ProfileFormat format, std::string_view text) {
    Result<AnyProfile> read = read_text(format, text);
    return read ? "no error" : read.error().to_string();
}

} // namespace

TEST_CASE("profile formats: each is told by its content") {
    test::TempDir dir;
    CHECK(sniffed(dir, "{\"$schema\": \"https://www.speedscope.app/file-format-schema.json\"}") ==
          ProfileFormat::speedscope);
    CHECK(sniffed(dir, "{\"traceEvents\": [{\"ph\": \"X\"}]}") == ProfileFormat::trace_event);
    CHECK(sniffed(dir, "[{\"name\": \"f\", \"ph\": \"B\", \"ts\": 1}]") ==
          ProfileFormat::trace_event);
    CHECK(sniffed(dir, "{\"meta\": {\"version\": 24}, \"threads\": [{\"stackTable\": {}}]}") ==
          ProfileFormat::gecko);
    CHECK(sniffed(dir, "# callgrind format\nevents: Ticks\nfn=main\n1 10\n") ==
          ProfileFormat::callgrind);
    CHECK(sniffed(dir, "version: 1\ncreator: yappi\nevents: ticks\nfl=(1) a.py\nfn=(1) f\n") ==
          ProfileFormat::callgrind);
    CHECK(sniffed(dir, "# austin: 3.0.0\n# mode: wall\n\nP1;T1;a.py:f:1 10\n") ==
          ProfileFormat::austin);
    CHECK(sniffed(dir, "P4317;T7ffb811a0740;f (a.py);L3 10969\n") == ProfileFormat::austin);
    CHECK(sniffed(dir, "main (a.py:3);work (a.py:9) 12\nmain (a.py:3) 2\n") ==
          ProfileFormat::collapsed);
    CHECK(sniffed(dir, "a;b;c 42\na;b 1.5\n") == ProfileFormat::collapsed);
    CHECK(sniffed(dir, " 2\nmain (a.py:3) 4\n") == ProfileFormat::collapsed);

    SUBCASE("reports, logs and other JSON are not taken for profiles") {
        CHECK(sniffed(dir, "Traceback (most recent call last):\n  File \"a.py\", line 12\n"
                           "ValueError: x\n") == std::nullopt);
        CHECK(sniffed(dir, "worker started 12\nworker stopped 13\n") == std::nullopt);
        CHECK(sniffed(dir, "{\"name\": \"package\", \"version\": 3}") == std::nullopt);
        CHECK(sniffed(dir, "[1, 2, 3]") == std::nullopt);
    }
    SUBCASE("a pickle that is not line_profiler's is not ours") {
        test::run_command(test::quote(test::python3()) +
                          " -c 'import pickle,sys; "
                          "sys.stdout.buffer.write(pickle.dumps({1: 2}, protocol=4))' > " +
                          test::quote((dir / "data.pickle").string()));
        InputSniff sniff = input_kind((dir / "data.pickle").string());
        CHECK(sniff.kind == InputKind::not_ours);
        CHECK(sniff.reason == "looks like a Python pickle that is not line_profiler's");
    }
}

TEST_CASE("profile formats: bad input is one line naming the file and where") {
    CHECK(error_of(ProfileFormat::collapsed, "a;b 1\na;b;c\n") ==
          "in.prof:2: not a folded stack: expected 'frame;frame;... COUNT'");
    CHECK(
        error_of(ProfileFormat::austin, "# austin: 3.0.0\nP1;T1;a.py:f:1 10\nP1;T1;a.py:f:2 x\n") ==
        "in.prof:3: not an Austin sample: expected 'P<pid>;T<tid>;frames METRIC'");
    CHECK(error_of(ProfileFormat::speedscope, "{\"shared\": {\"frames\": [{\"name\": \"f\"}]},") ==
          "in.prof:0x27: invalid JSON: syntax error while parsing object key - unexpected end "
          "of input; expected string literal");
    CHECK(error_of(ProfileFormat::speedscope,
                   "{\"shared\": {\"frames\": [{\"name\": \"f\"}]}, \"profiles\": [{\"type\": "
                   "\"sampled\", \"unit\": \"none\", \"samples\": [[0, 3]]}]}") ==
          "in.prof: profiles[0].samples[0][1]: not an index of shared.frames (1 frames)");
    CHECK(error_of(ProfileFormat::speedscope, "{\"shared\": {\"frames\": [x]}}")
              .starts_with("in.prof:0x17: invalid JSON: syntax error while parsing value - "
                           "invalid literal"));
    CHECK(error_of(ProfileFormat::speedscope, "{\"shared\": {\"frames\": []}}") ==
          "in.prof: profiles: missing, or not an array");
    CHECK(error_of(ProfileFormat::speedscope,
                   "{\"shared\": {\"frames\": [{\"name\": \"f\"}]}, \"profiles\": [{\"type\": "
                   "\"evented\", \"unit\": \"seconds\", \"events\": [{\"type\": \"O\", "
                   "\"frame\": 0, \"at\": 5}, {\"type\": \"C\", \"frame\": 0, \"at\": 2}]}]}") ==
          "in.prof: profiles[0].events[1]: \"at\" goes back in time, to 2.000000 after 5.000000");
    CHECK(error_of(ProfileFormat::gecko,
                   "{\"meta\": {\"interval\": 1}, \"threads\": [{\"name\": \"main\", "
                   "\"stackTable\": {}, \"frameTable\": {}, \"funcTable\": {}, \"samples\": {}, "
                   "\"stringArray\": []}]}")
              .starts_with("in.prof: threads[0]"));
    CHECK(error_of(ProfileFormat::lprof, "\x80\x04") ==
          "in.prof:0x2: pickle ends before its STOP opcode");
    CHECK(error_of(ProfileFormat::callgrind, "events: ns\nfn=f\n1 2\ncfn=g\ncalls=1 2\n") ==
          "in.prof:5: 'calls=' is not followed by its cost line");
}

TEST_CASE("profile formats: every truncation of a real run's files reads or is refused") {
    test::TempDir dir;
    test::run_fixture(test::python3(), "make_stack_profiles.py", {dir.path().string()});
    const std::pair<const char*, ProfileFormat> files[] = {
        {"run.collapsed", ProfileFormat::collapsed},
        {"run.austin", ProfileFormat::austin},
        {"run.speedscope", ProfileFormat::speedscope},
    };
    for (const auto& [name, format] : files) {
        CAPTURE(name);
        std::string text = test::read_text(dir / name);
        size_t step = std::max<size_t>(1, text.size() / 300);
        for (size_t size = 0; size < text.size(); size += step) {
            Result<AnyProfile> read = read_text(format, std::string_view(text).substr(0, size));
            if (!read) { // one line, naming the file
                CHECK(read.error().to_string().starts_with("in.prof"));
                CHECK(read.error().to_string().find('\n') == std::string::npos);
            }
        }
        CHECK(read_text(format, text));
    }
}

} // namespace framescope

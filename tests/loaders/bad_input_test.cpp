// Bad input never crashes, hangs or allocates without bound: truncated, corrupted, hostile
// and non-profile files each give one error naming the file and the byte offset.

#include <random>

#include <doctest/doctest.h>

#include "core/file_bytes.h"
#include "loaders/marshal_reader.h"
#include "loaders/pstats_loader.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

const ProfileSource kSource{"bad.pstats", 0};

std::vector<uint8_t> real_profile_bytes(const test::TempDir& dir) {
    std::string file = (dir / "real.pstats").string();
    test::run_fixture(test::python3(), "make_pstats.py", {file});
    Result<FileBytes> bytes = read_file_bytes(file);
    REQUIRE(bytes);
    return {bytes->bytes().begin(), bytes->bytes().end()};
}

Error load_error(const std::vector<uint8_t>& bytes) {
    Result<PstatsProfile> p = load_pstats(bytes, kSource);
    REQUIRE_FALSE(p);
    return p.error();
}

std::vector<uint8_t> python_marshal(const std::string& expression) {
    test::TempDir dir;
    std::string out = (dir / "blob").string();
    test::CommandResult r = test::run_command(
        test::quote(test::python3()) + " -c " +
        test::quote("import marshal, sys; open(sys.argv[1], 'wb').write(marshal.dumps(" +
                    expression + "))") +
        " " + test::quote(out));
    REQUIRE(r.exit_code == 0);
    Result<FileBytes> bytes = read_file_bytes(out);
    REQUIRE(bytes);
    return {bytes->bytes().begin(), bytes->bytes().end()};
}

} // namespace

TEST_CASE("a profile cut off at any byte is an error at an offset inside the file") {
    test::TempDir dir;
    std::vector<uint8_t> bytes = real_profile_bytes(dir);
    REQUIRE(bytes.size() > 1000);
    for (size_t size = 0; size < bytes.size(); size += size < 2000 ? 1 : 13) {
        std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + long(size));
        Result<PstatsProfile> p = load_pstats(prefix, kSource);
        CAPTURE(size);
        REQUIRE_FALSE(p);
        CHECK(p.error().file == "bad.pstats");
        CHECK(p.error().has_offset);
        CHECK(p.error().offset <= size);
    }
}

TEST_CASE("corrupted bytes give an error or a profile, never a crash") {
    test::TempDir dir;
    std::vector<uint8_t> bytes = real_profile_bytes(dir);
    std::mt19937 random(1234);
    int errors = 0;
    for (int trial = 0; trial < 3000; ++trial) {
        std::vector<uint8_t> corrupt = bytes;
        for (int flips = 0; flips < 1 + trial % 4; ++flips)
            corrupt[random() % corrupt.size()] = uint8_t(random());
        Result<PstatsProfile> p = load_pstats(corrupt, kSource);
        if (!p) {
            ++errors;
            CHECK(p.error().offset <= corrupt.size());
        }
    }
    CHECK(errors > 0);
}

TEST_CASE("hostile lengths are refused without allocating them") {
    SUBCASE("a 2 GB tuple length in a 100-byte file") {
        std::vector<uint8_t> bytes = {'{', '(', 0xff, 0xff, 0xff, 0x7f};
        bytes.resize(100, 'N');
        Error e = load_error(bytes);
        CHECK(e.offset == 1);
        CHECK(e.message.find("past the end") != std::string::npos);
    }
    SUBCASE("a 2 GB string length") {
        std::vector<uint8_t> bytes = {'{', ')', 3, 's', 0xff, 0xff, 0xff, 0x7f, 'x', 'y'};
        Error e = load_error(bytes);
        CHECK(e.offset == 3);
        CHECK(e.message.find("past the end") != std::string::npos);
    }
    SUBCASE("a negative length") {
        std::vector<uint8_t> bytes = {'{', '[', 0xff, 0xff, 0xff, 0xff};
        CHECK(load_error(bytes).message.find("negative") != std::string::npos);
    }
    SUBCASE("a reference to an object never read") {
        std::vector<uint8_t> bytes = {'{', 'r', 5, 0, 0, 0};
        Error e = load_error(bytes);
        CHECK(e.offset == 1);
        CHECK(e.message.find("reference") != std::string::npos);
    }
}

TEST_CASE("objects nested a million levels deep are refused at the depth limit") {
    std::vector<uint8_t> bytes;
    for (int i = 0; i < 1000000; ++i)
        bytes.insert(bytes.end(), {')', 1});
    MarshalReader reader(bytes, "deep.bin");
    REQUIRE_FALSE(reader.skip());
    CHECK(reader.error().message.find("nested deeper") != std::string::npos);
    CHECK(reader.error().offset == 2 * 2000);
}

TEST_CASE("files that are not profiles are refused with a clear message") {
    SUBCASE("empty") {
        CHECK(load_error({}).message.find("empty") != std::string::npos);
    }
    SUBCASE("text") {
        std::string text = "just some notes\n";
        Error e = load_error({text.begin(), text.end()});
        CHECK(e.message.find("unknown marshal type code 0x6a") != std::string::npos);
        CHECK(e.to_string() == "bad.pstats:0x0: unknown marshal type code 0x6a");
    }
    SUBCASE("marshal data of another shape") {
        CHECK(load_error(python_marshal("[1, 2]")).message.find("expected a dict") !=
              std::string::npos);
        Error e = load_error(python_marshal("{('a.py', 1, 'f'): (1, 1, 0.5)}"));
        CHECK(e.message.find("(cc, nc, tt, ct, callers)") != std::string::npos);
        CHECK(e.offset > 0);
        CHECK(load_error(python_marshal("{}")).message.find("no functions") != std::string::npos);
        CHECK(load_error(python_marshal("{('a.py', 'x', 'f'): (1, 1, 0.5, 0.5, {})}"))
                  .message.find("line number") != std::string::npos);
    }
}

} // namespace framescope

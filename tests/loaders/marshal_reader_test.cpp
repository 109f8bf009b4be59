// The marshal reader against data written by Python's own marshal module, every version,
// CPython and PyPy: each blob's decoded document must describe exactly what Python wrote.

#include <cstring>
#include <filesystem>

#include <doctest/doctest.h>

#include "core/file_bytes.h"
#include "loaders/marshal_reader.h"
#include "tests/support/test_support.h"

namespace framescope {
namespace {

std::string hex(std::string_view bytes) {
    static const char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
    return out;
}

// The same canonical text as describe() in tests/fixtures/make_marshal_samples.py.
std::string describe(const MarshalDocument& doc, MarshalId id) {
    const MarshalNode& n = doc.node(id);
    auto list = [&](const char* open, const char* close) {
        std::string out = open;
        bool first = true;
        for (MarshalId child : doc.children(id)) {
            out += (first ? "" : ", ") + describe(doc, child);
            first = false;
        }
        return out + close;
    };
    switch (n.kind) {
    case MarshalKind::None: return "None";
    case MarshalKind::True: return "True";
    case MarshalKind::False: return "False";
    case MarshalKind::Ellipsis: return "Ellipsis";
    case MarshalKind::StopIteration: return "StopIteration";
    case MarshalKind::Int: return "int " + std::to_string(n.int_value);
    case MarshalKind::BigInt: return "bigint";
    case MarshalKind::Float: {
        int64_t bits;
        std::memcpy(&bits, &n.float_value, sizeof bits);
        return "float " + std::to_string(bits);
    }
    case MarshalKind::Complex: return list("complex(", ")");
    case MarshalKind::Bytes: return "bytes " + hex(doc.text(id));
    case MarshalKind::Str: return "str " + hex(doc.text(id));
    case MarshalKind::Tuple: return list("tuple[", "]");
    case MarshalKind::List: return list("list[", "]");
    case MarshalKind::Set: return list("set[", "]");
    case MarshalKind::FrozenSet: return list("frozenset[", "]");
    case MarshalKind::Dict: {
        std::string out = "dict{";
        auto items = doc.children(id);
        for (size_t i = 0; i < items.size(); i += 2)
            out += (i ? ", " : "") + describe(doc, items[i]) + ": " + describe(doc, items[i + 1]);
        return out + "}";
    }
    case MarshalKind::Code: {
        auto parts = doc.children(id);
        return "code(" + describe(doc, parts[0]) + ", " + describe(doc, parts[1]) + ", " +
               std::to_string(doc.node(parts[2]).int_value) + ")";
    }
    }
    return "?";
}

void check_samples_written_by(const std::string& interpreter) {
    test::TempDir dir;
    test::run_fixture(interpreter, "make_marshal_samples.py", {dir.path().string()});
    int checked = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        std::filesystem::path expected = entry.path();
        if (expected.extension() != ".txt")
            continue;
        std::filesystem::path blob = expected;
        blob.replace_extension(".bin");
        CAPTURE(blob.filename().string());
        Result<FileBytes> bytes = read_file_bytes(blob.string());
        REQUIRE(bytes);
        Result<MarshalDocument> doc = read_marshal(bytes->bytes(), blob.string());
        REQUIRE_MESSAGE(doc, (doc ? "" : doc.error().to_string()));
        CHECK(describe(*doc, doc->root()) == test::read_text(expected));
        ++checked;
    }
    CHECK(checked >= 40); // 9 samples, versions 0-4
}

} // namespace

TEST_CASE("marshal reader decodes every object kind Python 3 writes, in versions 0 to 4") {
    check_samples_written_by(test::python3());
}

TEST_CASE("marshal reader decodes what PyPy writes, code objects included") {
    if (test::pypy3().empty()) {
        MESSAGE("pypy3 is not installed; skipped");
        return;
    }
    check_samples_written_by(test::pypy3());
}

TEST_CASE("marshal reader refuses a container that contains itself, naming the offset") {
    test::TempDir dir;
    test::run_fixture(test::python3(), "make_marshal_samples.py", {dir.path().string()});
    std::string path = (dir / "self_reference.bin").string();
    Result<FileBytes> bytes = read_file_bytes(path);
    REQUIRE(bytes);
    Result<MarshalDocument> doc = read_marshal(bytes->bytes(), path);
    REQUIRE_FALSE(doc);
    CHECK(doc.error().file == path);
    CHECK(doc.error().has_offset);
    CHECK(doc.error().offset > 0);
    CHECK(doc.error().message.find("loop") != std::string::npos);
}

} // namespace framescope

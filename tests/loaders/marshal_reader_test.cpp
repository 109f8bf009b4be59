// The marshal reader against data written by Python's own marshal module, every version,
// CPython and PyPy: each blob's decoded document must describe exactly what Python wrote.

#include <cstring>
#include <filesystem>
#include <map>

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

// Renders a walk as describe() in tests/fixtures/make_marshal_samples.py does.
class Describer : public MarshalVisitor {
  public:
    std::string text;

    void scalar(const MarshalScalar& v) override {
        separate();
        switch (v.kind) {
        case MarshalKind::Int:
            text += code_items_ == 3 ? std::to_string(v.int_value)
                                     : "int " + std::to_string(v.int_value);
            break;
        case MarshalKind::BigInt:
            text += "bigint";
            break;
        case MarshalKind::Float: {
            int64_t bits;
            std::memcpy(&bits, &v.float_value, sizeof bits);
            text += "float " + std::to_string(bits);
            break;
        }
        case MarshalKind::Bytes:
            text += "bytes " + hex(v.text);
            break;
        case MarshalKind::Str:
            text += "str " + hex(v.text);
            break;
        default:
            text += marshal_kind_name(v.kind);
        }
        if (code_items_ > 0)
            ++code_items_;
    }
    void begin(MarshalKind kind) override {
        separate();
        static const std::map<MarshalKind, const char*> open = {
            {MarshalKind::Tuple, "tuple["}, {MarshalKind::List, "list["},
            {MarshalKind::Set, "set["},     {MarshalKind::FrozenSet, "frozenset["},
            {MarshalKind::Dict, "dict{"},   {MarshalKind::Complex, "complex("},
            {MarshalKind::Code, "code("}};
        text += open.at(kind);
        stack_.push_back({kind, 0});
        code_items_ = kind == MarshalKind::Code ? 1 : 0;
    }
    void end() override {
        MarshalKind kind = stack_.back().kind;
        stack_.pop_back();
        text += kind == MarshalKind::Dict                                     ? "}"
                : (kind == MarshalKind::Complex || kind == MarshalKind::Code) ? ")"
                                                                              : "]";
        code_items_ = 0;
    }

  private:
    struct Open {
        MarshalKind kind;
        int items;
    };
    std::vector<Open> stack_;
    int code_items_ = 0; // inside a code object: which of file, name, line comes next

    // Commas between items; a dict alternates ": " and ", ".
    void separate() {
        if (stack_.empty())
            return;
        Open& open = stack_.back();
        if (open.items > 0)
            text += open.kind == MarshalKind::Dict && open.items % 2 == 1 ? ": " : ", ";
        ++open.items;
    }
};

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
        MarshalReader reader(bytes->bytes(), blob.string());
        Describer describer;
        REQUIRE_MESSAGE(reader.visit(describer), reader.error().to_string());
        CHECK(describer.text == test::read_text(expected));
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
    MarshalReader reader(bytes->bytes(), path);
    REQUIRE_FALSE(reader.skip());
    CHECK(reader.error().file == path);
    CHECK(reader.error().has_offset);
    CHECK(reader.error().offset > 0);
    CHECK(reader.error().message.find("loop") != std::string::npos);
}

} // namespace framescope

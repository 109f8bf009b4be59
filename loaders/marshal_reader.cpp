// MarshalReader: a cursor over the marshal byte stream. Typed reads and the generic walk share
// one reference table; see the header for how references and replays work.
//
// Code objects changed layout across Python versions and the stream carries no version, so
// each known layout is tried in turn (with rollback); the first that fits is kept for the rest
// of the stream.

#include "loaders/marshal_reader.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

namespace framescope {
namespace {

constexpr int kMaxFailedCodeLayouts = 16; // bounds backtracking on hostile nested code objects

// Tables of type codes, since these checks run for every object.
constexpr std::array<bool, 128> type_table(std::string_view codes) {
    std::array<bool, 128> table{};
    for (char c : codes)
        table[size_t(c)] = true;
    return table;
}
constexpr auto kKnownTypes = type_table("NTF.SiIlfgxystuaAzZ()[{<>c0rR"); // all marshal writes
constexpr auto kContainerTypes = type_table("()[{<>xy");

bool is_container_type(char type) {
    return kContainerTypes[uint8_t(type) & 0x7f];
}

MarshalKind kind_of(char type) {
    switch (type) {
    case 'N':
        return MarshalKind::None;
    case 'T':
        return MarshalKind::True;
    case 'F':
        return MarshalKind::False;
    case '.':
        return MarshalKind::Ellipsis;
    case 'S':
        return MarshalKind::StopIteration;
    case 'i':
    case 'I':
        return MarshalKind::Int;
    case 'l':
        return MarshalKind::BigInt;
    case 'f':
    case 'g':
        return MarshalKind::Float;
    case 'x':
    case 'y':
        return MarshalKind::Complex;
    case 's':
        return MarshalKind::Bytes;
    case '(':
    case ')':
        return MarshalKind::Tuple;
    case '[':
        return MarshalKind::List;
    case '{':
        return MarshalKind::Dict;
    case '<':
        return MarshalKind::Set;
    case '>':
        return MarshalKind::FrozenSet;
    case 'c':
        return MarshalKind::Code;
    default:
        return MarshalKind::Str; // t u a A z Z
    }
}

// Captures the kind of the one object walked, ignoring what is inside it.
class KindCapture : public MarshalVisitor {
  public:
    std::optional<MarshalKind> kind;
    void scalar(const MarshalScalar& value) override {
        if (!kind)
            kind = value.kind;
    }
    void begin(MarshalKind k) override {
        if (!kind)
            kind = k;
    }
    void end() override {}
};

} // namespace

namespace {

// How a code object is laid out in each Python version: the 32-bit integers that open it, the
// objects up to the name, and the objects after the first line number.
struct CodeShape {
    int leading_ints;
    int objects_before_line;
    int file_index; // position of co_filename among those objects
    int name_index;
    int objects_after_line; // lnotab, or linetable and exceptiontable
    int bytes_index;        // an object that must be bytes in this layout, or -1
};

constexpr CodeShape kCodeShapes[] = {
    {6, 8, 6, 7, 1, -1}, // CPython 3.8-3.10, PyPy 3
    {5, 8, 5, 6, 2, 4},  // CPython 3.11+: localspluskinds (bytes) comes fifth
    {5, 8, 6, 7, 1, -1}, // CPython 3.0-3.7
    {4, 8, 6, 7, 1, -1}, // Python 2
};

} // namespace

MarshalReader::MarshalReader(std::span<const uint8_t> input, std::string file_name)
    : input_(input), file_name_(std::move(file_name)),
      replay_budget_(4 * uint64_t(input.size()) + (1u << 20)) {}

bool MarshalReader::fail(uint64_t offset, std::string message) {
    if (!error_)
        error_ = Error::at_offset(file_name_, offset, std::move(message));
    return false;
}

bool MarshalReader::expected(size_t start, const char* what, MarshalKind got) {
    return fail(start,
                std::string("expected ") + what + ", got " + std::string(marshal_kind_name(got)));
}

bool MarshalReader::need(size_t bytes, size_t start) {
    if (input_.size() - pos_ < bytes) {
        if (pos_ == 0 && input_.empty())
            return fail(0, "empty file: no marshal data");
        return fail(start, "truncated: object needs " + std::to_string(bytes) + " more bytes, " +
                               std::to_string(input_.size() - pos_) + " left");
    }
    if (replaying_ > 0) {
        if (bytes > replay_budget_)
            return fail(start, "too many back-references to large objects");
        replay_budget_ -= bytes;
    }
    return true;
}

bool MarshalReader::read_u8(uint8_t& out, size_t start) {
    if (!need(1, start))
        return false;
    out = input_[pos_++];
    return true;
}

bool MarshalReader::read_i32(int32_t& out, size_t start) {
    if (!need(4, start))
        return false;
    uint32_t v = uint32_t(input_[pos_]) | uint32_t(input_[pos_ + 1]) << 8 |
                 uint32_t(input_[pos_ + 2]) << 16 | uint32_t(input_[pos_ + 3]) << 24;
    pos_ += 4;
    out = static_cast<int32_t>(v);
    return true;
}

bool MarshalReader::read_i64(int64_t& out, size_t start) {
    if (!need(8, start))
        return false;
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = v << 8 | input_[pos_ + size_t(i)];
    pos_ += 8;
    out = static_cast<int64_t>(v);
    return true;
}

// A length: non-negative and no larger than the bytes left, since every item takes one.
bool MarshalReader::read_count(uint32_t& out, size_t start, bool one_byte) {
    if (one_byte) {
        uint8_t n;
        if (!read_u8(n, start))
            return false;
        out = n;
    } else {
        int32_t n;
        if (!read_i32(n, start))
            return false;
        if (n < 0)
            return fail(start, "negative length " + std::to_string(n));
        out = uint32_t(n);
    }
    if (out > input_.size() - pos_)
        return fail(start, "length " + std::to_string(out) + " runs past the end of the file (" +
                               std::to_string(input_.size() - pos_) + " bytes left)");
    return true;
}

bool MarshalReader::read_float_text(double& out, size_t start) {
    uint32_t n;
    if (!read_count(n, start, true) || !need(n, start))
        return false;
    const char* text = reinterpret_cast<const char*>(input_.data() + pos_);
    auto [end, ec] = std::from_chars(text, text + n, out);
    if (ec != std::errc() || end != text + n)
        return fail(start, "bad float text '" + std::string(text, n) + "'");
    pos_ += n;
    return true;
}

// Arbitrary-size int: a signed digit count, then 15-bit digits, least significant first.
bool MarshalReader::read_long(MarshalScalar& out, size_t start) {
    int32_t n;
    if (!read_i32(n, start))
        return false;
    if (n == INT32_MIN)
        return fail(start, "bad long size");
    uint32_t digits = uint32_t(n < 0 ? -n : n);
    if (!need(size_t(digits) * 2, start))
        return false;
    double approx = 0;
    uint64_t exact = 0;
    bool fits = true;
    for (uint32_t i = 0; i < digits; ++i) {
        unsigned d = unsigned(input_[pos_ + 2 * i]) | unsigned(input_[pos_ + 2 * i + 1]) << 8;
        if (d >= 0x8000)
            return fail(pos_ + 2 * i, "long digit out of range");
        if (d == 0 && i + 1 == digits)
            return fail(pos_ + 2 * i, "unnormalized long data");
        approx += std::ldexp(double(d), int(15 * i));
        unsigned shift = 15 * i;
        if (shift >= 64) {
            fits = fits && d == 0;
        } else {
            if (shift > 49 && (uint64_t(d) >> (64 - shift)) != 0)
                fits = false; // the digit's top bits fall past bit 63
            exact |= uint64_t(d) << shift;
        }
    }
    pos_ += size_t(digits) * 2;
    bool negative = n < 0;
    if (fits && exact <= (negative ? uint64_t(INT64_MAX) + 1 : uint64_t(INT64_MAX))) {
        out.kind = MarshalKind::Int;
        out.int_value = negative ? int64_t(0 - exact) : int64_t(exact);
    } else {
        out.kind = MarshalKind::BigInt;
        out.float_value = negative ? -approx : approx;
    }
    return true;
}

bool MarshalReader::read_type(char& type, bool& flagged, const Reference*& target,
                              uint32_t& reference, size_t start) {
    uint8_t code;
    if (!read_u8(code, start))
        return false;
    flagged = code & 0x80;
    type = char(code & 0x7f);
    target = nullptr;
    reference = kNoReference;
    if (!kKnownTypes[uint8_t(type)]) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "unknown marshal type code 0x%02x", unsigned(type));
        return fail(start, buf);
    }
    if (type != 'r' && type != 'R')
        return true;
    int32_t index;
    if (!read_i32(index, start))
        return false;
    std::span<const Reference> table = type == 'r' ? std::span<const Reference>(references_)
                                                   : std::span<const Reference>(interned_);
    if (index < 0 || size_t(index) >= table.size())
        return fail(start, "reference " + std::to_string(index) + " to an object not read (" +
                               std::to_string(table.size()) + " so far)");
    target = &table[size_t(index)];
    if (target->type == 0)
        return fail(start, "reference " + std::to_string(index) +
                               " to a container that is still being read (a loop)");
    if (type == 'r')
        reference = uint32_t(index);
    type = target->type;
    return true;
}

uint32_t MarshalReader::reserve(bool flagged, size_t start) {
    if (!flagged || replaying_ > 0)
        return kNoReference;
    Reference ref{};
    ref.offset = uint32_t(start);
    references_.push_back(ref);
    return uint32_t(references_.size() - 1);
}

void MarshalReader::remember(uint32_t slot, char type, const MarshalScalar& value) {
    Reference ref{};
    ref.type = type == 'l' && value.kind == MarshalKind::Int ? 'i' : type;
    ref.offset = uint32_t(value.offset);
    if (value.kind == MarshalKind::Str || value.kind == MarshalKind::Bytes)
        ref.text = {uint32_t(value.text.data() - reinterpret_cast<const char*>(input_.data())),
                    uint32_t(value.text.size())};
    else if (value.kind == MarshalKind::Float || value.kind == MarshalKind::BigInt)
        ref.float_value = value.float_value;
    else
        ref.int_value = value.int_value;
    if (slot != kNoReference)
        references_[slot] = ref;
    if (type == 't' && replaying_ == 0) // Python 2's 'R' counts every interned string
        interned_.push_back(ref);
}

MarshalScalar MarshalReader::scalar_of(const Reference& ref, size_t start,
                                       uint32_t reference) const {
    MarshalScalar out{};
    out.kind = kind_of(ref.type);
    out.offset = start;
    out.reference = reference;
    switch (out.kind) {
    case MarshalKind::Str:
    case MarshalKind::Bytes:
        out.text = {reinterpret_cast<const char*>(input_.data()) + ref.text.begin, ref.text.size};
        break;
    case MarshalKind::Float:
    case MarshalKind::BigInt:
        out.float_value = ref.float_value;
        break;
    case MarshalKind::Code:
        out = codes_[ref.code_index].name;
        out.offset = start;
        out.code_name = true;
        break;
    default:
        out.int_value = ref.int_value;
    }
    out.reference = reference;
    return out;
}

bool MarshalReader::read_scalar_body(char type, size_t start, MarshalScalar& out) {
    out = {};
    out.kind = kind_of(type);
    out.offset = start;
    switch (type) {
    case 'N':
    case 'T':
    case 'F':
    case '.':
    case 'S':
        return true;
    case 'i': {
        int32_t v;
        if (!read_i32(v, start))
            return false;
        out.int_value = v;
        return true;
    }
    case 'I':
        return read_i64(out.int_value, start);
    case 'l':
        return read_long(out, start);
    case 'f':
        return read_float_text(out.float_value, start);
    case 'g': {
        int64_t bits;
        if (!read_i64(bits, start))
            return false;
        std::memcpy(&out.float_value, &bits, sizeof bits);
        return true;
    }
    case 's':
    case 't':
    case 'u':
    case 'a':
    case 'A':
    case 'z':
    case 'Z': {
        uint32_t n;
        if (!read_count(n, start, type == 'z' || type == 'Z') || !need(n, start))
            return false;
        out.text = {reinterpret_cast<const char*>(input_.data() + pos_), n};
        pos_ += n;
        return true;
    }
    default:
        return fail(start, "NULL object outside a dict"); // '0', the only other code
    }
}

bool MarshalReader::read_scalar_or_code(MarshalScalar& out, const char* what) {
    size_t start = pos_;
    char type;
    bool flagged;
    const Reference* target;
    uint32_t reference;
    if (!read_type(type, flagged, target, reference, start))
        return false;
    if (is_container_type(type))
        return expected(start, what, kind_of(type));
    if (target) {
        out = scalar_of(*target, start, reference);
        return true;
    }
    uint32_t slot = reserve(flagged, start);
    if (type == 'c') {
        uint32_t code_index;
        if (!read_code(start, out, nullptr, code_index))
            return false;
        out.code_name = true;
        if (slot != kNoReference) {
            references_[slot].type = 'c';
            references_[slot].code_index = code_index;
        }
    } else {
        if (!read_scalar_body(type, start, out))
            return false;
        remember(slot, type, out);
    }
    out.reference = slot;
    return true;
}

bool MarshalReader::read_int_slowly(int64_t& out, const char* what) {
    size_t start = pos_;
    MarshalScalar value;
    if (!read_scalar_or_code(value, what))
        return false;
    if (value.kind == MarshalKind::BigInt)
        return fail(start, std::string(what) + " too large");
    if (value.kind != MarshalKind::Int)
        return expected(start, what, value.kind);
    out = value.int_value;
    return true;
}

bool MarshalReader::read_number_slowly(double& out, const char* what) {
    size_t start = pos_;
    MarshalScalar value;
    if (!read_scalar_or_code(value, what))
        return false;
    if (value.kind == MarshalKind::Int)
        out = double(value.int_value);
    else if (value.kind == MarshalKind::Float || value.kind == MarshalKind::BigInt)
        out = value.float_value;
    else
        return expected(start, what, value.kind);
    return true;
}

bool MarshalReader::read_name(MarshalScalar& out, const char* what) {
    size_t start = pos_;
    if (!read_scalar_or_code(out, what))
        return false;
    if (out.kind != MarshalKind::Str && out.kind != MarshalKind::Bytes)
        return expected(start, what, out.kind);
    return true;
}

bool MarshalReader::read_text(MarshalScalar& out, const char* what) {
    size_t start = pos_;
    if (need(1, start) && (input_[pos_] & 0x7f) == 'c')
        return expected(start, what, MarshalKind::Code);
    return read_name(out, what);
}

bool MarshalReader::open_container(MarshalContainer& out, const char* what, bool dict) {
    size_t start = pos_;
    if (depth_ >= kMaxDepth)
        return fail(start, "objects nested deeper than " + std::to_string(kMaxDepth));
    char type;
    bool flagged;
    const Reference* target;
    uint32_t reference;
    if (!read_type(type, flagged, target, reference, start))
        return false;
    bool fits = dict ? type == '{' : (type == '(' || type == ')' || type == '[');
    if (!fits)
        return expected(start, what, kind_of(type));
    out = {};
    out.kind = kind_of(type);
    out.type = type;
    out.offset = start;
    if (target) {
        // Re-read the container where it was first written, then come back here.
        out.reference = reference;
        out.replayed = true;
        out.resume_at = pos_;
        ++replaying_;
        pos_ = target->offset;
        uint8_t code;
        if (!read_u8(code, start))
            return false;
    } else {
        out.reference = reserve(flagged, start);
    }
    if (!dict && !read_count(out.count, start, type == ')'))
        return false;
    ++depth_;
    return true;
}

bool MarshalReader::open_sequence_slowly(MarshalContainer& out, const char* what) {
    return open_container(out, what, false);
}

bool MarshalReader::open_dict(MarshalContainer& out, const char* what) {
    return open_container(out, what, true);
}

bool MarshalReader::dict_has_item(bool& has_item) {
    if (!need(1, pos_))
        return fail(pos_, "truncated: dict has no end marker");
    has_item = (input_[pos_] & 0x7f) != '0';
    if (!has_item)
        ++pos_;
    return true;
}

bool MarshalReader::peek_kind_slowly(MarshalKind& kind) {
    size_t start = pos_;
    uint64_t budget = replay_budget_;
    char type;
    bool flagged;
    const Reference* target;
    uint32_t reference;
    bool ok = read_type(type, flagged, target, reference, start);
    pos_ = start;
    replay_budget_ = budget;
    kind = kind_of(type);
    return ok;
}

uint32_t MarshalReader::peek_reference() const {
    if (input_.size() - pos_ < 5 || (input_[pos_] & 0x7f) != 'r')
        return kNoReference;
    uint32_t index = load_u32(pos_ + 1);
    // Not checked for a container still being read: memoised objects are complete ones.
    return index < references_.size() ? index : kNoReference;
}

void MarshalReader::close(const MarshalContainer& container) {
    --depth_;
    if (container.replayed) {
        --replaying_;
        pos_ = container.resume_at;
    } else if (container.reference != kNoReference) {
        references_[container.reference].type = container.type;
    }
}

bool MarshalReader::skip() {
    return walk(nullptr);
}

bool MarshalReader::visit(MarshalVisitor& visitor) {
    return walk(&visitor);
}

bool MarshalReader::walk(MarshalVisitor* visitor) {
    size_t start = pos_;
    if (depth_ >= kMaxDepth)
        return fail(start, "objects nested deeper than " + std::to_string(kMaxDepth));
    char type;
    bool flagged;
    const Reference* target;
    uint32_t reference;
    if (!read_type(type, flagged, target, reference, start))
        return false;
    if (target) {
        if (!is_container_type(type) && type != 'c') {
            if (visitor)
                visitor->scalar(scalar_of(*target, start, reference));
            return true;
        }
        if (!visitor) // skipping a reference consumes only the reference
            return true;
        if (type == 'c') {
            report_code(*visitor, codes_[target->code_index], start);
            return true;
        }
        size_t resume_at = pos_;
        ++replaying_;
        pos_ = target->offset;
        bool ok = walk(visitor);
        --replaying_;
        pos_ = resume_at;
        return ok;
    }
    uint32_t slot = reserve(flagged, start);
    if (type == 'c') {
        MarshalScalar name;
        uint32_t code_index;
        if (!read_code(start, name, visitor, code_index))
            return false;
        if (slot != kNoReference) {
            references_[slot].type = 'c';
            references_[slot].code_index = code_index;
        }
        return true;
    }
    if (!is_container_type(type)) {
        MarshalScalar value;
        if (!read_scalar_body(type, start, value))
            return false;
        remember(slot, type, value);
        if (visitor)
            visitor->scalar(value);
        return true;
    }
    ++depth_;
    bool ok = walk_items(type, start, visitor);
    --depth_;
    if (ok && slot != kNoReference)
        references_[slot].type = type;
    return ok;
}

bool MarshalReader::walk_items(char type, size_t start, MarshalVisitor* visitor) {
    if (visitor)
        visitor->begin(kind_of(type));
    if (type == 'x' || type == 'y') { // complex: two floats, as text or binary
        for (int part = 0; part < 2; ++part) {
            MarshalScalar value{};
            value.kind = MarshalKind::Float;
            value.offset = start;
            if (!(type == 'x' ? read_float_text(value.float_value, start)
                              : read_scalar_body('g', start, value)))
                return false;
            if (visitor)
                visitor->scalar(value);
        }
    } else if (type == '{') {
        bool has_item;
        while (true) {
            if (!dict_has_item(has_item))
                return false;
            if (!has_item)
                break;
            if (!walk(visitor) || !walk(visitor))
                return false;
        }
    } else {
        uint32_t count;
        if (!read_count(count, start, type == ')'))
            return false;
        for (uint32_t i = 0; i < count; ++i)
            if (!walk(visitor))
                return false;
    }
    if (visitor)
        visitor->end();
    return true;
}

void MarshalReader::report_code(MarshalVisitor& visitor, const Code& code, size_t start) {
    visitor.begin(MarshalKind::Code);
    visitor.scalar(code.file);
    visitor.scalar(code.name);
    MarshalScalar line{};
    line.kind = MarshalKind::Int;
    line.offset = start;
    line.int_value = code.first_line;
    visitor.scalar(line);
    visitor.end();
}

bool MarshalReader::read_code(size_t start, MarshalScalar& name, MarshalVisitor* visitor,
                              uint32_t& code_index) {
    size_t body = pos_;
    std::optional<Error> first_error;
    for (int layout = 0; layout < int(std::size(kCodeShapes)); ++layout) {
        const CodeShape& shape = kCodeShapes[layout];
        if (code_layout_ >= 0 && layout != code_layout_)
            continue;
        // The bytecode follows the leading ints and is always a bytes object.
        size_t code_at = body + size_t(shape.leading_ints) * 4;
        if (code_at >= input_.size() || (input_[code_at] & 0x7f) != 's')
            continue;
        if (failed_code_layouts_ >= kMaxFailedCodeLayouts)
            break;
        size_t references = references_.size(), interned = interned_.size();
        int replaying = replaying_, depth = depth_, known_layout = code_layout_;
        uint64_t budget = replay_budget_;
        Code code;
        if (read_code_as(layout, start, code)) {
            code_layout_ = layout;
            name = code.name;
            code_index = uint32_t(codes_.size());
            codes_.push_back(code);
            if (visitor)
                report_code(*visitor, code, start);
            return true;
        }
        // Roll back and try the next layout; a nested code object may have fixed one wrongly.
        if (!first_error)
            first_error = error_;
        error_.reset();
        ++failed_code_layouts_;
        pos_ = body;
        references_.resize(references);
        interned_.resize(interned);
        replaying_ = replaying, depth_ = depth, code_layout_ = known_layout;
        replay_budget_ = budget;
    }
    if (first_error) {
        error_ = first_error;
        return false;
    }
    return fail(start, "code object in no known layout");
}

bool MarshalReader::read_code_as(int layout, size_t start, Code& code) {
    const CodeShape& shape = kCodeShapes[layout];
    if (!need(size_t(shape.leading_ints) * 4, start))
        return false;
    pos_ += size_t(shape.leading_ints) * 4;
    if (depth_ >= kMaxDepth)
        return fail(start, "objects nested deeper than " + std::to_string(kMaxDepth));
    ++depth_;
    for (int i = 0; i < shape.objects_before_line; ++i) {
        bool ok;
        if (i == shape.file_index) {
            ok = read_text(code.file, "a code object's file name");
        } else if (i == shape.name_index) {
            ok = read_text(code.name, "a code object's name");
        } else if (i == shape.bytes_index) {
            size_t at = pos_;
            KindCapture kind;
            ok = walk(&kind);
            if (ok && kind.kind != MarshalKind::Bytes)
                ok = fail(at, "not a code object of this layout");
        } else {
            ok = skip();
        }
        if (!ok)
            return false;
    }
    int32_t first_line;
    if (!read_i32(first_line, pos_))
        return false;
    code.first_line = first_line;
    for (int i = 0; i < shape.objects_after_line; ++i)
        if (!skip())
            return false;
    --depth_;
    return true;
}

std::string_view marshal_kind_name(MarshalKind kind) {
    switch (kind) {
    case MarshalKind::None:
        return "None";
    case MarshalKind::True:
        return "True";
    case MarshalKind::False:
        return "False";
    case MarshalKind::Ellipsis:
        return "Ellipsis";
    case MarshalKind::StopIteration:
        return "StopIteration";
    case MarshalKind::Int:
        return "int";
    case MarshalKind::BigInt:
        return "int";
    case MarshalKind::Float:
        return "float";
    case MarshalKind::Complex:
        return "complex";
    case MarshalKind::Bytes:
        return "bytes";
    case MarshalKind::Str:
        return "str";
    case MarshalKind::Tuple:
        return "tuple";
    case MarshalKind::List:
        return "list";
    case MarshalKind::Dict:
        return "dict";
    case MarshalKind::Set:
        return "set";
    case MarshalKind::FrozenSet:
        return "frozenset";
    case MarshalKind::Code:
        return "code";
    }
    return "?";
}

} // namespace framescope

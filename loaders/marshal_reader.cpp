// MarshalReader: a recursive-descent reader over the marshal byte stream.
//
// References: marshal v3+ marks objects with FLAG_REF (0x80) and refers back to them with
// 'r' + index; Python 2 refers to interned strings ('t') with 'R' + index. A reference
// returns the node already read, so the document is a DAG. A container's index is reserved
// when it starts and filled when it ends, so a reference to an unfinished container (the only
// way to build a cycle) is an error, and no walk of the document can loop.
//
// Code objects changed layout across Python versions and the stream carries no version, so
// each known layout is tried in turn (with rollback); the first that fits is kept for the rest
// of the document.

#include "loaders/marshal_reader.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>

namespace framescope {
namespace {

constexpr int kMaxDepth = 2000;          // CPython's MAX_MARSHAL_STACK_DEPTH
constexpr uint32_t kPendingRef = 0xffffffffu; // reserved index of a container still being read
constexpr MarshalId kFailed = 0xffffffffu;
constexpr int kMaxFailedCodeLayouts = 16; // bounds backtracking on hostile nested code objects

enum class CodeLayout { Py38To310, Py311Plus, Py30To37, Py2, Unknown };

// How many 32-bit integers open a code object in each layout, and the objects that follow.
struct CodeShape {
    CodeLayout layout;
    int leading_ints;
    int objects_before_line; // code, consts, names, ... up to and including the name
    int file_index;          // position of co_filename among those objects
    int name_index;
    int objects_after_line; // lnotab, or linetable and exceptiontable
};

constexpr CodeShape kCodeShapes[] = {
    {CodeLayout::Py38To310, 6, 8, 6, 7, 1},
    {CodeLayout::Py311Plus, 5, 8, 5, 6, 2},
    {CodeLayout::Py30To37, 5, 8, 6, 7, 1},
    {CodeLayout::Py2, 4, 8, 6, 7, 1},
};

} // namespace

class MarshalReader {
  public:
    MarshalReader(std::span<const uint8_t> input, const std::string& file_name)
        : input_(input), file_name_(file_name) {
        doc_.input_ = input;
    }

    Result<MarshalDocument> read() {
        if (input_.size() > 0xfffffff0u)
            return Error::at_offset(file_name_, 0, "file larger than 4 GiB");
        if (input_.empty())
            return Error::at_offset(file_name_, 0, "empty file: no marshal data");
        MarshalId root = read_object(0);
        if (root == kFailed)
            return *error_;
        doc_.root_ = root;
        return std::move(doc_);
    }

  private:
    std::span<const uint8_t> input_;
    const std::string& file_name_;
    MarshalDocument doc_;
    size_t pos_ = 0;
    std::vector<uint32_t> refs_;     // FLAG_REF index -> node (kPendingRef while reading)
    std::vector<MarshalId> interned_; // Python 2 interned strings, for 'R'
    std::vector<MarshalId> scratch_;  // children being collected, as a stack
    std::optional<Error> error_;
    CodeLayout code_layout_ = CodeLayout::Unknown;
    int failed_code_layouts_ = 0;

    MarshalId fail(size_t offset, std::string message) {
        if (!error_)
            error_ = Error::at_offset(file_name_, offset, std::move(message));
        return kFailed;
    }

    bool need(size_t bytes, size_t start) {
        if (input_.size() - pos_ >= bytes)
            return true;
        fail(start, "truncated: object needs " + std::to_string(bytes) + " more bytes, " +
                        std::to_string(input_.size() - pos_) + " left");
        return false;
    }

    bool read_u8(uint8_t& out, size_t start) {
        if (!need(1, start))
            return false;
        out = input_[pos_++];
        return true;
    }
    bool read_i32(int32_t& out, size_t start) {
        if (!need(4, start))
            return false;
        uint32_t v = uint32_t(input_[pos_]) | uint32_t(input_[pos_ + 1]) << 8 |
                     uint32_t(input_[pos_ + 2]) << 16 | uint32_t(input_[pos_ + 3]) << 24;
        pos_ += 4;
        out = static_cast<int32_t>(v);
        return true;
    }
    bool read_i64(int64_t& out, size_t start) {
        if (!need(8, start))
            return false;
        uint64_t v = 0;
        for (int i = 7; i >= 0; --i)
            v = v << 8 | input_[pos_ + size_t(i)];
        pos_ += 8;
        out = static_cast<int64_t>(v);
        return true;
    }
    // A length field: non-negative, and each of `count` items needs at least `min_item` bytes.
    bool read_count(uint32_t& out, size_t start, size_t min_item, bool one_byte = false) {
        if (one_byte) {
            uint8_t n;
            if (!read_u8(n, start))
                return false;
            out = n;
        } else {
            int32_t n;
            if (!read_i32(n, start))
                return false;
            if (n < 0) {
                fail(start, "negative length " + std::to_string(n));
                return false;
            }
            out = uint32_t(n);
        }
        if (size_t(out) * min_item > input_.size() - pos_) {
            fail(start, "length " + std::to_string(out) + " runs past the end of the file (" +
                            std::to_string(input_.size() - pos_) + " bytes left)");
            return false;
        }
        return true;
    }

    MarshalId add_node(MarshalKind kind, size_t offset) {
        MarshalNode n{};
        n.kind = kind;
        n.offset = uint32_t(offset);
        doc_.nodes_.push_back(n);
        return MarshalId(doc_.nodes_.size() - 1);
    }

    MarshalId add_text(MarshalKind kind, size_t offset, uint32_t length) {
        if (!need(length, offset))
            return kFailed;
        MarshalId id = add_node(kind, offset);
        doc_.nodes_[id].span = {uint32_t(pos_), length};
        pos_ += length;
        return id;
    }

    // Moves the children collected on the scratch stack since `mark` into the document.
    MarshalId add_container(MarshalKind kind, size_t offset, size_t mark) {
        MarshalId id = add_node(kind, offset);
        doc_.nodes_[id].span = {uint32_t(doc_.children_.size()), uint32_t(scratch_.size() - mark)};
        doc_.children_.insert(doc_.children_.end(), scratch_.begin() + long(mark), scratch_.end());
        scratch_.resize(mark);
        return id;
    }

    MarshalId read_object(int depth) {
        size_t start = pos_;
        if (depth > kMaxDepth)
            return fail(start, "objects nested deeper than " + std::to_string(kMaxDepth));
        uint8_t code;
        if (!read_u8(code, start))
            return kFailed;
        bool flag_ref = code & 0x80;
        char type = char(code & 0x7f);

        if (type == 'r' || type == 'R')
            return read_reference(type, start);

        size_t ref_index = refs_.size();
        if (flag_ref)
            refs_.push_back(kPendingRef);
        MarshalId id = read_value(type, start, depth);
        if (id != kFailed && flag_ref)
            refs_[ref_index] = id;
        return id;
    }

    MarshalId read_reference(char type, size_t start) {
        int32_t index;
        if (!read_i32(index, start))
            return kFailed;
        const std::vector<uint32_t>& table = type == 'r' ? refs_ : interned_;
        if (index < 0 || size_t(index) >= table.size())
            return fail(start, "reference " + std::to_string(index) + " to an object not read (" +
                                   std::to_string(table.size()) + " so far)");
        if (table[size_t(index)] == kPendingRef)
            return fail(start, "reference " + std::to_string(index) +
                                   " to a container that is still being read (a loop)");
        return table[size_t(index)];
    }

    MarshalId read_value(char type, size_t start, int depth) {
        switch (type) {
        case 'N': return add_node(MarshalKind::None, start);
        case 'T': return add_node(MarshalKind::True, start);
        case 'F': return add_node(MarshalKind::False, start);
        case '.': return add_node(MarshalKind::Ellipsis, start);
        case 'S': return add_node(MarshalKind::StopIteration, start);
        case 'i': {
            int32_t v;
            if (!read_i32(v, start))
                return kFailed;
            MarshalId id = add_node(MarshalKind::Int, start);
            doc_.nodes_[id].int_value = v;
            return id;
        }
        case 'I': {
            int64_t v;
            if (!read_i64(v, start))
                return kFailed;
            MarshalId id = add_node(MarshalKind::Int, start);
            doc_.nodes_[id].int_value = v;
            return id;
        }
        case 'l': return read_long(start);
        case 'f': return read_text_float(start);
        case 'g': return read_binary_float(start);
        case 'x':
        case 'y': return read_complex(type, start);
        case 's': {
            uint32_t n;
            return read_count(n, start, 1) ? add_text(MarshalKind::Bytes, start, n) : kFailed;
        }
        case 't': { // Python 2: interned str, the target of 'R'; Python 3: interned str
            uint32_t n;
            if (!read_count(n, start, 1))
                return kFailed;
            MarshalId id = add_text(MarshalKind::Str, start, n);
            if (id != kFailed)
                interned_.push_back(id);
            return id;
        }
        case 'u':
        case 'a':
        case 'A': {
            uint32_t n;
            return read_count(n, start, 1) ? add_text(MarshalKind::Str, start, n) : kFailed;
        }
        case 'z':
        case 'Z': {
            uint32_t n;
            return read_count(n, start, 1, true) ? add_text(MarshalKind::Str, start, n) : kFailed;
        }
        case '(': return read_sequence(MarshalKind::Tuple, start, depth, false);
        case ')': return read_sequence(MarshalKind::Tuple, start, depth, true);
        case '[': return read_sequence(MarshalKind::List, start, depth, false);
        case '<': return read_sequence(MarshalKind::Set, start, depth, false);
        case '>': return read_sequence(MarshalKind::FrozenSet, start, depth, false);
        case '{': return read_dict(start, depth);
        case 'c': return read_code(start, depth);
        case '0': return fail(start, "NULL object outside a dict");
        default: {
            char buf[64];
            std::snprintf(buf, sizeof buf, "unknown marshal type code 0x%02x", unsigned(type));
            return fail(start, buf);
        }
        }
    }

    // Arbitrary-size int: a signed digit count, then 15-bit digits, least significant first.
    MarshalId read_long(size_t start) {
        int32_t n;
        if (!read_i32(n, start))
            return kFailed;
        if (n == INT32_MIN)
            return fail(start, "bad long size");
        uint32_t digits = uint32_t(n < 0 ? -n : n);
        if (!need(size_t(digits) * 2, start))
            return kFailed;
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
            MarshalId id = add_node(MarshalKind::Int, start);
            doc_.nodes_[id].int_value = negative ? int64_t(0 - exact) : int64_t(exact);
            return id;
        }
        MarshalId id = add_node(MarshalKind::BigInt, start);
        doc_.nodes_[id].float_value = negative ? -approx : approx;
        return id;
    }

    bool read_float_text(double& out, size_t start) {
        uint32_t n;
        if (!read_count(n, start, 1, true))
            return false;
        const char* text = reinterpret_cast<const char*>(input_.data() + pos_);
        auto [end, ec] = std::from_chars(text, text + n, out);
        if (ec != std::errc() || end != text + n) {
            fail(start, "bad float text '" + std::string(text, n) + "'");
            return false;
        }
        pos_ += n;
        return true;
    }
    bool read_float_binary(double& out, size_t start) {
        int64_t bits;
        if (!read_i64(bits, start))
            return false;
        std::memcpy(&out, &bits, sizeof out);
        return true;
    }

    MarshalId read_text_float(size_t start) {
        double v;
        if (!read_float_text(v, start))
            return kFailed;
        MarshalId id = add_node(MarshalKind::Float, start);
        doc_.nodes_[id].float_value = v;
        return id;
    }
    MarshalId read_binary_float(size_t start) {
        double v;
        if (!read_float_binary(v, start))
            return kFailed;
        MarshalId id = add_node(MarshalKind::Float, start);
        doc_.nodes_[id].float_value = v;
        return id;
    }
    MarshalId read_complex(char type, size_t start) {
        size_t mark = scratch_.size();
        for (int part = 0; part < 2; ++part) {
            double v;
            bool ok = type == 'x' ? read_float_text(v, start) : read_float_binary(v, start);
            if (!ok)
                return kFailed;
            MarshalId id = add_node(MarshalKind::Float, start);
            doc_.nodes_[id].float_value = v;
            scratch_.push_back(id);
        }
        return add_container(MarshalKind::Complex, start, mark);
    }

    MarshalId read_sequence(MarshalKind kind, size_t start, int depth, bool small) {
        uint32_t n;
        if (!read_count(n, start, 1, small))
            return kFailed;
        size_t mark = scratch_.size();
        for (uint32_t i = 0; i < n; ++i) {
            MarshalId child = read_object(depth + 1);
            if (child == kFailed)
                return kFailed;
            scratch_.push_back(child);
        }
        return add_container(kind, start, mark);
    }

    MarshalId read_dict(size_t start, int depth) {
        size_t mark = scratch_.size();
        while (true) {
            if (!need(1, start))
                return fail(pos_, "truncated: dict has no end marker");
            if ((input_[pos_] & 0x7f) == '0') {
                ++pos_;
                break;
            }
            MarshalId key = read_object(depth + 1);
            if (key == kFailed)
                return kFailed;
            MarshalId value = read_object(depth + 1);
            if (value == kFailed)
                return kFailed;
            scratch_.push_back(key);
            scratch_.push_back(value);
        }
        return add_container(MarshalKind::Dict, start, mark);
    }

    MarshalId read_code(size_t start, int depth) {
        size_t body = pos_;
        std::optional<Error> first_error;
        for (const CodeShape& shape : kCodeShapes) {
            if (code_layout_ != CodeLayout::Unknown && shape.layout != code_layout_)
                continue;
            // The bytecode follows the leading ints and is always a bytes object.
            size_t code_at = body + size_t(shape.leading_ints) * 4;
            if (code_at >= input_.size() || (input_[code_at] & 0x7f) != 's')
                continue;
            if (failed_code_layouts_ >= kMaxFailedCodeLayouts)
                break;
            size_t nodes = doc_.nodes_.size(), children = doc_.children_.size();
            size_t refs = refs_.size(), interned = interned_.size(), scratch = scratch_.size();
            CodeLayout layout = code_layout_; // a nested code object may have fixed it wrongly
            MarshalId id = read_code_as(shape, start, depth);
            if (id != kFailed) {
                code_layout_ = shape.layout;
                return id;
            }
            if (!first_error)
                first_error = error_;
            error_.reset();
            ++failed_code_layouts_;
            pos_ = body;
            doc_.nodes_.resize(nodes);
            doc_.children_.resize(children);
            refs_.resize(refs);
            interned_.resize(interned);
            scratch_.resize(scratch);
            code_layout_ = layout;
        }
        if (first_error) {
            error_ = first_error;
            return kFailed;
        }
        return fail(start, "code object in no known layout");
    }

    MarshalId read_code_as(const CodeShape& shape, size_t start, int depth) {
        pos_ += size_t(shape.leading_ints) * 4;
        if (pos_ > input_.size())
            return fail(start, "truncated code object");
        MarshalId file = kFailed, name = kFailed;
        for (int i = 0; i < shape.objects_before_line; ++i) {
            MarshalId id = read_object(depth + 1);
            if (id == kFailed)
                return kFailed;
            if (i == 4 && shape.layout == CodeLayout::Py311Plus &&
                doc_.nodes_[id].kind != MarshalKind::Bytes)
                return fail(doc_.nodes_[id].offset, "not a 3.11 code object");
            if (i == shape.file_index)
                file = id;
            if (i == shape.name_index)
                name = id;
        }
        for (MarshalId id : {file, name})
            if (doc_.nodes_[id].kind != MarshalKind::Str && doc_.nodes_[id].kind != MarshalKind::Bytes)
                return fail(doc_.nodes_[id].offset, "code object's name is not a string");
        size_t line_at = pos_;
        int32_t first_line;
        if (!read_i32(first_line, line_at))
            return kFailed;
        for (int i = 0; i < shape.objects_after_line; ++i)
            if (read_object(depth + 1) == kFailed)
                return kFailed;
        MarshalId line = add_node(MarshalKind::Int, line_at);
        doc_.nodes_[line].int_value = first_line;
        size_t mark = scratch_.size();
        scratch_.insert(scratch_.end(), {file, name, line});
        return add_container(MarshalKind::Code, start, mark);
    }
};

Result<MarshalDocument> read_marshal(std::span<const uint8_t> input, const std::string& file_name) {
    return MarshalReader(input, file_name).read();
}

std::string_view marshal_kind_name(MarshalKind kind) {
    switch (kind) {
    case MarshalKind::None: return "None";
    case MarshalKind::True: return "True";
    case MarshalKind::False: return "False";
    case MarshalKind::Ellipsis: return "Ellipsis";
    case MarshalKind::StopIteration: return "StopIteration";
    case MarshalKind::Int: return "int";
    case MarshalKind::BigInt: return "int";
    case MarshalKind::Float: return "float";
    case MarshalKind::Complex: return "complex";
    case MarshalKind::Bytes: return "bytes";
    case MarshalKind::Str: return "str";
    case MarshalKind::Tuple: return "tuple";
    case MarshalKind::List: return "list";
    case MarshalKind::Dict: return "dict";
    case MarshalKind::Set: return "set";
    case MarshalKind::FrozenSet: return "frozenset";
    case MarshalKind::Code: return "code";
    }
    return "?";
}

} // namespace framescope

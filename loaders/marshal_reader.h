// Reads Python's marshal format (versions 0-4, written by Python 2 and 3, CPython and PyPy) as
// a stream: typed reads for readers that know the shape they expect (the pstats loader), and a
// generic walk for everything else. Nothing is materialised beyond what the caller keeps, so a
// 50 MB profile is read with little more memory than its rows.
//
// References: marshal v3+ marks objects with FLAG_REF (0x80) and refers back to them with
// 'r' + index; Python 2 refers to interned strings ('t') with 'R' + index. The reference table
// keeps scalars decoded and containers as their start offset: a reference to a container
// re-reads it there ("replay"), bounded in total, and the caller may memoise what it made of
// one by its reference index. A container's index is reserved when it starts and completed
// when it ends, so a reference to an unfinished container (a cycle) is an error.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/huge_page_allocator.h"

namespace framescope {

enum class MarshalKind : uint8_t {
    None,
    True,
    False,
    Ellipsis,
    StopIteration,
    Int,    // MarshalScalar::int_value holds it
    BigInt, // too large for int64: float_value holds an approximation
    Float,
    Complex, // a container of two Floats: real, imaginary
    Bytes,   // text holds the raw bytes (Python 2 str, Python 3 bytes)
    Str,     // text holds UTF-8 (Python 3 str, Python 2 unicode and interned str)
    Tuple,
    List,
    Dict, // items alternate key, value
    Set,
    FrozenSet,
    Code, // a container of: file name, name (texts), first line (an Int)
};

std::string_view marshal_kind_name(MarshalKind kind);

constexpr uint32_t kNoReference = 0xffffffffu;

struct MarshalScalar {
    MarshalKind kind;
    uint64_t offset;                   // where the object (or the reference to it) starts
    int64_t int_value = 0;             // Int
    double float_value = 0;            // Float, BigInt
    std::string_view text;             // Bytes, Str: points into the input
    uint32_t reference = kNoReference; // its index in the reference table, if it has one
    bool code_name = false;            // read_name() found a code object and returns its name
};

// An open tuple, list or dict; close() it when done.
struct MarshalContainer {
    MarshalKind kind;
    char type;
    uint64_t offset;
    uint32_t count = 0;                // items; a dict's are read until its end marker
    uint32_t reference = kNoReference; // its index in the reference table, if it has one
    bool replayed = false; // reached through a back-reference: its items may be left unread
    size_t resume_at = 0;  // where the stream continues after a replayed container
};

// Receives a generic walk: scalars, and containers as begin ... end around their items.
class MarshalVisitor {
  public:
    virtual ~MarshalVisitor() = default;
    virtual void scalar(const MarshalScalar& value) = 0;
    virtual void begin(MarshalKind kind) = 0;
    virtual void end() = 0;
};

class MarshalReader {
  public:
    // `file_name` only labels errors. The input must outlive the reader and what it returns.
    MarshalReader(std::span<const uint8_t> input, std::string file_name);

    // Typed reads: each consumes one object (following references) or fails, after which
    // error() says why and where. `what` names the expected value in the message.
    // Both try the forms a profile holds millions of first ('i', 'g', and references to
    // them), inline, before the general path.
    bool read_int(int64_t& out, const char* what) {
        if (uint32_t at = quick_reference(); at != kNoReference && references_[at].type == 'i') {
            out = references_[at].int_value;
            pos_ += 5;
            return true;
        }
        if (quick_code() == 'i') {
            out = int32_t(load_u32(pos_ + 1));
            pos_ += 5;
            return true;
        }
        return read_int_slowly(out, what);
    }
    bool read_number(double& out, const char* what) { // int or float
        if (quick_code() == 'g' && input_.size() - pos_ >= 9) {
            uint64_t bits = load_u32(pos_ + 1) | uint64_t(load_u32(pos_ + 5)) << 32;
            std::memcpy(&out, &bits, sizeof out);
            pos_ += 9;
            return true;
        }
        return read_number_slowly(out, what);
    }
    bool read_text(MarshalScalar& out, const char* what);
    // A text, or a code object's name: the profile module stores code objects as names.
    bool read_name(MarshalScalar& out, const char* what);
    bool open_sequence(MarshalContainer& out, const char* what) { // tuple or list
        // The small tuples without FLAG_REF that hold every caller's figures, inline.
        if (quick_code() == ')' && depth_ < kMaxDepth &&
            input_[pos_ + 1] <= input_.size() - pos_ - 2) {
            out = {};
            out.kind = MarshalKind::Tuple;
            out.type = ')';
            out.offset = pos_;
            out.count = input_[pos_ + 1];
            pos_ += 2;
            ++depth_;
            return true;
        }
        return open_sequence_slowly(out, what);
    }
    bool open_dict(MarshalContainer& out, const char* what);
    // In an open dict: false at its end marker (consumed), true if an item follows.
    bool dict_has_item(bool& has_item);
    // The kind of the next object (through references), without consuming it.
    bool peek_kind(MarshalKind& kind) {
        if (quick_code() == ')') {
            kind = MarshalKind::Tuple;
            return true;
        }
        return peek_kind_slowly(kind);
    }
    // The index if the next object is a back-reference ('r') to an object already read, else
    // kNoReference; nothing is consumed. A caller that memoised what it made of that object
    // then consumes the reference with skip_reference() and reads nothing else.
    uint32_t peek_reference() const;
    void skip_reference() { pos_ += 5; }
    void close(const MarshalContainer& container);

    // Consumes one object of any kind.
    bool skip();
    // Walks one object of any kind, reporting it to `visitor`.
    bool visit(MarshalVisitor& visitor);

    size_t offset() const { return pos_; }
    const Error& error() const { return *error_; }
    // Fails with `message` at `offset` (for readers on top: wrong shapes, wrong types).
    bool fail(uint64_t offset, std::string message);

  private:
    struct TextSpan {
        uint32_t begin, size; // a span of the input
    };
    struct Reference {
        char type;       // the marshal type code; 0 while a container is being read
        uint32_t offset; // where the object starts: containers are replayed from here
        union {
            int64_t int_value;   // 'i', and 'l' that fits
            double float_value;  // 'g', and 'l' that does not fit
            uint32_t code_index; // 'c': index into codes_
            TextSpan text;       // texts
        };
    };
    struct Code {
        MarshalScalar file, name;
        int64_t first_line;
    };
    std::span<const uint8_t> input_;
    std::string file_name_;
    size_t pos_ = 0;
    HugePageVector<Reference> references_; // FLAG_REF index -> object
    std::vector<Reference> interned_;      // Python 2 'R' index -> interned string
    std::vector<Code> codes_;              // code objects reached by reference
    int replaying_ = 0;                    // > 0 while re-reading a referenced container
    uint64_t replay_budget_;               // bytes that replays may still re-read
    int depth_ = 0;
    std::optional<Error> error_;
    int code_layout_ = -1; // index into the known code layouts, once one fitted
    int failed_code_layouts_ = 0;

    static constexpr int kMaxDepth = 2000; // CPython's MAX_MARSHAL_STACK_DEPTH
    bool open_sequence_slowly(MarshalContainer& out, const char* what);
    bool peek_kind_slowly(MarshalKind& kind);
    bool read_int_slowly(int64_t& out, const char* what);
    bool read_number_slowly(double& out, const char* what);
    // The next type code when the fast paths may take it (5 bytes left, not replaying, no
    // FLAG_REF to record), else 0.
    uint8_t quick_code() const {
        return replaying_ == 0 && input_.size() - pos_ >= 5 ? input_[pos_] : 0;
    }
    // The index of a back-reference to a finished object, for the fast paths, else kNoReference.
    uint32_t quick_reference() const {
        if (quick_code() != 'r')
            return kNoReference;
        uint32_t index = load_u32(pos_ + 1);
        return index < references_.size() ? index : kNoReference;
    }
    uint32_t load_u32(size_t at) const {
        return uint32_t(input_[at]) | uint32_t(input_[at + 1]) << 8 |
               uint32_t(input_[at + 2]) << 16 | uint32_t(input_[at + 3]) << 24;
    }
    bool need(size_t bytes, size_t start);
    bool read_u8(uint8_t& out, size_t start);
    bool read_i32(int32_t& out, size_t start);
    bool read_i64(int64_t& out, size_t start);
    bool read_count(uint32_t& out, size_t start, bool one_byte);
    bool read_float_text(double& out, size_t start);
    bool read_long(MarshalScalar& out, size_t start);
    bool expected(size_t start, const char* what, MarshalKind got);

    // Reads a type code. For 'r' and 'R', `target` is the object referred to (and `reference`
    // its index for 'r'); otherwise `target` is null and `flagged` tells if it has FLAG_REF.
    bool read_type(char& type, bool& flagged, const Reference*& target, uint32_t& reference,
                   size_t start);
    // Reserves a reference slot for a FLAG_REF object about to be read (none while replaying).
    uint32_t reserve(bool flagged, size_t start);
    void remember(uint32_t slot, char type, const MarshalScalar& value);
    MarshalScalar scalar_of(const Reference& ref, size_t start, uint32_t reference) const;
    bool read_scalar_body(char type, size_t start, MarshalScalar& out);
    // Reads a scalar or a code object (whose name it returns), following references.
    bool read_scalar_or_code(MarshalScalar& out, const char* what);
    bool read_code(size_t start, MarshalScalar& name, MarshalVisitor* visitor,
                   uint32_t& code_index);
    bool read_code_as(int layout, size_t start, Code& code);
    void report_code(MarshalVisitor& visitor, const Code& code, size_t start);
    bool open_container(MarshalContainer& out, const char* what, bool dict);
    bool walk(MarshalVisitor* visitor);
    bool walk_items(char type, size_t start, MarshalVisitor* visitor);
};

} // namespace framescope

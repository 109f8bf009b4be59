// Reads Python's marshal format (versions 0-4, written by Python 2 and 3, CPython and PyPy)
// into a flat document of nodes. Only what profile files can hold is kept in full; code
// objects keep their file name, name and first line. The reader never allocates more than
// the input can justify: every length is checked against the bytes that remain.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace framescope {

enum class MarshalKind : uint8_t {
    None,
    True,
    False,
    Ellipsis,
    StopIteration,
    Int,    // int_value holds it
    BigInt, // too large for int64: float_value holds an approximation
    Float,
    Complex, // two Float children: real, imaginary
    Bytes,   // text_* spans the raw bytes (Python 2 str, Python 3 bytes)
    Str,     // text_* spans UTF-8 (Python 3 str, Python 2 unicode and interned str)
    Tuple,
    List,
    Dict, // children alternate key, value
    Set,
    FrozenSet,
    Code, // children: file name, name, first line (an Int)
};

using MarshalId = uint32_t;

struct MarshalNode {
    MarshalKind kind;
    uint32_t offset; // byte offset of the object's type code in the input
    union {
        int64_t int_value;
        double float_value;
        struct {
            uint32_t begin; // Bytes/Str: byte offset of the text; containers: first child index
            uint32_t count; // Bytes/Str: length in bytes; containers: number of children
        } span;
    };
};

class MarshalDocument {
  public:
    const MarshalNode& node(MarshalId id) const { return nodes_[id]; }
    MarshalId root() const { return root_; }
    size_t node_count() const { return nodes_.size(); }
    // Children of a container, in file order (a Dict's alternate key, value).
    std::span<const MarshalId> children(MarshalId id) const {
        const MarshalNode& n = nodes_[id];
        return {children_.data() + n.span.begin, n.span.count};
    }
    // Raw bytes of a Bytes or Str node; they point into the input, which must outlive this.
    std::string_view text(MarshalId id) const {
        const MarshalNode& n = nodes_[id];
        return {reinterpret_cast<const char*>(input_.data()) + n.span.begin, n.span.count};
    }

  private:
    friend class MarshalReader;
    std::span<const uint8_t> input_;
    std::vector<MarshalNode> nodes_;
    std::vector<MarshalId> children_;
    MarshalId root_ = 0;
};

// Reads the first object of `input`; trailing bytes are ignored, as marshal.load does.
// `file_name` only labels errors.
Result<MarshalDocument> read_marshal(std::span<const uint8_t> input, const std::string& file_name);

// Name of a kind, for error messages ("expected a tuple, got dict").
std::string_view marshal_kind_name(MarshalKind kind);

} // namespace framescope

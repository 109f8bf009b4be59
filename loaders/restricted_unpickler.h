// A pickle reader that builds plain values and never runs anything: it knows the opcodes of
// protocols 2 to 5 that hold data (numbers, strings, tuples, lists, dicts), and objects only of
// the classes its caller allows by exact "module name", which it keeps as (class, state)
// without calling them. Any other opcode or class is an Error naming the byte offset and the
// opcode. Python's own pickle imports and calls what a file names; this does neither.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"

namespace framescope {

struct PickleValue {
    enum class Kind { none, boolean, integer, real, text, tuple, list, dict, object, global };
    Kind kind = Kind::none;
    int64_t integer = 0; // boolean, integer
    double real = 0;
    std::string text; // text (str, or bytes of a Python 2 str); object, global: "module name"
    // tuple, list: the items; dict: keys and values alternating; object: its arguments (a
    // tuple) and its state (none until BUILD gives it one).
    std::shared_ptr<std::vector<PickleValue>> items;

    const PickleValue& state() const { return (*items)[1]; } // an object's
    // A dict's value for a text key, or nullptr.
    const PickleValue* get(std::string_view key) const;
};

// `allowed` lists "module name" pairs, e.g. "line_profiler.line_profiler LineStats".
Result<PickleValue> unpickle(std::span<const uint8_t> bytes, const std::string& source,
                             const std::vector<std::string>& allowed);

} // namespace framescope

// Parses a whole JSON profile (speedscope, gecko, Trace Event JSON) with simdjson. simdjson
// says only that a document is invalid; for the error to name where, the text is then
// walked once more by a validating parser that knows the byte offset.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

#include "core/error.h"

namespace framescope {

// The document's root, living in `parser` until its next parse.
Result<simdjson::dom::element> parse_json_document(simdjson::dom::parser& parser,
                                                   std::string_view text, const std::string& file);

} // namespace framescope

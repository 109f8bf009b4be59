// Parses a whole JSON profile (speedscope, gecko, Trace Event JSON) with simdjson. simdjson
// says only that a document is invalid; for the error to name where, the text is then
// walked once more by a validating parser that knows the byte offset.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

#include "core/error.h"
#include "core/load_progress.h"
#include "loaders/profile_data.h"

namespace framescope {

// The document's root, living in `parser` until its next parse.
Result<simdjson::dom::element> parse_json_document(simdjson::dom::parser& parser,
                                                   std::string_view text, const std::string& file);

// "profiles[2]": where an element is, for errors, since a JSON document has no lines to name.
inline std::string json_path_at(const std::string& where, size_t index) {
    return where + "[" + std::to_string(index) + "]";
}

// A JSON profile format's reading: the text parsed, then its root given to
// Reader(file, progress).read(root), with the progress over the whole text.
template <typename Reader>
Result<ProfileData> read_json_profile(std::string_view text, const std::string& file,
                                      LoadProgress* progress) {
    if (progress)
        progress->total = text.size();
    simdjson::dom::parser parser;
    Result<simdjson::dom::element> root = parse_json_document(parser, text, file);
    if (!root)
        return root.error();
    Result<ProfileData> data = Reader(file, progress).read(*root);
    if (progress)
        progress->done = text.size();
    return data;
}

} // namespace framescope

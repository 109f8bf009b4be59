#include "loaders/json_document.h"

#include <nlohmann/json.hpp>

namespace framescope {
namespace {

// Accepts everything and remembers where the text stops being JSON.
struct ErrorOffset : nlohmann::json::json_sax_t {
    size_t offset = 0;
    std::string what;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t position, const std::string&,
                     const nlohmann::json::exception& error) override {
        offset = position;
        what = error.what();
        return false;
    }
};

// nlohmann's message without its "[json.exception.parse_error.101] parse error at line 1,
// column 5: " prefix: the offset says where.
std::string short_message(const std::string& what) {
    size_t colon = what.find(": ");
    return colon == std::string::npos ? what : what.substr(colon + 2);
}

} // namespace

Result<simdjson::dom::element> parse_json_document(simdjson::dom::parser& parser,
                                                   std::string_view text, const std::string& file) {
    simdjson::dom::element root;
    simdjson::error_code error = parser.parse(text.data(), text.size()).get(root);
    if (!error)
        return root;
    if (error == simdjson::CAPACITY || error == simdjson::MEMALLOC)
        return Error::plain(file + ": too large to read as JSON (" +
                            simdjson::error_message(error) + ")");
    ErrorOffset where;
    nlohmann::json::sax_parse(text.begin(), text.end(), &where,
                              nlohmann::json::input_format_t::json, false);
    if (where.what.empty()) // simdjson is stricter (a NUL in a string, depth)
        return Error::plain(file + ": invalid JSON: " + simdjson::error_message(error));
    return Error::at_offset(file, where.offset > 0 ? where.offset - 1 : 0,
                            "invalid JSON: " + short_message(where.what));
}

} // namespace framescope

// Decodes the bytes of a text input into valid UTF-8, saying which encoding was found: UTF-8
// (with or without a byte-order mark), UTF-16 LE/BE (with a mark, or plain ASCII text in it),
// or else a Windows code page (cp1252, latin-1 where cp1252 leaves a byte undefined).
// Loaders call it where text enters, so nothing after them meets bytes that are not UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace framescope {

enum class TextEncoding { utf8, utf8_bom, utf16le, utf16be, cp1252 };

const char* text_encoding_name(TextEncoding encoding); // "UTF-8", "UTF-16LE", "cp1252", ...

struct DecodedText {
    std::string text;      // valid UTF-8, byte-order mark removed
    TextEncoding encoding; // what the bytes were read as
};

DecodedText decode_text(std::string_view bytes);

// The text as valid UTF-8: `bytes` themselves where they already are (UTF-8 with no mark,
// nearly every file: no copy of a file of any size), else decoded into `storage`.
std::string_view text_as_utf8(std::string_view bytes, std::string& storage);

// The encoding decode_text would choose, from the first bytes alone where a mark or the
// UTF-16 pattern decides it; validating UTF-8 looks at all of `bytes`.
TextEncoding detect_text_encoding(std::string_view bytes);

// `allow_cut_end`: a sequence cut off by the end (a prefix of a file) still counts as valid.
bool is_valid_utf8(std::string_view text, bool allow_cut_end = false);

} // namespace framescope

// What a file is, from its content (never only its name): a profile (and its format), a report
// bundle, a hang dump, crash-report text, or not ours, with what it looks like instead. The one
// place that decides; the CLI, the window and the store's import all ask it, and expand_inputs
// stands a folder that is not a bundle for its entries, the same way for all of them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text_encoding.h"
#include "loaders/profile_format.h"

namespace framescope {

enum class InputKind {
    profile,    // a profile: pstats, or another format `format` names
    bundle,     // a report bundle: a folder holding session.json, or a .zip/.tar.gz of one
    hang_dump,  // stacks of a hung process: faulthandler, py-spy, pytest-timeout, gdb py-bt
    crash_text, // tracebacks, fatal-error dumps, or other readable text (one unparsed report)
    folder,     // a folder that is not a bundle: it stands for its entries
    not_ours,   // none of these; `reason` says what it looks like
    unreadable, // cannot be opened or read; `reason` says why
};

struct InputSniff {
    InputKind kind = InputKind::not_ours;
    std::string reason;                           // not_ours, unreadable: "looks like a PNG image"
    TextEncoding encoding = TextEncoding::utf8;   // hang_dump, crash_text: the text's encoding
    ProfileFormat format = ProfileFormat::pstats; // profile: which format
};

InputSniff input_kind(const std::string& path);

// The profile format other than pstats that a file's first bytes are in, if any (the rules are
// in profile_sniff.cpp). `whole`: the bytes are the whole file, not a prefix of it.
std::optional<ProfileFormat> profile_format_of_prefix(std::string_view bytes, bool whole);

// What decoded text is: a hang dump or crash text (input_kind's rule for text files).
InputKind text_kind(std::string_view text);

// A session the report commands and the session workspace read: a bundle, a hang dump or
// crash text.
bool is_session_kind(InputKind kind);

struct NamedInput {
    std::string path;
    InputSniff sniff;
    bool in_folder = false; // an entry of a folder named, not named itself
};

// Each path sniffed, in order; a folder that is not a bundle is replaced by its entries,
// sorted, and sub-folders that are not bundles are left out. Never fails: a path that cannot
// be read is there as unreadable.
std::vector<NamedInput> expand_inputs(const std::vector<std::string>& paths);

// One line for an input that is not ours or unreadable:
// "/bin/ls: not a profile, bundle or report: looks like an ELF executable".
std::string refusal_message(const NamedInput& input);

// One line for a profile given where sessions are read:
// "x.pstats: a pstats profile; open it with 'framescope x.pstats' or 'framescope stats x.pstats'".
std::string profile_elsewhere_message(const std::string& path,
                                      ProfileFormat format = ProfileFormat::pstats);

} // namespace framescope

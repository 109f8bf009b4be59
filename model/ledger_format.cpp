#include "model/ledger_format.h"
#include "model/text_format.h"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace framescope {
namespace {

using Json = nlohmann::ordered_json;

// "layout (ui.py:120)", from a line of ledgers_json.
std::string function_label(const Json& line) {
    return line["function"].get<std::string>() + " (" + base_name(line["file"].get<std::string>()) +
           ":" + std::to_string(line["line"].get<uint32_t>()) + ")";
}

std::string duration_text(double minutes) {
    return minutes < 1 ? fixed(minutes * 60, 1) + " s" : fixed(minutes, 1) + " min";
}

std::string ledger_heading(const Json& ledger) {
    return ledger["source"].get<std::string>() + ": " +
           plural(ledger["frames"].get<size_t>(), "frame", "frames") + ", " +
           std::to_string(ledger["over_budget"].get<size_t>()) + " over the " +
           fixed(ledger["frame_budget_ms"].get<double>(), 1) + " ms budget in " +
           duration_text(ledger["minutes"].get<double>());
}

std::string text_section(const Json& ledgers) {
    std::string out =
        "\nFrame budget ledger (ms per frame from stack samples or traced calls; frames lost: "
        "over-budget frames a function dominated)\n";
    for (const Json& ledger : ledgers) {
        out += "  " + ledger_heading(ledger) + "\n";
        for (const Json& line : ledger["lines"])
            out += "    " + fixed(line["self_ms_per_frame"].get<double>(), 2) + " ms/frame self, " +
                   fixed(line["total_ms_per_frame"].get<double>(), 2) + " total; " +
                   plural(line["frames_lost"].get<size_t>(), "frame", "frames") + " lost (" +
                   fixed(line["frames_lost_per_minute"].get<double>(), 1) + "/min)  " +
                   function_label(line) + "\n";
        if (ledger["lines"].empty())
            out += "    no stack samples or traced calls\n";
    }
    return out;
}

std::string markdown_cell(const std::string& text) {
    std::string escaped;
    for (char c : text)
        escaped += c == '|' ? std::string("\\|") : std::string(1, c);
    return escaped;
}

std::string markdown_section(const Json& ledgers) {
    std::string out = "\n## Frame budget ledger\n\n";
    for (const Json& ledger : ledgers) {
        out += "**" + markdown_cell(ledger_heading(ledger)) + "**\n\n";
        if (ledger["lines"].empty()) {
            out += "No stack samples or traced calls.\n\n";
            continue;
        }
        out += "| function | self ms/frame | total ms/frame | frames lost | per minute |\n"
               "|---|---|---|---|---|\n";
        for (const Json& line : ledger["lines"])
            out += "| `" + markdown_cell(function_label(line)) + "` | " +
                   fixed(line["self_ms_per_frame"].get<double>(), 2) + " | " +
                   fixed(line["total_ms_per_frame"].get<double>(), 2) + " | " +
                   std::to_string(line["frames_lost"].get<size_t>()) + " | " +
                   fixed(line["frames_lost_per_minute"].get<double>(), 1) + " |\n";
        out += "\n";
    }
    return out;
}

} // namespace

Json ledgers_json(std::span<const SessionSummary> sessions) {
    Json ledgers = Json::array();
    for (const SessionSummary& session : sessions) {
        if (!session.has_frame_timings || session.ledger.frames == 0)
            continue;
        const FrameBudgetLedger& ledger = session.ledger;
        Json lines = Json::array();
        for (const LedgerLine& line : ledger.lines)
            lines.push_back({{"function", line.function},
                             {"file", line.file},
                             {"line", line.line},
                             {"self_ms_per_frame", line.self_ms_per_frame},
                             {"total_ms_per_frame", line.total_ms_per_frame},
                             {"frames_lost", line.frames_lost},
                             {"frames_lost_per_minute", line.frames_lost_per_minute}});
        ledgers.push_back({{"source", session.source},
                           {"frame_budget_ms", ledger.budget_ms},
                           {"frames", ledger.frames},
                           {"over_budget", ledger.over_budget},
                           {"unattributed", ledger.unattributed},
                           {"minutes", ledger.range_s / 60},
                           {"lines", std::move(lines)}});
    }
    return ledgers;
}

std::string format_ledgers(std::span<const SessionSummary> sessions, FindingsFormat format) {
    Json ledgers = ledgers_json(sessions);
    if (ledgers.empty())
        return {};
    switch (format) {
    case FindingsFormat::text:
        return text_section(ledgers);
    case FindingsFormat::markdown:
        return markdown_section(ledgers);
    case FindingsFormat::json:
        return ledgers.dump(2, ' ', false, Json::error_handler_t::replace);
    }
    return {};
}

} // namespace framescope

#include "model/bucket_format.h"

#include <algorithm>

#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "model/versions.h"

namespace framescope {
namespace {

using Json = nlohmann::ordered_json;

std::string frames_text(const CrashSignature& signature) {
    std::string text;
    for (const SignatureFrame& frame : signature.frames)
        text += (text.empty() ? "" : " <- ") + frame.function + " (" + frame.module + ")";
    return text;
}

std::string bucket_heading(const CrashBucket& bucket) {
    std::string heading = bucket.unparsed ? "unparsed reports" : bucket.signature.exception;
    heading += ": " + std::to_string(bucket.count) + (bucket.count == 1 ? " report" : " reports") +
               ", " + std::to_string(bucket.sessions) +
               (bucket.sessions == 1 ? " session" : " sessions");
    if (!bucket.versions.empty())
        heading += "; versions " + describe_versions(bucket.versions);
    if (!bucket.interpreter_versions.empty())
        heading += "; interpreters " + describe_interpreters(bucket.interpreter_versions);
    return heading;
}

std::string text_report(std::span<const CrashBucket> buckets, const SessionHealth& health) {
    std::string out = "Session health\n  " + health_text(health) + "\nCrash buckets (" +
                      std::to_string(buckets.size()) + ")\n";
    for (size_t b = 0; b < buckets.size(); ++b) {
        const CrashBucket& bucket = buckets[b];
        out += "  " + std::to_string(b + 1) + ". " + bucket_heading(bucket) + "\n";
        if (!bucket.unparsed)
            out += "     at " + frames_text(bucket.signature) +
                   (bucket.signature.application_frames ? "" : "  (no application frame found)") +
                   "\n";
        out += "     seen " + format_time(bucket.first_seen_unix) + " .. " +
               format_time(bucket.last_seen_unix) + "; platforms " +
               joined_or_unknown(bucket.platforms) + "; interpreters " +
               joined_or_unknown(bucket.interpreters) + "\n";
        for (size_t v = 0; v < bucket.variants.size() && v < 3; ++v)
            out += "     message (" + std::to_string(bucket.variants[v].second) +
                   "x): " + bucket.variants[v].first + "\n";
        out += "     latest: " + bucket.latest_file + "\n";
    }
    return out;
}

std::string markdown_report(std::span<const CrashBucket> buckets, const SessionHealth& health) {
    std::string out =
        "## Session health\n\n" + health_text(health) +
        "\n## Crash buckets\n\n| # | exception | reports | sessions | first version | "
        "first interpreter | where |\n|---|---|---|---|---|---|---|\n";
    for (size_t b = 0; b < buckets.size(); ++b) {
        const CrashBucket& bucket = buckets[b];
        out += "| " + std::to_string(b + 1) + " | `" +
               (bucket.unparsed ? "unparsed" : bucket.signature.exception) + "` | " +
               std::to_string(bucket.count) + " | " + std::to_string(bucket.sessions) + " | " +
               (bucket.versions.empty() ? "" : bucket.versions.front()) + " | " +
               (bucket.interpreter_versions.empty() ? "" : bucket.interpreter_versions.front()) +
               " | `" + frames_text(bucket.signature) + "` |\n";
    }
    for (size_t b = 0; b < buckets.size(); ++b)
        out += "\n### " + std::to_string(b + 1) + ". " + bucket_heading(buckets[b]) + "\n\n```\n" +
               buckets[b].latest->text + "```\n";
    return out;
}

} // namespace

std::string health_text(const SessionHealth& health) {
    if (health.sessions == 0)
        return "no recorded sessions\n";
    char line[320];
    std::snprintf(
        line, sizeof line,
        "%zu sessions: %s crashed, %s hung, %s ended abnormally otherwise; %s crash-free; "
        "median length %.1f s\n",
        health.sessions, percent(health.share(health.crashed)).c_str(),
        percent(health.share(health.hung)).c_str(), percent(health.share(health.abnormal)).c_str(),
        percent(health.crash_free()).c_str(), health.median_length_s);
    return line;
}

Json health_json(const SessionHealth& health) {
    return {{"sessions", health.sessions},
            {"crashed", health.crashed},
            {"hung", health.hung},
            {"abnormal", health.abnormal},
            {"crash_free_share", health.crash_free()},
            {"median_length_seconds", health.median_length_s}};
}

Json buckets_json(std::span<const CrashBucket> buckets) {
    Json array = Json::array();
    for (const CrashBucket& bucket : buckets) {
        Json frames = Json::array();
        for (const SignatureFrame& frame : bucket.signature.frames)
            frames.push_back({{"module", frame.module}, {"function", frame.function}});
        Json variants = Json::array();
        for (const auto& [message, count] : bucket.variants)
            variants.push_back({{"message", message}, {"count", count}});
        array.push_back(
            {{"signature", bucket.unparsed ? std::string("(unparsed)") : bucket.signature.key()},
             {"count", bucket.count},
             {"exception", bucket.signature.exception},
             {"frames", std::move(frames)},
             {"unparsed", bucket.unparsed},
             {"application_frames", bucket.signature.application_frames},
             {"sessions", bucket.sessions},
             {"first_seen",
              bucket.first_seen_unix > 0 ? Json(format_time(bucket.first_seen_unix)) : Json()},
             {"last_seen",
              bucket.last_seen_unix > 0 ? Json(format_time(bucket.last_seen_unix)) : Json()},
             {"versions", bucket.versions},
             {"first_version", bucket.versions.empty() ? Json() : Json(bucket.versions.front())},
             {"platforms", bucket.platforms},
             {"interpreters", bucket.interpreters},
             {"interpreter_versions", bucket.interpreter_versions},
             {"first_interpreter_versions", first_of_each_interpreter(bucket.interpreter_versions)},
             {"variants", std::move(variants)},
             {"messages", bucket.messages},
             {"representative", bucket.latest->text},
             {"files", bucket.files},
             {"merged", bucket.merged}});
    }
    return array;
}

std::string format_time(double unix_seconds) {
    if (unix_seconds <= 0)
        return "unknown";
    std::time_t t = std::time_t(unix_seconds);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&t));
    return text;
}

std::string format_buckets(std::span<const CrashBucket> buckets, const SessionHealth& health,
                           FindingsFormat format) {
    switch (format) {
    case FindingsFormat::text:
        return text_report(buckets, health);
    case FindingsFormat::markdown:
        return markdown_report(buckets, health);
    case FindingsFormat::json:
        return buckets_json(buckets).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
    }
    return {};
}

} // namespace framescope

#include "loaders/speedscope_profile.h"

#include <algorithm>

#include "loaders/json_document.h"

namespace framescope {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

// Errors name the file and where in the document ("profiles[1].events[20]").
class Place {
  public:
    explicit Place(const std::string& file) : file_(file) {}
    Error fail(const std::string& where, const std::string& what) const {
        return Error::plain(file_ + ": " + where + ": " + what);
    }

  private:
    const std::string& file_;
};

bool number(element value, double& out) {
    if (value.is_double() || value.is_int64() || value.is_uint64()) {
        out = double(value);
        return true;
    }
    return false;
}

std::string_view string_or(object o, const char* key, std::string_view fallback) {
    std::string_view value;
    if (o[key].get_string().get(value))
        return fallback;
    return value;
}

// A speedscope unit as ours: time units by name, "none" as samples, others as they are.
std::string unit_of(std::string_view speedscope_unit) {
    if (seconds_per_unit(speedscope_unit) > 0 || speedscope_unit == unit::bytes)
        return std::string(speedscope_unit);
    return std::string(unit::samples);
}

class SpeedscopeReader {
  public:
    SpeedscopeReader(const std::string& file, LoadProgress* progress)
        : place_(file), progress_(progress) {
        data_.format = ProfileFormat::speedscope;
    }

    Result<ProfileData> read(element root) {
        object document;
        if (root.get_object().get(document))
            return place_.fail("document", "not a JSON object");
        if (Status s = read_frames(document); !s)
            return s.error();
        array profiles;
        if (document["profiles"].get_array().get(profiles))
            return place_.fail("profiles", "missing, or not an array");
        size_t index = 0;
        for (element profile : profiles) {
            if (progress_ && progress_->cancel)
                return place_.fail(json_path_at("profiles", index), "cancelled");
            if (Status s = read_profile(profile, json_path_at("profiles", index++)); !s)
                return s.error();
        }
        if (data_.unit.empty())
            data_.unit = std::string(unit::samples);
        std::sort(data_.calls.begin(), data_.calls.end(),
                  [](const TimedCall& a, const TimedCall& b) {
                      return a.thread != b.thread ? a.thread < b.thread
                             : a.begin != b.begin ? a.begin < b.begin
                                                  : a.end > b.end;
                  });
        return std::move(data_);
    }

  private:
    Status read_frames(object document) {
        array frames;
        if (document.at_pointer("/shared/frames").get_array().get(frames))
            return place_.fail("shared.frames", "missing, or not an array");
        size_t index = 0;
        for (element frame : frames) {
            std::string where = json_path_at("shared.frames", index++);
            std::string_view name, file;
            if (frame["name"].get_string().get(name))
                return place_.fail(where, "a frame needs a \"name\" string");
            if (element value;
                !frame["file"].get(value) && !value.is_null() && value.get_string().get(file))
                return place_.fail(where, "\"file\" is not a string");
            double line = 0;
            if (element value;
                !frame["line"].get(value) && !value.is_null() && !number(value, line))
                return place_.fail(where, "\"line\" is not a number");
            // Frames are kept as listed, even two alike: samples refer to them by index.
            frame_ids_.push_back(data_.frame(name, file, int64_t(line)));
        }
        return Ok{};
    }

    // The factor from this profile's unit to the file's (the first profile's).
    Status unit_scale(object profile, const std::string& where, double& scale) {
        std::string unit = unit_of(string_or(profile, "unit", "none"));
        if (data_.unit.empty())
            data_.unit = unit;
        scale = 1;
        if (unit == data_.unit)
            return Ok{};
        double from = seconds_per_unit(unit), to = seconds_per_unit(data_.unit);
        if (from == 0 || to == 0)
            return place_.fail(where, "its unit " + unit + " does not add up with " + data_.unit +
                                          " of the profiles before it");
        scale = from / to;
        return Ok{};
    }

    Status frame_at(element value, const std::string& where, FrameId& frame) {
        uint64_t index = 0;
        if (value.get_uint64().get(index) || index >= frame_ids_.size())
            return place_.fail(where, "not an index of shared.frames (" +
                                          std::to_string(frame_ids_.size()) + " frames)");
        frame = frame_ids_[index];
        return Ok{};
    }

    Status read_profile(element value, const std::string& where) {
        object profile;
        if (value.get_object().get(profile))
            return place_.fail(where, "not an object");
        std::string_view type;
        if (profile["type"].get_string().get(type))
            return place_.fail(where, "needs a \"type\": \"sampled\" or \"evented\"");
        uint32_t thread = data_.thread(string_or(profile, "name", ""));
        double scale = 1;
        if (Status s = unit_scale(profile, where, scale); !s)
            return s;
        if (type == "sampled")
            return read_sampled(profile, where, thread, scale);
        if (type == "evented")
            return read_evented(profile, where, thread, scale);
        return place_.fail(where, "unknown profile type '" + std::string(type) + "'");
    }

    Status read_sampled(object profile, const std::string& where, uint32_t thread, double scale) {
        array samples, weights;
        if (profile["samples"].get_array().get(samples))
            return place_.fail(where + ".samples", "missing, or not an array");
        bool weighted = !profile["weights"].get_array().get(weights);
        if (weighted && weights.size() != samples.size())
            return place_.fail(where + ".weights", std::to_string(weights.size()) +
                                                       " weights for " +
                                                       std::to_string(samples.size()) + " samples");
        auto weight = weighted ? weights.begin() : array::iterator{};
        size_t index = 0;
        for (element sample : samples) {
            std::string here = json_path_at(where + ".samples", index);
            array stack;
            if (sample.get_array().get(stack))
                return place_.fail(here, "a sample is an array of frame indices");
            path_.clear();
            size_t depth = 0;
            for (element frame : stack) {
                FrameId id;
                if (Status s = frame_at(frame, json_path_at(here, depth++), id); !s)
                    return s;
                path_.push_back(id);
            }
            double w = 1;
            if (weighted) {
                if (!number(*weight, w))
                    return place_.fail(json_path_at(where + ".weights", index), "not a number");
                ++weight;
            }
            data_.add_stack(path_, w * scale, thread);
            ++index;
        }
        return Ok{};
    }

    struct Open {
        FrameId frame;
        double begin;
    };

    void close(std::vector<Open>& open, size_t index, double end, uint32_t thread) {
        data_.calls.push_back({open[index].frame, thread, open[index].begin, end, uint32_t(index)});
        open.erase(open.begin() + ptrdiff_t(index));
    }

    void add_open_stack(const std::vector<Open>& open, double weight, uint32_t thread) {
        if (open.empty() || weight <= 0)
            return;
        path_.clear();
        for (const Open& o : open)
            path_.push_back(o.frame);
        data_.add_stack(path_, weight, thread);
    }

    Status read_evented(object profile, const std::string& where, uint32_t thread, double scale) {
        array events;
        if (profile["events"].get_array().get(events))
            return place_.fail(where + ".events", "missing, or not an array");
        double last = 0, end = 0;
        if (element value; !profile["startValue"].get(value))
            (void)number(value, last);
        std::vector<Open> open;
        size_t index = 0;
        for (element event : events) {
            std::string here = json_path_at(where + ".events", index++);
            std::string_view type;
            double when = 0;
            FrameId frame;
            if (event["type"].get_string().get(type) || (type != "O" && type != "C"))
                return place_.fail(here, "\"type\" must be \"O\" or \"C\"");
            if (element value; event["at"].get(value) || !number(value, when))
                return place_.fail(here, "\"at\" must be a number");
            if (element value; event["frame"].get(value))
                return place_.fail(here, "needs a \"frame\"");
            else if (Status s = frame_at(value, here + ".frame", frame); !s)
                return s;
            if (index > 1 && when < last) // the format lists events in time order
                return place_.fail(here, "\"at\" goes back in time, to " + std::to_string(when) +
                                             " after " + std::to_string(last));
            add_open_stack(open, (when - last) * scale, thread);
            last = when;
            if (type == "O") {
                open.push_back({frame, when * scale});
                continue;
            }
            // A close of a frame not on top closes its innermost open instance.
            for (size_t i = open.size(); i-- > 0;)
                if (open[i].frame == frame) {
                    close(open, i, when * scale, thread);
                    break;
                }
        }
        end = last;
        if (element value; !profile["endValue"].get(value))
            (void)number(value, end);
        add_open_stack(open, (end - last) * scale, thread);
        while (!open.empty())
            close(open, open.size() - 1, std::max(end, last) * scale, thread);
        return Ok{};
    }

    Place place_;
    LoadProgress* progress_;
    ProfileData data_;
    std::vector<FrameId> frame_ids_; // by index in shared.frames
    std::vector<FrameId> path_;
};

} // namespace

Result<ProfileData> read_speedscope(std::string_view text, const std::string& file,
                                    LoadProgress* progress) {
    return read_json_profile<SpeedscopeReader>(text, file, progress);
}

} // namespace framescope

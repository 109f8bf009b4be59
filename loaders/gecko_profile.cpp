#include "loaders/gecko_profile.h"

#include <algorithm>

#include "loaders/frame_syntax.h"
#include "loaders/json_document.h"

namespace framescope {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

constexpr int64_t kNone = -1; // a null index (the root's prefix, a sample with no stack)

// Whether `value` is an array, then in `out`; `out` stays as it was if not.
bool get_array(simdjson::simdjson_result<element> value, array& out) {
    return !value.get_array().get(out);
}

// One thread's tables, whichever of the two layouts it came in, as plain columns.
struct ThreadTables {
    std::vector<int64_t> stack_frame, stack_prefix; // by stack
    std::vector<FrameId> frame_ids;                 // by frame: ours
    std::vector<int64_t> sample_stack;
    std::vector<double> sample_weight; // empty: 1 each
    std::string unit = std::string(unit::samples);
};

class GeckoReader {
  public:
    GeckoReader(const std::string& file, LoadProgress* progress)
        : file_(file), progress_(progress) {
        data_.format = ProfileFormat::gecko;
        data_.unit.clear();
    }

    Result<ProfileData> read(element root) {
        object document;
        if (root.get_object().get(document))
            return fail("document", "not a JSON object");
        array threads;
        if (document["threads"].get_array().get(threads))
            return fail("threads", "missing, or not an array");
        if (array strings; get_array(document.at_pointer("/shared/stringArray"), strings))
            shared_strings_ = string_list(strings);
        size_t index = 0;
        for (element thread : threads) {
            if (progress_ && progress_->cancel)
                return Error::plain(file_ + ": cancelled");
            if (Status s = read_thread(thread, json_path_at("threads", index++)); !s)
                return s.error();
        }
        if (data_.unit.empty())
            data_.unit = std::string(unit::samples);
        return std::move(data_);
    }

  private:
    Error fail(const std::string& where, const std::string& what) const {
        return Error::plain(file_ + ": " + where + ": " + what);
    }

    // An index column: integers, null for none.
    Status indices(simdjson::simdjson_result<element> value, const std::string& where,
                   std::vector<int64_t>& out) {
        element column_value;
        if (value.get(column_value))
            return fail(where, "missing");
        return indices(column_value, where, out);
    }
    Status indices(element value, const std::string& where, std::vector<int64_t>& out) {
        array column;
        if (value.get_array().get(column))
            return fail(where, "not an array");
        out.clear();
        for (element item : column) {
            int64_t index = kNone;
            if (!item.is_null() && (item.get_int64().get(index) || index < 0))
                return fail(json_path_at(where, out.size()), "not an index");
            out.push_back(index);
        }
        return Ok{};
    }

    // A string table as views (simdjson finds an array's element by walking it). A string
    // that is not one reads as empty.
    static std::vector<std::string_view> string_list(array strings) {
        std::vector<std::string_view> list;
        for (element item : strings) {
            std::string_view text;
            list.push_back(item.get_string().get(text) ? std::string_view() : text);
        }
        return list;
    }

    Status string_at(const std::vector<std::string_view>& strings, int64_t index,
                     const std::string& where, std::string_view& out) {
        if (index == kNone) {
            out = {};
            return Ok{};
        }
        if (size_t(index) >= strings.size())
            return fail(where, "not an index of the string table (" +
                                   std::to_string(strings.size()) + " strings)");
        out = strings[size_t(index)];
        return Ok{};
    }

    Status read_thread(element value, const std::string& where) {
        object thread;
        if (value.get_object().get(thread))
            return fail(where, "not an object");
        std::string_view name;
        if (thread["name"].get_string().get(name))
            name = "";
        uint32_t thread_id = data_.thread(name);
        ThreadTables tables;
        element stack_table;
        if (thread["stackTable"].get(stack_table))
            return fail(where + ".stackTable", "missing");
        Status read = stack_table["schema"].error() ? read_processed(thread, where, tables)
                                                    : read_raw(thread, where, tables);
        if (!read)
            return read;
        if (data_.unit.empty())
            data_.unit = tables.unit;
        else if (data_.unit != tables.unit)
            return fail(where, "its weights are " + tables.unit + ", the threads' before it " +
                                   data_.unit);
        return add_samples(tables, where, thread_id);
    }

    Status read_processed(object thread, const std::string& where, ThreadTables& tables) {
        array own_strings;
        std::vector<std::string_view> strings = get_array(thread["stringArray"], own_strings)
                                                    ? string_list(own_strings)
                                                    : shared_strings_;
        if (Status s = indices(thread.at_pointer("/stackTable/frame"), where + ".stackTable.frame",
                               tables.stack_frame);
            !s)
            return s;
        if (Status s = indices(thread.at_pointer("/stackTable/prefix"),
                               where + ".stackTable.prefix", tables.stack_prefix);
            !s)
            return s;
        std::vector<int64_t> frame_func, frame_line, func_name, func_file, func_line;
        if (Status s = indices(thread.at_pointer("/frameTable/func"), where + ".frameTable.func",
                               frame_func);
            !s)
            return s;
        if (element lines; !thread.at_pointer("/frameTable/line").get(lines))
            if (Status s = indices(lines, where + ".frameTable.line", frame_line); !s)
                return s;
        if (Status s =
                indices(thread.at_pointer("/funcTable/name"), where + ".funcTable.name", func_name);
            !s)
            return s;
        if (element files; !thread.at_pointer("/funcTable/fileName").get(files))
            if (Status s = indices(files, where + ".funcTable.fileName", func_file); !s)
                return s;
        if (element lines; !thread.at_pointer("/funcTable/lineNumber").get(lines))
            if (Status s = indices(lines, where + ".funcTable.lineNumber", func_line); !s)
                return s;
        for (size_t f = 0; f < frame_func.size(); ++f) {
            std::string here = json_path_at(where + ".frameTable.func", f);
            int64_t func = frame_func[f];
            if (func == kNone || size_t(func) >= func_name.size())
                return fail(here, "not an index of funcTable (" + std::to_string(func_name.size()) +
                                      " functions)");
            std::string_view name, file;
            if (Status s = string_at(strings, func_name[size_t(func)], here, name); !s)
                return s;
            if (size_t(func) < func_file.size())
                if (Status s = string_at(strings, func_file[size_t(func)], here, file); !s)
                    return s;
            int64_t line = f < frame_line.size() && frame_line[f] != kNone ? frame_line[f]
                           : size_t(func) < func_line.size()               ? func_line[size_t(func)]
                                                                           : 0;
            tables.frame_ids.push_back(data_.frame(name, file, std::max<int64_t>(line, 0)));
        }
        if (Status s = indices(thread.at_pointer("/samples/stack"), where + ".samples.stack",
                               tables.sample_stack);
            !s)
            return s;
        return read_weights(thread, where, tables);
    }

    Status read_weights(object thread, const std::string& where, ThreadTables& tables) {
        std::string_view type = "samples";
        if (thread.at_pointer("/samples/weightType").get_string().get(type))
            type = "samples";
        tables.unit = std::string(type == "tracing-ms" ? unit::milliseconds
                                  : type == "bytes"    ? unit::bytes
                                                       : unit::samples);
        array weights;
        if (!get_array(thread.at_pointer("/samples/weight"), weights))
            return Ok{};
        for (element weight : weights) {
            double w = 0;
            if (weight.is_double() || weight.is_int64() || weight.is_uint64())
                w = double(weight);
            else
                return fail(json_path_at(where + ".samples.weight", tables.sample_weight.size()),
                            "not a number");
            tables.sample_weight.push_back(w);
        }
        if (tables.sample_weight.size() != tables.sample_stack.size())
            return fail(where + ".samples.weight", "not one weight per sample");
        return Ok{};
    }

    // A raw table's column index by name, from its "schema".
    Status column(object table, const char* name, const std::string& where, size_t& index) {
        uint64_t value = 0;
        if (table["schema"][name].get_uint64().get(value))
            return fail(where + ".schema", std::string("has no column \"") + name + "\"");
        index = size_t(value);
        return Ok{};
    }

    // A raw table's column as indices.
    Status raw_column(object table, size_t column, const std::string& where,
                      std::vector<int64_t>& out) {
        array rows;
        if (table["data"].get_array().get(rows))
            return fail(where + ".data", "missing, or not an array");
        out.clear();
        for (element row : rows) {
            std::string here = json_path_at(where + ".data", out.size());
            array cells;
            int64_t index = kNone;
            if (row.get_array().get(cells))
                return fail(here, "a row is an array");
            element cell;
            if (column < cells.size() && !cells.at(column).get(cell) && !cell.is_null() &&
                (cell.get_int64().get(index) || index < 0))
                return fail(here, "not an index");
            out.push_back(index);
        }
        return Ok{};
    }

    Status read_raw(object thread, const std::string& where, ThreadTables& tables) {
        array table;
        if (thread["stringTable"].get_array().get(table))
            return fail(where + ".stringTable", "missing, or not an array");
        std::vector<std::string_view> strings = string_list(table);
        object stacks, frames, samples;
        if (thread["stackTable"].get_object().get(stacks) ||
            thread["frameTable"].get_object().get(frames) ||
            thread["samples"].get_object().get(samples))
            return fail(where, "needs stackTable, frameTable and samples objects");
        size_t prefix = 0, frame = 0, location = 0, stack = 0;
        if (Status s = column(stacks, "prefix", where + ".stackTable", prefix); !s)
            return s;
        if (Status s = column(stacks, "frame", where + ".stackTable", frame); !s)
            return s;
        if (Status s = column(frames, "location", where + ".frameTable", location); !s)
            return s;
        if (Status s = column(samples, "stack", where + ".samples", stack); !s)
            return s;
        if (Status s = raw_column(stacks, prefix, where + ".stackTable", tables.stack_prefix); !s)
            return s;
        if (Status s = raw_column(stacks, frame, where + ".stackTable", tables.stack_frame); !s)
            return s;
        std::vector<int64_t> locations, lines;
        if (Status s = raw_column(frames, location, where + ".frameTable", locations); !s)
            return s;
        size_t line = 0;
        bool has_lines = column(frames, "line", where, line) &&
                         raw_column(frames, line, where + ".frameTable", lines);
        for (size_t f = 0; f < locations.size(); ++f) {
            std::string_view text;
            if (Status s = string_at(strings, locations[f],
                                     json_path_at(where + ".frameTable.data", f), text);
                !s)
                return s;
            FrameText parsed = parse_frame_text(text);
            int64_t number = has_lines && lines[f] != kNone ? lines[f] : parsed.line;
            tables.frame_ids.push_back(data_.frame(parsed.function, parsed.file, number));
        }
        if (Status s = raw_column(samples, stack, where + ".samples", tables.sample_stack); !s)
            return s;
        size_t weight = 0;
        if (column(samples, "weight", where, weight)) {
            std::vector<int64_t> counts;
            if (raw_column(samples, weight, where + ".samples", counts))
                for (int64_t count : counts)
                    tables.sample_weight.push_back(count == kNone ? 1 : double(count));
        }
        return Ok{};
    }

    Status add_samples(const ThreadTables& tables, const std::string& where, uint32_t thread) {
        size_t stack_count = tables.stack_frame.size();
        if (tables.stack_prefix.size() != stack_count)
            return fail(where + ".stackTable", "frame and prefix columns differ in length");
        for (size_t s = 0; s < stack_count; ++s) {
            int64_t frame = tables.stack_frame[s], prefix = tables.stack_prefix[s];
            if (frame == kNone || size_t(frame) >= tables.frame_ids.size())
                return fail(json_path_at(where + ".stackTable.frame", s),
                            "not an index of frameTable");
            // A stack's prefix comes before it, so that no walk up the prefixes can loop.
            if (prefix != kNone && size_t(prefix) >= s)
                return fail(json_path_at(where + ".stackTable.prefix", s),
                            "does not come before its stack");
        }
        for (size_t i = 0; i < tables.sample_stack.size(); ++i) {
            int64_t stack = tables.sample_stack[i];
            if (stack != kNone && size_t(stack) >= stack_count)
                return fail(json_path_at(where + ".samples.stack", i),
                            "not an index of stackTable");
            path_.clear();
            for (int64_t s = stack; s != kNone; s = tables.stack_prefix[size_t(s)])
                path_.push_back(tables.frame_ids[size_t(tables.stack_frame[size_t(s)])]);
            std::reverse(path_.begin(), path_.end()); // outermost first
            double weight = tables.sample_weight.empty() ? 1 : tables.sample_weight[i];
            data_.add_stack(path_, weight, thread);
        }
        return Ok{};
    }

    const std::string& file_;
    LoadProgress* progress_;
    ProfileData data_;
    std::vector<std::string_view> shared_strings_;
    std::vector<FrameId> path_;
};

} // namespace

Result<ProfileData> read_gecko_profile(std::string_view text, const std::string& file,
                                       LoadProgress* progress) {
    return read_json_profile<GeckoReader>(text, file, progress);
}

} // namespace framescope

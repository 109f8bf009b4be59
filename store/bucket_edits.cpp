// Bucket edits: merges are kept flat (every row points at a bucket that is merged nowhere),
// so reading them needs no chains followed, and splitting a bucket is one DELETE.

#include "store/bucket_edits.h"

#include <optional>
#include <set>

namespace framescope {
namespace {

// The bucket `key` counts in now: its merge's target, or itself.
Result<std::string> bucket_of(Database& db, const std::string& key) {
    Result<Statement> find =
        db.prepare("SELECT into_signature FROM bucket_merges WHERE signature = ?");
    if (!find)
        return find.error();
    find->bind(1, std::string_view(key));
    std::optional<Error> error;
    std::string bucket = find->step(error) ? std::string(find->column_text(0)) : key;
    if (error)
        return *error;
    return bucket;
}

Status run(Database& db, std::string_view sql, const std::vector<std::string>& values) {
    Result<Statement> statement = db.prepare(sql);
    if (!statement)
        return statement.error();
    for (size_t i = 0; i < values.size(); ++i)
        statement->bind(int(i + 1), std::string_view(values[i]));
    return statement->run();
}

} // namespace

Result<BucketEdits> read_bucket_edits(Database& db) {
    BucketEdits edits;
    std::optional<Error> error;
    Result<Statement> merges =
        db.prepare("SELECT signature, into_signature FROM bucket_merges ORDER BY signature");
    if (!merges)
        return merges.error();
    while (merges->step(error))
        edits.merges.emplace_back(merges->column_text(0), merges->column_text(1));
    if (error)
        return *error;
    Result<Statement> rules =
        db.prepare("SELECT kind, value FROM bucket_rules ORDER BY kind, value");
    if (!rules)
        return rules.error();
    while (rules->step(error))
        (rules->column_text(0) == "app_path" ? edits.app_paths : edits.skip_functions)
            .emplace_back(rules->column_text(1));
    if (error)
        return *error;
    return edits;
}

Status merge_buckets(Database& db, const std::string& key, const std::string& into) {
    Result<Transaction> tx = Transaction::begin(db);
    if (!tx)
        return tx.error();
    Result<std::string> target = bucket_of(db, into);
    if (!target)
        return target.error();
    Result<std::string> source = bucket_of(db, key);
    if (!source)
        return source.error();
    if (*target == *source)
        return Error::plain("'" + key + "' and '" + into + "' are one bucket already");
    // The bucket `key` is in goes whole: its own signature and those merged into it.
    if (Status s = run(db, "UPDATE bucket_merges SET into_signature = ? WHERE into_signature = ?",
                       {*target, *source});
        !s)
        return s;
    if (Status s = run(db, "INSERT INTO bucket_merges (signature, into_signature) VALUES (?, ?)",
                       {*source, *target});
        !s)
        return s;
    return tx->commit();
}

Status split_bucket(Database& db, const std::string& key) {
    Result<Transaction> tx = Transaction::begin(db);
    if (!tx)
        return tx.error();
    if (Status s = run(db, "DELETE FROM bucket_merges WHERE signature = ? OR into_signature = ?",
                       {key, key});
        !s)
        return s;
    return tx->commit();
}

Status set_bucket_rules(Database& db, const std::vector<std::string>& app_paths,
                        const std::vector<std::string>& skip_functions) {
    Result<Transaction> tx = Transaction::begin(db);
    if (!tx)
        return tx.error();
    if (Status s = db.exec("DELETE FROM bucket_rules"); !s)
        return s;
    // An empty value breaks the table's CHECK: the whole write is undone.
    for (const auto& [kind, values] :
         {std::pair{"app_path", &app_paths}, std::pair{"skip_function", &skip_functions}})
        for (const std::string& value : std::set<std::string>(values->begin(), values->end()))
            if (Status s =
                    run(db, "INSERT INTO bucket_rules (kind, value) VALUES (?, ?)", {kind, value});
                !s)
                return s;
    return tx->commit();
}

} // namespace framescope

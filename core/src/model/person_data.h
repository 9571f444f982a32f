// What the core does with the data map (coffre/data_map.h): the SQL that finds a person's rows in
// a mapped table, for the erasure to count and delete them, and for the tests.
#pragma once

#include <cstdint>
#include <string>

#include "coffre/data_map.h"
#include "coffre/model.h"
#include "coffre/status.h"
#include "storage/database.h"

namespace coffre::model {

// The WHERE clause selecting the person's rows of `t`, the contact id bound as ?1; empty when the
// rows cannot be found from the id (not personal, keyed hashes, FTS shadow tables, none since migration 11).
std::string person_rows_where(const data_map::Table& t);
// The person's rows in `t`; Internal when the map gives no way to find them.
Result<std::int64_t> count_person_rows(storage::Database& db, const data_map::Table& t, Id contact_id);
// The rows an erasure of the person removes: every Delete and Cascade table, the contact row
// included. Counted before anything is deleted, since cascaded rows cannot be counted after.
Result<std::int64_t> count_erased_rows(storage::Database& db, Id contact_id);
// Deletes the person's rows of every Delete table, in ascending step (the search row, the subject
// key, then the contact, whose cascades remove the rest). The caller holds the transaction.
Status delete_person_rows(storage::Database& db, Id contact_id);

}  // namespace coffre::model

// When two rows that share a value are one person (issue 9). Colleagues share a switchboard number
// and the company's role addresses (contact@, accueil@...), so a shared phone or role address
// alone must not merge two people: it does only when the names agree, or when one side has no
// name at all. A shared personal e-mail address still merges. Rows kept apart this way are
// reported as possible duplicates. The rule is documented in docs/import.md ("Duplicates").
#pragma once

#include <string>
#include <string_view>

namespace coffre::services::import {

// A mailbox of a function rather than a person: the local part (before '@', without a "+tag")
// is one of a list of French and English role words (contact, info, accueil, commercial,
// direction, compta, sales, ...).
bool is_role_address(std::string_view normalised_email);

// Whether two rows' names can be one person's: true when either side has no name, when the last
// names agree and the first names agree or one is missing, or when the full names agree (also
// first and last swapped). Case, accents, hyphens and apostrophes are folded.
bool names_agree(const std::string& first_a, const std::string& last_a, const std::string& first_b,
                 const std::string& last_b);

}  // namespace coffre::services::import

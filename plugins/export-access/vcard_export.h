// The "vcard" format: the person's contact card, vCard 4.0 (RFC 6350), for art. 20 portability:
// what they gave us to reach them, in a format any address book imports. Read from the view's
// sections by their stable names: "identity" (first_name, last_name, role, address),
// "emails" (email, label), "phones" (phone, label), "organisation" (name); other sections are not
// contact data and are left to the other formats. Text is escaped (\\ \, \; \n) and lines are
// folded at 75 octets without splitting a UTF-8 sequence; line ends are CRLF.
#pragma once

#include <string>

#include "coffre/plugin/exporter.h"

namespace coffre::exporter {

bool write_vcard(const plugin::SubjectView& view, plugin::ExportTarget& target, std::string& error);

}  // namespace coffre::exporter

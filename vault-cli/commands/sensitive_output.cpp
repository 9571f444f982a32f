#include "commands/sensitive_output.h"

#include "coffre/i18n.h"
#include "commands/model_output.h"

#include <ostream>

namespace coffre::cli {

nlohmann::json finding_json(const app::SensitiveFinding& f) {
  nlohmann::json j = {{"source", std::string(app::to_string(f.source))},
                      {"id", f.id},
                      {"field", f.field},
                      {"word", f.word},
                      {"category", std::string(to_string(f.category))}};
  j["contact_id"] = f.contact_id ? nlohmann::json(*f.contact_id) : nlohmann::json(nullptr);
  if (f.org_id) j["org_id"] = *f.org_id;
  return j;
}

nlohmann::json findings_json(const std::vector<app::SensitiveFinding>& findings) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& f : findings) arr.push_back(finding_json(f));
  return arr;
}

void warn_special_categories(Context& ctx, const std::vector<app::SensitiveFinding>& findings) {
  if (findings.empty() || ctx.global.quiet) return;
  const auto& first = findings.front();
  std::string words;
  for (const auto& f : findings) {
    const std::string w = "\"" + f.word + "\" (" + shown(to_string(f.category)) + ")";
    if (words.find(w) == std::string::npos) words += (words.empty() ? "" : ", ") + w;
  }
  const std::string where = shown(app::to_string(first.source)) + " " + std::to_string(first.id) +
                            (first.field == "body" || first.field == "summary" ? "" : " (" + first.field + ")");
  const std::string id = std::to_string(first.id);
  switch (first.source) {
    case app::SensitiveSource::Note:
      ctx.err << trf("WARNING: {0} mentions special-category data (GDPR art. 9: health, religion, union, ethnicity, "
                     "politics, sex life): {1}. A prospect file must not keep it: coffre note redact {2} --word \"{3}\", "
                     "or note edit / note rm.",
                     {where, words, id, first.word});
      break;
    case app::SensitiveSource::Interaction:
      ctx.err << trf("WARNING: {0} mentions special-category data (GDPR art. 9: health, religion, union, ethnicity, "
                     "politics, sex life): {1}. A prospect file must not keep it: coffre sensitive redact --all takes "
                     "it out of every summary.",
                     {where, words});
      break;
    case app::SensitiveSource::Contact:
      ctx.err << trf("WARNING: {0} mentions special-category data (GDPR art. 9: health, religion, union, ethnicity, "
                     "politics, sex life): {1}. A prospect file must not keep it: change the field with coffre contact "
                     "edit {2}.",
                     {where, words, id});
      break;
  }
  ctx.err << "\n";
}

}  // namespace coffre::cli

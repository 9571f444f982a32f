// `note edit NOTE_ID TEXT` and `note redact NOTE_ID --word W`: a note's text rewritten, the old
// text scrubbed from the database, the search index and the WAL as `note rm` does.
#include "coffre/app/sensitive.h"
#include "coffre/stores.h"
#include "commands/common.h"
#include "commands/model_input.h"
#include "commands/sensitive_output.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class NoteEditCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"note", "edit"}; }
  std::string description() const override {
    return tr("Replace a note's text; the old text is scrubbed from the database, the search index and the WAL");
  }
  void setup(CLI::App& app) override {
    app.add_option("NOTE_ID", id_, tr("The note's id (`contact show` lists them)"))->required();
    app.add_option("TEXT", words_, tr("The new text; several words are joined with spaces"))->required();
  }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_ASSIGN_OR_RETURN(Id id, id_arg("note", id_));
    std::string text;
    for (const auto& w : words_) text += (text.empty() ? "" : " ") + w;
    NoteStore notes(vault);
    COFFRE_ASSIGN_OR_RETURN(Note before, notes.get(id));
    COFFRE_TRY(notes.edit(id, text));
    const auto found = app::scan_text(app::SensitiveSource::Note, id, before.contact_id, "body", text);
    if (ctx.global.json) {
      ctx.print_json({{"id", id}, {"edited", true}, {"special_categories", findings_json(found)}});
    } else {
      if (!ctx.global.quiet) ctx.out << trf("Note {} edited.", {std::to_string(id)}) << "\n";
      warn_special_categories(ctx, found);
    }
    return {};
  }

 private:
  std::string id_;
  std::vector<std::string> words_;
};

class NoteRedactCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"note", "redact"}; }
  std::string description() const override {
    return tr("Take a word out of a note, with the sentence that holds it (or alone with --word-only); the old "
           "text is scrubbed as `note rm` does");
  }
  void setup(CLI::App& app) override {
    app.add_option("NOTE_ID", id_, tr("The note's id (`contact show` lists them)"))->required();
    app.add_option("--word", word_, tr("The word or phrase (accents and case ignored, whole words)"))
        ->type_name("W")
        ->required();
    app.add_flag("--word-only", word_only_, tr("Remove only the word, not its sentence"));
    add_yes_flag(app, yes_);
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(Id id, id_arg("note", id_));
    if (word_.find_first_not_of(" \t") == std::string::npos)
      return make_error(ErrorKind::Usage, tr("--word is empty: give the word to take out"));
    COFFRE_ASSIGN_OR_RETURN(Note note, NoteStore(session.vault()).get(id));
    const auto scope = word_only_ ? RedactScope::Word : RedactScope::Sentence;
    const auto matches = find_word(note.body, word_);
    if (matches.empty())
      return make_error(ErrorKind::NotFound, trf("note {0} does not contain \"{1}\": nothing changed",
                                                     {std::to_string(id), word_}));
    const std::string after = redact(note.body, matches, scope);
    COFFRE_TRY(confirm_destructive(ctx, yes_,
                                   "Note " + std::to_string(id) + " becomes: " +
                                       (after.empty() ? std::string("(nothing left: the note is removed)")
                                                      : "\"" + after + "\"")));
    COFFRE_ASSIGN_OR_RETURN(auto r, app::redact_note(session, id, word_, scope));
    if (ctx.global.json) {
      ctx.print_json({{"id", id}, {"matches", r.matches}, {"removed", r.removed}, {"text", r.text}});
    } else if (!ctx.global.quiet) {
      ctx.out << (r.removed ? trf("Note {0}: {1} occurrence(s) of \"{2}\" taken out; nothing was left, the note is "
                                  "removed.",
                                  {std::to_string(id), std::to_string(r.matches), word_})
                            : trf("Note {0}: {1} occurrence(s) of \"{2}\" taken out.",
                                  {std::to_string(id), std::to_string(r.matches), word_}))
              << "\n";
    }
    return {};
  }

 private:
  std::string id_, word_;
  bool word_only_ = false, yes_ = false;
};

}  // namespace

std::unique_ptr<Command> make_note_edit_command() { return std::make_unique<NoteEditCommand>(); }
std::unique_ptr<Command> make_note_redact_command() { return std::make_unique<NoteRedactCommand>(); }

}  // namespace coffre::cli

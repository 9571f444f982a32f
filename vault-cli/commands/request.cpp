// `coffre request open|extend|refuse|close|list|show`: the register of data-subject requests and
// their deadlines (GDPR art. 12(3)-(4), coffre/app/requests.h).
#include <nlohmann/json.hpp>

#include "coffre/app/requests.h"
#include "commands/common.h"
#include "commands/model_input.h"
#include "commands/model_output.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

nlohmann::json request_json(const app::SubjectRequest& r) {
  nlohmann::json answers = nlohmann::json::array();
  for (const auto& a : r.answers) answers.push_back({{"kind", a.kind}, {"evidence", a.evidence}, {"at", a.at}});
  nlohmann::json j = {{"id", r.id},
                      {"subject", r.subject},
                      {"contact", r.contact_id ? nlohmann::json(*r.contact_id) : nlohmann::json(nullptr)},
                      {"type", std::string(to_string(r.type))},
                      {"via", r.via ? nlohmann::json(*r.via) : nlohmann::json(nullptr)},
                      {"received", app::to_string(r.received)},
                      {"first_due", app::to_string(r.first_due)},
                      {"due", app::to_string(r.due)},
                      {"extended_months", r.extended_months},
                      {"person_told", r.person_told},
                      {"status", std::string(to_string(r.status))},
                      {"answered_at", r.answered_at ? nlohmann::json(*r.answered_at) : nlohmann::json(nullptr)},
                      {"overdue", r.overdue},
                      {"days_left", r.days_left},
                      {"subject_erased", r.subject_erased},
                      {"answers", answers}};
  auto opt = [&](const char* key, const std::optional<std::string>& v) {
    j[key] = v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  opt("note", r.note);
  opt("extension_reason", r.extension_reason);
  opt("refusal_reason", r.refusal_reason);
  opt("close_note", r.close_note);
  j["evidence_document"] = r.evidence_document_id ? nlohmann::json(*r.evidence_document_id) : nlohmann::json(nullptr);
  return j;
}

std::string when(const app::SubjectRequest& r) {
  if (r.status != app::RequestStatus::Open) return shown(to_string(r.status));
  if (r.overdue) return trf("OVERDUE by {} day(s)", {std::to_string(-r.days_left)});
  return trf("{} day(s) left", {std::to_string(r.days_left)});
}

std::string who(const app::SubjectRequest& r) {
  return r.contact_id ? trf("contact {}", {std::to_string(*r.contact_id)}) : trf("{} (erased)", {r.subject});
}

class RequestOpenCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"request", "open"}; }
  std::string description() const override {
    return tr("Record a request from a person (access, rectification, erasure...): prints its id and due date "
           "(one month after receipt, GDPR art. 12(3))");
  }
  void setup(CLI::App& app) override {
    app.add_option("--type", type_, tr("access, rectification, erasure, restriction, portability or objection"))
        ->required()
        ->type_name("TYPE");
    app.add_option("--contact", contact_, tr("The person's contact id"))->required()->type_name("ID");
    app.add_option("--received", received_, tr("The day the request was received (YYYY-MM-DD)"))->required()->type_name("DATE");
    app.add_option("--via", via_, tr("How it came: email, post, phone or in-person"))->type_name("CHANNEL");
    app.add_option("--evidence", evidence_, tr("The request itself (letter, e-mail): stored encrypted as the person's document"))
        ->type_name("FILE");
    app.add_option("--note", note_, tr("A note (the person's data: erased with them)"))->type_name("TEXT");
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    app::OpenRequest req;
    COFFRE_ASSIGN_OR_RETURN(req.contact_id, id_arg("contact", contact_));
    req.type = type_;
    req.received = received_;
    req.via = via_;
    req.evidence = evidence_;
    req.note = note_;
    COFFRE_ASSIGN_OR_RETURN(auto r, app::open_request(session, req, ctx.progress()));
    if (ctx.global.json) {
      ctx.print_json({{"id", r.id}, {"due", app::to_string(r.due)}});
      return {};
    }
    ctx.out << r.id << "\n";
    if (!ctx.global.quiet)
      ctx.err << trf("Request {0} ({1}) from contact {2}: received {3}, due {4} ({5}).",
                     {std::to_string(r.id), shown(to_string(r.type)), std::to_string(req.contact_id),
                      app::to_string(r.received), app::to_string(r.due), when(r)})
              << "\n";
    return {};
  }

 private:
  std::string type_, contact_, received_, via_, evidence_, note_;
};

class RequestExtendCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"request", "extend"}; }
  std::string description() const override {
    return tr("Extend a request's deadline by 1 or 2 months (at most 2 in all, only before the first deadline; the "
           "person must be told why, GDPR art. 12(3))");
  }
  void setup(CLI::App& app) override {
    app.add_option("ID", id_, tr("The request's id"))->required();
    app.add_option("--months", months_, tr("1 or 2"))->required();
    app.add_option("--reason", reason_, tr("Why it is necessary (told to the person; erased with them)"))->required();
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(Id id, id_arg("request", id_));
    COFFRE_ASSIGN_OR_RETURN(auto r, app::extend_request(session, id, months_, reason_));
    if (ctx.global.json) {
      ctx.print_json(request_json(r));
      return {};
    }
    ctx.out << trf("Request {0} is now due {1} (extended by {2} month(s)). Tell the person of the extension and its "
                   "reasons before {3} (GDPR art. 12(3)).",
                   {std::to_string(r.id), app::to_string(r.due), std::to_string(r.extended_months),
                    app::to_string(r.first_due)})
            << "\n";
    return {};
  }

 private:
  std::string id_, reason_;
  int months_ = 0;
};

class RequestRefuseCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"request", "refuse"}; }
  std::string description() const override {
    return tr("Refuse a request (manifestly unfounded or excessive): prints the answer to send, which tells the "
           "person they may complain to the CNIL (GDPR art. 12(4))");
  }
  void setup(CLI::App& app) override {
    app.add_option("ID", id_, tr("The request's id"))->required();
    app.add_option("--reason", reason_, tr("Why (told to the person; erased with them)"))->required();
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(Id id, id_arg("request", id_));
    COFFRE_ASSIGN_OR_RETURN(auto a, app::refuse_request(session, id, reason_));
    if (ctx.global.json) {
      auto j = request_json(a.request);
      j["answer"] = a.text;
      ctx.print_json(j);
      return {};
    }
    ctx.out << a.text;
    return {};
  }

 private:
  std::string id_, reason_;
};

class RequestCloseCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"request", "close"}; }
  std::string description() const override {
    return tr("Close an answered request; it keeps the evidence recorded by erase, access export and contact edit "
           "--request");
  }
  void setup(CLI::App& app) override {
    app.add_option("ID", id_, tr("The request's id"))->required();
    app.add_option("--note", note_, tr("A note (the person's data: erased with them)"))->type_name("TEXT");
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(Id id, id_arg("request", id_));
    COFFRE_ASSIGN_OR_RETURN(auto r, app::close_request(session, id, note_));
    if (ctx.global.json) {
      ctx.print_json(request_json(r));
      return {};
    }
    ctx.out << (r.days_left >= 0 ? trf("Closed request {0} on time ({1}).", {std::to_string(r.id), app::to_string(r.due)})
                                 : trf("Closed request {0} late, after its deadline ({1}).",
                                       {std::to_string(r.id), app::to_string(r.due)}))
            << "\n";
    for (const auto& a : r.answers)
      ctx.out << "  " << trf("evidence: {0} {1} ({2})", {shown(a.kind), a.evidence, a.at}) << "\n";
    if (r.answers.empty())
      ctx.err << trf("No answer is linked to this request: erase, access export and contact edit take --request {} to "
                     "record what was done.",
                     {std::to_string(r.id)})
              << "\n";
    return {};
  }

 private:
  std::string id_, note_;
};

class RequestListCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"request", "list"}; }
  std::string description() const override { return tr("List requests, soonest deadline first"); }
  void setup(CLI::App& app) override {
    app.add_flag("--open", filter_.open_only, tr("Only requests not yet closed or refused"));
    app.add_flag("--overdue", filter_.overdue_only, tr("Only open requests past their deadline"));
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(auto list, app::list_requests(session, filter_));
    if (ctx.global.json) {
      nlohmann::json j = nlohmann::json::array();
      for (const auto& r : list) j.push_back(request_json(r));
      ctx.print_json(j);
      return {};
    }
    for (const auto& r : list)
      ctx.out << r.id << "  " << shown(to_string(r.type)) << "  " << who(r) << "  "
              << trf("received {}", {app::to_string(r.received)}) << "  " << trf("due {}", {app::to_string(r.due)})
              << "  " << when(r) << "\n";
    if (list.empty() && !ctx.global.quiet) ctx.err << tr("No requests.") << "\n";
    return {};
  }

 private:
  app::RequestFilter filter_;
};

class RequestShowCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"request", "show"}; }
  std::string description() const override { return tr("Show one request: dates, extension, status and evidence"); }
  void setup(CLI::App& app) override { app.add_option("ID", id_, tr("The request's id"))->required(); }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(Id id, id_arg("request", id_));
    COFFRE_ASSIGN_OR_RETURN(auto r, app::show_request(session, id));
    if (ctx.global.json) {
      ctx.print_json(request_json(r));
      return {};
    }
    ctx.out << trf("Request {0}: {1} from {2}, subject {3}",
                   {std::to_string(r.id), shown(to_string(r.type)), who(r), r.subject})
            << "\n"
            << "  " << tr("received   ")
            << (r.via ? trf("{0} by {1}", {app::to_string(r.received), shown(*r.via)}) : app::to_string(r.received))
            << "\n"
            << "  " << tr("due        ") << app::to_string(r.due);
    if (r.extended_months > 0)
      ctx.out << " "
              << trf("(first deadline {0}, extended by {1} month(s); the person must be told before {0})",
                     {app::to_string(r.first_due), std::to_string(r.extended_months)});
    ctx.out << "\n  " << tr("status     ") << when(r) << (r.answered_at ? ", " + *r.answered_at : std::string()) << "\n";
    // TRANSLATORS: the labels of `request show` are padded to 11 characters so that the values line up.
    if (r.note) ctx.out << "  " << tr("note       ") << *r.note << "\n";
    if (r.evidence_document_id)
      ctx.out << "  " << tr("evidence   ")
              << trf("document {} (coffre doc get)", {std::to_string(*r.evidence_document_id)}) << "\n";
    if (r.extension_reason) ctx.out << "  " << tr("extension  ") << *r.extension_reason << "\n";
    if (r.refusal_reason) ctx.out << "  " << tr("refused    ") << *r.refusal_reason << "\n";
    if (r.close_note) ctx.out << "  " << tr("closing    ") << *r.close_note << "\n";
    for (const auto& a : r.answers)
      ctx.out << "  " << tr("answer     ") << shown(a.kind) << " " << a.evidence << " (" << a.at << ")\n";
    return {};
  }

 private:
  std::string id_;
};

}  // namespace

std::unique_ptr<Command> make_request_open_command() { return std::make_unique<RequestOpenCommand>(); }
std::unique_ptr<Command> make_request_extend_command() { return std::make_unique<RequestExtendCommand>(); }
std::unique_ptr<Command> make_request_refuse_command() { return std::make_unique<RequestRefuseCommand>(); }
std::unique_ptr<Command> make_request_close_command() { return std::make_unique<RequestCloseCommand>(); }
std::unique_ptr<Command> make_request_list_command() { return std::make_unique<RequestListCommand>(); }
std::unique_ptr<Command> make_request_show_command() { return std::make_unique<RequestShowCommand>(); }

}  // namespace coffre::cli

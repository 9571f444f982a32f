#include "commands/demo_data.h"

#include <array>
#include <string>

#include "coffre/stores.h"

namespace coffre::cli {
namespace {

constexpr Time kDay = 24 * 3600;

// A fixed-seed linear congruential generator: the demo must be the same on every machine.
class Lcg {
 public:
  std::uint32_t next(std::uint32_t n) {
    state_ = state_ * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::uint32_t>(state_ >> 33) % n;
  }

 private:
  std::uint64_t state_ = 2026;
};

struct DemoOrg {
  const char* name;
  const char* siren8;  // the SIREN without its check digit, which is computed (Luhn)
  const char* sector;
  const char* address;
  const char* domain;
  char region;  // first digit of a landline number there
};

constexpr std::array<DemoOrg, 12> kOrgs = {{
    {"Boulangerie Dupré", "41234567", "Boulangerie-pâtisserie", "14 rue Mercière, 69002 Lyon", "boulangerie-dupre.fr", '4'},
    {"Transports Legrand", "38217654", "Transport routier de marchandises", "ZI des Bruyères, 59810 Lesquin",
     "transports-legrand.fr", '3'},
    {"Garage Lefèvre & Fils", "52309876", "Réparation automobile", "22 avenue Jean Jaurès, 31000 Toulouse",
     "garage-lefevre.fr", '5'},
    {"Cabinet Moreau Expertise", "79123450", "Expertise comptable", "8 place Bellecour, 69002 Lyon",
     "moreau-expertise.fr", '4'},
    {"Menuiserie Fontaine", "48765432", "Menuiserie", "3 chemin des Vignes, 33000 Bordeaux", "menuiserie-fontaine.fr",
     '5'},
    {"Hôtel Les Tilleuls", "33456789", "Hôtellerie", "1 quai Saint-Pierre, 06400 Cannes", "hotel-lestilleuls.fr", '4'},
    {"Pharmacie Girard", "50987612", "Pharmacie", "45 rue de la République, 13001 Marseille", "pharmacie-girard.fr",
     '4'},
    {"Agence Rousseau Immobilier", "81234098", "Agence immobilière", "17 boulevard Haussmann, 75009 Paris",
     "rousseau-immo.fr", '1'},
    {"Clinique vétérinaire Mercier", "44321987", "Soins vétérinaires", "9 rue Nationale, 37000 Tours", "veto-mercier.fr",
     '2'},
    {"Bonnet Électricité", "39876123", "Électricité générale", "60 rue de Brest, 35000 Rennes", "bonnet-elec.fr", '2'},
    {"Château Lambert", "40112233", "Viticulture", "Route des Châteaux, 33250 Pauillac", "chateau-lambert.fr", '5'},
    {"Imprimerie Chevalier", "51234321", "Imprimerie", "5 rue des Arts, 67000 Strasbourg", "imprimerie-chevalier.fr",
     '3'},
}};

struct Name {
  const char* text;
  const char* ascii;  // for e-mail addresses
};
constexpr std::array<Name, 24> kFirst = {{
    {"Hélène", "helene"},   {"Jean", "jean"},       {"Élodie", "elodie"},       {"François", "francois"},
    {"Chloé", "chloe"},     {"Julien", "julien"},   {"Anaïs", "anais"},         {"Benoît", "benoit"},
    {"Cécile", "cecile"},   {"Jérôme", "jerome"},   {"Noémie", "noemie"},       {"Loïc", "loic"},
    {"Gaëlle", "gaelle"},   {"Stéphane", "stephane"}, {"Agnès", "agnes"},       {"Raphaël", "raphael"},
    {"Maëlle", "maelle"},   {"Thierry", "thierry"}, {"Inès", "ines"},           {"Mathieu", "mathieu"},
    {"Léa", "lea"},         {"Sébastien", "sebastien"}, {"Béatrice", "beatrice"}, {"Hervé", "herve"},
}};
constexpr std::array<Name, 20> kLast = {{
    {"Dupré", "dupre"},     {"Martin", "martin"},   {"Lefèvre", "lefevre"}, {"Moreau", "moreau"},
    {"Girard", "girard"},   {"Rousseau", "rousseau"}, {"Fontaine", "fontaine"}, {"Mercier", "mercier"},
    {"Bonnet", "bonnet"},   {"Lambert", "lambert"}, {"Chevalier", "chevalier"}, {"Faure", "faure"},
    {"Garnier", "garnier"}, {"Perrin", "perrin"},   {"Brun", "brun"},       {"Leroy", "leroy"},
    {"Roux", "roux"},       {"Gauthier", "gauthier"}, {"Clément", "clement"}, {"Mathé", "mathe"},
}};
constexpr std::array<const char*, 7> kRoles = {"Direction générale", "Responsable achats", "Direction commerciale",
                                               "Comptabilité",       "Responsable logistique",
                                               "Assistanat de direction", "Chef d'atelier"};
constexpr std::array<const char*, 6> kSources = {"Salon Franchise Expo 2026", "Recommandation client",
                                                 "Site web (formulaire de contact)", "Annuaire CCI",
                                                 "Appel entrant", "Foire de Lyon"};
constexpr std::array<const char*, 6> kCities = {"12 allée des Lilas, 44000 Nantes", "3 rue du Moulin, 21000 Dijon",
                                                "27 avenue Foch, 54000 Nancy", "8 impasse des Tanneurs, 87000 Limoges",
                                                "40 cours Mirabeau, 13100 Aix-en-Provence",
                                                "5 place du Marché, 74000 Annecy"};
constexpr std::array<const char*, 4> kMailHosts = {"orange.fr", "free.fr", "laposte.net", "sfr.fr"};
constexpr std::array<const char*, 8> kContactNotes = {
    "Préfère être appelée le matin, avant 10 h.",
    "Budget voté en janvier : relancer début décembre.",
    "Le décideur est le DAF, pas la personne à l'accueil.",
    "Intéressé par la formule annuelle ; concurrent actuel : Dupuis SA.",
    "Ne pas appeler le mercredi (jour de marché).",
    "A demandé à ne recevoir que des courriels.",
    "Rencontré au salon, très réceptive à la démonstration.",
    "Projet de rénovation du magasin au printemps : proposer un devis complet."};

struct Step {
  InteractionKind kind;
  Outcome outcome;
  const char* summary;
  int follow_days;  // 0: no follow-up
};
constexpr std::array<Step, 12> kSteps = {{
    {InteractionKind::Call, Outcome::NoAnswer, "Messagerie, laissé un message", 2},
    {InteractionKind::Call, Outcome::Busy, "Occupé, rappeler en fin de matinée", 1},
    {InteractionKind::Call, Outcome::CallBack, "Demande à être rappelé jeudi", 3},
    {InteractionKind::Call, Outcome::Refused, "Pas intéressé pour le moment", 0},
    {InteractionKind::Call, Outcome::Meeting, "Rendez-vous fixé pour une présentation", 7},
    {InteractionKind::Email, Outcome::MailSent, "Plaquette et tarifs envoyés", 5},
    {InteractionKind::Meeting, Outcome::Project, "Projet confirmé : devis pour 12 postes", 10},
    {InteractionKind::Call, Outcome::Lead, "Intérêt pour l'offre d'entretien annuel", 4},
    {InteractionKind::Call, Outcome::OutOfTarget, "Hors cible : moins de 5 salariés", 0},
    {InteractionKind::Call, Outcome::WrongNumber, "Numéro erroné, chercher le bon standard", 0},
    {InteractionKind::Call, Outcome::RefusedToTalk, "A raccroché aussitôt", 0},
    {InteractionKind::Letter, Outcome::MailSent, "Courrier de présentation envoyé", 14},
}};

std::string with_luhn(const char* base8) {
  std::string s = base8;
  for (int check = 0; check < 10; ++check) {
    std::string candidate = s + static_cast<char>('0' + check);
    int sum = 0;
    bool twice = false;
    for (auto it = candidate.rbegin(); it != candidate.rend(); ++it) {
      int d = *it - '0';
      if (twice && (d *= 2) > 9) d -= 9;
      sum += d;
      twice = !twice;
    }
    if (sum % 10 == 0) return candidate;
  }
  return s + "0";  // unreachable: one of ten check digits always completes a Luhn number
}

// A temperature that fits the category: clients were won, suspects are not qualified yet.
std::optional<Temperature> temperature_for(Category category, Lcg& rng) {
  switch (category) {
    case Category::Client: return rng.next(3) ? Temperature::Won : Temperature::Hot;
    case Category::Suspect: return rng.next(2) ? std::nullopt : std::optional(Temperature::Cold);
    case Category::Partner:
    case Category::Supplier: return std::nullopt;
    case Category::Prospect: break;
  }
  constexpr std::array<Temperature, 7> prospect = {Temperature::Hot,  Temperature::Warm,    Temperature::Warm,
                                                   Temperature::Cold, Temperature::Cold,    Temperature::Lost,
                                                   Temperature::Stopped};
  return prospect[rng.next(prospect.size())];
}

std::string phone(Lcg& rng, char first_digit) {
  std::string p = "0";
  p += first_digit;
  for (int pair = 0; pair < 4; ++pair) {
    const auto n = rng.next(100);
    p += ' ';
    p += static_cast<char>('0' + n / 10);
    p += static_cast<char>('0' + n % 10);
  }
  return p;
}

}  // namespace

Result<DemoSummary> fill_demo_vault(Vault& vault) {
  Lcg rng;
  DemoSummary summary;
  const Time now = vault.clock().now();
  OrganisationStore orgs(vault);
  std::vector<Id> org_ids;
  for (const auto& o : kOrgs) {
    COFFRE_ASSIGN_OR_RETURN(Id id, orgs.add({o.name, with_luhn(o.siren8), std::nullopt, o.sector, o.address}));
    org_ids.push_back(id);
  }
  summary.organisations = static_cast<std::int64_t>(org_ids.size());

  // Two or three people per company (B2B), then a dozen private customers (B2C).
  std::vector<NewContact> people;
  std::size_t k = 0;
  auto person = [&](NewContact& c) {
    const Name& first = kFirst[k % kFirst.size()];
    const Name& last = kLast[(k * 7) % kLast.size()];
    c.first_name = first.text;
    c.last_name = last.text;
    c.source = kSources[rng.next(kSources.size())];
    c.collected_at = now - static_cast<Time>(30 + (k * 37) % 400) * kDay;
    ++k;
    return std::pair<const Name&, const Name&>(first, last);
  };
  for (std::size_t o = 0; o < kOrgs.size(); ++o) {
    const std::size_t staff = o % 3 == 0 ? 3 : 2;
    for (std::size_t s = 0; s < staff; ++s) {
      NewContact c;
      auto [first, last] = person(c);
      c.kind = ContactKind::B2B;
      c.org_id = org_ids[o];
      c.role = kRoles[(o + s) % kRoles.size()];
      constexpr std::array<Category, 6> cats = {Category::Prospect, Category::Prospect, Category::Suspect,
                                                Category::Client,   Category::Prospect, Category::Partner};
      c.category = cats[rng.next(cats.size())];
      c.temperature = temperature_for(c.category, rng);
      c.emails = {{std::string(first.ascii) + "." + last.ascii + "@" + kOrgs[o].domain, "work"}};
      c.phones = {{phone(rng, kOrgs[o].region), "standard"}};
      if (rng.next(2) == 0) c.phones.push_back({phone(rng, rng.next(2) ? '6' : '7'), "mobile"});
      people.push_back(std::move(c));
    }
  }
  for (int i = 0; i < 12; ++i) {
    NewContact c;
    auto [first, last] = person(c);
    c.kind = ContactKind::B2C;
    c.category = i % 4 == 0 ? Category::Client : Category::Prospect;
    c.temperature = temperature_for(c.category, rng);
    c.address = kCities[static_cast<std::size_t>(i) % kCities.size()];
    c.emails = {{std::string(first.ascii) + "." + last.ascii + "@" + kMailHosts[rng.next(kMailHosts.size())], "perso"}};
    c.phones = {{phone(rng, rng.next(2) ? '6' : '7'), "mobile"}};
    people.push_back(std::move(c));
  }
  // One batch, as an import would do it: one transaction, one audit entry.
  COFFRE_ASSIGN_OR_RETURN(summary.contact_ids, ContactStore(vault).add_batch(people, NullProgress::instance()));
  summary.contacts = static_cast<std::int64_t>(summary.contact_ids.size());

  // A history for each: one to four interactions, a few days to a few weeks apart, the latest in
  // the last twelve days; when it asks for a follow-up, that follow-up may now be due.
  InteractionStore interactions(vault);
  NoteStore notes(vault);
  for (std::size_t i = 0; i < summary.contact_ids.size(); ++i) {
    const Id id = summary.contact_ids[i];
    const int count = 1 + static_cast<int>(rng.next(4));
    std::vector<Time> dates(static_cast<std::size_t>(count));
    Time at = now - static_cast<Time>(rng.next(12)) * kDay - static_cast<Time>(1 + rng.next(6)) * 3600;
    for (int j = count - 1; j >= 0; --j) {
      dates[static_cast<std::size_t>(j)] = at;
      at -= static_cast<Time>(3 + rng.next(14)) * kDay;
    }
    for (Time when : dates) {
      const Step& step = kSteps[rng.next(kSteps.size())];
      NewInteraction in;
      in.contact_id = id;
      in.kind = step.kind;
      in.outcome = step.outcome;
      in.occurred_at = when;
      in.summary = step.summary;
      if (step.follow_days) in.follow_up_at = when + step.follow_days * kDay;
      // About one in five is the person reaching out: the retention clock starts again then.
      if ((step.kind == InteractionKind::Call || step.kind == InteractionKind::Email) && rng.next(5) == 0) {
        in.direction = Direction::Inbound;
        const bool call = step.kind == InteractionKind::Call;
        in.outcome = call ? Outcome::Lead : Outcome::Project;
        in.summary = call ? "A rappelé suite à notre message, souhaite une démonstration"
                          : "Demande de devis reçue par courriel";
        in.follow_up_at = when + (call ? 3 : 2) * kDay;
      }
      COFFRE_TRY(interactions.add(in).status());
      ++summary.interactions;
    }
    if (i % 3 == 0) {
      COFFRE_TRY(notes.add_to_contact(id, kContactNotes[(i / 3) % kContactNotes.size()]).status());
      ++summary.notes;
    }
  }
  COFFRE_TRY(notes.add_to_organisation(org_ids[0], "Client historique depuis 2019 ; trois boutiques à Lyon.").status());
  COFFRE_TRY(notes.add_to_organisation(org_ids[1], "Rachat par un groupe logistique prévu au printemps.").status());
  summary.notes += 2;
  return summary;
}

}  // namespace coffre::cli

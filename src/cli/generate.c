/*
 * cli/generate.c: `veikart generate --measures N --actors N --reports N
 * --seed S [--db PATH]` builds a synthetic database of any size for
 * benchmarks and tests: ministries and bodies under them, strategies with
 * focus areas, measures with Norwegian-like titles and descriptions drawn
 * from word lists (some of them near copies of others, so that the overlap
 * analysis has work to do), responsibilities, links with depends_on chains
 * and a few cycles, arenas with members and meetings, schemes with budgets
 * and allocations, indicators with observations, stakeholder inputs and
 * their answers, reporting periods and status reports.
 *
 * The same arguments give the same database, byte for byte in content:
 * all randomness comes from one splitmix64 stream seeded with --seed. The
 * file must not exist; on failure it is removed. The SQL is in
 * store/generate.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "model/period.h"
#include "store/generate.h"
#include "store/migrations.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/parse.h"
#include "util/xalloc.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define NMINISTRIES 8
#define TOPIC_NOUNS 8
#define POOL 24	       /* usual actors of a strategy */
#define LAST_YEAR 2026 /* the newest period is LAST_YEAR-T2 */
#define LAST_TERTIAL 2

struct topic {
	const char *area;
	const char *nouns[TOPIC_NOUNS];
};

static const struct topic topics[] = {
    {"Eksport",
     {"eksportfremme", "markedsadgang i nøkkelmarkeder", "felles fremstøt",
      "internasjonal profilering", "helseeksport", "merkevarebygging",
      "eksportkreditt", "eksportrettede bedrifter"}},
    {"Kliniske studier",
     {"kliniske studier", "pasientrekruttering", "industrifinansierte studier",
      "studiesentre", "studiepersonell", "desentraliserte studier",
      "godkjenning av studier", "samarbeid om studier"}},
    {"Helsedata",
     {"tilgang til helsedata", "helseregistre", "datadeling",
      "analyseinfrastruktur", "personvern", "sekundærbruk av data",
      "dataplattformer", "felles datakatalog"}},
    {"Test og pilotering",
     {"testsentre", "pilotering", "testarenaer", "katapultsentre",
      "laboratoriekapasitet", "utprøving i tjenestene", "testfasiliteter",
      "innovasjonsarenaer"}},
    {"Offentlige anskaffelser",
     {"innovative anskaffelser", "leverandørdialog", "innkjøpsordninger",
      "markedsdialog", "anskaffelsesregelverket", "samordnede innkjøp",
      "innkjøpskompetanse", "kravspesifikasjoner"}},
    {"Kapital",
     {"kapitaltilgang", "risikokapital", "tidligfaseinvesteringer",
      "investormiljøer", "lån og garantier", "såkornfond", "vekstkapital",
      "tilskudd til oppstart"}},
    {"Kompetanse",
     {"kompetanse", "entreprenørskapsundervisning", "etter- og videreutdanning",
      "rekruttering av fagfolk", "praksisplasser", "digital kompetanse",
      "kompetanseprogram", "talentutvikling"}},
    {"Velferdsteknologi",
     {"velferdsteknologi", "digital hjemmeoppfølging", "trygghetsteknologi",
      "e-helseløsninger", "journalløsninger", "medisinsk avstandsoppfølging",
      "sensorteknologi", "digitale tjenester"}},
    {"Legemidler",
     {"legemiddelproduksjon", "produksjonskapasitet", "forsyningssikkerhet",
      "legemiddelberedskap", "kontraktsproduksjon", "prosessutvikling",
      "virkestoffer", "lagerhold av legemidler"}},
    {"Regelverk og standarder",
     {"regelverksutvikling", "harmoniserte standarder", "CE-merking",
      "markedsføringstillatelse", "regulatorisk veiledning",
      "forenkling av regelverk", "metodevurdering", "godkjenningsordninger"}},
    {"Forskning og kommersialisering",
     {"kommersialisering av forskning", "teknologioverføring",
      "immaterielle rettigheter", "patentering", "forskningsbasert innovasjon",
      "verifiseringsmidler", "innovasjonsprosjekter",
      "samarbeid mellom akademia og næringsliv"}},
    {"Klynger og samarbeid",
     {"næringsklynger", "klyngesamarbeid", "økosystem for innovasjon",
      "nettverk mellom bedrifter", "superklynge", "regionalt samarbeid",
      "partnerskap", "møteplasser"}},
    {"Persontilpasset medisin",
     {"persontilpasset medisin", "genomikk", "presisjonsdiagnostikk",
      "biobanker", "molekylær diagnostikk", "genetisk testing",
      "målrettet behandling", "biomarkører"}},
    {"Kommunale tjenester",
     {"kommunale helsetjenester", "primærhelsetjenesten", "hjemmetjenester",
      "omsorgstjenester", "legevakt", "fastlegeordningen",
      "interkommunalt samarbeid", "tjenesteinnovasjon i kommunene"}},
    {"Spesialisthelsetjenesten",
     {"helseforetakene", "sykehusinnkjøp", "pasientforløp",
      "behandlingskapasitet", "innovasjon i sykehusene", "oppdragsdokumentet",
      "samarbeid med næringslivet", "utstyrsinvesteringer"}},
    {"Internasjonalt samarbeid",
     {"EU-programmer", "Horisont Europa", "nordisk samarbeid",
      "internasjonale partnerskap", "søknadsstøtte", "europeiske nettverk",
      "bilaterale avtaler", "internasjonal rekruttering"}},
    {"Kunstig intelligens",
     {"kunstig intelligens", "beslutningsstøtte", "maskinlæring",
      "språkmodeller", "bildeanalyse", "algoritmer i klinikken",
      "ansvarlig bruk av KI", "datadrevet innovasjon"}},
    {"Beredskap",
     {"helseberedskap", "beredskapslagre", "smittevern", "krisehåndtering",
      "vaksineproduksjon", "medisinsk utstyr", "forsyningskjeder", "øvelser"}},
    {"Psykisk helse",
     {"psykisk helse", "rusbehandling", "forebygging", "lavterskeltilbud",
      "digitale behandlingstilbud", "barn og unge",
      "oppfølging etter behandling", "brukermedvirkning"}},
    {"Grønn omstilling",
     {"grønn omstilling", "bærekraftige innkjøp", "sirkulær økonomi",
      "klimaavtrykk", "energieffektivisering", "grønne løsninger", "miljøkrav",
      "gjenbruk av utstyr"}},
};

static const char *const verbs[] = {
    "styrke",	  "videreutvikle", "etablere",
    "utrede",	  "kartlegge",	   "forenkle",
    "mobilisere", "samordne",	   "legge til rette for",
    "vurdere",	  "prøve ut",	   "evaluere",
    "utvide",	  "bygge opp",	   "målrette",
    "koordinere", "digitalisere",  "fornye",
    "sikre",	  "videreføre",
};

static const char *const targets[] = {
    "for helsenæringen",
    "i kommunene",
    "for små og mellomstore bedrifter",
    "i helseforetakene",
    "for gründere",
    "for eksportrettede bedrifter",
    "i distriktene",
    "for pasientene",
    "sammen med næringslivet",
    "på tvers av sektorer",
    "i hele landet",
    "for forskningsmiljøene",
};

static const char *const subjects[] = {
    "Regjeringen",
    "Direktoratet",
    "Virkemiddelapparatet",
    "Helseforetakene",
    "Kommunene",
    "Forskningsrådet",
    "Næringslivet og myndighetene",
    "Partene",
};

static const char *const prefixes[] = {
    "helse",	   "pasient",	      "data",
    "test",	   "eksport",	      "forsknings",
    "innovasjons", "kompetanse",      "omsorgs",
    "sykehus",	   "legemiddel",      "teknologi",
    "kvalitets",   "sikkerhets",      "beredskaps",
    "klinikk",	   "diagnostikk",     "journal",
    "bilde",	   "labor",	      "vaksine",
    "behandlings", "rehabiliterings", "tannhelse",
    "folkehelse",  "velferds",	      "kreft",
    "hjerte",	   "diabetes",	      "demens",
    "rus",	   "barne",	      "eldre",
    "mat",	   "miljø",	      "klima",
    "energi",	   "transport",	      "bygg",
    "industri",
};

static const char *const suffixes[] = {
    "senter",	    "program",	     "plattform",     "ordning",   "nettverk",
    "strategi",	    "satsing",	     "verktøy",	      "tjeneste",  "register",
    "løsning",	    "modell",	     "portal",	      "arena",	   "pilot",
    "partnerskap",  "råd",	     "fond",	      "studie",	   "prosjekt",
    "laboratorium", "database",	     "app",	      "kurs",	   "standard",
    "prosess",	    "forum",	     "fellesskap",    "initiativ", "konsortium",
    "verksted",	    "klynge",	     "observatorium", "katalog",   "rammeverk",
    "veileder",	    "infrastruktur", "kapasitet",     "sentral",   "ressurs",
};

static const char *const places[] = {
    "Tromsø",	    "Bergen",	 "Trondheim", "Stavanger",   "Bodø",
    "Kristiansand", "Ålesund",	 "Hamar",     "Lillehammer", "Gjøvik",
    "Molde",	    "Harstad",	 "Alta",      "Drammen",     "Fredrikstad",
    "Skien",	    "Arendal",	 "Haugesund", "Førde",	     "Kirkenes",
    "Narvik",	    "Steinkjer", "Levanger",  "Tønsberg",    "Sandefjord",
    "Larvik",	    "Halden",	 "Kongsberg", "Elverum",     "Mo i Rana",
};

/* Made-up names of projects, places and products: the long tail of rare
 * words that real measure texts have, 40 x 12 x 40 of them. */
static const char *const syl1[] = {
    "Nord",  "Sol",  "Gran",  "Berg",  "Lund",	"Fjell", "Strand", "Vik",
    "Øst",   "Vest", "Sør",   "Lys",   "Hav",	"Elv",	 "Skog",   "Myr",
    "Stein", "Vind", "Is",    "Fjord", "Dal",	"Ås",	 "Bjørk",  "Eik",
    "Lin",   "Rune", "Brann", "Frost", "Glimt", "Hav",	 "Kjerne", "Lind",
    "Mo",    "Nes",  "Rok",   "Sand",  "Tind",	"Ulv",	 "Varde",  "Øy",
};

static const char *const syl_mid[] = {
    "a", "e", "o", "i", "ar", "er", "el", "en", "or", "un", "is", "ol",
};

static const char *const syl2[] = {
    "heim", "vik",  "dal",    "nes",   "stad",	 "berg",  "lund",  "bu",
    "sund", "voll", "haug",   "mark",  "rud",	 "seter", "fjord", "li",
    "åsen", "stua", "bakken", "tun",   "gard",	 "holm",  "bru",   "kilen",
    "lia",  "myra", "nuten",  "odden", "pynten", "ro",	  "skjær", "tangen",
    "ura",  "vang", "vollen", "øra",   "bukta",	 "eggen", "hamar", "kollen",
};

static const struct {
	const char *id, *nb, *en;
} ministries[NMINISTRIES] = {
    {"DEP-NFD", "Nærings- og fiskeridepartementet",
     "Ministry of Trade, Industry and Fisheries"},
    {"DEP-HOD", "Helse- og omsorgsdepartementet",
     "Ministry of Health and Care Services"},
    {"DEP-KD", "Kunnskapsdepartementet", "Ministry of Education"},
    {"DEP-KDD", "Kommunal- og distriktsdepartementet",
     "Ministry of Local Government and Regional Development"},
    {"DEP-FIN", "Finansdepartementet", "Ministry of Finance"},
    {"DEP-UD", "Utenriksdepartementet", "Ministry of Foreign Affairs"},
    {"DEP-DFD", "Digitaliserings- og forvaltningsdepartementet",
     "Ministry of Digitalisation and Public Governance"},
    {"DEP-ASD", "Arbeids- og inkluderingsdepartementet",
     "Ministry of Labour and Social Inclusion"},
};

enum akind {
	AK_MINISTRY,
	AK_AGENCY,
	AK_STATE,
	AK_HOSPITAL,
	AK_UNIVERSITY,
	AK_MUNICIPALITY,
	AK_COMPANY,
	AK_CLUSTER,
	AK_ORGANISATION,
	AK_FUND,
};

static const char *const akind_names[] = {
    "ministry",	    "agency",  "company_state", "hospital_trust", "university",
    "municipality", "company", "cluster",	"organisation",	  "fund",
};

struct gen {
	struct store_gen *g;
	struct err *err;
	bool failed;
	uint64_t rng;
	long nmeasures, nactors, nreports, nstrat, nschemes;
	int *akind, *aministry;
	int *snfocus, *ftopic; /* per strategy; per strategy*8+k */
	int32_t *pool;	       /* nstrat * POOL actors */
	int *mstrat, *mfocus, *mstate;
	int32_t *mlead; /* first lead, or -1 */
	char **mtitle, **mdesc;
	int32_t *alloc_scheme; /* per measure, or -1 */
	int *alloc_year;
	int64_t *alloc_amount;
	long links;
};

#define FOCUS_MAX 8

static uint64_t rnd(struct gen *G)
{
	uint64_t z = (G->rng += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

static long below(struct gen *G, long n)
{
	return n > 0 ? (long)(rnd(G) % (uint64_t)n) : 0;
}

static double unit(struct gen *G)
{
	return (double)(rnd(G) >> 11) * 0x1.0p-53;
}

#define PICK(G, arr) ((arr)[below((G), (long)N(arr))])

static void put(struct gen *G, enum gen_table t, const struct gen_val *v,
		size_t n)
{
	if (!G->failed && store_gen_row(G->g, t, v, n, G->err) < 0)
		G->failed = true;
}

#define ROW(G, T, ...)                                                         \
	put((G), (T), (const struct gen_val[]){__VA_ARGS__},                   \
	    N(((const struct gen_val[]){__VA_ARGS__})))

/* Appends s with its first letter in upper case (ASCII, æ, ø, å). */
static void add_cap(struct buf *b, const char *s)
{
	unsigned char c0 = (unsigned char)s[0];

	if (c0 >= 'a' && c0 <= 'z') {
		buf_addch(b, (char)(c0 - 32));
		buf_addstr(b, s + 1);
	} else if (c0 == 0xC3 && (unsigned char)s[1] >= 0xA0) {
		buf_addch(b, (char)c0);
		buf_addch(b, (char)((unsigned char)s[1] - 0x20));
		buf_addstr(b, s + 2);
	} else {
		buf_addstr(b, s);
	}
}

static void compound(struct gen *G, struct buf *b)
{
	buf_addstr(b, PICK(G, prefixes));
	buf_addstr(b, PICK(G, suffixes));
}

static const char *noun(struct gen *G, int topic)
{
	return topics[topic].nouns[below(G, TOPIC_NOUNS)];
}

/* Name number k of a vocabulary that grows with the data (ten names per
 * measure), so that two measures share a name by chance about as rarely
 * in a large database as in a small one. */
static void name(struct gen *G, struct buf *b)
{
	uint64_t v = (uint64_t)(G->nmeasures > 2000 ? G->nmeasures : 2000) * 10;
	uint64_t k = rnd(G) % v;
	size_t n1 = N(syl1), nm = N(syl_mid), n2 = N(syl2);

	buf_addstr(b, syl1[k % n1]);
	k /= n1;
	buf_addstr(b, syl_mid[k % nm]);
	k /= nm;
	buf_addstr(b, syl2[k % n2]);
	k /= n2;
	if (k > 0) { /* beyond 19 200 names: a second part */
		buf_addstr(b, syl_mid[(k - 1) % nm]);
		buf_addstr(b, syl2[((k - 1) / nm) % n2]);
	}
}

/* "Styrke pasientregister i Lundarvik": an action, its object and where
 * or for whom, as measure titles read. */
static void make_title(struct gen *G, int topic, struct buf *b)
{
	static const char *const preps[] = {"i", "for", "gjennom", "ved"};

	(void)topic;
	add_cap(b, PICK(G, verbs));
	buf_addch(b, ' ');
	compound(G, b);
	buf_addf(b, " %s ", PICK(G, preps));
	name(G, b);
}

static void make_desc(struct gen *G, int topic, struct buf *b)
{
	int other = unit(G) < 0.3 ? (int)below(G, N(topics)) : topic;

	buf_addf(b, "%s skal %s %s %s. Arbeidet omfatter ", PICK(G, subjects),
		 PICK(G, verbs), noun(G, topic), PICK(G, targets));
	compound(G, b);
	buf_addf(b, " i %s, prosjektene ", PICK(G, places));
	name(G, b);
	buf_addstr(b, " og ");
	name(G, b);
	buf_addf(b, ", og %s.", noun(G, other));
}

static const char *akind_name(int k)
{
	return akind_names[k];
}

static void actor_name(struct gen *G, int kind, struct buf *b)
{
	const char *place = PICK(G, places);

	switch (kind) {
	case AK_AGENCY:
		buf_addf(b, "Direktoratet for %s",
			 noun(G, (int)below(G, N(topics))));
		break;
	case AK_STATE:
		buf_addf(b, "%s Vekst SF", place);
		break;
	case AK_HOSPITAL:
		buf_addf(b, "Helse %s HF", place);
		break;
	case AK_UNIVERSITY:
		buf_addf(b, "Universitetet i %s", place);
		break;
	case AK_MUNICIPALITY:
		buf_addf(b, "%s kommune", place);
		break;
	case AK_CLUSTER:
		buf_addf(b, "%s helseklynge", place);
		break;
	case AK_FUND:
		buf_addf(b, "%s Investering AS", place);
		break;
	case AK_ORGANISATION:
		buf_addf(b, "Foreningen for %s",
			 noun(G, (int)below(G, N(topics))));
		break;
	default:
		add_cap(b, PICK(G, prefixes));
		buf_addf(b, "%s %s AS", PICK(G, suffixes), place);
	}
}

static int actor_kind(struct gen *G)
{
	static const int kinds[] = {
	    AK_AGENCY,	     AK_AGENCY,	      AK_AGENCY,     AK_STATE,
	    AK_HOSPITAL,     AK_HOSPITAL,     AK_UNIVERSITY, AK_MUNICIPALITY,
	    AK_MUNICIPALITY, AK_MUNICIPALITY, AK_COMPANY,    AK_COMPANY,
	    AK_CLUSTER,	     AK_ORGANISATION, AK_FUND,
	};

	return PICK(G, kinds);
}

/* The ministry a body sits under, or -1. */
static int parent_of(struct gen *G, int kind)
{
	switch (kind) {
	case AK_AGENCY:
	case AK_STATE:
		return unit(G) < 0.6 ? (int)below(G, 2) : (int)below(G, 8);
	case AK_HOSPITAL:
		return 1;
	case AK_UNIVERSITY:
		return 2;
	case AK_MUNICIPALITY:
		return unit(G) < 0.3 ? 3 : -1;
	case AK_FUND:
		return unit(G) < 0.5 ? 0 : -1;
	default:
		return -1;
	}
}

static void actor_id(long i, char out[48])
{
	if (i < NMINISTRIES)
		snprintf(out, 48, "%s", ministries[i].id);
	else
		snprintf(out, 48, "A-%05ld", i);
}

static void gen_actors(struct gen *G)
{
	struct buf b = BUF_INIT;
	char id[48], parent[48];

	G->akind = xcalloc((size_t)G->nactors, sizeof(int));
	G->aministry = xcalloc((size_t)G->nactors, sizeof(int));
	for (long i = 0; i < G->nactors; i++) {
		int kind = i < NMINISTRIES ? AK_MINISTRY : actor_kind(G);
		int p = kind == AK_MINISTRY ? -1 : parent_of(G, kind);

		G->akind[i] = kind;
		G->aministry[i] = kind == AK_MINISTRY ? (int)i : p;
		actor_id(i, id);
		buf_reset(&b);
		if (kind == AK_MINISTRY)
			buf_addstr(&b, ministries[i].nb);
		else
			actor_name(G, kind, &b);
		if (p >= 0)
			actor_id(p, parent);
		ROW(G, GEN_ACTOR, GV_S(id), GV_S(buf_cstr(&b)),
		    GV_S(kind == AK_MINISTRY ? ministries[i].en : NULL),
		    GV_S(akind_name(kind)), GV_S(p >= 0 ? parent : NULL));
	}
	buf_release(&b);
}

/* A body that is not a ministry. */
static int32_t some_body(struct gen *G)
{
	return (int32_t)(NMINISTRIES + below(G, G->nactors - NMINISTRIES));
}

static long strategy_first(const struct gen *G, long s)
{
	return s * G->nmeasures / G->nstrat;
}

static void gen_strategy(struct gen *G, long s, struct buf *b)
{
	static const char *const forms[] = {"Strategi for", "Handlingsplan for",
					    "Veikart for",
					    "Nasjonal satsing på"};
	int topic = (int)below(G, N(topics));
	char id[48], origin[48], owner[48];
	long year = 2018 + below(G, 8);
	bool has_origin = s > 0 && unit(G) < 0.05;

	snprintf(id, sizeof(id), "ST-%04ld", s);
	if (has_origin)
		snprintf(origin, sizeof(origin), "M-%06ld",
			 below(G, strategy_first(G, s)));
	actor_id(below(G, 2), owner);
	buf_reset(b);
	buf_addf(b, "%s %s %ld", PICK(G, forms), topics[topic].nouns[0], year);
	ROW(G, GEN_STRATEGY, GV_S(id), GV_S(buf_cstr(b)), GV_NUL,
	    GV_S(year == 2018 ? "2018-06" : "2023-01"),
	    GV_S(has_origin ? origin : NULL), GV_S(owner));
}

static void gen_focus(struct gen *G, long s)
{
	int n = 4 + (int)below(G, FOCUS_MAX - 3);
	char id[48], st[48];

	snprintf(st, sizeof(st), "ST-%04ld", s);
	G->snfocus[s] = n;
	for (int k = 0; k < n; k++) {
		int topic = (int)below(G, N(topics));

		G->ftopic[s * FOCUS_MAX + k] = topic;
		snprintf(id, sizeof(id), "FA-%04ld-%02d", s, k + 1);
		ROW(G, GEN_FOCUS, GV_S(id), GV_S(st), GV_I(k + 1),
		    GV_S(topics[topic].area));
	}
}

static void gen_strategies(struct gen *G)
{
	struct buf b = BUF_INIT;

	G->snfocus = xcalloc((size_t)G->nstrat, sizeof(int));
	G->ftopic = xcalloc((size_t)G->nstrat * FOCUS_MAX, sizeof(int));
	G->pool = xcalloc((size_t)G->nstrat * POOL, sizeof(int32_t));
	for (long s = 0; s < G->nstrat; s++) {
		gen_strategy(G, s, &b);
		gen_focus(G, s);
		for (int k = 0; k < POOL; k++)
			G->pool[s * POOL + k] = some_body(G);
	}
	buf_release(&b);
}

static int measure_state(struct gen *G)
{
	double u = unit(G);

	return u < 0.88 ? 0 : u < 0.94 ? 1 : u < 0.97 ? 3 : 2;
}

static const char *const mstates[] = {"active", "completed", "merged",
				      "cancelled"};

/* A near copy of an earlier measure in another strategy, or -1. */
static long twin_of(struct gen *G, long m)
{
	long q;

	if (m < 50 || unit(G) >= 0.02)
		return -1;
	q = below(G, m);
	return G->mstrat[q] != G->mstrat[m] ? q : -1;
}

static void measure_text(struct gen *G, long m, long twin, int topic)
{
	struct buf b = BUF_INIT;

	if (twin >= 0) {
		G->mtitle[m] = xstrdup(G->mtitle[twin]);
		buf_addf(&b, "%s Tiltaket gjennomføres blant annet i %s.",
			 G->mdesc[twin], PICK(G, places));
		G->mdesc[m] = buf_detach(&b, NULL);
		return;
	}
	make_title(G, topic, &b);
	G->mtitle[m] = buf_detach(&b, NULL);
	make_desc(G, topic, &b);
	G->mdesc[m] = buf_detach(&b, NULL);
}

static void gen_link(struct gen *G, long from, long to, const char *kind,
		     const char *reason)
{
	char id[48], a[48], b[48];

	snprintf(id, sizeof(id), "L-%07ld", ++G->links);
	snprintf(a, sizeof(a), "M-%06ld", from);
	snprintf(b, sizeof(b), "M-%06ld", to);
	ROW(G, GEN_LINK, GV_S(id), GV_S(a), GV_S(b), GV_S(kind), GV_S(reason));
}

static void gen_measure(struct gen *G, long m)
{
	long s = m * G->nstrat / G->nmeasures, twin = twin_of(G, m);
	int k = (int)below(G, G->snfocus[s]);
	int topic = G->ftopic[s * FOCUS_MAX + k];
	char id[48], st[48], fa[48], start[8], end[8];
	long year = 2022 + below(G, 4);

	G->mstrat[m] = (int)s;
	G->mfocus[m] = k;
	G->mstate[m] = measure_state(G);
	measure_text(G, m, twin, topic);
	snprintf(id, sizeof(id), "M-%06ld", m);
	snprintf(st, sizeof(st), "ST-%04ld", s);
	snprintf(fa, sizeof(fa), "FA-%04ld-%02d", s, k + 1);
	snprintf(start, sizeof(start), "%ld", year);
	snprintf(end, sizeof(end), "%ld", year + 2 + below(G, 4));
	ROW(G, GEN_MEASURE, GV_S(id), GV_S(st), GV_S(unit(G) < 0.9 ? fa : NULL),
	    GV_I(m - strategy_first(G, s) + 1), GV_S(G->mtitle[m]), GV_NUL,
	    GV_S(G->mdesc[m]), GV_S(mstates[G->mstate[m]]), GV_S(start),
	    GV_S(unit(G) < 0.5 ? end : NULL));
	if (twin >= 0 && unit(G) < 0.25)
		gen_link(G, m, twin, "same_as",
			 "Samme arbeid i to strategier.");
}

static int32_t resp_actor(struct gen *G, long m)
{
	if (unit(G) < 0.85)
		return G->pool[G->mstrat[m] * POOL + below(G, POOL)];
	return unit(G) < 0.1 ? (int32_t)below(G, NMINISTRIES) : some_body(G);
}

static void add_resp(struct gen *G, long m, int32_t *used, int *n,
		     const char *role)
{
	int32_t a = resp_actor(G, m);
	char mid[48], aid[48];

	for (int i = 0; i < *n; i++)
		if (used[i] == a)
			return;
	used[(*n)++] = a;
	if (!strcmp(role, "lead") && G->mlead[m] < 0)
		G->mlead[m] = a;
	snprintf(mid, sizeof(mid), "M-%06ld", m);
	actor_id(a, aid);
	ROW(G, GEN_RESP, GV_S(mid), GV_S(aid), GV_S(role));
}

static void gen_resps(struct gen *G, long m)
{
	double u = unit(G);
	int leads = u < 0.04 ? 0 : u < 0.97 ? 1 : 2;
	int contrib = (int)below(G, 4), consulted = unit(G) < 0.2, n = 0;
	int32_t used[8];

	G->mlead[m] = -1;
	for (int i = 0; i < leads; i++)
		add_resp(G, m, used, &n, "lead");
	for (int i = 0; i < contrib; i++)
		add_resp(G, m, used, &n, "contributing");
	if (consulted)
		add_resp(G, m, used, &n, "consulted");
}

/* depends_on chains inside a strategy, some across, and a few cycles. */
static void gen_links(struct gen *G, long m)
{
	long first = strategy_first(G, G->mstrat[m]);
	double u = unit(G);

	if (m - first >= 2 && u < 0.06) {
		long to = m - 1 - below(G, m - first < 5 ? m - first - 1 : 4);

		gen_link(G, m, to, "depends_on", "Bygger på resultatene.");
		if (unit(G) < 0.01) /* closes a circle */
			gen_link(G, to, m, "depends_on", "Gjensidig avhengig.");
	} else if (m > 0 && u < 0.07) {
		gen_link(G, m, below(G, m), "depends_on",
			 "Forutsetter et tiltak i en annen strategi.");
	} else if (m > 0 && u < 0.09) {
		gen_link(G, m, below(G, m), "related", "Beslektet arbeid.");
	}
}

static void gen_measures(struct gen *G)
{
	size_t n = (size_t)G->nmeasures;

	G->mstrat = xcalloc(n, sizeof(int));
	G->mfocus = xcalloc(n, sizeof(int));
	G->mstate = xcalloc(n, sizeof(int));
	G->mlead = xcalloc(n, sizeof(int32_t));
	G->mtitle = xcalloc(n, sizeof(char *));
	G->mdesc = xcalloc(n, sizeof(char *));
	for (long m = 0; m < G->nmeasures && !G->failed; m++) {
		gen_measure(G, m);
		gen_resps(G, m);
		gen_links(G, m);
	}
}

/* A JSON array of ids, e.g. ["ST-0001","ST-0002"], into b. */
static void json_ids(struct buf *b, const char *const *ids, int n)
{
	buf_addch(b, '[');
	for (int i = 0; i < n; i++)
		buf_addf(b, "%s\"%s\"", i ? "," : "", ids[i]);
	buf_addch(b, ']');
}

static void gen_meetings(struct gen *G, long ar, const int32_t *mem, int n,
			 long *meetings)
{
	int count = (int)below(G, 4);
	char id[48], aid[48], date[48], att[8][48];
	const char *ptr[8];
	struct buf b = BUF_INIT;

	snprintf(aid, sizeof(aid), "AR-%04ld", ar);
	for (int k = 0; k < count; k++) {
		int na = 0;

		for (int i = 0; i < n && na < 6; i++)
			if (unit(G) < 0.6)
				actor_id(mem[i], att[na++]);
		if (unit(G) < 0.1) /* a guest: a joint meeting */
			actor_id(some_body(G), att[na++]);
		for (int i = 0; i < na; i++)
			ptr[i] = att[i];
		buf_reset(&b);
		json_ids(&b, ptr, na);
		snprintf(id, sizeof(id), "MT-%05ld", ++*meetings);
		snprintf(date, sizeof(date), "%ld-%02ld-%02ld",
			 2024 + below(G, 3), 1 + below(G, 12),
			 1 + below(G, 28));
		ROW(G, GEN_MEETING, GV_S(id), GV_S(aid), GV_S(date),
		    GV_S("Møte i arenaen"), GV_S(buf_cstr(&b)));
	}
	buf_release(&b);
}

static void gen_members(struct gen *G, const char *arena, const int32_t *mem,
			int n)
{
	char mid[48];

	for (int i = 0; i < n; i++) {
		bool dup = false;

		for (int k = 0; k < i && !dup; k++)
			dup = mem[k] == mem[i];
		actor_id(mem[i], mid);
		if (!dup)
			ROW(G, GEN_MEMBER, GV_S(arena), GV_S(mid));
	}
}

static void gen_arena(struct gen *G, long ar, long *meetings)
{
	static const char *const forms[] = {"Forum for", "Samarbeidsarena for",
					    "Programstyret for",
					    "Dialogforum for"};
	long s1 = below(G, G->nstrat), s2 = below(G, G->nstrat);
	int nf = unit(G) < 0.4 && s1 != s2 ? 2 : 1, n = 3 + (int)below(G, 10);
	char id[48], sid[2][48], conv[48];
	const char *fl[2] = {sid[0], sid[1]};
	int topic = G->ftopic[s1 * FOCUS_MAX];
	int32_t mem[48];
	struct buf name = BUF_INIT, mandate = BUF_INIT, follows = BUF_INIT;

	snprintf(id, sizeof(id), "AR-%04ld", ar);
	snprintf(sid[0], sizeof(sid[0]), "ST-%04ld", s1);
	snprintf(sid[1], sizeof(sid[1]), "ST-%04ld", s2);
	json_ids(&follows, fl, nf);
	buf_addf(&name, "%s %s", PICK(G, forms), topics[topic].nouns[0]);
	buf_addf(&mandate, "Samordne arbeidet med %s og %s %s.", noun(G, topic),
		 noun(G, topic), PICK(G, targets));
	actor_id(below(G, NMINISTRIES), conv);
	for (int i = 0; i < n; i++)
		mem[i] =
		    unit(G) < 0.8
			? G->pool[(i % nf ? s2 : s1) * POOL + below(G, POOL)]
			: some_body(G);
	ROW(G, GEN_ARENA, GV_S(id), GV_S(buf_cstr(&name)),
	    GV_S(buf_cstr(&mandate)), GV_S(buf_cstr(&follows)), GV_S(conv),
	    GV_NUL);
	gen_members(G, id, mem, n);
	gen_meetings(G, ar, mem, n, meetings);
	buf_release(&name);
	buf_release(&mandate);
	buf_release(&follows);
}

static void gen_arenas(struct gen *G)
{
	long n = G->nmeasures / 200 > 2 ? G->nmeasures / 200 : 2;
	long meetings = 0;

	for (long ar = 0; ar < n && !G->failed; ar++)
		gen_arena(G, ar, &meetings);
}

/* Allocations are drawn first, so that budgets can be set around them:
 * most years fit, about one in five is over budget. */
static void draw_allocations(struct gen *G, int64_t *sum)
{
	size_t n = (size_t)G->nmeasures;

	G->alloc_scheme = xmalloc(n * sizeof(int32_t));
	G->alloc_year = xcalloc(n, sizeof(int));
	G->alloc_amount = xcalloc(n, sizeof(int64_t));
	for (long m = 0; m < G->nmeasures; m++) {
		G->alloc_scheme[m] = -1;
		if (G->mstate[m] != 0 || unit(G) >= 0.55)
			continue;
		G->alloc_scheme[m] = (int32_t)below(G, G->nschemes);
		G->alloc_year[m] = 2023 + (int)below(G, 4);
		G->alloc_amount[m] = (5 + below(G, 250)) * 100000;
		sum[G->alloc_scheme[m] * 4 + G->alloc_year[m] - 2023] +=
		    G->alloc_amount[m];
	}
}

static void gen_scheme(struct gen *G, long sc, const int64_t *sum)
{
	char id[48], adm[48], own[48], p1[48];
	const char *partners[1] = {p1};
	int32_t admin = some_body(G);
	struct buf name = BUF_INIT, part = BUF_INIT;

	snprintf(id, sizeof(id), "SC-%04ld", sc);
	actor_id(admin, adm);
	actor_id(G->aministry[admin] >= 0 ? G->aministry[admin] : 0, own);
	actor_id(some_body(G), p1);
	json_ids(&part, partners, unit(G) < 0.3 ? 1 : 0);
	buf_addstr(&name, "Ordning for ");
	buf_addstr(&name, noun(G, (int)below(G, N(topics))));
	ROW(G, GEN_SCHEME, GV_S(id), GV_S(buf_cstr(&name)), GV_S(adm),
	    GV_S(own), GV_S(buf_cstr(&part)));
	for (int y = 0; y < 4; y++) {
		int64_t planned = sum[sc * 4 + y];
		double factor = 0.85 + 0.75 * unit(G);

		if (planned > 0)
			ROW(G, GEN_BUDGET, GV_S(id), GV_I(2023 + y),
			    GV_I((int64_t)(planned * factor / 100000) *
				 100000));
	}
	buf_release(&name);
	buf_release(&part);
}

static void gen_schemes(struct gen *G)
{
	int64_t *sum;
	char mid[48], sid[48];

	G->nschemes = G->nactors / 10 > 2 ? G->nactors / 10 : 2;
	sum = xcalloc((size_t)G->nschemes * 4, sizeof(*sum));
	draw_allocations(G, sum);
	for (long sc = 0; sc < G->nschemes && !G->failed; sc++)
		gen_scheme(G, sc, sum);
	for (long m = 0; m < G->nmeasures && !G->failed; m++) {
		if (G->alloc_scheme[m] < 0)
			continue;
		snprintf(mid, sizeof(mid), "M-%06ld", m);
		snprintf(sid, sizeof(sid), "SC-%04d", G->alloc_scheme[m]);
		ROW(G, GEN_ALLOC, GV_S(mid), GV_S(sid), GV_I(G->alloc_year[m]),
		    GV_I(G->alloc_amount[m]));
	}
	free(sum);
}

static void gen_observations(struct gen *G, const char *id, long by,
			     double base, double target)
{
	double pace = -0.4 + 1.8 * unit(G), u = unit(G);
	long last = u < 0.7 ? 2025 : u < 0.9 ? 2023 : 0;
	char period[48], start[48], end[48];

	for (long y = by; last && y <= last; y++) {
		double v = base + (target - base) * (double)(y - by) /
				      (2030 - by) * pace;

		v *= 0.97 + 0.06 * unit(G);
		snprintf(period, sizeof(period), "%ld", y);
		snprintf(start, sizeof(start), "%ld-01-01", y);
		snprintf(end, sizeof(end), "%ld-12-31", y);
		ROW(G, GEN_OBS, GV_S(id), GV_S(period), GV_S(start), GV_S(end),
		    GV_R(round(v * 10) / 10));
	}
}

static void gen_indicator(struct gen *G, long i)
{
	bool lower = unit(G) < 0.2;
	long by = 2019 + below(G, 3);
	double base = 50 + (double)below(G, 950);
	double target =
	    lower ? base * (0.5 + 0.3 * unit(G)) : base * (1.3 + 0.7 * unit(G));
	char id[48], mid[48], gid[48], st[48];
	struct buf name = BUF_INIT;

	target = round(target);
	snprintf(id, sizeof(id), "I-%04ld", i);
	buf_addf(&name, "Omfang av %s", noun(G, (int)below(G, N(topics))));
	ROW(G, GEN_INDICATOR, GV_S(id), GV_S(buf_cstr(&name)), GV_S("antall"),
	    GV_S(lower ? "lower" : "higher"), GV_S("annual"), GV_R(base),
	    GV_I(by), GV_R(target), GV_I(2030));
	gen_observations(G, id, by, base, target);
	/* Distinct measures: the pair is the table's key. */
	for (long k = 0, m0 = below(G, G->nmeasures), nk = 1 + below(G, 4);
	     k < nk && m0 + k < G->nmeasures; k++) {
		snprintf(mid, sizeof(mid), "M-%06ld", m0 + k);
		ROW(G, GEN_IND_MEASURE, GV_S(id), GV_S(mid));
	}
	if (i % 3 == 0) {
		snprintf(gid, sizeof(gid), "G-%04ld", i);
		snprintf(st, sizeof(st), "ST-%04ld", below(G, G->nstrat));
		ROW(G, GEN_GOAL, GV_S(gid), GV_S(st), GV_S(buf_cstr(&name)),
		    GV_S(id));
	}
	buf_release(&name);
}

static void gen_indicators(struct gen *G)
{
	long n = G->nmeasures / 500 > 2 ? G->nmeasures / 500 : 2;

	for (long i = 0; i < n && !G->failed; i++)
		gen_indicator(G, i);
}

static void gen_input(struct gen *G, long i)
{
	static const char *const kinds[] = {"coordination_gap",
					    "proposal",
					    "proposal",
					    "proposal",
					    "proposal",
					    "proposal",
					    "proposal",
					    "proposal",
					    "consultation_response",
					    "consultation_response"};
	char id[48], by[48], date[48], mid[48];
	int topic = (int)below(G, N(topics));
	struct buf title = BUF_INIT, text = BUF_INIT;
	bool known = unit(G) < 0.9;

	snprintf(id, sizeof(id), "IN-%05ld", i);
	actor_id(some_body(G), by);
	snprintf(date, sizeof(date), "%ld-%02ld-01", 2019 + below(G, 7),
		 1 + below(G, 12));
	buf_addf(&title, "Innspill om %s", noun(G, topic));
	make_desc(G, topic, &text);
	ROW(G, GEN_INPUT, GV_S(id), GV_S(PICK(G, kinds)),
	    GV_S(known ? by : NULL), GV_S(date), GV_S(buf_cstr(&title)),
	    GV_S(buf_cstr(&text)));
	if (unit(G) < 0.55) {
		snprintf(mid, sizeof(mid), "M-%06ld", below(G, G->nmeasures));
		ROW(G, GEN_ANSWER, GV_S(id), GV_S(mid),
		    GV_S("Tiltaket svarer på innspillet."));
	}
	buf_release(&title);
	buf_release(&text);
}

static void gen_inputs(struct gen *G)
{
	long n = G->nmeasures / 50 > 2 ? G->nmeasures / 50 : 2;

	for (long i = 0; i < n && !G->failed; i++)
		gen_input(G, i);
}

struct gperiod {
	char id[PERIOD_TEXT_MAX], start[11], end[11], due[16];
	bool open;
};

/* np tertials ending with LAST_YEAR-T<LAST_TERTIAL>, oldest first. */
static struct gperiod *make_periods(long np)
{
	struct gperiod *p = xcalloc((size_t)np, sizeof(*p));
	long idx = LAST_YEAR * 3 + LAST_TERTIAL - 1;

	for (long k = np - 1; k >= 0; k--, idx--) {
		struct period x = {PERIOD_TERTIAL, (int)(idx / 3),
				   (int)(idx % 3) + 1, (int)(idx / 3)};
		int dm = x.n == 3 ? 1 : 4 * x.n + 1;

		period_format(&x, p[k].id);
		period_bounds(&x, p[k].start, p[k].end);
		snprintf(p[k].due, sizeof(p[k].due), "%04d-%02d-15",
			 x.n == 3 ? x.year + 1 : x.year, dm);
		p[k].open = k == np - 1;
	}
	return p;
}

static const char *report_state(struct gen *G, bool open)
{
	double u = unit(G);

	if (open)
		return u < 0.25	 ? "draft"
		       : u < 0.7 ? "submitted"
		       : u < 0.8 ? "returned"
				 : "approved";
	return u < 0.92 ? "approved" : u < 0.95 ? "returned" : "submitted";
}

static const char *report_status(struct gen *G, int mstate)
{
	double u = unit(G);

	if (mstate == 1 && u < 0.7)
		return "completed";
	return u < 0.55	  ? "on_track"
	       : u < 0.7  ? "at_risk"
	       : u < 0.82 ? "delayed"
	       : u < 0.9  ? "not_started"
	       : u < 0.97 ? "completed"
			  : "cancelled";
}

static void gen_report(struct gen *G, long m, const struct gperiod *p,
		       long *made)
{
	const char *state = report_state(G, p->open);
	char id[48], mid[48], lead[48], at[48];
	bool sent = strcmp(state, "draft") != 0;

	snprintf(id, sizeof(id), "SR-%07ld", ++*made);
	snprintf(mid, sizeof(mid), "M-%06ld", m);
	if (G->mlead[m] >= 0)
		actor_id(G->mlead[m], lead);
	snprintf(at, sizeof(at), "%sT10:00:00Z", p->due);
	ROW(G, GEN_REPORT, GV_S(id), GV_S(mid), GV_S(p->id), GV_S(p->start),
	    GV_S(p->end), GV_S(G->mlead[m] >= 0 ? lead : NULL), GV_S(state),
	    GV_S(report_status(G, G->mstate[m])), GV_I(below(G, 101)),
	    GV_S("Arbeidet har gått som planlagt i perioden."),
	    GV_S(sent ? at : NULL),
	    GV_S(!strcmp(state, "approved") ? at : NULL));
}

static void gen_reports(struct gen *G)
{
	long live = 0, made = 0, np, cells, seen = 0;
	struct gperiod *p;

	for (long m = 0; m < G->nmeasures; m++)
		live += G->mstate[m] <= 1;
	if (live == 0 || G->nreports == 0)
		return;
	np = (long)ceil((double)G->nreports / (live * 0.9)) + 1;
	p = make_periods(np);
	for (long k = 0; k < np; k++)
		ROW(G, GEN_PERIOD, GV_S(p[k].id),
		    GV_S(p[k].open ? "open" : "closed"), GV_S(p[k].due));
	cells = np * live;
	/* Selection sampling (Knuth's algorithm S): exactly nreports of the
	 * cells (period, measure), each equally likely. */
	for (long k = 0; k < np && !G->failed; k++)
		for (long m = 0; m < G->nmeasures && made < G->nreports; m++) {
			if (G->mstate[m] > 1)
				continue;
			if (unit(G) * (double)(cells - seen++) <
			    (double)(G->nreports - made))
				gen_report(G, m, &p[k], &made);
		}
	free(p);
}

struct gen_opts {
	const char *db;
	int64_t measures, actors, reports, seed;
};

static void gen_free(struct gen *G)
{
	for (long m = 0; G->mtitle && m < G->nmeasures; m++) {
		free(G->mtitle[m]);
		free(G->mdesc[m]);
	}
	free(G->mtitle);
	free(G->mdesc);
	free(G->akind);
	free(G->aministry);
	free(G->snfocus);
	free(G->ftopic);
	free(G->pool);
	free(G->mstrat);
	free(G->mfocus);
	free(G->mstate);
	free(G->mlead);
	free(G->alloc_scheme);
	free(G->alloc_year);
	free(G->alloc_amount);
}

static int fill(struct store *st, const struct gen_opts *o, struct err *err)
{
	struct gen G;

	memset(&G, 0, sizeof(G));
	G.err = err;
	G.rng = (uint64_t)o->seed;
	G.nmeasures = o->measures;
	G.nactors = o->actors;
	G.nreports = o->reports;
	G.nstrat = o->measures / 250 > 3 ? o->measures / 250 : 3;
	if (!(G.g = store_gen_begin(st, err)))
		return -1;
	ROW(&G, GEN_SOURCE, GV_S("GEN"),
	    GV_S("Syntetiske data (veikart "
		 "generate)"),
	    GV_S("veikart"));
	gen_actors(&G);
	gen_strategies(&G);
	gen_measures(&G);
	gen_arenas(&G);
	gen_schemes(&G);
	gen_indicators(&G);
	gen_inputs(&G);
	gen_reports(&G);
	gen_free(&G);
	if (G.failed) {
		store_gen_abort(G.g);
		return -1;
	}
	return store_gen_finish(G.g, err);
}

static void remove_db(const char *path)
{
	char side[4200];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

static int create(const char *path, struct err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0640);

	if (fd < 0 && errno == EEXIST)
		return err_set(err, ERR_CONFLICT,
			       _("%s already exists; generate never "
				 "overwrites a database, name a new file "
				 "with --db"),
			       path);
	if (fd < 0)
		return err_set(err, ERR_IO, _("cannot create %s: %s"), path,
			       strerror(errno));
	close(fd);
	return 0;
}

static int generate(const char *path, const struct gen_opts *o, struct err *err)
{
	struct store *st;
	int rc = -1;

	if (create(path, err) < 0)
		return -1;
	st = store_open(path, 0, err);
	if (st && store_migrate(st, NULL, err) == 0 && fill(st, o, err) == 0)
		rc = 0;
	store_close(st);
	if (rc < 0)
		remove_db(path);
	return rc;
}

static int number(const char *v, int64_t min, int64_t max, int64_t *out,
		  const char *name)
{
	if (parse_int64(v, min, max, out, NULL) < 0)
		return cli_usage_error("generate",
				       "--%s takes a whole number "
				       "from %lld to %lld",
				       name, (long long)min, (long long)max);
	return 0;
}

static int parse(int argc, char **argv, struct gen_opts *o)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"measures", required_argument, NULL, 'm'},
	    {"actors", required_argument, NULL, 'a'},
	    {"reports", required_argument, NULL, 'r'},
	    {"seed", required_argument, NULL, 's'},
	    {NULL, 0, NULL, 0},
	};
	int c, rc = 0;

	optind = 1;
	while (rc == 0 && (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			o->db = optarg;
		else if (c == 'm')
			rc = number(optarg, 1, 10000000, &o->measures,
				    "measures");
		else if (c == 'a')
			rc = number(optarg, NMINISTRIES + 2, 1000000,
				    &o->actors, "actors");
		else if (c == 'r')
			rc = number(optarg, 0, 100000000, &o->reports,
				    "reports");
		else if (c == 's')
			rc = number(optarg, 0, INT64_MAX, &o->seed, "seed");
		else
			rc = cli_usage_error("generate", "unknown option");
	}
	if (rc == 0 && optind < argc)
		rc = cli_usage_error("generate", "unexpected argument \"%s\"",
				     argv[optind]);
	return rc;
}

static int run(int argc, char **argv)
{
	struct gen_opts o = {NULL, 1000, 200, -1, 1};
	struct err err = ERR_INIT;
	struct timespec t0, t1;
	const char *path;

	if (cli_wants_help(argc, argv, &cli_generate_cmd))
		return EXIT_OK;
	if (parse(argc, argv, &o) != 0)
		return EXIT_USAGE;
	if (o.reports < 0)
		o.reports = 5 * o.measures;
	path = cli_db_path(o.db);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (generate(path, &o, &err) < 0)
		return cli_fail("generate", &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("generated %s: %lld measures, %lld actors, %lld reports "
	       "(seed %lld) in %.1f s\n",
	       path, (long long)o.measures, (long long)o.actors,
	       (long long)o.reports, (long long)o.seed,
	       (double)(t1.tv_sec - t0.tv_sec) +
		   (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return EXIT_OK;
}

const struct cli_command cli_generate_cmd = {
    "generate", "build a synthetic database for tests and benchmarks", run,
    "usage: veikart generate [--measures N] [--actors N] [--reports N] "
    "[--seed S]\n"
    "                        [--db PATH]\n\n"
    "Builds a new database with synthetic data: ministries and the "
    "bodies under\nthem, strategies with focus areas, measures with "
    "Norwegian-like titles and\ndescriptions (some near copies of "
    "others), responsibilities, links with\ndependency chains and a few "
    "cycles, arenas with members and meetings, schemes\nwith budgets and "
    "allocations, indicators with observations, stakeholder\ninputs, "
    "reporting periods and status reports. The same arguments always "
    "give\nthe same data. The file must not exist.\n\n"
    "  --measures N   measures (default 1000); strategies: one per 250\n"
    "  --actors N     actors, eight ministries among them (default 200)\n"
    "  --reports N    status reports (default 5 per measure)\n"
    "  --seed S       the random seed (default 1)\n\n"
    "exit status: 0 done, 2 bad usage or the file exists, 3 cannot "
    "write.\n"};

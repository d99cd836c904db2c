#include "command.h"

#include <stdlib.h>
#include <string.h>

#include "command_edit.h"
#include "command_family.h"
#include "command_pin.h"
#include "command_file.h"
#include "command_internal.h"
#include "command_joint.h"
#include "command_lesson.h"
#include "command_session.h"
#include "command_show.h"
#include "command_table.h"
#include "i18n.h"
#include "num.h"
#include "utf8.h"

/* ---- shared pieces ---- */

bool command_parse_which(const char *w, enum which *out, struct error *err)
{
    if (strcmp(w, "p") == 0 || strcmp(w, "P") == 0) {
        *out = WHICH_P;
        return true;
    }
    if (strcmp(w, "q") == 0 || strcmp(w, "Q") == 0) {
        *out = WHICH_Q;
        return true;
    }
    return error_set(err, _("'%s' is not p or q"), w);
}

/* After a change, the two numbers that matter. */
void command_totals(const struct command *c, struct buf *out)
{
    const struct session *s = c->session;
    char a[NUM_BUF], b[NUM_BUF];
    buf_printf(out, "KL(P||Q) = %s %s   KL(Q||P) = %s %s\n",
               num_short(a, sizeof a, session_scaled(s, s->div.pq.total)),
               session_unit(s),
               num_short(b, sizeof b, session_scaled(s, s->div.qp.total)),
               session_unit(s));
    if (c->pin.on)
        pin_line(&c->pin, s, out);
}

void command_prose(const struct command *c, struct buf *out, size_t from)
{
    if (!c->utf8_text && from < out->len)
        out->len = from + utf8_ascii_letters(out->s + from);
}

void command_note_sum(const char *name, double sum, struct buf *out)
{
    char v[NUM_BUF];
    if (sum != 1.0)
        buf_printf(out, _("%s normalized: the values summed to %s\n"), name,
                   num_roundtrip(v, sizeof v, sum));
}

/* ---- the table ---- */

/* The row of `save!` or `export!`: `name` that also replaces a read-only
 * file (FORCE_PAIR makes the handlers). The summary and help are written
 * out in the row, where xgettext finds them. */
#define FORCED(name, run, min_args, args, summary, help)                   \
    {name "!", run, min_args, 1, name "! " args, summary, help}

static const struct command_def commands[] = {
    {"p", command_edit_p, 1, -1, "p V1 V2 ...",
     N_("set P (probabilities, weights or counts, or a family)"),
     N_("Sets the whole of P. Values are separated by spaces or by commas\n"
        "(\"0.1 0.2 0.7\", \"1,2,7\" or \"1, 2, 7\") and normalized to sum 1.\n"
        "A different number of values than entries resizes: Q becomes\n"
        "uniform over the new entries, so set it next.\n"
        "Or generate P from a family (labels become its support):\n"
        "  binom N THETA        0..N\n"
        "  poisson LAMBDA [K]   0..K (default: tail beyond K below 1e-12)\n"
        "  geom THETA [K]       theta (1-theta)^k on 0..K (K as for poisson)\n"
        "  normal MU SIGMA [LO:HI:STEP]  on the grid, or on the labels\n"
        "  zipf S N             k^-S on 1..N\n"
        "  uniform N            1..N\n"
        "  mix W A B            W A + (1-W) B: mix 0.5 (normal -2 1) (normal 2 1)\n"
        "When the support differs from the labels, Q is evaluated on the\n"
        "union of both supports if it has a family too, else it keeps its\n"
        "values if the number of entries is unchanged, else it becomes\n"
        "uniform. With both in the same family the closed form is shown\n"
        "beside the sum (see `family`).")},
    {"q", command_edit_q, 1, -1, "q V1 V2 ...", N_("set Q"),
     N_("Sets the whole of Q, like `p` does for P (values or a family).")},
    {"labels", command_edit_labels, 1, -1, "labels L1 L2 ...",
     N_("name the entries"),
     N_("Gives every entry a label (one per entry, unique). Use \"double\n"
        "quotes\" for a label with spaces. Entries can then be named by label\n"
        "wherever an index is expected.")},
    {"set", command_edit_set, 3, 3, "set p|q I V",
     N_("set one entry, rescaling the others"),
     N_("Sets entry I (an index from 1, or a label) of P or Q to probability V\n"
        "(0 <= V <= 1) and rescales the other entries proportionally so the\n"
        "distribution still sums to 1; when the others all hold 0, the rest\n"
        "is shared equally among them. A label equal to I wins over the\n"
        "index; #N is always the N-th entry (`set p #3 0.5`).")},
    {"add", command_edit_add, 3, 3, "add LABEL P Q", N_("add an entry"),
     N_("Adds an entry with probability P in P and Q in Q; the old entries\n"
        "keep their proportions and share the rest.")},
    {"del", command_edit_del, 1, 1, "del I", N_("delete an entry"),
     N_("Deletes entry I (index, #N or label) and renormalizes what is left.")},
    {"swap", command_edit_swap, 0, 0, "swap", N_("exchange P and Q"),
     N_("Exchanges P and Q: KL(P||Q) and KL(Q||P) trade places.")},
    {"uniform", command_edit_uniform, 1, 1, "uniform p|q",
     N_("make P or Q uniform"), N_("Makes P or Q uniform: 1/n for every entry.")},
    {"normalize", command_show_normalize, 0, 0, "normalize",
     N_("show how the input was normalized"),
     N_("Shows what P and Q summed to as given, and that each value was\n"
        "divided by that sum.")},
    {"kl", command_show_kl, 0, 0, "kl", N_("print KL(P||Q) and KL(Q||P)"),
     N_("Prints both directions and how much they differ.")},
    {"show", command_show_report, 0, 0, "show", N_("print the full report"),
     N_("Prints every entry with bars for P and Q and signed bars for each\n"
        "term, then the totals and why they are never negative.")},
    {"json", command_show_json, 0, 0, "json", N_("print everything as JSON"),
     N_("Prints one JSON object: n, base, unit, normalized, kl_pq, kl_qp,\n"
        "entropy_p, entropy_q, cross_entropy_pq, cross_entropy_qp, js, tv,\n"
        "infinite_pq, infinite_qp and terms (label, p, q, kl_pq, kl_qp).\n"
        "Infinite values are the string \"inf\".")},
    {"terms", command_show_terms, 0, 0, "terms", N_("print the per-term table"),
     N_("Prints label, p, q, p*log(p/q) and q*log(q/p) for every entry.")},
    {"top", command_show_top, 0, 1, "top [K]",
     N_("the K largest contributors each way (default 10)"),
     N_("Lists the K entries (default 10) with the largest |p*log(p/q)|, then\n"
        "those with the largest |q*log(q/p)|: rank, label, index, p, q, the\n"
        "term and its share of the total. For tables too large to read row by\n"
        "row; infinite terms come first.")},
    {"find", command_show_find, 1, 1, "find TEXT",
     N_("entries whose label contains TEXT"),
     N_("Lists the entries whose label contains TEXT (case-sensitive), the\n"
        "one whose label is exactly TEXT first, with index, p, q and both\n"
        "terms: up to 20, then how many more. An index (from 1) names its\n"
        "entry too. Use \"double quotes\" for text with spaces.")},
    {"measures", command_show_measures, 0, 0, "measures",
     N_("entropies, JS, TV, Hellinger, chi2, R\u00E9nyi"),
     N_("Prints the measures related to KL, in the current base: H(P), H(Q),\n"
        "the cross-entropies with H(P,Q) = H(P) + KL(P||Q) checked, Jensen-\n"
        "Shannon (<= log 2) and its distance, total variation with Pinsker's\n"
        "bound, Hellinger, chi-squared both ways, and the R\u00E9nyi "
        "divergence of\n"
        "the order set by `alpha`.")},
    {"alpha", command_session_alpha, 1, 1, "alpha A",
     N_("set the R\u00E9nyi order (default 0.5)"),
     N_("Sets the order of the R\u00E9nyi divergence in `measures` and JSON:\n"
        "0.5, 1 (= KL), 2 (= log(1 + chi2)), inf (= log max p/q), or any\n"
        "A > 0.")},
    {"smooth", command_edit_smooth, 1, 2, "smooth [p|q] EPS",
     N_("add EPS to every entry (default Q)"),
     N_("Additive smoothing: adds EPS to every entry of Q (or P) and\n"
        "renormalizes, then shows both KL values before and after. It tames\n"
        "an infinite KL(P||Q) caused by zeros in Q; try several EPS to see how\n"
        "much the answer depends on it. Undoable.")},
    {"grad", command_show_grad, 0, 2, "grad [p|q] [forward|reverse]",
     N_("which entry matters: the gradient of KL"),
     N_("Shows how fast KL(P||Q) (forward, the default) or KL(Q||P) changes\n"
        "when one entry of Q (default) or P is nudged and the others are\n"
        "rescaled like `set` does, and marks the entry whose nudge lowers the\n"
        "divergence fastest: follow it with `set` and watch KL fall to 0.")},
    {"fit", command_show_fit, 1, 2, "fit gauss|geom [forward|reverse|both]",
     N_("fit Q to P: mass-covering vs mode-seeking"),
     N_("Finds the member of a family closest to P: gauss (a discretized\n"
        "Gaussian over the entry positions: center, standard deviation) or\n"
        "geom (a two-sided geometric: center, decay length). forward\n"
        "minimizes KL(P||Q) and covers all of P's mass; reverse minimizes\n"
        "KL(Q||P) and settles on one mode. Both replace Q (undoable); both\n"
        "(the default) shows the two fits side by side and changes nothing.\n"
        "Ctrl-C stops a running fit and changes nothing. Try it on\n"
        "`preset bimodal`.")},
    {"joint", command_joint, 0, -1, COMMAND_JOINT_USAGE,
     COMMAND_JOINT_SUMMARY, command_joint_help},
    {"family", command_family_show, 0, 0, "family",
     N_("the families P and Q were generated from"),
     N_("Shows the family expression of P and of Q (`p binom 10 0.3`) with\n"
        "the parameters `param` can move, and, when both are in the same\n"
        "family, the closed form of KL beside the sum over the table:\n"
        "binomials with the same N (N times the Bernoulli KL), Poissons (with\n"
        "what truncation changes), geometrics, and normals (the continuous\n"
        "value; the difference is the discretization gap). A distribution\n"
        "forgets its family when an entry is edited by hand; undo brings it\n"
        "back.")},
    {"param", command_family_param, 2, 3, "param p|q NAME V",
     N_("move one parameter of a family"),
     N_("Sets parameter NAME of P's (or Q's) family to V and regenerates it,\n"
        "e.g. `param q theta 0.4` or `param q.theta 0.4`. The names are\n"
        "those `family` lists (binom: n theta; poisson: lambda k; geom:\n"
        "theta k; normal: mu sigma; zipf: s n; uniform: n; mix: w). One undo\n"
        "step.")},
    {"sample", command_family_sample, 1, 3,
     "sample N [SEED] [json] | sample live [on|off|SEED]",
     N_("KL as the average of log(p/q) over N draws from P"),
     N_("Draws N values from P (1 to 100000000; 1e6 is fine) with a seeded\n"
        "generator (xoshiro256** seeded by splitmix64; SEED defaults to 1,\n"
        "and the same seed repeats the run) and prints the running mean of\n"
        "log(p/q) at 10, 20, 50, 100, ... draws with 2 standard errors, and\n"
        "whether KL(P||Q) lies within them; the count of each entry next to\n"
        "P; and the plug-in estimate KL(P^||Q) from the counts, which for\n"
        "large N overestimates KL by about (k-1)/(2N) (k: entries with\n"
        "p > 0). Draws where q = 0 are named: the average is then infinite.\n"
        "`json` prints the run as one JSON object with every count. Ctrl-C\n"
        "stops a run. In the explorer `sample live` (key S) starts a live\n"
        "run that adds draws every frame, showing the running mean with its\n"
        "+-2 SE band on a scale centred on KL(P||Q) and the counts, until\n"
        "`sample live off` (S again); a change of P or Q starts it again.")},
    {"code", command_family_code, 0, 0, "code",
     N_("KL as extra bits: ideal and Huffman codes"),
     N_("In bits whatever the base: each entry's ideal code length -log2 q\n"
        "and its words in Huffman codes built for Q and for P (the first 20\n"
        "entries), then the expected length under P of each code: the ideal\n"
        "code for Q takes E_P[-log2 q] = H(P) + KL(P||Q) bits, so KL(P||Q) is\n"
        "the extra bits per symbol; the Huffman codes' overheads above their\n"
        "ideals are stated apart. Then the same with the roles swapped, for\n"
        "KL(Q||P). An entry with q = 0 has no word in Q's code: coding P\n"
        "with it is impossible (infinite), as KL(P||Q) is.")},
    {"sweep", command_family_sweep, 3, 7,
     "sweep PARAM FROM TO [STEPS] [json|export FILE]",
     N_("KL both ways as curves over a parameter"),
     N_("Computes KL(P||Q) and KL(Q||P) at STEPS points (default 50, up to\n"
        "10000) from FROM to TO of PARAM and draws both as a text chart\n"
        "('*' and 'o'; '^' infinite) with each minimum marked (M, m) and\n"
        "printed, then the numbers. PARAM is a family's parameter that keeps\n"
        "its support (p.theta, q.lambda, q.mu, q.sigma, p.s, q.w ...: see\n"
        "`family`), mix (Q_t = (1-t) Q + t P, t in 0..1), smooth (EPS added\n"
        "to Q) or alpha (the R\u00E9nyi divergences of that order instead "
        "of KL).\n"
        "smooth and alpha use a log scale when TO/FROM >= 100. Changes\n"
        "nothing. `json` at the end prints the points as JSON; `export\n"
        "FILE.svg` (or .txt) writes the chart instead (`export!` replaces a\n"
        "read-only file). Try `sweep q.mu -3 3` on two normals, forward vs\n"
        "reverse.")},
    {"pin", command_pin_take, 0, 0, "pin",
     N_("keep P, Q and both KL to compare with"),
     N_("Keeps a snapshot of P, Q, KL(P||Q) and KL(Q||P). Until `unpin`, the\n"
        "totals after every change say the pinned KL values beside the live\n"
        "ones with the change since, and the explorer shows them (and which\n"
        "entries changed) under the table: before and after, side by side.\n"
        "`pin` again replaces the snapshot; undo does not touch it.")},
    {"unpin", command_pin_drop, 0, 0, "unpin", N_("forget the pinned snapshot"),
     N_("Forgets what `pin` kept.")},
    {"base", command_session_base, 1, 1, "base e|2|10",
     N_("choose the log base (nats, bits, bans)"),
     N_("Chooses the logarithm: e (nats, the default), 2 (bits) or 10 (bans).\n"
        "The names nats, bits and bans work too.")},
    {"load", command_file_load, 1, 1, "load FILE", N_("load a table file"),
     N_("Loads labels, P and Q from a CSV, TSV or whitespace table with an\n"
        "optional header naming the columns label, p and q.")},
    {"presets", command_file_presets, 0, 0, "presets",
     N_("list the example pairs"),
     N_("Lists the preset pairs shipped with klx, with what each shows.")},
    {"preset", command_file_preset, 1, 1, "preset NAME",
     N_("load an example pair"),
     N_("Loads a preset (see `presets`), e.g. `preset bimodal`. Undoable.")},
    {"save", command_file_save, 0, 1, "save [FILE]", N_("save to a table file"),
     N_("Saves labels, P, Q and the log base as CSV that `load` reads back\n"
        "exactly. The write is atomic: a crash never leaves half a file.\n"
        "Without FILE, saves to the file last loaded or saved, keeping its\n"
        "leading comment lines. A symbolic\n"
        "link is followed; the file keeps its mode and owner; a device such\n"
        "as /dev/null is written directly. A read-only file, or one with\n"
        "other hard links, is refused: `save!` replaces it anyway.")},
    FORCED("save", command_file_save_force, 0, "[FILE]",
           N_("save, even over a read-only file"),
           N_("Like `save`, but also replaces a read-only file, or a file with\n"
              "other hard links (which keep the old data).")),
    {"export", command_file_export, 1, 1, "export FILE.txt|.md|.svg",
     N_("write the view for handouts or slides"),
     N_("Writes the current view: .txt the text report, .md a Markdown table\n"
        "with the bars in a code block, .svg a bar chart of P, Q and both\n"
        "contribution columns with the totals. Atomic, like save; `export!`\n"
        "replaces a read-only file.")},
    FORCED("export", command_file_export_force, 1, "FILE.txt|.md|.svg",
           N_("export, even over a read-only file"),
           N_("Like `export`, but also replaces a read-only file, or a file with\n"
              "other hard links (which keep the old data).")),
    {"lessons", command_lesson_list, 0, 0, "lessons",
     N_("list the lessons shipped with klx"),
     N_("Lists the lessons in klx's data/lessons, with their titles.")},
    {"lesson", command_lesson_run, 0, 1, "lesson [NAME|FILE|end]",
     N_("run a lesson file step by step"),
     N_("Runs a lesson: a shipped one by NAME (see `lessons`) or your own\n"
        "FILE (README: lesson files). Each step runs its commands and shows\n"
        "its caption; `next` and `back` move between steps, `answer WORD`\n"
        "answers a step's choice, `lesson end` leaves. Without a word, shows\n"
        "the current step. Like the tour, it works on a copy of your data.")},
    {"tour", command_lesson_tour, 0, 1, "tour [end]",
     N_("a guided tour of KL in lessons"),
     N_("Starts a guided tour (or shows the current lesson): each lesson loads\n"
        "an example and says what to look at. `next` and `back` move between\n"
        "lessons, `tour end` leaves. The tour works on a copy: leaving it\n"
        "restores your own data, log base and undo history exactly. It is the\n"
        "lesson file data/lessons/tour.md.")},
    {"next", command_lesson_next, 0, 0, "next", N_("the next lesson of the tour"),
     N_("Goes to the next lesson of the tour (the next step of a lesson).")},
    {"back", command_lesson_back, 0, 0, "back",
     N_("the previous lesson of the tour"),
     N_("Goes back to the previous lesson of the tour (or step of a lesson).")},
    {"answer", command_lesson_answer, 1, 1, "answer WORD",
     N_("answer a lesson step's question"),
     N_("Answers the current step's question with choices, e.g.\n"
        "`answer forward`: klx says whether it is right, and then shows what\n"
        "the step reveals.")},
    {"undo", command_session_undo, 0, 0, "undo", N_("undo the last change"),
     N_("Undoes the last change (up to 200 steps).")},
    {"redo", command_session_redo, 0, 0, "redo", N_("redo what was undone"),
     N_("Redoes the last change that was undone.")},
    {"help", command_session_help, 0, 1, "help [COMMAND]",
     N_("list commands or explain one"),
     N_("Lists the commands, or explains one.")},
    {"quit", command_session_quit, 0, 0, "quit", N_("leave klx"),
     N_("Leaves klx (also: exit).")},
};

enum { N_COMMANDS = sizeof commands / sizeof commands[0] };

/* Row i of the whole language: this file's commands, then the explorer's
 * view commands (command_view.c); NULL past the end. */
const struct command_def *command_def_at(size_t i)
{
    if (i < N_COMMANDS)
        return &commands[i];
    size_t n_view;
    const struct command_def *v = command_view_defs(&n_view);
    return i - N_COMMANDS < n_view ? &v[i - N_COMMANDS] : NULL;
}

static const struct command_def *find_def(const char *name)
{
    if (strcmp(name, "exit") == 0)
        name = "quit";
    const struct command_def *d;
    for (size_t i = 0; (d = command_def_at(i)); i++)
        if (strcmp(d->name, name) == 0)
            return d;
    return NULL;
}

const char *const *command_names(void)
{
    static const char *names[128];
    if (!names[0])
        for (size_t i = 0; command_def_at(i) && i + 1 < 128; i++)
            names[i] = command_def_at(i)->name;
    return names;
}

bool command_doc(size_t i, struct command_doc *doc)
{
    const struct command_def *d = command_def_at(i);
    if (!d)
        return false;
    doc->name = d->name;
    doc->usage = d->usage;
    doc->summary = d->summary;
    doc->help = d->help;
    doc->view = i >= N_COMMANDS;
    return true;
}

bool command_help(const char *name, struct buf *out)
{
    if (!name) {
        buf_append(out, _("commands (indices count from 1; an entry can "
                          "also be named by its label):\n"
                          "(a label equal to the word wins over an index; "
                          "#N is always the N-th entry)\n"));
        const struct command_def *d;
        for (size_t i = 0; (d = command_def_at(i)); i++) {
            if (i == N_COMMANDS)
                buf_append(out, _("the explorer's view (its keys run "
                                  "these; elsewhere they change "
                                  "nothing):\n"));
            buf_append(out, "  ");
            buf_pad(out, d->usage, 18, false);
            buf_printf(out, " %s\n", _(d->summary));
        }
        buf_append(out, _("`help COMMAND` explains one.\n"));
        return true;
    }
    const struct command_def *d = find_def(name);
    if (!d)
        return false;
    buf_printf(out, "%s\n%s\n", d->usage, _(d->help));
    return true;
}

void command_init(struct command *c, struct session *s)
{
    /* Every field not named here starts as 0, false or NULL. */
    *c = (struct command){.session = s, .width = 80};
    derived_init(&c->derived);
    tour_init(&c->tour);
    words_init(&c->words);
    numlist_init(&c->nums);
    c->families = family_memory_new();
    pin_init(&c->pin);
}

void command_free(struct command *c)
{
    /* Leaving in the middle of a tour points c->session back at the
     * user's, which the caller owns. */
    tour_finish(&c->tour, &c->session);
    tour_free(&c->tour);
    words_free(&c->words);
    numlist_free(&c->nums);
    family_memory_free(c->families);
    c->families = NULL;
    pin_free(&c->pin);
    derived_free(&c->derived);
}

enum cmd_status command_run(struct command *c, const char *line,
                            struct buf *out, struct error *err)
{
    size_t i = 0;
    while (line[i] == ' ' || line[i] == '\t')
        i++;
    if (line[i] == '\0' || line[i] == '#' || line[i] == '\n' ||
        line[i] == '\r')
        return CMD_OK;
    size_t name_start = i;
    while (line[i] && line[i] != ' ' && line[i] != '\t' && line[i] != '\n' &&
           line[i] != '\r')
        i++;
    char name[32];
    size_t name_len = i - name_start;
    if (name_len >= sizeof name) {
        /* 20 columns of it, cut between characters, not inside one. */
        size_t shown = utf8_prefix_fitting(line + name_start, 20);
        error_set(err, _("unknown command '%.*s...' (hint: `help` lists "
                         "the commands)"),
                  (int)(shown < name_len ? shown : name_len),
                  line + name_start);
        return CMD_ERROR;
    }
    memcpy(name, line + name_start, name_len);
    name[name_len] = '\0';
    const struct command_def *d = find_def(name);
    if (!d) {
        error_set(err, _("unknown command '%s' (hint: `help` lists the "
                         "commands)"), name);
        return CMD_ERROR;
    }
    const char *rest = line + i;
    /* Split the whole line, so that columns (in words.col and in an
     * unterminated-quote error) count from the start of what was typed,
     * then drop the command name, which has no quotes since it was found. */
    if (!parse_words(line, &c->words, err)) {
        error_prefix(err, "%s", d->name);
        return CMD_ERROR;
    }
    free(c->words.v[0]);
    memmove(c->words.v, c->words.v + 1, (c->words.n - 1) * sizeof *c->words.v);
    memmove(c->words.col, c->words.col + 1,
            (c->words.n - 1) * sizeof *c->words.col);
    c->words.n--;
    size_t n = c->words.n;
    if ((int)n < d->min_args || (d->max_args >= 0 && (int)n > d->max_args)) {
        error_set(err, (int)n < d->min_args
                           ? _("%s: missing arguments (usage: %s)")
                           : _("%s: too many arguments (usage: %s)"),
                  d->name, d->usage);
        return CMD_ERROR;
    }
    struct session *s = c->session;
    unsigned long before = s->next_id;
    size_t from = out->len;
    bool ok = d->run(c, rest, (int)i + 1, out, err);
    if (!ok) {
        error_prefix(err, "%s", d->name);
        return CMD_ERROR;
    }
    command_lesson_after(c, out, from);
    /* (A tour that started or ended switched sessions: its steps keep
     * their own names.) */
    if (c->session == s)
        session_name_steps(s, before, line + name_start);
    return d->run == command_session_quit ? CMD_QUIT : CMD_OK;
}

/* joint: a joint distribution of X (rows) and Y (columns), and mutual
 * information as the KL divergence it is:
 *
 *     I(X;Y) = KL(P_XY || P_X P_Y) = sum p(x,y) log(p(x,y) / (p(x) p(y)))
 *
 * A joint table owns its row and column labels (unique within each side)
 * and rows * cols probabilities, row-major, normalized like P and Q are
 * (counts and weights are divided by their sum, which is kept so front ends
 * can say so). Every function that builds or changes a table either
 * succeeds whole or fails with an error and leaves its output untouched.
 *
 * joint_compute gives the marginals, the product of the marginals, I, the
 * entropies H(X), H(Y), H(X,Y), the conditional entropies H(X|Y) and
 * H(Y|X) (each computed directly, so the identities
 * I = H(X) + H(Y) - H(X,Y) = H(X) - H(X|Y) = H(Y) - H(Y|X) are a real
 * check), and the reverse direction KL(P_X P_Y || P_XY), which is infinite
 * when a cell is 0 while its row and column are not. I and the reverse
 * are computed by divergence_compute on the flattened cells against the
 * product, so they are the same bits `joint kl` then shows as KL(P||Q);
 * a cell equal to its product contributes exactly 0, so an exactly
 * independent table gives exactly 0, and totals are never negative.
 *
 * File formats (joint_parse): comma-, tab- or blank-separated (chosen by
 * the first line, as for a table: table_detect_sep), `#` starts a comment
 * line, CRLF line ends are read.
 *   matrix:    a header row of column labels (its first field, the corner,
 *              is ignored), then one row per X: its label and cols values.
 *   long form: the header `x,y,p`, then one row per cell: x label, y label,
 *              value. Labels appear in the order first seen; cells not
 *              listed are 0; a cell listed twice is an error.
 * Every file error names file:line:column and gives a hint. */
#ifndef KLX_JOINT_H
#define KLX_JOINT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "dist.h"
#include "error.h"
#include "log_base.h"

/* At most this many cells (1000 x 1000), so that a typo such as
 * `joint 10000 10000` is a clear error, not a 800 MB allocation. */
#define JOINT_MAX_CELLS ((size_t)1000000)

/* The text and Markdown views show at most this many rows and columns
 * (JSON and `joint save` hold every cell). */
#define JOINT_SHOW_ROWS 40
#define JOINT_SHOW_COLS 10

struct joint {
    size_t rows, cols;      /* 0 x 0: no table yet */
    char **x_labels;        /* rows strings, malloc'ed */
    char **y_labels;        /* cols strings, malloc'ed */
    double *p;              /* rows * cols, row-major, sum 1 */
    double sum;             /* what the input summed to before normalizing */
    struct dist_lost lost;  /* positive inputs normalizing made 0 */
};

/* What joint_compute derives from a table; all values in nats. */
struct joint_stats {
    double *px, *py;        /* the marginals: rows and cols values */
    double *prod;           /* p(x) p(y), row-major */
    double mi;              /* I(X;Y) = KL(P_XY || P_X P_Y) */
    double reverse;         /* KL(P_X P_Y || P_XY), +inf possible */
    size_t reverse_inf;     /* cells making it infinite */
    size_t reverse_cell;    /* the first of them (flat index) */
    double hx, hy, hxy;     /* H(X), H(Y), H(X,Y) */
    double hx_y, hy_x;      /* H(X|Y), H(Y|X) */
};

void joint_init(struct joint *j);
void joint_free(struct joint *j);
/* Deep copy; dst must be initialized (its old content is freed). */
void joint_copy(struct joint *dst, const struct joint *src);
/* Bytes held, for the undo budget. */
size_t joint_bytes(const struct joint *j);

/* A rows x cols table from raw values (counts, weights or probabilities;
 * finite, >= 0, not all 0), with labels x1..xR and y1..yC. */
bool joint_from_values(struct joint *j, size_t rows, size_t cols,
                       const double *v, struct error *err);
/* Checks a requested size against JOINT_MAX_CELLS. */
bool joint_check_size(size_t rows, size_t cols, struct error *err);

/* Generators, each replacing *out:
 * the product of src's marginals, with src's labels (I = 0);
 * X = Y uniform over n values (I = H(X) = log n);
 * a binary symmetric channel with crossover eps (0 <= eps <= 1) and a
 * uniform input (I = log 2 - H_b(eps)). */
bool joint_indep(struct joint *out, const struct joint *src,
                 struct error *err);
bool joint_copy_n(struct joint *out, size_t n, struct error *err);
bool joint_noisy(struct joint *out, double eps, struct error *err);

/* Sets cell (i, j) (0-based) to probability v (0 <= v <= 1) and rescales
 * the others proportionally, as `set` does for P and Q. */
bool joint_set_cell(struct joint *j, size_t i, size_t k, double v,
                    struct error *err);

/* Finds a row (x = true) or column by a word, by label_find's rule (as
 * table_find does): "#N" is always the N-th; a label equal to the word;
 * a number N is the N-th. */
bool joint_find(const struct joint *j, bool x, const char *word,
                size_t *idx, struct error *err);

/* Parses a file's text (see the formats above); `name` is used in
 * messages. */
bool joint_parse(const char *text, size_t len, const char *name,
                 struct joint *out, struct error *err);
/* Reads a file and parses it. */
bool joint_load(const char *path, struct joint *out, struct error *err);
/* Writes the matrix form with round-trip values: joint_parse reads back
 * the same table. */
void joint_write(const struct joint *j, struct buf *out);
/* Writes it atomically (file_write_atomic's flags). */
bool joint_save(const char *path, const struct joint *j, unsigned flags,
                struct error *err);

/* Computes the stats of a non-empty table into st (which joint_stats_free
 * releases). */
void joint_compute(const struct joint *j, struct joint_stats *st);
void joint_stats_free(struct joint_stats *st);

/* Views, values in the given base. The text view: the table, the
 * marginals, the product, every cell's signed term, the totals with the
 * identities checked, and the reverse direction. */
void joint_text(const struct joint *j, const struct joint_stats *st,
                enum log_base base, struct buf *out);
/* The totals and the identities only. */
void joint_totals(const struct joint *j, const struct joint_stats *st,
                  enum log_base base, struct buf *out);
/* One JSON object: rows, cols, base, unit, normalized,
 * mutual_information, entropy_x, entropy_y, entropy_xy,
 * cond_entropy_x_given_y, cond_entropy_y_given_x, reverse_kl,
 * reverse_kl_infinite_cell (null or {"x","y"}), x_labels, y_labels, p_x,
 * p_y, cells ([{"x","y","p","product","term"}]). */
void joint_json(const struct joint *j, const struct joint_stats *st,
                enum log_base base, struct buf *out);

#endif

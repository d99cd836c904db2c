#include "code.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "i18n.h"

/* Entries sorted by a key, then by index: the same code on every run. */
struct keyed {
    double key;
    size_t i;
};

static int by_key(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

void code_huffman(const double *w, size_t n, struct code_book *out)
{
    out->n = n;
    out->len = xcalloc(n ? n : 1, sizeof *out->len);
    out->word = xcalloc(n ? n : 1, sizeof *out->word);
    struct keyed *leaf = xmalloc((n ? n : 1) * sizeof *leaf);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (w[i] > 0)
            leaf[m++] = (struct keyed){w[i], i};
    if (m == 0) {
        free(leaf);
        return;
    }
    if (m == 1) {
        out->len[leaf[0].i] = 1;
        free(leaf);
        return;
    }
    qsort(leaf, m, sizeof *leaf, by_key);
    /* The two-queue construction: leaves in order of weight, internal
     * nodes in the order they are made (their weights never decrease).
     * Nodes 0..m-1 are the sorted leaves, m..2m-2 the internal ones. */
    size_t total = 2 * m - 1;
    double *weight = xmalloc(total * sizeof *weight);
    size_t *parent = xmalloc(total * sizeof *parent);
    for (size_t k = 0; k < m; k++)
        weight[k] = leaf[k].key;
    size_t qa = 0, qb = m, made = m;
    for (; made < total; made++) {
        size_t pick[2];
        for (int t = 0; t < 2; t++) {
            /* leaves win ties: shorter codes for the internal nodes */
            if (qa < m && (qb >= made || weight[qa] <= weight[qb]))
                pick[t] = qa++;
            else
                pick[t] = qb++;
        }
        weight[made] = weight[pick[0]] + weight[pick[1]];
        parent[pick[0]] = parent[pick[1]] = made;
    }
    /* Depths from the root down: parents are made after children. */
    unsigned *depth = xmalloc(total * sizeof *depth);
    depth[total - 1] = 0;
    for (size_t k = total - 1; k-- > 0;)
        depth[k] = depth[parent[k]] + 1;
    for (size_t k = 0; k < m; k++)
        out->len[leaf[k].i] = depth[k];
    free(weight);
    free(parent);
    free(depth);
    /* Canonical words: by length, then by index. */
    for (size_t k = 0; k < m; k++)
        leaf[k].key = out->len[leaf[k].i];
    qsort(leaf, m, sizeof *leaf, by_key);
    uint64_t code = 0;
    unsigned prev = out->len[leaf[0].i];
    for (size_t k = 0; k < m; k++) {
        unsigned l = out->len[leaf[k].i];
        if (l > 64)
            break;
        code <<= l - prev;
        out->word[leaf[k].i] = code++;
        prev = l;
    }
    free(leaf);
}

void code_book_free(struct code_book *b)
{
    free(b->len);
    free(b->word);
    b->len = NULL;
    b->word = NULL;
}

void code_word_text(const struct code_book *b, size_t i, char *buf,
                    size_t size)
{
    unsigned l = b->len[i];
    if (l == 0) {
        snprintf(buf, size, "-");
        return;
    }
    if (l > 64 || l + 1 > size) {
        snprintf(buf, size, _("(%u bits)"), l);
        return;
    }
    for (unsigned k = 0; k < l; k++)
        buf[k] = (b->word[i] >> (l - 1 - k)) & 1 ? '1' : '0';
    buf[l] = '\0';
}

double code_expected(const struct code_book *b, const double *p)
{
    double sum = 0;
    for (size_t i = 0; i < b->n; i++) {
        if (!(p[i] > 0))
            continue;
        if (b->len[i] == 0)
            return INFINITY;
        sum += p[i] * b->len[i];
    }
    return sum;
}

double code_cross_bits(const double *p, const double *q, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(p[i] > 0))
            continue;
        if (!(q[i] > 0))
            return INFINITY;
        sum -= p[i] * log2(q[i]);
    }
    return sum;
}

double code_entropy_bits(const double *p, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        if (p[i] > 0)
            sum -= p[i] * log2(p[i]);
    return sum;
}

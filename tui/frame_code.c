#include "frame_code.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"

const struct code_book *frame_code_book(struct view *v,
                                        const struct session *s)
{
    if (v->code_valid && v->code_s == s && v->code_version == s->version &&
        v->code_q.n == s->table.n)
        return &v->code_q;
    code_book_free(&v->code_q);
    code_huffman(s->table.q, s->table.n, &v->code_q);
    v->code_s = s;
    v->code_version = s->version;
    v->code_valid = true;
    return &v->code_q;
}

void frame_code_title(struct frame *f, int y, int x, int width)
{
    frame_role(f, ROLE_TITLE);
    frame_mvadd_right(f, y, x, width, "-log2q Huf");
}

void frame_code_cell(struct frame *f, const struct code_book *b,
                     const struct session *s, size_t i, int y, int x,
                     int width)
{
    char cell[32];
    double q = s->table.q[i];
    char ideal[16], huff[16];
    if (q > 0)
        snprintf(ideal, sizeof ideal, "%.3f", -log2(q));
    else
        snprintf(ideal, sizeof ideal, "inf");
    if (i < b->n && b->len[i])
        snprintf(huff, sizeof huff, "%u", b->len[i]);
    else
        snprintf(huff, sizeof huff, "-");
    snprintf(cell, sizeof cell, "%s %3s", ideal, huff);
    frame_role(f, q > 0 ? ROLE_Q : ROLE_INF);
    frame_mvadd_right(f, y, x, width, cell);
}

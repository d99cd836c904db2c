/* code: KL as the extra bits paid for coding P with a code built for Q.
 *
 * A code gives entry i a word of len[i] bits. The ideal code for Q has
 * lengths -log2 q_i (not whole numbers); its expected length under P is
 * the cross-entropy E_P[-log2 q] = H(P) + KL(P||Q) in bits, so KL(P||Q) is
 * the extra bits per symbol. A Huffman code is a real prefix code with
 * whole-bit lengths, optimal among them: its expected length under the
 * distribution it was built for lies in [H, H + 1). */
#ifndef KLX_CODE_H
#define KLX_CODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct code_book {
    size_t n;
    unsigned *len;      /* bits of each word; 0: no word (weight 0) */
    uint64_t *word;     /* canonical code words, the low len[i] bits; words
                           longer than 64 bits are not kept (word 0) */
};

/* The Huffman code for weights w (>= 0): entries of weight 0 get no word;
 * a single positive entry gets the word "0" (a code needs one bit). Ties
 * are broken by index, so the code is the same on every run. Words are
 * canonical: shorter first, then by index. */
void code_huffman(const double *w, size_t n, struct code_book *out);
void code_book_free(struct code_book *b);

/* The word of entry i as '0'/'1' text into buf ("-" for none, "(L bits)"
 * when longer than 64). */
void code_word_text(const struct code_book *b, size_t i, char *buf,
                    size_t size);

/* Expected length in bits under p of a code: sum p_i len_i; infinite when
 * some p_i > 0 has no word. */
double code_expected(const struct code_book *b, const double *p);

/* E_P[-log2 q] in bits: infinite when some p_i > 0 has q_i = 0. */
double code_cross_bits(const double *p, const double *q, size_t n);
/* H(P) in bits. */
double code_entropy_bits(const double *p, size_t n);

#endif

/* sleef-eval: SLEEF 3.5's deterministic logarithms against klx's own, by
 * measurement (issue #13; the figures are in doc/performance.md). Built
 * only when libsleef-dev is installed (bench/meson.build); klx itself
 * does not use SLEEF.
 *
 *   speed     log(p/q) alone into a buffer and summed, one thread, on
 *             klx-bench's data (ns/entry), and the fused
 *             both-direction loop d = log(p/q), sum p d, sum q d
 *   bits      whether the AVX-512, AVX and SSE2 builds of one function
 *             give the same bits (cinz: no FMA; finz: FMA, AVX-512 and
 *             AVX2 only)
 *   ulps      the largest error against long double logl, in ulps, and
 *             the largest relative error of log(p/q) formed from the
 *             rounded ratio p/q near p = q (what klx's log1p form avoids)
 *
 * Usage: sleef-eval [--n N] */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <immintrin.h>
#include <sleef.h>

#include "bench_data.h"

static double sink;

typedef double (*logsum_fn)(const double *p, const double *q, size_t n,
                            double *tmp);

/* log(p/q) of W lanes of vector type V at a time into tmp, then a sum. */
#define LOGSUM(name, fn, W, V, load, store, div)                          \
    static double name(const double *p, const double *q, size_t n,       \
                       double *tmp)                                       \
    {                                                                     \
        for (size_t i = 0; i + W <= n; i += W) {                          \
            V r = div(load(p + i), load(q + i));                          \
            store(tmp + i, fn(r));                                        \
        }                                                                 \
        double s = 0;                                                     \
        for (size_t i = 0; i < n; i++)                                    \
            s += tmp[i];                                                  \
        return s;                                                         \
    }
#define LOGSUM8(name, fn) LOGSUM(name, fn, 8, __m512d, _mm512_loadu_pd,  \
                                 _mm512_storeu_pd, _mm512_div_pd)
#define LOGSUM4(name, fn) LOGSUM(name, fn, 4, __m256d, _mm256_loadu_pd,  \
                                 _mm256_storeu_pd, _mm256_div_pd)
#define LOGSUM2(name, fn) LOGSUM(name, fn, 2, __m128d, _mm_loadu_pd,     \
                                 _mm_storeu_pd, _mm_div_pd)

LOGSUM4(cinz_u35_avx, Sleef_cinz_logd4_u35avx)
LOGSUM2(cinz_u35_sse2, Sleef_cinz_logd2_u35sse2)
LOGSUM8(cinz_u10_512, Sleef_cinz_logd8_u10avx512fnofma)
LOGSUM8(cinz_u35_512, Sleef_cinz_logd8_u35avx512fnofma)
LOGSUM8(finz_u10_512, Sleef_finz_logd8_u10avx512f)
LOGSUM8(finz_u35_512, Sleef_finz_logd8_u35avx512f)
LOGSUM4(cinz_u10_avx, Sleef_cinz_logd4_u10avx)
LOGSUM4(finz_u35_avx2, Sleef_finz_logd4_u35avx2)
LOGSUM2(cinz_u10_sse2, Sleef_cinz_logd2_u10sse2)

/* log1p((p - q)/q), the form that keeps ln(p/q) accurate near p = q */
static double cinz_log1p_512(const double *p, const double *q, size_t n,
                             double *tmp)
{
    for (size_t i = 0; i + 8 <= n; i += 8) {
        __m512d pv = _mm512_loadu_pd(p + i), qv = _mm512_loadu_pd(q + i);
        _mm512_storeu_pd(tmp + i, Sleef_cinz_log1pd8_u10avx512fnofma(
                                      _mm512_div_pd(_mm512_sub_pd(pv, qv),
                                                    qv)));
    }
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += tmp[i];
    return s;
}

/* The throwaway fused loop: d = log(p/q), sum p d and -sum q d
 * (plain sums, no brackets, no compensation). */
#define FUSED8(name, fn)                                                  \
    static double name(const double *p, const double *q, size_t n,       \
                       double *tmp)                                       \
    {                                                                     \
        (void)tmp;                                                        \
        __m512d f = _mm512_setzero_pd(), r = _mm512_setzero_pd();         \
        for (size_t i = 0; i + 8 <= n; i += 8) {                          \
            __m512d pv = _mm512_loadu_pd(p + i), qv = _mm512_loadu_pd(q + i); \
            __m512d d = fn(_mm512_div_pd(pv, qv));                        \
            f = _mm512_add_pd(f, _mm512_mul_pd(pv, d));                   \
            r = _mm512_sub_pd(r, _mm512_mul_pd(qv, d));                   \
        }                                                                 \
        return _mm512_reduce_add_pd(f) + _mm512_reduce_add_pd(r);         \
    }
FUSED8(fused_cinz_u10, Sleef_cinz_logd8_u10avx512fnofma)
FUSED8(fused_cinz_u35, Sleef_cinz_logd8_u35avx512fnofma)
FUSED8(fused_finz_u35, Sleef_finz_logd8_u35avx512f)

/* The same loop with klx's own log ratio. */
static double fused_own(const double *p, const double *q, size_t n,
                        double *tmp)
{
    (void)tmp;
    double f = 0, r = 0;
    _Pragma("omp simd reduction(+:f, r)")
    for (size_t i = 0; i < n; i++) {
        struct kterm t = k_term(p[i], q[i]);
        double d = p[i] >= q[i] ? t.l : -t.l;
        f += p[i] * d;
        r -= q[i] * d;
    }
    return f + r;
}

static double time_ns(logsum_fn fn, const double *p, const double *q,
                      size_t n, double *tmp)
{
    double best[15];
    for (int r = 0; r < 15; r++) {
        double t0 = bench_now();
        sink += fn(p, q, n, tmp);
        best[r] = (bench_now() - t0) * 1e9 / (double)n;
    }
    for (int i = 1; i < 15; i++)   /* median by insertion sort */
        for (int j = i; j > 0 && best[j] < best[j - 1]; j--) {
            double t = best[j];
            best[j] = best[j - 1];
            best[j - 1] = t;
        }
    return best[7];
}

/* Arguments that probe a log: the ratios of the bench data, ratios near
 * 1, tiny and huge values, subnormals. */
static double probe(size_t i)
{
    uint64_t r = bench_splitmix(9, i);
    switch (i % 4) {
    case 0:
        return exp(-40.0 * (double)(r >> 11) * 0x1.0p-53 + 20.0);
    case 1:
        return 1.0 + ((double)(r >> 11) * 0x1.0p-53 - 0.5) * 1e-6;
    case 2: {
        uint64_t b = r & 0x7FEFFFFFFFFFFFFFull;   /* any positive normal */
        double x;
        memcpy(&x, &b, sizeof x);
        return x > 0 ? x : 1.0;
    }
    default: {
        uint64_t b = (r >> 12) | 1;   /* subnormal */
        double x;
        memcpy(&x, &b, sizeof x);
        return x;
    }
    }
}

static double ulps(double got, long double want)
{
    double w = (double)want;
    double u = nextafter(fabs(w), INFINITY) - fabs(w);
    return (double)fabsl((long double)got - want) / u;
}

int main(int argc, char **argv)
{
    size_t n = 1000000;
    if (argc == 3 && strcmp(argv[1], "--n") == 0)
        n = (size_t)strtod(argv[2], NULL) / 8 * 8;
    double *p = malloc(n * sizeof *p), *q = malloc(n * sizeof *q);
    double *tmp = malloc(n * sizeof *tmp);
    if (!p || !q || !tmp || n == 0)
        return 1;
    bench_data_fill(p, n, 1);
    bench_data_fill(q, n, 2);

    static const struct {
        const char *name;
        logsum_fn fn;
    } speed[] = {
        {"klx own log ratio (k_term), avx512", bench_ownlog_sum},
        {"Sleef_cinz_logd8_u10avx512fnofma", cinz_u10_512},
        {"Sleef_cinz_logd8_u35avx512fnofma", cinz_u35_512},
        {"Sleef_finz_logd8_u10avx512f", finz_u10_512},
        {"Sleef_finz_logd8_u35avx512f", finz_u35_512},
        {"Sleef_cinz_logd4_u10avx", cinz_u10_avx},
        {"Sleef_finz_logd4_u35avx2", finz_u35_avx2},
        {"Sleef_cinz_logd2_u10sse2", cinz_u10_sse2},
        {"Sleef_cinz_logd4_u35avx", cinz_u35_avx},
        {"Sleef_cinz_logd2_u35sse2", cinz_u35_sse2},
        {"Sleef_cinz_log1pd8_u10avx512fnofma", cinz_log1p_512},
        {"fused p d, q d: klx own log ratio", fused_own},
        {"fused p d, q d: cinz u10 avx512fnofma", fused_cinz_u10},
        {"fused p d, q d: cinz u35 avx512fnofma", fused_cinz_u35},
        {"fused p d, q d: finz u35 avx512f", fused_finz_u35},
    };
    printf("speed, n = %zu, one thread, median of 15 (ns/entry)\n", n);
    for (size_t k = 0; k < sizeof speed / sizeof speed[0]; k++)
        printf("  %-42s %6.3f\n", speed[k].name,
               time_ns(speed[k].fn, p, q, n, tmp));

    /* bits across instruction sets and the error in ulps */
    enum { M = 1 << 20 };
    double *x = malloc(M * sizeof *x);
    if (!x)
        return 1;
    for (size_t i = 0; i < M; i++)
        x[i] = probe(i);
    size_t diff_cinz = 0, diff_finz = 0, diff_cf = 0, diff_c35 = 0;
    double worst[4] = {0, 0, 0, 0};   /* cinz u10, cinz u35, finz u35, own */
    for (size_t i = 0; i < M; i += 8) {
        double a8[8], a4[8], a2[8], f8[8], f4[8], c35[8], f35[8];
        double c35_4[8], c35_2[8];
        _mm512_storeu_pd(a8, Sleef_cinz_logd8_u10avx512fnofma(
                                 _mm512_loadu_pd(x + i)));
        _mm512_storeu_pd(f8, Sleef_finz_logd8_u10avx512f(
                                 _mm512_loadu_pd(x + i)));
        _mm512_storeu_pd(c35, Sleef_cinz_logd8_u35avx512fnofma(
                                  _mm512_loadu_pd(x + i)));
        _mm512_storeu_pd(f35, Sleef_finz_logd8_u35avx512f(
                                  _mm512_loadu_pd(x + i)));
        for (int h = 0; h < 2; h++) {
            _mm256_storeu_pd(a4 + 4 * h, Sleef_cinz_logd4_u10avx(
                                             _mm256_loadu_pd(x + i + 4 * h)));
            _mm256_storeu_pd(f4 + 4 * h, Sleef_finz_logd4_u10avx2(
                                             _mm256_loadu_pd(x + i + 4 * h)));
        }
        for (int h = 0; h < 2; h++)
            _mm256_storeu_pd(c35_4 + 4 * h, Sleef_cinz_logd4_u35avx(
                                                _mm256_loadu_pd(x + i + 4 * h)));
        for (int h = 0; h < 4; h++) {
            _mm_storeu_pd(a2 + 2 * h, Sleef_cinz_logd2_u10sse2(
                                          _mm_loadu_pd(x + i + 2 * h)));
            _mm_storeu_pd(c35_2 + 2 * h, Sleef_cinz_logd2_u35sse2(
                                             _mm_loadu_pd(x + i + 2 * h)));
        }
        diff_c35 += memcmp(c35, c35_4, sizeof c35) != 0 ||
                    memcmp(c35, c35_2, sizeof c35) != 0;
        diff_cinz += memcmp(a8, a4, sizeof a8) != 0 ||
                     memcmp(a8, a2, sizeof a8) != 0;
        diff_finz += memcmp(f8, f4, sizeof f8) != 0;
        diff_cf += memcmp(a8, f8, sizeof a8) != 0;
        for (int j = 0; j < 8; j++) {
            long double want = logl((long double)x[i + j]);
            if (want == 0)
                continue;
            worst[0] = fmax(worst[0], ulps(a8[j], want));
            worst[1] = fmax(worst[1], ulps(c35[j], want));
            worst[2] = fmax(worst[2], ulps(f35[j], want));
            if (x[i + j] >= DBL_MIN) {
                /* klx's own: ln(x/1) through k_term */
                struct kterm t = k_term(x[i + j] >= 1 ? x[i + j] : 1.0,
                                        x[i + j] >= 1 ? 1.0 : x[i + j]);
                worst[3] = fmax(worst[3], ulps(x[i + j] >= 1 ? t.l : -t.l,
                                               want));
            }
        }
    }
    printf("bits, %d arguments (8 a block): blocks differing\n", M);
    printf("  cinz u10: avx512fnofma vs avx vs sse2    %zu\n", diff_cinz);
    printf("  cinz u35: avx512fnofma vs avx vs sse2    %zu\n", diff_c35);
    printf("  finz u10: avx512f vs avx2                %zu\n", diff_finz);
    printf("  cinz vs finz (avx512)                    %zu\n", diff_cf);
    printf("largest error against logl (ulps)\n");
    printf("  cinz u10 %.2f, cinz u35 %.2f, finz u35 %.2f, klx own %.2f\n",
           worst[0], worst[1], worst[2], worst[3]);

    /* near p = q: log of the rounded ratio against the exact log ratio */
    double rel_ratio = 0, rel_own = 0;
    for (size_t i = 0; i < M; i++) {
        double a = 0.3 + 0.4 * (double)(bench_splitmix(5, i) >> 11) * 0x1.0p-53;
        double b = a * (1.0 + ((double)(bench_splitmix(6, i) >> 11) * 0x1.0p-53 -
                               0.5) * 1e-9);
        /* a - b is exact (Sterbenz) */
        long double want = log1pl((long double)(a - b) / (long double)b);
        if (want == 0)
            continue;
        __m512d r = _mm512_set1_pd(a / b);
        double d[8];
        _mm512_storeu_pd(d, Sleef_finz_logd8_u35avx512f(r));
        rel_ratio = fmax(rel_ratio, (double)fabsl((d[0] - want) / want));
        struct kterm t = k_term(a, b);
        double l = a >= b ? t.l : -t.l;
        rel_own = fmax(rel_own, (double)fabsl((l - want) / want));
    }
    printf("near p = q (|p/q - 1| < 5e-10), largest relative error of "
           "ln(p/q)\n");
    printf("  SLEEF log of the rounded ratio %.3g; klx own %.3g\n",
           rel_ratio, rel_own);
    if (sink == 42)
        puts("");
    free(x);
    free(p);
    free(q);
    free(tmp);
    return 0;
}

/* test_util.h: helpers shared by klx's cmocka unit tests.
 *
 * cmocka 1.1.5 has no assert_double_equal and its assert_float_equal casts
 * to float, so doubles are compared with assert_close(), which prints both
 * values with 17 significant digits when it fails. Everything here is
 * `static inline` so a test file that does not use a helper gets no
 * unused-function warning. */
#ifndef KLX_TEST_UTIL_H
#define KLX_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- floating point ---- */

/* True when a and b are equal (infinities of the same sign included), or
 * differ by at most `abs_tol`, or by at most `rel` times the larger of
 * their magnitudes. NaN is never close to anything. */
static inline bool test_close(double a, double b, double rel, double abs_tol)
{
    if (isnan(a) || isnan(b))
        return false;
    if (a == b)
        return true;
    if (isinf(a) || isinf(b))
        return false;
    double d = fabs(a - b);
    return d <= abs_tol || d <= rel * fmax(fabs(a), fabs(b));
}

static inline void test_assert_close(double a, double b, double rel,
                                     double abs_tol, const char *ea,
                                     const char *eb, const char *file,
                                     int line)
{
    if (test_close(a, b, rel, abs_tol))
        return;
    print_error("assert_close(%s, %s) failed:\n"
                "  %s = %.17g\n  %s = %.17g\n"
                "  difference %.3g, relative %.3g (rel tol %.3g, abs tol "
                "%.3g)\n", ea, eb, ea, a, eb, b, fabs(a - b),
                fabs(a - b) / fmax(fabs(a), fabs(b)), rel, abs_tol);
    _fail(file, line);
}

#define assert_close(a, b, rel, abs_tol)                                    \
    test_assert_close((double)(a), (double)(b), (rel), (abs_tol), #a, #b, \
                      __FILE__, __LINE__)

/* Bit-identical doubles (so 0.0 and -0.0 differ, and NaN equals itself). */
static inline void test_assert_same_double(double a, double b,
                                           const char *ea, const char *eb,
                                           const char *file, int line)
{
    if (memcmp(&a, &b, sizeof a) == 0)
        return;
    print_error("assert_same_double(%s, %s) failed: %.17g (%a) vs %.17g "
                "(%a)\n", ea, eb, a, a, b, b);
    _fail(file, line);
}

#define assert_same_double(a, b)                                          \
    test_assert_same_double((a), (b), #a, #b, __FILE__, __LINE__)

/* Distance in units in the last place between two finite doubles of the
 * same sign. */
static inline double test_ulps(double a, double b)
{
    if (a == b)
        return 0;
    double u = fmax(nextafter(fabs(a), INFINITY) - fabs(a),
                    nextafter(fabs(b), INFINITY) - fabs(b));
    return fabs(a - b) / u;
}

/* ---- strings ---- */

static inline void test_assert_contains(const char *hay, const char *needle,
                                        const char *eh, const char *file,
                                        int line)
{
    if (hay && needle && strstr(hay, needle))
        return;
    print_error("%s does not contain \"%s\":\n---\n%s\n---\n", eh,
                needle ? needle : "(null)", hay ? hay : "(null)");
    _fail(file, line);
}

#define assert_contains(hay, needle)                                      \
    test_assert_contains((hay), (needle), #hay, __FILE__, __LINE__)

static inline void test_assert_not_contains(const char *hay,
                                            const char *needle,
                                            const char *eh, const char *file,
                                            int line)
{
    if (hay && needle && !strstr(hay, needle))
        return;
    print_error("%s unexpectedly contains \"%s\":\n---\n%s\n---\n", eh,
                needle ? needle : "(null)", hay ? hay : "(null)");
    _fail(file, line);
}

#define assert_not_contains(hay, needle)                                  \
    test_assert_not_contains((hay), (needle), #hay, __FILE__, __LINE__)

static inline void test_assert_starts(const char *s, const char *prefix,
                                      const char *es, const char *file,
                                      int line)
{
    if (s && prefix && strncmp(s, prefix, strlen(prefix)) == 0)
        return;
    print_error("%s does not start with \"%s\":\n---\n%s\n---\n", es,
                prefix ? prefix : "(null)", s ? s : "(null)");
    _fail(file, line);
}

#define assert_starts_with(s, prefix)                                     \
    test_assert_starts((s), (prefix), #s, __FILE__, __LINE__)

/* Number of (non-overlapping) occurrences of needle in hay. */
static inline size_t test_count(const char *hay, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    for (const char *p = strstr(hay, needle); p; p = strstr(p + k, needle))
        n++;
    return n;
}

/* ---- a fixed-seed PRNG (splitmix64): same numbers on every machine ---- */

struct test_rng {
    uint64_t s;
};

static inline uint64_t rng_next(struct test_rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Uniform in (0, 1), never 0 or 1. */
static inline double rng_uniform(struct test_rng *r)
{
    return ((double)(rng_next(r) >> 11) + 0.5) * 0x1.0p-53;
}

/* Uniform integer in [0, n). */
static inline size_t rng_below(struct test_rng *r, size_t n)
{
    return (size_t)(rng_next(r) % n);
}

/* ---- scratch files ---- */

/* Makes a fresh directory under $TMPDIR (or /tmp); returns a malloc'ed path. */
static inline char *scratch_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/klx-test-XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    char *d = mkdtemp(tmpl);
    if (!d)
        return NULL;
    return strdup(d);
}

/* Joins dir and name into a malloc'ed path. */
static inline char *scratch_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static inline bool write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

/* Reads a whole file into a malloc'ed NUL-terminated string. */
static inline char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *s = malloc(cap);
    size_t k;
    while (s && (k = fread(s + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n - 1 == 0) {
            cap *= 2;
            char *t = realloc(s, cap);
            if (!t) {
                free(s);
                s = NULL;
            }
            s = t;
        }
    }
    fclose(f);
    if (s)
        s[n] = '\0';
    if (len)
        *len = n;
    return s;
}

/* Number of entries (other than . and ..) in a directory, or -1. */
static inline int dir_count(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

/* Removes a flat scratch directory and the files in it. */
static inline void scratch_remove(const char *dir)
{
    if (!dir)
        return;
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *p = scratch_path(dir, e->d_name);
            if (p)
                unlink(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* ---- a small, strict JSON parser, to check what klx writes ---- */

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUM, JSON_STR, JSON_ARR,
                 JSON_OBJ };

struct json {
    enum json_type type;
    bool b;
    double num;
    char *str;              /* decoded UTF-8 (JSON_STR) */
    size_t n;               /* items (JSON_ARR, JSON_OBJ) */
    char **keys;            /* JSON_OBJ */
    struct json *items;
};

static inline void json_free(struct json *v)
{
    free(v->str);
    for (size_t i = 0; i < v->n; i++) {
        if (v->keys)
            free(v->keys[i]);
        json_free(&v->items[i]);
    }
    free(v->keys);
    free(v->items);
    memset(v, 0, sizeof *v);
}

static inline void json_ws(const char **s)
{
    while (**s == ' ' || **s == '\t' || **s == '\n' || **s == '\r')
        (*s)++;
}

static inline int json_hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static inline bool json_hex4(const char *s, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = json_hex(s[i]);
        if (h < 0)
            return false;
        v = v * 16 + (unsigned)h;
    }
    *out = v;
    return true;
}

static inline void json_put_utf8(char *dst, size_t *k, unsigned cp)
{
    if (cp < 0x80) {
        dst[(*k)++] = (char)cp;
    } else if (cp < 0x800) {
        dst[(*k)++] = (char)(0xC0 | (cp >> 6));
        dst[(*k)++] = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        dst[(*k)++] = (char)(0xE0 | (cp >> 12));
        dst[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        dst[(*k)++] = (char)(0x80 | (cp & 0x3F));
    } else {
        dst[(*k)++] = (char)(0xF0 | (cp >> 18));
        dst[(*k)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
        dst[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        dst[(*k)++] = (char)(0x80 | (cp & 0x3F));
    }
}

static inline char *json_read_string(const char **s)
{
    if (**s != '"')
        return NULL;
    const char *p = *s + 1;
    char *out = malloc(strlen(p) + 1);
    size_t k = 0;
    if (!out)
        return NULL;
    for (;;) {
        unsigned char c = (unsigned char)*p;
        if (c == '\0' || c < 0x20)
            goto bad;
        if (c == '"')
            break;
        if (c != '\\') {
            out[k++] = (char)c;
            p++;
            continue;
        }
        p++;
        switch (*p) {
        case '"': out[k++] = '"'; break;
        case '\\': out[k++] = '\\'; break;
        case '/': out[k++] = '/'; break;
        case 'b': out[k++] = '\b'; break;
        case 'f': out[k++] = '\f'; break;
        case 'n': out[k++] = '\n'; break;
        case 'r': out[k++] = '\r'; break;
        case 't': out[k++] = '\t'; break;
        case 'u': {
            unsigned cp;
            if (!json_hex4(p + 1, &cp))
                goto bad;
            p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned lo;
                if (p[1] != '\\' || p[2] != 'u' || !json_hex4(p + 3, &lo) ||
                    lo < 0xDC00 || lo > 0xDFFF)
                    goto bad;
                p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                goto bad;
            }
            json_put_utf8(out, &k, cp);
            break;
        }
        default:
            goto bad;
        }
        p++;
    }
    out[k] = '\0';
    *s = p + 1;
    return out;
bad:
    free(out);
    return NULL;
}

static inline bool json_value(const char **s, struct json *v, int depth);

static inline bool json_read_number(const char **s, struct json *v)
{
    const char *p = *s, *start = *s;
    if (*p == '-')
        p++;
    if (*p == '0')
        p++;
    else if (*p >= '1' && *p <= '9')
        while (*p >= '0' && *p <= '9')
            p++;
    else
        return false;
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9'))
            return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    char tmp[64];
    size_t n = (size_t)(p - start);
    if (n >= sizeof tmp)
        return false;
    memcpy(tmp, start, n);
    tmp[n] = '\0';
    v->type = JSON_NUM;
    v->num = strtod(tmp, NULL);
    *s = p;
    return true;
}

static inline bool json_value(const char **s, struct json *v, int depth)
{
    memset(v, 0, sizeof *v);
    if (depth > 64)
        return false;
    json_ws(s);
    const char *p = *s;
    if (*p == '{' || *p == '[') {
        bool obj = *p == '{';
        char close = obj ? '}' : ']';
        v->type = obj ? JSON_OBJ : JSON_ARR;
        *s = p + 1;
        json_ws(s);
        if (**s == close) {
            (*s)++;
            return true;
        }
        for (;;) {
            size_t n = v->n + 1;
            struct json *items = realloc(v->items, n * sizeof *items);
            if (!items)
                return false;
            v->items = items;
            if (obj) {
                char **keys = realloc(v->keys, n * sizeof *keys);
                if (!keys)
                    return false;
                v->keys = keys;
                json_ws(s);
                char *key = json_read_string(s);
                if (!key)
                    return false;
                v->keys[n - 1] = key;
                json_ws(s);
                if (**s != ':') {
                    memset(&v->items[n - 1], 0, sizeof v->items[0]);
                    v->n = n;
                    return false;
                }
                (*s)++;
            }
            v->n = n;
            if (!json_value(s, &v->items[n - 1], depth + 1))
                return false;
            json_ws(s);
            if (**s == ',') {
                (*s)++;
                continue;
            }
            if (**s == close) {
                (*s)++;
                return true;
            }
            return false;
        }
    }
    if (*p == '"') {
        v->type = JSON_STR;
        v->str = json_read_string(s);
        return v->str != NULL;
    }
    if (strncmp(p, "true", 4) == 0 || strncmp(p, "false", 5) == 0) {
        v->type = JSON_BOOL;
        v->b = *p == 't';
        *s = p + (v->b ? 4 : 5);
        return true;
    }
    if (strncmp(p, "null", 4) == 0) {
        v->type = JSON_NULL;
        *s = p + 4;
        return true;
    }
    return json_read_number(s, v);
}

/* Parses a whole document (surrounding whitespace allowed). */
static inline bool json_parse(const char *text, struct json *out)
{
    const char *s = text;
    if (!json_value(&s, out, 0)) {
        json_free(out);
        return false;
    }
    json_ws(&s);
    if (*s != '\0') {
        json_free(out);
        return false;
    }
    return true;
}

static inline const struct json *json_get(const struct json *obj,
                                          const char *key)
{
    if (!obj || obj->type != JSON_OBJ)
        return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (strcmp(obj->keys[i], key) == 0)
            return &obj->items[i];
    return NULL;
}

/* A JSON number, or the string "inf" read as +infinity (klx's convention). */
static inline double json_double(const struct json *v)
{
    if (v && v->type == JSON_NUM)
        return v->num;
    if (v && v->type == JSON_STR && strcmp(v->str, "inf") == 0)
        return INFINITY;
    return NAN;
}

#endif

#include "utf8.h"

#include <string.h>

size_t utf8_scan(const char *str, size_t avail, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned c = s[0];
    size_t len;
    uint32_t v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; }
    else goto invalid;
    if (avail < len)
        goto invalid;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            goto invalid;
        v = (v << 6) | (s[i] & 0x3F);
    }
    /* Overlong forms (E0 80 80 is U+0000), surrogates and code points past
     * U+10FFFF are not UTF-8 either. */
    if ((len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
        v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        goto invalid;
    *cp = v;
    return len;
invalid:
    *cp = 0xFFFD;
    return 0;
}

size_t utf8_decode(const char *s, size_t avail, uint32_t *cp)
{
    size_t len = utf8_scan(s, avail, cp);
    return len ? len : 1;
}

bool utf8_is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
}

int utf8_cp_width(uint32_t cp)
{
    if (cp == 0 || (cp >= 0x0300 && cp <= 0x036F) ||
        (cp >= 0x200B && cp <= 0x200F) || (cp >= 0xFE00 && cp <= 0xFE0F))
        return 0;
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
        (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
        (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
        (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
        (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2;
    return 1;
}

int utf8_width(const char *s)
{
    int w = 0;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += utf8_decode(s + i, len - i, &cp);
        w += utf8_cp_width(cp);
    }
    return w;
}

size_t utf8_prefix_fitting(const char *s, int cols)
{
    int w = 0;
    size_t len = strlen(s), i = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, len - i, &cp);
        int cw = utf8_cp_width(cp);
        if (w + cw > cols)
            break;
        w += cw;
        i += k;
    }
    return i;
}

/* Whether cp is one of the ASCII characters `ascii` or of cps[n]. */
static bool listed(uint32_t cp, const char *ascii, const uint32_t *cps,
                   size_t n)
{
    if (cp < 0x80)
        return cp && strchr(ascii, (int)cp) != NULL;
    for (size_t i = 0; i < n; i++)
        if (cps[i] == cp)
            return true;
    return false;
}

/* Punctuation a line may not start with: it closes what comes before. */
static bool closes(uint32_t cp)
{
    static const uint32_t cps[] = {
        0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F,
        0xFF09, 0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0x2019, 0x201D,
        0x2026, 0xFF5D, 0xFF3D,
    };
    return listed(cp, ",.;:!?)]}%'\"", cps, sizeof cps / sizeof *cps);
}

/* Punctuation a line may not end with: it opens what comes after. */
static bool opens(uint32_t cp)
{
    static const uint32_t cps[] = {
        0xFF08, 0x3008, 0x300A, 0x300C, 0x300E, 0x3010, 0x2018, 0x201C,
        0xFF5B, 0xFF3B,
    };
    return listed(cp, "([{'\"", cps, sizeof cps / sizeof *cps);
}

/* Whether a line may break between prev and cur, neither a space. */
static bool wide_break(uint32_t prev, uint32_t cur)
{
    return (utf8_cp_width(prev) == 2 || utf8_cp_width(cur) == 2) &&
           !closes(cur) && !opens(prev);
}

size_t utf8_wrap_break(const char *s, int cols)
{
    size_t len = strlen(s), brk = 0;
    uint32_t prev = 0;
    int w = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = utf8_decode(s + i, len - i, &cp);
        if (cp == ' ') {
            size_t end = i;
            while (end > 0 && s[end - 1] == ' ')
                end--;
            if (end > 0)
                brk = end;
        } else if (i > 0 && prev != ' ' && wide_break(prev, cp)) {
            brk = i;
        }
        int cw = utf8_cp_width(cp);
        if (w + cw > cols)
            return brk ? brk : i;
        w += cw;
        i += k;
        prev = cp;
    }
    return len;
}

size_t utf8_ascii_letters(char *s)
{
    static const struct {
        const char *utf8;
        char ascii;
    } letters[] = {
        {"\u00E9", 'e'}, {"\u00E8", 'e'}, {"\u00E4", 'a'}, {"\u00F6", 'o'},
        {"\u00FC", 'u'},
    };
    char *w = s;
    for (const char *r = s; *r;) {
        size_t k = 0;
        while (k < sizeof letters / sizeof *letters &&
               strncmp(r, letters[k].utf8, strlen(letters[k].utf8)) != 0)
            k++;
        if (k < sizeof letters / sizeof *letters) {
            *w++ = letters[k].ascii;
            r += strlen(letters[k].utf8);
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
}

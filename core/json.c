#include "json.h"

#include <math.h>

void json_string(struct buf *out, const char *s)
{
    buf_putc(out, '"');
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        switch (*c) {
        case '"': buf_append(out, "\\\""); break;
        case '\\': buf_append(out, "\\\\"); break;
        case '\n': buf_append(out, "\\n"); break;
        case '\r': buf_append(out, "\\r"); break;
        case '\t': buf_append(out, "\\t"); break;
        case '\b': buf_append(out, "\\b"); break;
        case '\f': buf_append(out, "\\f"); break;
        default:
            if (*c < 0x20 || *c == 0x7F)
                buf_printf(out, "\\u%04x", *c);
            else
                buf_putc(out, (char)*c);
        }
    }
    buf_putc(out, '"');
}

/* JSON has no infinity; klx writes the string "inf" (documented). */
void json_number(struct buf *out, double v)
{
    if (isnan(v))
        buf_append(out, "\"nan\"");   /* never expected; stays valid JSON */
    else if (isinf(v))
        buf_append(out, v > 0 ? "\"inf\"" : "\"-inf\"");
    else
        buf_printf(out, "%.17g", v == 0 ? 0.0 : v);
}

void json_field(struct buf *out, const char *key, double v)
{
    buf_printf(out, ",\"%s\":", key);
    json_number(out, v);
}

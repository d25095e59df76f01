/*
 * query_parse.c: a lexer and a recursive-descent parser that never gives
 * up: whatever cannot be understood becomes a warning and is skipped or
 * read as words.
 */
#include "query_parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "dossier/date.h"

/* Parentheses nested deeper than this are read flat: no stack overflow
 * from "((((((...". */
#define MAX_DEPTH 32

typedef enum {
    T_END, T_WORD, T_QUOTED, T_LPAREN, T_RPAREN, T_AND, T_OR, T_NOT,
    T_NEAR, T_FIELD
} token_type;

typedef struct token {
    token_type type;
    size_t position;
    const char *text; /* into the query; not NUL-terminated */
    size_t len;
    char field[16];   /* T_FIELD */
    const char *value;
    size_t value_len;
    int is_value_quoted;
    int prefix;       /* '+', '-' or 0 */
    unsigned window;  /* T_NEAR */
} token;

struct parser {
    const char *s;
    size_t len, i;
    /* No lower-case letter anywhere: a headline pasted as written, whose
     * AND, OR, NOT and NEAR are words ("... AID PACKAGE NOT READY"). */
    int is_all_caps;
    token look;
    parsed_query *out;
    int failed; /* out of memory */
};

static const char *const fields[] = {
    "title", "source", "author", "entity", "type", "lang", "category",
    "date", "since", "until", "url", "site",
};

static void warn(struct parser *p, size_t position, const char *fmt,
                 const char *arg, size_t arg_len)
{
    parsed_query *q = p->out;
    if (q->n_warnings == QUERY_MAX_WARNINGS)
        return;
    query_warning *w = &q->warnings[q->n_warnings++];
    w->position = position;
    w->is_error = 0;
    char quoted[64];
    snprintf(quoted, sizeof quoted, "%.*s",
             (int)(arg_len < 40 ? arg_len : 40), arg ? arg : "");
    snprintf(w->message, sizeof w->message, fmt, quoted);
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* Whether the byte before I (or after END) is a letter or digit: a
 * typographic apostrophe between two is no quote ("People’s"). */
static int is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c >= 0x80;
}

/* The length of the quotation mark at byte I of S that opens a phrase
 * (IS_OPEN) or closes one, 0 when there is none: the straight one, and
 * those news in other languages write: “ ” „ ‟ « » 「 」 『 』 ＂; and the
 * single ‘ ‚ (open) and ‘ ’ (close) where they are no apostrophe: not
 * between two letters ("People’s"), and ’ never opens ("Workers’
 * Party"); the straight one not between Hebrew letters. */
/* Whether a Hebrew letter (U+05D0 to U+05EA) is at byte I of S. */
static int is_hebrew_letter(const char *s, size_t len, size_t i)
{
    return i + 1 < len && (unsigned char)s[i] == 0xD7 &&
           (unsigned char)s[i + 1] >= 0x90 && (unsigned char)s[i + 1] <= 0xAA;
}

static size_t quote_len(const char *s, size_t len, size_t i, int is_open)
{
    unsigned char c = (unsigned char)s[i];
    /* The lexer asks of every byte.  Between Hebrew letters the straight
     * mark is gershayim, a word's own: צה"ל. */
    if (c < 0x80)
        return c == '"' &&
               !(i >= 2 && is_hebrew_letter(s, len, i - 2) &&
                 is_hebrew_letter(s, len, i + 1));
    static const char *const marks[] = {
        "\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x9e",
        "\xe2\x80\x9f", "\xc2\xab", "\xc2\xbb", "\xe3\x80\x8c",
        "\xe3\x80\x8d", "\xe3\x80\x8e", "\xe3\x80\x8f", "\xef\xbc\x82",
    };
    static const struct {
        const char *mark;
        int opens, closes;
    } singles[] = {
        {"\xe2\x80\x98", 1, 1}, /* ‘ */
        {"\xe2\x80\x99", 0, 1}, /* ’ */
        {"\xe2\x80\x9a", 1, 0}, /* ‚ */
    };
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
        size_t n = strlen(marks[k]);
        if (i + n <= len && memcmp(s + i, marks[k], n) == 0)
            return n;
    }
    for (size_t k = 0; k < sizeof singles / sizeof singles[0]; k++) {
        size_t n = strlen(singles[k].mark);
        if (i + n > len || memcmp(s + i, singles[k].mark, n) != 0)
            continue;
        if (!(is_open ? singles[k].opens : singles[k].closes))
            return 0;
        int after_word = i > 0 && is_word_byte((unsigned char)s[i - 1]);
        int before_word =
            i + n < len && is_word_byte((unsigned char)s[i + n]);
        return after_word && before_word ? 0 : n;
    }
    return 0;
}

static int is_word_end(const char *s, size_t len, size_t i)
{
    char c = s[i];
    return is_space(c) || c == '(' || c == ')' || quote_len(s, len, i, 1) > 0;
}

/* Reads a quoted string at p->i (on its opening mark, of any kind) to the
 * next mark of any kind: “gas dispute”, „Gasstreit“, « gaz », 「ガス」. */
static void lex_quoted(struct parser *p, const char **text, size_t *len)
{
    size_t open = p->i;
    p->i += quote_len(p->s, p->len, p->i, 1);
    size_t start = p->i, close = 0;
    while (p->i < p->len && (close = quote_len(p->s, p->len, p->i, 0)) == 0)
        p->i++;
    *text = p->s + start;
    *len = p->i - start;
    if (p->i < p->len)
        p->i += close;
    else
        warn(p, open, "unbalanced quote%s: read to the end", "", 0);
}

/* Whether TEXT (LEN bytes) has no lower-case letter: ASCII a-z, or a
 * Latin, Greek or Cyrillic small letter of two bytes (U+00DF to U+04FF,
 * told by utf8proc). */
static int has_no_lower_case(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 'a' && c <= 'z')
            return 0;
        if (c >= 0xC2 && c <= 0xD3 && i + 1 < len) {
            int32_t cp = ((c & 0x1F) << 6) | (text[i + 1] & 0x3F);
            if (utf8proc_category(cp) == UTF8PROC_CATEGORY_LL)
                return 0;
        }
    }
    return 1;
}

static void next_token(struct parser *p)
{
    token *t = &p->look;
    memset(t, 0, sizeof *t);
    while (p->i < p->len && is_space(p->s[p->i]))
        p->i++;
    t->position = p->i;
    if (p->i >= p->len) {
        t->type = T_END;
        return;
    }
    char c = p->s[p->i];
    if (c == '(' || c == ')') {
        t->type = c == '(' ? T_LPAREN : T_RPAREN;
        p->i++;
        return;
    }
    /* A prefix sticks to what follows it: +word, -"phrase", -(a b). */
    if ((c == '+' || c == '-') && p->i + 1 < p->len &&
        !is_space(p->s[p->i + 1]) && p->s[p->i + 1] != ')') {
        t->prefix = c;
        p->i++;
        c = p->s[p->i];
        if (c == '(') {
            /* Handled by the parser: a prefixed group. */
            t->type = T_LPAREN;
            p->i++;
            return;
        }
    }
    if (quote_len(p->s, p->len, p->i, 1) > 0) {
        t->type = T_QUOTED;
        lex_quoted(p, &t->text, &t->len);
        return;
    }
    size_t start = p->i;
    while (p->i < p->len && !is_word_end(p->s, p->len, p->i))
        p->i++;
    t->text = p->s + start;
    t->len = p->i - start;
    t->type = T_WORD;
    if (t->prefix == 0 && !p->is_all_caps) {
        if (t->len == 3 && memcmp(t->text, "AND", 3) == 0) {
            t->type = T_AND;
            return;
        }
        if (t->len == 2 && memcmp(t->text, "OR", 2) == 0) {
            t->type = T_OR;
            return;
        }
        if (t->len == 3 && memcmp(t->text, "NOT", 3) == 0) {
            t->type = T_NOT;
            return;
        }
        if (t->len > 5 && memcmp(t->text, "NEAR/", 5) == 0) {
            unsigned n = 0;
            size_t k = 5;
            while (k < t->len && t->text[k] >= '0' && t->text[k] <= '9' &&
                   n < 1000)
                n = n * 10 + (unsigned)(t->text[k++] - '0');
            if (k == t->len && n > 0) {
                t->type = T_NEAR;
                t->window = n > 100 ? 100 : n;
                return;
            }
        }
        if (t->len == 4 && memcmp(t->text, "NEAR", 4) == 0) {
            t->type = T_NEAR;
            t->window = 10;
            return;
        }
    }
    /* field:value */
    const char *colon = memchr(t->text, ':', t->len);
    if (colon && colon > t->text) {
        size_t name_len = (size_t)(colon - t->text);
        for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
            if (strlen(fields[f]) != name_len ||
                strncmp(fields[f], t->text, name_len) != 0)
                continue;
            t->type = T_FIELD;
            snprintf(t->field, sizeof t->field, "%s", fields[f]);
            t->value = colon + 1;
            t->value_len = t->len - name_len - 1;
            if (t->value_len == 0 && p->i < p->len &&
                quote_len(p->s, p->len, p->i, 1) > 0) {
                lex_quoted(p, &t->value, &t->value_len);
                t->is_value_quoted = 1;
            }
            return;
        }
        /* Something else with a colon: a URL, a time, or a field we do
         * not know.  Letters before the colon look like a field name. */
        int is_name = name_len < 16;
        for (size_t k = 0; k < name_len && is_name; k++)
            is_name = (t->text[k] >= 'a' && t->text[k] <= 'z');
        if (is_name && name_len > 1 && t->len > name_len + 1 &&
            t->text[name_len + 1] != '/')
            warn(p, t->position, "unknown field \"%s\": searched as words",
                 t->text, name_len);
    }
}

static query_node *new_node(struct parser *p, query_node_type type,
                            size_t position)
{
    query_node *n = calloc(1, sizeof *n);
    if (n == NULL)
        p->failed = 1;
    else {
        n->type = type;
        n->position = position;
    }
    return n;
}

static void free_node(query_node *n)
{
    if (n == NULL)
        return;
    for (size_t i = 0; i < n->n_children; i++)
        free_node(n->children[i]);
    free(n->children);
    free(n->text);
    free(n);
}

static int add_child(struct parser *p, query_node *parent, query_node *child)
{
    if (child == NULL)
        return 0;
    query_node **c = realloc(parent->children,
                             (parent->n_children + 1) * sizeof *c);
    if (c == NULL) {
        p->failed = 1;
        free_node(child);
        return -1;
    }
    parent->children = c;
    c[parent->n_children++] = child;
    return 0;
}

static char *copy(struct parser *p, const char *s, size_t len)
{
    char *c = malloc(len + 1);
    if (c == NULL) {
        p->failed = 1;
        return NULL;
    }
    memcpy(c, s, len);
    c[len] = '\0';
    return c;
}

/* "2020", "2020-06", "2020-06-15": the first and last second of it. */
static int date_span(const char *s, size_t len, int64_t *first,
                     int64_t *last)
{
    char buf[16];
    int y = 0, m = 1, d = 1, parts;
    if (len == 0 || len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char extra;
    if (len == 4 && sscanf(buf, "%4d%c", &y, &extra) == 1)
        parts = 1;
    else if (len == 7 && sscanf(buf, "%4d-%2d%c", &y, &m, &extra) == 2)
        parts = 2;
    else if (len == 10 && sscanf(buf, "%4d-%2d-%2d%c", &y, &m, &d, &extra) == 3)
        parts = 3;
    else
        return -1;
    char iso[32];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
    if (dossier_parse_date(iso, first) != 0)
        return -1;
    int ny = y, nm = m, nd = d;
    if (parts == 1) {
        ny = y + 1;
        nm = 1;
        nd = 1;
    } else if (parts == 2) {
        nm = m + 1;
        if (nm == 13) {
            nm = 1;
            ny = y + 1;
        }
        nd = 1;
    }
    int64_t next;
    if (parts == 3) {
        *last = *first + 86399;
        return 0;
    }
    /* The period after December 9999 is past the dates we read: the span
     * then ends at the last second of 9999. */
    if (ny > 9999)
        snprintf(iso, sizeof iso, "9999-12-31T23:59:59Z");
    else
        snprintf(iso, sizeof iso, "%04d-%02d-%02d", ny, nm, nd);
    if (dossier_parse_date(iso, &next) != 0)
        return -1;
    *last = ny > 9999 ? next : next - 1;
    return 0;
}

static query_node *parse_date_field(struct parser *p, const token *t)
{
    query_node *n = new_node(p, QN_DATE, t->position);
    if (n == NULL)
        return NULL;
    const char *v = t->value;
    size_t len = t->value_len;
    int64_t first, last;
    int ok = 1;
    if (strcmp(t->field, "since") == 0) {
        ok = date_span(v, len, &first, &last) == 0;
        n->from = first;
        n->has_from = ok;
    } else if (strcmp(t->field, "until") == 0) {
        ok = date_span(v, len, &first, &last) == 0;
        n->to = last;
        n->has_to = ok;
    } else {
        const char *dots = NULL;
        for (size_t k = 0; k + 1 < len; k++)
            if (v[k] == '.' && v[k + 1] == '.') {
                dots = v + k;
                break;
            }
        if (dots == NULL) {
            ok = date_span(v, len, &first, &last) == 0;
            n->from = first;
            n->to = last;
            n->has_from = n->has_to = ok;
        } else {
            size_t left = (size_t)(dots - v), right = len - left - 2;
            if (left > 0) {
                ok = date_span(v, left, &first, &last) == 0;
                n->from = first;
                n->has_from = ok;
            }
            if (ok && right > 0) {
                ok = date_span(dots + 2, right, &first, &last) == 0;
                n->to = last;
                n->has_to = ok;
            }
            if (left == 0 && right == 0)
                ok = 0;
        }
    }
    if (ok && n->has_from && n->has_to && n->from > n->to) {
        /* Not a typo to read past: the answer to an inverted range would
         * be nothing, or everything if it were dropped. */
        warn(p, t->position,
             "inverted date range \"%s\": its start is after its end "
             "(write the earlier date first)",
             t->value, t->value_len);
        p->out->has_error = 1;
        if (p->out->n_warnings > 0)
            p->out->warnings[p->out->n_warnings - 1].is_error = 1;
        free_node(n);
        return NULL;
    }
    if (!ok) {
        warn(p, t->position,
             "bad date \"%s\" (use 2020, 2020-06, 2020-06-15, A..B): "
             "ignored",
             t->value, t->value_len);
        free_node(n);
        return NULL;
    }
    return n;
}

static query_node *parse_or(struct parser *p, int depth);

/* A word, a phrase, a field or a group, with its + or - prefix. */
static query_node *parse_primary(struct parser *p, int depth)
{
    token t = p->look;
    query_node *n = NULL;
    switch (t.type) {
    case T_LPAREN:
        next_token(p);
        if (depth >= MAX_DEPTH) {
            warn(p, t.position, "parentheses nested too deep%s: flattened",
                 "", 0);
            n = parse_or(p, depth);
        } else {
            n = parse_or(p, depth + 1);
        }
        if (p->look.type == T_RPAREN)
            next_token(p);
        else
            warn(p, t.position, "unbalanced parenthesis%s: closed at the end",
                 "", 0);
        break;
    case T_QUOTED:
        next_token(p);
        n = new_node(p, QN_PHRASE, t.position);
        if (n && (n->text = copy(p, t.text, t.len)) == NULL) {
            free_node(n);
            n = NULL;
        }
        break;
    case T_FIELD:
        next_token(p);
        if (t.value_len == 0) {
            warn(p, t.position, "field %s: has no value: ignored", t.field,
                 strlen(t.field));
            return NULL;
        }
        if (strcmp(t.field, "date") == 0 || strcmp(t.field, "since") == 0 ||
            strcmp(t.field, "until") == 0) {
            n = parse_date_field(p, &t);
            break;
        }
        n = new_node(p, QN_FIELD, t.position);
        if (n) {
            snprintf(n->field, sizeof n->field, "%s", t.field);
            n->is_phrase = t.is_value_quoted;
            if ((n->text = copy(p, t.value, t.value_len)) == NULL) {
                free_node(n);
                n = NULL;
            }
        }
        break;
    case T_WORD: {
        next_token(p);
        size_t len = t.len;
        int is_wildcard = len > 1 && t.text[len - 1] == '*';
        if (is_wildcard)
            len--;
        n = new_node(p, QN_WORD, t.position);
        if (n) {
            n->is_wildcard = is_wildcard;
            if ((n->text = copy(p, t.text, len)) == NULL) {
                free_node(n);
                n = NULL;
            }
        }
        break;
    }
    default:
        return NULL;
    }
    if (n == NULL)
        return NULL;
    if (t.prefix == '-') {
        query_node *not = new_node(p, QN_NOT, t.position);
        if (not == NULL || add_child(p, not, n) != 0) {
            free_node(n);
            free_node(not);
            return NULL;
        }
        return not;
    }
    if (t.prefix == '+')
        n->is_required = 1;
    return n;
}

/* primary (NEAR/n primary)* */
static query_node *parse_near(struct parser *p, int depth)
{
    query_node *left = parse_primary(p, depth);
    while (p->look.type == T_NEAR) {
        token op = p->look;
        next_token(p);
        query_node *right = parse_primary(p, depth);
        if (left == NULL || right == NULL) {
            warn(p, op.position, "NEAR needs a word on each side%s: ignored",
                 "", 0);
            if (left == NULL)
                left = right;
            else
                free_node(right);
            continue;
        }
        query_node *near = new_node(p, QN_NEAR, op.position);
        if (near == NULL) {
            free_node(left);
            free_node(right);
            return NULL;
        }
        near->window = op.window;
        add_child(p, near, left);
        add_child(p, near, right);
        left = near;
    }
    return left;
}

/* NOT unary | unary */
static query_node *parse_unary(struct parser *p, int depth)
{
    if (p->look.type == T_NOT) {
        token op = p->look;
        next_token(p);
        query_node *child = parse_unary(p, depth);
        if (child == NULL) {
            warn(p, op.position, "NOT without anything after it%s: ignored",
                 "", 0);
            return NULL;
        }
        query_node *not = new_node(p, QN_NOT, op.position);
        if (not == NULL || add_child(p, not, child) != 0) {
            free_node(not);
            return NULL;
        }
        return not;
    }
    return parse_near(p, depth);
}

static int starts_unary(token_type t)
{
    return t == T_WORD || t == T_QUOTED || t == T_LPAREN || t == T_FIELD ||
           t == T_NOT;
}

/* unary ((AND)? unary)*: adjacent terms form a DEFAULT group, explicit
 * ANDs an AND node. */
static query_node *parse_and(struct parser *p, int depth)
{
    query_node *group = NULL;
    query_node *first = parse_unary(p, depth);
    int is_explicit = 0;
    size_t position = p->look.position;
    for (;;) {
        token_type t = p->look.type;
        if (t == T_AND) {
            token op = p->look;
            next_token(p);
            if (!starts_unary(p->look.type)) {
                warn(p, op.position, "AND without a right side%s: ignored",
                     "", 0);
                continue;
            }
            is_explicit = 1;
        } else if (t == T_NEAR) {
            warn(p, p->look.position, "NEAR without a left side%s: ignored",
                 "", 0);
            next_token(p);
            continue;
        } else if (!starts_unary(t)) {
            break;
        }
        query_node *next = parse_unary(p, depth);
        if (next == NULL)
            continue;
        if (first == NULL) {
            first = next;
            continue;
        }
        if (group == NULL) {
            group = new_node(p, is_explicit ? QN_AND : QN_DEFAULT, position);
            if (group == NULL || add_child(p, group, first) != 0) {
                free_node(next);
                free_node(group);
                return NULL;
            }
        } else if (is_explicit && group->type == QN_DEFAULT) {
            /* a b AND c: the AND binds everything so far. */
            query_node *and = new_node(p, QN_AND, position);
            if (and == NULL || add_child(p, and, group) != 0) {
                free_node(next);
                return NULL;
            }
            group = and;
        }
        add_child(p, group, next);
        is_explicit = 0;
    }
    return group ? group : first;
}

/* and (OR and)* */
static query_node *parse_or(struct parser *p, int depth)
{
    query_node *left = parse_and(p, depth);
    query_node *or = NULL;
    while (p->look.type == T_OR || p->look.type == T_RPAREN) {
        if (p->look.type == T_RPAREN) {
            if (depth > 0)
                break;
            warn(p, p->look.position, "unbalanced parenthesis%s: ignored", "",
                 0);
            next_token(p);
            query_node *more = parse_and(p, depth);
            if (more && left) {
                query_node *d = new_node(p, QN_DEFAULT, more->position);
                if (d) {
                    add_child(p, d, left);
                    add_child(p, d, more);
                    left = d;
                }
            } else if (more) {
                left = more;
            }
            continue;
        }
        token op = p->look;
        next_token(p);
        query_node *right = parse_and(p, depth);
        if (right == NULL || left == NULL) {
            warn(p, op.position, "OR needs something on each side%s: "
                 "ignored", "", 0);
            if (left == NULL)
                left = right;
            continue;
        }
        if (or == NULL) {
            or = new_node(p, QN_OR, op.position);
            if (or == NULL || add_child(p, or, left) != 0)
                return NULL;
            left = or;
        }
        add_child(p, or, right);
    }
    return left;
}

dossier_status query_parse(const char *text, size_t len, size_t max_bytes,
                           parsed_query *out)
{
    memset(out, 0, sizeof *out);
    if (max_bytes == 0)
        max_bytes = QUERY_MAX_BYTES;
    if (len > max_bytes) {
        /* At the end of the last word that fits; a single word longer
         * than that is cut between two characters. */
        size_t cut = max_bytes;
        while (cut > 0 && !is_space(text[cut]) && !is_space(text[cut - 1]))
            cut--;
        while (cut > 0 && is_space(text[cut - 1]))
            cut--;
        if (cut == 0) {
            cut = max_bytes;
            while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
                cut--;
        }
        out->n_warnings = 1;
        out->warnings[0].position = cut;
        snprintf(out->warnings[0].message, sizeof out->warnings[0].message,
                 "query longer than %zu bytes: cut at byte %zu, the rest "
                 "ignored", max_bytes, cut);
        len = cut;
    }
    struct parser p = {.s = text, .len = len, .out = out,
                       .is_all_caps = has_no_lower_case(text, len)};
    next_token(&p);
    out->root = parse_or(&p, 0);
    while (p.look.type != T_END && !p.failed) {
        /* Leftovers after a stray ')' at the top: keep reading. */
        warn(&p, p.look.position, "unexpected \"%s\": ignored",
             p.look.text ? p.look.text : ")", p.look.text ? p.look.len : 1);
        next_token(&p);
    }
    if (p.failed) {
        query_free(out);
        return DOSSIER_ERR_NOMEM;
    }
    return out->has_error ? DOSSIER_REFUSED : DOSSIER_OK;
}

dossier_status query_join(parsed_query *q, parsed_query *more)
{
    if (more->root == NULL)
        return DOSSIER_OK;
    if (q->root == NULL) {
        q->root = more->root;
        more->root = NULL;
        return DOSSIER_OK;
    }
    query_node *both = calloc(1, sizeof *both);
    query_node **children = calloc(2, sizeof *children);
    if (both == NULL || children == NULL) {
        free(both);
        free(children);
        return DOSSIER_ERR_NOMEM;
    }
    both->type = QN_DEFAULT;
    children[0] = q->root;
    children[1] = more->root;
    both->children = children;
    both->n_children = 2;
    q->root = both;
    more->root = NULL;
    return DOSSIER_OK;
}

void query_free(parsed_query *q)
{
    free_node(q->root);
    q->root = NULL;
}

size_t query_describe(const query_node *n, char *out, size_t out_size)
{
    static const char *const names[] = {
        "WORD", "PHRASE", "FIELD", "DATE", "AND", "OR", "NOT", "NEAR",
        "DEFAULT",
    };
    if (out_size == 0)
        return 0;
    out[0] = '\0';
    if (n == NULL)
        return 0;
    size_t used = 0;
#define PUT(...)                                                            \
    do {                                                                    \
        int k_ = snprintf(out + used, out_size - used, __VA_ARGS__);        \
        if (k_ < 0 || (size_t)k_ >= out_size - used)                         \
            return out_size - 1;                                            \
        used += (size_t)k_;                                                 \
    } while (0)
    switch (n->type) {
    case QN_WORD:
        PUT("%s%s%s", n->is_required ? "+" : "", n->text,
            n->is_wildcard ? "*" : "");
        break;
    case QN_PHRASE:
        PUT("%s\"%s\"", n->is_required ? "+" : "", n->text);
        break;
    case QN_FIELD:
        PUT("%s:%s%s%s", n->field, n->is_phrase ? "\"" : "", n->text,
            n->is_phrase ? "\"" : "");
        break;
    case QN_DATE: {
        char a[32] = "", b[32] = "";
        if (n->has_from)
            dossier_format_date(n->from, a);
        if (n->has_to)
            dossier_format_date(n->to, b);
        PUT("date:%s..%s", a, b);
        break;
    }
    default:
        if (n->type == QN_NEAR)
            PUT("(NEAR/%u", n->window);
        else
            PUT("(%s", names[n->type]);
        for (size_t i = 0; i < n->n_children; i++) {
            PUT(" ");
            used += query_describe(n->children[i], out + used,
                                   out_size - used);
            if (used >= out_size - 1)
                return out_size - 1;
        }
        PUT(")");
        break;
    }
#undef PUT
    return used;
}

size_t query_url_clause(const char *url, char *out, size_t out_size)
{
    if (out_size < 8) {
        if (out_size > 0)
            out[0] = '\0';
        return 0;
    }
    size_t used = (size_t)snprintf(out, out_size, "url:\"");
    for (const char *c = url; *c && used + 5 < out_size; c++) {
        if (*c == '"') {
            memcpy(out + used, "%22", 3);
            used += 3;
        } else {
            out[used++] = *c;
        }
    }
    out[used++] = '"';
    out[used] = '\0';
    return used;
}

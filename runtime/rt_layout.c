/*===- rt_layout.c - F#'s structured layout for %A ----------------*- C -*-===*
 *
 * `%A` reproduces FSharp.Core's structured formatting (sformat.fs): the
 * value becomes a tree of layouts joined by unbreakable, breakable and
 * broken joints, the tree is "squashed" to the print width (80 columns by
 * default) by breaking the outermost breakable joints that save the most
 * space, and the result is rendered with each broken joint starting a new
 * line indented relative to the start of its block.
 *
 * Generated code builds the tree bottom-up on a stack (clef_lay_* calls in
 * the order F#'s combinators are applied); leaves are formatted into the
 * format builder, whose bytes they refer to by offset. clef_lay_end squashes
 * and renders the tree and replaces those bytes with the result. The limits
 * of FormatOptions.Default apply: depth 100 (nesting deeper prints `...`),
 * length 100 (list and array elements after the 100th print as one `...`)
 * and size 10000 (a rough count of printed nodes after which every value
 * prints as `...`), all counted as sformat.fs counts them.
 *
 *===----------------------------------------------------------------------===*/

#include "rt_format.h"

#include <stdlib.h>
#include <string.h>

enum {
  kPrintDepth = 100,
  kPrintLength = 100,
  kDefaultWidth = 80,
  kDefaultSize = 10000
};

/* Joints, as passed to clef_lay_join: CLEF_LAY_UNBREAKABLE, or
 * CLEF_LAY_BREAKABLE(i) = i, or CLEF_LAY_BROKEN(i) = 16 + i. */
enum { kUnbreakable = -1, kBrokenBase = 16 };

typedef struct LNode {
  int8_t isNode; /* 0: leaf, 1: node */
  int8_t jl, jr; /* juxtaposition flags: no space on that side */
  int32_t joint; /* nodes: kUnbreakable, indent, or kBrokenBase+indent */
  int32_t left, right;
  const char *lit;  /* leaves: static text, or NULL for builder text */
  int64_t off, len; /* builder offset (lit == NULL) and byte length */
  int64_t width;    /* leaves: width in UTF-16 code units */
} LNode;

typedef struct Layout {
  LNode *nodes;
  int32_t count, cap;
  int32_t *stack;
  int32_t depth, stackCap;
  int32_t level;   /* compound values entered (the depth of the next value) */
  int32_t width;   /* PrintWidth */
  int64_t size;    /* PrintSize budget left */
  size_t mark;     /* builder length at clef_lay_begin */
  int32_t *breaks; /* squash: savings stack, negative when broken */
  int32_t breaksCap;
} Layout;

static _Thread_local Layout lay;

static void *grow(void *p, int32_t *cap, size_t elem) {
  int32_t n = *cap ? *cap * 2 : 64;
  void *q = realloc(p, (size_t)n * elem);
  if (!q)
    clef_rt_fatal("out of memory");
  *cap = n;
  return q;
}

static int32_t newNode(void) {
  if (lay.count == lay.cap)
    lay.nodes = grow(lay.nodes, &lay.cap, sizeof(LNode));
  LNode *n = &lay.nodes[lay.count];
  memset(n, 0, sizeof *n);
  return lay.count++;
}

static void push(int32_t n) {
  if (lay.depth == lay.stackCap)
    lay.stack = grow(lay.stack, &lay.stackCap, sizeof(int32_t));
  lay.stack[lay.depth++] = n;
}

static int32_t pop(void) {
  if (lay.depth == 0)
    clef_rt_fatal("layout stack underflow");
  return lay.stack[--lay.depth];
}

static int32_t staticLeaf(const char *text, int64_t len, int jl, int jr) {
  int32_t i = newNode();
  LNode *n = &lay.nodes[i];
  n->lit = text;
  n->len = len;
  n->width = clef_rt_utf16_length(text, (size_t)len);
  n->jl = (int8_t)jl;
  n->jr = (int8_t)jr;
  return i;
}

/* emptyL: Leaf(true, "", true). */
static int isEmpty(int32_t i) {
  const LNode *n = &lay.nodes[i];
  return !n->isNode && n->jl && n->jr && n->len == 0;
}

/* mkNode: an empty side disappears. */
static int32_t mkNode(int32_t l, int32_t r, int32_t joint) {
  if (isEmpty(l))
    return r;
  if (isEmpty(r))
    return l;
  int32_t i = newNode();
  LNode *n = &lay.nodes[i];
  n->isNode = 1;
  n->left = l;
  n->right = r;
  n->joint = joint;
  n->jl = lay.nodes[l].jl;
  n->jr = lay.nodes[r].jr;
  return i;
}

static int32_t wordL(const char *text) {
  return staticLeaf(text, (int64_t)strlen(text), 0, 0);
}

/*===-- Building ----------------------------------------------------------===*/

void clef_lay_begin(int32_t width, int32_t size) {
  lay.count = 0;
  lay.depth = 0;
  lay.level = 0;
  lay.width = width < 0 ? kDefaultWidth : width;
  lay.size = size < 0 ? kDefaultSize : size;
  lay.mark = (size_t)clef_fmt_length();
}

static int exceededSize(void) { return lay.size <= 0; }

static void countNodes(int64_t n) {
  if (lay.size > 0)
    lay.size -= n;
}

/* objL's guard: deeper than PrintDepth, or past PrintSize, is "...". */
static int limited(void) {
  if (lay.level >= kPrintDepth || exceededSize()) {
    push(wordL("..."));
    return 1;
  }
  return 0;
}

int8_t clef_lay_enter(int32_t count) {
  if (limited())
    return 0;
  ++lay.level;
  countNodes(count);
  return 1;
}

void clef_lay_leave(void) { --lay.level; }

/* A leaf whose text generated code has just appended to the builder after
 * `from`. */
static void builderLeaf(int64_t from) {
  int64_t to = clef_fmt_length();
  int32_t i = newNode();
  LNode *n = &lay.nodes[i];
  n->off = from;
  n->len = to - from;
  n->width = clef_rt_utf16_length(clef_rt_fmt_data() + from, (size_t)n->len);
  push(i);
}

#define LEAF(call)                                                             \
  do {                                                                         \
    if (limited())                                                             \
      return;                                                                  \
    countNodes(1);                                                             \
    int64_t from = clef_fmt_length();                                          \
    call;                                                                      \
    builderLeaf(from);                                                         \
  } while (0)

void clef_lay_int(int32_t v) { LEAF(clef_fmt_int(v, 0, -1)); }
void clef_lay_int64(int64_t v) {
  LEAF((clef_fmt_int64(v, 0, -1), clef_fmt_lit("L", 1)));
}
void clef_lay_float(double v) { LEAF(clef_fmt_A_float(v)); }
void clef_lay_bool(int8_t v) {
  LEAF(v ? clef_fmt_lit("true", 4) : clef_fmt_lit("false", 5));
}
void clef_lay_char(int32_t c) { LEAF(clef_fmt_A_char(c)); }
void clef_lay_string(const clef_string *s) { LEAF(clef_fmt_A_string(s)); }
void clef_lay_unit(void) { LEAF(clef_fmt_lit("()", 2)); }

void clef_lay_word(const char *text, int64_t len) {
  push(staticLeaf(text, len, 0, 0));
}

/* recordValueL's itemL: countNodes 1, then `wordL name ^^ wordL "="`. */
void clef_lay_field(const char *name, int64_t len) {
  countNodes(1);
  push(mkNode(staticLeaf(name, len, 0, 0), wordL("="), kUnbreakable));
}

void clef_lay_join(int32_t joint) {
  int32_t r = pop();
  int32_t l = pop();
  push(mkNode(l, r, joint));
}

void clef_lay_seq_begin(void) { push(staticLeaf("", 0, 1, 1)); }

/* tagListL: the first item is the sequence; every later one is joined as
 * `prefix ^^ rightL sep ++ item`. CLEF_LAY_ABOVE joins with aboveL. */
void clef_lay_seq_item(int32_t sep) {
  int32_t y = pop();
  int32_t p = pop();
  if (isEmpty(p)) {
    push(y);
    return;
  }
  if (sep == CLEF_LAY_ABOVE) {
    push(mkNode(p, y, kBrokenBase));
    return;
  }
  int32_t s = staticLeaf(sep == CLEF_LAY_COMMA ? "," : ";", 1, 1, 0);
  push(mkNode(mkNode(p, s, kUnbreakable), y, 0));
}

/* boundedUnfoldL, before the element at `index` (0-based; lists print their
 * first element unconditionally and start here at 1). */
int8_t clef_lay_more(int8_t hasNext, int64_t index) {
  if (exceededSize() || (hasNext && index >= kPrintLength)) {
    push(wordL("..."));
    clef_lay_seq_item(CLEF_LAY_SEMI);
    return 0;
  }
  return hasNext ? 1 : 0;
}

void clef_lay_bracket(int32_t kind) {
  int32_t x = pop();
  int32_t open, close;
  switch (kind) {
  case CLEF_LAY_LIST:
    open = staticLeaf("[", 1, 0, 1), close = staticLeaf("]", 1, 1, 0);
    break;
  case CLEF_LAY_ARRAY:
    open = staticLeaf("[|", 2, 0, 1), close = staticLeaf("|]", 2, 1, 0);
    break;
  case CLEF_LAY_BRACE:
    open = wordL("{"), close = wordL("}");
    break;
  default:
    open = staticLeaf("(", 1, 0, 1), close = staticLeaf(")", 1, 1, 0);
    break;
  }
  /* leftL open ^^ x ^^ rightL close: ^^ is right-associative. */
  push(mkNode(open, mkNode(x, close, kUnbreakable), kUnbreakable));
}

void clef_lay_paren_if(int8_t cond) {
  if (cond)
    clef_lay_bracket(CLEF_LAY_PAREN);
}

/*===-- Squashing (Display.squashToAux) -----------------------------------===*/

typedef struct Breaks {
  int32_t next, outer;
} Breaks;

static void pushBreak(Breaks *b, int32_t saving) {
  if (b->next == lay.breaksCap)
    lay.breaks = grow(lay.breaks, &lay.breaksCap, sizeof(int32_t));
  lay.breaks[b->next++] = saving;
}

static int popBreak(Breaks *b) {
  int broke = lay.breaks[b->next - 1] < 0;
  if (b->outer == b->next)
    --b->outer;
  --b->next;
  return broke;
}

static int forceBreak(Breaks *b, int32_t *saving) {
  if (b->outer == b->next)
    return 0;
  *saving = lay.breaks[b->outer];
  lay.breaks[b->outer] = -lay.breaks[b->outer];
  ++b->outer;
  return 1;
}

/* Fits node i starting at column *pos; returns the width of its last line
 * and leaves *pos at its end. Breakable joints that must break become
 * broken. */
static int64_t fit(Breaks *b, int64_t *pos, int32_t i) {
  LNode *n = &lay.nodes[i];
  if (!n->isNode) {
    int64_t w = n->width;
    int32_t saving;
    while (*pos + w > lay.width && forceBreak(b, &saving))
      *pos -= saving;
    *pos += w;
    return w;
  }
  int32_t l = n->left, r = n->right, joint = n->joint;
  int64_t mid = lay.nodes[l].jr || lay.nodes[r].jl ? 0 : 1;
  if (joint == kUnbreakable) {
    int64_t offl = fit(b, pos, l);
    *pos += mid;
    int64_t offr = fit(b, pos, r);
    return offl + mid + offr;
  }
  if (joint >= kBrokenBase) {
    int64_t indent = joint - kBrokenBase;
    int64_t offl = fit(b, pos, l);
    *pos = *pos - offl + indent;
    int64_t offr = fit(b, pos, r);
    return indent + offr;
  }
  int64_t indent = joint;
  int64_t offl = fit(b, pos, l);
  int64_t saving = offl + mid - indent;
  *pos += mid;
  if (saving > 0) {
    pushBreak(b, (int32_t)saving);
    int64_t offr = fit(b, pos, r);
    if (popBreak(b)) {
      lay.nodes[i].joint = kBrokenBase + (int32_t)indent;
      return indent + offr;
    }
    return offl + mid + offr;
  }
  int64_t offr = fit(b, pos, r);
  return offl + mid + offr;
}

/*===-- Rendering (Display.showL) -----------------------------------------===*/

typedef struct Out {
  char *data;
  size_t len, cap;
  int64_t column;
} Out;

static void outAppend(Out *o, const char *p, size_t n, int64_t width) {
  if (o->len + n > o->cap) {
    size_t cap = o->cap ? o->cap * 2 : 256;
    while (cap < o->len + n)
      cap *= 2;
    char *q = realloc(o->data, cap);
    if (!q)
      clef_rt_fatal("out of memory");
    o->data = q;
    o->cap = cap;
  }
  memcpy(o->data + o->len, p, n);
  o->len += n;
  o->column += width;
}

static void render(Out *o, int64_t pos, int32_t i) {
  const LNode *n = &lay.nodes[i];
  if (!n->isNode) {
    const char *text = n->lit ? n->lit : clef_rt_fmt_data() + n->off;
    outAppend(o, text, (size_t)n->len, n->width);
    return;
  }
  if (n->joint >= kBrokenBase && lay.width != 0) {
    int64_t indent = pos + (n->joint - kBrokenBase);
    render(o, pos, n->left);
    outAppend(o, "\n", 1, 0);
    o->column = 0;
    for (int64_t k = 0; k < indent; ++k)
      outAppend(o, " ", 1, 1);
    render(o, indent, n->right);
    return;
  }
  render(o, pos, n->left);
  if (!(lay.nodes[n->left].jr || lay.nodes[n->right].jl))
    outAppend(o, " ", 1, 1);
  render(o, o->column, n->right);
}

void clef_lay_end(void) {
  int32_t root = pop();
  if (lay.width > 0) {
    Breaks b = {0, 0};
    int64_t pos = 0;
    fit(&b, &pos, root);
  }
  Out o = {NULL, 0, 0, 0};
  render(&o, 0, root);
  clef_rt_fmt_truncate(lay.mark);
  clef_fmt_lit(o.data, (int64_t)o.len);
  free(o.data);
}

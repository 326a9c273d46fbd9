//===- ClefLexer.g4 - Tokens of the Clef language ----------------------===//
//
// Lexical structure of Clef (a subset of F# light syntax). Layout is not
// decided here: the offside-rule token source (Layout.cpp) consumes these
// tokens and inserts the virtual BEGIN/END/SEP tokens declared below, which
// the parser grammar uses to delimit blocks.
//
//===----------------------------------------------------------------------===//

lexer grammar ClefLexer;

// Virtual layout tokens, never produced by the lexer rules themselves.
// INDEXLBRACK is `[` glued to the expression it indexes (`a[i]`); ADJMINUS
// is a prefix `-` glued to its operand (`f -1` applies f to -1, as in F#).
tokens { BEGIN, END, SEP, INDEXLBRACK, ADJMINUS, UNTERMINATED_COMMENT }

// Block comments nest, as in F#. They are skipped by hand rather than by a
// recursive rule: a recursive rule backtracks over the whole rest of the
// input when a comment is not closed (and then lexes it as `(` `*` ...),
// and takes time quadratic in the nesting. A comment that reaches the end
// of the input is the token UNTERMINATED_COMMENT, which the layout pass
// reports at the comment's start.
@lexer::members {
void skipBlockComment() {
  auto *simulator = getInterpreter<antlr4::atn::LexerATNSimulator>();
  size_t depth = 1;
  while (depth > 0) {
    size_t c = _input->LA(1);
    if (c == antlr4::Token::EOF) {
      setType(UNTERMINATED_COMMENT);
      return;
    }
    if (c == '(' && _input->LA(2) == '*') {
      simulator->consume(_input);
      ++depth;
    } else if (c == '*' && _input->LA(2) == ')') {
      simulator->consume(_input);
      --depth;
    }
    simulator->consume(_input);
  }
  skip();
}
}

// Keywords.
LET      : 'let';
REC      : 'rec';
AND      : 'and';
IN       : 'in';
IF       : 'if';
THEN     : 'then';
ELIF     : 'elif';
ELSE     : 'else';
MATCH    : 'match';
WITH     : 'with';
FUNCTION : 'function';
FUN      : 'fun';
WHEN     : 'when';
TYPE     : 'type';
OF       : 'of';
MUTABLE  : 'mutable';
DO       : 'do';
FOR      : 'for';
TO       : 'to';
DOWNTO   : 'downto';
WHILE    : 'while';
TRUE     : 'true';
FALSE    : 'false';
AS       : 'as';
OPEN     : 'open';
YIELDBANG : 'yield!';
YIELD    : 'yield';

// Brackets. `[<` and `>]` delimit attributes.
LATTR     : '[<';
RATTR     : '>]';
LBRACKBAR : '[|';
RBRACKBAR : '|]';
LPAREN    : '(';
RPAREN    : ')';
LBRACK    : '[';
RBRACK    : ']';
LBRACE    : '{';
RBRACE    : '}';
DOTLBRACK : '.[';

// Punctuation and operators. `>>` is deliberately not a token: it would
// swallow the closing brackets of nested generic types such as
// `Tree<Tree<int>>`; the parser accepts two adjacent `>` instead.
DOTDOT     : '..';
DOT        : '.';
COMMA      : ',';
SEMI       : ';';
COLONCOLON : '::';
COLON      : ':';
LARROW     : '<-';
ARROW      : '->';
PIPERIGHT  : '|>';
PIPELEFT   : '<|';
COMPOSEL   : '<<';
OROR       : '||';
ANDAND     : '&&';
BAR        : '|';
NE         : '<>';
LE         : '<=';
GE         : '>=';
EQ         : '=';
LT         : '<';
GT         : '>';
PLUS       : '+';
MINUS      : '-';
STARSTAR   : '**';
STAR       : '*';
SLASH      : '/';
PERCENT    : '%';
CARET      : '^';
AT         : '@';
UNDERSCORE : '_';

// Literals. A float immediately followed by `<unit>` is a measured literal;
// the unit text is parsed by the front end's unit parser.
MFLOAT : FLOATLIT '<' [a-zA-Z0-9_ /^*()'\-]* '>';
FLOAT  : FLOATLIT;
INT64  : DIGITS 'L';
INT    : DIGITS;
CHAR   : '\'' (ESC | ~['\\\r\n]) '\'';
STRING : '"' (ESC | ~["\\\r\n])* '"';

TYVAR : '\'' IDSTART IDCHAR*;
IDENT : IDSTART IDCHAR*;

BLOCK_COMMENT : '(*' { skipBlockComment(); };
LINE_COMMENT  : '//' ~[\r\n]* -> skip;
WS            : [ \r\n]+ -> skip;

// Tabs are an error in light syntax; the layout pass reports them.
TAB : '\t';
// Any other character: reported by the layout pass, never a lexer error.
UNKNOWN : .;

fragment DIGITS   : [0-9]+;
fragment FLOATLIT : DIGITS '.' DIGITS EXPONENT? | DIGITS EXPONENT;
fragment EXPONENT : [eE] [+\-]? DIGITS;
fragment ESC      : '\\' [ntr\\"'0];
fragment IDSTART  : [a-zA-Z_];
fragment IDCHAR   : [a-zA-Z0-9_'];

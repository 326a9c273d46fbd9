//===- ClefParser.g4 - Syntax of the Clef language ---------------------===//
//
// The parser sees the token stream after the offside rule has been applied
// (Layout.cpp): every indentation-delimited block is bracketed by virtual
// BEGIN ... END tokens and the lines of a block are separated by SEP, so this
// grammar is context free and never looks at columns. The contents of
// `( )`, `[ ]`, `[| |]` and `{ }` are blocks too (unless empty).
//
//===----------------------------------------------------------------------===//

parser grammar ClefParser;

options { tokenVocab = ClefLexer; }

program : SEP* (topDecl (SEP+ topDecl)*)? SEP* EOF;

topDecl
  : attributes? LET REC? binding (AND binding)*   # topLet
  | attributes? TYPE typeDefn (AND typeDefn)*     # topType
  | DO block                                      # topDo
  | OPEN IDENT (DOT IDENT)*                       # topOpen
  | expr (SEMI expr)*                            # topExpr
  ;

attributes : (LATTR IDENT (SEMI IDENT)* RATTR)+;

binding
  : MUTABLE? IDENT argPat+ (COLON type)? EQ block # funBinding
  | MUTABLE? pattern (COLON type)? EQ block       # valBinding
  ;

block : BEGIN seqExpr END;

sep : SEP | SEMI;

seqExpr : stmt (sep stmt)* SEMI?;

stmt
  : LET REC? binding (AND binding)* (IN seqExpr)? # letStmt
  | (YIELD | YIELDBANG) expr                      # yieldStmt
  | expr                                          # exprStmt
  ;

//===----------------------------------------------------------------------===//
// Expressions, lowest precedence first (F# operator precedence).
//===----------------------------------------------------------------------===//

expr : tupleExpr (LARROW expr)?;

tupleExpr : orExpr (COMMA orExpr)*;

orExpr : andExpr (OROR andExpr)*;

andExpr : cmpExpr (ANDAND cmpExpr)*;

// `=`, `<op`, `>op` and `|op` share one left-associative level in F#.
cmpExpr : concatExpr (cmpOp concatExpr)*;

cmpOp
  : EQ | NE | LT | GT | LE | GE | PIPERIGHT | PIPELEFT | COMPOSEL
  | GT GT
  ;

// `^op` and `@` are right associative.
concatExpr : consExpr ((CARET | AT) concatExpr)?;

consExpr : addExpr (COLONCOLON consExpr)?;

addExpr : mulExpr ((PLUS | MINUS) mulExpr)*;

mulExpr : powExpr ((STAR | SLASH | PERCENT) powExpr)*;

powExpr : unaryExpr (STARSTAR powExpr)?;

unaryExpr
  : MINUS unaryExpr                               # negExpr
  | appExpr                                       # plainExpr
  ;

appExpr : postfixExpr postfixExpr*;

postfixExpr
  : ADJMINUS postfixExpr                          # prefixNegExpr
  | primary postfix*                              # primaryExpr
  ;

postfix
  : DOT IDENT                                     # fieldPostfix
  | DOTLBRACK block RBRACK                        # dotIndexPostfix
  | INDEXLBRACK block RBRACK                       # indexPostfix
  ;

primary
  : literal                                       # litExpr
  | IDENT                                         # identExpr
  | LPAREN RPAREN                                 # unitExpr
  | LPAREN BEGIN expr COLON type END RPAREN       # typedExpr
  | LPAREN BEGIN binOp END RPAREN                 # opExpr
  | LPAREN block RPAREN                           # parenExpr
  | LBRACK RBRACK                                 # nilExpr
  | LBRACK BEGIN expr DOTDOT expr (DOTDOT expr)? END RBRACK # rangeExpr
  | LBRACK block RBRACK                           # listExpr
  | LBRACKBAR RBRACKBAR                           # emptyArrayExpr
  | LBRACKBAR BEGIN expr DOTDOT expr (DOTDOT expr)? END RBRACKBAR # arrayRangeExpr
  | LBRACKBAR block RBRACKBAR                     # arrayExpr
  | LBRACE BEGIN expr WITH BEGIN fieldInits END END RBRACE # recordUpdateExpr
  | LBRACE BEGIN fieldInits END RBRACE            # recordExpr
  | IF expr THEN block elifBranch* (ELSE block)?  # ifExpr
  | MATCH expr WITH BAR? matchRule (BAR matchRule)* # matchExpr
  | FUNCTION BAR? matchRule (BAR matchRule)* # functionExpr
  | FUN argPat+ ARROW block                       # lambdaExpr
  | WHILE expr DO block                           # whileExpr
  | FOR IDENT EQ expr (TO | DOWNTO) expr DO block # forToExpr
  | FOR pattern IN expr (DOTDOT expr (DOTDOT expr)?)? DO block # forInExpr
  // `for x in xs -> e` is `for x in xs do yield e` (in list and array
  // expressions only).
  | FOR pattern IN expr (DOTDOT expr (DOTDOT expr)?)? ARROW expr # forArrowExpr
  ;

elifBranch : ELIF expr THEN block;

binOp
  : PLUS | MINUS | STAR | SLASH | PERCENT | EQ | NE | LT | GT | LE | GE
  | CARET | AT | COLONCOLON | PIPERIGHT | PIPELEFT | ANDAND | OROR
  ;

fieldInits : fieldInit (sep fieldInit)* SEMI?;

fieldInit : IDENT (DOT IDENT)* EQ block;

matchRule : pattern (WHEN expr)? ARROW block;

literal
  : INT | INT64 | FLOAT | MFLOAT | STRING | CHAR | TRUE | FALSE
  ;

//===----------------------------------------------------------------------===//
// Patterns.
//===----------------------------------------------------------------------===//

pattern : orPat (AS IDENT)*;

orPat : tuplePat (BAR tuplePat)*;

tuplePat : consPat (COMMA consPat)*;

consPat : appPat (COLONCOLON consPat)?;

appPat
  : IDENT (DOT IDENT)* argPat                     # ctorPat
  | argPat                                        # atomPat
  ;

argPat
  : UNDERSCORE                                    # wildPat
  | IDENT (DOT IDENT)*                            # identPat
  | (MINUS | ADJMINUS)? literal                   # litPat
  | LPAREN RPAREN                                 # unitPat
  | LPAREN BEGIN pattern COLON type END RPAREN    # typedPat
  | LPAREN BEGIN pattern END RPAREN               # parenPat
  | LBRACK RBRACK                                 # nilPat
  | LBRACK BEGIN pattern (sep pattern)* SEMI? END RBRACK # listPat
  | LBRACE BEGIN fieldPat (sep fieldPat)* SEMI? END RBRACE # recordPat
  ;

fieldPat : IDENT (DOT IDENT)* EQ BEGIN pattern END;

//===----------------------------------------------------------------------===//
// Types and units of measure.
//===----------------------------------------------------------------------===//

type : tupleType (ARROW type)?;

tupleType : appType (STAR appType)*;

// Postfix application: `int list`, `float option`, `int[]`.
appType : atomType typeSuffix*;

typeSuffix
  : IDENT                                         # namedSuffix
  | (LBRACK | INDEXLBRACK) RBRACK                 # arraySuffix
  ;

atomType
  : LPAREN BEGIN type END RPAREN                  # parenType
  | TYVAR                                         # varType
  | UNDERSCORE                                    # wildType
  | {_input->LT(1)->getText() == "float"}? IDENT LT measure GT # measuredType
  | IDENT (DOT IDENT)* (LT type (COMMA type)* GT)? # namedType
  ;

// The measure's source text is parsed by the unit parser (Units.cpp); the
// grammar only delimits it.
measure : measureToken+;

measureToken
  : IDENT | TYVAR | UNDERSCORE | INT | SLASH | STAR | CARET | MINUS | ADJMINUS
  | LPAREN | RPAREN | BEGIN | END
  ;

//===----------------------------------------------------------------------===//
// Type definitions.
//===----------------------------------------------------------------------===//

typeDefn : IDENT typeParams? (EQ typeBody)?;

typeParams : LT TYVAR (COMMA TYVAR)* GT;

typeBody
  : BEGIN LBRACE BEGIN fieldDecl (sep fieldDecl)* SEMI? END RBRACE END # recordBody
  | BEGIN type END                                # abbrevBody
  | BEGIN BAR? unionCase (BAR unionCase)* END     # unionBody
  | BEGIN measure END                             # measureBody
  ;

fieldDecl : MUTABLE? IDENT COLON type;

unionCase : IDENT (OF caseField (STAR caseField)*)?;

caseField : (IDENT COLON)? appType;

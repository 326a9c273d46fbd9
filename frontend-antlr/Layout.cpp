//===- Layout.cpp - Offside rule for Clef light syntax --------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// A stack of contexts models what is open at the current token. Blocks have
// an offside column and produce BEGIN/END; markers (`if`, `let`, `match`,
// `fun`, ...) remember which keyword will close or continue the construct
// (`then`/`else`, `=`, `with`, `->`) so that a keyword on the same line can
// end the blocks opened since. Brackets are never closed by indentation,
// only by their closing token, so the contents of `(...)` may be laid out
// freely as in F#.
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/Layout.h"

#include "ClefLexer.h"

#include "llvm/Support/ConvertUTF.h"

#include <cstdio>

#include <algorithm>
#include <optional>

using namespace clef;
using antlrgen::ClefLexer;

namespace {

enum class Ctx {
  Root,
  // Blocks.
  LetBody,
  TypeBody,
  Arrow,
  Then,
  Else,
  Do,
  Elem,
  Field,
  RecWith,
  // Markers.
  Bracket,
  If,
  Let,
  Type,
  Fun,
  Match,
  With,
  For,
  While,
};

bool isBlock(Ctx kind) {
  return kind == Ctx::Root || (kind >= Ctx::LetBody && kind <= Ctx::RecWith);
}

struct Context {
  Ctx kind;
  size_t col;
  /// For Bracket and Elem: the token type that closes the bracket.
  size_t closer = 0;
  /// For Let and Fun: the indentation of the line the marker is on.
  size_t lineIndent = 0;
};

size_t closerOf(size_t type) {
  switch (type) {
  case ClefLexer::LPAREN:
    return ClefLexer::RPAREN;
  case ClefLexer::LBRACK:
  case ClefLexer::DOTLBRACK:
  case ClefLexer::INDEXLBRACK:
    return ClefLexer::RBRACK;
  case ClefLexer::LBRACKBAR:
    return ClefLexer::RBRACKBAR;
  case ClefLexer::LBRACE:
    return ClefLexer::RBRACE;
  default:
    return 0;
  }
}

/// Binary operators: a line starting with one continues the previous line,
/// and a line ending with one is continued by the next.
bool isInfix(size_t type) {
  switch (type) {
  case ClefLexer::PIPERIGHT:
  case ClefLexer::PIPELEFT:
  case ClefLexer::COMPOSEL:
  case ClefLexer::OROR:
  case ClefLexer::ANDAND:
  case ClefLexer::EQ:
  case ClefLexer::NE:
  case ClefLexer::LT:
  case ClefLexer::GT:
  case ClefLexer::LE:
  case ClefLexer::GE:
  case ClefLexer::PLUS:
  case ClefLexer::STAR:
  case ClefLexer::SLASH:
  case ClefLexer::PERCENT:
  case ClefLexer::CARET:
  case ClefLexer::AT:
  case ClefLexer::COLONCOLON:
  case ClefLexer::STARSTAR:
    return true;
  default:
    return false;
  }
}

/// Tokens that continue the construct of the previous line rather than
/// start a new line of the block.
bool neverStartsLine(size_t type) {
  switch (type) {
  case ClefLexer::ELSE:
  case ClefLexer::ELIF:
  case ClefLexer::THEN:
  case ClefLexer::WITH:
  case ClefLexer::BAR:
  case ClefLexer::RPAREN:
  case ClefLexer::RBRACK:
  case ClefLexer::RBRACKBAR:
  case ClefLexer::RBRACE:
  case ClefLexer::IN:
  case ClefLexer::AND:
  case ClefLexer::RATTR:
  case ClefLexer::DOTDOT:
  case ClefLexer::TO:
  case ClefLexer::DOWNTO:
  case ClefLexer::ARROW:
  case ClefLexer::LARROW:
  case ClefLexer::COMMA:
  case ClefLexer::WHEN:
    return true;
  default:
    return isInfix(type);
  }
}

/// Tokens that can end an operand, after which `-` may be binary.
bool endsOperand(size_t type) {
  switch (type) {
  case ClefLexer::IDENT:
  case ClefLexer::INT:
  case ClefLexer::INT64:
  case ClefLexer::FLOAT:
  case ClefLexer::MFLOAT:
  case ClefLexer::STRING:
  case ClefLexer::CHAR:
  case ClefLexer::TRUE:
  case ClefLexer::FALSE:
  case ClefLexer::RPAREN:
  case ClefLexer::RBRACK:
  case ClefLexer::RBRACKBAR:
  case ClefLexer::RBRACE:
    return true;
  default:
    return false;
  }
}

/// Whether `type` at the column of marker `kind` continues that construct.
bool continuesMarker(Ctx kind, size_t type) {
  switch (kind) {
  case Ctx::If:
    return type == ClefLexer::THEN || type == ClefLexer::ELSE ||
           type == ClefLexer::ELIF;
  case Ctx::Match:
    return type == ClefLexer::WITH;
  case Ctx::With:
    return type == ClefLexer::BAR;
  case Ctx::For:
  case Ctx::While:
    return type == ClefLexer::DO;
  case Ctx::Let:
  case Ctx::Type:
    return type == ClefLexer::EQ;
  default:
    return false;
  }
}

class LayoutBuilder {
public:
  LayoutBuilder(const LayoutErrorFn &onError) : onError(onError) {}

  std::vector<std::unique_ptr<antlr4::Token>>
  run(std::vector<std::unique_ptr<antlr4::Token>> raw);

private:
  void error(const antlr4::Token &at, const std::string &message) {
    onError(at.getLine(), at.getCharPositionInLine() + 1, message);
  }

  void emitVirtual(size_t type, const antlr4::Token &at) {
    static const char *names[] = {"<begin>", "<end>", "<separator>"};
    const char *text = type == ClefLexer::BEGIN ? names[0]
                       : type == ClefLexer::END ? names[1]
                                                : names[2];
    auto token = std::make_unique<antlr4::CommonToken>(type, text);
    token->setLine(at.getLine());
    token->setCharPositionInLine(at.getCharPositionInLine());
    // An empty interval just before `at`: text lookups by interval stay
    // meaningful around virtual tokens.
    token->setStartIndex(at.getStartIndex());
    token->setStopIndex(at.getStartIndex() - 1);
    out.push_back(std::move(token));
  }

  /// Pops the top context, closing it if it is a block.
  void pop(const antlr4::Token &at) {
    if (isBlock(stack.back().kind))
      emitVirtual(ClefLexer::END, at);
    stack.pop_back();
  }

  /// Index of the nearest context of kind `kind` above the nearest bracket,
  /// or none.
  std::optional<size_t> find(Ctx kind) const {
    for (size_t i = stack.size(); i-- > 1;) {
      if (stack[i].kind == kind)
        return i;
      if (stack[i].kind == Ctx::Bracket)
        return std::nullopt;
    }
    return std::nullopt;
  }

  /// Pops every context above index `i` (and `i` itself if `inclusive`).
  void popTo(size_t i, bool inclusive, const antlr4::Token &at) {
    while (stack.size() > i + 1)
      pop(at);
    if (inclusive)
      pop(at);
  }

  void startLine(const antlr4::Token &tok, const antlr4::Token *prev);
  void before(const antlr4::Token &tok);
  void after(const antlr4::Token &tok);

  const LayoutErrorFn &onError;
  std::vector<Context> stack;
  std::vector<std::unique_ptr<antlr4::Token>> out;
  /// A context to push at the next token's column.
  std::optional<Context> pending;
  /// Column of the first token of the line holding the pending opener.
  size_t pendingLineIndent = 0;
  size_t lineIndent = 0;
  /// Whether the token being laid out is the first of its line.
  bool atLineStart = false;
};

} // namespace

bool clef::checkUtf8(llvm::StringRef source, const LayoutErrorFn &onError) {
  const auto *at = reinterpret_cast<const llvm::UTF8 *>(source.begin());
  const auto *end = reinterpret_cast<const llvm::UTF8 *>(source.end());
  size_t line = 1, col = 1;
  while (at < end) {
    if (*at < 0x80) {
      if (*at == '\n') {
        ++line;
        col = 0;
      }
      ++at;
      ++col;
      continue;
    }
    unsigned size = llvm::getUTF8SequenceSize(at, end);
    if (size == 0) {
      char byte[8];
      snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned>(*at));
      onError(line, col,
              std::string("invalid UTF-8: byte ") + byte +
                  " does not begin a well-formed character; Clef source "
                  "is UTF-8");
      return false;
    }
    at += size;
    ++col;
  }
  return true;
}

std::vector<std::unique_ptr<antlr4::Token>>
clef::applyLayout(antlr4::Lexer &lexer, const LayoutErrorFn &onError) {
  std::vector<std::unique_ptr<antlr4::Token>> raw;
  while (true) {
    std::unique_ptr<antlr4::Token> token = lexer.nextToken();
    bool eof = token->getType() == antlr4::Token::EOF;
    raw.push_back(std::move(token));
    if (eof)
      break;
  }
  LayoutBuilder builder(onError);
  return builder.run(std::move(raw));
}

std::vector<std::unique_ptr<antlr4::Token>>
LayoutBuilder::run(std::vector<std::unique_ptr<antlr4::Token>> raw) {
  // Drop bad characters first so they do not disturb the layout.
  std::vector<std::unique_ptr<antlr4::Token>> tokens;
  for (auto &token : raw) {
    if (token->getType() == ClefLexer::TAB) {
      error(*token, "tab characters are not allowed in Clef source; use "
                    "spaces for indentation");
      continue;
    }
    if (token->getType() == ClefLexer::UNTERMINATED_COMMENT) {
      error(*token, "end of file in comment: this '(*' has no matching '*)'");
      continue;
    }
    if (token->getType() == ClefLexer::UNKNOWN) {
      error(*token, "unexpected character '" + token->getText() + "'");
      continue;
    }
    tokens.push_back(std::move(token));
  }

  const antlr4::Token *prev = nullptr;
  for (size_t i = 0; i < tokens.size(); ++i) {
    antlr4::Token &tok = *tokens[i];
    auto *common = static_cast<antlr4::CommonToken *>(&tok);
    size_t type = tok.getType();

    // `else if` on one line is `elif`: it continues the same chain rather
    // than nesting a new `if` inside the `else` block.
    if (type == ClefLexer::ELSE && i + 1 < tokens.size() &&
        tokens[i + 1]->getType() == ClefLexer::IF &&
        tokens[i + 1]->getLine() == tok.getLine()) {
      common->setType(ClefLexer::ELIF);
      common->setText("else if");
      common->setStopIndex(tokens[i + 1]->getStopIndex());
      tokens.erase(tokens.begin() + i + 1);
      type = ClefLexer::ELIF;
    }
    // `a[i]` (no space) indexes; `f [i]` applies `f` to a list.
    if (type == ClefLexer::LBRACK && prev && prev->getLine() == tok.getLine() &&
        prev->getStopIndex() + 1 == tok.getStartIndex() &&
        (prev->getType() == ClefLexer::IDENT ||
         prev->getType() == ClefLexer::RPAREN ||
         prev->getType() == ClefLexer::RBRACK)) {
      common->setType(ClefLexer::INDEXLBRACK);
      type = ClefLexer::INDEXLBRACK;
    }

    // A `-` glued to its operand but not to what precedes it is prefix:
    // `f -1` is `f (-1)` and `x - 1`, `x-1` subtract, as in F#.
    if (type == ClefLexer::MINUS && i + 1 < tokens.size() &&
        tokens[i + 1]->getStartIndex() == tok.getStopIndex() + 1 &&
        tokens[i + 1]->getType() != antlr4::Token::EOF) {
      bool gluedBefore = prev && prev->getLine() == tok.getLine() &&
                         prev->getStopIndex() + 1 == tok.getStartIndex();
      if (!prev || !endsOperand(prev->getType()) || !gluedBefore) {
        common->setType(ClefLexer::ADJMINUS);
        type = ClefLexer::ADJMINUS;
      }
    }

    if (type == antlr4::Token::EOF) {
      while (stack.size() > 1)
        pop(tok);
      out.push_back(std::move(tokens[i]));
      break;
    }

    bool newLine = !prev || prev->getLine() != tok.getLine();
    if (newLine)
      lineIndent = tok.getCharPositionInLine();
    if (stack.empty())
      stack.push_back({Ctx::Root, tok.getCharPositionInLine()});

    if (pending) {
      Context ctx = *pending;
      pending.reset();
      bool emptyBracket = ctx.kind == Ctx::Elem && type == ctx.closer;
      if (!emptyBracket) {
        ctx.col = tok.getCharPositionInLine();
        bool checked = ctx.kind != Ctx::Elem && ctx.kind != Ctx::With &&
                       ctx.kind != Ctx::Field && ctx.kind != Ctx::RecWith &&
                       !(ctx.kind == Ctx::TypeBody && type == ClefLexer::BAR);
        if (newLine && checked && ctx.col <= pendingLineIndent)
          error(tok, "possible incorrect indentation: this token is offside "
                     "of the context it belongs to; indent it further");
        if (isBlock(ctx.kind))
          emitVirtual(ClefLexer::BEGIN, tok);
        stack.push_back(ctx);
      } else if (newLine) {
        startLine(tok, prev);
      }
    } else if (newLine && prev) {
      startLine(tok, prev);
    }

    // The parser recurses once per open context; refuse nesting that could
    // exhaust its stack.
    if (stack.size() > 1000) {
      error(tok, "this expression is nested too deeply");
      out.clear();
      out.push_back(std::move(tokens.back()));
      return std::move(out);
    }
    atLineStart = newLine;
    before(tok);
    prev = tokens[i].get();
    out.push_back(std::move(tokens[i]));
    after(*prev);
  }
  return std::move(out);
}

/// The offside rule proper: a line starting left of a context's column
/// closes it; a line starting on a block's column separates its lines.
void LayoutBuilder::startLine(const antlr4::Token &tok,
                              const antlr4::Token *prev) {
  size_t type = tok.getType();
  // `>` also closes type arguments (`Tree<'a>`), so it does not continue
  // a line.
  if (prev && ((isInfix(prev->getType()) && prev->getType() != ClefLexer::GT) ||
               prev->getType() == ClefLexer::COMMA ||
               prev->getType() == ClefLexer::LARROW ||
               prev->getType() == ClefLexer::LATTR))
    return;
  size_t col = tok.getCharPositionInLine();
  // F# lets an infix operator start a line left of the operand it
  // continues by its own width plus one.
  if (isInfix(type))
    col += tok.getText().size() + 1;
  while (stack.size() > 1) {
    const Context &top = stack.back();
    if (top.kind == Ctx::Bracket)
      break;
    if (top.col > col) {
      pop(tok);
      continue;
    }
    if (!isBlock(top.kind) && top.col == col &&
        !continuesMarker(top.kind, type)) {
      pop(tok);
      continue;
    }
    break;
  }
  const Context &top = stack.back();
  if (isBlock(top.kind) && top.col == col && !neverStartsLine(type) &&
      prev->getType() != ClefLexer::RATTR)
    emitVirtual(ClefLexer::SEP, tok);
}

/// Closing actions of `tok`, before it is emitted.
void LayoutBuilder::before(const antlr4::Token &tok) {
  switch (tok.getType()) {
  case ClefLexer::RPAREN:
  case ClefLexer::RBRACK:
  case ClefLexer::RBRACKBAR:
  case ClefLexer::RBRACE:
    for (size_t i = stack.size(); i-- > 1;) {
      if (stack[i].kind == Ctx::Bracket && stack[i].closer == tok.getType()) {
        popTo(i, /*inclusive=*/true, tok);
        break;
      }
    }
    return;
  case ClefLexer::THEN:
    if (auto i = find(Ctx::If))
      popTo(*i, /*inclusive=*/false, tok);
    return;
  case ClefLexer::ELSE:
  case ClefLexer::ELIF:
    if (auto i = find(Ctx::If))
      popTo(*i, /*inclusive=*/true, tok);
    return;
  case ClefLexer::WITH:
    if (auto i = find(Ctx::Match))
      popTo(*i, /*inclusive=*/true, tok);
    return;
  case ClefLexer::BAR:
    if (auto i = find(Ctx::With))
      popTo(*i, /*inclusive=*/false, tok);
    return;
  case ClefLexer::IN:
    if (stack.back().kind == Ctx::For)
      return;
    if (auto i = find(Ctx::LetBody))
      popTo(*i, /*inclusive=*/true, tok);
    return;
  case ClefLexer::AND: {
    // An `and` starting a line has closed the previous binding by its
    // indentation already; what is still open encloses the `let`.
    if (atLineStart)
      return;
    auto i = find(Ctx::LetBody);
    auto j = find(Ctx::TypeBody);
    if (i && (!j || *i > *j))
      popTo(*i, /*inclusive=*/true, tok);
    else if (j)
      popTo(*j, /*inclusive=*/true, tok);
    return;
  }
  case ClefLexer::DO:
    if (stack.back().kind == Ctx::For || stack.back().kind == Ctx::While)
      stack.pop_back();
    return;
  case ClefLexer::SEMI:
    while (stack.back().kind == Ctx::Field)
      pop(tok);
    return;
  default:
    return;
  }
}

/// Opening actions of `tok`, after it is emitted.
void LayoutBuilder::after(const antlr4::Token &tok) {
  size_t col = tok.getCharPositionInLine();
  auto open = [&](Ctx kind, size_t closer = 0) {
    pending = Context{kind, 0, closer};
    pendingLineIndent = lineIndent;
  };
  // The body of `let f a` / `fun a` whose parameters continue on later
  // (deeper indented) lines is offside of the line holding the keyword,
  // not of the line holding `=` or `->`.
  auto openAfterMarker = [&](Ctx kind, size_t markerLineIndent) {
    open(kind);
    pendingLineIndent = std::min(lineIndent, markerLineIndent);
  };
  switch (tok.getType()) {
  case ClefLexer::LET:
  case ClefLexer::AND:
    stack.push_back({Ctx::Let, col, 0, lineIndent});
    return;
  case ClefLexer::TYPE:
    stack.push_back({Ctx::Type, col, 0, lineIndent});
    return;
  case ClefLexer::EQ: {
    Ctx top = stack.back().kind;
    if (top == Ctx::Let || top == Ctx::Type) {
      size_t markerLineIndent = stack.back().lineIndent;
      stack.pop_back();
      openAfterMarker(top == Ctx::Let ? Ctx::LetBody : Ctx::TypeBody,
                      markerLineIndent);
    } else if ((top == Ctx::Elem && stack.back().closer == ClefLexer::RBRACE) ||
               top == Ctx::RecWith) {
      open(Ctx::Field);
    }
    return;
  }
  case ClefLexer::ARROW: {
    Ctx top = stack.back().kind;
    if (top == Ctx::Fun) {
      size_t markerLineIndent = stack.back().lineIndent;
      stack.pop_back();
      openAfterMarker(Ctx::Arrow, markerLineIndent);
    } else if (top == Ctx::With) {
      open(Ctx::Arrow);
    }
    return;
  }
  case ClefLexer::FUN:
    stack.push_back({Ctx::Fun, col, 0, lineIndent});
    return;
  case ClefLexer::FUNCTION:
    open(Ctx::With);
    return;
  case ClefLexer::MATCH:
    stack.push_back({Ctx::Match, col});
    return;
  case ClefLexer::WITH:
    // `match e with` (the Match marker was just popped) or `{ r with ...}`.
    if (stack.back().kind == Ctx::Elem &&
        stack.back().closer == ClefLexer::RBRACE)
      open(Ctx::RecWith);
    else
      open(Ctx::With);
    return;
  case ClefLexer::IF:
  case ClefLexer::ELIF:
    stack.push_back({Ctx::If, col});
    return;
  case ClefLexer::THEN:
    open(Ctx::Then);
    return;
  case ClefLexer::ELSE:
    open(Ctx::Else);
    return;
  case ClefLexer::FOR:
    stack.push_back({Ctx::For, col});
    return;
  case ClefLexer::WHILE:
    stack.push_back({Ctx::While, col});
    return;
  case ClefLexer::DO:
    open(Ctx::Do);
    return;
  case ClefLexer::LPAREN:
  case ClefLexer::LBRACK:
  case ClefLexer::DOTLBRACK:
  case ClefLexer::INDEXLBRACK:
  case ClefLexer::LBRACKBAR:
  case ClefLexer::LBRACE: {
    size_t closer = closerOf(tok.getType());
    stack.push_back({Ctx::Bracket, col, closer});
    open(Ctx::Elem, closer);
    return;
  }
  default:
    return;
  }
}

//===- Parser.cpp - From source text to a parse tree ----------------------===//
//
// Part of the Clef project.
//
//===----------------------------------------------------------------------===//
//
// Runs the ANTLR lexer, the offside rule (Layout.h) and the ANTLR parser
// over one buffer, reports the first syntax error, bounds the parser's
// recursion, and hands the parse tree to the builder.
//
//===----------------------------------------------------------------------===//

#include "frontend-antlr/ASTBuilder/ASTBuilderInternals.h"

#include "frontend-antlr/Layout.h"

using namespace clef;
using namespace clef::ast;
using namespace clef::detail;

namespace {

/// Reports ANTLR syntax errors through the front end's callback. Only the
/// first error of a parse is reported: ANTLR's recovery produces cascades
/// that would only confuse.
class ErrorListener : public antlr4::BaseErrorListener {
public:
  ErrorListener(const SyntaxErrorFn &onError) : onError(onError) {}

  void syntaxError(antlr4::Recognizer *, antlr4::Token *offending, size_t line,
                   size_t col, const std::string &msg,
                   std::exception_ptr) override {
    if (reported)
      return;
    reported = true;
    std::string what;
    if (!offending) {
      what = msg;
    } else if (offending->getType() == antlr4::Token::EOF) {
      what = "unexpected end of file";
    } else if (offending->getType() == ClefLexer::END) {
      what = "unexpected end of block; an expression or a closing token is "
             "missing, or the indentation is wrong";
    } else if (offending->getType() == ClefLexer::BEGIN) {
      what = "unexpected start of a block at '" +
             std::string(offending->getText()) + "'";
    } else if (offending->getType() == ClefLexer::SEP) {
      what = "unexpected new line; the previous line is incomplete";
    } else {
      what = "unexpected '" + offending->getText() + "'";
    }
    onError(Loc{static_cast<unsigned>(line), static_cast<unsigned>(col + 1)},
            "syntax error: " + what);
  }

  bool reported = false;

private:
  const SyntaxErrorFn &onError;
};

/// Stops at the first syntax error instead of recovering: only the first
/// error is reported anyway, and ANTLR's token insertion would fabricate
/// tokens from the virtual layout tokens, which have no source.
class FirstErrorStrategy : public antlr4::DefaultErrorStrategy {
public:
  void recover(antlr4::Parser *, std::exception_ptr) override {
    throw antlr4::ParseCancellationException();
  }
  antlr4::Token *recoverInline(antlr4::Parser *recognizer) override {
    antlr4::InputMismatchException e(recognizer);
    reportError(recognizer, e);
    throw antlr4::ParseCancellationException();
  }
  void sync(antlr4::Parser *) override {}
};

/// Bounds the parser's recursion. ANTLR's generated parser recurses once per
/// rule it enters, and chains without brackets (`- - - 1`, `1 :: 1 :: []`,
/// `fun a -> fun b -> ...`, `let a = 1 in let b = ...`) nest rules as deeply
/// as the input is long, before the AST exists for its nesting check to
/// look at. Past the limit the parse stops with a diagnostic.
class RuleDepthGuard : public antlr4::tree::ParseTreeListener {
public:
  /// Rules entered per level of expression nesting vary from one (`-`) to
  /// about fifteen (parentheses); this admits the AST's limit of nesting
  /// for the cheap ones, and the recursion it allows fits the stack the
  /// front end runs on (Import.cpp).
  static constexpr unsigned kMaxRuleDepth = 20000;
  struct TooDeep {
    size_t line, col;
  };

  void enterEveryRule(antlr4::ParserRuleContext *ctx) override {
    if (++depth > kMaxRuleDepth) {
      --depth;
      throw TooDeep{ctx->getStart()->getLine(),
                    ctx->getStart()->getCharPositionInLine() + 1};
    }
  }
  void exitEveryRule(antlr4::ParserRuleContext *) override {
    if (depth)
      --depth;
  }
  void visitTerminal(antlr4::tree::TerminalNode *) override {}
  void visitErrorNode(antlr4::tree::ErrorNode *) override {}
  /// For a new parse after one that was abandoned mid-rule.
  void reset() { depth = 0; }

private:
  unsigned depth = 0;
};
} // namespace

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

bool clef::printLayout(llvm::StringRef source, llvm::raw_ostream &os,
                       const SyntaxErrorFn &onError) {
  bool failed = false;
  if (!checkUtf8(source, [&](size_t line, size_t col, const std::string &m) {
        onError(Loc{static_cast<unsigned>(line), static_cast<unsigned>(col)},
                m);
      }))
    return false;
  try {
    antlr4::ANTLRInputStream input(source.data(), source.size());
    ClefLexer lexer(&input);
    lexer.removeErrorListeners();
    auto tokens = applyLayout(
        lexer, [&](size_t line, size_t col, const std::string &message) {
          failed = true;
          onError(Loc{static_cast<unsigned>(line), static_cast<unsigned>(col)},
                  message);
        });
    size_t line = 0;
    for (auto &token : tokens) {
      if (token->getType() == antlr4::Token::EOF)
        break;
      if (token->getLine() != line) {
        if (line)
          os << "\n";
        line = token->getLine();
        os << line << ":";
      }
      switch (token->getType()) {
      case ClefLexer::BEGIN:
        os << " {";
        break;
      case ClefLexer::END:
        os << " }";
        break;
      case ClefLexer::SEP:
        os << " ;;";
        break;
      case ClefLexer::ADJMINUS:
        os << " -'";
        break;
      default:
        os << " " << token->getText();
      }
    }
    os << "\n";
  } catch (...) {
    onError(Loc{1, 1}, "internal lexer error");
    return false;
  }
  return !failed;
}

/// Parses and builds one top-level declaration at a time, with SLL
/// prediction, freeing each one's parse tree once it is built: the tree of
/// a whole program (about ten nodes per atom, through the precedence
/// chain of the grammar) was most of a large compile's memory. False, with
/// the program partly built, when a declaration needs full LL prediction or
/// is not followed by a separator; the caller then parses the whole program
/// as before, which reports any error.
static bool parseByDeclaration(ClefParser &parser,
                               antlr4::CommonTokenStream &stream,
                               RuleDepthGuard &depthGuard, Program &program,
                               antlr4::ANTLRInputStream &input,
                               const SyntaxErrorFn &report, bool isPrelude) {
  auto *simulator = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
  simulator->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  parser.removeErrorListeners();
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  Builder builder(program, input, report, isPrelude);
  auto skipSeparators = [&] {
    while (stream.LA(1) == ClefParser::SEP)
      stream.consume();
  };
  skipSeparators();
  while (stream.LA(1) != antlr4::Token::EOF) {
    P::TopDeclContext *top;
    try {
      top = parser.topDecl();
    } catch (const antlr4::ParseCancellationException &) {
      return false;
    }
    builder.buildTopDecl(top);
    // reset() frees the trees and rewinds: come back to where this
    // declaration ended.
    size_t end = stream.index();
    parser.reset();
    depthGuard.reset();
    stream.seek(end);
    size_t next = stream.LA(1);
    if (next != ClefParser::SEP && next != antlr4::Token::EOF)
      return false;
    skipSeparators();
  }
  return true;
}

bool clef::parseProgram(llvm::StringRef source, Program &program,
                        const SyntaxErrorFn &onError, bool isPrelude) {
  bool failed = false;
  SyntaxErrorFn report = [&](Loc at, const std::string &message) {
    failed = true;
    onError(at, message);
  };
  if (!checkUtf8(source, [&](size_t line, size_t col, const std::string &m) {
        report(Loc{static_cast<unsigned>(line), static_cast<unsigned>(col),
                   isPrelude},
               m);
      }))
    return false;
  try {
    antlr4::ANTLRInputStream input(source.data(), source.size());
    ClefLexer lexer(&input);
    ErrorListener listener(report);
    lexer.removeErrorListeners();
    lexer.addErrorListener(&listener);
    auto tokens = applyLayout(
        lexer, [&](size_t line, size_t col, const std::string &message) {
          report(Loc{static_cast<unsigned>(line), static_cast<unsigned>(col)},
                 message);
        });
    if (failed)
      return false;
    antlr4::ListTokenSource tokenSource(std::move(tokens));
    antlr4::CommonTokenStream stream(&tokenSource);
    ClefParser parser(&stream);
    RuleDepthGuard depthGuard;
    parser.addParseListener(&depthGuard);
    size_t decls = program.decls.size(), typeDecls = program.typeDecls.size(),
           vars = program.vars.size();
    if (parseByDeclaration(parser, stream, depthGuard, program, input, report,
                           isPrelude))
      return true;
    if (failed)
      return false;
    // Something did not parse one declaration at a time: forget what was
    // built and parse the whole source again as one tree, for the same
    // result and error messages as ever.
    program.decls.resize(decls);
    program.typeDecls.resize(typeDecls);
    program.vars.resize(vars);
    stream.seek(0);
    parser.reset();
    depthGuard.reset();
    // Two stages, as ANTLR recommends: SLL prediction, which never looks
    // at the full context and is several times faster, parses every valid
    // program of this grammar but may reject some; only then is the input
    // parsed again with full LL prediction, which also reports the error.
    auto *simulator = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
    simulator->setPredictionMode(antlr4::atn::PredictionMode::SLL);
    parser.removeErrorListeners();
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    P::ProgramContext *tree = nullptr;
    try {
      tree = parser.program();
    } catch (const antlr4::ParseCancellationException &) {
      stream.seek(0);
      parser.reset();
      depthGuard.reset();
      simulator->setPredictionMode(antlr4::atn::PredictionMode::LL);
      parser.addErrorListener(&listener);
      parser.setErrorHandler(std::make_shared<FirstErrorStrategy>());
      tree = parser.program();
    }
    parser.removeParseListener(&depthGuard);
    if (failed || listener.reported)
      return false;
    Builder builder(program, input, report, isPrelude);
    builder.buildProgram(tree);
  } catch (const BuildError &) {
    return false;
  } catch (const RuleDepthGuard::TooDeep &at) {
    report(Loc{static_cast<unsigned>(at.line), static_cast<unsigned>(at.col),
               isPrelude},
           "this expression is nested too deeply");
    return false;
  } catch (const antlr4::ParseCancellationException &) {
    // Reported by the listener.
    if (!failed)
      report(Loc{1, 1, isPrelude}, "syntax error");
    return false;
  } catch (const std::exception &e) {
    report(Loc{1, 1}, std::string("internal parser error: ") + e.what());
    return false;
  } catch (...) {
    report(Loc{1, 1}, "internal parser error");
    return false;
  }
  return !failed;
}

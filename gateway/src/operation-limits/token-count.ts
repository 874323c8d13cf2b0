import { GraphQLError, Lexer, Source, TokenKind } from "graphql";

/**
 * How many tokens a document has, counting stops past `max` (a huge document is not lexed to its end).
 * A document that does not lex is left to the parser, which reports the syntax error.
 */
export function countTokens(source: string, max: number): number {
  const lexer = new Lexer(new Source(source));
  let tokens = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      tokens += 1;
      if (tokens > max) break;
    }
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
  }
  return tokens;
}

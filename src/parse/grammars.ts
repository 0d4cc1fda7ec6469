// One tree-sitter parser per grammar, created lazily and reused for every file of that language.
//
// Grammar choice per language (measured on NVIDIA/cuda-samples, see README "Parser choice"):
// tree-sitter-cuda is a superset of tree-sitter-cpp that also understands __global__, __device__,
// __shared__, __launch_bounds__ and <<<...>>>. C/C++ headers in CUDA projects routinely contain device
// code, so tree-sitter-cuda parses .cpp/.h at least as well as tree-sitter-cpp and is used for both.
import { createRequire } from 'node:module';
import type ParserType from 'tree-sitter';
import type { ParsedLanguage } from '../model.js';

const require = createRequire(import.meta.url);
// The parser binding is installed under an alias (package.json: "cuport-tree-sitter": "npm:tree-sitter@…").
// The grammar packages declare old optional `tree-sitter` peers (^0.21.1, ^0.22.4) that no tree-sitter
// release satisfies together with 0.25; a dependency named `tree-sitter` makes a consumer's npm place an
// unused second copy to honour them. Under another name the peers stay unmet (optional, so nothing is
// installed) and a consumer's tree holds exactly one tree-sitter, the one the grammars are loaded into.
// Types still come from its `declare module "tree-sitter"` (tsconfig `types`).
const Parser = require('cuport-tree-sitter') as typeof ParserType;

export type GrammarName = 'cuda' | 'cpp' | 'python';

export const GRAMMAR_FOR_LANGUAGE: Record<ParsedLanguage, GrammarName> = {
  cuda: 'cuda',
  cpp: 'cuda',
  python: 'python',
};

const GRAMMAR_PACKAGES: Record<GrammarName, string> = {
  cuda: 'tree-sitter-cuda',
  cpp: 'tree-sitter-cpp',
  python: 'tree-sitter-python',
};

/** Longest time one file may take to parse before it is reported as skipped. */
export const PARSE_TIMEOUT_MICROS = 20_000_000;

const parsers = new Map<GrammarName, ParserType>();

export function parserFor(grammar: GrammarName): ParserType {
  let parser = parsers.get(grammar);
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(require(GRAMMAR_PACKAGES[grammar]));
    parser.setTimeoutMicros(PARSE_TIMEOUT_MICROS);
    parsers.set(grammar, parser);
  }
  return parser;
}

/** Parses text with the grammar chosen for the language; throws when the parser gives up. */
export function parse(text: string, grammar: GrammarName): ParserType.Tree {
  // The binding reads a string through a callback into a buffer of bufferSize UTF-16 units (32 Ki by
  // default): each refill, and each lexer jump outside the buffered chunk, slices the string again and
  // copies up to a buffer's worth. One buffer the size of the text (+1 for N-API's terminator) is read once.
  const tree = parserFor(grammar).parse(text, undefined, { bufferSize: text.length + 1 });
  if (!tree) throw new Error('parser timed out');
  return tree;
}

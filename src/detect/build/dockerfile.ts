// Dockerfiles: a CUDA base image (FROM nvidia/cuda:…, nvcr.io/nvidia/…, pytorch/pytorch:…-cuda…), and in
// RUN/ENV/ARG instructions the build vocabulary (nvcc, -arch, TORCH_CUDA_ARCH_LIST, /usr/local/cuda, -lcudart)
// and `pip install` / `conda install` arguments read as requirements. `#` comments only start a line.
import type { RawFinding } from '../../model.js';
import type { MatchTable } from '../../rules/match-table.js';
import { BUILD_TOKENS, FindingSink } from './findings.js';
import { blankMessages, stripHashComments } from './make.js';
import { scanRequirement } from './requirements.js';
import { scanWords } from './words.js';

const CUDA_IMAGE = /^(docker\.io\/)?nvidia\/cuda(:|$)|^nvcr\.io\/nvidia\/|^(docker\.io\/)?nvidia\/|^(docker\.io\/)?pytorch\/pytorch:.*cuda|^[\w.\/-]+:[\w.-]*cuda\d/i;

export function detectDockerfile(text: string, table: MatchTable): RawFinding[] {
  const sink = new FindingSink(table, text);
  const code = blankMessages(stripHashComments(text, { lineStartOnly: true }));
  for (const instruction of instructions(code)) {
    const { keyword, argsStart, end } = instruction;
    if (keyword === 'FROM') {
      const m = /^(\s*(?:--\S+\s+)*)(\S+)/.exec(code.slice(argsStart, end));
      if (m && CUDA_IMAGE.test(m[2]!)) {
        const at = argsStart + m[1]!.length;
        sink.token(BUILD_TOKENS.dockerBase, m[2]!, at, at + m[2]!.length);
      }
    } else if (keyword === 'RUN' || keyword === 'ENV' || keyword === 'ARG') {
      scanWords(sink, code, argsStart, end);
      if (keyword === 'RUN') scanInstalls(sink, code, argsStart, end);
    }
  }
  return sink.findings;
}

interface Instruction {
  keyword: string;
  argsStart: number;
  end: number;
}

/** Instructions with their argument range; a trailing `\` continues an instruction onto the next line. */
function instructions(code: string): Instruction[] {
  const out: Instruction[] = [];
  const re = /^[ \t]*([A-Za-z]+)\b/gm;
  let from = 0;
  while (from < code.length) {
    re.lastIndex = from;
    const m = re.exec(code);
    if (!m) break;
    let end = m.index;
    for (;;) {
      const eol = code.indexOf('\n', end);
      const lineEnd = eol < 0 ? code.length : eol;
      if (!/\\\s*$/.test(code.slice(end, lineEnd)) || eol < 0) {
        end = lineEnd;
        break;
      }
      end = eol + 1;
    }
    out.push({ keyword: m[1]!.toUpperCase(), argsStart: m.index + m[0].length, end });
    from = end + 1;
  }
  return out;
}

/** `pip install a b --extra-index-url URL` and `conda install x`: each package word read as a requirement. */
function scanInstalls(sink: FindingSink, code: string, from: number, to: number): void {
  const text = code.slice(from, to);
  for (const m of text.matchAll(/\b(pip3?|uv\s+pip|conda|mamba|micromamba)\s+install\b/g)) {
    const conda = !m[1]!.includes('pip');
    const start = m.index! + m[0].length;
    const stop = text.slice(start).search(/&&|\|\||;|\|/);
    const args = text.slice(start, stop < 0 ? text.length : start + stop);
    const words = [...args.matchAll(/\S+/g)];
    for (let k = 0; k < words.length; k++) {
      const word = words[k]![0];
      const at = from + start + words[k]!.index!;
      if (word === '\\') continue;
      if (/^(--extra-index-url|--index-url|-i|--find-links|-f)$/.test(word) && words[k + 1]) {
        const url = words[k + 1]!;
        scanRequirement(sink, `${word} ${url[0]}`, at);
        k++;
        continue;
      }
      if (word.startsWith('-')) {
        if (/^(-c|--channel|-r|--requirement|-e|--editable|-t|--target)$/.test(word)) k++;
        continue;
      }
      const unquoted = word.replace(/^["']|["']$/g, '');
      scanRequirement(sink, unquoted, at + (unquoted.length < word.length ? 1 : 0), { conda, detail: `${m[1]} install` });
    }
  }
}

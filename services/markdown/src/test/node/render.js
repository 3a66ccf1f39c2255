'use strict';
// Differential-test oracle: reads JSON lines {"id", "kind": "marked"|"json5", "input"} on stdin and
// writes one JSON line per request: marked 0.8.0 HTML (lexed with the options marqdown uses,
// {gfm: true, tables: true}, rendered with marked's defaults) or json5 0.5.1's parse result/error.
const readline = require('readline');
const marked = require('marked');
const JSON5 = require('json5');

function num(v) {
  if (Number.isNaN(v)) return 'nan';
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  return view.getBigUint64(0).toString(16);
}

// Canonical tree of a JSON5 value, including a prototype replaced through __proto__.
function canon(v) {
  if (v === null) return { t: 'null' };
  if (typeof v === 'number') return { t: 'n', v: num(v) };
  if (typeof v === 'string') return { t: 's', v: v };
  if (typeof v === 'boolean') return { t: 'b', v: v };
  if (Array.isArray(v)) return { t: 'a', v: v.map(canon) };
  const keys = Object.keys(v).sort();
  const proto = Object.getPrototypeOf(v);
  return {
    t: 'o',
    k: keys.map((k) => [k, canon(v[k])]),
    p: proto === Object.prototype || proto === null ? null : canon(proto),
  };
}

function answer(req) {
  try {
    if (req.kind === 'marked') {
      const tokens = marked.lexer(req.input, { gfm: true, tables: true });
      return { id: req.id, html: marked.parser(tokens) };
    }
    return { id: req.id, value: canon(JSON5.parse(req.input)) };
  } catch (e) {
    return { id: req.id, error: String(e && e.message) };
  }
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', (line) => {
  if (line.trim() === '') return;
  process.stdout.write(JSON.stringify(answer(JSON.parse(line))) + '\n');
});

'use strict';
// marked 0.8.0 renders per second on the corpus survey bodies, the way marqdown calls it:
// marked.parser(marked.lexer(body, {gfm: true, tables: true})). Second figure: per CPU-second of the
// process (process.cpuUsage: user + system, all threads), comparable with the Java harness.
// Usage: node bench.js CORPUS.json WARMUP_SECONDS MEASURE_SECONDS
const fs = require('fs');
const path = require('path');
const marked = require(path.join(__dirname, '../../services/markdown/src/test/node/node_modules/marked'));

const [corpusPath, warmup, measure] = process.argv.slice(2);
const bodies = JSON.parse(fs.readFileSync(corpusPath, 'utf8'))
  .filter((c) => c.html !== null)
  .map((c) => {
    const lines = c.markdown.split('\n');
    const k = lines.findIndex((l) => l.indexOf('---') === 0);
    return lines.slice(k + 1).map((l) => l + '\n').join('');
  });

function run(seconds) {
  const end = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  let renders = 0;
  let sink = 0;
  while (process.hrtime.bigint() < end) {
    for (const b of bodies) {
      sink += marked.parser(marked.lexer(b, { gfm: true, tables: true })).length;
      renders++;
    }
  }
  if (sink === 42) console.log('');
  return renders;
}

run(Number(warmup));
const cpu0 = process.cpuUsage();
const wall0 = process.hrtime.bigint();
const renders = run(Number(measure));
const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log('marked-node renders_per_second ' + Math.round(renders / wall)
  + ' renders_per_cpu_second ' + Math.round(renders / cpuSeconds));

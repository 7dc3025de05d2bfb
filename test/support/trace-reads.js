/*
 * Preloaded (`node -r`) into a service by test/deployment.test.ts: records every file and folder
 * the process reads through `fs` (module sources included: CommonJS loads them with
 * fs.readFileSync) and writes the list, as JSON, to HUB_TRACE_READS_FILE when the process exits.
 * Plain JavaScript so that it runs before anything is compiled or transformed.
 */
const fs = require('node:fs');
const path = require('node:path');

const out = process.env.HUB_TRACE_READS_FILE;
const seen = new Set();
const record = (target) => {
  if (typeof target === 'string') seen.add(path.resolve(target));
  else if (target instanceof URL && target.protocol === 'file:') seen.add(path.resolve(target.pathname));
};
const wrap = (object, names) => {
  for (const name of names) {
    const original = object[name];
    if (typeof original !== 'function') continue;
    object[name] = function traced(target, ...rest) {
      record(target);
      return original.call(this, target, ...rest);
    };
  }
};
wrap(fs, ['readFileSync', 'readFile', 'readdirSync', 'readdir', 'existsSync', 'statSync', 'stat', 'lstatSync', 'openSync', 'open', 'createReadStream', 'accessSync', 'access']);
wrap(fs.promises, ['readFile', 'readdir', 'stat', 'lstat', 'open', 'access']);
process.on('exit', () => {
  if (out) fs.writeFileSync(out, JSON.stringify([...seen].sort()));
});

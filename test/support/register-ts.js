// Lets a child process run the project's TypeScript as jest does (swc, same options): used for
// test helpers that must run outside jest's sandbox, such as the OpenID provider (an ES module).
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const { $schema: _schema, ...options } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '.swcrc'), 'utf8'));

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename, sourceMaps: 'inline' });
  module._compile(code, filename);
};

// Builds @sii-hub/sdk: `npm run sdk:build` from the repository, `npm run build` (or `npm pack`) in sdk/.
//
//   dist/esm/       ESM (.js + .d.ts, package.json "type": "module"): the `import` condition
//   dist/cjs/       CommonJS (.js + .d.ts, package.json "type": "commonjs"): the `require` condition
//   dist/esm/examples/  the examples, compiled against the sources (not packed)
//
// The ESM build is TypeScript itself with sdk/tsconfig.json (nodenext): it type-checks the sources
// and writes the declarations. The CommonJS files are the same sources transpiled one by one (a
// module needs no type information to become CommonJS), and the same declarations, which the
// nested package.json makes CommonJS declarations. Nothing outside sdk/ is read but TypeScript.
//
//   node scripts/build.mjs [--out-dir <dir>]     (default: sdk/dist)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SDK_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = path.join(SDK_DIR, 'index.ts');
const EXAMPLES_DIR = path.join(SDK_DIR, 'examples');

function outDirFromArguments(args) {
  const index = args.indexOf('--out-dir');
  if (index < 0) return path.join(SDK_DIR, 'dist');
  const value = args[index + 1];
  if (!value || value.startsWith('--')) throw new Error('--out-dir needs a directory');
  return path.resolve(value);
}

const formatHost = {
  getCanonicalFileName: (file) => file,
  getCurrentDirectory: () => process.cwd(),
  getNewLine: () => '\n',
};

/** Type-checks and emits; throws with TypeScript's own messages on any error. */
function compile(rootNames, options, writeFile) {
  const program = ts.createProgram({ rootNames, options });
  const emitted = program.emit(undefined, writeFile);
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (diagnostics.length > 0) throw new Error(ts.formatDiagnostics(diagnostics, formatHost));
  return program;
}

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

export function buildSdk(outDir) {
  const configFile = path.join(SDK_DIR, 'tsconfig.json');
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!parsed || parsed.errors.length > 0) throw new Error(ts.formatDiagnostics(parsed?.errors ?? [], formatHost) || `Cannot read ${configFile}`);
  const esmDir = path.join(outDir, 'esm');
  const cjsDir = path.join(outDir, 'cjs');
  fs.rmSync(outDir, { recursive: true, force: true });

  // 1. ESM and declarations. No @types/node: the SDK must compile for a browser as well.
  const program = compile([ENTRY], { ...parsed.options, noEmit: false, types: [], rootDir: SDK_DIR, outDir: esmDir, declaration: true });
  writeJson(path.join(esmDir, 'package.json'), { type: 'module' });

  // 2. CommonJS: each source transpiled on its own, next to a copy of its declarations.
  const sources = program.getSourceFiles().filter((file) => !file.isDeclarationFile && file.fileName.startsWith(`${SDK_DIR}/`));
  for (const source of sources) {
    const relative = path.relative(SDK_DIR, source.fileName).replace(/\.ts$/, '');
    const { outputText } = ts.transpileModule(source.text, {
      fileName: source.fileName,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false, sourceMap: false },
    });
    fs.mkdirSync(path.dirname(path.join(cjsDir, relative)), { recursive: true });
    fs.writeFileSync(path.join(cjsDir, `${relative}.js`), outputText);
    fs.copyFileSync(path.join(esmDir, `${relative}.d.ts`), path.join(cjsDir, `${relative}.d.ts`));
  }
  writeJson(path.join(cjsDir, 'package.json'), { type: 'commonjs' });

  // 3. The examples (Node programs), against the sources just built; only their own files are written.
  const examples = fs.readdirSync(EXAMPLES_DIR).filter((file) => file.endsWith('.ts')).map((file) => path.join(EXAMPLES_DIR, file));
  const examplesOut = path.join(esmDir, 'examples');
  compile(examples, { ...parsed.options, noEmit: false, rootDir: SDK_DIR, outDir: esmDir, declaration: false }, (file, text) => {
    if (!file.startsWith(`${examplesOut}/`)) return;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  });
  return { esmDir, cjsDir, files: sources.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const outDir = outDirFromArguments(process.argv.slice(2));
    const { files } = buildSdk(outDir);
    console.log(`@sii-hub/sdk: ${files} modules built into ${path.relative(process.cwd(), outDir) || '.'}/esm and /cjs`);
  } catch (error) {
    console.error(`@sii-hub/sdk build failed:\n${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

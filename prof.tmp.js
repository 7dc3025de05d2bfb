require('reflect-metadata');
const { openOrmFor } = require('./dist/lib/subgraph');
const { migrateSubgraph } = require('./dist/lib/orm');
const { SUBGRAPHS } = require('./dist/subgraphs');
(async () => {
  const url = 'postgres://postgres@127.0.0.1:5432/fidelity_t';
  for (const def of SUBGRAPHS) {
    let t = Date.now();
    const orm = await openOrmFor(def, url, 2);
    const tInit = Date.now() - t; t = Date.now();
    await migrateSubgraph(orm);
    const tMig = Date.now() - t; t = Date.now();
    await orm.em.fork().transactional((tx) => def.seed(tx));
    const tSeed = Date.now() - t;
    console.log(def.name, 'init', tInit, 'migrate', tMig, 'seed', tSeed);
    await orm.close(true);
  }
})();

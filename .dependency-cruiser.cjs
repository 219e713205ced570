/** Import rules checked by `npm run check:cycles` (part of `npm test`). */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles hide design problems and break ESM load order.', from: {}, to: { circular: true } },
    { name: 'libs-not-apps', severity: 'error', comment: 'Dependencies point one way: apps → libs.', from: { path: '^libs/' }, to: { path: '^apps/' } },
    { name: 'apps-not-other-apps', severity: 'error', comment: 'Apps never import each other.', from: { path: '^apps/([^/]+)/' }, to: { path: '^apps/', pathNot: '^apps/$1/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.vue'] },
  },
};

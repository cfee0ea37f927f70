// Module resolution hook for running from a checkout: adds the `source` export condition, so
// `import 'faultline/teams'` in an `--import` module resolves to the TypeScript sources the CLI
// itself runs from (one copy of the registries), as `node --conditions=source` would.
export async function resolve(specifier, context, next) {
  const conditions = context.conditions.includes('source') ? context.conditions : [...context.conditions, 'source'];
  return next(specifier, { ...context, conditions });
}

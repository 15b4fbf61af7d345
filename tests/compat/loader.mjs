// The client library is published as ES modules with extensionless relative imports (made for bundlers);
// this resolve hook lets Node load it as it is, by trying `.js` and `/index.js`.
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (!specifier.startsWith('.')) throw error;
    try {
      return await next(specifier + '.js', context);
    } catch {
      return next(specifier + '/index.js', context);
    }
  }
}

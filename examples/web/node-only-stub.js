// Stands in for playwright-core, which the `rnnkit` entry imports lazily for its Node-only
// `runInBrowser`: a page bundle must not contain it, and the pages never call it.
export const chromium = {
  launch() {
    throw new Error('launching a browser is Node-only');
  },
};
export default { chromium };

/**
 * Stands in for Node-only packages that the `rnnkit` entry imports lazily for Node commands
 * (playwright-core for `runInBrowser`): a browser bundle must not contain them, and the page
 * never calls what needs them.
 */
export const chromium = {
  launch(): never {
    throw new Error('launching a browser is Node-only');
  },
};
export default { chromium };

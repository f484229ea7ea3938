/** `vorrang import`: bulk import of a legacy backlog (implementation in ./import/). */
export { run } from './import/cli.js';

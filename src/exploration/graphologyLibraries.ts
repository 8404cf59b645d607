import { createRequire } from 'node:module';
import type Louvain from 'graphology-communities-louvain';
import type ForceAtlas2 from 'graphology-layout-forceatlas2';
import type Pagerank from 'graphology-metrics/centrality/pagerank.js';

// These are CommonJS modules (module.exports = fn) whose typings say `export default`: under
// NodeNext a default import would be typed as the module object, so they are required as they are.
const require = createRequire(import.meta.url);

/** graphology-communities-louvain. */
export const louvain = require('graphology-communities-louvain') as (typeof Louvain)['default'];
/** graphology-layout-forceatlas2 (synchronous). */
export const forceAtlas2 = require('graphology-layout-forceatlas2') as (typeof ForceAtlas2)['default'];
/** graphology-metrics' PageRank. */
export const pagerank = require('graphology-metrics/centrality/pagerank') as (typeof Pagerank)['default'];

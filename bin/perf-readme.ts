import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withEndpointTable } from '../helpers/endpoint-table.ts';
import { ENDPOINTS } from '../perf/endpoints/index.ts';

const path = fileURLToPath(new URL('../perf/README.md', import.meta.url));
const before = readFileSync(path, 'utf8');
const after = withEndpointTable(before, ENDPOINTS);
if (after !== before) writeFileSync(path, after);
process.stdout.write(`perf/README.md: endpoint table ${after === before ? 'already current' : 'updated'} (${ENDPOINTS.length} endpoints)\n`);

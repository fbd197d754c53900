/**
 * `npm run build` step: validates the knowledge store and writes dist/knowledge-snapshot.json, the
 * prebuilt copy compiled processes load instead of parsing YAML (see src/knowledge/snapshot.ts).
 */
import { writeKnowledgeSnapshot, DEFAULT_SNAPSHOT_FILE } from '../knowledge/snapshot.js';

const dir = process.env.KNOWLEDGE_DIR?.trim() || 'config/knowledge';
writeKnowledgeSnapshot(dir).then(
  () => process.stdout.write(`knowledge snapshot of ${dir} written to ${DEFAULT_SNAPSHOT_FILE}\n`),
  (err: unknown) => {
    process.stderr.write(`chainbrief: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

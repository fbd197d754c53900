/**
 * Stories with their outlets, topics, URL and GUID keys, the ingest-sequence counter, source state,
 * and the `kv` table keyv uses on the SQL store. Every list /news and the digests read has an index;
 * children cascade with their story so retention deletes by index.
 */
import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { SqlDialect } from '../database.js';
import { bigint } from './dialect.js';

async function up(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  const big = bigint(dialect);
  const real = dialect === 'postgres' ? sql`double precision` : sql`real`;
  await db.schema
    .createTable('stories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', big, (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('title_folded', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('canonical_url', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('published_at', big, (c) => c.notNull())
    .addColumn('first_seen_at', big, (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('first_pass', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('announce', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('stories_published').on('stories').columns(['published_at', 'seq']).execute();

  // On SQLite the key-only child tables are stored in their primary-key b-tree (WITHOUT ROWID): one
  // structure fewer to update per row.
  const compact = (t: CreateTableBuilder<string>) => (dialect === 'sqlite' ? t.modifyEnd(sql`WITHOUT ROWID`) : t);
  const child = (name: string) => db.schema.createTable(name).addColumn('story_id', 'text', (c) => c.notNull().references('stories.id').onDelete('cascade'));
  await compact(child('story_outlets')
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('published_at', big, (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('story_outlets_pk', ['story_id', 'source_id']))
    .execute();
  await compact(child('story_topics')
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('score', real, (c) => c.notNull())
    .addColumn('published_at', big, (c) => c.notNull())
    .addColumn('seq', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('story_topics_pk', ['story_id', 'topic']))
    .execute();
  await db.schema.createIndex('story_topics_latest').on('story_topics').columns(['topic', 'published_at', 'seq']).execute();
  await compact(child('story_urls').addColumn('url_key', 'text', (c) => c.primaryKey())).execute();
  await db.schema.createIndex('story_urls_story').on('story_urls').column('story_id').execute();
  await compact(child('story_guids')
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('guid_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('story_guids_pk', ['source_id', 'guid_key']))
    .execute();
  await db.schema.createIndex('story_guids_story').on('story_guids').column('story_id').execute();

  await db.schema
    .createTable('story_counter')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('value', big, (c) => c.notNull())
    .execute();
  await sql`INSERT INTO story_counter (id, value) VALUES (1, 0)`.execute(db);

  await db.schema
    .createTable('news_sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('healthy', 'integer', (c) => c.notNull())
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull())
    .addColumn('error_count', 'integer', (c) => c.notNull())
    .addColumn('last_error_at', big)
    .addColumn('last_error_reason', 'text')
    .addColumn('last_attempt_at', big)
    .addColumn('last_success_at', big)
    .addColumn('next_attempt_at', big)
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('item_count', 'integer', (c) => c.notNull())
    .addColumn('seeded', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('kv')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('expires_at', big)
    .execute();
  await db.schema.createIndex('kv_expires').on('kv').column('expires_at').execute();
}

export function stories0001(dialect: SqlDialect): Migration {
  return {
    up: (db) => up(db, dialect),
    async down(db) {
      for (const t of ['kv', 'news_sources', 'story_counter', 'story_guids', 'story_urls', 'story_topics', 'story_outlets', 'stories']) {
        await db.schema.dropTable(t).execute();
      }
    },
  };
}

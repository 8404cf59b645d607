/**
 * `npm run ingest`: the import command under its old name, kept so that scripts written for it
 * still run. Daily Papers pages are one of the formats `npm run import` reads; same options.
 */
await import('./import.ts');

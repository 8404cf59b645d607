import type { RepositoryNode } from '../domain/graph.ts';

const GITHUB_URL = /https?:\/\/(?:www\.)?github\.com\/[^\s<>"'`\]\[{}|\\^]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?'"”’\]]+$/;

/**
 * Given a GitHub URL as found in text ("https://github.com/OPTML-Group/DeepZero."), produces its
 * Repository node: id `github:owner/name` (lower case, so case variants are one node), the path
 * below the repository kept, trailing punctuation and `.git` dropped. Null when it names no
 * repository (a user or organisation page).
 */
export function parseGithubUrl(raw: string): RepositoryNode | null {
  let url = raw.trim();
  for (let previous = ''; previous !== url; ) {
    previous = url;
    url = url.replace(TRAILING_PUNCTUATION, '');
    // An unbalanced ")" at the end belongs to the prose around the URL, not to the URL.
    if (url.endsWith(')') && (url.match(/\(/g)?.length ?? 0) < (url.match(/\)/g)?.length ?? 0)) url = url.slice(0, -1);
  }
  const match = /^https?:\/\/(?:www\.)?github\.com\/([^/?#]+)\/([^/?#]+)(?:\/([^?#]*))?/i.exec(url);
  if (!match) return null;
  const owner = match[1]!;
  const name = match[2]!.replace(/\.git$/i, '');
  if (!/^[A-Za-z0-9-]+$/.test(owner) || !/^[A-Za-z0-9._-]+$/.test(name)) return null;
  const path = match[3]?.replace(/\/+$/, '') || null;
  return {
    id: `github:${owner.toLowerCase()}/${name.toLowerCase()}`,
    url: `https://github.com/${owner}/${name}${path ? `/${path}` : ''}`,
    owner,
    name,
    path,
  };
}

/** Every GitHub repository linked in a text, in order of first appearance, one per id. */
export function extractRepositories(text: string): RepositoryNode[] {
  const found = new Map<string, RepositoryNode>();
  for (const m of text.matchAll(GITHUB_URL)) {
    const repository = parseGithubUrl(m[0]);
    if (repository && !found.has(repository.id)) found.set(repository.id, repository);
  }
  return [...found.values()];
}

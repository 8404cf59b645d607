import type { RepositoryNode } from '../domain/graph.ts';

/**
 * A GitHub link anywhere in text: with or without scheme and `www.`, not part of another host
 * (gist.github.com, x.github.io) or of a longer word. It stops at white space, at the `;` and `,`
 * that separate several links in one field, and at the brackets and quotes around it.
 */
const GITHUB_LINK = /(?<![\w.@/-])(?:https?:\/\/)?(?:www\.)?github\.com\/[^\s<>"'`\][{}|\\^;,]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?'"”’\]*]+$/;
const REPOSITORY_URL = /^(?:https?:\/\/)?(?:www\.)?github\.com\/([^/?#]+)\/([^/?#]+)(?:\/([^?#]*))?/i;

/** First path segments of github.com that are GitHub's own pages, not users or organisations. */
const GITHUB_PAGES = new Set([
  'about',
  'apps',
  'collections',
  'contact',
  'customer-stories',
  'enterprise',
  'events',
  'explore',
  'features',
  'login',
  'marketplace',
  'notifications',
  'orgs',
  'pricing',
  'pulls',
  'issues',
  'search',
  'security',
  'settings',
  'site',
  'sponsors',
  'topics',
  'trending',
  'users',
]);
/** Owners and names that templates and anonymised submissions write where a real repository would go. */
const PLACEHOLDER_OWNER =
  /^(your[-_]?\w*|user|user[-_]?name|username\d*|anonymous|anonymi[sz]ed|anon|owner|author|authors|name|xxx+|foo|todo|tbd|placeholder|github[-_]?user(name)?|<.*>)$/i;
const PLACEHOLDER_NAME = /^(your[-_]?\w*|repo[-_]?name|repository[-_]?name|project[-_]?name|xxx+|todo|tbd|placeholder|<.*>)$/i;

/**
 * Given a GitHub link as found in text ("https://github.com/OPTML-Group/DeepZero.", "github.com/a/b/",
 * "www.github.com/a/b.git"), produces its Repository node: id `github:owner/name` (lower case, so
 * case variants are one node), the path below the repository kept, trailing punctuation, `/` and
 * `.git` dropped. Null when it names no repository: a user or organisation page, one of GitHub's
 * own pages (github.com/topics/x), or a placeholder (github.com/username/repo, github.com/your-repo).
 */
export function parseGithubUrl(raw: string): RepositoryNode | null {
  let url = raw.trim();
  for (let previous = ''; previous !== url;) {
    previous = url;
    url = url.replace(TRAILING_PUNCTUATION, '');
    // An unbalanced ")" at the end belongs to the prose around the URL, not to the URL.
    if (url.endsWith(')') && (url.match(/\(/g)?.length ?? 0) < (url.match(/\)/g)?.length ?? 0)) url = url.slice(0, -1);
  }
  const match = REPOSITORY_URL.exec(url);
  if (!match) return null;
  const owner = match[1]!;
  const name = match[2]!.replace(/\.git$/i, '');
  if (!/^[A-Za-z0-9-]+$/.test(owner) || !/^[A-Za-z0-9._-]+$/.test(name) || /^\.+$/.test(name)) return null;
  if (GITHUB_PAGES.has(owner.toLowerCase()) || PLACEHOLDER_OWNER.test(owner) || PLACEHOLDER_NAME.test(name)) return null;
  const path = match[3]?.replace(/\.git\/?$|\/+$/g, '') || null;
  return {
    id: `github:${owner.toLowerCase()}/${name.toLowerCase()}`,
    url: `https://github.com/${owner}/${name}${path ? `/${path}` : ''}`,
    owner,
    name,
    path,
  };
}

/**
 * Every GitHub repository linked in a text (prose, a source's code field, a Markdown link, several
 * links separated by `;`, `,` or spaces), in order of first appearance, one per id.
 */
export function extractRepositories(text: string): RepositoryNode[] {
  const found = new Map<string, RepositoryNode>();
  for (const m of text.matchAll(GITHUB_LINK)) {
    const repository = parseGithubUrl(m[0]);
    if (repository && !found.has(repository.id)) found.set(repository.id, repository);
  }
  return [...found.values()];
}

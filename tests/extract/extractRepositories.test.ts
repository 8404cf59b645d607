import { describe, expect, it } from 'vitest';
import { extractRepositories, parseGithubUrl } from '../../src/extract/extractRepositories.ts';

describe('parseGithubUrl', () => {
  it('drops trailing sentence punctuation and keeps owner and name', () => {
    expect(parseGithubUrl('https://github.com/OPTML-Group/DeepZero.')).toEqual({
      id: 'github:optml-group/deepzero',
      url: 'https://github.com/OPTML-Group/DeepZero',
      owner: 'OPTML-Group',
      name: 'DeepZero',
      path: null,
    });
  });

  it('keeps the path below the repository', () => {
    expect(parseGithubUrl('https://github.com/huawei-noah/Federated-Learning/tree/main/HessianAlignment.')).toMatchObject({
      id: 'github:huawei-noah/federated-learning',
      url: 'https://github.com/huawei-noah/Federated-Learning/tree/main/HessianAlignment',
      path: 'tree/main/HessianAlignment',
    });
  });

  it('drops .git, a trailing slash, closing brackets and quotes', () => {
    expect(parseGithubUrl('https://github.com/a/b.git')?.url).toBe('https://github.com/a/b');
    expect(parseGithubUrl('https://www.github.com/a/b/);')?.url).toBe('https://github.com/a/b');
    expect(parseGithubUrl('https://github.com/a/b".')?.id).toBe('github:a/b');
  });

  it('keeps a balanced parenthesis that is part of the path', () => {
    expect(parseGithubUrl('https://github.com/a/b/tree/main/x_(y)')?.path).toBe('tree/main/x_(y)');
  });

  it('names no repository for a user page or another host', () => {
    expect(parseGithubUrl('https://github.com/someone')).toBeNull();
    expect(parseGithubUrl('https://gitlab.com/a/b')).toBeNull();
  });
});

describe('repository links in every form papers and lists write them', () => {
  it.each([
    // [how the link is written, the repositories found]
    ['https://github.com/a/b', ['github:a/b']],
    ['http://github.com/a/b', ['github:a/b']],
    ['github.com/kylestach/fastrlap-release', ['github:kylestach/fastrlap-release']],
    ['www.github.com/a/b', ['github:a/b']],
    ['https://www.github.com/a/b/', ['github:a/b']],
    ['https://github.com/a/b.git', ['github:a/b']],
    ['github.com/a/b.git/', ['github:a/b']],
    ['https://GitHub.com/OPTML-Group/DeepZero', ['github:optml-group/deepzero']],
    ['https://github.com/a/b;https://github.com/a/c', ['github:a/b', 'github:a/c']],
    ['https://github.com/a/b, https://github.com/a/c', ['github:a/b', 'github:a/c']],
    ['https://github.com/a/b,github.com/a/c', ['github:a/b', 'github:a/c']],
    ['https://github.com/a/b https://github.com/a/c\nhttps://github.com/a/d', ['github:a/b', 'github:a/c', 'github:a/d']],
    [
      '[![github](/images/github_icon.svg) org/repo](https://github.com/org/repo) + [![Papers with Code](/i.svg) 3 implementations](https://paperswithcode.com/paper/x)',
      ['github:org/repo'],
    ],
    ['[github.com/a/b](https://github.com/a/b)', ['github:a/b']],
    ['https://github.com/p/corl23 (implementation: https://github.com/p/ada_feeding)', ['github:p/corl23', 'github:p/ada_feeding']],
    ['Code is available at github.com/x/y. We also release data.', ['github:x/y']],
    ['Our code: <https://github.com/x/y>.', ['github:x/y']],
    [
      'https://github.com/google-research/google-research/tree/master/language_model_uncertainty',
      ['github:google-research/google-research'],
    ],
    // Not repositories: user and organisation pages, GitHub's own pages, placeholders, other hosts.
    ['https://github.com/DLR-RM', []],
    ['https://github.com/orgs/openai/repositories', []],
    ['https://github.com/topics/deep-learning', []],
    ['https://github.com/your-repo', []],
    ['https://github.com/your-username/your-repo', []],
    ['https://github.com/username/repo', []],
    ['github.com/anonymous/project', []],
    ['https://github.com/<user>/<repo>', []],
    ['https://m2-t2.github.io', []],
    ['https://gist.github.com/a/0123abcd', []],
    ['https://sites.google.com/view/stow-corl23', []],
    ['https://gitlab.com/a/b', []],
    ['https://notgithub.com/a/b', []],
  ])('reads %j as %j', (text, ids) => {
    expect(extractRepositories(text).map((r) => r.id)).toEqual(ids);
  });

  it('keeps the path below a repository and writes the URL in one form', () => {
    expect(extractRepositories('github.com/a/b/tree/main/x/')[0]).toEqual({
      id: 'github:a/b',
      url: 'https://github.com/a/b/tree/main/x',
      owner: 'a',
      name: 'b',
      path: 'tree/main/x',
    });
    expect(parseGithubUrl('www.github.com/A/B.git')).toMatchObject({ url: 'https://github.com/A/B', path: null });
  });
});

describe('extractRepositories', () => {
  it('finds each repository once, in order, inside prose and parentheses', () => {
    const text = 'Code: https://github.com/liangyuwang/zo2. See also (https://github.com/x/y) and https://GitHub.com/LiangYuWang/ZO2!';
    expect(extractRepositories(text).map((r) => r.id)).toEqual(['github:liangyuwang/zo2', 'github:x/y']);
  });

  it('finds nothing in text without links', () => {
    expect(extractRepositories('No code is released; github is mentioned only by name.')).toEqual([]);
  });
});
